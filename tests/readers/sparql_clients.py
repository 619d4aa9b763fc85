"""Independent SPARQL clients against `policykg serve`.

Usage: sparql_clients.py ENDPOINT SELECT.rq CONSTRUCT.rq

Runs the SELECT with SPARQLWrapper (JSON) and with rdflib's SPARQLStore, the
CONSTRUCT with SPARQLWrapper (N-Triples parsed by rdflib) and with
SPARQLStore, fetches the SELECT in every W3C result format and parses each
with rdflib's result parsers, and prints one JSON object: the rows (as
lists of strings, sorted) and the triples (N-Triples lines, sorted) each
client saw, and the row count each format gave.
"""

import json
import sys
import urllib.parse
import urllib.request

import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import JSON, N3, SPARQLWrapper

endpoint, select_file, construct_file = sys.argv[1:4]
select = open(select_file, encoding="utf-8").read()
construct = open(construct_file, encoding="utf-8").read()


def term_text(t):
    return "" if t is None else str(t)


# SPARQLWrapper, JSON results
w = SPARQLWrapper(endpoint)
w.setQuery(select)
w.setReturnFormat(JSON)
res = w.query().convert()
vars_ = res["head"]["vars"]
wrapper_rows = sorted(
    [b.get(v, {}).get("value", "") for v in vars_] for b in res["results"]["bindings"]
)

# rdflib SPARQLStore
store = SPARQLStore(endpoint, returnFormat="json")
g = rdflib.Graph(store=store)
store_rows = sorted([term_text(x) for x in row] for row in g.query(select))

# CONSTRUCT through both
w = SPARQLWrapper(endpoint)
w.setQuery(construct)
w.setReturnFormat(N3)  # SPARQLWrapper asks for `format=n3`; the server answers Turtle
raw = w.query().response.read()
cg = rdflib.Graph()
cg.parse(data=raw.decode("utf-8"), format="turtle")
wrapper_triples = sorted(l for l in cg.serialize(format="nt").splitlines() if l.strip())

sg = rdflib.Graph()
for t in g.query(construct):
    sg.add(t)
store_triples = sorted(l for l in sg.serialize(format="nt").splitlines() if l.strip())

# every W3C result format, parsed by rdflib's readers
formats = {}
for accept, fmt in [
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
]:
    req = urllib.request.Request(
        endpoint + "?query=" + urllib.parse.quote(select), headers={"Accept": accept}
    )
    with urllib.request.urlopen(req) as r:
        ctype = r.headers.get("Content-Type", "")
        body = r.read()
    parsed = Result.parse(source=__import__("io").BytesIO(body), format=fmt)
    formats[accept] = {"content_type": ctype, "rows": len(list(parsed))}

print(
    json.dumps(
        {
            "vars": vars_,
            "wrapper_rows": wrapper_rows,
            "store_rows": store_rows,
            "wrapper_triples": wrapper_triples,
            "store_triples": store_triples,
            "formats": formats,
        },
        ensure_ascii=False,
    )
)
