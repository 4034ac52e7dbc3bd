"""Score a Spark DataFrame of comments (``pip install 'nudge[spark]'``).

:func:`score` adds the result columns of :mod:`nudge.columns` to a DataFrame, typed
(``categories`` a map, ``matches`` an array of structs).  It runs through ``mapInArrow``:
rows travel as Arrow record batches, each batch is scored in one call of the columnar
path (:func:`nudge.columns.score_table`: Arrow buffers in, Arrow buffers out),
and each Python worker process loads the Scorer once (:func:`nudge.workers.scorer_for`)
and keeps it for every later batch and task — never per row.

Spark's Python workers must run an interpreter where nudge is installed (on a cluster,
ship the wheel: see docs/scale.md); in local mode, this one:

>>> import os, sys
>>> os.environ["PYSPARK_PYTHON"] = sys.executable
>>> from pyspark.sql import SparkSession
>>> spark = SparkSession.builder.master("local[1]").getOrCreate()
>>> df = spark.createDataFrame([("a", "t'es qu'un b0uffon"), ("b", None)], "id string, text string")
>>> [(r.id, r.flagged, r.severity) for r in score(df).collect()]
[('a', True, 'medium'), ('b', None, None)]
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from nudge.columns import RESULT_COLUMNS, score_table
from nudge.errors import ConfigError
from nudge.workers import options_key, scorer_for

__all__ = ["result_fields", "score", "score_batches"]


def result_fields(prefix: str = "") -> list[Any]:
    """The result columns as Spark ``StructField`` objects (all nullable).

    >>> [f.simpleString() for f in result_fields()][:3]
    ['score:double', 'flagged:boolean', 'severity:string']
    """
    from pyspark.sql import types as t

    match = t.StructType(
        [
            t.StructField("term", t.StringType()),
            t.StructField("category", t.StringType()),
            t.StructField("severity", t.IntegerType()),
            t.StructField("start", t.IntegerType()),
            t.StructField("end", t.IntegerType()),
            t.StructField("text", t.StringType()),
            t.StructField("steps", t.ArrayType(t.StringType())),
            t.StructField("targeted", t.BooleanType()),
            t.StructField("lang", t.StringType()),
        ]
    )
    kinds = {
        "score": t.DoubleType(),
        "flagged": t.BooleanType(),
        "severity": t.StringType(),
        "categories": t.MapType(t.StringType(), t.DoubleType()),
        "language": t.StringType(),
        "matches": t.ArrayType(match),
    }
    return [t.StructField(prefix + name, kinds[name], True) for name in RESULT_COLUMNS]


def score(df: Any, text_col: str = "text", *, prefix: str = "", **scorer_options: Any) -> Any:
    """``df`` with the result columns added (named ``prefix`` + column); a null text
    gives nulls.  ``scorer_options`` go to ``Scorer.load`` (``packs``, ``paths``,
    ``threshold``).  Mistakes are caught here, before any task runs:

    >>> from pyspark.sql import SparkSession
    >>> spark = SparkSession.builder.master("local[1]").getOrCreate()
    >>> score(spark.createDataFrame([(1,)], "text int"))
    Traceback (most recent call last):
    ...
    nudge.errors.ConfigError: text: the column holds int, expected string
    >>> score(spark.createDataFrame([("x", 1.0)], "text string, score double")).columns
    Traceback (most recent call last):
    ...
    nudge.errors.ConfigError: score: the DataFrame already has this column (use prefix="nudge_")
    """
    options_key(scorer_options)
    from pyspark.sql import types as t

    if text_col not in df.columns:
        raise ConfigError(f"no such column (the DataFrame has {', '.join(df.columns)})",
                          path=text_col)  # fmt: skip
    kind = df.schema[text_col].dataType
    if not isinstance(kind, t.StringType):
        raise ConfigError(f"the column holds {kind.simpleString()}, expected string",
                          path=text_col)  # fmt: skip
    for name in RESULT_COLUMNS:
        if prefix + name in df.columns:
            raise ConfigError('the DataFrame already has this column (use prefix="nudge_")',
                              path=prefix + name)  # fmt: skip
    schema = t.StructType(list(df.schema.fields) + result_fields(prefix))
    work = functools.partial(
        score_batches, text_col=text_col, prefix=prefix, options=dict(scorer_options)
    )
    return df.mapInArrow(work, schema)


def score_batches(
    batches: Iterator[Any], *, text_col: str, prefix: str = "", options: dict[str, Any]
) -> Iterator[Any]:
    """Score Arrow record batches: each batch comes back with the result columns added.

    This is the function :func:`score` runs on the workers; it needs only ``pyarrow``.

    >>> import pyarrow as pa
    >>> batch = pa.RecordBatch.from_pydict({"text": ["kys", "merci"]})
    >>> [out] = score_batches(iter([batch]), text_col="text", options={})
    >>> out.column("severity").to_pylist()
    ['high', 'none']
    """
    import pyarrow as pa

    scorer = scorer_for(options)
    for batch in batches:
        # The columnar path: the batch's text buffers go to the compiled core as they
        # are, the result columns come back as Arrow buffers (no Python object a row).
        results = score_table(scorer, batch.column(text_col), prefix)
        arrays = list(batch.columns) + [c.combine_chunks() for c in results.columns]
        yield pa.RecordBatch.from_arrays(
            arrays, names=list(batch.schema.names) + results.column_names
        )
