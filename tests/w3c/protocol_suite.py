#!/usr/bin/env python3
"""Runs the W3C SPARQL 1.1 Protocol test suite against `policykg serve`.

The suite is the `sparql/sparql11/protocol/` folder of the W3C `rdf-tests`
repository: `manifest.ttl` (each test a list of HTTP requests with the
status, result format and ASK answer expected) and its data files. This
runner reads the manifest with rdflib, starts the server on a scratch store
and sends each request as written, with these choices of the server's:

* writable mode: `serve --writable` with a bearer token sent on every
  request; each test's `ut:graphData` is put in place through the Graph
  Store Protocol (PUT ?graph=LABEL) before its requests run;
* read-only mode (the default of `serve`): the data is put in place by a
  writable server on the same store first, then a read-only server answers
  the tests; every update must get a 4xx there (the requests after a refused
  update in the same test are not sent).

The `/sparql/` of the manifest's paths is the server's `/sparql`.

Exit status 1 when a query test fails in either mode or an update is not
refused in read-only mode; update tests of writable mode are reported.

    python3 tests/w3c/protocol_suite.py --bin target/release/policykg --suite DIR
"""

import argparse
import http.client
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import rdflib
from rdflib import Namespace, RDF, RDFS
from rdflib.collection import Collection

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

TOKEN_ENV = "POLICYKG_SERVE_TOKEN"
RESULT_TYPES = {
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
}
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}


@dataclass
class Request:
    method: str
    path: str
    headers: dict
    body: bytes | None
    statuses: set  # {"2xx", "3xx", "4xx", ...}
    boolean: bool | None
    fmt: str | None

    @property
    def is_update(self) -> bool:
        kind = self.headers.get("content-type", "")
        query = urllib.parse.urlsplit(self.path).query
        names = {n for n, _ in urllib.parse.parse_qsl(query)}
        if kind.startswith("application/sparql-update") or "update" in names:
            return True
        if kind.startswith("application/x-www-form-urlencoded") and self.body:
            try:
                form = urllib.parse.parse_qsl(self.body.decode("utf-8"))
            except UnicodeDecodeError:
                return False
            return any(n == "update" for n, _ in form)
        return False


@dataclass
class Test:
    iri: str
    name: str
    data: list = field(default_factory=list)  # (file path, graph IRI)
    requests: list = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.iri.rsplit("#", 1)[-1]

    @property
    def is_update(self) -> bool:
        return any(r.is_update for r in self.requests)


def read_manifest(suite: str) -> list:
    path = os.path.join(suite, "manifest.ttl")
    g = rdflib.Graph()
    g.parse(path, format="turtle", publicID="file://" + os.path.abspath(path))
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    entries = Collection(g, g.value(manifest, MF.entries))
    tests = []
    for entry in entries:
        test = Test(str(entry), str(g.value(entry, MF.name)))
        for data in g.objects(entry, UT.graphData):
            file_iri = str(g.value(data, UT.graph))
            file = urllib.parse.unquote(urllib.parse.urlsplit(file_iri).path)
            test.data.append((file, str(g.value(data, RDFS.label))))
        action = g.value(entry, MF.action)
        requests = g.value(action, HT.requests) if action is not None else None
        if requests is None:
            raise SystemExit(f"{path}: test {test.short} has no ht:requests")
        for req in Collection(g, requests):
            test.requests.append(read_request(g, req))
        tests.append(test)
    return tests


def read_request(g, req) -> Request:
    headers = {}
    hlist = g.value(req, HT.headers)
    if hlist is not None:
        for h in Collection(g, hlist):
            headers[str(g.value(h, HT.fieldName)).lower()] = str(g.value(h, HT.fieldValue))
    body = None
    b = g.value(req, HT.body)
    if b is not None:
        encoding = str(g.value(b, CNT.characterEncoding) or "UTF-8")
        body = str(g.value(b, CNT.chars)).encode(encoding.lower())
    resp = g.value(req, HT.resp)
    statuses = set()
    for s in g.objects(resp, MF.expectedStatus):
        statuses.add(str(s).rsplit("#StatusCode", 1)[-1].lower())
    boolean = g.value(resp, MF.expectedBoolean)
    fmt = g.value(resp, MF.expectedFormat)
    return Request(
        method=str(g.value(req, HT.methodName)),
        path=str(g.value(req, HT.absolutePath)),
        headers=headers,
        body=body,
        statuses=statuses,
        boolean=None if boolean is None else bool(boolean.toPython()),
        fmt=None if fmt is None else str(fmt),
    )


class Server:
    """`policykg serve` on a free port of loopback, stopped on exit."""

    def __init__(self, binary: str, store: str, token: str | None):
        env = dict(os.environ)
        args = [binary, "serve", "--store", store, "--bind", "127.0.0.1:0"]
        if token:
            env[TOKEN_ENV] = token
            args.append("--writable")
        self.proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
        )
        line = self.proc.stdout.readline()
        if "http://" not in line:
            err = self.proc.stderr.read()
            raise SystemExit(f"policykg serve did not start: {line.strip()} {err.strip()}")
        self.host, self.port = line.split("http://", 1)[1].split("/", 1)[0].rsplit(":", 1)
        self.port = int(self.port)

    def send(self, method, path, headers, body):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        return resp.status, resp.getheader("content-type") or "", data

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def put_data(server, suite, data, token):
    for file, graph in data:
        with open(os.path.join(suite, os.path.basename(file)), "rb") as f:
            body = f.read()
        path = "/store?graph=" + urllib.parse.quote(graph, safe="")
        headers = {"content-type": "application/n-triples", "authorization": f"Bearer {token}"}
        status, _, text = server.send("PUT", path, headers, body)
        if status not in (201, 204):
            raise SystemExit(f"PUT {graph}: {status} {text[:200]!r}")


def status_class(status: int) -> str:
    return f"{status // 100}xx"


def check_body(req: Request, kind: str, data: bytes) -> str | None:
    """Why the response body does not match what the test expects, or None."""
    media = kind.split(";")[0].strip().lower()
    if req.fmt in ("boolean", "tabular"):
        if media not in RESULT_TYPES:
            return f"results in `{kind}`, not a SPARQL results format"
        if req.fmt == "boolean" and media not in (
            "application/sparql-results+json",
            "application/sparql-results+xml",
        ):
            return f"boolean in `{kind}`, not JSON or XML"
    if req.fmt == "RDF":
        if media not in RDF_TYPES:
            return f"graph in `{kind}`, not an RDF format"
        try:
            rdflib.Graph().parse(data=data, format=RDF_TYPES[media])
        except Exception as e:  # any parse failure is the finding
            return f"unreadable {media}: {e}"
    if req.boolean is not None:
        if media == "application/sparql-results+json":
            got = json.loads(data).get("boolean")
        else:
            ns = "{http://www.w3.org/2005/sparql-results#}"
            node = ET.fromstring(data).find(f"{ns}boolean")
            got = None if node is None else node.text.strip() == "true"
        if got != req.boolean:
            return f"ASK answered {got}, expected {req.boolean}"
    return None


def run_test(server, test, token, read_only):
    """(passed, reason) for one test."""
    for req in test.requests:
        path = req.path.replace("/sparql/", "/sparql", 1)
        headers = dict(req.headers)
        headers["accept"] = headers.get(
            "accept",
            "application/sparql-results+json, text/turtle;q=0.9, */*;q=0.1",
        )
        if token:
            headers["authorization"] = f"Bearer {token}"
        status, kind, data = server.send(req.method, path, headers, req.body)
        if read_only and req.is_update:
            if status_class(status) != "4xx":
                return False, f"update answered {status} on a read-only server"
            return True, f"refused with {status}"
        if status_class(status) not in req.statuses:
            want = "/".join(sorted(req.statuses))
            return False, f"{req.method} {path[:60]}: {status} (expected {want}): {data[:160]!r}"
        if status_class(status) == "2xx":
            why = check_body(req, kind, data)
            if why:
                return False, why
    return True, ""


def run_mode(args, tests, read_only):
    store = tempfile.mkdtemp(prefix="pk-w3c-")
    token = secrets.token_hex(24)
    try:
        writer = Server(args.bin, store, token)
        if read_only:
            try:
                for t in tests:
                    put_data(writer, args.suite, t.data, token)
            finally:
                writer.stop()
            server, use_token = Server(args.bin, store, None), None
        else:
            server, use_token = writer, token
        results = []
        try:
            for t in tests:
                if not read_only:
                    put_data(server, args.suite, t.data, token)
                ok, why = run_test(server, t, use_token, read_only)
                results.append((t, ok, why))
        finally:
            server.stop()
        return results
    finally:
        shutil.rmtree(store, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True, help="the policykg binary")
    ap.add_argument("--suite", required=True, help="the suite's protocol folder (manifest.ttl)")
    ap.add_argument("--mode", choices=["writable", "read-only", "both"], default="both")
    args = ap.parse_args()
    tests = read_manifest(args.suite)
    modes = ["writable", "read-only"] if args.mode == "both" else [args.mode]
    failed = False
    for mode in modes:
        start = time.time()
        results = run_mode(args, tests, mode == "read-only")
        print(f"== {mode} ({time.time() - start:.1f} s)")
        for t, ok, why in results:
            kind = "update" if t.is_update else "query"
            print(f"{'PASS' if ok else 'FAIL'} {kind:6} {t.short}: {t.name}" + (f" -- {why}" if why else ""))
        for kind in ("query", "update"):
            group = [ok for t, ok, _ in results if t.is_update == (kind == "update")]
            print(f"{mode} {kind} tests: {sum(group)}/{len(group)} passed")
            if kind == "query" or mode == "read-only":
                failed |= not all(group)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
