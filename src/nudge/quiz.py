"""The online-safety quiz: questions, answers, explanations and where to get help.

The catalogue is data in the packs (``lexicons/<code>/quiz.toml``, English and French;
format in ``docs/quiz.md``), validated like the message catalogues: every problem names
the file, the line and the field.  A :class:`Quiz` is immutable; an :class:`Attempt`
records answers (a new value per answer) and scores them.  :func:`with_quiz` makes a
prompt's "learn more" button open the quiz.

>>> quiz = load_quiz("fr-CA")
>>> quiz.locale, len(quiz.questions) >= 8
('fr', True)
>>> attempt = quiz.start().answer("help.where", 0).answer("tools.bulk", 1)
>>> result = attempt.result()
>>> result.correct, result.answered, result.total == len(quiz.questions)
(1, 2, True)
>>> result.feedback[-1].question.id, result.feedback[-1].resources[0].contact
('help.where', '3018')
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Final

from nudge._datafile import read_data_text
from nudge._toml_lines import TomlLines
from nudge.errors import LexiconError, NudgeError, QuizError
from nudge.prompts import (
    _ID,
    Action,
    Prompt,
    PromptAction,
    Resource,
    _bundled_locales,
    _tags,
    load_catalogue,
)

__all__ = [
    "Attempt",
    "Choice",
    "Feedback",
    "Question",
    "Quiz",
    "QuizResult",
    "Tool",
    "Topic",
    "load_quiz",
    "validate_quiz",
    "with_quiz",
]


class Topic(StrEnum):
    """What a question is about.

    >>> [t.value for t in Topic]
    ['recognise', 'react', 'tools', 'help']
    """

    RECOGNISE = "recognise"
    REACT = "react"
    TOOLS = "tools"
    HELP = "help"


class Tool(StrEnum):
    """The app's safety tools a question teaches.

    >>> Tool("bulk") is Tool.BULK
    True
    """

    BLOCK = "block"
    RESTRICT = "restrict"
    FILTER = "filter"
    REPORT = "report"
    BULK = "bulk"


@dataclass(frozen=True, slots=True)
class Choice:
    """One answer to a question, whether it is right, and why."""

    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True, slots=True)
class Question:
    """One question: its choices (exactly one correct), the tools and resources it covers."""

    id: str
    topic: Topic
    text: str
    choices: tuple[Choice, ...]
    tools: tuple[Tool, ...] = ()
    resources: tuple[str, ...] = ()
    line: int | None = None

    @property
    def answer(self) -> int:
        """The index (from 0) of the correct choice.

        >>> load_quiz("en").question("help.where").answer
        0
        """
        return next(i for i, c in enumerate(self.choices) if c.correct)


@dataclass(frozen=True, slots=True)
class Feedback:
    """What to show after one answer: right or not, the explanation, the right choice."""

    question: Question
    chosen: int
    correct: bool
    explanation: str
    right_choice: Choice
    resources: tuple[Resource, ...]


@dataclass(frozen=True, slots=True)
class QuizResult:
    """The score of an attempt and the feedback for each answered question, in quiz order."""

    correct: int
    answered: int
    total: int
    feedback: tuple[Feedback, ...]


@dataclass(frozen=True, slots=True)
class Quiz:
    """One locale's quiz (read with :func:`load_quiz`)."""

    locale: str
    title: str
    version: str
    questions: tuple[Question, ...]
    path: str = ""
    local_resources: tuple[Resource, ...] = ()
    """Resources of the ``messages.toml`` beside a quiz read from a folder (a pack not yet
    bundled may point its questions at its own help lines)."""

    def question(self, question_id: str) -> Question:
        """The question with this id; :class:`~nudge.errors.QuizError` if there is none.

        >>> load_quiz("en").question("nope")
        Traceback (most recent call last):
        ...
        nudge.errors.QuizError: question: no question 'nope' in the en quiz
        """
        for q in self.questions:
            if q.id == question_id:
                return q
        raise QuizError(f"no question {question_id!r} in the {self.locale} quiz", path="question")

    def resources(self, question: Question) -> tuple[Resource, ...]:
        """The support resources a question points to (from the message catalogues).

        >>> [r.contact for r in load_quiz("en").resources(load_quiz("en").question("help.where"))]
        ['3018']
        """
        known = {**_known_resources(), **{r.id: r for r in self.local_resources}}
        return tuple(known[r] for r in question.resources)

    def start(self) -> Attempt:
        """An attempt with no answers yet.

        >>> load_quiz("en").start().result().answered
        0
        """
        return Attempt(self)


@dataclass(frozen=True, slots=True)
class Attempt:
    """The answers given so far (question id -> choice index): an immutable value."""

    quiz: Quiz
    answers: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "answers", MappingProxyType(dict(self.answers)))

    def __reduce__(self) -> tuple[object, ...]:
        # A mapping proxy does not pickle: rebuild from a plain dict.
        return (Attempt, (self.quiz, dict(self.answers)))

    def answer(self, question_id: str, choice: int) -> Attempt:
        """A new attempt with this answer; errors name the bad field.

        >>> a = load_quiz("en").start()
        >>> a.answer("help.where", 7)
        Traceback (most recent call last):
        ...
        nudge.errors.QuizError: answers['help.where']: choice 7 is out of range (0-2)
        >>> a.answer("help.where", 0).answer("help.where", 1)
        Traceback (most recent call last):
        ...
        nudge.errors.QuizError: answers['help.where']: already answered
        """
        q = self.quiz.question(question_id)
        path = f"answers[{question_id!r}]"
        if isinstance(choice, bool) or not isinstance(choice, int):
            raise QuizError(f"choice must be an integer, got {type(choice).__name__}", path=path)
        if not 0 <= choice < len(q.choices):
            raise QuizError(f"choice {choice} is out of range (0-{len(q.choices) - 1})", path=path)
        if question_id in self.answers:
            raise QuizError("already answered", path=path)
        return Attempt(self.quiz, MappingProxyType({**self.answers, question_id: choice}))

    def result(self) -> QuizResult:
        """Score the answers given so far.

        >>> r = load_quiz("en").start().answer("help.where", 0).result()
        >>> r.answered, r.total
        (1, 10)
        """
        feedback = []
        for q in self.quiz.questions:
            if q.id not in self.answers:
                continue
            chosen = self.answers[q.id]
            c = q.choices[chosen]
            feedback.append(
                Feedback(
                    q, chosen, c.correct, c.explanation, q.choices[q.answer], self.quiz.resources(q)
                )
            )
        return QuizResult(
            correct=sum(1 for f in feedback if f.correct),
            answered=len(feedback),
            total=len(self.quiz.questions),
            feedback=tuple(feedback),
        )


# ----------------------------------------------------------------------------- reading

_TOP_KEYS: Final = frozenset({"locale", "version", "title", "source", "question"})
_QUESTION_KEYS: Final = frozenset({"id", "topic", "text", "choice", "tools", "resources", "note"})
_CHOICE_KEYS: Final = frozenset({"text", "correct", "explanation"})
_SOURCE_KEYS: Final = frozenset({"name", "url", "used_for", "checked"})
_MIN_CHOICES: Final = 2


@cache
def _known_resources() -> Mapping[str, Resource]:
    out: dict[str, Resource] = {}
    for code in _bundled_locales():
        for r in load_catalogue(code).resources:
            out.setdefault(r.id, r)
    return MappingProxyType(out)


def _string(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _parse(
    text: str, path: str, local: tuple[Resource, ...] = ()
) -> tuple[Quiz | None, list[LexiconError]]:
    errors: list[LexiconError] = []

    def add(message: str, line: int | None, name: str) -> None:
        errors.append(LexiconError(message, path=path, line=line, field=name))

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [LexiconError(f"not valid TOML: {exc}", path=path)]
    lines = TomlLines(text)
    for key in data:
        if key not in _TOP_KEYS:
            add(f"unknown key (allowed: {', '.join(sorted(_TOP_KEYS))})", lines.key(key), key)
    for name in ("locale", "version", "title"):
        if not _string(data.get(name)):
            add("is required (a non-empty string)", lines.key(name), name)

    sources = data.get("source", [])
    source_lines = lines.entries("source")
    if not isinstance(sources, list) or not all(isinstance(s, dict) for s in sources):
        add("must be [[source]] tables", lines.key("source"), "source")
        sources = []
    for i, s in enumerate(sources):
        start = source_lines[i] if i < len(source_lines) else None
        for key in s:
            if key not in _SOURCE_KEYS:
                add(
                    f"unknown field (allowed: {', '.join(sorted(_SOURCE_KEYS))})",
                    lines.key(key, start),
                    f"source.{key}",
                )
        for name in ("name", "used_for"):
            if not _string(s.get(name)):
                add("is required (a non-empty string)", lines.key(name, start), f"source.{name}")
        checked = s.get("checked")
        if not isinstance(checked, date) or isinstance(checked, datetime):
            add(
                "must be a TOML date: when the source was last checked",
                lines.key("checked", start),
                "source.checked",
            )

    raw = data.get("question", [])
    if not isinstance(raw, list) or not all(isinstance(q, dict) for q in raw) or not raw:
        add("needs [[question]] tables", lines.key("question"), "question")
        return None, errors
    starts = lines.entries("question")
    choice_lines = lines.entries("question.choice")
    known = {**_known_resources(), **{r.id: r for r in local}}
    questions: list[Question] = []
    seen: dict[str, int | None] = {}
    for i, q in enumerate(raw):
        start = starts[i] if i < len(starts) else None
        end = starts[i + 1] if i + 1 < len(starts) else None
        mine = [
            n for n in choice_lines if start is not None and n > start and (end is None or n < end)
        ]

        def at(name: str, start: int | None = start) -> int | None:
            return lines.key(name, start) if start is not None else None

        before = len(errors)
        qid = q.get("id")
        label = f"question {qid!r}: " if isinstance(qid, str) else f"question #{i + 1}: "
        for key in q:
            if key not in _QUESTION_KEYS:
                add(
                    label + f"unknown field (allowed: {', '.join(sorted(_QUESTION_KEYS))})",
                    at(key),
                    key,
                )
        if not isinstance(qid, str) or not _ID.match(qid):
            add(label + "id must be lower-case letters, digits, '.', '_' or '-'", at("id"), "id")
        elif qid in seen:
            add(label + f"duplicate id (first at line {seen[qid]})", at("id"), "id")
        else:
            seen[qid] = start
        if q.get("topic") not in Topic.__members__.values():
            add(label + f"topic must be one of: {', '.join(Topic)}", at("topic"), "topic")
        if not _string(q.get("text")):
            add(label + "text is required", at("text"), "text")
        tools = q.get("tools", [])
        if (
            not isinstance(tools, list)
            or any(t not in Tool.__members__.values() for t in tools)
            or len(set(tools)) != len(tools)
        ):
            add(
                label + f"tools must be an array of distinct: {', '.join(Tool)}",
                at("tools"),
                "tools",
            )
        resources = q.get("resources", [])
        if not isinstance(resources, list) or not all(isinstance(r, str) for r in resources):
            add(label + "resources must be an array of resource ids", at("resources"), "resources")
        else:
            for r in resources:
                if r not in known:
                    add(
                        label + f"unknown resource {r!r} (known: {', '.join(sorted(known))})",
                        at("resources"),
                        "resources",
                    )
        choices = q.get("choice", [])
        if not isinstance(choices, list) or len(choices) < _MIN_CHOICES:
            add(
                label + f"needs at least {_MIN_CHOICES} [[question.choice]] tables", start, "choice"
            )
            choices = []
        parsed: list[Choice] = []
        for j, c in enumerate(choices):
            cstart = mine[j] if j < len(mine) else start
            where = f"choice[{j}]"
            if not isinstance(c, dict):
                add(label + "must be a table", cstart, where)
                continue
            for key in c:
                if key not in _CHOICE_KEYS:
                    add(
                        label + f"unknown field (allowed: {', '.join(sorted(_CHOICE_KEYS))})",
                        lines.key(key, cstart),
                        f"{where}.{key}",
                    )
            for name in ("text", "explanation"):
                if not _string(c.get(name)):
                    add(
                        label + "is required (a non-empty string)",
                        lines.key(name, cstart),
                        f"{where}.{name}",
                    )
            correct = c.get("correct", False)
            if not isinstance(correct, bool):
                add(
                    label + "must be true or false",
                    lines.key("correct", cstart),
                    f"{where}.correct",
                )
            parsed.append(
                Choice(str(c.get("text", "")), correct is True, str(c.get("explanation", "")))
            )
        if choices and sum(1 for c in parsed if c.correct) != 1:
            add(
                label + f"needs exactly one correct choice (has "
                f"{sum(1 for c in parsed if c.correct)})",
                start,
                "choice",
            )
        if len(errors) > before:
            continue
        questions.append(
            Question(
                qid,
                Topic(q["topic"]),
                q["text"],
                tuple(parsed),
                tuple(Tool(t) for t in tools),
                tuple(resources),
                start,
            )
        )
    if errors:
        return None, errors
    return Quiz(data["locale"], data["title"], data["version"], tuple(questions), path, local), []


def validate_quiz(path: str | Path) -> list[str]:
    """Every problem of one ``quiz.toml``, as ``"file:line: field: message"`` lines.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "quiz.toml"
    ...     _ = p.write_text('locale = "en"\\nversion = "1"\\ntitle = "T"\\n[[question]]\\n'
    ...         'id = "q1"\\ntopic = "help"\\ntext = "?"\\n[[question.choice]]\\n'
    ...         'text = "a"\\nexplanation = "b"\\n[[question.choice]]\\ntext = "c"\\n'
    ...         'explanation = "d"\\ncorrect = "yes"\\n', encoding="utf-8")
    ...     for line in validate_quiz(p):
    ...         print(line.replace(str(p), "quiz.toml"))
    quiz.toml:14: choice[1].correct: question 'q1': must be true or false
    quiz.toml:4: choice: question 'q1': needs exactly one correct choice (has 0)
    """
    shown = str(path)
    try:
        text = read_data_text(Path(path), shown)
    except LexiconError as exc:
        return [str(exc)]
    return [str(e) for e in _parse(text, shown, _beside(Path(path)))[1]]


def _beside(path: Path) -> tuple[Resource, ...]:
    """The resources of the ``messages.toml`` next to a quiz file (none when it is missing
    or broken: the catalogue's own validation reports that)."""
    messages = path.with_name("messages.toml")
    if not messages.is_file():
        return ()
    try:
        return load_catalogue(messages).resources
    except NudgeError:
        return ()


def _read(item: Traversable | Path, shown: str, local: tuple[Resource, ...] = ()) -> Quiz:
    quiz, errors = _parse(read_data_text(item, shown), shown, local)
    if errors:
        raise errors[0]
    assert quiz is not None
    return quiz


@cache
def _bundled(code: str) -> Quiz:
    from nudge.lexicon import bundled_packs_root

    return _read(bundled_packs_root().joinpath(code, "quiz.toml"), f"{code}/quiz.toml")


def _bundled_quizzes() -> tuple[str, ...]:
    from nudge.lexicon import bundled_packs_root

    root = bundled_packs_root()
    return tuple(sorted(c.name for c in root.iterdir() if c.joinpath("quiz.toml").is_file()))


def load_quiz(spec: str | Path = "en") -> Quiz:
    """The quiz for a locale (``"fr-CA"`` falls back to ``"fr"``, unknown ones to ``"en"``),
    or the ``quiz.toml`` at a path.

    >>> load_quiz("de-AT").locale, load_quiz("nl-BE").locale
    ('de', 'en')
    """
    path = Path(spec)
    # A bundled locale's code names its quiz even where the working directory holds a
    # folder of that name.
    named = isinstance(spec, str) and spec in _bundled_quizzes()
    if not named and (isinstance(spec, Path) or path.suffix == ".toml" or path.is_dir()):
        if path.is_dir():
            path = path / "quiz.toml"
        return _read(path, str(path), _beside(path))
    if not isinstance(spec, str):
        raise QuizError(f"expected a locale or a path, got {type(spec).__name__}", path="locale")
    available = _bundled_quizzes()
    lower = {c.lower(): c for c in available}
    for tag in _tags(spec):
        code = lower.get(tag.lower())
        if code is not None:
            return _bundled(code)
    return _bundled("en")


def with_quiz(prompt: Prompt, url: str, label: str | None = None) -> Prompt:
    """The prompt with its "learn more" button opening the quiz at ``url`` (the button is
    added, with the label of the prompt's catalogue, when the prompt has none).

    >>> from nudge.prompts import PromptChooser
    >>> p = PromptChooser.load().thanks(locale="fr", key="k")
    >>> [(a.action.value, a.label, a.url) for a in with_quiz(p, "https://app/quiz").actions]
    [('learn_more', 'En savoir plus', 'https://app/quiz')]
    """
    if not isinstance(url, str) or not url.strip():
        raise QuizError("must be the quiz's address (a non-empty string)", path="url")
    buttons: list[PromptAction] = []
    found = False
    for a in prompt.actions:
        if a.action is Action.LEARN_MORE:
            found = True
            buttons.append(PromptAction(a.action, label or a.label, url))
        else:
            buttons.append(a)
    if not found:
        text = label or _label(prompt.locale)
        buttons.append(PromptAction(Action.LEARN_MORE, text, url))
    return replace(prompt, actions=tuple(buttons))


def _label(locale: str) -> str:
    code: str | None = locale
    while code is not None:
        cat = load_catalogue(code)
        if Action.LEARN_MORE in cat.labels:
            return cat.labels[Action.LEARN_MORE]
        code = cat.fallback
    return load_catalogue("en").labels.get(Action.LEARN_MORE, Action.LEARN_MORE.value)
