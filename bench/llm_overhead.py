"""Benchmark of the LLM layer's own cost (a benchmark, not a test; run it by hand).

Measures, against a loopback fake OpenAI server running in another process:
  1. per-call overhead of LLMClient beyond a bare HTTP round trip (server answers at once;
     target < 2 ms),
  2. cache-hit latency,
  3. throughput of 32 concurrent calls when each answer takes 100 ms (target >= 250 calls/s).

    python bench/llm_overhead.py [--calls 400] [--json]
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "llm"))

from fakeserver import serve_forever

from gametest.llm import CallOptions, Message, Request, RetryPolicy, make_client


def start_server(latency: float) -> tuple[mp.process.BaseProcess, int]:
    """Run the fake server in a child process; return it and its port."""
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    proc = ctx.Process(target=serve_forever, args=(q, latency), daemon=True)
    proc.start()
    return proc, int(q.get(timeout=30))


def timed(fn: Callable[[int], Any], n: int, warmup: int = 20) -> list[float]:
    """Per-call seconds of fn(i) over n calls after a warm-up."""
    for i in range(warmup):
        fn(-1 - i)
    out = []
    for i in range(n):
        t0 = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - t0)
    return out


def ms(xs: list[float]) -> dict[str, float]:
    """Mean / median / p95 in milliseconds."""
    s = sorted(xs)
    return {
        "mean_ms": round(statistics.fmean(s) * 1e3, 3),
        "median_ms": round(s[len(s) // 2] * 1e3, 3),
        "p95_ms": round(s[int(len(s) * 0.95)] * 1e3, 3),
    }


def bench_overhead(n: int, cache_dir: Path) -> dict[str, Any]:
    """Bare HTTP round trip vs raw openai client vs LLMClient (miss, no cache, hit)."""
    proc, port = start_server(0.0)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port)

        def bare(i: int) -> None:
            body = json.dumps(
                {"model": "m", "messages": [{"role": "user", "content": f"prompt {i}"}]}
            )
            conn.request(
                "POST",
                "/v1/chat/completions",
                body=body,
                headers={"Content-Type": "application/json"},
            )
            json.loads(conn.getresponse().read())

        import openai

        oc = openai.OpenAI(api_key="x", base_url=base, max_retries=0)

        def raw_openai(i: int) -> None:
            r = oc.chat.completions.with_raw_response.create(
                model="m", messages=[{"role": "user", "content": f"prompt {i}"}]
            )
            json.loads(r.http_response.content)

        retry = RetryPolicy(max_attempts=1)
        nocache = make_client("openai:m", base_url=base, no_cache=True, retry=retry)
        cached = make_client("openai:m", base_url=base, cache_dir=cache_dir, retry=retry)
        opts = CallOptions(temperature=0.0, max_tokens=50)

        def layer_nocache(i: int) -> None:
            nocache.complete([Message("user", f"prompt {i}")], opts)

        def layer_miss(i: int) -> None:
            cached.complete([Message("user", f"miss {i}")], opts)

        cached.complete([Message("user", "hit")], opts)

        def layer_hit(i: int) -> None:
            assert cached.complete([Message("user", "hit")], opts).cached

        res: dict[str, Any] = {
            "bare_http": ms(timed(bare, n)),
            "openai_client": ms(timed(raw_openai, n)),
            "llmclient_no_cache": ms(timed(layer_nocache, n)),
            "llmclient_cache_miss_and_write": ms(timed(layer_miss, n)),
            "llmclient_cache_hit": ms(timed(layer_hit, n)),
        }
        for stat in ("median_ms", "mean_ms"):
            tag = stat.removesuffix("_ms")
            res[f"overhead_vs_bare_http_{tag}_ms"] = round(
                res["llmclient_no_cache"][stat] - res["bare_http"][stat], 3
            )
            res[f"overhead_vs_openai_client_{tag}_ms"] = round(
                res["llmclient_no_cache"][stat] - res["openai_client"][stat], 3
            )
            res[f"overhead_with_cache_write_vs_bare_http_{tag}_ms"] = round(
                res["llmclient_cache_miss_and_write"][stat] - res["bare_http"][stat], 3
            )
        nocache.close()
        cached.close()
        oc.close()
        conn.close()
        return res
    finally:
        proc.terminate()
        proc.join(5)


def bench_throughput(n: int, cache_dir: Path, concurrency: int = 32) -> dict[str, Any]:
    """Calls per second with `concurrency` calls in flight and a 100 ms server."""
    proc, port = start_server(0.1)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        client = make_client(
            "openai:m",
            base_url=base,
            cache_dir=cache_dir,
            concurrency=concurrency,
            retry=RetryPolicy(max_attempts=1),
        )
        warm = [Request([Message("user", f"warm {i}")]) for i in range(concurrency)]
        client.complete_many(warm, max_workers=concurrency)
        reqs = [Request([Message("user", f"tp {i}")]) for i in range(n)]
        t0 = time.perf_counter()
        results = client.complete_many(reqs, max_workers=concurrency)
        elapsed = time.perf_counter() - t0
        assert all(not isinstance(r, Exception) for r in results)
        ideal = concurrency / 0.1
        out = {
            "calls": n,
            "concurrency": concurrency,
            "server_latency_s": 0.1,
            "seconds": round(elapsed, 3),
            "calls_per_s": round(n / elapsed, 1),
            "ideal_calls_per_s": ideal,
            "peak_in_flight": client.limiter.peak,
        }
        client.close()
        return out
    finally:
        proc.terminate()
        proc.join(5)


def main() -> None:
    """Run the three measurements and print them."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=400, help="calls per latency measurement")
    ap.add_argument("--tp-calls", type=int, default=960, help="calls in the throughput run")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        over = bench_overhead(args.calls, Path(tmp) / "c1")
        tp = bench_throughput(args.tp_calls, Path(tmp) / "c2")
    result = {"overhead": over, "throughput": tp}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print("per-call latency against an instant loopback server (mean / median / p95 ms):")
    for name in (
        "bare_http",
        "openai_client",
        "llmclient_no_cache",
        "llmclient_cache_miss_and_write",
        "llmclient_cache_hit",
    ):
        r = over[name]
        print(f"  {name:<32} {r['mean_ms']:8.3f} {r['median_ms']:8.3f} {r['p95_ms']:8.3f}")
    for tag in ("median", "mean"):
        print(
            f"overhead beyond the bare HTTP round trip ({tag}): "
            f"{over[f'overhead_vs_bare_http_{tag}_ms']:.3f} ms/call without cache, "
            f"{over[f'overhead_with_cache_write_vs_bare_http_{tag}_ms']:.3f} ms with a cache "
            f"miss + write (target < 2 ms); of which beyond the openai client alone: "
            f"{over[f'overhead_vs_openai_client_{tag}_ms']:.3f} ms"
        )
    hit = over["llmclient_cache_hit"]
    print(f"cache-hit latency: {hit['median_ms']:.3f} ms median, {hit['mean_ms']:.3f} ms mean")
    print(
        f"throughput, {tp['concurrency']} concurrent, 100 ms server: {tp['calls_per_s']} "
        f"calls/s over {tp['calls']} calls (ideal {tp['ideal_calls_per_s']:.0f}; "
        "target >= 250)"
    )


if __name__ == "__main__":
    main()
