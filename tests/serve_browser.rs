//! The web explorer in a real browser: headless Chromium loads the page
//! from `policykg serve` on the sample store, runs its JavaScript against
//! the JSON views and we read the DOM it built (`--dump-dom`): a search
//! for 국무원 finds it, its page shows the 특허 운용 전문프로젝트 액션방안
//! target of 8,000억 위안 with its evidence, its graph draws (Cytoscape's
//! canvas) and lists its neighbours, and following a neighbour opens that
//! neighbour's graph.

mod common;
mod serve_support;

use std::process::Command;

use common::sample_store;
use serve_support::{enc, required, Server};

/// Debian's `chromium`, or another name of it.
fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

/// The DOM of `url` once its scripts and their requests are done.
fn dump_dom(browser: &str, url: &str) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,1000",
            "--virtual-time-budget=15000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The `href` of the first `<a class="CLASS" …>` after `marker` in `dom`.
fn first_link(dom: &str, marker: &str, class: &str) -> Option<String> {
    let rest = &dom[dom.find(marker)?..];
    let tag = format!("<a class=\"{class}\" href=\"");
    let start = rest.find(&tag)? + tag.len();
    let end = rest[start..].find('"')?;
    Some(rest[start..start + end].replace("&amp;", "&"))
}

#[test]
fn the_explorer_works_in_headless_chromium() {
    let Some(browser) = chromium() else {
        assert!(
            !required(),
            "Chromium is missing: install it (`bash .ci/test` does) or set POLICYKG_SKIP_READERS=1"
        );
        eprintln!("skipped on purpose (POLICYKG_SKIP_READERS=1): no chromium");
        return;
    };
    let (_dir, store) = sample_store();
    let server = Server::start(&store, &[]);

    // search
    let results = dump_dom(
        browser,
        &server.url(&format!("/#/search/{}", enc("국무원"))),
    );
    assert!(results.contains("id=\"results\""), "{results}");
    let entity = first_link(&results, "id=\"results\"", "entity-link")
        .unwrap_or_else(|| panic!("no result link: {results}"));
    assert!(entity.contains("state-council"), "{entity}");

    // the entity page and its targets
    let page = dump_dom(browser, &server.url(&format!("/{entity}")));
    assert!(page.contains("id=\"entity-title\""), "{page}");
    let targets = &page[page
        .find("id=\"targets\"")
        .unwrap_or_else(|| panic!("no targets: {page}"))..];
    assert!(
        targets.contains("특허 운용 전문프로젝트 액션방안"),
        "{targets}"
    );
    assert!(targets.contains("8000억 위안"), "{targets}");
    assert!(targets.contains("특허 기술거래 규모"), "{targets}");
    assert!(targets.contains("kostec-weekly-2023-11-03.md"), "{targets}");
    assert!(page.contains("<canvas"), "the graph was not drawn: {page}");

    // the graph, and a click through to a neighbour's graph
    let marker = "id=\"open-graph\" href=\"";
    let at = page
        .find(marker)
        .unwrap_or_else(|| panic!("no graph link: {page}"))
        + marker.len();
    let graph_href = &page[at..at + page[at..].find('"').unwrap_or(0)];
    let graph = dump_dom(browser, &server.url(&format!("/{graph_href}")));
    assert!(graph.contains("<canvas"), "{graph}");
    assert!(graph.contains("특허 운용 전문프로젝트 액션방안"), "{graph}");
    let neighbour = first_link(&graph, "id=\"graph-nodes\"", "node-link")
        .unwrap_or_else(|| panic!("no neighbour: {graph}"));
    assert!(neighbour.starts_with("#/graph/"), "{neighbour}");
    let next = dump_dom(browser, &server.url(&format!("/{neighbour}")));
    let title = &next[next
        .find("id=\"graph-title\"")
        .unwrap_or_else(|| panic!("{next}"))..];
    let title = &title[..title.find("</h1>").unwrap_or(title.len())];
    assert!(!title.contains("국무원</a>"), "still on 국무원: {title}");
    assert!(next.contains("<canvas"), "{next}");
}
