//! The policykg vocabulary: namespaces and the IRIs of every class and
//! property named in the public contract. This is the only place that spells
//! them; everything else refers to these constants.

/// Ontology namespace.
pub const PK: &str = "https://w3id.org/policykg/ontology#";
/// Instance namespace.
pub const PKID: &str = "https://w3id.org/policykg/id/";
/// RDF namespace.
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
/// RDFS namespace.
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
/// SKOS namespace.
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
/// PROV-O namespace.
pub const PROV: &str = "http://www.w3.org/ns/prov#";
/// Dublin Core terms namespace.
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
/// XML Schema datatypes namespace.
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
/// OWL namespace.
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";

/// The named graph that holds the ontology itself.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/policykg/ontology";

/// The prefix of the graphs that record what `policykg push` sent to each
/// endpoint (one graph per endpoint; never in the union, dumps or pushes).
pub const PUSH_STATE_GRAPH_PREFIX: &str = "https://w3id.org/policykg/id/push-state/";

/// `pk:contentHash`: in a push-state graph, a report graph → the SHA-256 of
/// its sorted N-Quads as last pushed.
pub const CONTENT_HASH: &str = "https://w3id.org/policykg/ontology#contentHash";

/// `pk:endpoint`: in a push-state graph, the graph → the endpoint URL it tracks.
pub const ENDPOINT: &str = "https://w3id.org/policykg/ontology#endpoint";

/// SPARQL prefix declarations for every namespace above, prepended to user queries.
pub const SPARQL_PREFIXES: &str = "PREFIX pk: <https://w3id.org/policykg/ontology#>
PREFIX pkid: <https://w3id.org/policykg/id/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
";

/// The prefixes of [`SPARQL_PREFIXES`] as (name, namespace) pairs, for
/// parsers that take them one by one (SPARQL Update in `serve`).
pub fn sparql_prefix_pairs() -> impl Iterator<Item = (&'static str, &'static str)> {
    SPARQL_PREFIXES.lines().filter_map(|line| {
        let (name, iri) = line.strip_prefix("PREFIX ")?.split_once(": ")?;
        Some((name, iri.trim().strip_prefix('<')?.strip_suffix('>')?))
    })
}

macro_rules! terms {
    ($ns:ident: $($name:ident = $local:literal),* $(,)?) => {
        $(
            #[doc = concat!("`", stringify!($ns), ":", $local, "`")]
            pub const $name: &str = concat!(terms!(@ns $ns), $local);
        )*
    };
    (@ns PK) => { "https://w3id.org/policykg/ontology#" };
    (@ns RDF) => { "http://www.w3.org/1999/02/22-rdf-syntax-ns#" };
    (@ns RDFS) => { "http://www.w3.org/2000/01/rdf-schema#" };
    (@ns SKOS) => { "http://www.w3.org/2004/02/skos/core#" };
    (@ns PROV) => { "http://www.w3.org/ns/prov#" };
    (@ns DCTERMS) => { "http://purl.org/dc/terms/" };
    (@ns XSD) => { "http://www.w3.org/2001/XMLSchema#" };
}

/// Classes of the ontology.
pub mod class {
    terms!(PK:
        AGENCY = "Agency", REGION = "Region", CITY = "City", PROVINCE = "Province",
        DISTRICT = "District", COUNTRY = "Country", PROGRAM = "Program",
        TECHNOLOGY = "Technology", TARGET = "Target", INDICATOR = "Indicator",
        ORGANIZATION = "Organization", PERSON = "Person", REPORT = "Report",
        ARTICLE = "Article",
    );
}

/// Properties of the ontology and the standard vocabularies it reuses.
pub mod prop {
    terms!(PK:
        ISSUED_BY = "issuedBy", HAS_TARGET = "hasTarget", SET_BY = "setBy",
        DEADLINE = "deadline", VALUE = "value", UNIT = "unit", VALUE_TEXT = "valueText",
        METRIC = "metric", COMPARATOR = "comparator", START_YEAR = "startYear",
        END_YEAR = "endYear", ANNOUNCED_ON = "announcedOn", CONCERNS = "concerns",
        APPLIES_TO = "appliesTo", BASED_IN = "basedIn", AFFILIATED_WITH = "affiliatedWith",
        DEVELOPED_BY = "developedBy", OBSERVED_IN = "observedIn", REF_YEAR = "refYear",
        MENTIONS = "mentions", EVIDENCE = "evidence", PART_OF_REGION = "partOf",
        MENTION_COUNT = "mentionCount", SOURCE_LINE = "sourceLine", SOURCE_FILE = "sourceFile",
        BROADER = "broader", SOURCE_PAGE = "sourcePage", SOURCE_PARAGRAPH = "sourceParagraph",
    );
    terms!(RDF: TYPE = "type");
    terms!(RDFS: LABEL = "label", SUB_CLASS_OF = "subClassOf");
    terms!(SKOS: ALT_LABEL = "altLabel");
    terms!(PROV: WAS_DERIVED_FROM = "wasDerivedFrom");
    terms!(DCTERMS: TITLE = "title", ISSUED = "issued", PUBLISHER = "publisher", IS_PART_OF = "isPartOf");
}

/// XML Schema datatypes.
pub mod xsd {
    terms!(XSD: DECIMAL = "decimal", G_YEAR = "gYear", DATE = "date", INTEGER = "integer");
}
