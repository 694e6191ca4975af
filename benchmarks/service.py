"""Speed of ``govrules serve`` on loopback (a measurement, not a test; ``make bench-service``).

Starts ``govrules serve --workers 2`` on a free port with the shipped rule sets and reports:

- requests/s and p50/p99 latency evaluating one monitoring report (YAML body) at 1, 10 and
  50 concurrent clients;
- batch throughput in submissions/s (JSON Lines, one request per worker at once);
- the cost beyond the evaluation itself: the p50 latency at one client minus the same work
  done in process (read the body, validate, evaluate, write the JSON), i.e. what HTTP,
  uvicorn and FastAPI add.

The clients run in this process (httpx, asyncio) and share the machine's cores with the
server, so the figures are a floor for a server with cores of its own. Where Debian's wrk
is installed, the cost beyond the evaluation is also measured from it (a client in C).

    python benchmarks/service.py [--requests 400] [--batch 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "examples/001_monitoring/02_城乡居民养老保险.yaml"
NAME = "绩效监控审核"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def overhead(url: str, body: bytes, kind: str, rounds: int) -> tuple[float, float]:
    """Median seconds of the work one evaluate request does, done in process (read the body,
    validate, evaluate, write the JSON), and of the same request over HTTP from one client,
    taken in turns so that the machine's load weighs on both alike."""
    from govrules.evaluation import evaluate_record
    from govrules.outputs import FORMAT_VERSION, EvaluateOut
    from govrules.rules.catalog import Catalog
    from govrules.service.deps import READERS

    rules = Catalog.load().find(NAME)
    reader = READERS[kind]
    direct, http = [], []
    with httpx.Client(base_url=url, timeout=60) as client:
        for _ in range(rounds):
            start = time.perf_counter()
            record = evaluate_record(rules, reader(body, "request"), "request")
            EvaluateOut.model_construct(format_version=FORMAT_VERSION, file="request", result=record.result).model_dump_json()
            direct.append(time.perf_counter() - start)
            start = time.perf_counter()
            r = client.post(f"/v1/rulesets/{NAME}/evaluate", content=body, headers={"content-type": kind})
            http.append(time.perf_counter() - start)
            assert r.status_code == 200, r.text
    return statistics.median(direct), statistics.median(http)


async def load(url: str, body: bytes, clients: int, total: int) -> tuple[float, list[float]]:
    """``total`` evaluate requests from ``clients`` concurrent clients: (seconds, latencies)."""
    latencies: list[float] = []
    left = total
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:

        async def one_client() -> None:
            nonlocal left
            while left > 0:
                left -= 1
                start = time.perf_counter()
                r = await client.post(f"/v1/rulesets/{NAME}/evaluate", content=body, headers={"content-type": "application/yaml"})
                latencies.append(time.perf_counter() - start)
                assert r.status_code == 200, r.text

        start = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        return time.perf_counter() - start, latencies


async def batch(url: str, body: bytes, lines: int, parallel: int) -> float:
    line = json.dumps(yaml.safe_load(body), ensure_ascii=False)
    payload = ("\n".join([line] * lines) + "\n").encode("utf-8")
    async with httpx.AsyncClient(base_url=url, timeout=600) as client:

        async def one() -> int:
            r = await client.post(f"/v1/rulesets/{NAME}/batch", content=payload, headers={"content-type": "application/x-ndjson"})
            assert r.status_code == 200
            return sum(1 for x in r.text.splitlines() if '"result"' in x)

        start = time.perf_counter()
        done = await asyncio.gather(*(one() for _ in range(parallel)))
        seconds = time.perf_counter() - start
    assert sum(done) == lines * parallel, done
    return lines * parallel / seconds


def wrk_p50(url: str, body: bytes, kind: str) -> float | None:
    """The p50 latency of the evaluate request from wrk, when it is installed (Debian's wrk):
    a client in C, so that the figure holds what the server adds and not what a Python
    client costs. None without wrk."""
    import shutil
    import tempfile
    from urllib.parse import quote

    if shutil.which("wrk") is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "body").write_bytes(body)
        script = Path(folder) / "post.lua"
        script.write_text(f'wrk.method = "POST"\nlocal f = io.open("{Path(folder) / "body"}", "rb"); wrk.body = f:read("*all"); f:close()\n'
                          f'wrk.headers["Content-Type"] = "{kind}"\n', encoding="utf-8")  # fmt: skip
        out = subprocess.run(["wrk", "-t1", "-c1", "-d10s", "--latency", "-s", str(script), f"{url}/v1/rulesets/{quote(NAME)}/evaluate"],
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    line = next(line for line in out.splitlines() if line.strip().startswith("50%"))
    value = line.split()[1]
    scale = {"us": 1e-6, "ms": 1e-3, "s": 1.0}
    unit = next(u for u in ("us", "ms", "s") if value.endswith(u))
    return float(value[: -len(unit)]) * scale[unit]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--requests", type=int, default=400, help="requests per concurrency level")
    p.add_argument("--batch", type=int, default=1000, help="submissions per batch request")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args()

    body = REPORT.read_bytes()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "govrules", "serve", "--port", str(port), "--workers", str(args.workers),
                               "--max-concurrent", "64"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/v1/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        asyncio.run(load(url, body, 4, 100))  # warm up both workers
        print(f"govrules serve --workers {args.workers}, loopback, {os.cpu_count()} cores shared with the clients")
        print(f"one monitoring report ({REPORT.name}, {len(body)} bytes of YAML)")
        print(f"{'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
        for clients in (1, 10, 50):
            seconds, latencies = asyncio.run(load(url, body, clients, args.requests))
            print(f"{clients:>7} {len(latencies) / seconds:>8.0f} {percentile(latencies, 50) * 1000:>8.2f} {percentile(latencies, 99) * 1000:>8.2f}")
        as_json = json.dumps(yaml.safe_load(body), ensure_ascii=False).encode("utf-8")
        for kind, sent in (("application/yaml", body), ("application/json", as_json)):
            work, over_http = overhead(url, sent, kind, args.requests // 2)
            print(f"{kind}: in process {work * 1000:.2f} ms, over HTTP {over_http * 1000:.2f} ms (p50, one client, in turns)"
                  f" → beyond the evaluation {(over_http - work) * 1000:.2f} ms")
            native = wrk_p50(url, sent, kind)
            if native is not None:
                print(f"{kind}: over HTTP from wrk (a C client, one connection, 10 s) p50 {native * 1000:.2f} ms"
                      f" → beyond the evaluation {(native - work) * 1000:.2f} ms")
        rate = asyncio.run(batch(url, body, args.batch, args.workers))
        print(f"batch: {args.workers} requests of {args.batch} submissions at once: {rate:.0f} submissions/s")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
