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
from nudge.prompts import AuthorHistory, ChooserConfig, NudgeRecord, PromptChooser, PromptKind

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


@pytest.mark.parametrize("locale", ["../en", "../../lexicons/en", "/etc/passwd"])
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
    code = "import sys, nudge; print(sorted(m for m in sys.modules if 'research' in m))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "[]", done.stderr
    assert callable(nudge.evaluate)
    assert isinstance(nudge.errors.NudgeError, type) and issubclass(InputError, NudgeError)
