"""Issue 15, round 11: ``nudge score --engine dask`` without ``--address`` runs the parts on
Dask's threaded scheduler, in the command's own process, with the Scorer loaded once
before the parts start and Arrow's buffers from the system allocator.  It gives the rows
``score_many`` gives, reports a part that fails without stopping the others, and needs no
``distributed``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_engines_startup import _comments, _write  # the same rows, written the same way

from nudge import Scorer, engines
from nudge.backlog import PartTask, run
from nudge.columns import RESULT_COLUMNS, record

pytest.importorskip("dask")


def _rows(out: Path) -> list[dict[str, object]]:
    return [
        json.loads(line)
        for part in sorted(out.glob("part-*.jsonl"))
        for line in part.read_text("utf-8").splitlines()
    ]


def test_the_threaded_scheduler_scores_every_row_once_as_score_many(tmp_path: Path) -> None:
    texts = _comments(130)
    _write(tmp_path / "in.jsonl", texts)
    summary = run(tmp_path / "in.jsonl", tmp_path / "o.jsonl", engine="dask", workers=3,
                  part_rows=20, progress=False, threshold=0.4)  # fmt: skip
    assert summary.complete and summary.parts == 7 and summary.rows_scored == len(texts)
    rows = _rows(tmp_path / "o.jsonl")
    assert [r["id"] for r in rows] == [f"c{i}" for i in range(len(texts))]
    want = Scorer.load(threshold=0.4).score_many(texts)
    for row, a in zip(rows, want, strict=True):
        assert {k: row[k] for k in RESULT_COLUMNS} == record(a)


def test_a_part_that_fails_is_reported_and_the_others_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _comments(100)
    _write(tmp_path / "in.jsonl", texts)
    real = engines.score_part

    def fail_the_third(task: PartTask) -> object:
        if task.part.index == 2:
            raise OSError("disk full")
        return real(task)

    monkeypatch.setattr(engines, "score_part", fail_the_third)
    out = tmp_path / "o.jsonl"
    summary = run(tmp_path / "in.jsonl", out, engine="dask", workers=2, part_rows=20,
                  progress=False)  # fmt: skip
    assert not summary.complete and summary.parts_done == 4 and summary.rows_scored == 80
    assert [e for e in summary.errors if "failed" in e] == [
        "part 2 (in.jsonl) failed: OSError: disk full"
    ]
    assert not (out / "part-00002.jsonl").exists()
    # The next run of the same command scores only the part left, once.
    monkeypatch.setattr(engines, "score_part", real)
    again = run(tmp_path / "in.jsonl", out, engine="dask", workers=2, part_rows=20,
                progress=False)  # fmt: skip
    assert again.complete and again.resumed_parts == 4 and again.rows_this_run == 20
    assert [r["id"] for r in _rows(out)] == [f"c{i}" for i in range(len(texts))]


def test_a_scorer_that_cannot_load_fails_each_part_as_before(tmp_path: Path) -> None:
    # The Scorer loaded ahead of the parts (backlog._preload) keeps a failed load to
    # itself: each part then fails on it and says so, as without the early load.
    _write(tmp_path / "in.jsonl", _comments(30))
    summary = run(tmp_path / "in.jsonl", tmp_path / "o.jsonl", engine="dask", workers=2,
                  part_rows=10, progress=False, packs=["no-such-pack"])  # fmt: skip
    assert summary.parts_done == 0 and summary.rows_scored == 0
    failed = [e for e in summary.errors if "failed" in e]
    assert [e.split(" (")[0] for e in failed] == ["part 0", "part 1", "part 2"]
    assert all("no-such-pack" in e for e in failed)


def test_the_threaded_scheduler_needs_no_distributed(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    _write(tmp_path / "in.jsonl", _comments(40))
    code = """
import sys
from nudge.backlog import run
summary = run(sys.argv[1], sys.argv[2], engine="dask", workers=2, part_rows=15, progress=False)
print(summary.complete, summary.rows_scored, "distributed" in sys.modules)
"""
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "in.jsonl"), str(tmp_path / "o.parquet")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert done.stdout == "True 40 False\n"


@pytest.mark.parametrize(
    ("flags", "chosen", "want"),
    [
        ([], None, "system"),
        (["--untuned"], None, "default"),
        ([], "jemalloc", "jemalloc"),
        (["--engine", "local"], None, "default"),
    ],
)
def test_the_dask_command_takes_arrows_buffers_from_the_system_allocator(
    tmp_path: Path, flags: list[str], chosen: str | None, want: str
) -> None:
    # Unless the user chose a pool, or asked for the engine's own settings (--untuned),
    # or the parts are not scored on the command's threads.
    pa = pytest.importorskip("pyarrow")
    if not {"mimalloc", "jemalloc"} <= set(pa.supported_memory_backends()):
        pytest.skip("this pyarrow is built without mimalloc or jemalloc")
    _write(tmp_path / "in.jsonl", _comments(20))
    code = """
import os, sys
from nudge.backlog import cli_main
os.environ.pop("ARROW_DEFAULT_MEMORY_POOL", None)
if sys.argv[3] != "-":
    os.environ["ARROW_DEFAULT_MEMORY_POOL"] = sys.argv[3]
status = cli_main([sys.argv[1], sys.argv[2], "--engine", "dask", "--workers", "2", "--quiet",
                   *sys.argv[4:]], stdout=open(os.devnull, "w"))
import pyarrow as pa
print(status, pa.default_memory_pool().backend_name)
"""
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "in.jsonl"), str(tmp_path / "o.parquet"),
         chosen or "-", *flags],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    status, backend = done.stdout.split()
    assert status == "0"
    if want == "default":  # Arrow's own choice: mimalloc or jemalloc where built with them
        assert backend in ("mimalloc", "jemalloc"), backend
    else:
        assert backend == want
