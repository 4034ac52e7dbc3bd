"""Score a backlog of files part by part, resumably, on a local pool, Dask or Spark.

This is what ``nudge score INPUT OUTPUT`` runs.  The input (one file or a folder of JSONL,
CSV/TSV or Parquet files) is cut into parts (:func:`nudge.readers.plan`); each part is
read, scored with the Scorer its worker process loaded once, and written as one output
file, then marked done.  The output is a folder::

    OUTPUT/part-00000.parquet  (or .jsonl)  one file per input part, rows in input order
    OUTPUT/_parts/part-00000.json           the part's report: written last, it marks it done
    OUTPUT/_job.json                        the input and options (a resume must match them)
    OUTPUT/_errors.jsonl                    every row or part that could not be read
    OUTPUT/_summary.json                    rows, flag rates per category and language, speed

Both files of a part are written under a temporary name and renamed, so a part is either
done (its report exists) or redone from scratch: a run stopped half-way and started
again scores each remaining part once, never duplicating or losing a row, and an engine
that retries a task (a Dask worker killed mid-part) just writes the same file again.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "in.jsonl").write_text('{"id": "a", "text": "ta gueule"}\\n{"id": "b"}\\n')
>>> s = run(d / "in.jsonl", d / "out.jsonl", progress=False)
>>> s.rows_scored, s.rows_skipped, s.flagged
(1, 1, 1)
>>> print((d / "out.jsonl" / "_errors.jsonl").read_text().strip())
{"part": 0, "error": "in.jsonl:2: text: missing"}
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import struct
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TextIO

from nudge import _gcpause
from nudge.columns import RESULT_COLUMNS, record, score_jsonl
from nudge.errors import ConfigError, DataError, NudgeError
from nudge.readers import (
    Format,
    Part,
    input_files,
    line_numbers,
    part_bytes,
    plan,
    read_arrow,
    read_part,
)
from nudge.workers import options_key, scorer_for

if TYPE_CHECKING:  # the engines module imports this one (score_part)
    from nudge.engines import SparkStart

__all__ = [
    "Engine",
    "JobSummary",
    "OutputFormat",
    "PartReport",
    "PartTask",
    "cli_main",
    "output_format",
    "run",
    "score_part",
    "score_parts",
]

SAMPLE_ERRORS: Final = 1_000
"""At most this many row errors are kept word for word per part (all are counted)."""
_JOB_VERSION: Final = 1


class Engine(StrEnum):
    """Who runs the parts: a local process pool, a Dask cluster or Spark."""

    LOCAL = "local"
    DASK = "dask"
    SPARK = "spark"


class OutputFormat(StrEnum):
    """The output parts' format, chosen by the output's extension."""

    PARQUET = "parquet"
    JSONL = "jsonl"


def output_format(path: str | Path) -> OutputFormat:
    """The output format named by the output folder's extension.

    >>> output_format("scores.parquet"), output_format("scores.jsonl")
    (<OutputFormat.PARQUET: 'parquet'>, <OutputFormat.JSONL: 'jsonl'>)
    """
    suffix = Path(path).suffix.lower()
    if suffix in (".parquet", ".pq"):
        return OutputFormat.PARQUET
    if suffix in (".jsonl", ".ndjson", ".json"):
        return OutputFormat.JSONL
    raise ConfigError("the output must end in .parquet or .jsonl", path=str(path))


@dataclass(frozen=True, slots=True)
class PartTask:
    """Everything a worker needs to score one part (small and picklable)."""

    part: Part
    output: str
    format: OutputFormat
    text_field: str
    id_field: str
    options: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class PartReport:
    """What scoring one part gave: counts, flags per category and language, errors."""

    index: int
    source: str
    rows_read: int
    rows_scored: int
    flagged: int
    categories: dict[str, int]
    languages: dict[str, list[int]]
    """Per language: [rows scored, rows flagged]."""
    errors: int
    error_samples: list[str]
    part_error: str | None
    seconds: float


def _data_name(index: int, fmt: OutputFormat) -> str:
    return f"part-{index:05d}.{fmt.value}"


def _marker(output: Path, index: int) -> Path:
    return output / "_parts" / f"part-{index:05d}.json"


def _replace_atomically(target: Path, write: Callable[[Path], object]) -> None:
    # The temporary name is hidden and unique to this attempt: a killed attempt leaves
    # at most a stray hidden file, which the driver removes at the end.
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def score_part(task: PartTask) -> PartReport:
    """Read, score and write one part, then mark it done; returns its report.

    Bad rows are counted and described in the report, never raised; a part that cannot
    be read at all is reported as such (and retried by the next run).

    >>> import tempfile, pathlib
    >>> from nudge.readers import plan
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "c.csv").write_text("text\\nkys\\n")
    >>> task = PartTask(plan(d / "c.csv")[0], str(d), OutputFormat.JSONL, "text", "id")
    >>> score_part(task).flagged, (d / "part-00000.jsonl").is_file()
    (1, True)
    """
    # A part makes some hundred thousand objects that all die together when it is done;
    # the collector's passes over them cost half as much again as the scoring.
    with _gcpause.paused():
        return _score_part(task)


def score_parts(tasks: Sequence[PartTask]) -> list[PartReport]:
    """:func:`score_part` of each task in turn (one Spark task of several parts, see
    :func:`nudge.engines.spark_batches`); their reports.

    >>> score_parts([])
    []
    """
    return [score_part(task) for task in tasks]


def _score_part(task: PartTask) -> PartReport:
    started = time.perf_counter()
    part = task.part
    scorer = scorer_for(dict(task.options))
    errors = 0
    samples: list[str] = []
    part_error: str | None = None
    parquet = task.format is OutputFormat.PARQUET
    # A plain JSONL part is read and scored by the compiled core in one call; a plain
    # Parquet part stays in Arrow from the reader to the writer (the columnar path: no
    # Python string per text, no Assessment per row), whatever the output.
    table: Any = None
    rows: _Rows | _ArrowRows
    if (direct := _score_plain_jsonl(scorer, task)) is not None:
        rows, table = direct
        read = table.num_rows
    elif (
        arrow := read_arrow(part, text_field=task.text_field, id_field=task.id_field)
    ) is not None:
        rows = _ArrowRows(arrow.ids, arrow.first_line, arrow.texts)
        read = len(arrow.texts)
    else:
        ids, lines, texts = [], [], []
        read = 0
        for item in read_part(part, text_field=task.text_field, id_field=task.id_field):
            if isinstance(item, DataError):
                if item.line is None:
                    part_error = str(item)
                    continue
                read += 1
                errors += 1
                if len(samples) < SAMPLE_ERRORS:
                    samples.append(str(item))
                continue
            read += 1
            ids.append(item.id)
            lines.append(item.line)
            texts.append(item.text)
        rows = _Rows(ids, lines, texts)
    output = Path(task.output)
    target = output / _data_name(part.index, task.format)
    if table is None:
        table = _score_columns(scorer, rows)
    if table is not None:
        write = _write_table if parquet else _write_jsonl_table
        _replace_atomically(target, lambda p: write(p, part, rows, table))
        scored, flagged, categories, languages = _tally(table)
    else:
        assert isinstance(rows, _Rows)
        assessments = scorer.score_many(rows.texts)
        if parquet:
            _write_parquet(target, part, rows, assessments)
        else:
            _write_jsonl(target, part, rows, assessments)
        scored = len(assessments)
        flagged = 0
        categories = Counter()
        languages = {}
        for a in assessments:
            counts = languages.setdefault(a.language or "unknown", [0, 0])
            counts[0] += 1
            if a.flagged:
                flagged += 1
                counts[1] += 1
                categories.update(a.categories.keys())
    report = PartReport(
        part.index,
        part.source,
        read,
        scored,
        flagged,
        dict(categories),
        languages,
        errors,
        samples,
        part_error,
        time.perf_counter() - started,
    )
    marker = _marker(output, part.index)
    marker.parent.mkdir(parents=True, exist_ok=True)
    _replace_atomically(
        marker, lambda p: p.write_text(json.dumps(asdict(report), ensure_ascii=False))
    )
    return report


def _score_plain_jsonl(scorer: Any, task: PartTask) -> tuple[_ArrowRows, Any] | None:
    """A JSONL part read and scored in one call (:func:`nudge.columns.score_jsonl`): its
    rows (ids, no texts) and result columns, or ``None`` when it is not one (not JSONL,
    not the plain case, no pyarrow, a file that cannot be read now), for the readers."""
    part = task.part
    if part.format is not Format.JSONL or part.problem:
        return None
    try:
        import pyarrow  # noqa: F401  (the columns are Arrow arrays)
    except ImportError:
        return None
    data = part_bytes(part)
    if data is None:
        return None
    try:
        found = score_jsonl(
            scorer,
            data,
            text_field=task.text_field,
            id_field=task.id_field,
            source=part.source,
            first_line=part.first_line,
        )
    except OverflowError:  # result columns past Arrow's 2 GiB: the readers chunk them
        return None
    if found is None:
        return None
    ids, table = found
    return _ArrowRows(ids, part.first_line, None), table


@dataclass(frozen=True, slots=True)
class _ArrowRows:
    """A plain part's records as Arrow arrays (ids and texts), lines counted from
    ``first_line``."""

    ids: Any
    first_line: int
    texts: Any


def _score_columns(scorer: Any, rows: _Rows | _ArrowRows) -> Any:
    """The result columns of a part through the columnar path, or ``None`` when its
    texts cannot be Arrow strings (a lone surrogate, which UTF-8 cannot hold) or pyarrow
    is not installed (JSONL output needs none): those take ``score_many``."""
    try:
        import pyarrow as pa
    except ImportError:
        return None
    from nudge.columns import score_table

    try:
        return score_table(scorer, rows.texts)
    except (pa.ArrowException, UnicodeEncodeError):
        if isinstance(rows, _ArrowRows):
            raise
        return None


def _write_table(path: Path, part: Part, rows: _Rows | _ArrowRows, results: Any) -> None:
    """One Parquet part: ``id``, ``source``, ``line``, then the result columns (the
    columns and types :func:`nudge.columns.arrow_table` gives)."""
    import pyarrow as pa

    size = results.num_rows
    if isinstance(rows, _ArrowRows):
        ids = rows.ids
        lines = line_numbers(rows.first_line, size)
    else:
        ids, lines = pa.array(rows.ids, type=pa.string()), pa.array(rows.lines, type=pa.int64())
    if isinstance(ids, pa.ChunkedArray):
        ids = ids.combine_chunks()
    source = pa.repeat(_string_scalar(part.source), size)
    columns = [ids, source, lines, *results.columns]
    names = ["id", "source", "line", *results.column_names]
    _write_parquet_file(pa.Table.from_arrays(columns, names=names), path)


def _string_scalar(text: str) -> Any:
    """``text`` as an Arrow string scalar, made from buffers: ``pa.scalar`` of a Python
    value, like ``pa.array``, asks whether it is a pandas object, which imports pandas
    (see :func:`nudge.readers.line_numbers`)."""
    import pyarrow as pa

    data = text.encode("utf-8")
    offsets = pa.py_buffer(struct.pack("=ii", 0, len(data)))
    return pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(data)])[0]


def _write_parquet_file(table: Any, path: Path) -> None:
    """Write a part's table.  A dictionary only for the columns of few distinct values
    (the file name, severity, language), where it makes the file smaller; for the ids,
    matches and scores it costs more than it saves.  Statistics only where a reader may
    filter row groups on them.  (Measured on a part of 50,000 synthetic rows: 0.61 ->
    0.45 µs a row, and a tenth smaller.)"""
    import pyarrow.parquet as pq

    pq.write_table(
        table,
        path,
        use_dictionary=[name for name in _DICTIONARY_COLUMNS if name in table.column_names],
        write_statistics=[name for name in _STATISTICS_COLUMNS if name in table.column_names],
    )


_DICTIONARY_COLUMNS: Final = ("source", "severity", "language")
_STATISTICS_COLUMNS: Final = ("line", "score", "flagged", "severity", "language")


def _tally(results: Any) -> tuple[int, int, Counter[str], dict[str, list[int]]]:
    """A part's counts from its result columns: rows, flagged rows, flagged rows per
    category and [rows, flagged rows] per language ("unknown" for none), as the report
    counts them from the assessments."""
    import pyarrow.compute as pc

    flagged = results.column("flagged")
    language = pc.fill_null(results.column("language"), _string_scalar("unknown"))
    languages: dict[str, list[int]] = {}
    for item in pc.value_counts(language).to_pylist():
        languages[item["values"]] = [item["counts"], 0]
    for item in pc.value_counts(pc.filter(language, flagged)).to_pylist():
        languages[item["values"]][1] = item["counts"]
    categories: Counter[str] = Counter()
    # filter builds a new array (offset 0), whose .keys are its rows' keys exactly.
    chosen = pc.filter(results.column("categories"), flagged).combine_chunks()
    for item in pc.value_counts(chosen.keys).to_pylist():
        categories[item["values"]] = item["counts"]
    return results.num_rows, int(pc.sum(flagged).as_py() or 0), categories, languages


@dataclass(frozen=True, slots=True)
class _Rows:
    """A part's good records as columns (no object a row)."""

    ids: list[str]
    lines: list[int]
    texts: list[str]


def _write_jsonl_table(path: Path, part: Part, rows: _Rows | _ArrowRows, results: Any) -> None:
    """One JSONL part from the result columns: the lines :func:`_write_jsonl` writes
    from the assessments (same keys, same order, same values)."""
    size = results.num_rows
    if isinstance(rows, _ArrowRows):
        ids: list[Any] = rows.ids.to_pylist()
        lines: Sequence[int] = range(rows.first_line, rows.first_line + size)
    else:
        ids, lines = rows.ids, rows.lines
    # Arrow makes the Python values of each column in one C++ pass; a map comes back as
    # (key, value) pairs, a struct as a dict whose keys are the match fields in order.
    values = [results.column(name).to_pylist() for name in RESULT_COLUMNS]
    category = RESULT_COLUMNS.index("categories")
    values[category] = [dict(pairs) for pairs in values[category]]
    # One encoder for the part: json.dumps with options builds a new one for each call.
    encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
    source = part.source
    with path.open("w", encoding="utf-8") as f:
        for ident, number, *result in zip(ids, lines, *values, strict=True):
            line = {"id": ident, "source": source, "line": number}
            line.update(zip(RESULT_COLUMNS, result, strict=True))
            f.write(encode(line) + "\n")


def _write_jsonl(target: Path, part: Part, rows: _Rows, assessments: Sequence[Any]) -> None:
    def write(path: Path) -> None:
        with path.open("w", encoding="utf-8") as f:
            for ident, number, a in zip(rows.ids, rows.lines, assessments, strict=True):
                line = {"id": ident, "source": part.source, "line": number, **record(a)}
                f.write(json.dumps(line, ensure_ascii=False) + "\n")

    _replace_atomically(target, write)


def _write_parquet(target: Path, part: Part, rows: _Rows, assessments: Sequence[Any]) -> None:
    from nudge.columns import arrow_table

    table = arrow_table(
        assessments,
        id=rows.ids,
        source=[part.source] * len(rows.ids),
        line=rows.lines,
    )
    _replace_atomically(target, lambda p: _write_parquet_file(table, p))


# ------------------------------------------------------------------- the driver


@dataclass(frozen=True, slots=True)
class JobSummary:
    """The whole job's figures (parts done in earlier runs included)."""

    parts: int
    parts_done: int
    parts_failed: int
    rows_read: int
    rows_scored: int
    rows_skipped: int
    flagged: int
    categories: dict[str, int]
    languages: dict[str, list[int]]
    seconds: float
    """Wall time of this run."""
    rows_this_run: int
    resumed_parts: int
    errors: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every part done and every row scored: nothing skipped."""
        return self.parts_done == self.parts and not self.parts_failed and not self.rows_skipped

    def render(self) -> str:
        """The summary as a few lines of text.

        >>> print(JobSummary(1, 1, 0, 2, 2, 0, 1, {"insult": 1}, {"en": [2, 1]},
        ...                  1.0, 2, 0).render())
        rows: 2 read, 2 scored, 0 skipped; parts: 1 of 1 done, 0 unreadable
        flagged: 1 (50.0 %)
          category insult: 1 (50.0 %)
          language en: 2 rows, 1 flagged (50.0 %)
        speed: 2 rows in 1.0 s this run (2 rows/s); 0 parts done by an earlier run
        """

        def pct(n: int, d: int) -> str:
            return f"{100 * n / d:.1f} %" if d else "-"

        lines = [
            f"rows: {self.rows_read:,} read, {self.rows_scored:,} scored, "
            f"{self.rows_skipped:,} skipped; parts: {self.parts_done:,} of {self.parts:,} "
            f"done, {self.parts_failed:,} unreadable",
            f"flagged: {self.flagged:,} ({pct(self.flagged, self.rows_scored)})",
        ]
        for cat, n in sorted(self.categories.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  category {cat}: {n:,} ({pct(n, self.rows_scored)})")
        for lang, (n, f) in sorted(self.languages.items(), key=lambda kv: (-kv[1][0], kv[0])):
            lines.append(f"  language {lang}: {n:,} rows, {f:,} flagged ({pct(f, n)})")
        if self.parts_done < self.parts:
            lines.append(
                f"unfinished: {self.parts - self.parts_done:,} parts "
                "(run the same command again to resume)"
            )
        rate = self.rows_this_run / self.seconds if self.seconds > 0 else 0.0
        lines.append(
            f"speed: {self.rows_this_run:,} rows in {self.seconds:.1f} s this run "
            f"({rate:,.0f} rows/s); {self.resumed_parts:,} parts done by an earlier run"
        )
        return "\n".join(lines)


def _job_description(
    input_path: Path, parts: Sequence[Part], task: PartTask | None, part_rows: int
) -> dict[str, Any]:
    assert task is not None  # run() refuses an input without parts
    files = []
    for f in input_files(input_path):
        st = f.stat()
        files.append([str(f), st.st_size, st.st_mtime_ns])
    return {
        "version": _JOB_VERSION,
        "input": str(input_path.resolve()),
        "files": files,
        "format": task.format.value,
        "text_field": task.text_field,
        "id_field": task.id_field,
        "part_rows": part_rows,
        # The options as the Scorer sees them (defaults filled in), so that leaving out
        # an option and giving its default value are the same job.
        "options": options_key(dict(task.options)),
        "parts": [[p.source, p.start, p.stop] for p in parts],
    }


def _prepare_output(output: Path, job: dict[str, Any], overwrite: bool) -> None:
    job = json.loads(json.dumps(job))  # as it reads back from _job.json (tuples as lists)
    job_file = output / "_job.json"
    if output.exists() and not output.is_dir():
        raise ConfigError("exists and is not a folder", path=str(output))
    if output.is_dir() and any(output.iterdir()):
        if not job_file.is_file():
            raise ConfigError(
                "not empty and holds no nudge job: choose another output", path=str(output)
            )
        try:
            previous = json.loads(job_file.read_text(encoding="utf-8"))
        except ValueError:
            previous = None
        if previous != job and not overwrite:
            raise ConfigError(
                "holds a job on other input or options (the input files changed?): "
                "use --overwrite to start again",
                path=str(output),
            )
        if previous != job:
            _clear(output)
    output.mkdir(parents=True, exist_ok=True)
    (output / "_parts").mkdir(exist_ok=True)
    _replace_atomically(job_file, lambda p: p.write_text(json.dumps(job, ensure_ascii=False)))


def _clear(output: Path) -> None:
    # Only what a job writes is removed: part files, markers and the job's own files.
    for path in output.iterdir():
        if path.name.startswith("part-") or path.name in (
            "_job.json", "_errors.jsonl", "_summary.json"
        ) or path.name.endswith(".tmp"):  # fmt: skip
            path.unlink()
    markers = output / "_parts"
    if markers.is_dir():
        for path in markers.iterdir():
            path.unlink()


def _load_report(path: Path) -> PartReport | None:
    try:
        return PartReport(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None  # a marker we cannot read means the part is redone


def _done_reports(output: Path, tasks: Sequence[PartTask]) -> dict[int, PartReport]:
    done = {}
    for task in tasks:
        index = task.part.index
        report = _load_report(_marker(output, index))
        data = output / _data_name(index, task.format)
        # A part that could not be read at all is tried again (the file may be back).
        if report is not None and data.is_file() and report.part_error is None:
            done[index] = report
    return done


class _Progress:
    """Polls the part markers and shows rows done, speed and the time left on stderr."""

    def __init__(
        self, output: Path, tasks: Sequence[PartTask], done: set[int], out: TextIO
    ) -> None:
        self._output = output
        self._pending = {t.part.index: t.part.rows for t in tasks if t.part.index not in done}
        self._total = sum(t.part.rows for t in tasks)
        self._rows = sum(t.part.rows for t in tasks if t.part.index in done)
        self._parts_total = len(tasks)
        self._parts = len(done)
        self._rows_at_start = self._rows
        self._out = out
        self._tty = out.isatty()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._started = time.monotonic()
        self._last_line = 0.0

    def __enter__(self) -> _Progress:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._poll()
        self._show(final=True)

    def _loop(self) -> None:
        while not self._stop.wait(0.5):
            self._poll()
            self._show()

    def _poll(self) -> None:
        # One listing per poll, not one stat per pending part (a job may have thousands).
        try:
            names = set(os.listdir(self._output / "_parts"))
        except OSError:
            return
        for index in list(self._pending):
            if _marker(self._output, index).name in names:
                self._rows += self._pending.pop(index)
                self._parts += 1

    def _show(self, final: bool = False) -> None:
        now = time.monotonic()
        if not self._tty and not final and now - self._last_line < 10:
            return
        self._last_line = now
        elapsed = now - self._started
        rate = (self._rows - self._rows_at_start) / elapsed if elapsed > 0 else 0.0
        left = self._total - self._rows
        eta = "-" if rate <= 0 else _duration(left / rate)
        share = 100 * self._rows / self._total if self._total else 100.0
        line = (
            f"{self._rows:,} of ~{self._total:,} rows ({share:.0f} %), "
            f"{self._parts}/{self._parts_total} parts, {rate:,.0f} rows/s, "
            f"about {eta} left"
        )
        end = "\n" if final or not self._tty else ""
        self._out.write(("\r\x1b[K" if self._tty else "") + line + end)
        self._out.flush()


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


def run(
    input_path: str | Path,
    output: str | Path,
    *,
    engine: Engine | str = Engine.LOCAL,
    workers: int = 1,
    text_field: str = "text",
    id_field: str = "id",
    part_rows: int = 50_000,
    address: str | None = None,
    overwrite: bool = False,
    progress: bool = True,
    stderr: TextIO | None = None,
    tuned: bool = True,
    **scorer_options: Any,
) -> JobSummary:
    """Score every row of ``input_path`` into the folder ``output``, resuming if it holds
    an unfinished run of the same job; returns the summary (also in ``_summary.json``).

    ``address`` is the Dask scheduler or the Spark master (default: a local cluster of
    ``workers`` processes, or for Dask of ``workers`` threads in this process).
    ``scorer_options`` go to ``Scorer.load`` (``packs``, ``paths``, ``threshold``).
    ``tuned=False`` starts the local Dask cluster or Spark with the engine's own
    defaults, without the settings nudge makes for them (docs/scale.md lists them).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "in.csv").write_text("id,text\\n1,bonjour\\n2,espèce de con\\n")
    >>> run(d / "in.csv", d / "out.jsonl", progress=False).complete
    True
    >>> run(d / "in.csv", d / "out.jsonl", progress=False).resumed_parts  # already done
    1
    """
    engine = Engine(engine)
    if workers < 1:
        raise ConfigError("must be at least 1", path="workers")
    options_key(scorer_options)  # unknown options fail here, not on a worker
    # Absolute paths: the workers of a remote cluster do not share our working folder.
    input_path = Path(input_path).absolute()
    output = Path(output).absolute()
    # Spark's JVM takes seconds to start: begun now, it starts while the parts are planned.
    engine_start = _start_engine(engine, workers, address, tuned, scorer_options)
    # An engine that scores the parts in this process shares its Scorer (see _preload).
    here = (engine is Engine.DASK and not address) or (engine is Engine.LOCAL and workers == 1)
    preload = _preload(scorer_options) if here else None
    try:
        try:
            fmt = output_format(output)
            if fmt is OutputFormat.PARQUET:
                _need("pyarrow", "parquet")
            parts = plan(input_path, part_rows)
            if not parts:
                raise ConfigError(
                    "no data files (.jsonl, .csv, .tsv, .parquet) found", path=str(input_path)
                )
            options = tuple(sorted(scorer_options.items()))
            tasks = [PartTask(p, str(output), fmt, text_field, id_field, options) for p in parts]
            job = _job_description(input_path, parts, tasks[0] if tasks else None, part_rows)
            _prepare_output(output, job, overwrite)
            done = _done_reports(output, tasks)
            pending = [t for t in tasks if t.part.index not in done]
        except BaseException:
            if engine_start is not None:
                engine_start.close(unused=True)
            raise
        err = stderr or sys.stderr
        started = time.perf_counter()
        if progress:
            with _Progress(output, tasks, set(done), err):
                failures = _run_engine(
                    engine, pending, workers, address, tuned, started=engine_start
                )
        else:
            failures = _run_engine(engine, pending, workers, address, tuned, started=engine_start)
        seconds = time.perf_counter() - started
        _remove_strays(output)
        summary = _summarise(output, tasks, set(done), seconds, failures)
        _write_reports(output, summary)
        return summary
    finally:
        if preload is not None:
            preload.join()


def _preload(options: dict[str, Any]) -> threading.Thread:
    """Load the Scorer for ``options`` (and import the Arrow modules a part uses) on a
    thread of its own, for an engine that scores the parts in this process: the parts
    are planned meanwhile on the other core, and the threads scoring them find the
    Scorer loaded, instead of the first one loading it while the others wait (each
    thread's first part was 0.13-0.18 s slower than the rest).  A load that fails here
    fails again in each part, which reports it as before."""

    def load() -> None:
        with contextlib.suppress(ImportError):  # JSONL in and out needs no pyarrow
            import pyarrow.compute
            import pyarrow.json
            import pyarrow.parquet  # noqa: F401  (imported for the parts, not used here)
        with contextlib.suppress(Exception):
            scorer_for(options)

    thread = threading.Thread(target=load, name="nudge-preload", daemon=True)
    thread.start()
    return thread


def _need(module: str, extra: str) -> None:
    # Whether it is installed, not imported here: the import is the preload's (or the
    # first part's), on the other core while this thread plans the parts.
    if importlib.util.find_spec(module) is None:
        raise ConfigError(f"needs {module}: pip install 'nudge[{extra}]'", path=f"--engine/{extra}")


def _start_engine(
    engine: Engine, workers: int, address: str | None, tuned: bool, options: dict[str, Any]
) -> SparkStart | None:
    """The engine's start begun before the parts are planned: Spark's context (its JVM
    takes seconds), ``None`` for the others."""
    if engine is not Engine.SPARK:
        return None
    from nudge import engines

    return engines.start_spark(workers, address, tuned=tuned, options=options)


def _run_engine(
    engine: Engine,
    tasks: Sequence[PartTask],
    workers: int,
    address: str | None,
    tuned: bool,
    *,
    started: SparkStart | None = None,
) -> list[str]:
    # Imported here: the engines module imports this one (score_part).
    from nudge import engines

    if engine is Engine.DASK:
        return engines.run_dask(tasks, workers, address, tuned=tuned)
    if engine is Engine.SPARK:
        return engines.run_spark(tasks, workers, address, tuned=tuned, started=started)
    return engines.run_local(tasks, workers)


def _remove_strays(output: Path) -> None:
    for folder in (output, output / "_parts"):
        for path in folder.glob(".*.tmp"):
            path.unlink(missing_ok=True)


def _summarise(
    output: Path,
    tasks: Sequence[PartTask],
    resumed: set[int],
    seconds: float,
    failures: Sequence[str] = (),
) -> JobSummary:
    parts_done = parts_failed = read = scored = skipped = flagged = this_run = 0
    categories: Counter[str] = Counter()
    languages: dict[str, list[int]] = {}
    errors: list[str] = list(failures)
    for task in tasks:
        report = _load_report(_marker(output, task.part.index))
        if report is None:
            continue
        parts_done += 1
        if report.part_error is not None:
            parts_failed += 1
            errors.append(report.part_error)
        read += report.rows_read
        scored += report.rows_scored
        skipped += report.errors
        flagged += report.flagged
        categories.update(report.categories)
        for lang, (n, f) in report.languages.items():
            counts = languages.setdefault(lang, [0, 0])
            counts[0] += n
            counts[1] += f
        errors.extend(report.error_samples)
        if task.part.index not in resumed:
            this_run += report.rows_scored
    return JobSummary(
        len(tasks), parts_done, parts_failed, read, scored, skipped, flagged,
        dict(categories), languages, seconds, this_run, len(resumed), errors,
    )  # fmt: skip


def _write_reports(output: Path, summary: JobSummary) -> None:
    def errors(path: Path) -> None:
        with path.open("w", encoding="utf-8") as f:
            for task_error in _error_lines(output):
                f.write(task_error + "\n")

    _replace_atomically(output / "_errors.jsonl", errors)
    data = asdict(summary)
    del data["errors"]
    data["complete"] = summary.complete
    _replace_atomically(
        output / "_summary.json", lambda p: p.write_text(json.dumps(data, indent=1) + "\n")
    )


def _error_lines(output: Path) -> list[str]:
    lines = []
    for marker in sorted((output / "_parts").glob("part-*.json")):
        report = _load_report(marker)
        if report is None:
            continue
        messages = ([report.part_error] if report.part_error else []) + report.error_samples
        for message in messages:
            lines.append(json.dumps({"part": report.index, "error": message}, ensure_ascii=False))
        if report.errors > len(report.error_samples):
            more = report.errors - len(report.error_samples)
            lines.append(json.dumps({"part": report.index, "error": f"... {more} more rows"}))
    return lines


# ---------------------------------------------------------------- command line

MAX_SHOWN_ERRORS: Final = 20
"""Errors printed on the terminal; all of them are in ``OUTPUT/_errors.jsonl``."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="nudge score",
        description="Score every row of JSONL, CSV/TSV or Parquet files (a file or a folder "
        "of parts) into OUTPUT, a folder of Parquet or JSONL parts named by its extension. "
        "A stopped run resumes where it stopped. Exit status: 0 every row scored, 1 rows or "
        "parts skipped or unfinished (see OUTPUT/_errors.jsonl), 2 bad usage, 130 "
        "interrupted.",
    )
    p.add_argument("input", metavar="INPUT", help="a data file, or a folder of data files")
    p.add_argument("output", metavar="OUTPUT", help="out.parquet or out.jsonl (a folder)")
    p.add_argument("--engine", choices=[e.value for e in Engine], default=Engine.LOCAL.value)
    p.add_argument("--workers", type=int, default=1,
                   help="worker processes (a local Dask cluster: threads; default 1)")  # fmt: skip
    p.add_argument("--address", default=None,
                   help="Dask scheduler address or Spark master URL (default: local)")  # fmt: skip
    p.add_argument("--text-field", default="text", help="column holding the comment")
    p.add_argument("--id-field", default="id", help="column holding the row id")
    p.add_argument("--part-rows", type=int, default=50_000, help="rows per part")
    p.add_argument("--packs", default=None, help="comma-separated pack codes (default: en,fr)")
    p.add_argument("--pack-path", action="append", default=[], help="a pack folder to load")
    p.add_argument("--threshold", type=float, default=0.5)
    p.add_argument("--overwrite", action="store_true",
                   help="start again if OUTPUT holds a job on other input or options")  # fmt: skip
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.add_argument("--untuned", action="store_true",
                   help="start the local Dask cluster or Spark with the engine's own defaults, "
                   "without nudge's settings (JVM options, class-data archive, Spark daemon, "
                   "Dask's threaded scheduler, Arrow's allocator; see docs/scale.md)")  # fmt: skip
    return p


def _system_arrow_allocator() -> None:
    """Let Arrow take its buffers from the C library's allocator
    (``ARROW_DEFAULT_MEMORY_POOL=system``) rather than its default (mimalloc), unless the
    user chose a pool.  For ``nudge score --engine dask`` without ``--address``, whose
    threads read and write the parts in this process: with mimalloc each thread's first
    two parts read in 0.08-0.18 CPU s instead of 0.03 and wrote in 0.05-0.10 instead of
    0.026 (its heaps warming up), and the process peaked higher (208-240 against 164-207
    MiB on a million rows).  Arrow reads the variable once, when it makes its default
    pool, so the command sets it before anything loads pyarrow; a call of :func:`run`
    from a program leaves that program's allocator alone."""
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")


def cli_main(argv: Sequence[str], *, stdout: TextIO | None = None) -> int:
    """``nudge score``: run the job, print the summary; returns the exit status.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "in.jsonl").write_text('{"text": "merci"}\\n{"text": 3}\\n')
    >>> cli_main([str(d / "in.jsonl"), str(d / "out.jsonl"), "--quiet"])  # doctest: +ELLIPSIS
    rows: 2 read, 1 scored, 1 skipped; parts: 1 of 1 done, 0 unreadable
    ...
    1
    """
    args = _parser().parse_args(list(argv))
    out = stdout or sys.stdout
    options: dict[str, Any] = {"threshold": args.threshold}
    if args.packs is not None:
        options["packs"] = [p for p in args.packs.split(",") if p]
    if args.pack_path:
        options["paths"] = list(args.pack_path)
    if args.engine == Engine.DASK.value and not args.address and not args.untuned:
        _system_arrow_allocator()
    try:
        summary = run(
            args.input,
            args.output,
            engine=args.engine,
            workers=args.workers,
            text_field=args.text_field,
            id_field=args.id_field,
            part_rows=args.part_rows,
            address=args.address,
            overwrite=args.overwrite,
            progress=not args.quiet,
            tuned=not args.untuned,
            **options,
        )
    except NudgeError as exc:
        sys.stderr.write(f"nudge score: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("\nnudge score: interrupted; run the same command again to resume\n")
        return 130
    for message in summary.errors[:MAX_SHOWN_ERRORS]:
        sys.stderr.write(f"nudge score: skipped {message}\n")
    hidden = (
        summary.rows_skipped + summary.parts_failed - min(len(summary.errors), MAX_SHOWN_ERRORS)
    )
    if hidden > 0:
        where = Path(args.output) / "_errors.jsonl"
        sys.stderr.write(f"nudge score: ... {hidden:,} more skipped (see {where})\n")
    out.write(summary.render() + "\n")
    return 0 if summary.complete else 1
