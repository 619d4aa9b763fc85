"""Parses policykg dumps with rdflib and checks their size.

usage: check_dumps.py QUADS TRIPLES FILE...

Each .nq, .trig and .jsonld file must parse as a dataset of QUADS quads in
named graphs; each .ttl file as a graph of TRIPLES triples (the union).
"""
import sys

import rdflib

quads, triples = int(sys.argv[1]), int(sys.argv[2])
formats = {".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld", ".ttl": "turtle"}
for path in sys.argv[3:]:
    ext = path[path.rfind("."):]
    fmt = formats[ext]
    if fmt == "turtle":
        g = rdflib.Graph()
        g.parse(path, format=fmt)
        assert len(g) == triples, f"{path}: {len(g)} triples, expected {triples}"
        print(f"{path}: {len(g)} triples")
    else:
        d = rdflib.Dataset()
        d.parse(path, format=fmt)
        n = sum(1 for q in d.quads((None, None, None, None)) if q[3] is not None and str(q[3]) != str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID))
        graphs = {str(q[3]) for q in d.quads((None, None, None, None))}
        assert n == quads, f"{path}: {n} quads in named graphs, expected {quads}"
        print(f"{path}: {n} quads in {len(graphs)} graphs")
