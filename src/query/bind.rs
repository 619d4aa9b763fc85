//! `--param` bindings (`policykg query --param agency=국무원`, the named
//! queries of `policykg serve`): each value is added to the query's algebra
//! (parsed with `spargebra`) as a `VALUES` join, a join inside the one
//! `OPTIONAL` that binds it, or a `FILTER(sameTerm(…))`, and the query is
//! written back from that algebra. The query text is never edited.
//!
//! It does not run queries or print results ([`super`], [`super::results`]).

use std::collections::BTreeSet;

use spargebra::algebra::{Expression, GraphPattern};
use spargebra::term::{GroundTerm, NamedNodePattern, TermPattern, Variable};

use super::{shift_line_numbers, with_prefixes, QuerySource};
use crate::error::{Error, Result};
use crate::rdf::vocab;

/// Binds query variables to values (`agency=국무원`, `deadline=2025`), so a
/// listing query answers for one entity instead of all of them. A bare
/// value is a Korean label (`"국무원"@ko`); four digits are a year
/// (`"2025"^^xsd:gYear`); another number is a number; a value written as a
/// SPARQL term (`<…>`, `"…"@zh`, `"…"^^xsd:…`, `pk:…`) is used as it is.
///
/// A variable that every solution of the query's `WHERE` pattern binds
/// becomes a row of a `VALUES` joined to that pattern: the store then looks
/// the value up instead of scanning. A variable bound only in an
/// `OPTIONAL` (or one branch of a `UNION`) cannot be bound so: a `VALUES`
/// row would also be compatible with the solutions that leave it unbound,
/// and so would answer for everything, labelled with the value. When one
/// `OPTIONAL` alone can bind it, that `OPTIONAL` becomes a plain join with
/// the value (the rows that leave it unbound are the ones the binding
/// drops), which lets the store start from the value; otherwise it becomes
/// a `FILTER(sameTerm(?v, value))` over the pattern.
pub fn bind(source: &mut QuerySource, params: &[(String, String)]) -> Result<()> {
    bind_with(source, params, true)
}

/// [`bind`]; without `join_optionals`, every variable not always bound is
/// filtered (the reference the joins are tested against).
fn bind_with(
    source: &mut QuerySource,
    params: &[(String, String)],
    join_optionals: bool,
) -> Result<()> {
    if params.is_empty() {
        return Ok(());
    }
    let error = |message: String| Error::Sparql {
        origin: source.origin.clone(),
        message,
    };
    let shift = vocab::SPARQL_PREFIXES.lines().count();
    let mut query = spargebra::SparqlParser::new()
        .parse_query(&with_prefixes(&source.text))
        .map_err(|e| error(shift_line_numbers(&e.to_string(), shift)))?;
    let pattern = match &mut query {
        spargebra::Query::Select { pattern, .. }
        | spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. } => pattern,
    };
    let block = where_block_mut(pattern);
    let mut in_scope = BTreeSet::new();
    block.on_in_scope_variable(|v| {
        in_scope.insert(v.as_str().to_string());
    });
    let always = always_bound(block);
    let mut values: (Vec<Variable>, Vec<Option<GroundTerm>>) = (Vec::new(), Vec::new());
    let mut filters: Vec<Expression> = Vec::new();
    let mut bound = block.clone();
    for (name, value) in params {
        let name = name.trim_start_matches(['?', '$']);
        if !has_variable(&source.text, name) {
            return Err(error(format!(
                "--param {name}: the query has no variable ?{name}"
            )));
        }
        if !in_scope.contains(name) {
            return Err(error(format!(
                "--param {name}: ?{name} is computed after the WHERE block (an aggregate or a SELECT expression), so it cannot be bound"
            )));
        }
        let variable = Variable::new(name)
            .map_err(|e| error(format!("--param {name}: not a variable name: {e}")))?;
        let term =
            ground_term(value).map_err(|message| error(format!("--param {name}: {message}")))?;
        if always.contains(name) {
            values.0.push(variable);
            values.1.push(Some(term));
        } else if let Some(joined) = join_optionals
            .then(|| promote(&bound, &variable, &term))
            .flatten()
        {
            bound = joined;
        } else {
            filters.push(Expression::SameTerm(
                Box::new(Expression::Variable(variable)),
                Box::new(match term {
                    GroundTerm::NamedNode(n) => Expression::NamedNode(n),
                    GroundTerm::Literal(l) => Expression::Literal(l),
                    #[allow(unreachable_patterns)]
                    other => {
                        return Err(error(format!("--param {name}: `{other}` cannot be bound")))
                    }
                }),
            ));
        }
    }
    if !values.0.is_empty() {
        bound = GraphPattern::Join {
            left: Box::new(GraphPattern::Values {
                variables: values.0,
                bindings: vec![values.1],
            }),
            right: Box::new(bound),
        };
    }
    if let Some(expr) = filters
        .into_iter()
        .reduce(|a, b| Expression::And(Box::new(a), Box::new(b)))
    {
        bound = GraphPattern::Filter {
            expr,
            inner: Box::new(bound),
        };
    }
    *block = bound;
    source.text = query.to_string();
    Ok(())
}

/// The ground term a `--param` value stands for (see [`param_term`]), read
/// by the SPARQL parser with the vocabulary's prefixes.
fn ground_term(value: &str) -> std::result::Result<GroundTerm, String> {
    let term = param_term(value);
    let probe = with_prefixes(&format!("SELECT * WHERE {{ VALUES ?v {{ {term} }} }}"));
    let query = spargebra::SparqlParser::new()
        .parse_query(&probe)
        .map_err(|e| format!("`{}` is not a SPARQL term ({e})", value.trim()))?;
    let spargebra::Query::Select { pattern, .. } = query else {
        return Err(format!("`{}` is not a SPARQL term", value.trim()));
    };
    let mut found = None;
    find_values(&pattern, &mut found);
    found.ok_or_else(|| format!("`{}` is not a SPARQL term (UNDEF)", value.trim()))
}

/// The first value of the first `VALUES` in `pattern`.
fn find_values(pattern: &GraphPattern, found: &mut Option<GroundTerm>) {
    match pattern {
        GraphPattern::Values { bindings, .. } => {
            *found = bindings
                .first()
                .and_then(|row| row.first())
                .cloned()
                .flatten();
        }
        GraphPattern::Project { inner, .. } => find_values(inner, found),
        GraphPattern::Join { left, right } => {
            find_values(left, found);
            if found.is_none() {
                find_values(right, found);
            }
        }
        _ => {}
    }
}

/// The query's outer `WHERE` block: below the solution modifiers, the
/// projection, the grouping and any `HAVING` (a `FILTER` there binds
/// nothing, so peeling one that belongs to the block changes neither
/// which variables are in scope nor which are always bound).
fn where_block_mut(pattern: &mut GraphPattern) -> &mut GraphPattern {
    match pattern {
        GraphPattern::Slice { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::Filter { inner, .. }
        | GraphPattern::Group { inner, .. } => where_block_mut(inner),
        other => other,
    }
}

/// `pattern` restricted to the solutions that bind `v` to `value`: the
/// `OPTIONAL` that alone can bind `v` becomes a plain join with
/// `VALUES ?v { value }` beside its pattern (where the store's join order
/// can start from it). `None` when `v` may be bound elsewhere, or by no such
/// `OPTIONAL`. Only joins, filters, `BIND`s of other variables and `GRAPH`
/// are walked through.
fn promote(pattern: &GraphPattern, v: &Variable, value: &GroundTerm) -> Option<GraphPattern> {
    let binds = |p: &GraphPattern| {
        let mut found = false;
        p.on_in_scope_variable(|x| found |= x == v);
        found
    };
    match pattern {
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => {
            if !binds(left) && always_bound(right).contains(v.as_str()) {
                let join = GraphPattern::Join {
                    left: left.clone(),
                    right: Box::new(GraphPattern::Join {
                        left: Box::new(GraphPattern::Values {
                            variables: vec![v.clone()],
                            bindings: vec![vec![Some(value.clone())]],
                        }),
                        right: right.clone(),
                    }),
                };
                Some(match expression {
                    Some(expr) => GraphPattern::Filter {
                        expr: expr.clone(),
                        inner: Box::new(join),
                    },
                    None => join,
                })
            } else if !binds(right) {
                // `v` comes from the left side alone
                Some(GraphPattern::LeftJoin {
                    left: Box::new(promote(left, v, value)?),
                    right: right.clone(),
                    expression: expression.clone(),
                })
            } else {
                None
            }
        }
        GraphPattern::Join { left, right } => {
            if !binds(left) {
                Some(GraphPattern::Join {
                    left: left.clone(),
                    right: Box::new(promote(right, v, value)?),
                })
            } else if !binds(right) {
                Some(GraphPattern::Join {
                    left: Box::new(promote(left, v, value)?),
                    right: right.clone(),
                })
            } else {
                None
            }
        }
        GraphPattern::Filter { expr, inner } => Some(GraphPattern::Filter {
            expr: expr.clone(),
            inner: Box::new(promote(inner, v, value)?),
        }),
        GraphPattern::Extend {
            inner,
            variable,
            expression,
        } if variable != v => Some(GraphPattern::Extend {
            inner: Box::new(promote(inner, v, value)?),
            variable: variable.clone(),
            expression: expression.clone(),
        }),
        GraphPattern::Graph { name, inner } => Some(GraphPattern::Graph {
            name: name.clone(),
            inner: Box::new(promote(inner, v, value)?),
        }),
        _ => None,
    }
}

/// The variables every solution of `pattern` binds (a lower bound: when in
/// doubt a variable is left out, and is then filtered rather than joined).
fn always_bound(pattern: &GraphPattern) -> BTreeSet<String> {
    fn term(t: &TermPattern) -> Option<String> {
        match t {
            TermPattern::Variable(v) => Some(v.as_str().to_string()),
            _ => None,
        }
    }
    fn named(n: &NamedNodePattern) -> Option<String> {
        match n {
            NamedNodePattern::Variable(v) => Some(v.as_str().to_string()),
            NamedNodePattern::NamedNode(_) => None,
        }
    }
    match pattern {
        GraphPattern::Bgp { patterns } => patterns
            .iter()
            .flat_map(|t| [term(&t.subject), named(&t.predicate), term(&t.object)])
            .flatten()
            .collect(),
        GraphPattern::Path {
            subject, object, ..
        } => [term(subject), term(object)]
            .into_iter()
            .flatten()
            .collect(),
        GraphPattern::Join { left, right } => {
            let mut both = always_bound(left);
            both.extend(always_bound(right));
            both
        }
        GraphPattern::LeftJoin { left, .. } | GraphPattern::Minus { left, .. } => {
            always_bound(left)
        }
        GraphPattern::Union { left, right } => {
            let right = always_bound(right);
            always_bound(left)
                .into_iter()
                .filter(|v| right.contains(v))
                .collect()
        }
        GraphPattern::Graph { name, inner } => {
            let mut vars = always_bound(inner);
            vars.extend(named(name));
            vars
        }
        GraphPattern::Filter { inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => always_bound(inner),
        GraphPattern::Project { inner, variables }
        | GraphPattern::Group {
            inner, variables, ..
        } => {
            let inner = always_bound(inner);
            variables
                .iter()
                .map(|v| v.as_str().to_string())
                .filter(|v| inner.contains(v))
                .collect()
        }
        GraphPattern::Values {
            variables,
            bindings,
        } => variables
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                bindings
                    .iter()
                    .all(|row| row.get(*i).is_some_and(Option::is_some))
            })
            .map(|(_, v)| v.as_str().to_string())
            .collect(),
        // SERVICE and LATERAL: not needed by the shipped queries; filtered
        _ => BTreeSet::new(),
    }
}

/// Whether `?name` (or `$name`) occurs as a whole variable in `text`.
fn has_variable(text: &str, name: &str) -> bool {
    ["?", "$"].iter().any(|sigil| {
        let needle = format!("{sigil}{name}");
        text.match_indices(&needle).any(|(i, _)| {
            text[i + needle.len()..]
                .chars()
                .next()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
        })
    })
}

/// The SPARQL term a `--param` value stands for.
fn param_term(value: &str) -> String {
    let v = value.trim();
    let is_term = v.starts_with(['<', '"', '\'']) || {
        let prefix = v.split(':').next().unwrap_or("");
        v.contains(':') && !prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_alphanumeric())
    };
    if is_term {
        v.to_string()
    } else if v.len() == 4 && v.chars().all(|c| c.is_ascii_digit()) {
        format!("\"{v}\"^^<http://www.w3.org/2001/XMLSchema#gYear>")
    } else if !v.is_empty() && v.parse::<f64>().is_ok() {
        v.to_string()
    } else {
        let escaped = v.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{escaped}\"@ko")
    }
}

#[cfg(test)]
mod bind_tests {
    use super::*;
    use oxigraph::sparql::{QueryResults, SparqlEvaluator};
    use oxigraph::store::Store;

    fn bound(query: &str, params: &[(&str, &str)]) -> String {
        bound_with(bind, query, params)
    }

    /// `bind` without the rewrite of filtered variables into joins.
    fn filtered(query: &str, params: &[(&str, &str)]) -> String {
        bound_with(|s, p| bind_with(s, p, false), query, params)
    }

    type Binder = fn(&mut QuerySource, &[(String, String)]) -> Result<()>;

    fn bound_with(how: Binder, query: &str, params: &[(&str, &str)]) -> String {
        let mut source = QuerySource {
            origin: "test".into(),
            text: query.into(),
        };
        let params: Vec<(String, String)> = params
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        how(&mut source, &params).expect("binds");
        source.text
    }

    #[test]
    fn required_variables_are_joined_and_optional_ones_filtered() {
        let q = "SELECT ?agency ?m WHERE { ?t pk:setBy ?a . ?a rdfs:label ?agency OPTIONAL { ?t pk:metric ?m } }";
        let text = filtered(q, &[("agency", "국무원"), ("m", "규모")]);
        assert!(
            text.contains("VALUES ( ?agency ) { ( \"국무원\"@ko )"),
            "{text}"
        );
        assert!(text.contains("FILTER(sameTerm(?m, \"규모\"@ko))"), "{text}");
        // the OPTIONAL alone binds ?m, so it becomes a join with the value
        let text = bound(q, &[("agency", "국무원"), ("m", "규모")]);
        assert!(!text.contains("sameTerm"), "{text}");
        assert!(!text.contains("OPTIONAL"), "{text}");
        assert!(text.contains("VALUES ( ?m ) { ( \"규모\"@ko )"), "{text}");
    }

    #[test]
    fn a_variable_two_optionals_bind_stays_filtered() {
        let q = "SELECT ?t ?l WHERE { ?t a pk:Target OPTIONAL { ?t pk:metric ?l } OPTIONAL { ?t pk:unit ?l } }";
        let text = bound(q, &[("l", "규모")]);
        assert!(text.contains("FILTER(sameTerm(?l, \"규모\"@ko))"), "{text}");
        let q = "SELECT ?t ?l WHERE { ?t a pk:Target OPTIONAL { ?t pk:metric ?l OPTIONAL { ?t pk:unit ?u } } }";
        let text = bound(q, &[("u", "%")]);
        assert!(text.contains("FILTER(sameTerm(?u, \"%\"@ko))"), "{text}");
    }

    #[test]
    fn the_where_block_is_found_under_grouping_and_having() {
        let q = "SELECT ?d (COUNT(?t) AS ?n) WHERE { ?t pk:deadline ?d OPTIONAL { ?t pk:setBy ?a } } GROUP BY ?d HAVING (COUNT(?t) > 1) ORDER BY ?d LIMIT 3";
        let text = filtered(q, &[("d", "2025"), ("a", "pk:x")]);
        assert!(text.contains("VALUES ( ?d )"), "{text}");
        assert!(
            text.contains("FILTER(sameTerm(?a, <https://w3id.org/policykg/ontology#x>))"),
            "{text}"
        );
        let text = bound(q, &[("d", "2025"), ("a", "pk:x")]);
        // HAVING is written back as a filter over a sub-select
        assert!(text.contains("> \"1\"^^"), "{text}");
        assert!(!text.contains("sameTerm"), "{text}");
    }

    /// The rewritten queries answer exactly as the filtered ones, on a
    /// small store where some targets have no agency, some agencies no
    /// Korean label and some targets several agencies.
    #[test]
    fn joined_parameters_answer_as_filtered_ones() {
        let store = Store::new().expect("memory store");
        let data = r#"
            @prefix pk: <https://w3id.org/policykg/ontology#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            pk:t1 a pk:Target ; pk:deadline "2025"^^xsd:gYear ; pk:setBy pk:a1 ; pk:metric "규모"@ko .
            pk:t2 a pk:Target ; pk:deadline "2025"^^xsd:gYear ; pk:setBy pk:a1 , pk:a2 .
            pk:t3 a pk:Target ; pk:deadline "2030"^^xsd:gYear ; pk:metric "규모"@ko .
            pk:t4 a pk:Target ; pk:deadline "2030"^^xsd:gYear ; pk:setBy pk:a3 .
            pk:p1 pk:hasTarget pk:t1 , pk:t3 ; rdfs:label "계획"@ko .
            pk:a1 rdfs:label "국무원"@ko , "State Council"@en .
            pk:a2 rdfs:label "과학기술부"@ko .
            pk:a3 rdfs:label "国务院"@zh .
        "#;
        store
            .load_from_reader(oxigraph::io::RdfFormat::Turtle, data.as_bytes())
            .expect("loads");
        let answers = |text: &str| -> Vec<String> {
            let results = SparqlEvaluator::new()
                .parse_query(&with_prefixes(text))
                .expect("parses")
                .on_store(&store)
                .execute()
                .expect("runs");
            let QueryResults::Solutions(rows) = results else {
                unreachable!()
            };
            let mut out: Vec<String> = rows
                .map(|r| format!("{:?}", r.expect("row").values()))
                .collect();
            out.sort();
            out
        };
        let queries = [
            "SELECT ?deadline (COUNT(DISTINCT ?t) AS ?n) (GROUP_CONCAT(DISTINCT ?agency) AS ?agencies) WHERE { ?t a pk:Target ; pk:deadline ?deadline . OPTIONAL { ?t pk:setBy/rdfs:label ?agency . FILTER(lang(?agency) = \"ko\") } } GROUP BY ?deadline",
            "SELECT ?t ?agency ?program ?metric WHERE { ?t a pk:Target . OPTIONAL { ?t pk:setBy/rdfs:label ?agency . FILTER(lang(?agency) = \"ko\") } OPTIONAL { ?p pk:hasTarget ?t ; rdfs:label ?program } OPTIONAL { ?t pk:metric ?metric } }",
            "SELECT ?t ?agency ?program WHERE { ?t a pk:Target . OPTIONAL { ?t pk:setBy ?a . OPTIONAL { ?a rdfs:label ?agency } } OPTIONAL { ?p pk:hasTarget ?t ; rdfs:label ?program } FILTER(?t != pk:t4) }",
            // bound by two OPTIONALs: stays a filter
            "SELECT ?t ?metric WHERE { ?t a pk:Target OPTIONAL { ?t pk:metric ?metric } OPTIONAL { ?p pk:hasTarget ?t ; rdfs:label ?metric } }",
        ];
        let params: &[&[(&str, &str)]] = &[
            &[("agency", "국무원")],
            &[("agency", "과학기술부")],
            &[("agency", "国务院")],
            &[("program", "계획")],
            &[("metric", "규모"), ("agency", "국무원")],
            &[("metric", "규모")],
            &[("metric", "계획")],
            &[("deadline", "2030")],
        ];
        let (mut compared, mut joined) = (0, 0);
        for q in queries {
            for p in params {
                if p.iter().any(|(v, _)| !has_variable(q, v)) {
                    continue;
                }
                let reference = filtered(q, p);
                let rewritten = bound(q, p);
                assert_eq!(
                    answers(&reference),
                    answers(&rewritten),
                    "{q} {p:?}\n{rewritten}"
                );
                compared += 1;
                joined += usize::from(!rewritten.contains("sameTerm"));
            }
        }
        assert!(
            compared >= 10 && joined >= 6,
            "{compared} compared, {joined} joined"
        );
    }

    #[test]
    fn a_union_binds_only_what_both_branches_bind() {
        let parse = |q: &str| {
            let query = spargebra::SparqlParser::new()
                .parse_query(&with_prefixes(q))
                .expect("parses");
            let spargebra::Query::Select { mut pattern, .. } = query else {
                unreachable!()
            };
            always_bound(where_block_mut(&mut pattern))
        };
        let vars = parse("SELECT * WHERE { { ?x pk:a ?y } UNION { ?x pk:b ?z } ?x pk:c ?w }");
        assert_eq!(
            vars.into_iter().collect::<Vec<_>>(),
            vec!["w".to_string(), "x".to_string()]
        );
        let vars = parse("SELECT * WHERE { VALUES (?p ?q) { (1 2) (3 UNDEF) } GRAPH ?g { ?s ?p ?o } MINUS { ?s pk:d ?m } }");
        assert_eq!(
            vars.into_iter().collect::<Vec<_>>(),
            ["g", "o", "p", "s"].map(String::from).to_vec()
        );
    }
}
