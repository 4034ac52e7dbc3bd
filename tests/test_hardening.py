"""Issue #16: every bad input gets a clear answer, nothing is lost.

Each test names the item of the issue it covers; each failed on the code before the fix.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import pickle
import subprocess
import sys
import textwrap
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import nudge
from nudge import bulk
from nudge.cli import main
from nudge.errors import BulkLimitError, ConfigError, InputError, LexiconError, NudgeError
from nudge.lexicon import load_pack
from nudge.policies import (
    Action,
    Comment,
    Context,
    OffensiveFilter,
    PolicyChain,
    Relationship,
    RelationshipNudge,
)
from nudge.prompts import (
    AuthorHistory,
    ChooserConfig,
    NudgeRecord,
    PromptChooser,
    PromptKind,
    validate_catalogue,
)

SCORER = nudge.Scorer.load()
CHOOSER = PromptChooser.load()


def _run_cli(*args: str, data: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "nudge.cli", *args],
        input=data,
        capture_output=True,
        env=env,
        check=False,
    )


# --------------------------------------------------------------- 1. lone surrogates


def test_1_chooser_takes_a_lone_surrogate() -> None:
    assessment = SCORER.score("you idiot \ud800")
    assert assessment.flagged
    prompt = CHOOSER.choose(assessment)
    assert prompt is not None and prompt.kind is PromptKind.TARGETED


def test_1_cli_keeps_an_undecodable_byte() -> None:
    done = _run_cli("check", "--json", "-", data=b"you idiot \xff\n")
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["flagged"] is True
    assert record["text"] == "you idiot \udcff"  # the byte survives as its escape


# --------------------------------------------------------------- 2. bulk moderation


class _UnprintableError(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no message")


class _Custom(BaseException):
    pass


def test_2_an_unprintable_exception_fails_only_its_id() -> None:
    def handler(cid: str) -> None:
        if cid == "b":
            raise _UnprintableError

    result = bulk.plan("delete", ["a", "b", "c"]).execute(handler)
    assert [(i.id, i.status.value) for i in result.items] == [
        ("a", "done"),
        ("b", "failed"),
        ("c", "done"),
    ]
    assert "_UnprintableError" in result.items[1].reason


@pytest.mark.parametrize("stop", [KeyboardInterrupt, SystemExit, _Custom])
def test_2_an_interrupted_batch_accounts_for_every_id(stop: type[BaseException]) -> None:
    ran = []

    def handler(cid: str) -> None:
        if cid == "c2":
            raise stop
        ran.append(cid)

    ids = ["c1", "c2", "c3", "c4"]
    with pytest.raises(stop) as info:
        bulk.plan("hide", ids).execute(handler)
    partial = info.value.bulk_result  # type: ignore[attr-defined]
    assert [i.id for i in partial.items] == ids
    assert partial.done == ("c1",) and partial.failed == ("c2",)
    assert partial.skipped == ("c3", "c4") and ran == ["c1"]


def test_2_async_handlers_are_refused_or_awaited() -> None:
    ran: list[str] = []

    async def handler(cid: str) -> None:
        ran.append(cid)

    p = bulk.plan("delete", ["a", "b"])
    with pytest.raises(TypeError, match="async"):
        p.execute(handler)
    assert ran == []
    result = asyncio.run(p.execute_async(handler))
    assert result.done == ("a", "b") and ran == ["a", "b"]


def test_2_a_coroutine_returned_by_a_plain_function_is_not_done() -> None:
    async def work(cid: str) -> None:
        raise AssertionError("never awaited")

    def returns_a_coroutine(cid: str) -> object:
        return work(cid)

    result = bulk.plan("delete", ["a"]).execute(returns_a_coroutine)
    assert result.failed == ("a",) and "awaitable" in result.items[0].reason


@pytest.mark.parametrize(
    ("ids", "kwargs", "error"),
    [
        (("a", "a"), {}, BulkLimitError),
        (("a", " "), {}, BulkLimitError),
        (tuple(f"c{i}" for i in range(3)), {"limit": 2}, BulkLimitError),
        (("a",), {"limit": 0}, ConfigError),
        (("a",), {"dry_run": "yes"}, ConfigError),
    ],
)
def test_2_a_plan_built_directly_is_checked(
    ids: tuple[str, ...], kwargs: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        bulk.BulkPlan(bulk.BulkAction.DELETE, ids, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="action"):
        bulk.BulkPlan("nuke", ("a",))  # type: ignore[arg-type]
    assert bulk.BulkPlan("delete", ("a",)).action is bulk.BulkAction.DELETE  # type: ignore[arg-type]


# --------------------------------------------------------------- 3. one clock


def test_3_the_chain_uses_the_decision_clock() -> None:
    later = datetime(2031, 6, 1, 12, 0, tzinfo=UTC)  # the app's clock, not the machine's
    history = AuthorHistory(
        (NudgeRecord(later - timedelta(minutes=5), "reconsider.ask", PromptKind.RECONSIDER),)
    )
    chain = PolicyChain([RelationshipNudge()], scorer=SCORER, chooser=CHOOSER)
    ctx = Context(relationship=Relationship(), prompt_history=history, now=later)
    decision = chain.decide(Comment("you idiot", "u1", "c1"), ctx)
    assert decision.action is Action.NUDGE and decision.prompt is not None


def test_3_small_clock_skew_is_tolerated() -> None:
    now = datetime(2030, 1, 1, tzinfo=UTC)
    ahead = AuthorHistory(
        (NudgeRecord(now + timedelta(milliseconds=50), "reconsider.ask", PromptKind.RECONSIDER),)
    )
    assert CHOOSER.choose(SCORER.score("you idiot"), history=ahead, now=now) is not None
    far = AuthorHistory(
        (NudgeRecord(now + timedelta(hours=1), "reconsider.ask", PromptKind.RECONSIDER),)
    )
    with pytest.raises(nudge.PromptError, match="after now"):
        CHOOSER.choose(SCORER.score("you idiot"), history=far, now=now)
    with pytest.raises(nudge.PromptError, match="clock_skew"):
        ChooserConfig(clock_skew=timedelta(seconds=-1))


# --------------------------------------------------------------- 4. bases that loop


def _pack(root: Path, code: str, base: str | None = None, folder: str | None = None) -> Path:
    where = root / (folder or code)
    where.mkdir()
    lines = [
        f'code = "{code}"',
        'name = "test"',
        'version = "0.1.0"',
        'licence = "CC-BY-4.0"',
        'maintainers = ["me"]',
    ]
    if base is not None:
        lines.append(f'base = "{base}"')
    (where / "pack.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return where


def test_4_a_pack_that_is_its_own_base(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=r"pack.toml:6: base: a pack cannot be its own base"):
        load_pack(_pack(tmp_path, "xa", base="xa"))


def test_4_two_packs_naming_each_other(tmp_path: Path) -> None:
    _pack(tmp_path, "xa", base="xb")
    with pytest.raises(LexiconError, match="bases loop"):
        load_pack(_pack(tmp_path, "xb", base="xa"))


@pytest.mark.parametrize("base", ["../../tmp/x", "/etc", "..", "fr/../en"])
def test_7_a_base_is_a_plain_code(tmp_path: Path, base: str) -> None:
    with pytest.raises(LexiconError, match="base: must be a pack code"):
        load_pack(_pack(tmp_path, "xa", base=base))


@pytest.mark.parametrize("locale", ["../lexicons/fr", "fr/../fr", "/etc/passwd"])
def test_7_a_locale_never_names_a_path(locale: str) -> None:
    with pytest.raises(nudge.PromptError, match="no bundled message catalogue"):
        PromptChooser.load([locale])


def test_7_an_edit_that_keeps_the_mtime_is_seen(tmp_path: Path) -> None:
    folder = _pack(tmp_path, "xa")
    terms = folder / "terms.toml"
    terms.write_text('[[term]]\nterm = "blorf"\ncategory = "insult"\nseverity = 2\n', "utf-8")
    stat = terms.stat()
    assert [t.term for t in load_pack(folder).terms] == ["blorf"]
    terms.write_text('[[term]]\nterm = "gronk"\ncategory = "insult"\nseverity = 2\n', "utf-8")
    os.utime(terms, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    assert [t.term for t in load_pack(folder).terms] == ["gronk"]


# --------------------------------------------------------------- 6. scorer arguments


@pytest.mark.parametrize("threshold", [2, -0.1, float("nan"), "0.5", True])
def test_6_a_bad_threshold_is_a_config_error(threshold: object) -> None:
    with pytest.raises(ConfigError, match="threshold"):
        nudge.Scorer.load(threshold=threshold)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="threshold"):
        SCORER.with_threshold(threshold)  # type: ignore[arg-type]


def test_6_a_language_not_loaded_is_refused() -> None:
    with pytest.raises(nudge.PackNotFoundError, match=r"'xx'.*loaded: en, fr"):
        SCORER.score("x", lang="xx")
    with pytest.raises(nudge.PackNotFoundError, match=r"'xx'.*loaded: en, fr"):
        SCORER.score_many(["x"], "xx")
    assert SCORER.score("ta gueule", lang="fr").flagged


def test_6_score_and_score_many_follow_one_rule() -> None:
    with pytest.raises(InputError, match="got NoneType"):
        SCORER.score(None)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="item 0: expected str, got NoneType"):
        SCORER.score_many([None])  # type: ignore[list-item]


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--threshold", "2", "x"],
        ["check", "--threshold", "nan", "x"],
        ["check", "--lang", "xx", "x"],
        ["eval", "--threshold", "nan", "--no-peers", "--benign", "x.txt"],
    ],
)
def test_6_cli_usage_errors_exit_2_without_traceback(args: list[str]) -> None:
    done = _run_cli(*args)
    assert done.returncode == 2, done.stderr
    assert b"Traceback" not in done.stderr


# --------------------------------------------------------------- 8. entry-point packs


def test_8_chooser_finds_catalogues_of_entry_point_packs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _pack(tmp_path, "xq")
    (folder / "messages.toml").write_text('locale = "xq"\nfallback = "en"\n', "utf-8")
    monkeypatch.setattr("nudge.lexicon._entry_point_packs", lambda: {"xq": folder})
    assert load_pack("xq").code == "xq"
    assert "xq" in PromptChooser.load(["xq"]).locales


def test_8_pack_new_scaffolds_messages(tmp_path: Path) -> None:
    assert main(["pack", "new", "es", "--dest", str(tmp_path)], stdout=io.StringIO()) == 0
    assert (tmp_path / "es" / "messages.toml").is_file()
    out = io.StringIO()
    assert main(["pack", "validate", str(tmp_path / "es")], stdout=out) == 0
    assert "fallback catalogue 'en'" in out.getvalue()


# --------------------------------------------------------------- 9. Traversable


def test_9_imports_without_the_deprecated_traversable() -> None:
    # Python 3.14 removes importlib.abc.Traversable (3.12 deprecates it): simulate that.
    code = textwrap.dedent(
        """
        import importlib.abc, warnings
        del importlib.abc.Traversable
        warnings.simplefilter("error")
        import nudge
        print(nudge.Scorer.load().score("kys").flagged, nudge.PromptChooser.load().locales)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("True")


# --------------------------------------------------------------- 10. nudge check


def test_10_json_prompt_actions_are_objects() -> None:
    out = io.StringIO()
    assert main(["check", "--json", "you idiot"], stdout=out) == 0
    actions = json.loads(out.getvalue())["prompt"]["actions"]
    assert actions and all(set(a) == {"action", "label", "url"} for a in actions)


def test_10_piped_stdin_is_read_without_dash() -> None:
    out = io.StringIO()
    assert main(["check", "--json"], stdout=out, stdin=io.StringIO("merci\nta gueule\n")) == 0
    assert [json.loads(x)["flagged"] for x in out.getvalue().splitlines()] == [False, True]


def test_10_fail_on_flag() -> None:
    assert main(["check", "--fail-on-flag", "hello"], stdout=io.StringIO()) == 0
    assert main(["check", "--fail-on-flag", "hello", "kys"], stdout=io.StringIO()) == 1


def test_10_a_closed_pipe_ends_quietly() -> None:
    command = [sys.executable, "-m", "nudge.cli", "check", "--no-prompt", "-"]
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    with subprocess.Popen(command, **pipes) as proc:  # type: ignore[call-overload]
        stdin = proc.stdin

        def feed() -> None:
            with contextlib.suppress(BrokenPipeError):  # the child stopped reading: fine
                stdin.write(b"you idiot\n" * 20000)
            with contextlib.suppress(BrokenPipeError):
                stdin.close()

        feeder = threading.Thread(target=feed)
        feeder.start()
        proc.stdout.readline()
        proc.stdout.close()  # what head does after its lines
        err = proc.stderr.read()
        proc.wait(timeout=60)
        feeder.join(timeout=60)
    assert proc.returncode == 141
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err


def test_10_every_option_has_help() -> None:
    import argparse

    from nudge.cli import _parser
    from nudge.research.evaluate import _parser as evaluate_parser

    def walk(parser: argparse.ArgumentParser, name: str) -> None:
        for action in parser._actions:
            assert action.help, f"{name} {action.dest}: no help text"
            if isinstance(action, argparse._SubParsersAction):
                for sub_name, sub in action.choices.items():
                    walk(sub, f"{name} {sub_name}")

    walk(_parser(), "nudge")
    walk(evaluate_parser(), "nudge eval")


# --------------------------------------------------------------- 11. pickling


def test_11_chooser_and_chain_pickle() -> None:
    chooser = PromptChooser.load(guidelines_url="https://example.org/rules")
    chain = PolicyChain(
        [OffensiveFilter(categories={"threat": Action.HOLD}), RelationshipNudge()],
        scorer=SCORER,
        chooser=chooser,
    )
    again = pickle.loads(pickle.dumps(chain))
    a = SCORER.score("you idiot")
    assert pickle.loads(pickle.dumps(chooser)).choose(a, key="k") == chooser.choose(a, key="k")
    comment = Comment("you idiot", "u1", "c1")
    ctx = Context(relationship=Relationship())
    assert again.decide(comment, ctx) == chain.decide(comment, ctx)


# --------------------------------------------------------------- 13. lazy research


def test_13_import_nudge_does_not_load_the_research_toolkit() -> None:
    toolkit = [
        "research",
        "evaluate",
        "_metrics",
        "_datasets",
        "_robustness",
        "_suites",
        "calibrate",
    ]
    code = (
        "import sys, nudge; "
        f"print(sorted(m for m in sys.modules if m.split('.')[-1] in {toolkit!r}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "[]", done.stderr
    assert callable(nudge.evaluate)
    assert isinstance(nudge.errors.NudgeError, type) and issubclass(InputError, NudgeError)


# --------------------------------------------------------------- 7. pack errors say where


def test_7_a_pack_toml_field_error_has_its_line(tmp_path: Path) -> None:
    folder = _pack(tmp_path, "xa")
    meta = folder / "pack.toml"
    meta.write_text(meta.read_text("utf-8").replace('version = "0.1.0"', "version = 3"), "utf-8")
    with pytest.raises(LexiconError, match=r"pack.toml:3: version:"):
        load_pack(folder)


def test_7_a_table_header_inside_a_multiline_string_is_text(tmp_path: Path) -> None:
    folder = _pack(tmp_path, "xa")
    (folder / "terms.toml").write_text(
        textwrap.dedent(
            '''\
            [[term]]
            term = "blorf"
            category = "insult"
            severity = 2
            note = """
            [[term]]
            """

            [[term]]
            term = "gronk"
            category = "insult"
            severity = 7
            '''
        ),
        "utf-8",
    )
    with pytest.raises(LexiconError, match=r"terms.toml:12: severity: must be 1, 2 or 3"):
        load_pack(folder)


@pytest.mark.parametrize(
    ("line", "hint"),
    [('categroy = "insult"', "did you mean 'category'"), ('category = "insul"', "'insult'")],
)
def test_7_near_misses_get_a_did_you_mean(tmp_path: Path, line: str, hint: str) -> None:
    folder = _pack(tmp_path, "xa")
    (folder / "terms.toml").write_text(f'[[term]]\nterm = "blorf"\n{line}\nseverity = 2\n', "utf-8")
    with pytest.raises(LexiconError, match=rf"terms.toml:3: .*{hint}"):
        load_pack(folder)


def test_7_a_code_that_differs_from_its_folder(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=r"pack.toml:1: code: 'xa' differs from .* 'xb'"):
        load_pack(_pack(tmp_path, "xa", folder="xb"))


# --------------------------------------------------------------- 5. nudge eval input


def _eval(*argv: str) -> tuple[int, str]:
    from nudge.research.evaluate import cli_main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        status = cli_main(list(argv))
    return status, err.getvalue()


def _rows(path: Path, *extra: bytes) -> Path:
    good = b'{"text": "you idiot", "label": 1}\n{"text": "hello", "label": 0}\n'
    path.write_bytes(good + b"".join(extra) + good)
    return path


def test_5_unusable_json_rows_are_row_issues(tmp_path: Path) -> None:
    from nudge.research._datasets import DatasetReader

    data = _rows(
        tmp_path / "d.jsonl",
        b'{"text": "x", "label": ' + b"9" * 5000 + b"}\n",
        b"[" * 100_000 + b"\n",
    )
    reader = DatasetReader(data)
    assert len(list(reader)) == 4
    assert [(i.line, i.message.split(" (")[0]) for i in reader.issues] == [
        (3, "unusable JSON"),
        (4, "unusable JSON"),
    ]


def test_5_an_overlong_line_is_reported_not_held(tmp_path: Path) -> None:
    from nudge.research._datasets import MAX_LINE_BYTES, DatasetReader

    huge = b'{"text": "' + b"a" * (MAX_LINE_BYTES + 10) + b'", "label": 1}\n'
    reader = DatasetReader(_rows(tmp_path / "d.jsonl", huge))
    rows = list(reader)
    assert [r.line for r in rows] == [1, 2, 4, 5]
    assert [(i.line, "longer than" in i.message) for i in reader.issues] == [(3, True)]


def test_5_a_word_list_with_a_bare_cr(tmp_path: Path) -> None:
    from nudge.research._datasets import load_wordlist

    path = tmp_path / "w.csv"
    path.write_bytes(b"term\r\nidiot\rbadword\n")
    assert load_wordlist([path]).terms == ("idiot", "badword")


def test_5_output_folders_are_checked_before_the_run(tmp_path: Path) -> None:
    data = _rows(tmp_path / "d.jsonl")
    for option in ("--json", "--markdown", "--errors"):
        status, err = _eval(str(data), option, str(tmp_path / "no" / "r"), "--bootstrap", "0")
        assert status == 2 and "folder does not exist" in err


def test_5_rows_without_the_by_field_are_kept_and_noted(tmp_path: Path) -> None:
    data = _rows(tmp_path / "d.jsonl")
    report = tmp_path / "r.json"
    status, err = _eval(str(data), "--by", "topic", "--bootstrap", "0", "--json", str(report))
    assert status == 0
    assert "4 of 4 row(s) lack the field 'topic'" in err
    dataset = json.loads(report.read_text("utf-8"))["datasets"][0]
    assert dataset["rows_used"] == 4


def test_5_peers_run_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nudge.research import evaluate

    asked: list[object] = []
    real = evaluate.build_systems

    def spy(**kwargs: object) -> object:
        asked.append(kwargs["peers"])
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(evaluate, "build_systems", spy)
    data = _rows(tmp_path / "d.jsonl")
    assert _eval(str(data), "--bootstrap", "0")[0] == 0
    assert _eval(str(data), "--bootstrap", "0", "--peers", "all")[0] == 0
    assert asked == [False, True]


# --------------------------------------------------------------- 12. packaging, logging


def test_12_licences_and_metadata() -> None:
    import tomllib

    root = Path(__file__).resolve().parents[1]
    meta = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]
    assert meta["license"] == "MIT AND CC-BY-4.0"
    for name in meta["license-files"]:
        assert (root / name).is_file(), name
    assert "Programming Language :: Python :: 3.11" in meta["classifiers"]
    assert any(d.startswith("scikit-learn") for d in meta["optional-dependencies"]["dev"])
    from nudge.lexicon import bundled_packs_root

    assert "CC BY 4.0" in bundled_packs_root().joinpath("LICENSE").read_text("utf-8")


def test_12_fallbacks_are_logged_on_the_nudge_logger(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    assert logging.getLogger("nudge").handlers == []
    catalogue = tmp_path / "messages.toml"
    catalogue.write_text('locale = "xq"\nfallback = "en"\n', "utf-8")
    chooser = PromptChooser.load(["en"], paths=[catalogue])
    with caplog.at_level(logging.DEBUG, logger="nudge"):
        prompt = chooser.choose(SCORER.score("kys"), locale="xq")
    assert prompt is not None and prompt.locale == "en"
    assert [r.name for r in caplog.records] == ["nudge.prompts"]
    assert "falling back to 'en'" in caplog.records[0].getMessage()


def test_7_the_validator_reports_every_problem_in_one_run(tmp_path: Path) -> None:
    folder = _pack(tmp_path, "xa")
    (folder / "terms.toml").write_text(
        '[[term]]\nterm = "a"\ncategroy = "insult"\nseverity = 2\n\n'
        '[[term]]\nterm = "b"\ncategory = "insul"\nseverity = 2\n\n'
        '[[term]]\nterm = "c"\ncategory = "insult"\nseverity = 9\n',
        "utf-8",
    )
    (folder / "allow.toml").write_text('[[allow]]\nwrd = "x"\n', "utf-8")
    out = io.StringIO()
    assert main(["pack", "validate", "--json", str(folder)], stdout=out) == 1
    record = json.loads(out.getvalue())
    assert record["ok"] is False
    assert [(Path(p["path"]).name, p["line"], p["field"]) for p in record["problems"]] == [
        ("terms.toml", 3, "categroy"),
        ("terms.toml", 8, "category"),
        ("terms.toml", 14, "severity"),
        ("allow.toml", 2, "wrd"),
    ]
    with pytest.raises(nudge.PackProblemsError, match=r"\(and 3 more problems\)") as info:
        load_pack(folder)
    assert len(pickle.loads(pickle.dumps(info.value)).errors) == 4


def test_7_inline_tables_have_a_line(tmp_path: Path) -> None:
    folder = _pack(tmp_path, "xa")
    (folder / "terms.toml").write_text(
        '# terms\n\nterm = [\n  { term = "a", category = "insult", severity = 5 },\n]\n', "utf-8"
    )
    with pytest.raises(LexiconError, match=r"terms.toml:3: severity: must be 1, 2 or 3"):
        load_pack(folder)
    catalogue = tmp_path / "messages.toml"
    catalogue.write_text('locale = "xq"\nfallback = "en"\n\nactions = { edti = "Edit" }\n', "utf-8")
    assert [line.split(": ")[0] for line in validate_catalogue(catalogue)] == [f"{catalogue}:4"]


# --------------------------------------------------------------- 14. one way to do each thing


def test_14_the_two_action_enums_and_scorer_protocols_say_which() -> None:
    from nudge import policies, prompts

    assert nudge.ModerationAction is nudge.Action is policies.Action
    assert nudge.ButtonAction is prompts.Action
    assert {a.value for a in nudge.ModerationAction} & {
        a.value for a in nudge.ButtonAction
    } == set()
    assert policies.ScorerLike is nudge.BatchScorerLike
    assert prompts.ScorerLike is nudge.TextScorerLike


def test_14_a_catalogue_header_inside_a_multiline_string_is_text(tmp_path: Path) -> None:
    catalogue = tmp_path / "messages.toml"
    catalogue.write_text(
        'locale = "xq"\nfallback = "en"\n\n'
        '[[message]]\nid = "reconsider.a"\nkind = "reconsider"\ntext = "Sure?"\n'
        'note = """\n[[message]]\n"""\n\n'
        '[[message]]\nid = "reconsider.b"\nkind = "nope"\ntext = "Really?"\n',
        "utf-8",
    )
    problems = validate_catalogue(catalogue)
    assert problems[0].startswith(f"{catalogue}:14: kind: message 'reconsider.b'")


def test_14_policy_defaults_come_from_the_dataclass() -> None:
    from nudge.policies import policy_from_config, to_config

    for policy in (OffensiveFilter(), RelationshipNudge()):
        document = to_config(policy)
        assert set(document["policies"][0]) == {"type"}
        assert policy_from_config(document).policies[0] == policy
