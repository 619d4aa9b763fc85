//! Relationship exploration on the two-report fixture `tests/data/graph.trig`:
//! entity resolution, neighbours, paths, rankings, search and the target
//! timeline, through the library and through the printers `policykg explore`
//! uses (`explore::text`).

use oxigraph::io::RdfFormat;
use policykg::explore::rank::{betweenness, scores, sparse_page_rank, DAMPING};
use policykg::explore::{Direction, Explorer, RankBy};
use policykg::export::{EntityGraph, EntityNode, Relation};
use policykg::store::KnowledgeStore;
use policykg::Error;

const FIXTURE: &str = include_str!("data/graph.trig");
const PKID: &str = "https://w3id.org/policykg/id/";

fn explorer() -> Explorer {
    let store = KnowledgeStore::in_memory().expect("in-memory store");
    store
        .load_dataset(RdfFormat::TriG, FIXTURE.as_bytes())
        .expect("the fixture parses");
    Explorer::new(store.oxigraph()).expect("explorer")
}

fn labels<'a>(entities: impl IntoIterator<Item = &'a policykg::explore::Entity>) -> Vec<&'a str> {
    entities.into_iter().map(|e| e.label.as_str()).collect()
}

#[test]
fn resolves_any_label_alias_or_iri() {
    let x = explorer();
    let table = [
        ("국무원", "agency/state-council"),
        ("国务院", "agency/state-council"),
        ("state council", "agency/state-council"),
        ("  STATE   COUNCIL ", "agency/state-council"),
        ("베이징과학기술위원회", "agency/beijing-stc"),
        ("베이징 과기위", "agency/beijing-stc"),
        (
            "Beijing Municipal Science and Technology Commission",
            "agency/beijing-stc",
        ),
        ("수소", "tech/hydrogen"),
        ("pkid:agency/cnipa", "agency/cnipa"),
        ("<https://w3id.org/policykg/id/agency/nea>", "agency/nea"),
        (
            "https://w3id.org/policykg/id/region/daxing",
            "region/daxing",
        ),
        ("agency/nea", "agency/nea"),
        (
            "'탄소중립 과기혁신 액션방안'",
            "program/beijing-carbon-neutral-action-plan",
        ),
    ];
    for (input, iri) in table {
        let entity = x.resolve(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(entity.iri, format!("{PKID}{iri}"), "{input}");
    }
}

#[test]
fn ambiguous_and_unknown_names_list_candidates() {
    let x = explorer();
    // (input, every fragment the one-line message must contain)
    let table: [(&str, &[&str]); 4] = [
        (
            "과기위",
            &[
                "ambiguous",
                "베이징 과학기술위원회 (Agency)",
                "상하이 과학기술위원회 (Agency)",
            ],
        ),
        (
            "과학기술부",
            &[
                "no entity named '과학기술부'",
                "close matches",
                "과학기술위원회",
            ],
        ),
        ("국무위원", &["no entity named", "국무원 (Agency)"]),
        ("zzzz", &["nothing close"]),
    ];
    for (input, fragments) in table {
        match x.resolve(input) {
            Err(Error::NotFound(message)) => {
                assert!(!message.contains('\n'), "{message}");
                for f in fragments {
                    assert!(message.contains(f), "{input}: {message:?} lacks {f:?}");
                }
                let listed = message.matches(" (").count();
                assert!(listed <= 5, "at most five candidates: {message}");
            }
            other => panic!("{input}: expected NotFound, got {other:?}"),
        }
    }
}

#[test]
fn neighbors_in_both_directions() {
    let x = explorer();
    let n = x.neighbors("베이징 과학기술위원회", 1).expect("neighbors");
    assert_eq!(n.center.label, "베이징 과학기술위원회");
    let mut rows: Vec<(&str, Direction, &str)> = n
        .neighbors
        .iter()
        .map(|r| (r.predicate.as_str(), r.direction, r.entity.label.as_str()))
        .collect();
    rows.sort_by_key(|r| (r.0, r.2));
    assert_eq!(
        rows,
        vec![
            ("basedIn", Direction::Outgoing, "베이징"),
            (
                "issuedBy",
                Direction::Incoming,
                "탄소중립 과기혁신 액션방안"
            ),
            (
                "setBy",
                Direction::Incoming,
                "'25년까지 수소 연료전지차 1만 대 보급"
            ),
            (
                "setBy",
                Direction::Incoming,
                "'30년까지 단위 GDP당 탄소배출 18% 감축"
            ),
        ]
    );
    let two = x.neighbors("베이징 과학기술위원회", 2).expect("depth 2");
    let hydrogen = two
        .neighbors
        .iter()
        .find(|r| r.entity.label == "수소에너지")
        .expect("수소에너지 at depth 2");
    assert_eq!(
        (hydrogen.depth, hydrogen.via.label.as_str()),
        (2, "탄소중립 과기혁신 액션방안")
    );
    let each_once = two.neighbors.len();
    let mut unique: Vec<&str> = two
        .neighbors
        .iter()
        .map(|r| r.entity.iri.as_str())
        .collect();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), each_once, "every entity listed once");
}

#[test]
fn path_goes_through_the_program_with_evidence() {
    let x = explorer();
    for (from, to) in [
        ("베이징 과학기술위원회", "수소에너지"),
        ("北京市科学技术委员会", "hydrogen energy"),
    ] {
        let p = x.path(from, to).expect("path");
        let hops: Vec<(&str, &str, Direction, &str)> = p
            .hops
            .iter()
            .map(|h| {
                (
                    h.from.label.as_str(),
                    h.predicate.as_str(),
                    h.direction,
                    h.to.label.as_str(),
                )
            })
            .collect();
        assert_eq!(
            hops,
            vec![
                (
                    "베이징 과학기술위원회",
                    "issuedBy",
                    Direction::Incoming,
                    "탄소중립 과기혁신 액션방안"
                ),
                (
                    "탄소중립 과기혁신 액션방안",
                    "concerns",
                    Direction::Outgoing,
                    "수소에너지"
                ),
            ]
        );
        assert!(p.hops[0]
            .evidence
            .as_deref()
            .is_some_and(|e| e.contains("베이징 과기위")));
        assert!(p.hops[1]
            .evidence
            .as_deref()
            .is_some_and(|e| e.contains("수소에너지")));
    }
    // Across reports: a person to an agency of the other report.
    let long = x.path("다이충하이", "상하이 과학기술위원회").expect("path");
    assert!(long.hops.len() >= 4, "{:?}", long.hops);
    assert_eq!(
        long.hops.last().map(|h| h.to.label.as_str()),
        Some("상하이 과학기술위원회")
    );
    assert!(x.path("국무원", "국무원").expect("same").hops.is_empty());
}

#[test]
fn rankings() {
    let x = explorer();
    let top = x.rank(RankBy::Degree, None, 3).expect("rank");
    assert_eq!(top[0].entity.label, "베이징");
    assert_eq!(top[0].score, 6.0);
    let agencies = x
        .rank(RankBy::Degree, Some("Agency"), 3)
        .expect("rank agencies");
    assert_eq!(
        labels(agencies.iter().map(|r| &r.entity)),
        vec!["국무원", "베이징 과학기술위원회", "국가지식산권국"]
    );
    assert!(agencies.iter().all(|r| r.entity.class == "Agency"));

    let regions = x
        .rank(RankBy::PageRank, Some("Region"), 10)
        .expect("pagerank");
    assert_eq!(regions.len(), 5);
    assert_eq!(
        regions[0].entity.label, "중국",
        "everything is part of China"
    );

    let brokers = x.rank(RankBy::Betweenness, None, 28).expect("betweenness");
    assert!(brokers.iter().all(|r| (0.0..=1.0).contains(&r.score)));
    assert_eq!(
        brokers[0].entity.label, "중국",
        "China bridges the two reports"
    );
    assert_eq!(
        brokers.last().map(|r| r.score),
        Some(0.0),
        "leaves broker nothing"
    );

    match x.rank(RankBy::Degree, Some("Ministry"), 3) {
        Err(Error::NotFound(m)) => assert!(m.contains("Agency"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert_eq!("PageRank".parse::<RankBy>().ok(), Some(RankBy::PageRank));
}

#[test]
fn sparse_page_rank_matches_petgraph() {
    let x = explorer();
    let dense = scores(x.graph(), RankBy::PageRank);
    let sparse = sparse_page_rank(x.graph(), DAMPING, 50);
    assert_eq!(dense.len(), sparse.len());
    for (d, s) in dense.iter().zip(&sparse) {
        assert!((d - s).abs() < 1e-9, "{d} vs {s}");
    }
}

#[test]
fn betweenness_of_small_graphs() {
    // (edges between nodes 0..n, expected normalised betweenness)
    type Row<'a> = (usize, &'a [(usize, usize)], &'a [f64]);
    let table: [Row; 3] = [
        (3, &[(0, 1), (1, 2)], &[0.0, 1.0, 0.0]),
        (4, &[(0, 1), (0, 2), (0, 3)], &[1.0, 0.0, 0.0, 0.0]),
        (
            4,
            &[(0, 1), (1, 2), (2, 3), (3, 0)],
            &[1.0 / 6.0, 1.0 / 6.0, 1.0 / 6.0, 1.0 / 6.0],
        ),
    ];
    for (n, edges, expected) in table {
        let mut g = EntityGraph::default();
        let ids: Vec<_> = (0..n)
            .map(|i| {
                g.graph.add_node(EntityNode {
                    iri: format!("urn:{i}"),
                    ..EntityNode::default()
                })
            })
            .collect();
        for &(a, b) in edges {
            g.graph.add_edge(
                ids[a],
                ids[b],
                Relation {
                    predicate: "p".into(),
                    iri: "urn:p".into(),
                    weight: 1,
                },
            );
        }
        let got = betweenness(&g);
        for (g, e) in got.iter().zip(expected) {
            assert!((g - e).abs() < 1e-12, "{edges:?}: {got:?} vs {expected:?}");
        }
    }
}

#[test]
fn search_across_languages() {
    let x = explorer();
    let table: [(&str, &str); 5] = [
        ("수소", "수소에너지"),
        ("hydrogen", "수소에너지"),
        ("氢能", "수소에너지"),
        ("칭화", "칭화대학"),
        ("shanghai jiao", "상하이교통대학"),
    ];
    for (query, first) in table {
        let hits = x.search(query, 5);
        assert_eq!(
            hits.first().map(|h| h.entity.label.as_str()),
            Some(first),
            "{query}: {hits:?}"
        );
    }
    let both = x.search("과기위", 10);
    assert_eq!(
        labels(both.iter().take(2).map(|h| &h.entity)),
        vec!["베이징 과학기술위원회", "상하이 과학기술위원회"]
    );
    assert!(both.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(x.search("", 5).is_empty());
}

#[test]
fn timeline_by_deadline_year() {
    let x = explorer();
    let all = x.timeline(None).expect("timeline");
    let years: Vec<(Option<i32>, usize)> = all.iter().map(|y| (y.year, y.targets.len())).collect();
    assert_eq!(
        years,
        vec![(Some(2025), 4), (Some(2027), 1), (Some(2030), 1)]
    );
    let patent = all[0]
        .targets
        .iter()
        .find(|t| t.metric.as_deref() == Some("특허 기술거래 규모"))
        .expect("patent target");
    assert_eq!(labels(&patent.agencies), vec!["국가지식산권국", "국무원"]);
    assert_eq!(
        labels(&patent.programs),
        vec!["특허 운용 전문프로젝트 액션방안"]
    );
    assert_eq!(
        (patent.value.as_deref(), patent.unit.as_deref()),
        (Some("800000000000"), Some("CNY"))
    );

    // 국무원 set two targets itself and co-issued the offshore wind guideline.
    let council = x.timeline(Some("국무원")).expect("국무원");
    assert_eq!(
        council
            .iter()
            .map(|y| (y.year, y.targets.len()))
            .collect::<Vec<_>>(),
        vec![(Some(2025), 2), (Some(2027), 1)]
    );
    let nea = x
        .timeline(Some("National Energy Administration"))
        .expect("NEA");
    assert_eq!(
        nea.iter().map(|y| y.year).collect::<Vec<_>>(),
        vec![Some(2027)]
    );
    assert!(matches!(
        x.timeline(Some("과기위")),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn printers_write_aligned_tables() {
    use policykg::explore::text;
    let x = explorer();
    let printed = |print: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut out = Vec::new();
        print(&mut out).expect("prints");
        String::from_utf8(out).expect("UTF-8")
    };
    let n = x.neighbors("베이징 과기위", 1).expect("neighbors");
    let neighbors = printed(&|out| text::print_neighbors(&n, 1, out));
    assert!(
        neighbors.starts_with("베이징 과학기술위원회 (Agency): 4 related entities within 1 hop"),
        "{neighbors}"
    );
    assert!(neighbors.contains("← issuedBy"));
    let p = x.path("베이징 과학기술위원회", "수소에너지").expect("path");
    let path = printed(&|out| text::print_path(&p, out));
    assert!(
        path.contains("←issuedBy— 탄소중립 과기혁신 액션방안 (Program)"),
        "{path}"
    );
    let r = x.rank(RankBy::PageRank, Some("Agency"), 3).expect("rank");
    let rank = printed(&|out| text::print_rank(&r, RankBy::PageRank, out));
    assert_eq!(rank.lines().count(), 4, "{rank}");
    let hits = x.search("hydrogen", 3);
    let search = printed(&|out| text::print_search(&hits, "hydrogen", out));
    assert!(search.contains("hydrogen energy [en]"), "{search}");
    let years = x.timeline(None).expect("timeline");
    let timeline = printed(&|out| text::print_timeline(&years, out));
    assert!(
        timeline
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("2025")),
        "{timeline}"
    );
    // Shown with `cargo test -- --nocapture`.
    for text in [&neighbors, &path, &rank, &search, &timeline] {
        println!("{text}");
    }
}
