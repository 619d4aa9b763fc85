"""Loads policykg's CSV tables with pandas and checks them against the GEXF
export's counts and Neo4j's admin-import header conventions.

usage: check_csv.py DIR NODES EDGES
"""
import sys

import pandas as pd

d, nodes, edges = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
n = pd.read_csv(f"{d}/nodes.csv", keep_default_na=False)
e = pd.read_csv(f"{d}/edges.csv", keep_default_na=False)
assert len(n) == nodes, f"{len(n)} nodes, expected {nodes}"
assert len(e) == edges, f"{len(e)} edges, expected {edges}"
for col in ["id:ID", ":LABEL", "label", "class", "label_ko", "iri", "deadline:int", "value:double", "degree:int"]:
    assert col in n.columns, f"nodes.csv lacks {col}: {list(n.columns)}"
for col in [":START_ID", ":END_ID", ":TYPE", "weight:int", "predicate"]:
    assert col in e.columns, f"edges.csv lacks {col}: {list(e.columns)}"
ids = set(n["id:ID"])
assert len(ids) == len(n), "node ids are not unique"
assert set(e[":START_ID"]) <= ids and set(e[":END_ID"]) <= ids, "an edge end is not a node"
assert (n["id:ID"] == n["iri"]).all()
# numeric columns are numbers where set
for col in ["deadline:int", "value:double", "degree:int"]:
    pd.to_numeric(n[col][n[col] != ""], errors="raise")
assert (n["degree:int"].astype(int) > 0).any()
print(f"{len(n)} nodes, {len(e)} edges, {n['class'].nunique()} classes")
