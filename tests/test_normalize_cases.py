"""The data-driven normaliser table: ``tests/cases/normalize_cases.toml``.

Each case names an input, the folded token texts it must give, and why.  Schema and
rules (every case has a reason, benign cases keep their words, known failures are
``xfail = "..."`` and never deleted): ``tests/cases/README.md``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from nudge.normalize import STEPS, normalize

TABLE = Path(__file__).parent / "cases" / "normalize_cases.toml"
KINDS = ("obfuscated", "benign")
REQUIRED = {"input", "kind", "tokens", "reason"}
OPTIONAL = {"steps", "stretched", "xfail"}
STEP_NAMES = set(STEPS)


def _load() -> list[dict[str, Any]]:
    with TABLE.open("rb") as fh:
        cases: list[dict[str, Any]] = tomllib.load(fh)["case"]
    return cases


CASES = _load()


def _case_id(case: dict[str, Any]) -> str:
    text = case["input"]
    return text if len(text) <= 40 else text[:37] + "..."


def _params() -> list[Any]:
    params = []
    for case in CASES:
        marks = []
        if "xfail" in case:
            marks.append(pytest.mark.xfail(strict=True, reason=case["xfail"]))
        params.append(pytest.param(case, id=_case_id(case), marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
def test_case(case: dict[str, Any]) -> None:
    n = normalize(case["input"])
    tokens = n.tokens()
    assert [t.text for t in tokens] == case["tokens"], case["reason"]
    assert n.words() == case["tokens"]
    if "steps" in case:
        missing = set(case["steps"]) - set(n.steps)
        assert not missing, f"steps {sorted(missing)} not in {n.steps}: {case['reason']}"
    if "stretched" in case:
        assert [list(t.stretched) for t in tokens] == case["stretched"]
    for tok in tokens:
        assert 0 <= tok.orig_start <= tok.orig_end <= len(case["input"])


def test_table_schema() -> None:
    seen: set[str] = set()
    for case in CASES:
        keys = set(case)
        assert keys >= REQUIRED, f"{case.get('input')!r} lacks {sorted(REQUIRED - keys)}"
        assert keys <= REQUIRED | OPTIONAL, (
            f"{case['input']!r}: unknown {sorted(keys - REQUIRED - OPTIONAL)}"
        )
        assert isinstance(case["input"], str)
        assert case["kind"] in KINDS, case["input"]
        assert isinstance(case["tokens"], list)
        assert all(isinstance(t, str) for t in case["tokens"])
        assert case["reason"].strip(), f"{case['input']!r} has an empty reason"
        assert set(case.get("steps", [])) <= STEP_NAMES, case["input"]
        if "xfail" in case:
            assert case["xfail"].strip(), f"{case['input']!r} has an empty xfail reason"
        if "stretched" in case:
            assert len(case["stretched"]) == len(case["tokens"]), case["input"]
        assert case["input"] not in seen, f"duplicate case {case['input']!r}"
        seen.add(case["input"])


def test_table_size() -> None:
    obfuscated = [c for c in CASES if c["kind"] == "obfuscated"]
    benign = [c for c in CASES if c["kind"] == "benign"]
    assert len(obfuscated) >= 80
    assert len(benign) >= 50


def test_benign_cases_name_no_obfuscation_step() -> None:
    # A benign case may only expect folding that keeps the word (case, accents, emoji).
    allowed = {"casefold", "accents", "nfkc", "emoji"}
    for case in CASES:
        if case["kind"] == "benign":
            assert set(case.get("steps", [])) <= allowed, case["input"]
