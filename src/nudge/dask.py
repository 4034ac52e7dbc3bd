"""Score a Dask DataFrame or Bag of comments (``pip install 'nudge[dask]'``).

:func:`score` works through ``map_partitions``: each DataFrame partition is scored in
one call of the columnar path (:func:`nudge.columns.score_table`), and so is each Bag
partition, by a worker process that loaded the Scorer once
(:func:`nudge.workers.scorer_for`).  A DataFrame gets the result columns of
:mod:`nudge.columns` (``categories`` holds dicts, ``matches`` lists of dicts); a Bag of
strings becomes a Bag of result dicts, and a Bag of dicts gets the result keys added.

>>> import dask.dataframe as dd, pandas as pd
>>> frame = dd.from_pandas(pd.DataFrame({"text": ["ta gueule", "merci"]}), npartitions=2)
>>> score(frame)[["text", "flagged"]].compute(scheduler="sync").values.tolist()
[['ta gueule', True], ['merci', False]]
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from nudge.columns import RESULT_COLUMNS, result_lists, score_table
from nudge.errors import ConfigError, InputError
from nudge.workers import options_key, scorer_for

__all__ = ["score", "score_items", "score_pandas"]


def score(data: Any, text_col: str = "text", *, prefix: str = "", **scorer_options: Any) -> Any:
    """A lazy Dask collection with the results added (see the module's description).

    ``scorer_options`` go to ``Scorer.load`` (``packs``, ``paths``, ``threshold``).

    >>> import dask.bag as db
    >>> bag = db.from_sequence(["kys", "bonjour"], npartitions=1)
    >>> [r["severity"] for r in score(bag).compute(scheduler="sync")]
    ['high', 'none']
    """
    options_key(scorer_options)
    import dask.bag as db
    import dask.dataframe as dd

    options = dict(scorer_options)
    if isinstance(data, dd.DataFrame):
        if text_col not in data.columns:
            raise ConfigError(f"no such column (the frame has {', '.join(map(str, data.columns))})",
                              path=text_col)  # fmt: skip
        for name in RESULT_COLUMNS:
            if prefix + name in data.columns:
                raise ConfigError('the frame already has this column (use prefix="nudge_")',
                                  path=prefix + name)  # fmt: skip
        meta = score_pandas(data._meta, text_col, prefix, options)
        return data.map_partitions(score_pandas, text_col, prefix, options, meta=meta)
    if isinstance(data, db.Bag):
        work = functools.partial(score_items, text_col=text_col, prefix=prefix, options=options)
        return data.map_partitions(work)
    raise TypeError(f"expected a dask DataFrame or Bag, got {type(data).__name__}")


def score_pandas(frame: Any, text_col: str, prefix: str, options: dict[str, Any]) -> Any:
    """One pandas partition with the result columns added; a null text gives nulls.

    >>> import pandas as pd
    >>> out = score_pandas(pd.DataFrame({"text": ["kys", None]}), "text", "", {})
    >>> out["severity"].tolist(), out["flagged"].tolist()
    (['high', None], [True, <NA>])
    """
    import pandas as pd

    texts = frame[text_col].tolist()
    for label, text in zip(frame.index, texts, strict=True):
        if not isinstance(text, str) and text is not None and not pd.isna(text):
            raise InputError(f"{text_col}: expected str, got {type(text).__name__}",
                             index=label)  # fmt: skip
    present = [t if isinstance(t, str) else None for t in texts]
    columns = _result_columns(scorer_for(options), present)
    out = frame.copy()
    for name in RESULT_COLUMNS:
        kind = {"score": "float64", "flagged": "boolean"}.get(name, object)
        out[prefix + name] = pd.Series(columns[name], index=frame.index, dtype=kind)
    return out


def score_items(
    items: Iterable[Any], *, text_col: str = "text", prefix: str = "", options: dict[str, Any]
) -> list[dict[str, Any]]:
    """One Bag partition: a string gives its result dict; a dict gets the result keys.

    >>> score_items([{"id": 7, "text": "kys"}], options={})[0]["id"]
    7
    """
    items = list(items)
    texts: list[str | None] = []
    for i, item in enumerate(items):
        text = item.get(text_col) if isinstance(item, dict) else item
        if text is not None and not isinstance(text, str):
            raise InputError(f"expected str, got {type(text).__name__}", index=i)
        texts.append(text)
    columns = _result_columns(scorer_for(options), texts)
    names = [prefix + name for name in RESULT_COLUMNS]
    out = []
    for item, *values in zip(items, *(columns[name] for name in RESULT_COLUMNS), strict=True):
        result = dict(zip(names, values, strict=True))
        out.append({**item, **result} if isinstance(item, dict) else result)
    return out


def _result_columns(scorer: Any, texts: list[str | None]) -> dict[str, list[Any]]:
    """The result columns of ``texts`` as plain lists (``None`` everywhere for a missing
    text): the values :func:`nudge.columns.record` gives, through the columnar path."""
    import pyarrow as pa

    try:
        # The columnar path: one call of the compiled core for the partition, no
        # Assessment a row; Arrow makes the Python values of each column in one pass.
        results = score_table(scorer, pa.array(texts, type=pa.string()))
    except UnicodeEncodeError:  # a lone surrogate, which Arrow strings cannot hold
        scored = iter(scorer.score_many([t for t in texts if t is not None]))
        return result_lists([None if t is None else next(scored) for t in texts])
    columns = {name: results.column(name).to_pylist() for name in RESULT_COLUMNS}
    # A map comes back as (key, value) pairs.
    columns["categories"] = [None if c is None else dict(c) for c in columns["categories"]]
    return columns
