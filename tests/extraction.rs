//! Extraction on small real-world phrasings: each row is a report snippet as
//! Korean reports write it, and the facts it must give. Add a row for every
//! new pattern.

use std::path::Path;

use policykg::document::parse_report_bytes;
use policykg::extract::{extract, Class, Extraction, Predicate};

fn run(text: &str) -> Extraction {
    run_as("snippet.md", text)
}

/// Extraction of `text` read as the file `name` (its extension picks the format).
fn run_as(name: &str, text: &str) -> Extraction {
    let report = parse_report_bytes(Path::new(name), text.as_bytes()).expect("parses");
    extract(&report).expect("extracts")
}

fn label_of(x: &Extraction, key: &str) -> String {
    x.entities
        .get(key)
        .map(|e| e.label_ko.clone())
        .unwrap_or_else(|| key.to_string())
}

/// (deadline, value, unit, setter labels, program label) of a target.
type TargetRow = (
    Option<i32>,
    Option<String>,
    Option<String>,
    Vec<String>,
    Option<String>,
);

/// A [`TargetRow`] set by `setter` within `program`.
fn row(deadline: i32, value: &str, unit: &str, setter: &str, program: &str) -> TargetRow {
    (
        Some(deadline),
        Some(value.into()),
        Some(unit.into()),
        vec![setter.into()],
        Some(program.into()),
    )
}

/// Every target as a [`TargetRow`].
fn targets(x: &Extraction) -> Vec<TargetRow> {
    x.targets()
        .map(|t| {
            (
                t.deadline,
                t.value.map(|v| v.to_string()),
                t.unit.clone(),
                t.set_by.iter().map(|k| label_of(x, k)).collect(),
                t.program.as_ref().map(|k| label_of(x, k)),
            )
        })
        .collect()
}

fn labels(x: &Extraction, class: Class) -> Vec<String> {
    x.of_class(class).map(|e| e.label_ko.clone()).collect()
}

fn issuers(x: &Extraction, program: &str) -> Vec<String> {
    let key = x
        .entities
        .values()
        .find(|e| e.class == Class::Program && e.label_ko == program)
        .map(|e| e.key.clone());
    let Some(key) = key else { return Vec::new() };
    x.relations
        .keys()
        .filter(|(s, p, _)| *s == key && *p == Predicate::IssuedBy)
        .map(|(_, _, o)| label_of(x, o))
        .collect()
}

#[test]
fn bullets_inherit_agency_and_program_from_the_lead() {
    let x = run("## 01 국무원, 지식재산권 상용화 추진\n\n- 국무원은 '특허 운용 전문프로젝트 액션방안('23~'25)'을 발표해 기술이전 가속화할 예정\n  - 본 방안은 주요 목표로 '25년까지 특허 기술거래 규모를 8000억 위안(147조 2,480억 원)으로 확대 제시\n  - 향후 등록 특허 집약형 제품의 생산액 규모를 1조 위안(184조 100억 원) 이상으로 확대할 예정\n");
    let t = targets(&x);
    let program = Some("특허 운용 전문프로젝트 액션방안".to_string());
    assert!(
        t.contains(&(
            Some(2025),
            Some("800000000000".into()),
            Some("CNY".into()),
            vec!["국무원".into()],
            program.clone()
        )),
        "{t:?}"
    );
    assert!(
        t.contains(&(
            Some(2025),
            Some("1000000000000".into()),
            Some("CNY".into()),
            vec!["국무원".into()],
            program
        )),
        "{t:?}"
    );
    assert_eq!(t.len(), 2, "KRW conversions are not targets: {t:?}");
    let p = x.of_class(Class::Program).next().expect("program");
    assert_eq!((p.start_year, p.end_year), (Some(2023), Some(2025)));
}

#[test]
fn table_cells_inherit_the_program() {
    let x = run("## 02 국가에너지국, 재생에너지 시범 사업 착수\n\n- 국가에너지국은 ‘재생에너지 시범사업 추진에 관한 통지’를 발표\n\n\t구분\t주요 내용\n1\t신에너지 고비중 응용\t<ul> <li>전체 에너지 소비량에서 차지하는 신에너지 비중을 70% 이상으로 향상</li> </ul>\n");
    let t = targets(&x);
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].1.as_deref(), Some("70"));
    assert_eq!(t[0].2.as_deref(), Some("%"));
    assert_eq!(t[0].3, vec!["국가에너지국".to_string()]);
    assert_eq!(
        issuers(&x, "재생에너지 시범사업 추진에 관한 통지"),
        vec!["국가에너지국".to_string()]
    );
}

#[test]
fn statistics_are_indicators_not_targets() {
    let x = run("## 05 중국 도시별 R&D투자 현황 분석\n\n- '21년 기준 베이징 R&D 투자 규모가 2,629.32억 위안(48조 6,345억 원)에 달하며 대학·연구기관의 R&D 투자는 전체의 54.1% 차지\n- '22년 말까지 상하이시는 다국적 기업의 지역 본부 891개, 외국투자 R&D센터 531개를 보유\n");
    assert!(targets(&x).is_empty(), "{:?}", targets(&x));
    let indicators: Vec<_> = x.facts.iter().filter(|f| !f.is_target).collect();
    assert!(indicators
        .iter()
        .any(
            |f| f.value.map(|v| v.to_string()).as_deref() == Some("262932000000")
                && f.ref_year == Some(2021)
        ));
}

#[test]
fn a_deadline_without_a_number_is_a_qualitative_target() {
    let x = run("## 03 베이징, 액션방안 수립\n\n- 국무원은 '탄소중립 과기혁신 액션방안'을 발표\n  - '30년까지 탄소중립 과기혁신시스템 간 융합 혁신발전 구도 형성 및 세계적 녹색기술혁신센터 부상\n");
    let t = targets(&x);
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].0, Some(2030));
    assert_eq!(t[0].1, None);
}

#[test]
fn news_prose_with_an_unquoted_plan() {
    let x = run("## 3\n\n(베이징=신화통신) 중국이 전기차 충전 인프라 확대를 위한 3개년 행동방안을 발표했다.\n방안에 따르면 중국은 2027년 말까지 전국에 2천800만 개의 충전 시설을 구축하고, 공공 충전 용량을 3억㎾(킬로와트) 이상으로 확대할 계획이다.\n");
    assert_eq!(
        labels(&x, Class::Program),
        vec!["전기차 충전 인프라 확대를 위한 3개년 행동방안".to_string()]
    );
    let t = targets(&x);
    assert!(
        t.iter().any(|t| t.0 == Some(2027)
            && t.1.as_deref() == Some("28000000")
            && t.2.as_deref() == Some("count")),
        "{t:?}"
    );
    assert!(
        t.iter().any(|t| t.0 == Some(2027)
            && t.1.as_deref() == Some("300000000")
            && t.2.as_deref() == Some("kW")),
        "{t:?}"
    );
}

#[test]
fn headline_restatements_are_not_counted_twice() {
    let x = run("## 01 국무원, 지식재산권 상용화 추진\n\n**■ '25년까지 특허 기술거래 규모를 8,000억 위안(147조 2,480억 원)으로 확대(10.27)**\n\n- 국무원은 '특허 운용 전문프로젝트 액션방안('23~'25)'을 발표\n  - '25년까지 특허 기술거래 규모를 8000억 위안으로 확대 제시\n");
    assert_eq!(targets(&x).len(), 1, "{:?}", targets(&x));
}

#[test]
fn local_bodies_are_composed_from_region_and_type() {
    let x = run("## 03 베이징 과기위 외 '탄소중립 과기혁신 액션방안' 수립\n\n- 베이징 과학기술위원회 등 4개 부처\\* 공동으로 '탄소중립 과기혁신 액션방안'을 발표\n  - \\* 베이징 과학기술위원회, 베이징시 발전개혁위원회 등 2개\n");
    let agencies = labels(&x, Class::Agency);
    assert!(
        agencies.contains(&"베이징 과학기술위원회".to_string()),
        "{agencies:?}"
    );
    let based: Vec<_> = x
        .relations
        .keys()
        .filter(|(_, p, _)| *p == Predicate::BasedIn)
        .map(|(s, _, o)| (label_of(&x, s), label_of(&x, o)))
        .collect();
    assert!(
        based.contains(&("베이징 과학기술위원회".to_string(), "베이징".to_string())),
        "{based:?}"
    );
}

#[test]
fn people_and_their_organisations() {
    let x = run("## 01 칭화대학, 신기술 확보\n\n● 중국 칭화대학 다이충하이(戴琼海) 교수 연구팀은 ACCEL 광전융합 반도체를 개발 성공\n");
    let people: Vec<_> = x
        .of_class(Class::Person)
        .map(|p| (p.label_ko.clone(), p.label_zh.clone()))
        .collect();
    assert_eq!(
        people,
        vec![("다이충하이".to_string(), Some("戴琼海".to_string()))]
    );
    assert!(x
        .relations
        .keys()
        .any(|(s, p, _)| s == "person/다이충하이" && *p == Predicate::AffiliatedWith));
}

#[test]
fn chinese_brackets_and_korean_ministries() {
    let x = run("## 1\n\n### 과기정통부, '디지털 전략' 발표\n\n과학기술정보통신부는 산업통상자원부, 중소벤처기업부와 함께 「AI 반도체 산업 성장 지원 대책」을 발표했다. 정부는 2027년까지 총 1조 2,000억 원을 투입해 국산 AI 반도체 점유율을 80% 이상으로 끌어올릴 계획이다.\n");
    let mut who = issuers(&x, "AI 반도체 산업 성장 지원 대책");
    who.sort();
    assert_eq!(
        who,
        vec![
            "과학기술정보통신부".to_string(),
            "산업통상자원부".to_string(),
            "중소벤처기업부".to_string()
        ]
    );
    let t = targets(&x);
    assert!(
        t.iter().any(|t| t.0 == Some(2027)
            && t.1.as_deref() == Some("1200000000000")
            && t.2.as_deref() == Some("KRW")),
        "{t:?}"
    );
    assert!(
        t.iter().any(|t| t.0 == Some(2027)
            && t.1.as_deref() == Some("80")
            && t.2.as_deref() == Some("%")),
        "{t:?}"
    );
}

#[test]
fn double_angle_titles_with_periods_and_city_governments() {
    let x = run("## 2\n\n광저우시 정부는 《광저우시 저고도 경제 발전 행동방안(2024-2026년)》을 인쇄 발행하고, 2026년까지 저고도 경제 규모를 1,500억 위안 이상으로 확대한다고 밝혔다.\n");
    let p = x.of_class(Class::Program).next().expect("program");
    assert_eq!(p.label_ko, "광저우시 저고도 경제 발전 행동방안");
    assert_eq!((p.start_year, p.end_year), (Some(2024), Some(2026)));
    assert_eq!(
        issuers(&x, "광저우시 저고도 경제 발전 행동방안"),
        vec!["광저우시 인민정부".to_string()]
    );
    let t = targets(&x);
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(
        (t[0].0, t[0].1.as_deref(), t[0].2.as_deref()),
        (Some(2026), Some("150000000000"), Some("CNY"))
    );
}

#[test]
fn percentage_points_and_reference_years() {
    let x = run("## 3\n\n- 2022년 허베이성 전체 에너지 소비에서 석탄이 차지하는 비중은 약 66%로 2012년보다 약 22%p 감소\n- '23년 9월 기준, 중국 내 대학 유효 특허 건수는 76.7만 건\n");
    assert!(targets(&x).is_empty(), "{:?}", targets(&x));
    let units: Vec<_> = x
        .facts
        .iter()
        .map(|f| (f.value.map(|v| v.to_string()), f.unit.clone(), f.ref_year))
        .collect();
    assert!(
        units.contains(&(Some("22".into()), Some("%p".into()), Some(2022))),
        "{units:?}"
    );
    assert!(
        units.contains(&(Some("767000".into()), Some("count".into()), Some(2023))),
        "{units:?}"
    );
}

#[test]
fn provincial_targets_name_the_province() {
    let x = run("## 5\n\n### 중국 31개 성, ’24년도 GDP 성장률 목표 제시\n\n중국 경제규모 3대성인 광둥성, 장쑤성, 산둥성은 모두 5% 수준을 제시한바, △광둥성 5%, △장쑤성 5% 이상, △산둥성은 5% 이상을 제시함.\n");
    let setters: Vec<Vec<String>> = targets(&x).into_iter().map(|t| t.3).collect();
    for province in ["광둥성", "장쑤성", "산둥성"] {
        assert!(
            setters.iter().any(|s| s == &vec![province.to_string()]),
            "{province} missing in {setters:?}"
        );
    }
}

#[test]
fn unlisted_central_bodies_by_their_heads() {
    let x =
        run("## 1\n\n중국 국가위성항법관리판공실은 '베이더우 산업 발전 지도의견'을 발표했다.\n");
    assert_eq!(
        labels(&x, Class::Agency),
        vec!["국가위성항법관리판공실".to_string()]
    );
    assert_eq!(
        issuers(&x, "베이더우 산업 발전 지도의견"),
        vec!["국가위성항법관리판공실".to_string()]
    );
}

#[test]
fn provincial_co_issuers_named_by_type_only() {
    let x = run("## 01 광둥성, '신에너지차 산업 고품질 발전 행동방안' 발표\n\n- 광둥성 공업정보화청은 성 발전개혁위원회, 과학기술청 등과 공동으로 '광둥성 신에너지차 산업 고품질 발전 행동방안(2024~2027년)'을 발표\n  - '27년까지 신에너지차 생산량을 500만 대 이상으로 확대하고, 충전기 100만 대를 구축\n- 저장성 항저우시 과학기술국은 생성형 AI 기업 50곳을 육성할 예정\n");
    let mut who = issuers(&x, "광둥성 신에너지차 산업 고품질 발전 행동방안");
    who.sort();
    assert_eq!(
        who,
        vec![
            "광둥성 공업정보화청".to_string(),
            "광둥성 과학기술청".to_string(),
            "광둥성 발전개혁위원회".to_string()
        ]
    );
    let metrics: Vec<(String, Option<i32>)> = x
        .targets()
        .map(|t| (t.metric.clone(), t.deadline))
        .collect();
    assert!(
        metrics.contains(&("신에너지차 생산량".to_string(), Some(2027))),
        "{metrics:?}"
    );
    assert!(
        metrics.contains(&("생성형 AI 기업".to_string(), Some(2027)))
            || metrics.iter().any(|(m, _)| m == "생성형 AI 기업"),
        "{metrics:?}"
    );
}

#[test]
fn korean_plans_in_plain_text() {
    let x = run("과학기술정보통신부는 2일 '제5차 과학기술기본계획(2023~2027)'을 확정했다. 정부 R&D 투자를 2027년까지 170조 원 규모로 확대하고, 핵심 인력 10만 명을 양성한다.\n한편 산업통상자원부는 반도체 특화단지 7곳을 지정했다고 밝혔다. 지난해 반도체 수출액은 1,292억 달러로 전년 대비 10% 감소했다.\n");
    assert_eq!(
        issuers(&x, "제5차 과학기술기본계획"),
        vec!["과학기술정보통신부".to_string()]
    );
    let t = targets(&x);
    assert_eq!(
        t.len(),
        2,
        "a designation done and last year's exports are not goals: {t:?}"
    );
    assert!(t.iter().any(|t| t.0 == Some(2027)
        && t.1.as_deref() == Some("170000000000000")
        && t.2.as_deref() == Some("KRW")));
    assert!(t
        .iter()
        .any(|t| t.1.as_deref() == Some("100000") && t.2.as_deref() == Some("count")));
}

#[test]
fn quoted_names_followed_by_their_head() {
    let x = run("## 1\n\n국무원은 '중국제조 2025' 전략을 발표하고 2025년까지 제조업 혁신 역량을 높일 계획이다.\n\n## 2\n\n공업정보화부는 '인터넷+' 행동계획을 추진한다. 상하이는 '더블 10GB 도시' 구축을 추진한다.\n");
    let mut programs = labels(&x, Class::Program);
    programs.sort();
    assert_eq!(
        programs,
        vec![
            "인터넷+ 행동계획".to_string(),
            "중국제조 2025 전략".to_string()
        ]
    );
    assert_eq!(
        issuers(&x, "중국제조 2025 전략"),
        vec!["국무원".to_string()]
    );
}

#[test]
fn industry_classes_are_not_technologies() {
    let x = run("## 1\n\n- '21년 기준 선전시의 컴퓨터·통신·전자설비제조업, 소프트웨어·정보기술서비스업 등 5대 분야 중견기업의 R&D 투자는 전체의 83.2% 차지\n- 선전시는 소프트웨어 산업을 육성할 계획\n");
    assert_eq!(
        labels(&x, Class::Technology).len(),
        1,
        "{:?}",
        labels(&x, Class::Technology)
    );
}

#[test]
fn a_technology_inside_a_fuller_one_is_the_same_thing() {
    let x = run("## 1\n\n- 지능형 로봇 혁신 인프라 건설. '대모형+로봇' 협동혁신 플랫폼 구축\n- 대용량 축열 시스템과 열에너지저장 기술, 에너지저장 응용\n");
    let techs = labels(&x, Class::Technology);
    assert!(techs.contains(&"지능형 로봇".to_string()), "{techs:?}");
    assert!(!techs.contains(&"로봇".to_string()), "{techs:?}");
    let robot = x
        .of_class(Class::Technology)
        .find(|e| e.label_ko == "지능형 로봇")
        .expect("robot");
    assert!(robot.alt_labels.contains("로봇"), "{:?}", robot.alt_labels);
}

#[test]
fn technologies_and_districts_named_once_in_passing_are_dropped() {
    let x = run("## 01 상하이시, 디지털 인프라 액션방안 발표\n\n- 상하이시는 '25년까지 5G-A 기지국 1만 개를 구축할 계획\n- 이 칩은 자율주행 및 웨어러블 기기 등 분야의 개발을 촉진할 것으로 전망\n- 현재 푸둥신구에 시범 단지를 조성 중\n- 데이터센터·5G 네트워크 관리에 인공지능 기술 적용\n\n## 02 베이징, 블록체인 산업 육성\n\n- 베이징시는 다싱구에 블록체인 기지를 조성\n- 다싱구 정부는 블록체인 기업 유치를 확대\n");
    let techs = labels(&x, Class::Technology);
    // a goal, a lead, a headline, or `… 기술` names them
    for kept in ["5G-A", "인공지능", "블록체인"] {
        assert!(techs.iter().any(|t| t == kept), "{kept}: {techs:?}");
    }
    // one word of a forecast
    for dropped in ["자율주행", "웨어러블"] {
        assert!(!techs.iter().any(|t| t == dropped), "{dropped}: {techs:?}");
    }
    let districts = labels(&x, Class::District);
    assert!(districts.iter().any(|d| d == "다싱구"), "{districts:?}");
    assert!(
        !districts.iter().any(|d| d.starts_with("푸둥")),
        "{districts:?}"
    );
}

#[test]
fn a_table_row_label_names_a_technology_of_the_plan() {
    let x = run("## 1 국가에너지국, 에너지 기술 목록 발표\n\n- 국가에너지국은 '에너지 기술 응용 목록'을 발표\n\n번호\t분야\t주요 내용\n4\t태양열 발전 저비용 기술\t<ul><li>• 대용량 축열 시스템, 고정밀 지능형 제어시스템 등 기술 혁신 지원</li></ul>\n");
    let techs = labels(&x, Class::Technology);
    assert!(techs.iter().any(|t| t.starts_with("태양열")), "{techs:?}");
}

#[test]
fn tables_whose_columns_are_years_give_goals_and_statistics() {
    // a tab table as the sample writes them, and a Markdown pipe table
    for table in [
        "\t지표\t2020년\t2025년 목표\n1\t5G 기지국 수(만 개)\t4.9\t7\n2\t디지털 경제 핵심산업 부가가치 비중(%)\t11\t15\n",
        "| 지표 | 2020년 | 2025년 목표 |\n|---|---|---|\n| 5G 기지국 수(만 개) | 4.9 | 7 |\n| 디지털 경제 핵심산업 부가가치 비중(%) | 11 | 15 |\n",
    ] {
        let x = run(&format!("## 01 상하이시, 디지털 경제 규획 발표\n\n- 상하이시 정부는 「상하이시 디지털 경제 발전 14차 5개년 규획」을 발표\n- 규획은 2025년까지 디지털 경제 핵심산업 부가가치 비중을 15%로 높이는 목표를 제시\n\n{table}"));
        let t = targets(&x);
        let plan = "상하이시 디지털 경제 발전 14차 5개년 규획";
        assert!(
            t.contains(&row(2025, "70000", "count", "상하이시 인민정부", plan)),
            "{t:?}"
        );
        // the prose already states the 15% goal: the table does not add it again
        let fifteen = t.iter().filter(|t| t.1.as_deref() == Some("15")).count();
        assert_eq!(fifteen, 1, "{t:?}");
        // the header is not a goal of its own
        assert!(t.iter().all(|t| t.1.is_some()), "{t:?}");
        let stats: Vec<_> = x.facts.iter().filter(|f| !f.is_target).collect();
        let base = stats
            .iter()
            .find(|f| f.value.map(|v| v.to_string()).as_deref() == Some("49000"))
            .expect("the 2020 column is a statistic");
        assert_eq!(base.ref_year, Some(2020));
        // provenance quotes the row as written
        assert!(base.provenance.sentence.contains("5G 기지국 수(만 개) | 4.9 | 7"), "{}", base.provenance.sentence);
    }
}

#[test]
fn html_pages_read_like_markdown() {
    let html = "<!DOCTYPE html><html><head><title>주간 동향</title></head><body>\
        <h2>1. 국무원, 지식재산권 상용화 추진</h2>\
        <ul><li>국무원은 &lsquo;특허 운용 전문프로젝트 액션방안(&#39;23~&#39;25)&rsquo;을 발표\
        <ul><li>본 방안은 &#39;25년까지 특허 기술거래 규모를 8,000억 위안으로 확대 제시</li></ul></li></ul>\
        <table><tr><th>지표</th><th>2022년</th><th>2025년 목표</th></tr>\
        <tr><td>하이테크 기업 수(만 개)</td><td>5.3</td><td>7</td></tr></table></body></html>";
    let x = run_as("week.html", html);
    let t = targets(&x);
    let program = "특허 운용 전문프로젝트 액션방안";
    assert!(
        t.contains(&row(2025, "800000000000", "CNY", "국무원", program)),
        "{t:?}"
    );
    assert!(
        t.contains(&row(2025, "70000", "count", "국무원", program)),
        "{t:?}"
    );
}

#[test]
fn a_meeting_where_a_plan_is_announced_is_not_its_issuer() {
    let x = run("## 1. 과기정통부, AI 반도체 전략 발표\n\n과학기술정보통신부는 '23년 11월 20일 '제5차 국가과학기술자문회의 심의회의'에서 「AI 반도체 산업 경쟁력 강화 전략」을 발표했다.\n\n## 2. 국무원, 방안 발표\n\n'23년 국무원은 '특허 운용 전문프로젝트 액션방안'을 발표\n\n## 3. 포럼\n\n중국과학원은 중관촌 포럼에서 「과학기술 성과 이전 지침」을 공개했다.\n");
    assert_eq!(
        issuers(&x, "AI 반도체 산업 경쟁력 강화 전략"),
        vec!["과학기술정보통신부".to_string()]
    );
    // the apostrophe of '23년 is not a quote
    assert_eq!(
        issuers(&x, "특허 운용 전문프로젝트 액션방안"),
        vec!["국무원".to_string()]
    );
}

#[test]
fn a_region_that_states_its_own_goal_under_a_ministry_plan_sets_it() {
    let x = run("## 01 공업정보화부 등 7개 부처, 휴머노이드 로봇 지도의견\n\n공업정보화부 등 7개 부처는 「인간형 로봇 혁신 발전에 관한 지도의견」을 발표했다.\n\n- 베이징시는 2025년까지 100억 위안 규모의 로봇 산업 펀드를 조성할 계획\n- 광둥성은 2027년까지 로봇 기업 50개를 육성할 방침\n- 2027년까지 세계 선진 수준의 로봇 기업 10개를 육성할 계획\n\n## 02 상하이시, 액션방안 발표\n\n- 상하이시 정부는 「상하이시 로봇 산업 액션방안」을 발표\n- 상하이시는 2025년까지 로봇 기업 100개를 육성할 계획\n");
    let t = targets(&x);
    let setter_of = |value: &str| {
        t.iter()
            .find(|t| t.1.as_deref() == Some(value))
            .map(|t| t.3.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        setter_of("10000000000"),
        vec!["베이징".to_string()],
        "{t:?}"
    );
    assert_eq!(setter_of("50"), vec!["광둥성".to_string()], "{t:?}");
    // the metric follows the amount: `100억 위안 규모의 로봇 산업 펀드`
    let fund = x
        .targets()
        .find(|f| f.value.map(|v| v.to_string()).as_deref() == Some("10000000000"))
        .expect("the fund");
    assert_eq!(fund.metric, "로봇 산업 펀드");
    assert_eq!(setter_of("10"), vec!["공업정보화부".to_string()], "{t:?}");
    // the city's own government issued the plan: it stays the setter
    assert_eq!(
        setter_of("100"),
        vec!["상하이시 인민정부".to_string()],
        "{t:?}"
    );
}
