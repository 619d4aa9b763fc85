//! The benchmark's results: one [`Figures`] per corpus size, written as
//! flat JSON keys (`target/bench/report.json`) and as Markdown tables.

use serde_json::{json, Map, Value};

/// Everything measured on one corpus.
pub struct Figures {
    /// Reports in the corpus.
    pub reports: u64,
    /// Corpus size in MiB.
    pub corpus_mb: f64,
    /// Quads in the ingested store (ontology included).
    pub quads: usize,
    /// `policykg ingest` wall seconds.
    pub ingest_s: f64,
    /// Peak RSS of the ingest process, MiB.
    pub ingest_peak_rss_mb: f64,
    /// Oxigraph bulk loader seconds for the same quads.
    pub bulk_load_s: f64,
    /// Extraction alone, seconds.
    pub extract_s: f64,
    /// One Aho-Corasick pass over the same text, seconds.
    pub scan_s: f64,
    /// Per named query, in `NAMED_QUERIES` order.
    pub queries: Vec<QueryFigure>,
    /// The named queries with an `?agency` variable, bound to the agency
    /// that set the most targets (its label), as exploration runs them.
    pub bound_queries: (Option<String>, Vec<QueryFigure>),
    /// One triple pattern (`?t pk:setBy ?a`) timed like the named queries:
    /// the store's floor under a query that lists every target's agency.
    pub query_floor: QueryFigure,
    /// Building the whole entity graph from the store (reading and joining, no writing), seconds.
    pub export_read_s: f64,
    /// GEXF export of the whole graph, seconds (or why it was stopped).
    pub export_gexf_s: Result<f64, String>,
    /// Nodes and edges exported.
    pub export_nodes: usize,
    /// Edges exported.
    pub export_edges: usize,
    /// networkx `write_gexf` seconds, or why it did not run.
    pub networkx_s: Result<f64, String>,
    /// `policykg push` to a local Oxigraph server and its reference (a
    /// dump to a file), or why it did not run.
    pub push: Result<crate::push::PushRun, String>,
    /// `policykg serve` under load, or why it did not run.
    pub serve: Result<super::serve_load::ServeLoad, String>,
}

/// Latency of one named query.
pub struct QueryFigure {
    /// Its name in `queries/`.
    pub name: String,
    /// Rows of its answer.
    pub rows: usize,
    /// Timed runs.
    pub runs: usize,
    /// Median, ms (none when it could not be timed).
    pub p50_ms: Option<f64>,
    /// 95th percentile, ms.
    pub p95_ms: Option<f64>,
    /// Why it was not (fully) timed.
    pub note: Option<String>,
}

impl QueryFigure {
    /// `p50 / p95` in ms for the Markdown table, or a dash when untimed.
    fn latency_cell(&self) -> String {
        match (self.p50_ms, self.p95_ms) {
            (Some(p50), Some(p95)) => format!("{p50:.1} / {p95:.1}"),
            _ => "—".to_string(),
        }
    }
}

/// The goals of the issue, checked on a 1,000-report corpus.
pub const GOALS: &[(&str, f64)] = &[
    ("ingest_vs_bulk_load", 1.5),
    ("extract_vs_scan", 10.0),
    ("ingest_peak_rss_mb", 1024.0),
    ("query_p95_ms_max", 100.0),
    ("export_vs_networkx", 0.2),
    ("serve_entity_p99_ms", 50.0),
];

impl Figures {
    /// `ingest_s / bulk_load_s`.
    pub fn ingest_vs_bulk_load(&self) -> f64 {
        self.ingest_s / self.bulk_load_s
    }

    /// `extract_s / scan_s`.
    pub fn extract_vs_scan(&self) -> f64 {
        self.extract_s / self.scan_s
    }

    /// `export_gexf_s / networkx_s`, when networkx ran.
    pub fn export_vs_networkx(&self) -> Option<f64> {
        Some(self.export_gexf_s.as_ref().ok()? / self.networkx_s.as_ref().ok()?)
    }

    /// `export_read_s / networkx_s`: building the graph, without writing it, against networkx.
    pub fn export_read_vs_networkx(&self) -> Option<f64> {
        Some(self.export_read_s / self.networkx_s.as_ref().ok()?)
    }

    /// The slowest query's p95 (infinite when a query could not be timed).
    pub fn query_p95_max(&self) -> f64 {
        self.queries
            .iter()
            .map(|q| q.p95_ms.unwrap_or(f64::INFINITY))
            .fold(0.0, f64::max)
    }

    /// Ingest milliseconds per report.
    pub fn ingest_ms_per_report(&self) -> f64 {
        self.ingest_s * 1000.0 / self.reports as f64
    }

    fn value_of(&self, goal: &str) -> Option<f64> {
        match goal {
            "ingest_vs_bulk_load" => Some(self.ingest_vs_bulk_load()),
            "extract_vs_scan" => Some(self.extract_vs_scan()),
            "ingest_peak_rss_mb" => Some(self.ingest_peak_rss_mb),
            "query_p95_ms_max" => Some(self.query_p95_max()),
            "export_vs_networkx" => self.export_vs_networkx(),
            "serve_entity_p99_ms" => self
                .serve
                .as_ref()
                .ok()
                .map(|s| super::measure::percentile(&s.entity_ms, 99.0)),
            _ => None,
        }
    }

    /// Flat JSON keys (query latencies are objects keyed by query name).
    pub fn to_json(&self) -> Map<String, Value> {
        let by_name = |pick: fn(&QueryFigure) -> Value| -> Value {
            Value::Object(
                self.queries
                    .iter()
                    .map(|q| (q.name.clone(), pick(q)))
                    .collect(),
            )
        };
        let mut m = Map::new();
        m.insert("reports".into(), json!(self.reports));
        m.insert("corpus_mb".into(), json!(round(self.corpus_mb, 2)));
        m.insert("quads".into(), json!(self.quads));
        m.insert("ingest_s".into(), json!(round(self.ingest_s, 3)));
        m.insert(
            "ingest_ms_per_report".into(),
            json!(round(self.ingest_ms_per_report(), 3)),
        );
        m.insert(
            "ingest_peak_rss_mb".into(),
            json!(round(self.ingest_peak_rss_mb, 1)),
        );
        m.insert("bulk_load_s".into(), json!(round(self.bulk_load_s, 3)));
        m.insert(
            "ingest_vs_bulk_load".into(),
            json!(round(self.ingest_vs_bulk_load(), 3)),
        );
        m.insert("extract_s".into(), json!(round(self.extract_s, 3)));
        m.insert("scan_s".into(), json!(round(self.scan_s, 4)));
        m.insert(
            "extract_vs_scan".into(),
            json!(round(self.extract_vs_scan(), 2)),
        );
        m.insert("query_rows".into(), by_name(|q| json!(q.rows)));
        m.insert("query_runs".into(), by_name(|q| json!(q.runs)));
        m.insert(
            "query_p50_ms".into(),
            by_name(|q| json!(q.p50_ms.map(|v| round(v, 3)))),
        );
        m.insert(
            "query_p95_ms".into(),
            by_name(|q| json!(q.p95_ms.map(|v| round(v, 3)))),
        );
        if let (Some(agency), bound) = &self.bound_queries {
            m.insert("query_bound_agency".into(), json!(agency));
            m.insert(
                "query_bound_p95_ms".into(),
                Value::Object(
                    bound
                        .iter()
                        .map(|q| (q.name.clone(), json!(q.p95_ms.map(|v| round(v, 3)))))
                        .collect(),
                ),
            );
        }
        m.insert("query_floor_rows".into(), json!(self.query_floor.rows));
        m.insert(
            "query_floor_p95_ms".into(),
            json!(self.query_floor.p95_ms.map(|v| round(v, 3))),
        );
        let notes: Map<String, Value> = self
            .queries
            .iter()
            .filter_map(|q| q.note.as_ref().map(|n| (q.name.clone(), json!(n))))
            .collect();
        if !notes.is_empty() {
            m.insert("query_notes".into(), Value::Object(notes));
        }
        match &self.export_gexf_s {
            Ok(s) => {
                m.insert("export_gexf_s".into(), json!(round(*s, 3)));
            }
            Err(why) => {
                m.insert("export_gexf_s".into(), Value::Null);
                m.insert("export_stopped".into(), json!(why));
            }
        }
        m.insert("export_read_s".into(), json!(round(self.export_read_s, 3)));
        m.insert("export_nodes".into(), json!(self.export_nodes));
        m.insert("export_edges".into(), json!(self.export_edges));
        match &self.networkx_s {
            Ok(s) => {
                m.insert("networkx_s".into(), json!(round(*s, 3)));
            }
            Err(why) => {
                m.insert("networkx_s".into(), Value::Null);
                m.insert("networkx_skipped".into(), json!(why));
            }
        }
        m.insert(
            "export_vs_networkx".into(),
            json!(self.export_vs_networkx().map(|v| round(v, 3))),
        );
        m.insert(
            "export_read_vs_networkx".into(),
            json!(self.export_read_vs_networkx().map(|v| round(v, 3))),
        );
        match &self.push {
            Ok(p) => {
                m.insert("push_s".into(), json!(round(p.push_s, 3)));
                m.insert("push_graphs".into(), json!(p.graphs));
                m.insert("dump_s".into(), json!(round(p.dump_s, 3)));
                m.insert("push_vs_dump".into(), json!(round(p.push_vs_dump(), 3)));
                m.insert(
                    "push_vs_bulk_load".into(),
                    json!(round(p.push_s / self.bulk_load_s, 3)),
                );
            }
            Err(why) => {
                m.insert("push_s".into(), Value::Null);
                m.insert("push_skipped".into(), json!(why));
            }
        }
        match &self.serve {
            Ok(s) => s.insert_json(&mut m),
            Err(why) => {
                m.insert("serve_skipped".into(), json!(why));
            }
        }
        m
    }

    /// The main table: every figure, with the goal and whether it is met.
    pub fn markdown(&self) -> String {
        let mut t = String::from("| figure | value | goal | met |\n|---|---:|---:|:---:|\n");
        let goal_cells = |key: &str| -> (String, String) {
            match GOALS.iter().find(|(k, _)| *k == key) {
                Some((_, limit)) => {
                    let met = self.value_of(key).map_or("n/a", |v| {
                        if v <= *limit {
                            "yes"
                        } else {
                            "**no**"
                        }
                    });
                    (format!("≤ {limit}"), met.to_string())
                }
                None => (String::new(), String::new()),
            }
        };
        let mut row = |name: &str, value: String, key: &str| {
            let (goal, met) = goal_cells(key);
            t.push_str(&format!("| {name} | {value} | {goal} | {met} |\n"));
        };
        row("reports", self.reports.to_string(), "");
        row("corpus (MiB)", format!("{:.1}", self.corpus_mb), "");
        row("quads", self.quads.to_string(), "");
        row("ingest_s", format!("{:.2}", self.ingest_s), "");
        row(
            "ingest_peak_rss_mb",
            format!("{:.0}", self.ingest_peak_rss_mb),
            "ingest_peak_rss_mb",
        );
        row("bulk_load_s", format!("{:.2}", self.bulk_load_s), "");
        row(
            "ingest_vs_bulk_load",
            format!("{:.2}", self.ingest_vs_bulk_load()),
            "ingest_vs_bulk_load",
        );
        row("extract_s", format!("{:.2}", self.extract_s), "");
        row("scan_s", format!("{:.3}", self.scan_s), "");
        row(
            "extract_vs_scan",
            format!("{:.1}", self.extract_vs_scan()),
            "extract_vs_scan",
        );
        for q in &self.queries {
            let value = q.latency_cell();
            let note = q.note.as_ref().map_or(String::new(), |n| format!("; {n}"));
            row(
                &format!(
                    "query {} p50 / p95 ms ({} rows, {} runs{note})",
                    q.name, q.rows, q.runs
                ),
                value,
                "",
            );
        }
        if let (Some(agency), bound) = &self.bound_queries {
            for q in bound {
                let value = q.latency_cell();
                row(
                    &format!(
                        "bound query {} --param agency={agency} p50 / p95 ms ({} rows, {} runs)",
                        q.name, q.rows, q.runs
                    ),
                    value,
                    "",
                );
            }
        }
        let floor = &self.query_floor;
        row(
            &format!(
                "floor under the queries: `?t pk:setBy ?a` alone, p50 / p95 ms ({} rows, {} runs)",
                floor.rows, floor.runs
            ),
            floor.latency_cell(),
            "",
        );
        let max = self.query_p95_max();
        row(
            "query p95 max (ms)",
            if max.is_finite() {
                format!("{max:.1}")
            } else {
                "∞ (a query was stopped)".into()
            },
            "query_p95_ms_max",
        );
        match &self.export_gexf_s {
            Ok(s) => row(
                "export_gexf_s",
                format!(
                    "{s:.2} ({} nodes, {} edges)",
                    self.export_nodes, self.export_edges
                ),
                "",
            ),
            Err(why) => row("export_gexf_s", why.clone(), ""),
        }
        row(
            "export_read_s (building the graph from the store, no writing)",
            format!("{:.2}", self.export_read_s),
            "",
        );
        match &self.networkx_s {
            Ok(s) => row("networkx_s (write_gexf)", format!("{s:.2}"), ""),
            Err(why) => row("networkx_s (write_gexf)", format!("skipped: {why}"), ""),
        }
        row(
            "export_vs_networkx",
            self.export_vs_networkx()
                .map_or("n/a".into(), |v| format!("{v:.3}")),
            "export_vs_networkx",
        );
        row(
            "export_read_vs_networkx",
            self.export_read_vs_networkx()
                .map_or("n/a".into(), |v| format!("{v:.3}")),
            "",
        );
        match &self.push {
            Ok(p) => {
                row(
                    &format!("push_s (to a local oxigraph serve, {} graphs)", p.graphs),
                    format!("{:.2}", p.push_s),
                    "",
                );
                row("dump_s (N-Quads to a file)", format!("{:.2}", p.dump_s), "");
                row("push_vs_dump", format!("{:.2}", p.push_vs_dump()), "");
                row(
                    "push_vs_bulk_load",
                    format!("{:.2}", p.push_s / self.bulk_load_s),
                    "",
                );
            }
            Err(why) => row("push_s", format!("skipped: {why}"), ""),
        }
        match &self.serve {
            Ok(s) => {
                for (name, value) in s.markdown_rows() {
                    row(&name, value, "");
                }
                row(
                    "serve: entity page p99 ms",
                    format!("{:.1}", super::measure::percentile(&s.entity_ms, 99.0)),
                    "serve_entity_p99_ms",
                );
            }
            Err(why) => row("serve", why.clone(), ""),
        }
        t
    }
}

/// One row per corpus size, to show how cost grows.
pub fn scaling_markdown(runs: &[Figures]) -> String {
    let mut t = String::from("| reports | quads | ingest_s | ms/report | peak RSS MiB | bulk_load_s | ingest/bulk | extract_s | extract/scan | max query p95 ms | export_gexf_s | export/networkx |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for f in runs {
        t.push_str(&format!(
            "| {} | {} | {:.2} | {:.2} | {:.0} | {:.2} | {:.2} | {:.2} | {:.1} | {:.1} | {} | {} |\n",
            f.reports,
            f.quads,
            f.ingest_s,
            f.ingest_ms_per_report(),
            f.ingest_peak_rss_mb,
            f.bulk_load_s,
            f.ingest_vs_bulk_load(),
            f.extract_s,
            f.extract_vs_scan(),
            f.query_p95_max(),
            f.export_gexf_s.as_ref().map_or("n/a".into(), |s| format!("{s:.2}")),
            f.export_vs_networkx().map_or("n/a".into(), |v| format!("{v:.3}"))
        ));
    }
    t
}

/// `x` rounded to `digits` decimals (JSON stays readable).
pub fn round(x: f64, digits: i32) -> f64 {
    let k = 10f64.powi(digits);
    (x * k).round() / k
}
