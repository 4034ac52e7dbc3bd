"""The safety quiz: the bundled catalogues, answering and scoring, file errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from nudge.errors import LexiconError, QuizError
from nudge.lexicon import bundled_packs_root
from nudge.prompts import Action, PromptChooser
from nudge.quiz import Tool, Topic, load_quiz, validate_quiz, with_quiz
from nudge.validate import validate_pack

ROOT = Path(__file__).resolve().parents[1]
PACKS = ROOT / "src" / "nudge" / "lexicons"


@pytest.mark.parametrize("code", ["en", "fr"])
def test_bundled_quiz_covers_the_issue(code: str) -> None:
    quiz = load_quiz(code)
    assert quiz.locale == code
    assert len(quiz.questions) >= 8
    assert {q.topic for q in quiz.questions} == set(Topic)
    taught = {t for q in quiz.questions for t in q.tools}
    assert taught == set(Tool)  # block, restrict, filter, report, bulk
    for q in quiz.questions:
        assert sum(c.correct for c in q.choices) == 1
        assert all(c.explanation.strip() for c in q.choices)
    helps = [q for q in quiz.questions if q.topic is Topic.HELP]
    assert all(quiz.resources(q) for q in helps)
    assert validate_quiz(PACKS / code / "quiz.toml") == []


def test_both_languages_ask_the_same_questions() -> None:
    assert [q.id for q in load_quiz("en").questions] == [q.id for q in load_quiz("fr").questions]
    for en, fr in zip(load_quiz("en").questions, load_quiz("fr").questions, strict=True):
        assert en.answer == fr.answer and en.tools == fr.tools


def test_scoring_every_answer() -> None:
    quiz = load_quiz("en")
    right = quiz.start()
    wrong = quiz.start()
    for q in quiz.questions:
        right = right.answer(q.id, q.answer)
        wrong = wrong.answer(q.id, (q.answer + 1) % len(q.choices))
    assert right.result().correct == len(quiz.questions)
    assert wrong.result().correct == 0
    fb = wrong.result().feedback[0]
    assert not fb.correct and fb.right_choice.correct and fb.explanation


def test_bad_answers_name_the_field() -> None:
    a = load_quiz("en").start()
    with pytest.raises(QuizError, match=r"answers\['help.where'\]: choice -1 is out of range"):
        a.answer("help.where", -1)
    with pytest.raises(QuizError, match="choice must be an integer"):
        a.answer("help.where", True)
    with pytest.raises(QuizError, match=r"question: no question 'x'"):
        a.answer("x", 0)


def test_quiz_file_errors(tmp_path: Path) -> None:
    path = tmp_path / "quiz.toml"
    path.write_text(
        'locale = "xx"\nversion = "1"\ntitle = "T"\ncolour = 1\n'
        '[[question]]\nid = "Q 1"\ntopic = "gossip"\ntext = "?"\ntools = ["nuke"]\n'
        'resources = ["no-such-line"]\n'
        '[[question.choice]]\ntext = "a"\ncorrect = true\n',
        encoding="utf-8",
    )
    problems = validate_quiz(path)
    want = [
        f"{path}:4: colour: unknown key",
        f"{path}:6: id: question 'Q 1': id must be",
        f"{path}:7: topic: question 'Q 1': topic must be one of",
        f"{path}:9: tools: question 'Q 1': tools must be",
        f"{path}:10: resources: question 'Q 1': unknown resource 'no-such-line'",
        f"{path}:5: choice: question 'Q 1': needs at least 2",
    ]
    for prefix in want:
        assert any(p.startswith(prefix) for p in problems), (prefix, problems)
    with pytest.raises(LexiconError):
        load_quiz(path)
    assert validate_quiz(tmp_path / "none.toml") == [
        f"{tmp_path / 'none.toml'}: cannot read: no such file"
    ]


def test_pack_validator_reports_quiz_problems(tmp_path: Path) -> None:
    import shutil

    pack = tmp_path / "en"
    shutil.copytree(PACKS / "en", pack)
    text = (pack / "quiz.toml").read_text(encoding="utf-8")
    (pack / "quiz.toml").write_text(
        text.replace('topic = "help"', 'topic = "hope"', 1), encoding="utf-8"
    )
    problems = [p for p in validate_pack(pack) if p.field == "quiz"]
    assert problems and "topic must be one of" in problems[0].message


def test_with_quiz_links_learn_more() -> None:
    chooser = PromptChooser.load()
    p = chooser.thanks(locale="en", key="k")
    linked = with_quiz(p, "https://app/quiz", label="Take the quiz")
    assert [(a.action, a.label, a.url) for a in linked.actions] == [
        (Action.LEARN_MORE, "Take the quiz", "https://app/quiz")
    ]
    with pytest.raises(QuizError, match="url"):
        with_quiz(p, " ")


def test_every_pack_data_reader_names_an_unreadable_file(tmp_path: Path) -> None:
    # One reader (nudge._datafile) for every pack data file: a folder where a file is
    # expected, or bytes that are not UTF-8, is a LexiconError naming the file.
    from nudge.notices import validate_notices
    from nudge.prompts import validate_catalogue
    from nudge.reports import validate_flaggers

    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe not text")
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    for validate in (validate_quiz, validate_notices, validate_flaggers, validate_catalogue):
        (problem,) = validate(bad)
        assert problem.startswith(f"{bad}: cannot read: not UTF-8"), (validate, problem)
        (problem,) = validate(folder)
        assert problem.startswith(f"{folder}: cannot read: "), (validate, problem)


def test_a_pack_folder_quiz_may_point_at_its_own_help_lines(tmp_path: Path) -> None:
    # A pack not yet bundled: its quiz names a resource of the messages.toml beside it.
    folder = tmp_path / "xx"
    folder.mkdir()
    fr = bundled_packs_root() / "fr"
    messages = (fr / "messages.toml").read_text(encoding="utf-8")
    messages = messages.replace('locale = "fr"', 'locale = "xx"', 1)
    messages = messages.replace('id = "fr-3018"', 'id = "xx-help"', 1)
    (folder / "messages.toml").write_text(messages, encoding="utf-8")
    quiz = (fr / "quiz.toml").read_text(encoding="utf-8").replace('"fr-3018"', '"xx-help"')
    (folder / "quiz.toml").write_text(quiz.replace('locale = "fr"', 'locale = "xx"', 1))
    assert validate_quiz(folder / "quiz.toml") == []
    loaded = load_quiz(folder)
    helped = [q for q in loaded.questions if "xx-help" in q.resources]
    assert helped and loaded.resources(helped[0])[0].id == "xx-help"
    # Without the messages beside it, the same quiz names the unknown resource.
    (folder / "messages.toml").unlink()
    assert any("xx-help" in line for line in validate_quiz(folder / "quiz.toml"))
