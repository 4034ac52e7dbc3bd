"""nudge.evaluate: readers, word lists, systems, reports and the ``nudge eval`` command."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from nudge.research._datasets import (
    DatasetReader,
    DatasetSpec,
    EvalInputError,
    load_wordlist,
    parse_where,
)
from nudge.research._suites import SUITES, load_suite
from nudge.research.evaluate import (
    EvalReport,
    NaiveMatcher,
    NaiveSystem,
    Obfuscation,
    PeerSystem,
    SystemKind,
    Verdict,
    Wordlist,
    cli_main,
    evaluate,
    preset,
    render_markdown,
)

FIXTURES = Path(__file__).parent / "fixtures" / "eval"
SHARED = Path(__file__).parents[2] / "shared" / "data"
WORDS = Wordlist("mini", ("idiot", "moron", "connard", "crétin", "shut up"), ())


class FakeSystem:
    """A deterministic stand-in: score = share of 'bad' words, spans of those words."""

    kind = SystemKind.PEER
    version = "0"

    def __init__(self, name: str = "fake", bad: Sequence[str] = ("idiot", "moron")) -> None:
        self.name = name
        self.bad = tuple(bad)

    def assess(self, texts: Sequence[str]) -> list[Verdict]:
        out = []
        for text in texts:
            spans = tuple((text.find(w), text.find(w) + len(w)) for w in self.bad if w in text)
            score = min(1.0, len(spans) / 2 + (0.2 if "stupid" in text else 0.0))
            out.append(Verdict(score, score >= 0.5, spans))
        return out


# ---------------------------------------------------------------------- naive matcher


def test_naive_matcher_words_and_phrases() -> None:
    m = NaiveMatcher(["Idiot", "shut up", "a$$", "🖕", "", "  "])
    assert [t for _, _, t in m.find("You IDIOT, shut up!")] == ["idiot", "shut up"]
    assert m.find("idiotic shutup") == []
    assert m.find("nice a$$") == [(5, 8, "a$$")]
    assert m.find("🖕🖕") == [(0, 1, "🖕"), (1, 2, "🖕")]
    assert m.find("glass a$$et") == [(6, 9, "a$$")]  # no boundary after a non-word end


def test_naive_matcher_maps_offsets_through_casefold() -> None:
    m = NaiveMatcher(["idiot"])
    text = "STRAẞE idiot"
    ((start, end, _),) = m.find(text)
    assert text[start:end] == "idiot"


def test_naive_system_misses_what_normalisation_catches() -> None:
    naive = NaiveSystem(WORDS)
    verdicts = naive.assess(["you idiot", "you 1d1ot", "i.d.i.o.t", "crétin!"])
    assert [v.flagged for v in verdicts] == [True, False, False, True]
    assert verdicts[0].explain() == "matched: idiot"


# ---------------------------------------------------------------------------- readers


def test_reads_jsonl_csv_tsv() -> None:
    rows = list(DatasetReader(FIXTURES / "small.jsonl"))
    assert len(rows) == 8 and rows[0].lang == "en" and rows[4].label == 1
    csv_reader = DatasetReader(FIXTURES / "small.csv")
    csv_rows = list(csv_reader)
    assert [r.text for r in csv_rows] == ["you idiot", "hello there", "a, quoted, text"]
    assert [(i.line, i.message) for i in csv_reader.issues] == [
        (4, "label must be 0 or 1, got 2"),
        (5, "label must be 0 or 1, got "),
    ]
    assert [r.label for r in DatasetReader(FIXTURES / "small.tsv")] == [1, 0]


def test_bad_rows_are_reported_with_line_and_skipped() -> None:
    reader = DatasetReader(FIXTURES / "messy.jsonl")
    rows = list(reader)
    assert [(r.line, r.text, r.label) for r in rows] == [(1, "ok", 0), (6, "you idiot", 1)]
    messages = {i.line: i.message for i in reader.issues}
    assert messages[2].startswith("not UTF-8")
    assert messages[3].startswith("not valid JSON")
    assert messages[4] == "missing field 'text'"
    assert messages[5] == "label must be 0 or 1, got yes"
    assert reader.issue_count == 4
    assert all(str(i).startswith(str(FIXTURES / "messy.jsonl")) for i in reader.issues)
    assert len(reader.sha256) == 64


def test_strict_stops_at_first_bad_row() -> None:
    with pytest.raises(EvalInputError, match=r"messy.jsonl:2: not UTF-8"):
        list(DatasetReader(FIXTURES / "messy.jsonl", strict=True))


def test_missing_file_and_where() -> None:
    with pytest.raises(EvalInputError, match=r"nope\.jsonl"):
        list(DatasetReader(FIXTURES / "nope.jsonl"))
    spec = DatasetSpec(FIXTURES / "small.jsonl", where=parse_where(["lang=fr"]), by="functionality")
    rows = list(DatasetReader(spec))
    assert {r.lang for r in rows} == {"fr"} and {r.group for r in rows} == {"insult", "neutral"}
    assert spec.display_name == "small[lang=fr]"
    with pytest.raises(EvalInputError, match="field=value"):
        parse_where(["lang"])


def test_wordlists() -> None:
    wl = load_wordlist([FIXTURES / "words.txt"])
    assert wl.terms == ("idiot", "moron", "connard", "crétin", "shut up")
    assert [(s.line, "normalises to nothing" in s.message) for s in wl.skipped] == [(7, True)]
    csv_wl = load_wordlist([FIXTURES / "words.csv"], name="csv")
    assert csv_wl.terms == ("idiot", "moron") and csv_wl.name == "csv"
    both = load_wordlist([FIXTURES / "words.txt", FIXTURES / "words.csv"])
    assert both.name == "words+words" and len(both.terms) == 5
    with pytest.raises(EvalInputError, match="column"):
        load_wordlist([FIXTURES / "small.csv"])


def test_suites_have_forty_sentences_per_language() -> None:
    for name in SUITES:
        suite = load_suite(name)
        for lang in ("en", "fr"):
            cases = [c for c in suite.cases if c.lang == lang]
            assert len(cases) >= 40, (name, lang)
            assert len({c.text for c in cases}) == len(cases)
    assert all(c.trap for c in load_suite("scunthorpe").cases)


# --------------------------------------------------------------------------- evaluate


def test_evaluate_with_fake_systems() -> None:
    report = evaluate(
        [DatasetSpec(FIXTURES / "small.jsonl", by="functionality")],
        systems=[FakeSystem(), NaiveSystem(WORDS)],
        bootstrap=50,
        robustness=True,
    )
    (d,) = report.datasets
    assert (d.rows_used, d.positives) == (8, 4)
    fake = d.metrics("fake")
    assert fake is not None
    assert (fake.confusion.tp, fake.confusion.fp) == (2, 0)  # the English insults
    naive = d.metrics("mini (naive)")
    # The naive match misses the plural "crétins" of "crétin".
    assert naive is not None and naive.confusion.tp == 3 and naive.precision == 1.0
    assert naive.f1_ci is not None
    assert {g.value for g in d.groups if g.field == "lang"} == {"en", "fr"}
    assert d.metrics("mini (naive)", "functionality", "insult") is not None
    rob = {(r.system, r.obfuscation): r for r in d.robustness}
    assert rob[("mini (naive)", Obfuscation.LEET)].share == 0.0
    # No caught positive has an accent to remove: nothing tested, the share is n/a.
    assert rob[("mini (naive)", Obfuscation.ACCENTS_REMOVED)].share is None
    assert dict(d.robustness_clean)["mini (naive)"] == 3


def test_evaluate_edge_cases() -> None:
    report = evaluate(
        [FIXTURES / "empty.jsonl", FIXTURES / "one_class.jsonl"],
        systems=[NaiveSystem(WORDS)],
        bootstrap=20,
    )
    empty, one = report.datasets
    m = empty.metrics("mini (naive)")
    assert m is not None and m.n == 0 and m.f1 is None
    m1 = one.metrics("mini (naive)")
    assert m1 is not None and m1.roc_auc is None and m1.recall == 1.0
    text = render_markdown(report)
    assert "n/a" in text
    json.loads(report.to_json())
    with pytest.raises(EvalInputError, match="unique"):
        evaluate([], systems=[FakeSystem(), FakeSystem()])


def test_benign_lists_every_false_alarm() -> None:
    report = evaluate(benign=[FIXTURES / "benign.jsonl"], systems=[NaiveSystem(WORDS)], suites=True)
    sources = {b.source: b for b in report.benign}
    assert set(sources) == {"benign", "suite: scunthorpe", "suite: identity"}
    benign = sources["benign"]
    assert benign.n == 3 and benign.false_alarm_count == 1
    assert benign.false_alarms[0].text == "you idiot" and benign.false_alarms[0].line == 3
    assert sources["suite: scunthorpe"].n >= 80


def test_errors_file_is_written_while_streaming(tmp_path: Path) -> None:
    out = tmp_path / "errors.jsonl"
    with out.open("w", encoding="utf-8") as stream:
        evaluate([FIXTURES / "small.jsonl"], systems=[FakeSystem()], bootstrap=0, errors=stream)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["error"] for r in records} == {"false_negative"}
    assert all(r["explanation"] for r in records)
    assert sorted(r["line"] for r in records) == [5, 8]


def test_peer_system_and_missing_peers_are_noted() -> None:
    peer = PeerSystem("p", "1", lambda texts: [0.9 if "idiot" in t else 0.1 for t in texts])
    report = evaluate([FIXTURES / "small.jsonl"], systems=[peer], bootstrap=0)
    m = report.datasets[0].metrics("p")
    assert m is not None and m.recall == 0.25


def test_with_the_real_scorer() -> None:
    report = evaluate(
        [FIXTURES / "small.jsonl"], lexicons=[WORDS], peers=False, bootstrap=0, robustness=True
    )
    names = [s.name for s in report.systems]
    assert names == ["nudge (en,fr)", "mini (nudge)", "mini (naive)"]
    kinds = [s.kind for s in report.systems]
    assert kinds == [SystemKind.NUDGE, SystemKind.WORDLIST, SystemKind.NAIVE]
    d = report.datasets[0]
    rob = {(r.system, r.obfuscation): r.share for r in d.robustness}
    assert rob[("mini (nudge)", Obfuscation.FULLWIDTH)] == 1.0
    assert rob[("mini (naive)", Obfuscation.FULLWIDTH)] == 0.0
    assert dict(report.versions)["packs"]


# ------------------------------------------------------------------------------- CLI


def _cli(tmp_path: Path, *extra: str) -> tuple[int, Path]:
    out = tmp_path / "r"
    out.mkdir(parents=True, exist_ok=True)
    code = cli_main(
        [
            str(FIXTURES / "small.jsonl"),
            "--lexicon",
            str(FIXTURES / "words.txt"),
            "--by",
            "functionality",
            "--robustness",
            "--benign",
            str(FIXTURES / "benign.jsonl"),
            "--no-peers",
            "--bootstrap",
            "50",
            "--seed",
            "7",
            "--json",
            str(out / "report.json"),
            "--markdown",
            str(out / "report.md"),
            "--errors",
            str(out / "errors.jsonl"),
            *extra,
        ]
    )
    return code, out


def _stable(report: dict[str, object]) -> dict[str, object]:
    for d in report["datasets"]:  # type: ignore[attr-defined]
        d["throughput"] = []
    return report


def test_cli_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _cli(tmp_path)
    assert code == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["command"].startswith("nudge eval ")
    assert [s["name"] for s in report["systems"]] == [
        "nudge (en,fr)",
        "words (nudge)",
        "words (naive)",
    ]
    (dataset,) = report["datasets"]
    assert len(dataset["sha256"]) == 64
    versions = dict(report["versions"])
    assert {"nudge", "packs", "python"} <= set(versions)
    assert dataset["robustness"] and dataset["groups"][0]["metrics"]["f1_ci"]
    markdown = (out / "report.md").read_text(encoding="utf-8")
    for heading in ("## small", "### small by functionality", "## Robustness", "## False alarms"):
        assert heading in markdown
    assert (out / "errors.jsonl").read_text(encoding="utf-8").strip()
    err = capsys.readouterr().err
    assert "normalises to nothing" in err


def test_cli_is_deterministic(tmp_path: Path) -> None:
    _, first = _cli(tmp_path / "a")
    _, second = _cli(tmp_path / "b")
    one = _stable(json.loads((first / "report.json").read_text(encoding="utf-8")))
    two = _stable(json.loads((second / "report.json").read_text(encoding="utf-8")))
    one["command"] = two["command"] = ""
    assert one == two


def test_cli_plot(tmp_path: Path) -> None:
    try:
        importlib.import_module("matplotlib")
    except ImportError:
        code = cli_main(
            [
                str(FIXTURES / "small.jsonl"),
                "--packs",
                "",
                "--lexicon",
                str(FIXTURES / "words.txt"),
                "--no-peers",
                "--plot",
                str(tmp_path / "c.png"),
            ]
        )
        assert code == 2
        return
    code, _ = _cli(tmp_path, "--plot", str(tmp_path / "c.png"))
    assert code == 0 and (tmp_path / "c.png").stat().st_size > 0


def test_cli_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["--packs", ""]) == 2
    assert "nothing to evaluate" in capsys.readouterr().err
    assert (
        cli_main(
            [
                str(FIXTURES / "messy.jsonl"),
                "--packs",
                "",
                "--lexicon",
                str(FIXTURES / "words.txt"),
                "--no-peers",
                "--strict",
            ]
        )
        == 2
    )
    assert "messy.jsonl:2" in capsys.readouterr().err
    assert cli_main(["--help"]) == 0
    assert "nudge eval" in capsys.readouterr().out


def test_cli_prints_markdown_without_outputs(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_main(
        [
            str(FIXTURES / "small.csv"),
            "--packs",
            "",
            "--lexicon",
            f"mine={FIXTURES / 'words.csv'}",
            "--no-peers",
            "--bootstrap",
            "0",
        ]
    )
    assert code == 0
    captured = capsys.readouterr()
    assert "| mine (naive) |" in captured.out
    assert "small.csv:4" in captured.err


def test_report_round_trip() -> None:
    assert json.loads(EvalReport(command="x").to_json())["command"] == "x"


# ---------------------------------------------------------------------- shared data


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "MANIFEST.md").exists(), reason="../shared/data is absent")
def test_shared_preset_paths_and_a_benign_set() -> None:
    chosen = preset("shared", SHARED)
    for spec in (*chosen.datasets, *chosen.benign):
        assert Path(spec.path).exists(), spec.path
    wordlist = load_wordlist(list(chosen.lexicons[0][1]), name=chosen.lexicons[0][0])
    assert len(wordlist.terms) > 400
    report = evaluate(benign=[chosen.benign[1]], systems=[NaiveSystem(wordlist)], bootstrap=0)
    (benign,) = report.benign
    assert benign.n > 1000 and benign.rate is not None and benign.rate < 0.2


class _Recorder:
    """Flags every text and keeps what it was asked, to see what robustness sends."""

    name = "recorder"
    kind = SystemKind.PEER
    version = "0"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def assess(self, texts: Sequence[str]) -> list[Verdict]:
        self.seen.extend(texts)
        # Claims only the first character: robustness must not restrict itself to it.
        return [Verdict(1.0, True, ((0, 1),)) for _ in texts]


def test_robustness_obfuscates_every_long_word(tmp_path: Path) -> None:
    data = tmp_path / "one.jsonl"
    data.write_text('{"text": "you are a stupid bitch", "label": 1}\n', encoding="utf-8")
    recorder = _Recorder()
    report = evaluate([data], systems=[recorder], bootstrap=0, robustness=True)
    seen = set(recorder.seen)
    assert "you are a s t u p i d b i t c h" in seen
    assert "you are a s.t.u.p.i.d b.i.t.c.h" in seen
    assert "you are a ｓｔｕｐｉｄ ｂｉｔｃｈ" in seen
    # Stretched and masked touch one letter of each long word, never the short ones.
    stretched = [t for t in seen if re.search(r"(.)\1{4}", t)]
    assert len(stretched) == 1 and len(re.findall(r"(.)\1{4}", stretched[0])) == 2
    masked = [t for t in seen if "*" in t]
    assert len(masked) == 1 and masked[0].count("*") == 2 and masked[0].startswith("you are a ")
    rob = {r.obfuscation: r for r in report.datasets[0].robustness}
    assert rob[Obfuscation.SPACED].tested == 1 and rob[Obfuscation.SPACED].caught == 1
