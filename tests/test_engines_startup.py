"""Issue 15, round 8: what the engines' workers pay to start and per part.

A worker scoring parts never imports pandas (a quarter of a CPU-second per process);
Spark's daemon loads nudge and the Scorer once, before forking its workers, and only
what starts no thread; the JSONL reader's cheaper checks for blank lines, line ends and
over-long integers decide exactly as the ones they replace.  Round 10: Spark's local JVM
writes its class-data archive once and then starts from it; the engines without nudge's
settings (``tuned=False``) give the same rows; the JSONL planner cuts where it did.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import SAMPLE_COMMENTS

from nudge import Scorer, readers
from nudge.columns import RESULT_COLUMNS, record
from nudge.readers import plan


def _comments(n: int) -> list[str]:
    return [f"{SAMPLE_COMMENTS[i % len(SAMPLE_COMMENTS)]} #{i}" for i in range(n)]


def _write(path: Path, texts: list[str]) -> None:
    path.write_text(
        "".join(json.dumps({"id": f"c{i}", "text": t}) + "\n" for i, t in enumerate(texts)),
        "utf-8",
    )


def _python(code: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_scoring_a_part_into_parquet_never_imports_pandas(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    _write(tmp_path / "in.jsonl", _comments(50))
    code = """
import sys
import tempfile
from nudge.backlog import OutputFormat, PartTask, score_part
from nudge.readers import plan
for part in plan(sys.argv[1], part_rows=20):
    score_part(PartTask(part, sys.argv[2], OutputFormat.PARQUET, "text", "id"))
print(sorted(m for m in ("pandas", "pyarrow") if m in sys.modules))
"""
    (tmp_path / "out").mkdir()
    assert _python(code, str(tmp_path / "in.jsonl"), str(tmp_path / "out")) == "['pyarrow']\n"
    assert len(list((tmp_path / "out").glob("part-*.parquet"))) == 3


def test_the_line_numbers_and_the_source_column_are_those_written_before() -> None:
    pa = pytest.importorskip("pyarrow")
    from nudge.backlog import _string_scalar

    assert readers.line_numbers(3, 4).equals(pa.array([3, 4, 5, 6], type=pa.int64()))
    assert readers.line_numbers(1, 0).equals(pa.array([], type=pa.int64()))
    for text in ("c.jsonl", "dossier/é ü.jsonl", ""):
        assert _string_scalar(text).equals(pa.scalar(text, pa.string()))


def test_the_spark_daemon_preloads_only_what_starts_no_thread() -> None:
    pytest.importorskip("pyspark")
    code = """
import os, sys
from nudge._sparkdaemon import OPTIONS_VARIABLE, preload
loaded = preload({OPTIONS_VARIABLE: '{"packs": ["fr"]}'})
from nudge.workers import _CACHE, options_key
threads = len(os.listdir("/proc/self/task")) if os.path.isdir("/proc/self/task") else 1
print(loaded, options_key({"packs": ["fr"]}) in _CACHE, threads,
      [m for m in ("pyarrow", "numpy", "pandas") if m in sys.modules])
"""
    assert _python(code) == "True True 1 []\n"


def test_in_arrows_quiet_environment_the_spark_daemon_preloads_pyarrow_and_no_thread() -> None:
    # Round 12: nudge score's local Spark gives its daemon QUIET_ARROW, in which pyarrow
    # (and numpy) start no thread; the daemon imports them once for all its workers.
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")
    if not os.path.isdir("/proc/self/task"):
        pytest.skip("counts threads in /proc")
    from nudge._sparkdaemon import QUIET_ARROW

    code = """
import os, sys
from nudge._sparkdaemon import OPTIONS_VARIABLE, preload
loaded = preload({OPTIONS_VARIABLE: '{"packs": ["fr"]}'})
print(loaded, len(os.listdir("/proc/self/task")),
      [m for m in ("pyarrow", "pyarrow.parquet", "pandas") if m in sys.modules])
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, **QUIET_ARROW},
    )  # fmt: skip
    assert done.stdout == "True 1 ['pyarrow', 'pyarrow.parquet']\n"
    # One variable the user set otherwise, and the daemon leaves pyarrow to the workers.
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, **QUIET_ARROW, "ARROW_DEFAULT_MEMORY_POOL": "mimalloc"},
    )  # fmt: skip
    assert done.stdout == "True 1 []\n"


@settings(max_examples=200, deadline=None)
@given(parts=st.integers(0, 60), slots=st.one_of(st.none(), st.integers(1, 8)))
def test_spark_tasks_hold_every_part_once_in_order_and_balanced(
    parts: int, slots: int | None
) -> None:
    # Round 12: a local Spark runs consecutive parts as two tasks a slot; a cluster one
    # part a task.  Every part exactly once, in order; sizes within one part, larger first.
    from nudge.engines import LOCAL_TASKS_PER_SLOT, spark_batches

    tasks = list(range(parts))
    batches = spark_batches(tasks, slots)  # type: ignore[arg-type]
    assert [t for batch in batches for t in batch] == tasks
    want = parts if slots is None else min(parts, slots * LOCAL_TASKS_PER_SLOT)
    assert len(batches) == want
    sizes = [len(b) for b in batches]
    assert all(sizes) and sizes == sorted(sizes, reverse=True)
    assert not sizes or sizes[0] - sizes[-1] <= 1


def test_the_spark_daemon_imports_the_installed_pyspark_not_sparks_zips() -> None:
    # Round 11: Spark puts pyspark.zip and py4j's zip first on its workers' path;
    # imported from there, every module is compiled again (0.75 CPU s for the daemon).
    pyspark = pytest.importorskip("pyspark")
    lib = Path(pyspark.__file__).parent / "python" / "lib"
    zips = sorted(str(p) for p in lib.glob("*.zip"))
    if not any(p.endswith("pyspark.zip") for p in zips):
        pytest.skip("this pyspark ships no zip archives")
    code = """
import sys
from nudge._sparkdaemon import installed_path
if sys.argv[1] == "daemon":
    sys.path[:] = installed_path(sys.path)
import py4j, pyspark.worker
print(".zip" in pyspark.__file__, ".zip" in py4j.__file__)
"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(zips)}  # Spark's order
    for mode, want in (("plain", "True True"), ("daemon", "False False")):
        done = subprocess.run(
            [sys.executable, "-c", code, mode],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.stdout.strip() == want, (mode, done.stderr[-1000:])
    # Another Spark's archives (not those inside the installed package) stay.
    from nudge._sparkdaemon import installed_path

    other = ["/opt/spark/python/lib/pyspark.zip", "/opt/spark/python/lib/py4j-0-src.zip",
             "/opt/spark/jars/spark-core_2.13-4.0.0.jar"]  # fmt: skip
    assert installed_path([*other, *sys.path])[:3] == other
    # The installed package's spark-core jar, which Spark also puts there, holds no Python.
    jars = sorted(str(p) for p in (lib.parent.parent / "jars").glob("spark-core_*.jar"))
    assert jars and not set(jars) & set(installed_path([*jars, *sys.path]))


def test_what_pysparks_first_call_imports_is_imported_while_the_jvm_starts() -> None:
    pytest.importorskip("pyspark")
    code = """
import sys
from nudge.engines import _FIRST_CALL_IMPORT, _import_meanwhile
before = _FIRST_CALL_IMPORT in sys.modules
thread = _import_meanwhile(_FIRST_CALL_IMPORT)
if thread is not None:
    thread.join()
print(before, thread is not None, _FIRST_CALL_IMPORT in sys.modules)
"""
    out = _python(code)
    if out == "False False False\n":
        pytest.skip("this PySpark's converter imports nothing on its first call")
    assert out == "False True True\n"


def test_a_job_that_fails_before_running_stops_the_spark_it_began(tmp_path: Path) -> None:
    # Round 11: nudge score begins Spark's context while it plans the parts; a job that
    # stops there (no data files) stops the context it made, and the error is the same.
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java")
    code = """
import sys
from pyspark import SparkContext
from nudge.backlog import run
from nudge.errors import ConfigError
try:
    run(sys.argv[1], sys.argv[2], engine="spark", workers=2, progress=False)
except ConfigError as exc:
    print(str(exc).split(": ", 1)[-1], SparkContext._active_spark_context is None)
"""
    (tmp_path / "empty").mkdir()
    out = _python(code, str(tmp_path / "empty"), str(tmp_path / "out.jsonl"))
    assert out == "no data files (.jsonl, .csv, .tsv, .parquet) found True\n"


def test_the_local_spark_a_job_made_is_let_go_when_the_job_is_done(tmp_path: Path) -> None:
    # Round 13: the JVM of a local Spark that nudge score started ends as soon as the job
    # is done (not when the driver exits), its rows all written; PySpark forgets it, so a
    # second job in the same process starts a Spark of its own.
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java")
    code = """
import sys
from pyspark import SparkContext
from nudge.backlog import run
for n in "12":
    out = sys.argv[2] + n + ".jsonl"
    summary = run(sys.argv[1], out, engine="spark", workers=2, progress=False)
    gone = SparkContext._gateway is None, SparkContext._active_spark_context is None
    print(summary.rows_scored, *gone)
"""
    data = tmp_path / "in.jsonl"
    data.write_text("".join(f'{{"text": "comment {i}"}}\n' for i in range(30)))
    out = _python(code, str(data), str(tmp_path / "out"))
    assert out == "30 True True\n30 True True\n"


def test_a_warm_daemon_takes_the_place_of_the_one_spark_launches() -> None:
    # Round 11: the driver starts a warm daemon before the JVM; the daemon Spark launches
    # hands it its pipes and environment, and the warm one's fork answers in its place,
    # only if Python started alike in both (here, the hash seed) or it starts as before.
    pytest.importorskip("pyspark")
    psutil = pytest.importorskip("psutil")
    from nudge import _sparkwarm

    env = {**os.environ, "NUDGE_SPARK_SCORER": "{}", "PYTHONHASHSEED": "0"}
    codes = []
    for seed, served in (("0", True), ("1", False)):
        warm = _sparkwarm.start(env)
        if warm is None:
            pytest.skip("no file descriptors over Unix sockets here")
        launched = subprocess.Popen(
            [sys.executable, "-m", "nudge._sparkdaemon", "pyspark.worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            env={**env, "PYTHONHASHSEED": seed, "PYTHONUNBUFFERED": "YES",
                 _sparkwarm.WARM_VARIABLE: warm.socket_path},
        )  # fmt: skip
        assert launched.stdout is not None and launched.stdin is not None
        port = int.from_bytes(launched.stdout.read(4), "big")  # PySpark's daemon listens
        assert 0 < port < 65536
        alive = warm.process.poll() is None
        forked = alive and bool(psutil.Process(warm.process.pid).children())
        assert forked == served, seed
        launched.stdin.close()  # as the JVM stops its daemon
        codes.append(launched.wait(timeout=60))
        launched.stdout.close()
        warm.close()
        assert warm.process.wait(timeout=60) in (0, 1)
        assert not os.path.exists(os.path.dirname(warm.socket_path))
    assert codes[0] == codes[1]  # the stand-in exits as PySpark's own daemon does


def test_nudge_score_on_spark_with_its_own_daemon(tmp_path: Path) -> None:
    # The engines' tests share one SparkSession, whose context run_spark uses as it is;
    # only a context run_spark makes itself starts nudge's daemon: a process of its own.
    # Its JVM writes the class-data archive as it exits, if there is none yet (round 10),
    # and the second run starts from it: the same rows both times.  Round 12: nine parts,
    # run as four Spark tasks of consecutive parts (engines.spark_batches).
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java")
    from nudge import _jvmarchive, engines

    archive = _jvmarchive.archive_path(engines._LOCAL_JVM_OPTIONS)
    texts = _comments(90)
    _write(tmp_path / "in.jsonl", texts)
    want = Scorer.load(["en", "fr"], threshold=0.6).score_many(texts)
    written = None
    for run in ("first", "second"):
        out = tmp_path / f"out-{run}.jsonl"
        done = subprocess.run(
            [sys.executable, "-m", "nudge.cli", "score", str(tmp_path / "in.jsonl"), str(out),
             "--engine", "spark", "--workers", "2", "--part-rows", "10", "--quiet",
             "--packs", "en,fr", "--threshold", "0.6"],
            capture_output=True, text=True, check=False,
            env={**os.environ, "PYSPARK_PYTHON": sys.executable},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.startswith("rows: 90 read, 90 scored"), done.stdout[:500]
        _assert_rows(out, want)
        if archive is not None:  # Java 17 or later: written once, then only read
            assert archive.is_file() and archive.stat().st_size > 0
            assert not list(archive.parent.glob(".*.tmp"))
            assert written in (None, archive.stat().st_mtime_ns)
            written = archive.stat().st_mtime_ns


def test_the_class_data_archive_is_one_per_java_spark_and_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nudge import _jvmarchive

    monkeypatch.setenv("NUDGE_CACHE_DIR", str(tmp_path / "cache"))
    first = _jvmarchive.archive_path("-XX:+UseSerialGC")
    if first is None:
        pytest.skip("needs Java 17 or later and pyspark")
    assert first.parent == tmp_path / "cache" / "spark-cds"
    assert _jvmarchive.archive_path("-XX:+UseSerialGC") == first
    assert _jvmarchive.archive_path("-XX:+UseParallelGC") != first
    planned = _jvmarchive.plan("-XX:+UseSerialGC")
    assert planned is not None and planned.path == first and planned.writing is not None
    assert planned.java_options().startswith(f"-XX:ArchiveClassesAtExit={planned.writing} ")
    # A JVM that exited before writing anything leaves no archive and no temporary file.
    planned.writing.write_bytes(b"")
    assert not planned.keep() and not planned.writing.exists() and not first.exists()
    planned.writing.write_bytes(b"archive")
    assert planned.keep() and first.read_bytes() == b"archive"
    used = _jvmarchive.plan("-XX:+UseSerialGC")
    assert used is not None and used.writing is None
    assert used.java_options().startswith(f"-XX:SharedArchiveFile={first} ")
    # Spark splits its Java options on white space: a folder it would split has none.
    monkeypatch.setenv("NUDGE_CACHE_DIR", str(tmp_path / "a cache"))
    assert _jvmarchive.archive_path("") is None and _jvmarchive.plan("") is None


def test_nudge_score_on_dask_untuned_gives_the_same_rows(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    pytest.importorskip("pyarrow")
    from nudge.backlog import run

    texts = _comments(60)
    _write(tmp_path / "in.jsonl", texts)
    for tuned in (True, False):
        out = tmp_path / f"out-{tuned}.jsonl"
        summary = run(tmp_path / "in.jsonl", out, engine="dask", workers=2, part_rows=25,
                      progress=False, tuned=tuned)  # fmt: skip
        assert summary.complete and summary.rows_scored == len(texts)
        rows = [
            json.loads(line)
            for part in sorted(out.glob("part-*.jsonl"))
            for line in part.read_text("utf-8").splitlines()
        ]
        assert [r["id"] for r in rows] == [f"c{i}" for i in range(len(texts))]
        for row, a in zip(rows, Scorer.load().score_many(texts), strict=True):
            assert {k: row[k] for k in RESULT_COLUMNS} == record(a)


def test_nudge_score_on_spark_untuned_gives_the_same_rows(tmp_path: Path) -> None:
    # Round 11: --untuned makes Spark's context where run_spark runs, with Spark's own
    # daemon and JVM options (no early start, no preloading daemon): the same rows.
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Spark needs Java")
    texts = _comments(60)
    _write(tmp_path / "in.jsonl", texts)
    out = tmp_path / "out.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "nudge.cli", "score", str(tmp_path / "in.jsonl"), str(out),
         "--engine", "spark", "--workers", "2", "--part-rows", "25", "--quiet", "--untuned"],
        capture_output=True, text=True, check=False,
        env={**os.environ, "PYSPARK_PYTHON": sys.executable},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    _assert_rows(out, Scorer.load().score_many(texts))


def _assert_rows(out: Path, want: list[Any]) -> None:
    """The JSONL parts in ``out`` hold one row a comment, in order, each with the result
    columns of its assessment in ``want``."""
    rows = [
        json.loads(line)
        for part in sorted(out.glob("part-*.jsonl"))
        for line in part.read_text("utf-8").splitlines()
    ]
    assert [r["id"] for r in rows] == [f"c{i}" for i in range(len(want))]
    for row, a in zip(rows, want, strict=True):
        assert {k: row[k] for k in RESULT_COLUMNS} == record(a)


def _squeezed_blank(data: bytes) -> bool:
    """The check the reader made before: the blanks taken out, an empty line."""
    squeezed = data.translate(None, readers._SPACE_BYTES)
    return squeezed.startswith(b"\n") or b"\n\n" in squeezed


BYTES = st.lists(st.sampled_from([b" ", b"\t", b"\r", b"\n", b"\x0b", b"\x0c", b"{", b"a"]),
                 max_size=30).map(b"".join)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(BYTES)
def test_the_blank_line_and_line_end_checks_decide_as_before(data: bytes) -> None:
    assert readers._blank_line(data) == _squeezed_blank(data)
    squeezed = data.translate(None, readers._SPACE_BYTES)
    assert readers._ends_line(data) == squeezed.endswith(b"\n")


def test_an_over_long_integer_anywhere_sends_the_part_to_the_line_reader(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    digits = b"7" * (sys.get_int_max_str_digits() + 1)
    data = b'{"id": 1, "text": "one", "n": 2}\n{"id": 2, "text": "two", "n": ' + digits + b"}\n"
    (tmp_path / "c.jsonl").write_bytes(data)
    (part,) = plan(tmp_path / "c.jsonl")
    assert readers.read_arrow(part, text_field="text", id_field="id") is None
    items = [str(i) for i in readers.read_part(part, text_field="text", id_field="id")]
    assert items[0] == "Row(id='1', line=1, text='one')"
    assert items[1].startswith("c.jsonl:2: not valid JSON")
    # A float column without such an integer still takes the fast path.
    (tmp_path / "f.jsonl").write_bytes(data.replace(digits, b"2.5"))
    (part,) = plan(tmp_path / "f.jsonl")
    assert readers.read_arrow(part, text_field="text", id_field="id") is not None


def _cuts_by_line_ends(data: bytes, part_rows: int) -> list[tuple[int, ...]]:
    """Where parts of ``part_rows`` lines start and stop, from every line end's offset."""
    ends = [i + 1 for i, byte in enumerate(data) if byte == ord("\n")]
    pieces = []
    start, first = 0, 1
    for k in range(part_rows, len(ends) + 1, part_rows):
        pieces.append((start, ends[k - 1], first, part_rows))
        start, first = ends[k - 1], first + part_rows
    if len(data) > start:  # the rest, with a last line that has no line end
        pieces.append((start, len(data), first, len(ends) - first + 1 + (data[-1:] != b"\n")))
    return pieces


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(0, 40), max_size=60),
    st.integers(1, 9),
    st.integers(1, 64),
    st.booleans(),
)
def test_the_jsonl_planner_cuts_after_every_part_rows_th_line_end(
    widths: list[int], part_rows: int, block_size: int, final_newline: bool
) -> None:
    data = b"\n".join(b"x" * w for w in widths) + (b"\n" if final_newline and widths else b"")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.jsonl"
        path.write_bytes(data)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(readers, "_BLOCK", block_size)
            parts = readers.plan(path, part_rows)
        planned = [(p.start, p.stop, p.first_line, p.rows) for p in parts]
        assert planned == _cuts_by_line_ends(data, part_rows)
