"""Loads a lineage graph and a long version history through the REST API, then times the reads.

Graph: NODES assets in namespace `graph`; the first SUBTREE of them form a tree under `n00000`
(each node has FANOUT children), the rest form chains of CHAIN nodes. History: one asset with
VERSIONS versions. Each read is timed from one client on one keep-alive connection, SAMPLES times.
Only the Python standard library is used.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

NODES = int(os.environ.get("NODES", 10_000))
SUBTREE = int(os.environ.get("SUBTREE", 1_000))
FANOUT = int(os.environ.get("FANOUT", 10))
CHAIN = int(os.environ.get("CHAIN", 50))
VERSIONS = int(os.environ.get("VERSIONS", 10_000))
SAMPLES = int(os.environ.get("SAMPLES", 500))
WORKERS = int(os.environ.get("WORKERS", 8))
PASSWORD = "bench-password-123"
TARGET_GRAPH_P99_MS = 50.0
TARGET_RESOLVE_P99_MS = 2.0


class Client:
    """One keep-alive connection; raises on any non-2xx answer."""

    def __init__(self, port: int, token: str | None = None):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.token = token

    def call(self, method: str, path: str, body: dict | None = None):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        self.connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path} answered {response.status}: {data[:300]!r}")
        return json.loads(data) if data else None


def start_server(binary: str, data_dir: str):
    log = open(os.path.join(data_dir, "server.log"), "w")
    env = dict(os.environ, PANGOLIN_ROOT_PASSWORD=PASSWORD, PANGOLIN_LOG_LEVEL="warning")
    process = subprocess.Popen([binary, "--host", "127.0.0.1", "--port", "0", "--data-dir", os.path.join(data_dir, "data")],
                               stdout=log, stderr=subprocess.STDOUT, env=env)
    for _ in range(300):
        text = open(os.path.join(data_dir, "server.log")).read()
        if "listening on http://127.0.0.1:" in text:
            return process, int(text.split("listening on http://127.0.0.1:")[1].split()[0].strip("/ ,"))
        if process.poll() is not None:
            raise RuntimeError(f"the server exited at start:\n{text}")
        time.sleep(0.1)
    raise RuntimeError("the server did not report its port within 30 s")


def in_parallel(port: int, token: str, calls):
    """Runs (method, path, body) calls on WORKERS connections."""
    chunks = [calls[i::WORKERS] for i in range(WORKERS)]

    def run(chunk):
        client = Client(port, token)
        for method, path, body in chunk:
            client.call(method, path, body)

    with ThreadPoolExecutor(WORKERS) as pool:
        for future in [pool.submit(run, chunk) for chunk in chunks]:
            future.result()


def timed(client: Client, path: str) -> list[float]:
    client.call("GET", path)  # warm-up
    samples = []
    for _ in range(SAMPLES):
        start = time.perf_counter()
        client.call("GET", path)
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)


def percentile(samples: list[float], p: float) -> float:
    return samples[min(len(samples) - 1, int(len(samples) * p))]


def main(binary: str) -> int:
    work = tempfile.mkdtemp(prefix="pangolin-lineage-bench-")
    process, port = start_server(binary, work)
    try:
        token = Client(port).call("POST", "/api/v1/users/login", {"username": "admin", "password": PASSWORD})["token"]
        root = Client(port, token)
        root.call("POST", "/api/v1/catalogs", {"name": "bench"})
        for namespace in ("graph", "history"):
            root.call("POST", "/v1/bench/namespaces", {"namespace": [namespace]})
        assets = "/api/v1/catalogs/bench/namespaces/{}/assets"

        started = time.perf_counter()
        names = [f"n{i:05d}" for i in range(NODES)]
        in_parallel(port, token, [("POST", assets.format("graph"), {"name": n, "kind": "PARQUET_TABLE", "location": f"s3://b/{n}"})
                                  for n in names])
        ids = {}
        for offset in range(0, NODES, 1000):
            for asset in root.call("GET", assets.format("graph") + f"?limit=1000&offset={offset}"):
                ids[asset["name"]] = asset["id"]
        # Tree: node i (0 < i < SUBTREE) is derived from node (i - 1) // FANOUT; the rest are chains.
        edges = []
        for i in range(1, NODES):
            if i < SUBTREE:
                parent = (i - 1) // FANOUT
            elif (i - SUBTREE) % CHAIN == 0:
                continue
            else:
                parent = i - 1
            edges.append(("POST", f"/api/v1/assets/{ids[names[i]]}/lineage", {"upstream": f"graph.{names[parent]}", "relation": "derived_from"}))
        in_parallel(port, token, edges)
        loaded_graph = time.perf_counter() - started

        started = time.perf_counter()
        history = root.call("POST", assets.format("history"), {"name": "events", "kind": "PARQUET_TABLE", "location": "s3://e/1"})
        middle = None
        for number in range(2, VERSIONS + 1):
            root.call("PUT", assets.format("history") + "/events", {"location": f"s3://e/{number}"})
            if number == VERSIONS // 2:
                time.sleep(0.002)
                middle = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
                time.sleep(0.002)
        loaded_history = time.perf_counter() - started

        graph_path = f"/api/v1/assets/{ids[names[0]]}/lineage?direction=downstream&depth=50"
        graph = root.call("GET", graph_path)
        resolve_path = f"/api/v1/resolve?ref=bench.history.events@{middle}"
        resolved = root.call("GET", resolve_path)
        day_path = f"/api/v1/resolve?ref=bench.history.events@{middle[:10]}"
        results = [
            ("downstream graph", f"{len(graph['nodes'])} nodes, {len(graph['edges'])} edges", timed(root, graph_path), TARGET_GRAPH_P99_MS),
            ("resolve @instant", f"-> v{resolved['version']['number']} of {VERSIONS}", timed(root, resolve_path), TARGET_RESOLVE_P99_MS),
            ("resolve @day", f"-> v{root.call('GET', day_path)['version']['number']}", timed(root, day_path), TARGET_RESOLVE_P99_MS),
        ]
        print(f"\nPangolin lineage benchmark: {NODES} nodes ({len(edges)} edges, a {SUBTREE}-node tree), {VERSIONS} versions;"
              f" loaded in {loaded_graph:.1f} s + {loaded_history:.1f} s; {SAMPLES} sequential requests each, one connection")
        print(f"{'read':<18} {'answer':<28} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}  target")
        failed = False
        for name, answer, samples, target in results:
            p99 = percentile(samples, 0.99)
            verdict = "PASS" if p99 <= target else "FAIL"
            failed |= verdict == "FAIL"
            print(f"{name:<18} {answer:<28} {percentile(samples, 0.5):8.2f} {percentile(samples, 0.9):8.2f} {p99:8.2f} "
                  f"{samples[-1]:8.2f}  p99<={target:g}ms {verdict}")
        if len(graph["nodes"]) != SUBTREE:
            print(f"warning: the downstream graph has {len(graph['nodes'])} nodes, not {SUBTREE}")
        return 0
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
