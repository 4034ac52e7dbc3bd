"""The result columns every engine writes for a scored row, in one place.

``nudge score`` (JSONL or Parquet), :func:`nudge.spark.score` and :func:`nudge.dask.score`
all turn an :class:`~nudge.scorer.Assessment` into the same columns, so that a result
read back from any of them compares equal to what ``Scorer.score_many`` gave:

========== ============================================ ===================================
column     Arrow / Spark type                           from the assessment
========== ============================================ ===================================
score      float64 / double                             ``score``
flagged    bool / boolean                               ``flagged``
severity   string                                       ``severity.name.lower()``
categories map<string, float64>                         ``categories``
language   string (null when unknown)                   ``language``
matches    list<struct<term, category, severity, ...>>  ``matches`` (spans in the original)
========== ============================================ ===================================

>>> from nudge import Scorer
>>> row = record(Scorer.load().score("you are an idiot"))
>>> list(row) == list(RESULT_COLUMNS)
True
>>> row["flagged"], row["severity"], row["matches"][0]["text"]
(True, 'medium', 'idiot')
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, Final

from nudge import _core
from nudge.errors import InputError
from nudge.scorer import Assessment, Match, Scorer, Severity, _forced

__all__ = [
    "MATCH_FIELDS",
    "RESULT_COLUMNS",
    "arrow_fields",
    "arrow_table",
    "match_record",
    "record",
    "result_lists",
    "score_jsonl",
    "score_table",
]

RESULT_COLUMNS: Final = ("score", "flagged", "severity", "categories", "language", "matches")
"""Names of the result columns, in the order they are written."""

MATCH_FIELDS: Final = (
    "term",
    "category",
    "severity",
    "start",
    "end",
    "text",
    "steps",
    "targeted",
    "lang",
)
"""Fields of one element of ``matches`` (those of :class:`~nudge.scorer.Match`)."""


def record(a: Assessment) -> dict[str, Any]:
    """The result columns of one assessment as plain Python values (JSON-ready).

    >>> from nudge import Scorer
    >>> record(Scorer.load().score("merci beaucoup"))["matches"]
    []
    """
    return {
        "score": a.score,
        "flagged": a.flagged,
        "severity": a.severity.name.lower(),
        "categories": dict(a.categories),
        "language": a.language,
        "matches": [match_record(m) for m in a.matches],
    }


def match_record(m: Match) -> dict[str, Any]:
    """One match as a plain dict of the :data:`MATCH_FIELDS` (the typed struct of the
    result columns; the server adds ``rules`` to it).

    >>> from nudge import Scorer
    >>> sorted(match_record(Scorer.load().score("you idiot").matches[0])) == sorted(MATCH_FIELDS)
    True
    """
    return {name: list(m.steps) if name == "steps" else getattr(m, name) for name in MATCH_FIELDS}


def result_lists(assessments: Sequence[Assessment | None]) -> dict[str, list[Any]]:
    """The result columns as one list of plain values each (``None`` for a missing
    assessment), built in one pass: what :func:`record` gives, column by column.

    >>> from nudge import Scorer
    >>> cols = result_lists([Scorer.load().score("you idiot"), None])
    >>> cols["severity"], cols["matches"][1]
    (['medium', None], None)
    """
    size = len(assessments)
    out: dict[str, list[Any]] = {name: [None] * size for name in RESULT_COLUMNS}
    score, flagged, severity = out["score"], out["flagged"], out["severity"]
    categories, language, matches = out["categories"], out["language"], out["matches"]
    for i, a in enumerate(assessments):
        if a is None:
            continue
        score[i] = a.score
        flagged[i] = a.flagged
        severity[i] = _SEVERITY_NAMES[a.severity]
        categories[i] = dict(a.categories)
        language[i] = a.language
        matches[i] = [match_record(m) for m in a.matches] if a.matches else []
    return out


def arrow_fields() -> list[Any]:
    """The result columns as ``pyarrow`` fields (needs the ``parquet`` extra).

    >>> [f.name for f in arrow_fields()] == list(RESULT_COLUMNS)
    True
    """
    import pyarrow as pa

    match = pa.struct(
        [
            ("term", pa.string()),
            ("category", pa.string()),
            ("severity", pa.int32()),
            ("start", pa.int32()),
            ("end", pa.int32()),
            ("text", pa.string()),
            ("steps", pa.list_(pa.string())),
            ("targeted", pa.bool_()),
            ("lang", pa.string()),
        ]
    )
    return [
        pa.field("score", pa.float64()),
        pa.field("flagged", pa.bool_()),
        pa.field("severity", pa.string()),
        pa.field("categories", pa.map_(pa.string(), pa.float64())),
        pa.field("language", pa.string()),
        pa.field("matches", pa.list_(match)),
    ]


def arrow_table(
    assessments: Sequence[Assessment | None], prefix: str = "", **leading: Sequence[Any]
) -> Any:
    """A ``pyarrow.Table``: the ``leading`` columns as given, then the result columns.

    A ``None`` in ``assessments`` (a row with no text to score) gives nulls in every
    result column.  ``prefix`` is put before the result column names.

    >>> from nudge import Scorer
    >>> t = arrow_table([Scorer.load().score("ta gueule"), None], id=["a", "b"])
    >>> t.column_names[:3], t.column("flagged").to_pylist()
    (['id', 'score', 'flagged'], [True, None])
    """
    import pyarrow as pa

    # One pass over the assessments into flat, column-wise lists, then Arrow arrays built
    # from them with offsets: no dict per row or per match for Arrow to walk through again
    # (the engines write every part through here, so this is per-row work).
    fields = arrow_fields()
    types = {f.name: f.type for f in fields}
    size = len(assessments)
    valid = [a is not None for a in assessments]
    mask = pa.array([not v for v in valid], type=pa.bool_()) if not all(valid) else None
    score: list[float | None] = [None] * size
    flagged: list[bool | None] = [None] * size
    severity: list[str | None] = [None] * size
    language: list[str | None] = [None] * size
    cat_offsets = [0] * (size + 1)
    cat_keys: list[str] = []
    cat_values: list[float] = []
    match_offsets = [0] * (size + 1)
    found: list[Match] = []
    for i, a in enumerate(assessments):
        if a is not None:
            score[i] = a.score
            flagged[i] = a.flagged
            severity[i] = _SEVERITY_NAMES[a.severity]
            language[i] = a.language
            if a.categories:
                cat_keys.extend(a.categories)
                cat_values.extend(a.categories.values())
            if a.matches:
                found.extend(a.matches)
        cat_offsets[i + 1] = len(cat_keys)
        match_offsets[i + 1] = len(found)
    if mask is None:
        categories = pa.MapArray.from_arrays(
            pa.array(cat_offsets, type=pa.int32()),
            pa.array(cat_keys, type=pa.string()),
            pa.array(cat_values, type=pa.float64()),
        )
    else:
        # A null map needs MapArray.from_arrays(mask=), which older pyarrow lacks; rows
        # without a text are rare, so build this column the plain way then.
        pairs = [
            list(zip(cat_keys[a:b], cat_values[a:b], strict=True)) if v else None
            for v, a, b in zip(valid, cat_offsets, cat_offsets[1:], strict=False)
        ]
        categories = pa.array(pairs, type=types["categories"])
    match_type = types["matches"].value_type
    struct = pa.StructArray.from_arrays(
        [
            pa.array(
                [list(m.steps) for m in found]
                if name == "steps"
                else [getattr(m, name) for m in found],
                type=match_type.field(name).type,
            )
            for name in MATCH_FIELDS
        ],
        fields=list(match_type),
    )
    matches = pa.ListArray.from_arrays(
        pa.array(match_offsets, type=pa.int32()), struct, type=types["matches"], mask=mask
    )
    result = {
        "score": pa.array(score, type=pa.float64()),
        "flagged": pa.array(flagged, type=pa.bool_()),
        "severity": pa.array(severity, type=pa.string()),
        "categories": categories,
        "language": pa.array(language, type=pa.string()),
        "matches": matches,
    }
    arrays = [pa.array(list(v)) for v in leading.values()]
    names = list(leading)
    for f in fields:
        arrays.append(result[f.name])
        names.append(prefix + f.name)
    return pa.Table.from_arrays(arrays, names=names)


def score_table(scorer: Scorer, texts: Any, prefix: str = "", lang: str | None = None) -> Any:
    """Score a batch straight into the result columns: a ``pyarrow.Table`` equal to
    ``arrow_table(scorer.score_many(texts))``, without an ``Assessment`` per row.

    ``texts`` is a ``pyarrow`` string array (chunked or not; a null gives nulls in every
    result column, as a missing assessment does in :func:`arrow_table`) or a sequence of
    strings.  The compiled core reads the Arrow buffers, scores the whole batch with the
    GIL released and lays the answers out as Arrow buffers, which are wrapped here
    without copying: no Python object per row or per match on the way (issue 15).

    >>> import pyarrow as pa
    >>> scorer = Scorer.load()
    >>> t = score_table(scorer, pa.array(["ta gueule", None, "merci"]))
    >>> t.column("severity").to_pylist(), t.column("flagged").to_pylist()
    (['medium', None, 'none'], [True, None, False])
    >>> t.equals(arrow_table([scorer.score("ta gueule"), None, scorer.score("merci")]))
    True
    """
    import pyarrow as pa

    scorer._check_lang(lang)
    if isinstance(texts, pa.ChunkedArray):
        # Chunk by chunk: a column of more than 2 GiB of text comes in several chunks.
        if texts.num_chunks != 1:
            parts = [score_table(scorer, c, prefix, lang) for c in texts.chunks]
            if parts:
                return pa.concat_tables(parts)
            texts = pa.array([], type=texts.type)
        else:
            texts = texts.chunk(0)
    elif not isinstance(texts, pa.Array):
        items = list(texts)
        for i, text in enumerate(items):
            if not isinstance(text, str):
                raise InputError(f"expected str, got {type(text).__name__}", index=i)
        texts = pa.array(items, type=pa.string())
    if pa.types.is_large_string(texts.type):
        wide = True
    elif pa.types.is_string(texts.type):
        wide = False
    else:
        raise InputError(f"expected an Arrow string array, got {texts.type}")
    validity, offsets, data = texts.buffers()
    raw = _core.score_columns(
        scorer._core,
        b"" if data is None else data.to_pybytes(),
        offsets.to_pybytes(),
        wide,
        None if validity is None or not texts.null_count else validity.to_pybytes(),
        texts.offset,
        len(texts),
        _forced(lang),
    )
    return _table_of(raw, prefix)


def score_jsonl(
    scorer: Scorer,
    data: bytes,
    *,
    text_field: str,
    id_field: str,
    source: str,
    first_line: int = 1,
    lang: str | None = None,
) -> tuple[Any, Any] | None:
    """Read and score a part of JSON Lines (its bytes) in one call of the compiled core,
    the GIL released: its ids (a ``pyarrow`` string array) and result columns (as
    :func:`score_table` gives them), or ``None`` when the part is not the plain case
    (every line one flat JSON object with a string text, see ``rust/python/src/score/
    jsonl.rs``), which :func:`nudge.readers.read_part` then reads and reports line by
    line.  Where it reads a part, it reads what ``read_part`` does: a record without an
    id (or a null one) is named ``source:line``, lines counted from ``first_line``.

    >>> scorer = Scorer.load()
    >>> data = b'{"id": 7, "text": "ta gueule"}\\n{"text": "merci"}\\n'
    >>> ids, t = score_jsonl(scorer, data, text_field="text", id_field="id", source="c.jsonl")
    >>> ids.to_pylist(), t.column("flagged").to_pylist()
    (['7', 'c.jsonl:2'], [True, False])
    >>> score_jsonl(scorer, b'{"text": null}\\n', text_field="text", id_field="id", source="c")
    """
    import pyarrow as pa

    scorer._check_lang(lang)
    raw = _core.score_jsonl(
        scorer._core,
        data,
        text_field,
        id_field,
        source,
        first_line,
        sys.get_int_max_str_digits(),
        _forced(lang),
    )
    if raw is None:
        return None
    table = _table_of(raw, "")
    ids = pa.Array.from_buffers(
        pa.string(),
        table.num_rows,
        [None, pa.py_buffer(raw["ids.offsets"]), pa.py_buffer(raw["ids.data"])],
    )
    ids.validate()
    return ids, table


def _table_of(raw: dict[str, Any], prefix: str) -> Any:
    """The ``pyarrow.Table`` of the buffers ``_core.score_columns`` returns."""
    import pyarrow as pa

    types = {f.name: f.type for f in arrow_fields()}
    rows, nulls = raw["rows"], raw["nulls"]
    valid = None if raw["valid"] is None else pa.py_buffer(raw["valid"])

    def buf(name: str) -> Any:
        return pa.py_buffer(raw[name])

    def strings(name: str, count: int, validity: Any = None, null_count: int = 0) -> Any:
        buffers = [validity, buf(f"{name}.offsets"), buf(f"{name}.data")]
        return pa.Array.from_buffers(pa.string(), count, buffers, null_count=null_count)

    found = raw["matches.count"]
    match_type = types["matches"].value_type
    steps = pa.Array.from_buffers(
        match_type.field("steps").type,
        found,
        [None, buf("steps.lists")],
        children=[strings("steps", raw["steps.count"])],
    )
    children = {
        "term": strings("term", found),
        "category": strings("category", found),
        "severity": pa.Array.from_buffers(pa.int32(), found, [None, buf("severity_n")]),
        "start": pa.Array.from_buffers(pa.int32(), found, [None, buf("start")]),
        "end": pa.Array.from_buffers(pa.int32(), found, [None, buf("end")]),
        "text": strings("text", found),
        "steps": steps,
        "targeted": pa.Array.from_buffers(pa.bool_(), found, [None, buf("targeted")]),
        "lang": strings("lang", found),
    }
    struct = pa.StructArray.from_arrays(
        [children[name] for name in MATCH_FIELDS], fields=list(match_type)
    )
    matches = pa.Array.from_buffers(
        types["matches"], rows, [valid, buf("matches.offsets")], null_count=nulls, children=[struct]
    )
    map_type = types["categories"]
    entries = pa.StructArray.from_arrays(
        [
            strings("categories.keys", raw["categories.count"]),
            pa.Array.from_buffers(
                pa.float64(), raw["categories.count"], [None, buf("categories.values")]
            ),
        ],
        fields=[map_type.key_field, map_type.item_field],
    )
    categories = pa.Array.from_buffers(
        map_type, rows, [valid, buf("categories.offsets")], null_count=nulls, children=[entries]
    )
    language_nulls = raw["language.nulls"]
    result = {
        "score": pa.Array.from_buffers(pa.float64(), rows, [valid, buf("score")], null_count=nulls),
        "flagged": pa.Array.from_buffers(
            pa.bool_(), rows, [valid, buf("flagged")], null_count=nulls
        ),
        "severity": strings("severity", rows, valid, nulls),
        "categories": categories,
        "language": strings(
            "language", rows, buf("language.valid") if language_nulls else None, language_nulls
        ),
        "matches": matches,
    }
    for array in result.values():
        array.validate()
    return pa.Table.from_arrays(
        [result[name] for name in RESULT_COLUMNS], names=[prefix + n for n in RESULT_COLUMNS]
    )


_SEVERITY_NAMES: Final = {s: s.name.lower() for s in Severity}
