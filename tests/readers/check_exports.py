#!/usr/bin/env python3
"""Independent check of policykg's graph exports with the tools they are for.

usage: check_exports.py FILE.gexf FILE.graphml FILE.dot EXPECTED_NODES EXPECTED_EDGES

- networkx reads the GEXF and the GraphML; both must have the expected node
  and edge counts, every GEXF node a viz colour and size and a label, every
  edge a label (GEXF) or relation (GraphML);
- Graphviz `dot -Tsvg` must lay out the DOT file; the SVG must draw the
  expected number of nodes and edges.

Exits 0 and prints one line per file when everything holds, 1 otherwise.
"""

import subprocess
import sys
import xml.etree.ElementTree as ET

import networkx as nx


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def counts(graph):
    return graph.number_of_nodes(), graph.number_of_edges()


def check_gexf(path, nodes, edges):
    g = nx.read_gexf(path)
    if counts(g) != (nodes, edges):
        fail(f"{path}: networkx reads {counts(g)} nodes/edges, expected {(nodes, edges)}")
    for n, data in g.nodes(data=True):
        viz = data.get("viz", {})
        if "color" not in viz or "size" not in viz:
            fail(f"{path}: node {n} has no viz:color or viz:size")
        if not data.get("label"):
            fail(f"{path}: node {n} has no label")
    for u, v, data in g.edges(data=True):
        if not data.get("label"):
            fail(f"{path}: edge {u} -> {v} has no label")
    print(f"gexf ok: {nodes} nodes, {edges} edges ({type(g).__name__})")


def check_graphml(path, nodes, edges):
    g = nx.read_graphml(path)
    if counts(g) != (nodes, edges):
        fail(f"{path}: networkx reads {counts(g)} nodes/edges, expected {(nodes, edges)}")
    for n, data in g.nodes(data=True):
        if not data.get("label") or not data.get("class"):
            fail(f"{path}: node {n} has no label or class")
    for u, v, data in g.edges(data=True):
        if not data.get("relation"):
            fail(f"{path}: edge {u} -> {v} has no relation")
    print(f"graphml ok: {nodes} nodes, {edges} edges ({type(g).__name__})")


def check_dot(path, nodes, edges):
    run = subprocess.run(["dot", "-Tsvg", path], capture_output=True)
    if run.returncode != 0:
        fail(f"{path}: dot -Tsvg failed: {run.stderr.decode(errors='replace').strip()}")
    svg = ET.fromstring(run.stdout)
    drawn = {"node": 0, "edge": 0}
    for g in svg.iter("{http://www.w3.org/2000/svg}g"):
        cls = g.get("class")
        if cls in drawn:
            drawn[cls] += 1
    if (drawn["node"], drawn["edge"]) != (nodes, edges):
        fail(f"{path}: dot draws {drawn['node']} nodes, {drawn['edge']} edges, expected {nodes}, {edges}")
    print(f"dot ok: {nodes} nodes, {edges} edges drawn")


def main():
    if len(sys.argv) != 6:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    gexf, graphml, dot, nodes, edges = sys.argv[1:]
    nodes, edges = int(nodes), int(edges)
    check_gexf(gexf, nodes, edges)
    check_graphml(graphml, nodes, edges)
    check_dot(dot, nodes, edges)


if __name__ == "__main__":
    main()
