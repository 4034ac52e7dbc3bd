"""Smoke run of benchmarks/server.py: it starts, drives and stops a server by itself.

No timing is asserted (the figures depend on the machine), only that the run is bounded
(it stops at --max-requests), every request was answered without error, and the result
has its documented keys.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

ROOT = Path(__file__).resolve().parents[2]


def test_server_benchmark_runs_bounded() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    module = importlib.import_module("benchmarks.server")
    args = argparse.Namespace(
        limit=200, repeat=1, synthetic=True, quiet=True, duration=0.5, warmup=0.1,
        concurrency=4, max_requests=60,
    )  # fmt: skip
    result = module.run(args)
    for load in ("single", "empty", "batch"):
        assert 0 < result[load]["requests"] <= 60
        assert result[load]["errors"] == 0
        assert {"requests_per_s", "p50_ms", "p99_ms"} <= result[load].keys()
    assert result["batch"]["in_process_comments_per_s"] > 0
    assert result["bars"][0]["name"].startswith("single-comment")
