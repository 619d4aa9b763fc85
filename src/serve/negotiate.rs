//! Content negotiation (RFC 9110 `Accept`) between the formats Oxigraph
//! writes: the W3C SPARQL result formats for SELECT and ASK, RDF formats for
//! CONSTRUCT, DESCRIBE, the Graph Store and the service description. A
//! `format=` parameter (`json`, `xml`, `csv`, `tsv`, `ttl`, `nt`, `rdf`,
//! `jsonld`…) overrides the header, for links in a browser.

use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::sparql::results::QueryResultsFormat;

use super::reply::Refusal;
use axum::http::StatusCode;

/// Result formats for solutions and booleans, the default first.
pub const RESULT_TYPES: &[(&str, QueryResultsFormat)] = &[
    ("application/sparql-results+json", QueryResultsFormat::Json),
    ("application/json", QueryResultsFormat::Json),
    ("application/sparql-results+xml", QueryResultsFormat::Xml),
    ("application/xml", QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
];

const JSON_LD: RdfFormat = RdfFormat::JsonLd {
    profile: JsonLdProfileSet::empty(),
};

/// RDF formats for graphs, the default first.
pub const GRAPH_TYPES: &[(&str, RdfFormat)] = &[
    ("text/turtle", RdfFormat::Turtle),
    ("application/n-triples", RdfFormat::NTriples),
    ("application/rdf+xml", RdfFormat::RdfXml),
    ("application/ld+json", JSON_LD),
    ("application/n-quads", RdfFormat::NQuads),
    ("application/trig", RdfFormat::TriG),
    ("text/plain", RdfFormat::NTriples),
];

/// Whether `accept` names a type of the other family only (a client that
/// sends one `Accept` for every query form, as rdflib's `SPARQLStore`
/// does): such a client gets the default of this family, not a 406.
fn names_other_family<F: Copy>(accept: Option<&str>, other: &[(&'static str, F)]) -> bool {
    accept.is_some_and(|a| {
        a.split(',').any(|item| {
            let media = item.split(';').next().unwrap_or("").trim();
            other.iter().any(|(m, _)| m.eq_ignore_ascii_case(media))
        })
    })
}

/// The result format for `accept` (or the `format` parameter).
pub fn result_format(
    accept: Option<&str>,
    format: Option<&str>,
) -> Result<(QueryResultsFormat, &'static str), Refusal> {
    if let Some(f) = format {
        let by_name = match f.to_ascii_lowercase().as_str() {
            "json" | "srj" => Some(QueryResultsFormat::Json),
            "xml" | "srx" => Some(QueryResultsFormat::Xml),
            "csv" => Some(QueryResultsFormat::Csv),
            "tsv" => Some(QueryResultsFormat::Tsv),
            _ => None,
        };
        let fmt = by_name
            .or_else(|| QueryResultsFormat::from_media_type(f))
            .ok_or_else(|| {
                Refusal::bad_request(format!(
                    "unknown result format `{f}`; use json, xml, csv or tsv"
                ))
            })?;
        let media = RESULT_TYPES
            .iter()
            .find(|(_, x)| *x == fmt)
            .map_or("application/sparql-results+json", |(m, _)| *m);
        return Ok((fmt, media));
    }
    choose(accept, RESULT_TYPES).or_else(|refusal| {
        if names_other_family(accept, GRAPH_TYPES) {
            Ok((RESULT_TYPES[0].1, RESULT_TYPES[0].0))
        } else {
            Err(refusal)
        }
    })
}

/// The RDF format for `accept` (or the `format` parameter).
pub fn graph_format(
    accept: Option<&str>,
    format: Option<&str>,
) -> Result<(RdfFormat, &'static str), Refusal> {
    if let Some(f) = format {
        let by_name = match f.to_ascii_lowercase().as_str() {
            // SPARQLWrapper asks for `n3`: Turtle is N3's subset that every N3 reader reads
            "ttl" | "turtle" | "n3" => Some(RdfFormat::Turtle),
            "nt" | "ntriples" | "n-triples" => Some(RdfFormat::NTriples),
            "rdf" | "xml" | "rdfxml" | "rdf+xml" => Some(RdfFormat::RdfXml),
            "jsonld" | "json-ld" | "json" => Some(JSON_LD),
            "nq" | "nquads" => Some(RdfFormat::NQuads),
            "trig" => Some(RdfFormat::TriG),
            _ => None,
        };
        let fmt = by_name
            .or_else(|| RdfFormat::from_media_type(f))
            .ok_or_else(|| {
                Refusal::bad_request(format!(
                    "unknown RDF format `{f}`; use ttl, nt, rdf, jsonld, nq or trig"
                ))
            })?;
        let media = GRAPH_TYPES
            .iter()
            .find(|(_, x)| *x == fmt)
            .map_or("text/turtle", |(m, _)| *m);
        return Ok((fmt, media));
    }
    choose(accept, GRAPH_TYPES).or_else(|refusal| {
        if names_other_family(accept, RESULT_TYPES) {
            Ok((GRAPH_TYPES[0].1, GRAPH_TYPES[0].0))
        } else {
            Err(refusal)
        }
    })
}

/// One media range of an `Accept` header.
struct Range<'a> {
    kind: &'a str,
    subtype: &'a str,
    q: f32,
    position: usize,
}

impl Range<'_> {
    fn matches(&self, media: &str) -> bool {
        let (kind, subtype) = media.split_once('/').unwrap_or((media, ""));
        (self.kind == "*" || self.kind.eq_ignore_ascii_case(kind))
            && (self.subtype == "*" || self.subtype.eq_ignore_ascii_case(subtype))
    }

    fn specificity(&self) -> u8 {
        u8::from(self.kind != "*") + u8::from(self.subtype != "*")
    }
}

/// The supported type the client prefers: ranges by quality, then
/// specificity, then order; within a range, our order. No header, an empty
/// one or `*/*` gives our default. Nothing acceptable is a 406.
fn choose<F: Copy>(
    accept: Option<&str>,
    supported: &[(&'static str, F)],
) -> Result<(F, &'static str), Refusal> {
    let default = supported[0];
    let Some(accept) = accept.map(str::trim).filter(|a| !a.is_empty()) else {
        return Ok((default.1, default.0));
    };
    let mut ranges: Vec<Range<'_>> = Vec::new();
    for (position, item) in accept.split(',').enumerate() {
        let mut parts = item.split(';');
        let media = parts.next().unwrap_or("").trim();
        let Some((kind, subtype)) = media.split_once('/') else {
            continue;
        };
        let mut q = 1.0f32;
        for p in parts {
            if let Some((k, v)) = p.split_once('=') {
                if k.trim().eq_ignore_ascii_case("q") {
                    q = v.trim().parse::<f32>().unwrap_or(0.0).clamp(0.0, 1.0);
                }
            }
        }
        ranges.push(Range {
            kind: kind.trim(),
            subtype: subtype.trim(),
            q,
            position,
        });
    }
    ranges.sort_by(|a, b| {
        b.q.total_cmp(&a.q)
            .then(b.specificity().cmp(&a.specificity()))
            .then(a.position.cmp(&b.position))
    });
    for r in ranges.iter().filter(|r| r.q > 0.0) {
        // a type refused with q=0 by a more specific range stays refused
        let refused = |m: &str| {
            ranges
                .iter()
                .any(|o| o.q == 0.0 && o.matches(m) && o.specificity() >= r.specificity())
        };
        if let Some((media, f)) = supported
            .iter()
            .find(|pair| r.matches(pair.0) && !refused(pair.0))
        {
            return Ok((*f, *media));
        }
    }
    Err(Refusal::new(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "cannot answer in `{}`; available: {}",
            accept.chars().take(200).collect::<String>(),
            supported
                .iter()
                .map(|(m, _)| *m)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_result_formats() {
        let cases: &[(Option<&str>, Option<&str>)] = &[
            (None, Some("application/sparql-results+json")),
            (Some("*/*"), Some("application/sparql-results+json")),
            (Some("text/csv"), Some("text/csv")),
            (
                Some("text/tab-separated-values"),
                Some("text/tab-separated-values"),
            ),
            (
                Some("application/sparql-results+xml;q=0.9, application/sparql-results+json;q=0.5"),
                Some("application/sparql-results+xml"),
            ),
            (Some("text/*"), Some("text/csv")),
            (Some("application/*;q=0, */*"), Some("text/csv")),
            (Some("image/png"), None),
            (Some("garbage"), None),
        ];
        for (accept, want) in cases {
            let got = result_format(*accept, None).ok().map(|(_, m)| m);
            assert_eq!(got, *want, "{accept:?}");
        }
    }

    #[test]
    fn negotiates_rdf_formats() {
        let cases: &[(Option<&str>, Option<&str>)] = &[
            (None, Some("text/turtle")),
            (Some("application/n-triples"), Some("application/n-triples")),
            (Some("application/rdf+xml"), Some("application/rdf+xml")),
            (Some("application/ld+json"), Some("application/ld+json")),
            (Some("text/html, */*;q=0.1"), Some("text/turtle")),
            (Some("image/png"), None),
            // one Accept for every query form: the default of the other family
            (Some("application/sparql-results+json"), Some("text/turtle")),
        ];
        for (accept, want) in cases {
            let got = graph_format(*accept, None).ok().map(|(_, m)| m);
            assert_eq!(got, *want, "{accept:?}");
        }
    }
}
