"""The real engines: Dask on a ``distributed.LocalCluster`` of 2 worker processes and
Spark in ``local[2]`` mode give exactly what ``Scorer.score_many`` gives; a Dask worker
killed in the middle of a ``nudge score`` job still leaves every row exactly once.

Skipped where the ``dask`` or ``spark`` extra (or Java, for Spark) is not installed;
``.ci/run`` installs them.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from strategies import SAMPLE_COMMENTS

from nudge import Scorer
from nudge.backlog import run
from nudge.columns import record

TEXTS = SAMPLE_COMMENTS


def comments(n: int) -> list[str]:
    return [f"{TEXTS[i % len(TEXTS)]} {i}" for i in range(n)]


def expected(texts: list[str]) -> list[dict[str, Any]]:
    return [record(a) for a in Scorer.load().score_many(texts)]


def write_jsonl(path: Path, texts: list[str]) -> None:
    lines = (json.dumps({"id": f"c{i}", "text": t}) for i, t in enumerate(texts))
    path.write_text("\n".join(lines) + "\n", "utf-8")


def output_rows(folder: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows = []
    for part in sorted(folder.glob("part-*.parquet")):
        for row in pq.read_table(part).to_pylist():
            row["categories"] = dict(row["categories"])
            rows.append(row)
    return rows


def assert_job_output(folder: Path, texts: list[str]) -> None:
    rows = output_rows(folder)
    assert sorted(r["id"] for r in rows) == sorted(f"c{i}" for i in range(len(texts)))
    want = expected(texts)
    for row in rows:
        i = int(row["id"][1:])
        assert {k: row[k] for k in want[i]} == want[i]


# ------------------------------------------------------------------------- Dask


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("dask.dataframe")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        silence_logs=40,
    ) as local:  # fmt: skip
        yield local


@pytest.fixture
def client(cluster: Any) -> Iterator[Any]:
    import distributed

    with distributed.Client(cluster) as c:
        yield c


def test_dask_frame_equals_score_many(client: Any) -> None:
    import dask.dataframe as dd
    import pandas as pd

    import nudge.dask

    texts = comments(300)
    frame = dd.from_pandas(pd.DataFrame({"id": range(300), "text": texts}), npartitions=6)
    got = nudge.dask.score(frame).compute()
    assert got["id"].tolist() == list(range(300))
    for (_, row), want in zip(got.iterrows(), expected(texts), strict=True):
        assert {k: row[k] for k in want} == want
    # Every partition ran in one of the two worker processes, not here.
    assert len(client.scheduler_info()["workers"]) == 2


def test_dask_bag_equals_score_many(client: Any) -> None:
    import dask.bag as db

    import nudge.dask

    texts = comments(100)
    got = nudge.dask.score(db.from_sequence(texts, npartitions=4), threshold=0.3).compute()
    want = [record(a) for a in Scorer.load(threshold=0.3).score_many(texts)]
    assert got == want


def test_nudge_score_on_dask(cluster: Any, tmp_path: Path) -> None:
    texts = comments(400)
    write_jsonl(tmp_path / "in.jsonl", texts)
    summary = run(
        tmp_path / "in.jsonl", tmp_path / "o.parquet", engine="dask",
        address=cluster.scheduler_address, part_rows=50, progress=False,
    )  # fmt: skip
    assert summary.complete and summary.rows_scored == 400
    assert_job_output(tmp_path / "o.parquet", texts)


def test_a_killed_dask_worker_leaves_every_row_exactly_once(cluster: Any, tmp_path: Path) -> None:
    import distributed

    texts = comments(40_000)
    write_jsonl(tmp_path / "in.jsonl", texts)
    out = tmp_path / "o.parquet"
    with distributed.Client(cluster) as c:
        pids = list(c.run(os.getpid).values())
    result: dict[str, Any] = {}

    def job() -> None:
        result["summary"] = run(
            tmp_path / "in.jsonl", out, engine="dask", address=cluster.scheduler_address,
            part_rows=500, progress=False,
        )  # fmt: skip

    worker = threading.Thread(target=job)
    worker.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / "_parts").glob("*.json"))) < 3:
        time.sleep(0.005)
    os.kill(pids[0], signal.SIGKILL)  # its part is retried elsewhere; the nanny restarts it
    done_at_kill = len(list((out / "_parts").glob("*.json")))
    worker.join(timeout=300)
    assert not worker.is_alive()
    assert 3 <= done_at_kill < 80, "the worker was not killed half-way through the job"
    summary = result["summary"]
    assert summary.complete and summary.rows_scored == len(texts)
    assert_job_output(out, texts)


# ------------------------------------------------------------------------ Spark


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java")
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session


def test_spark_equals_score_many(spark: Any) -> None:
    import nudge.spark

    texts = comments(300)
    df = spark.createDataFrame(
        [(i, t) for i, t in enumerate(texts)] + [(300, None)], "id long, text string"
    )
    scored = nudge.spark.score(df, packs=["en", "fr"])
    kinds = dict(scored.dtypes)
    assert kinds["categories"] == "map<string,double>"
    assert kinds["matches"].startswith("array<struct<term:string,category:string")
    rows = {r["id"]: r.asDict(recursive=True) for r in scored.collect()}
    assert sorted(rows) == list(range(301))
    for i, want in enumerate(expected(texts)):
        assert {k: rows[i][k] for k in want} == want
    assert rows[300]["score"] is None and rows[300]["matches"] is None


def test_spark_prefix_keeps_existing_columns(spark: Any) -> None:
    import nudge.spark

    df = spark.createDataFrame([("kys", 1.0)], "text string, score double")
    row = nudge.spark.score(df, prefix="nudge_").collect()[0]
    assert (row["score"], row["nudge_severity"]) == (1.0, "high")


def test_nudge_score_on_spark(spark: Any, tmp_path: Path) -> None:
    texts = comments(300)
    write_jsonl(tmp_path / "in.jsonl", texts)
    summary = run(
        tmp_path / "in.jsonl", tmp_path / "o.parquet", engine="spark", part_rows=50,
        progress=False,
    )  # fmt: skip
    assert summary.complete and summary.parts == 6
    assert_job_output(tmp_path / "o.parquet", texts)


def test_spark_workers_load_the_scorer_once_per_process(spark: Any) -> None:
    from nudge.workers import scorer_for

    def probe(_: Iterator[int]) -> Iterator[tuple[int, int]]:
        yield os.getpid(), id(scorer_for({}))

    seen = spark.sparkContext.parallelize(range(12), 12).mapPartitions(probe).collect()
    scorers: dict[int, set[int]] = {}
    for pid, ident in seen:
        scorers.setdefault(pid, set()).add(ident)
    assert len(seen) == 12
    assert all(len(idents) == 1 for idents in scorers.values())
    assert len(scorers) < 12  # Python workers are reused across tasks
