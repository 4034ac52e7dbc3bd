"""``nudge score``: every row of every input format scored exactly once, as ``score_many``
scores it; bad rows reported with file and line; a killed run resumed to the same result.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import SAMPLE_COMMENTS, storable_text

from nudge import Scorer
from nudge.backlog import cli_main, run
from nudge.columns import record
from nudge.errors import ConfigError
from nudge.readers import Row, plan, read_part

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

SEEDS = SAMPLE_COMMENTS


def texts(n: int) -> list[str]:
    """``n`` distinct comments cycling through the seeds."""
    return [f"{SEEDS[i % len(SEEDS)]} #{i}" for i in range(n)]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def read_output(folder: Path) -> list[dict[str, Any]]:
    """Every row of an output folder (Parquet or JSONL parts), in part order."""
    rows: list[dict[str, Any]] = []
    for part in sorted(folder.glob("part-*")):
        if part.suffix == ".parquet":
            for row in pq.read_table(part).to_pylist():
                row["categories"] = dict(row["categories"])
                rows.append(row)
        else:
            rows.extend(json.loads(line) for line in part.read_text("utf-8").splitlines())
    return rows


def expected(rows: list[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    """What ``score_many`` gives on the same texts, by id."""
    assessments = Scorer.load().score_many([t for _, t in rows])
    return {i: record(a) for (i, _), a in zip(rows, assessments, strict=True)}


def assert_exactly(output: Path, rows: list[tuple[str, str]]) -> None:
    got = read_output(output)
    counts = Counter(r["id"] for r in got)
    assert [i for i, n in counts.items() if n != 1] == []
    assert set(counts) == {i for i, _ in rows}
    want = expected(rows)
    for row in got:
        assert {k: row[k] for k in want[row["id"]]} == want[row["id"]], row["id"]


@pytest.fixture
def mixed_input(tmp_path: Path) -> tuple[Path, list[tuple[str, str]]]:
    """A folder with a JSONL, a CSV (with a quoted newline), a TSV and a Parquet file."""
    folder = tmp_path / "in"
    folder.mkdir()
    all_texts = texts(240)
    all_texts[5] = "line one\nline two, you idiot"  # a quoted newline in the CSV
    rows = [(f"r{i}", t) for i, t in enumerate(all_texts)]
    write_jsonl(folder / "a.jsonl", [{"id": i, "text": t} for i, t in rows[:60]])
    with (folder / "b.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text", "id"])
        w.writerows([(t, i) for i, t in rows[:120][::-1][:60]])
    with (folder / "c.tsv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, dialect=csv.excel_tab)
        w.writerow(["id", "text"])
        w.writerows(rows[120:180])
    table = pa.table({"id": [i for i, _ in rows[180:]], "text": [t for _, t in rows[180:]]})
    pq.write_table(table, folder / "d.parquet", row_group_size=7)
    return folder, rows


@pytest.mark.parametrize("out_name", ["out.parquet", "out.jsonl"])
def test_every_format_scored_exactly_once_as_score_many(
    mixed_input: tuple[Path, list[tuple[str, str]]], tmp_path: Path, out_name: str
) -> None:
    folder, rows = mixed_input
    summary = run(folder, tmp_path / out_name, part_rows=25, progress=False)
    assert summary.complete and summary.rows_scored == len(rows)
    assert summary.parts > 4  # the files were really cut into several parts
    assert_exactly(tmp_path / out_name, rows)


def test_local_pool_of_two_processes(
    mixed_input: tuple[Path, list[tuple[str, str]]], tmp_path: Path
) -> None:
    folder, rows = mixed_input
    summary = run(folder, tmp_path / "o.parquet", workers=2, part_rows=40, progress=False)
    assert summary.complete
    assert_exactly(tmp_path / "o.parquet", rows)


def test_lines_and_sources_point_back_at_the_input(
    mixed_input: tuple[Path, list[tuple[str, str]]], tmp_path: Path
) -> None:
    folder, _ = mixed_input
    run(folder, tmp_path / "o.jsonl", part_rows=25, progress=False)
    by_id = {r["id"]: r for r in read_output(tmp_path / "o.jsonl")}
    assert (by_id["r0"]["source"], by_id["r0"]["line"]) == ("a.jsonl", 1)
    assert (by_id["r120"]["source"], by_id["r120"]["line"]) == ("c.tsv", 2)
    assert (by_id["r180"]["source"], by_id["r180"]["line"]) == ("d.parquet", 1)
    # b.csv holds r119..r60 after its header; r5's text spans two lines, so the row
    # after it starts one line further down.
    assert (by_id["r119"]["source"], by_id["r119"]["line"]) == ("b.csv", 2)
    lines = sorted((r["line"], int(r["id"][1:])) for r in by_id.values() if r["source"] == "b.csv")
    assert lines[-1] == (61, 60)


def test_bad_rows_are_reported_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_bytes(
        b'{"id": "ok1", "text": "you idiot"}\n'
        b'{"id": "m", "txt": "typo"}\n'
        b'{"id": "n", "text": null}\n'
        b'{"id": "i", "text": 42}\n'
        b"{broken\n"
        b"\n"
        b'["not", "an", "object"]\n'
        b'{"id": "u", "text": "\xff\xfe"}\n'
        b'{"id": "ok2", "text": "merci"}'  # no final newline
    )
    (folder / "b.csv").write_text("id,text\nok3,bonjour\nshort\n", "utf-8")
    (folder / "c.parquet").write_bytes(b"PAR1 this is not a parquet file")
    pq.write_table(pa.table({"text": ["salut", None]}), folder / "d.parquet")
    out = tmp_path / "o.jsonl"
    summary = run(folder, out, progress=False)
    assert summary.rows_scored == 4  # ok1, ok2, ok3, salut, and nothing else
    assert summary.rows_skipped == 8
    assert summary.parts_failed == 1
    assert not summary.complete
    lines = (out / "_errors.jsonl").read_text().splitlines()
    errors = [json.loads(line)["error"] for line in lines]
    for where in (
        "a.jsonl:2: text: missing",
        "a.jsonl:3: text: null",
        "a.jsonl:4: text: expected a string, got a number",
        "a.jsonl:5: not valid JSON",
        "a.jsonl:7: expected an object, got an array",
        "a.jsonl:8: not UTF-8",
        "b.csv:3: text: missing",
        "c.parquet: unreadable",
        "d.parquet:2: text: null",
    ):
        assert any(e.startswith(where) for e in errors), where
    assert {r["id"] for r in read_output(out)} == {"ok1", "ok2", "ok3", "d.parquet:1"}


def test_exit_status_says_whether_anything_was_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.jsonl"
    write_jsonl(good, [{"text": "hello"}])
    assert cli_main([str(good), str(tmp_path / "g.jsonl"), "--quiet"]) == 0
    bad = tmp_path / "bad.jsonl"
    write_jsonl(bad, [{"text": "hello"}, {"text": None}])
    assert cli_main([str(bad), str(tmp_path / "b.jsonl"), "--quiet"]) == 1
    assert "bad.jsonl:2: text: null" in capsys.readouterr().err
    assert cli_main([str(tmp_path / "missing.jsonl"), str(tmp_path / "m.jsonl")]) == 2
    assert cli_main([str(good), str(tmp_path / "out.txt")]) == 2


def test_progress_shows_the_time_left(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.jsonl"
    write_jsonl(src, [{"text": t} for t in texts(30)])
    assert cli_main([str(src), str(tmp_path / "o.jsonl"), "--part-rows", "10"]) == 0
    err = capsys.readouterr().err
    assert "30 of ~30 rows (100 %), 3/3 parts" in err and "left" in err


def test_a_resume_with_other_options_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    write_jsonl(src, [{"text": t} for t in texts(20)])
    out = tmp_path / "o.jsonl"
    run(src, out, progress=False)
    with pytest.raises(ConfigError, match="other input or options"):
        run(src, out, progress=False, threshold=0.9)
    summary = run(src, out, progress=False, threshold=0.9, overwrite=True)
    assert summary.resumed_parts == 0 and summary.rows_scored == 20
    (tmp_path / "foreign.jsonl").mkdir()
    (tmp_path / "foreign.jsonl" / "keep.txt").write_text("mine")
    with pytest.raises(ConfigError, match="holds no nudge job"):
        run(src, tmp_path / "foreign.jsonl", progress=False)


def test_a_killed_run_resumes_to_every_row_exactly_once(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    rows = [(f"c{i}", t) for i, t in enumerate(texts(12_000))]
    write_jsonl(src, [{"id": i, "text": t} for i, t in rows])
    out = tmp_path / "o.parquet"
    command = [sys.executable, "-m", "nudge.cli", "score", str(src), str(out), "--quiet",
               "--part-rows", "100"]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    markers = out / "_parts"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(markers.glob("part-*.json"))) < 5:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = sorted(markers.glob("part-*.json"))
    assert 5 <= len(done_before) < 120, "the run was not stopped half-way"
    # A crash between a part's data and its marker: data there, marker gone, data cut.
    victim = done_before[1]
    victim.unlink()
    data = out / victim.name.replace(".json", ".parquet")
    data.write_bytes(data.read_bytes()[:50])
    summary = run(src, out, part_rows=100, progress=False)
    assert summary.complete and summary.rows_scored == len(rows)
    assert summary.resumed_parts == len(done_before) - 1
    assert summary.rows_this_run == len(rows) - 100 * (len(done_before) - 1)
    assert_exactly(out, rows)
    assert not [p for p in out.rglob(".*.tmp")]


def test_parts_cut_where_records_end(tmp_path: Path) -> None:
    src = tmp_path / "c.csv"
    with src.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["text"])
        w.writerows([[f"a\nb{i}"] for i in range(5)])
    parts = plan(src, part_rows=2)
    assert [(p.first_line, p.rows) for p in parts] == [(2, 2), (6, 2), (10, 1)]
    got = [r for p in parts for r in read_part(p, text_field="text", id_field="id")]
    assert [r.text for r in got if isinstance(r, Row)] == [f"a\nb{i}" for i in range(5)]


FORMATS = ["jsonl", "csv", "parquet"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(storable_text(), min_size=1, max_size=8), st.sampled_from(FORMATS))
def test_any_text_survives_every_format(tmp_path: Path, values: list[str], fmt: str) -> None:
    src = tmp_path / f"in-{os.urandom(4).hex()}.{fmt}"
    if fmt == "jsonl":
        write_jsonl(src, [{"text": v} for v in values])
    elif fmt == "csv":
        with src.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows([["text"], *[[v] for v in values]])
    else:
        pq.write_table(pa.table({"text": values}), src)
    parts = plan(src, part_rows=3)
    got = [r for p in parts for r in read_part(p, text_field="text", id_field="id")]
    assert [r.text for r in got if isinstance(r, Row)] == values
