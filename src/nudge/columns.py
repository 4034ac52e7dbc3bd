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

from collections.abc import Sequence
from typing import Any, Final

from nudge.scorer import Assessment, Match

__all__ = [
    "MATCH_FIELDS",
    "RESULT_COLUMNS",
    "arrow_fields",
    "arrow_table",
    "match_record",
    "record",
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

    columns: dict[str, list[Any]] = {name: [] for name in RESULT_COLUMNS}
    for a in assessments:
        if a is None:
            for values in columns.values():
                values.append(None)
            continue
        row = record(a)
        # Arrow builds a map column from a list of (key, value) pairs.
        row["categories"] = list(row["categories"].items())
        for name, values in columns.items():
            values.append(row[name])
    fields = arrow_fields()
    arrays = [pa.array(list(v)) for v in leading.values()]
    names = list(leading)
    for f in fields:
        arrays.append(pa.array(columns[f.name], type=f.type))
        names.append(prefix + f.name)
    return pa.Table.from_arrays(arrays, names=names)
