"""The scorer's answers, replayed against the record the pure-Python core made.

``tests/golden/assessments.jsonl.gz`` holds 14,726 texts this project wrote (pack
examples, normaliser cases, their obfuscated variants, seeded adversarial glue) with the
assessments of three scorers (both packs; both packs with ``lang="fr"``; a word list).
Its last 24 rows (``long:``) are comments of 30 to 120 of those texts joined, for the
weighing memo, which answers only from 16 hits a comment: they were recorded in round 12
by the compiled core of da65893, before the memo came, and appended (the rows before
them are as first recorded).  ``tests/golden/shared_digests.txt.gz`` holds one digest
per text of ``../shared/data`` and its obfuscated variants (162,113 texts), checked
when that folder is present.  A change of behaviour shows up here as a diff that
someone chose: re-record with ``python tools/golden.py record own
tests/golden/assessments.jsonl.gz`` and say why.
"""

from __future__ import annotations

import gzip
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from nudge.lexicon import available_packs

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
SHARED = ROOT.parent / "shared" / "data"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_golden_tool", ROOT / "tools" / "golden.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _rows() -> list[dict[str, Any]]:
    return list(_tool().load(GOLDEN / "assessments.jsonl.gz"))


def test_own_corpus_reproduces_the_record() -> None:
    tool = _tool()
    rows = _rows()
    assert len(rows) > 6000
    fresh = tool.record_all([(r["key"], r["text"]) for r in rows])
    differing = []
    for old, new in zip(rows, fresh, strict=True):
        for field in ("default", "fr", "wordlist"):
            if old[field] != new[field]:
                differing.append((old["key"], field, old["text"], old[field], new[field]))
    assert not differing, f"{len(differing)} differ; first: {differing[0]}"


def test_the_record_is_of_our_own_texts() -> None:
    keys = {r["key"].split(":")[0].split("~")[0] for r in _rows()}
    packs = {f"{code}/examples" for code in available_packs()}
    assert keys <= packs | {"normalize_cases", "adversarial", "long"}, keys


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is absent")
def test_shared_corpus_reproduces_the_digests() -> None:
    tool = _tool()
    corpus = tool.shared_corpus()
    with gzip.open(GOLDEN / "shared_digests.txt.gz", "rt", encoding="utf-8") as fh:
        recorded = [line.rstrip("\n").split("\t") for line in fh]
    assert len(recorded) == len(corpus)
    differing = []
    for (key, text), row, (rkey, tdigest, adigest) in zip(
        corpus, tool.record_all(corpus), recorded, strict=True
    ):
        assert key == rkey and tool._text_digest(text) == tdigest, (key, rkey)
        if tool._digest(row) != adigest:
            differing.append((key, text))
    assert not differing, f"{len(differing)} of {len(corpus)} differ; first: {differing[:3]}"
