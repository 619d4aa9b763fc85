//! A deterministic corpus generator for **scale tests only**: it writes `N`
//! reports in the format of the bundled sample (numbered articles, `■` lead
//! lines with a date, bullets and sub-bullets, tab-separated tables whose
//! cells hold `<ul><li>` lists, `출처:` lines and the colophon), filled from
//! the bundled gazetteers with varied program titles, targets and statistics.
//!
//! The text is grammatical enough for the extractor to find entities,
//! programs and targets at a realistic rate, but it is not a sample of real
//! reports: never use it for claims about extraction quality. The same seed
//! and count give byte-identical files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use policykg::extract::gazetteer::{Gazetteer, Kind};

/// SplitMix64: a tiny, well-mixed, seedable generator (no crate needed).
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator started at `seed`.
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

/// Korean names drawn from the gazetteer, by kind.
#[derive(Debug, Clone)]
pub struct Names {
    agencies: Vec<String>,
    cities: Vec<String>,
    provinces: Vec<String>,
    technologies: Vec<String>,
    organizations: Vec<String>,
}

impl Names {
    /// Names of the bundled gazetteer (every kind falls back to any name when
    /// the gazetteer has none of it, so a small gazetteer still works).
    pub fn bundled() -> policykg::Result<Names> {
        let gaz = Gazetteer::bundled()?;
        let of = |pred: &dyn Fn(Kind) -> bool| -> Vec<String> {
            gaz.entries
                .iter()
                .filter(|e| pred(e.kind))
                .map(|e| e.ko.clone())
                .collect()
        };
        let all = of(&|_| true);
        let or_all = |v: Vec<String>| if v.is_empty() { all.clone() } else { v };
        Ok(Names {
            agencies: or_all(of(&|k| k == Kind::Agency)),
            cities: or_all(of(&|k| k == Kind::City)),
            provinces: or_all(of(&|k| k == Kind::Province || k == Kind::City)),
            technologies: or_all(of(&|k| k == Kind::Technology)),
            organizations: or_all(of(&|k| k == Kind::Organization)),
        })
    }
}

const PROGRAM_HEADS: &[&str] = &[
    "액션방안",
    "행동방안",
    "실시방안",
    "발전규획",
    "지원정책",
    "시범사업 추진에 관한 통지",
    "전문프로젝트 액션방안",
    "혁신발전 지도의견",
];
/// Policy topics placed between the technology and the policy head, so
/// program titles vary across the corpus as they do across real weeks.
const TOPICS: &[&str] = &[
    "산업 고품질 발전",
    "과기혁신",
    "신형 인프라 건설",
    "탄소중립",
    "디지털 전환",
    "지식재산권 상용화",
    "인재 양성",
    "시범구 건설",
    "응용 확대",
    "표준화",
    "국제협력",
    "산업망 고도화",
    "핵심기술 돌파",
    "성과 이전",
    "금융 지원",
    "플랫폼 구축",
];
const PUBLISH_VERBS: &[&str] = &["발표", "수립", "마련", "공포", "발표"];
const METRICS: &[&str] = &[
    "기술거래 규모",
    "R&D 투자 규모",
    "산업 규모",
    "생산액 규모",
    "설치 용량",
    "연구개발비",
    "수출액",
    "시장 규모",
];
const SHARE_METRICS: &[&str] = &[
    "R&D 집중도",
    "기업 R&D 투자 비중",
    "재생에너지 소비 비중",
    "특허 상용화율",
    "디지털 경제 비중",
];
const COUNT_THINGS: &[&str] = &[
    "시범구",
    "혁신센터",
    "중점실험실",
    "산업단지",
    "플랫폼",
    "선도기업",
    "시범프로젝트",
];
const VERBS_UP: &[&str] = &["확대", "향상", "달성", "육성", "구축"];
const TASKS: &[&str] = &[
    "핵심기술 연구개발 강화",
    "산업화 응용 촉진",
    "인재 양성 및 유치",
    "국제협력 확대",
    "표준체계 구축",
    "금융지원 강화",
    "데이터 공유 촉진",
    "시범사업 추진",
    "기업 혁신역량 제고",
    "지재권 보호 강화",
];
const PEOPLE: &[&str] = &["왕웨이", "리밍", "장화", "류양", "천징", "자오레이", "쑨리"];
const PARTS: &[&str] = &["정책동향", "기술동향", "단신동향"];
const SOURCES: &[&str] = &[
    "인민망",
    "고신망",
    "과기일보",
    "중국망",
    "경제참고보",
    "CCTV",
    "신화망",
];
const DAYS_IN_MONTH: [u64; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// A money amount in 억 위안 with its KRW conversion as the sample writes it:
/// `8,000억 위안(147조 2,480억 원)`.
fn money(rng: &mut SplitMix64) -> String {
    let eok = rng.range(5, 30_000);
    let krw_eok = eok * 184;
    let krw = if krw_eok >= 10_000 {
        let (jo, rest) = (krw_eok / 10_000, krw_eok % 10_000);
        if rest == 0 {
            format!("{jo}조 원")
        } else {
            format!("{jo}조 {}억 원", thousands(rest))
        }
    } else {
        format!("{}억 원", thousands(krw_eok))
    };
    if rng.chance(30) {
        format!("{}.{:02}억 위안({krw})", thousands(eok), rng.range(1, 99))
    } else {
        format!("{}억 위안({krw})", thousands(eok))
    }
}

/// A Korean particle that agrees with the word before it: `josa("국무원", "은", "는")`
/// is `국무원은` (final consonant), `josa("베이징", "은", "는")` is `베이징은`.
fn josa(word: impl AsRef<str>, with_final: &str, without_final: &str) -> String {
    let word = word.as_ref();
    let last = word.chars().next_back().map_or(0, |c| c as u32);
    let has_final = (0xAC00..=0xD7A3).contains(&last) && (last - 0xAC00) % 28 != 0;
    format!(
        "{word}{}",
        if has_final { with_final } else { without_final }
    )
}

fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Everything one article needs, chosen once so the lead, bullets and table agree.
struct ArticlePlan {
    agency: String,
    region: String,
    tech: String,
    tech2: String,
    program: String,
    start: u64,
    end: u64,
    month: u64,
    day: u64,
}

/// Writes report number `index` of a corpus seeded with `seed`.
pub fn report_text(names: &Names, seed: u64, index: u64) -> String {
    let mut rng = SplitMix64::new(seed ^ index.wrapping_mul(0xA24B_AED4_963E_E407));
    let year = 2018 + index % 7;
    let issue_month = rng.range(1, 12);
    let issue_day = rng.range(1, DAYS_IN_MONTH[(issue_month - 1) as usize]);
    let n_articles = rng.range(12, 16);
    let mut plans = Vec::with_capacity(n_articles as usize);
    for _ in 0..n_articles {
        let start = year - 2000 + rng.range(0, 1);
        let month = if issue_month > 1 {
            rng.range(1, issue_month)
        } else {
            1
        };
        let tech = rng.pick(&names.technologies).clone();
        let end = start + rng.range(2, 5);
        let head = rng.pick(PROGRAM_HEADS);
        let topic = rng.pick(TOPICS);
        let region = rng.pick(&names.cities);
        let title = if rng.chance(50) {
            format!("{region} {tech} {topic} {head}")
        } else {
            format!("{tech} {topic} {head}")
        };
        let program = if rng.chance(60) {
            format!("{title}('{start:02}~'{end:02})")
        } else {
            title
        };
        plans.push(ArticlePlan {
            agency: rng.pick(&names.agencies).clone(),
            region: rng.pick(&names.cities).clone(),
            tech2: rng.pick(&names.technologies).clone(),
            tech,
            program,
            start,
            end,
            month,
            day: rng.range(1, 28),
        });
    }

    let mut t = String::with_capacity(24 * 1024);
    t.push_str("\n\n# 중국 과학기술 정책 주/간/동/향\n\n## CONTENTS\n\n");
    for (pi, part) in PARTS.iter().enumerate() {
        let _ = writeln!(t, "### {}. {part}\n", pi + 1);
        for (ai, p) in plans.iter().enumerate().filter(|(ai, _)| ai % 3 == pi) {
            let _ = writeln!(t, "- {}", headline(p, ai));
        }
        t.push('\n');
    }
    t.push_str("본 보고서는 한중과학기술협력센터가 중국 과학기술계의 주요 이슈를 발굴하여 정리·작성한 자료입니다.\n\n## 요약\n\n");
    for p in plans.iter().take(4) {
        let _ = writeln!(
            t,
            "- {} '{:02}년까지 {} {} {}으로 {}한다는 목표를 포함한 '{}'을 {}하였다.",
            josa(&p.agency, "은", "는"),
            p.end,
            p.tech,
            josa(rng.pick(METRICS), "을", "를"),
            money(&mut rng),
            rng.pick(VERBS_UP),
            p.program,
            rng.pick(PUBLISH_VERBS)
        );
    }
    t.push('\n');
    for (pi, part) in PARTS.iter().enumerate() {
        let _ = writeln!(t, "## {}\n\n## {part}\n", ["I", "II", "III"][pi]);
        for (number, (ai, p)) in plans
            .iter()
            .enumerate()
            .filter(|(ai, _)| ai % 3 == pi)
            .enumerate()
        {
            article(&mut t, &mut rng, names, p, ai, number + 1);
        }
    }
    let _ = write!(
        t,
        "\nCHINA  \nSCIENCE\n\n## 중국 과학기술 정책 주/간/동/향\n\n| 발 행 일 | {year}. {issue_month}. {issue_day}\n\n| 발 행 인 | 서행아\n\n| 발행기관 | 한중과학기술협력센터\n"
    );
    t
}

fn headline(p: &ArticlePlan, ai: usize) -> String {
    match (ai % 3, ai % 2) {
        (0, 0) => format!("{}, '{}' 발표", p.agency, p.program),
        (0, _) => format!("{} 외 '{}' 수립", p.agency, p.program),
        (1, _) => format!("{}, {} 신기술 확보", p.region, p.tech2),
        _ => format!("{}, {} 산업 R&D 투자 확대", p.region, p.tech),
    }
}

fn article(
    t: &mut String,
    rng: &mut SplitMix64,
    names: &Names,
    p: &ArticlePlan,
    ai: usize,
    number: usize,
) {
    let h = headline(p, ai);
    if rng.chance(50) {
        let _ = writeln!(t, "## {number:02}\n\n## {h}\n");
    } else {
        let _ = writeln!(t, "## {number:02} {h}\n");
    }
    // the sample's mix: a third of the articles are policies with goals, the
    // rest research news and statistics (about 1.5 targets and 4 indicators
    // per article on average)
    match ai % 3 {
        0 => policy_article(t, rng, names, p, ai),
        1 => research_article(t, rng, names, p),
        _ => statistics_article(t, rng, names, p),
    }
    let _ = writeln!(
        t,
        "출처: {} ({:02}.{:02})\n",
        rng.pick(SOURCES),
        p.month,
        p.day
    );
}

/// An agency publishes a program; its bullets and table set goals.
fn policy_article(t: &mut String, rng: &mut SplitMix64, names: &Names, p: &ArticlePlan, ai: usize) {
    let lead = format!(
        "'{:02}년까지 {} {} {}으로 {}",
        p.end,
        p.tech,
        josa(rng.pick(METRICS), "을", "를"),
        money(rng),
        rng.pick(VERBS_UP)
    );
    if rng.chance(50) {
        let _ = writeln!(t, "**■ {lead}({:02}.{:02})**\n", p.month, p.day);
    } else {
        let _ = writeln!(t, "### ■ {lead} ({:02}.{:02})\n", p.month, p.day);
    }
    let _ = writeln!(
        t,
        "- {} '{}'을 {}",
        josa(&p.agency, "은", "는"),
        p.program,
        rng.pick(PUBLISH_VERBS)
    );
    let _ = writeln!(
        t,
        "  - 본 방안은 주요 목표로 '{:02}년까지 {} {} {}으로 {} 제시",
        p.end,
        p.region,
        josa(rng.pick(METRICS), "을", "를"),
        money(rng),
        rng.pick(VERBS_UP)
    );
    let _ = writeln!(
        t,
        "  - '{:02}년까지 {} {} {}개 이상을 {}할 예정",
        p.end,
        p.tech2,
        rng.pick(COUNT_THINGS),
        rng.range(3, 500),
        rng.pick(VERBS_UP)
    );
    if rng.chance(50) {
        let _ = writeln!(
            t,
            "  - {} 분야의 {} {}% 이상으로 향상",
            p.tech,
            josa(rng.pick(SHARE_METRICS), "을", "를"),
            rng.range(10, 95)
        );
    }
    if rng.chance(40) {
        let _ = writeln!(
            t,
            "    - \\* {} {} 공동으로 참여",
            josa(rng.pick(&names.organizations), "과", "와"),
            josa(rng.pick(&names.agencies), "이", "가")
        );
    }
    let _ = writeln!(
        t,
        "- '{:02}년 기준 {} {} {}에 달하며 전체의 {}.{}% 차지",
        p.start - 2,
        rng.pick(&names.cities),
        josa(rng.pick(METRICS), "이", "가"),
        money(rng),
        rng.range(5, 90),
        rng.range(0, 9)
    );
    let _ = writeln!(
        t,
        "- 주요 과제로 {}, {}, {} 등 3대 방향 제시\n",
        rng.pick(TASKS),
        rng.pick(TASKS),
        rng.pick(TASKS)
    );
    if ai.is_multiple_of(2) {
        let _ = writeln!(t, "**〈{}의 주요 과제〉**\n", p.program);
        t.push_str("\t분야\t주요 내용\n");
        for row in 1..=rng.range(2, 5) {
            let _ = write!(
                t,
                "{row}\t{} {}\t<ul style=\"list-style-type: none\">",
                rng.pick(&names.technologies),
                rng.pick(TASKS)
            );
            for _ in 0..rng.range(2, 4) {
                let _ = write!(
                    t,
                    " <li>• {} {} 및 {}</li>",
                    rng.pick(&names.provinces),
                    rng.pick(TASKS),
                    rng.pick(TASKS)
                );
            }
            t.push_str(" </ul>\n");
        }
        t.push('\n');
    }
    let _ = writeln!(t, "### 1) {} 산업화 촉진\n", p.tech);
    let _ = writeln!(
        t,
        "- '{:02}년 말까지 {} 공동으로 **{} 혁신플랫폼**을 구축",
        p.end,
        josa(rng.pick(&names.organizations), "과", "와"),
        p.tech2
    );
    let _ = writeln!(
        t,
        "- {} 내 {} 관련 기업의 {}\n",
        p.region,
        p.tech,
        rng.pick(TASKS)
    );
    let _ = writeln!(t, "#### 참고자료\n\n- ☑ 关于印发《科技创新行动方案（20{}—20{}年）》的通知\n\n<https://www.example.gov.cn/{}/{}.html>\n", p.start, p.end, p.start, rng.next_u64() % 1_000_000);
}

/// A research team reports a result; no goals.
fn research_article(t: &mut String, rng: &mut SplitMix64, names: &Names, p: &ArticlePlan) {
    let org = rng.pick(&names.organizations);
    let _ = writeln!(
        t,
        "### ■ {} 연구팀, {} 핵심기술 확보 ({:02}.{:02})\n",
        org, p.tech2, p.month, p.day
    );
    let _ = writeln!(
        t,
        "- {} 연구팀은 {} 분야에서 세계 최초로 {} 소자를 개발하는 데 성공했다고 밝힘",
        org, p.tech2, p.tech
    );
    let _ = writeln!(
        t,
        "  - 연구팀에 따르면 이 소자의 효율은 기존 대비 {}배 향상되었으며, 관련 연구논문은 Nature지에 게재",
        rng.range(2, 40)
    );
    let _ = writeln!(
        t,
        "  - {} 교수는 \"이번 성과는 {} 산업의 {}에 기여할 것\"이라고 설명",
        rng.pick(PEOPLE),
        p.tech,
        rng.pick(TASKS)
    );
    let _ = writeln!(
        t,
        "- 이 기술은 {}, {} 등 분야에 응용될 것으로 전망되며, {}에 시험 생산라인이 구축될 예정\n",
        rng.pick(&names.technologies),
        rng.pick(&names.technologies),
        p.region
    );
}

/// Regional statistics: prose and a table of indicators.
fn statistics_article(t: &mut String, rng: &mut SplitMix64, names: &Names, p: &ArticlePlan) {
    let year = p.start - 1;
    let _ = writeln!(
        t,
        "### ■ '{year:02}년 {} R&D 투자 통계 발표 ({:02}.{:02})\n",
        p.region, p.month, p.day
    );
    let _ = writeln!(
        t,
        "- {} 통계에 따르면 '{year:02}년 {}의 R&D 투자는 {}으로 전년 대비 {}.{}% 증가",
        josa(&p.agency, "의", "의"),
        p.region,
        money(rng),
        rng.range(1, 25),
        rng.range(0, 9)
    );
    let _ = writeln!(
        t,
        "  - R&D 집중도는 {}.{}%로 전국 평균보다 {}.{}%p 높은 수준을 기록",
        rng.range(1, 6),
        rng.range(0, 99),
        rng.range(0, 3),
        rng.range(0, 9)
    );
    let _ = writeln!(t, "\n**〈'{year:02}년 지역별 R&D 투자 현황〉**\n");
    t.push_str("\t지역\tR&D 투자\tR&D 집중도\n");
    for row in 1..=rng.range(3, 6) {
        let _ = writeln!(
            t,
            "{row}\t{}\t{}억 위안\t{}.{}%",
            rng.pick(&names.cities),
            thousands(rng.range(50, 3_000)),
            rng.range(1, 6),
            rng.range(0, 99)
        );
    }
    t.push('\n');
}

/// Writes `count` reports into `dir` (`report-00000.md` …) and returns their paths.
pub fn write_corpus(dir: &Path, count: u64, seed: u64) -> std::io::Result<Vec<PathBuf>> {
    let names = Names::bundled().map_err(std::io::Error::other)?;
    std::fs::create_dir_all(dir)?;
    let mut paths = Vec::with_capacity(count as usize);
    for i in 0..count {
        let path = dir.join(format!("report-{i:05}.md"));
        std::fs::write(&path, report_text(&names, seed, i))?;
        paths.push(path);
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_text() {
        let names = Names::bundled().unwrap();
        assert_eq!(report_text(&names, 7, 3), report_text(&names, 7, 3));
        assert_ne!(report_text(&names, 7, 3), report_text(&names, 7, 4));
    }
}
