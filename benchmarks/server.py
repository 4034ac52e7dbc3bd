"""Load benchmark of ``nudge serve``: ``POST /v1/score`` over loopback, bounded.

Starts one server process (one worker, ``nudge serve`` on a free 127.0.0.1 port, a
temporary database), then drives it from this process with a small keep-alive HTTP/1.1
client on asyncio: a fixed number of connections, each sending its next request as soon
as the previous answer arrived, for a fixed duration and at most ``--max-requests``
requests; then it stops the server.  Three loads: one comment per request, the same request
with an empty text (the HTTP stack's own cost, nothing to score), and batches of 100
comments.  Beside the batches, the same batches go through ``Scorer.score_many`` in
this process, so the batch figure is read as a ratio (server time per comment over
in-process time per comment).

Bars (issue #14): at least 2,000 single-comment requests/s with one worker; batches within
3x of ``score_many`` in-process per comment.  The client shares the machine with the
server: the figures are a lower bound of what the server alone would do.

Usage::

    python benchmarks/server.py [--duration 5] [--concurrency 16] [--max-requests 200000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import _corpus

HOST = "127.0.0.1"  # loopback only: this benchmark never leaves the machine
BATCH = 100


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    _corpus.add_common_arguments(p)
    p.add_argument("--duration", type=float, default=5.0, help="seconds per load (default 5)")
    p.add_argument("--concurrency", type=int, default=16, help="connections (default 16)")
    p.add_argument("--max-requests", type=int, default=200_000,
                   help="stop a load after this many requests (default 200,000)")  # fmt: skip
    p.add_argument("--warmup", type=float, default=1.0, help="seconds of warm-up per load")
    return p


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def _start_server(db: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    cmd = [sys.executable, "-m", "nudge.cli", "serve", "--host", HOST, "--port", str(port),
           "--db", str(db)]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "NUDGE_API_KEY"}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            if proc.stderr is not None:
                proc.stderr.close()
            raise RuntimeError(f"nudge serve exited: {err}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2):
                return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    proc.wait(timeout=30)
    if proc.stderr is not None:
        proc.stderr.close()
    raise RuntimeError("nudge serve did not start in 60 s")


def _request(port: int, body: bytes) -> bytes:
    head = (
        f"POST /v1/score HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _connection(
    port: int,
    requests: list[bytes],
    *,
    start: int,
    stop_at: float,
    budget: list[int],
    latencies: list[float],
    errors: list[str],
) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    i = start
    try:
        while time.perf_counter() < stop_at and budget[0] > 0:
            budget[0] -= 1
            payload = requests[i % len(requests)]
            i += 1
            t0 = time.perf_counter()
            writer.write(payload)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            body = await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            if not head.startswith(b"HTTP/1.1 200"):
                errors.append(head.split(b"\r\n", 1)[0].decode() + " " + body[:200].decode())
    finally:
        writer.close()
        await writer.wait_closed()


async def _load(port: int, requests: list[bytes], opts: argparse.Namespace, seconds: float,
                limit: int) -> dict[str, Any]:  # fmt: skip
    latencies: list[float] = []
    errors: list[str] = []
    budget = [limit]
    t0 = time.perf_counter()
    stop_at = t0 + seconds
    await asyncio.gather(
        *(
            _connection(
                port,
                requests,
                start=k * 7,
                stop_at=stop_at,
                budget=budget,
                latencies=latencies,
                errors=errors,
            )
            for k in range(opts.concurrency)
        )
    )
    elapsed = time.perf_counter() - t0
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0

    return {
        "requests": len(latencies),
        "seconds": elapsed,
        "requests_per_s": len(latencies) / elapsed,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "errors": len(errors),
        "first_error": errors[0] if errors else None,
    }


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux ``/proc``; ``None`` elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # After the command name: state is field 3, utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _drive(port: int, pid: int, requests: list[bytes], opts: argparse.Namespace) -> dict[str, Any]:
    try:
        import uvloop

        runner: Any = uvloop.run
    except ImportError:  # pragma: no cover - uvloop is in nudge[server]
        runner = asyncio.run
    runner(_load(port, requests, opts, opts.warmup, opts.max_requests))
    before = _cpu_seconds(pid)
    out = dict(runner(_load(port, requests, opts, opts.duration, opts.max_requests)))
    after = _cpu_seconds(pid)
    # The server's own CPU time per request does not depend on what else the machine
    # runs: 1 / that time is what one worker would answer on a core of its own.
    cpu = None if before is None or after is None or not out["requests"] else after - before
    out["server_cpu_us_per_request"] = None if cpu is None else cpu / out["requests"] * 1e6
    out["one_core_requests_per_s"] = out["requests"] / cpu if cpu else None
    return out


def _in_process(batches: list[list[str]], repeat: int) -> tuple[float, float]:
    """Comments per second of ``score_many`` on the same batches, and of ``score`` one
    comment at a time (medians of ``repeat`` runs)."""
    import nudge

    scorer = nudge.Scorer.load()
    for batch in batches[:3]:
        scorer.score_many(batch)
    many, single = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = 0
        for batch in batches:
            scorer.score_many(batch)
            n += len(batch)
        many.append(n / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for batch in batches:
            for text in batch:
                scorer.score(text)
        single.append(n / (time.perf_counter() - t0))
    return statistics.median(many), statistics.median(single)


def run(args: argparse.Namespace | None = None) -> dict[str, Any]:
    """Run both loads; returns the result dict (see the module docstring)."""
    opts = _corpus.resolve_arguments(build_parser(), args)
    if opts.quick:
        opts.duration = min(opts.duration, 1.0)
        opts.warmup = min(opts.warmup, 0.2)
    corpus = _corpus.ascii_comments(synthetic=opts.synthetic, limit=opts.limit or 5_000)
    texts = corpus.texts
    singles = [json.dumps({"text": t}).encode() for t in texts]
    batches = [texts[i : i + BATCH] for i in range(0, len(texts) - BATCH + 1, BATCH)] or [texts]
    with tempfile.TemporaryDirectory() as tmp:
        proc, port = _start_server(Path(tmp) / "bench.db")
        try:
            single = _drive(port, proc.pid, [_request(port, b) for b in singles], opts)
            # The same request with nothing to score: the HTTP stack's own cost.
            floor = _drive(port, proc.pid, [_request(port, b'{"text": ""}')], opts)
            batch_bodies = [json.dumps({"texts": b}).encode() for b in batches]
            batched = _drive(port, proc.pid, [_request(port, b) for b in batch_bodies], opts)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
            if proc.stderr is not None:
                proc.stderr.close()
    in_process, in_process_single = _in_process(batches, opts.repeat)
    single["in_process_comments_per_s"] = in_process_single
    server_rate = batched["requests_per_s"] * len(batches[0])
    batched["comments_per_s"] = server_rate
    batched["in_process_comments_per_s"] = in_process
    batched["ratio"] = in_process / server_rate if server_rate else None
    result: dict[str, Any] = {
        "benchmark": "server",
        "command": _corpus.command_line(),
        "environment": _corpus.environment(),
        "nudge_version": _corpus.environment()["nudge_version"],
        "options": {
            "duration": opts.duration,
            "concurrency": opts.concurrency,
            "max_requests": opts.max_requests,
            "corpus": corpus.name,
            "comments": len(texts),
            "batch": len(batches[0]),
        },
        "single": single,
        "empty": floor,
        "batch": batched,
    }
    bars = [
        _corpus.bar(
            "single-comment requests/s (1 worker)", single["requests_per_s"], ">=", 2000, " req/s"
        ),
        _corpus.bar(
            "batch time per comment / score_many in-process", batched["ratio"], "<=", 3, "x"
        ),
        _corpus.bar(
            "requests answered with an error", float(single["errors"] + batched["errors"]), "<=", 0
        ),
    ]
    return _corpus.finish(result, bars, opts, _report)


def _report(r: dict[str, Any]) -> str:
    o = r["options"]
    rows = [
        ["empty text", r["empty"]["requests"], f"{r['empty']['requests_per_s']:,.0f}", "-",
         f"{r['empty']['p50_ms']:.2f}", f"{r['empty']['p99_ms']:.2f}"],
        ["1 comment", r["single"]["requests"], f"{r['single']['requests_per_s']:,.0f}",
         f"{r['single']['requests_per_s']:,.0f}", f"{r['single']['p50_ms']:.2f}",
         f"{r['single']['p99_ms']:.2f}"],
        [f"{o['batch']} comments", r["batch"]["requests"],
         f"{r['batch']['requests_per_s']:,.1f}", f"{r['batch']['comments_per_s']:,.0f}",
         f"{r['batch']['p50_ms']:.2f}", f"{r['batch']['p99_ms']:.2f}"],
    ]  # fmt: skip
    lines = [
        f"$ {r['command']}",
        f"nudge serve, 1 worker, {HOST}; {o['concurrency']} connections, {o['duration']:g} s"
        f" per load (max {o['max_requests']:,} requests); corpus {o['corpus']}"
        f" ({o['comments']} comments); load {_corpus.load_text(r['environment'])}",
        "",
        _corpus.table(["request", "requests", "req/s", "comments/s", "p50 ms", "p99 ms"], rows),
        "",
        f"score_many in-process: {r['batch']['in_process_comments_per_s']:,.0f} comments/s;"
        f" server batches: {r['batch']['ratio']:.2f}x the in-process time per comment",
        f"score() in-process, one comment at a time: "
        f"{r['single']['in_process_comments_per_s']:,.0f} comments/s (the ceiling of the"
        " single-comment load with one worker)",
        "",
    ]
    cpu = r["single"]["server_cpu_us_per_request"]
    if cpu is not None:
        lines += [
            f"server CPU per request: {cpu:,.0f} us for one comment"
            f" ({r['single']['one_core_requests_per_s']:,.0f} req/s on a core of its own),"
            f" {r['empty']['server_cpu_us_per_request']:,.0f} us for an empty text,"
            f" {r['batch']['server_cpu_us_per_request']:,.0f} us for a batch of {o['batch']}",
            "",
        ]
    for b in r["bars"]:
        lines.append(f"{b['status']:4}  {b['name']}: {b['value']:,.2f} ({b['rule']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; the exit status is 0 even when a bar fails (a report)."""
    run(build_parser().parse_args(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
