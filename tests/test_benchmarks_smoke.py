"""Smoke test of the benchmarks: each run() works on a tiny synthetic corpus.

No timing is asserted (the figures depend on the machine); only that the harness runs
and its result dict has the documented keys.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _module(name: str) -> ModuleType:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module(f"benchmarks.{name}")


def _args(**extra: Any) -> argparse.Namespace:
    return argparse.Namespace(limit=50, repeat=1, synthetic=True, quiet=True, **extra)


COMMON = {"benchmark", "command", "environment", "nudge_version", "options", "bars", "passed"}


def _check_bars(result: dict[str, Any]) -> None:
    for b in result["bars"]:
        assert {"name", "value", "limit", "rule", "status"} <= b.keys()
        assert b["status"] in {"PASS", "FAIL", "N/A"}
    assert result["environment"]["python"]
    assert result["environment"]["platform"]


def test_normalize_benchmark_runs(tmp_path: Path) -> None:
    out = tmp_path / "normalize.json"
    result = _module("normalize").run(_args(big_size=10_000, json=out))
    assert COMMON | {"ascii", "non_ascii", "megabyte", "fast_path_share"} <= result.keys()
    for key in ("ascii", "non_ascii"):
        row = result[key]
        assert row["comments"] == 50
        assert {"nudge_us", "baseline_us", "ratio", "fast_path_share"} <= row.keys()
    assert len(result["bars"]) == 3
    _check_bars(result)
    assert out.is_file()


def test_throughput_benchmark_runs() -> None:
    result = _module("throughput").run(_args(no_scaling=True, no_memory=True, peers=False))
    assert COMMON | {"throughput", "memory", "packs", "fast_path_share"} <= result.keys()
    figures = result["throughput"]
    assert figures["comments"] == 50
    assert {"nudge_comments_per_s", "nudge_us_per_comment", "ratio_to_floor"} <= figures.keys()
    assert result["memory"]["pickle_bytes_here"] > 0
    assert len(result["bars"]) == 7  # with workers=2 / one thread and benign UD
    assert figures["benign_ud"] is None  # synthetic: no shared data read
    _check_bars(result)
    stages = result["stages_us_per_comment"]
    assert len(stages) == 3 and all(us > 0 for us in stages.values())
    assert list(stages)[-1].endswith("(score_many)")


def test_memory_probe_reports_the_scorer_after_use() -> None:
    memory = _module("throughput").scorer_memory(["en"], ["you idiot", "lovely day"])
    assert memory["load_current_bytes"] > 0
    assert memory["used_current_bytes"] >= memory["load_current_bytes"]


def test_policies_benchmark_runs() -> None:
    result = _module("policies").run(_args())
    assert COMMON | {"corpus", "actions", "per_second", "timings"} <= result.keys()
    assert result["corpus"]["comments"] == 50
    assert sum(result["actions"].values()) == 50
    assert set(result["per_second"]) == {
        "chain",
        "chain_workers2",
        "scorer",
        "policies",
        "keywords",
    }
    assert len(result["bars"]) == 1
    _check_bars(result)


def test_instructions_benchmark_without_valgrind(monkeypatch: pytest.MonkeyPatch) -> None:
    module = _module("instructions")
    # What runs under callgrind runs as well without it.
    spec = {"corpus": "davidson", "packs": None, "size": 0, "limit": 5, "synthetic": True}
    module._child(spec)
    module._child({**spec, "corpus": "first"})
    module._child({**spec, "results": True})
    monkeypatch.setattr(module.shutil, "which", lambda _: None)
    result = module.run(_args(corpus="davidson", packs=None, size=0, results=False, child=None))
    assert COMMON | {"instructions", "skipped", "texts", "measured"} <= result.keys()
    assert result["instructions"] is None and "valgrind" in result["skipped"]
    assert result["texts"] == 50
    assert result["measured"].endswith("time_texts")
    assert "not counted" in module.report(result)
    # With --results the batch call is the one measured (the Python results built too).
    through = module.run(_args(corpus="davidson", packs=None, size=0, results=True, child=None))
    assert through["measured"].endswith("assess_many__") and through["options"]["results"]
    # --pieces cuts the corpus as throughput.py's scaling does, and counts its characters.
    cut = module.run(
        _args(corpus="davidson", packs=None, size=0, results=False, child=None, pieces=1_000)
    )
    assert cut["texts"] == 100 and cut["options"]["pieces"] == 1_000
    assert 900 * 100 <= cut["characters"] <= 1_000 * 100


@pytest.mark.parametrize("name", ["normalize", "throughput", "policies", "instructions"])
def test_benchmark_exposes_run_and_main(name: str) -> None:
    module = _module(name)
    assert callable(module.run)
    assert callable(module.main)


def test_quality_benchmark_without_shared_data(tmp_path: Path) -> None:
    result = _module("quality").run(
        argparse.Namespace(data_root=tmp_path, quiet=True, json=tmp_path / "q.json")
    )
    assert COMMON | {"hatecheck", "robustness", "benign", "suites"} <= result.keys()
    assert not result["options"]["data_present"]
    assert result["hatecheck"] == [] and result["robustness"] == []
    # Only the built-in suites run; the data bars say N/A instead of passing silently.
    assert {s["suite"] for s in result["suites"]} == {"scunthorpe", "identity"}
    assert result["bars"][0]["status"] == "N/A"
    _check_bars(result)
    assert (tmp_path / "q.json").is_file()


def test_languages_benchmark_without_shared_data(tmp_path: Path) -> None:
    result = _module("languages").run(
        argparse.Namespace(
            data_root=tmp_path,
            lexicons=ROOT / "tests" / "fixtures" / "packs",
            lang=["es"],
            quiet=True,
            json=tmp_path / "l.json",
        )
    )
    assert COMMON | {"hatecheck", "guess", "benign", "comments", "missing"} <= result.keys()
    assert not result["options"]["data_present"]
    # The fixture es pack is found in --lexicons and loaded beside en and fr.
    assert any(p.startswith("es ") for p in result["packs"])
    assert result["missing"] == [] and result["hatecheck"] == []
    assert [b["status"] for b in result["bars"]] == ["N/A"]
    _check_bars(result)
    assert (tmp_path / "l.json").is_file()


def test_quality_bars_name_known_obfuscations() -> None:
    from nudge.research._robustness import Obfuscation

    bars = _module("quality").load_bars()
    assert set(bars["robustness"]["obfuscations"]) <= {o.value for o in Obfuscation}
    assert {b["kind"] for b in bars["hatecheck"]["bars"]} == {"catch", "leave"}


def test_manpages_benchmark_reads_roff_and_lists_false_alarms(tmp_path: Path) -> None:
    import gzip

    page = (
        ".TH PROVA 1\n.SH NOME\nIl comando \\fBprova\\fR legge un file e scrive il risultato.\n"
        ".PP\nSei proprio un coglione, scrive il manuale in questa riga di esempio.\n"
        "Troppo corta.\n"
    )
    (tmp_path / "it" / "man1").mkdir(parents=True)
    (tmp_path / "it" / "man1" / "prova.1.gz").write_bytes(gzip.compress(page.encode()))
    result = _module("manpages").run(
        argparse.Namespace(root=tmp_path, lang=["it", "es"], limit=10, quiet=True, json=None)
    )
    assert COMMON | {"languages", "packs"} <= result.keys()
    it, es = result["languages"]
    # The roff requests and font escapes are gone; the short line is no sentence.
    texts = [t for h in ("study", "check") for t in it[h]["texts"]]
    assert it["n"] == 2 and it["flagged"] == 1 == len(texts)
    assert texts[0]["text"].startswith("Sei proprio un coglione")
    assert "coglione" in texts[0]["matched"]
    # A language whose pages are not installed is no pass.
    assert es["n"] == 0 and es["share"] is None
    assert [b["status"] for b in result["bars"]] == ["FAIL", "N/A"]
    _check_bars(result)
