"""Maintainer tooling for language packs: validate, count, scaffold.

``validate_pack(path)`` checks a pack folder in depth and returns every problem as a
:class:`Problem` printed ``file:line: field: message``.  Errors make ``nudge pack
validate`` exit non-zero; warnings are advice.

>>> problems = validate_pack(bundled_packs_root() / "en")
>>> [p for p in problems if p.level == "error"]
[]
>>> stats = pack_stats(bundled_packs_root() / "fr")
>>> stats.terms >= 500
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from nudge.errors import LexiconError, PackProblemsError
from nudge.facts import LanguageFacts
from nudge.lexicon import (
    CONTEXT_KEYS,
    Category,
    MatchKind,
    Pack,
    Where,
    bundled_packs_root,  # noqa: F401 - used by the examples in this module's docstrings
    load_pack,
)
from nudge.matcher import GAP, _swaps, clitic_rewrite, compile_packs, fold, glued_forms

__all__ = ["PackStats", "Problem", "new_pack", "pack_stats", "validate_pack"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (``error``) or worth a look (``warning``) in a pack.

    >>> str(Problem("fr/terms.toml", 12, "term", "duplicate of line 3"))
    'fr/terms.toml:12: term: duplicate of line 3'
    """

    path: str
    line: int | None
    field: str
    message: str
    level: str = "error"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        level = "" if self.level == "error" else f"{self.level}: "
        return f"{where}: {self.field}: {level}{self.message}"

    @classmethod
    def at(cls, where: Where, field: str, message: str, level: str = "error") -> Problem:
        """A problem at an entry's location.

        >>> str(Problem.at(Where("en/terms.toml", 12), "term", "empty"))
        'en/terms.toml:12: term: empty'
        """
        return cls(where.path, where.line, field, message, level)


def _facts(pack: Pack) -> LanguageFacts:
    """The language facts entries of ``pack`` are folded with, as ``compile_packs([pack])``
    folds them."""
    return LanguageFacts().union(pack.tokens)


def _problem_from(error: LexiconError) -> Problem:
    return Problem(error.path or "?", error.line, error.field or "pack", error.message)


def validate_pack(path: str | Path) -> list[Problem]:
    """Every problem of the pack at ``path`` (a folder), errors and warnings.

    >>> validate_pack("/no/such/folder")[0].message
    "no language pack '/no/such/folder' (available: de, en, es, fr, fr-CA, it, pt, pt-BR)"
    """
    try:
        pack = load_pack(Path(path) if Path(path).is_dir() else str(path))
        lexicon = compile_packs([pack])
    except PackProblemsError as many:
        return [_problem_from(e) for e in many.errors]
    except LexiconError as exc:
        return [_problem_from(exc)]
    problems: list[Problem] = []
    problems += _duplicates(pack)
    problems += _shadowing(pack, lexicon.stems, lexicon.allow)
    problems += _stems_swallowing(pack)
    problems += _phrases(pack)
    problems += _glued(pack)
    problems += _compound_heads(pack)
    problems += _benign_contexts(pack)
    problems += _messages(Path(str(pack.path)))
    problems += _toolkit_files(Path(str(pack.path)))
    if not any(p.level == "error" for p in problems):
        problems += _examples(pack)
    return problems


def _duplicates(pack: Pack) -> list[Problem]:
    facts = _facts(pack)
    seen: dict[tuple[str, ...], tuple[str, Where]] = {}
    out = []

    def claim(key: tuple[str, ...], owner: str, where: Where, field_name: str, form: str) -> None:
        if key in seen:
            other, other_where = seen[key]
            out.append(
                Problem.at(
                    where,
                    field_name,
                    f"{form!r} duplicates {other} at {other_where} after normalisation "
                    f"({' '.join(key)!r})",
                )
            )
        else:
            seen[key] = (owner, where)

    for term in pack.terms:
        for form in term.forms():
            key = tuple(_gap_fold(form, facts))
            if key:
                claim(
                    key,
                    f"term {term.term!r}",
                    term.where,
                    "variants" if form != term.term else "term",
                    form,
                )
    # A reclaimed slur ("queer") is also the name a group gives itself: an identity entry
    # may share the key of an ambiguous slur term, so the word is both.
    reclaimed = {
        tuple(_gap_fold(form, facts))
        for term in pack.terms
        if term.category is Category.SLUR and term.ambiguous
        for form in term.forms()
    }
    for ident in pack.identity:
        for form in ident.forms():
            key = tuple(fold(form, facts))
            if key and key not in reclaimed:
                claim(key, f"identity {ident.term!r}", ident.where, "term", form)
    allow_seen: dict[str, Where] = {}
    for allow in pack.allow:
        for word in fold(allow.word, facts):
            if word in allow_seen:
                out.append(
                    Problem.at(
                        allow.where,
                        "word",
                        f"{allow.word!r} is listed twice (also at {allow_seen[word]})",
                    )
                )
            allow_seen[word] = allow.where
    return out


def _gap_fold(form: str, facts: LanguageFacts | None) -> list[str]:
    """The tokens of an entry, keeping its gaps (``make ... suffer``)."""
    if GAP not in form:
        return fold(form, facts)
    out: list[str] = []
    for part in form.split(GAP):
        if out:
            out.append(GAP)
        out.extend(fold(part, facts))
    return out


def _shadowing(
    pack: Pack, stems: Mapping[str, tuple[object, ...]], allow: frozenset[str]
) -> list[Problem]:
    facts = _facts(pack)
    out = []
    for term in pack.terms:
        for form in term.forms():
            tokens = fold(form, facts)
            if len(tokens) == 1 and tokens[0] in allow:
                out.append(
                    Problem.at(
                        term.where,
                        "term",
                        f"{form!r} is shadowed by an allow entry: it can never match",
                    )
                )
    fuzzy: set[str] = set()
    forms: list[str] = []
    for term in pack.terms:
        for form in term.forms():
            tokens = fold(form, facts)
            if len(tokens) == 1:
                forms.append(tokens[0])
                fuzzy.update(_swaps(tokens[0]))
    for entry in pack.allow:
        word = "".join(fold(entry.word, facts))
        reached = (
            any(word.startswith(s) for s in stems)
            or word in fuzzy
            or any(len(f) >= 3 and f in word and f != word for f in forms)
        )
        if not reached:
            out.append(
                Problem.at(
                    entry.where,
                    "word",
                    f"{entry.word!r} shadows nothing: no stem, typo form or term inside it",
                    "warning",
                )
            )
    return out


def _stems_swallowing(pack: Pack) -> list[Problem]:
    facts = _facts(pack)
    common = [w for word in pack.context.get("function_words", ()) for w in fold(word, facts)]
    out = []
    for term in pack.terms:
        if term.match is not MatchKind.STEM:
            continue
        exceptions = {w for e in term.exceptions for w in fold(e, facts)}
        allow = {w for a in pack.allow for w in fold(a.word, facts)}
        for form in term.forms():
            stem = "".join(fold(form, facts))
            swallowed = sorted(
                w for w in common if w.startswith(stem) and w not in exceptions and w not in allow
            )
            if swallowed:
                out.append(
                    Problem.at(
                        term.where,
                        "term",
                        f"stem {form!r} swallows common words: {', '.join(swallowed[:8])} "
                        "(add them to exceptions)",
                    )
                )
    return out


def _glued(pack: Pack) -> list[Problem]:
    """A ``match = "glued"`` verb is found only with a pronoun of the pack's ``clitics``
    glued to its first word: one no entry fits would never match."""
    facts = _facts(pack)
    rewrites = [clitic_rewrite(c, facts) for c in pack.context.get("clitics", ())]
    out = []
    for term in pack.terms:
        if term.match is not MatchKind.GLUED:
            continue
        firsts = [fold(form, facts)[:1] for form in term.forms()]
        if not any(glued_forms(w[0], rewrites) for w in firsts if w):
            out.append(
                Problem.at(
                    term.where,
                    "match",
                    f"glued verb {term.term!r} takes no pronoun of the pack's clitics "
                    f"({', '.join(pack.context.get('clitics', ())) or 'none listed'})",
                )
            )
    return out


def _compound_heads(pack: Pack) -> list[Problem]:
    """A ``compound_heads`` word is read as the term it is a form of (rule
    ``compound_head``): one that is no form of a one-word term of the pack would never
    make a hit."""
    heads = pack.context.get("compound_heads", ())
    if not heads:
        return []
    facts = _facts(pack)
    forms = {
        "".join(fold(form, facts))
        for term in pack.terms
        if term.match is MatchKind.WORD
        for form in term.forms()
    }
    path = Path(str(pack.path)) / "context.toml"
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    start = next((n for n, line in enumerate(lines) if line.startswith("compound_heads")), 0)

    def line_of(word: str) -> int:
        quoted = f'"{word}"'
        found = (n for n in range(start, len(lines)) if quoted in lines[n])
        return next(found, start) + 1

    out = []
    for i, word in enumerate(heads):
        if "".join(fold(word, facts)) not in forms:
            out.append(
                Problem(
                    str(path),
                    line_of(word),
                    f"compound_heads[{i}]",
                    f"{word!r} is no form of a one-word term of this pack",
                )
            )
    return out


def _phrases(pack: Pack) -> list[Problem]:
    facts = _facts(pack)
    out = []
    for term in pack.terms:
        if term.match is not MatchKind.PHRASE:
            continue
        # A phrase's glued spelling ("tagueule" for "ta gueule") is a variant that is
        # one token; only a term that is one token itself should be a word.
        head_is_phrase = len(fold(term.term, facts)) >= 2 or "-" in term.term
        for form in term.forms():
            tokens = fold(form, facts)
            if len(tokens) < 2 and "-" not in form and not head_is_phrase:
                # A hyphenated word is one token that also matches spelled apart
                # ("casse-toi", "casse toi"), so "phrase" is fine for it.
                out.append(
                    Problem.at(
                        term.where,
                        "match",
                        f'phrase {form!r} is a single token: use match = "word"',
                        "warning",
                    )
                )
            if any(t.startswith(("@", "#", "http")) or "*" in t for t in tokens):
                out.append(
                    Problem.at(
                        term.where,
                        "term",
                        f"phrase {form!r} can never match: it holds a mention, hashtag, URL "
                        "or masked token",
                    )
                )
    return out


def _benign_contexts(pack: Pack) -> list[Problem]:
    """A ``benign_context`` entry that can never count: it folds to no token (a symbol
    the normaliser drops), or it is one of the term's own forms (the match itself is no
    sign of its benign sense; an entry of several words counts only whole, see
    docs/lexicon-format.md)."""
    facts = _facts(pack)
    out = []
    for term in pack.terms:
        forms = {tuple(fold(form, facts)) for form in term.forms()}
        for i, entry in enumerate(term.benign_context):
            tokens = tuple(fold(entry, facts))
            if not tokens or (len(tokens) > 1 and tokens in forms):
                why = "folds to no token" if not tokens else "is the term itself"
                out.append(
                    Problem.at(
                        term.where,
                        f"benign_context[{i}]",
                        f"{entry!r} can never count: it {why}",
                        "warning",
                    )
                )
    return out


def _messages(folder: Path) -> list[Problem]:
    from nudge.prompts import PromptKind, load_catalogue, validate_catalogue

    catalogue = folder / "messages.toml"
    if not catalogue.is_file():
        # Not an error (a pack can score without prompts), but never silent: the prompts
        # for comments in this language would come from another language's catalogue.
        message = "no messages.toml: prompts for this language fall back to another language"
        return [Problem(str(catalogue), None, "messages", message, "warning")]
    problems = [
        Problem(str(catalogue), None, "messages", line) for line in validate_catalogue(catalogue)
    ]
    if not problems:
        cat = load_catalogue(catalogue)
        missing = [k.value for k in PromptKind if not cat.wordings(k)]
        if missing:
            message = (
                f"no wordings for {', '.join(missing)}: these prompts come from the "
                f"fallback catalogue {cat.fallback!r}, in another language"
            )
            problems.append(Problem(str(catalogue), None, "messages", message, "warning"))
    return problems


def _toolkit_files(folder: Path) -> list[Problem]:
    """The quiz, the trusted flaggers and the author notices, when the pack has them."""
    from nudge.notices import validate_notices
    from nudge.quiz import validate_quiz
    from nudge.reports import validate_flaggers

    out = []
    for name, check in (
        ("quiz.toml", validate_quiz),
        ("flaggers.toml", validate_flaggers),
        ("notices.toml", validate_notices),
    ):
        path = folder / name
        if path.is_file():
            out += [Problem(str(path), None, name.removesuffix(".toml"), line)
                    for line in check(path)]  # fmt: skip
    return out


def _examples(pack: Pack) -> list[Problem]:
    from nudge.scorer import Scorer, Severity

    if not pack.examples:
        return []
    scorer = Scorer.load(paths=[pack.path])
    out = []
    for ex in pack.examples:
        a = scorer.score(ex.text)
        ok = a.flagged == ex.flag
        if ok and ex.severity is not None:
            wanted = Severity[ex.severity.upper()]
            ok = a.severity >= wanted if ex.flag else a.severity <= wanted
        if ex.xfail is not None:
            if ok:
                out.append(Problem.at(ex.where, "xfail", f"now passes: remove xfail ({ex.xfail})"))
            continue
        if not ok:
            expected = "flagged" if ex.flag else "not flagged"
            if ex.severity:
                expected += f" (severity {'at least' if ex.flag else 'at most'} {ex.severity})"
            got = f"score {a.score:.2f}, severity {a.severity.name}"
            why = " | ".join(a.reasons) or "no evidence"
            out.append(
                Problem.at(ex.where, "text", f"{ex.text!r} should be {expected}; got {got}: {why}")
            )
    return out


@dataclass(frozen=True, slots=True)
class PackStats:
    """Counts of a pack's entries.

    >>> pack_stats(bundled_packs_root() / "en").by_category["threat"] > 0
    True
    """

    code: str
    terms: int
    forms: int
    by_category: dict[str, int] = field(default_factory=dict)
    by_severity: dict[int, int] = field(default_factory=dict)
    by_match: dict[str, int] = field(default_factory=dict)
    allow: int = 0
    identity: int = 0
    context: dict[str, int] = field(default_factory=dict)
    examples_flag: int = 0
    examples_pass: int = 0

    def render(self) -> str:
        """A plain-text table.

        >>> "terms" in pack_stats(bundled_packs_root() / "en").render()
        True
        """
        lines = [f"pack {self.code}: {self.terms} terms ({self.forms} forms with variants)"]
        lines.append("  by category: " + ", ".join(f"{k} {v}" for k, v in self.by_category.items()))
        lines.append(
            "  by severity: " + ", ".join(f"{k}: {v}" for k, v in self.by_severity.items())
        )
        lines.append("  by match:    " + ", ".join(f"{k} {v}" for k, v in self.by_match.items()))
        lines.append(f"  allow {self.allow}, identity {self.identity}")
        lines.append("  context:     " + ", ".join(f"{k} {v}" for k, v in self.context.items()))
        lines.append(f"  examples:    {self.examples_flag} to flag, {self.examples_pass} to leave")
        return "\n".join(lines)


def pack_stats(path: str | Path) -> PackStats:
    """Count a pack's entries by category, severity and match kind.

    >>> stats = pack_stats("en")
    >>> stats.code, stats.terms > 500, stats.forms >= stats.terms
    ('en', True, True)
    """
    pack = load_pack(Path(path) if Path(path).is_dir() else str(path))
    cats = Counter(t.category.value for t in pack.terms)
    return PackStats(
        code=pack.code,
        terms=len(pack.terms),
        forms=sum(len(t.forms()) for t in pack.terms),
        by_category={c.value: cats.get(c.value, 0) for c in Category},
        by_severity=dict(sorted(Counter(t.severity for t in pack.terms).items())),
        by_match=dict(sorted(Counter(t.match.value for t in pack.terms).items())),
        allow=len(pack.allow),
        identity=len(pack.identity),
        context={k: len(v) for k, v in pack.context.items()},
        examples_flag=sum(1 for e in pack.examples if e.flag),
        examples_pass=sum(1 for e in pack.examples if not e.flag),
    )


_TEMPLATES: Final[dict[str, str]] = {
    "pack.toml": """# Metadata of the pack. See docs/lexicon-format.md for every field.
code = "{code}"
name = "{code} (new pack)"
version = "0.1.0"
licence = "CC-BY-4.0"
maintainers = ["your name"]
# base = "xx"            # for a region variant: the pack it extends
# remove = ["word"]      # for a variant: base terms that do not apply in this region

# Name every public list you consulted, with its licence (no non-commercial lists).
# [[source]]
# name = "My own knowledge"
# licence = "CC-BY-4.0"
# used_for = "all entries"
""",
    "terms.toml": """# The offensive words, phrases and emoji. One [[term]] table each.
# category: {categories}
# severity: 1 mild, 2 clear, 3 severe.

# [[term]]
# term = "example"
# category = "insult"
# severity = 2
# variants = ["examples"]     # plural, feminine, spelling variants
# targeted = false            # true: counts only when aimed at a person or group
# ambiguous = false           # true: has a common benign sense
# benign_context = []         # words that signal the benign sense
# note = "why this entry is here"
""",
    "allow.toml": """# Benign words that an entry would otherwise reach (stems, typos).

# [[allow]]
# word = "scunthorpe"
# protects = "the entry it guards against"
""",
    "identity.toml": """# Words naming groups of people: never offensive alone.
# group: religion, ethnicity, nationality, gender, sexuality, disability, age, other

# [[identity]]
# term = "women"
# variants = ["woman"]
# group = "gender"
""",
    "context.toml": """# Word lists the scorer's context rules read. Keys: {context_keys}
second_person = []
vocatives = []
third_person = []
person_nouns = []
self_reference = []
negators = []
reporting = []
counter_speech = []
intensifiers = []
positive = []
function_words = []
""",
    "messages.toml": """# The nudge prompts in this language (format: docs/prompts.md).
# Until a kind has wordings here, its prompts come from the fallback catalogue, in another language:
# write at least two wordings of every kind (reconsider, guidelines, targeted,
# identity, threat, self_harm_support, repeat, thanks) and the button labels.
locale = "{code}"
fallback = "en"
name = "{code}"
version = "0.1.0"

# [actions]
# edit = "Edit"
# post_anyway = "Post anyway"
# delete = "Delete"
# learn_more = "Learn more"

# [[message]]
# id = "reconsider.ask"
# kind = "reconsider"
# text = "Would you like to reconsider posting this?"
""",
    "tokens.toml": """# Facts of this language the normaliser and the matcher use to cut text into
# words (docs/lexicon-format.md, "tokens.toml"). Every list is optional; write entries
# in lower case, each once, and say in a comment what each is for in this language.
# A scorer uses the union over its loaded packs; a variant adds to its base's.

# Letters that are words on their own: a run of them is never joined into one word
# (English "i am a cat"; a run of other single letters, "f u c k", is joined).
standalone_letters = []

# Endings after a number that make it an ordinal or a unit, not leetspeak ("1st").
ordinal_suffixes = []

# Elided forms, without the apostrophe: French "qu" reads "qu'un" as "qu'" + "un".
elisions = []

# Endings that make a noun possessive (English "'s"): the matcher also tries the noun.
possessive_suffixes = []

# Plural endings of nouns: an insult aimed at people in the plural targets a group.
plural_endings = []

# The letters a mask ("*") may hide, one a string, most frequent first: the fillings
# tried for a masked letter ("massiv*scumbags", "h*trd").
mask_letters = []

# Letters of the alphabet that are not accented forms of another letter (Spanish "ñ":
# "moño" is not "mono"): a term written without one is not found on a word that has it.
distinct_letters = []

# Whether the language writes every noun with a capital (German: "ein Haufen Idioten"):
# then two Title-case words side by side are no proper name, and the scorer's
# proper-name rule stands down for this language. A boolean; false when left out.
nouns_capitalised = false
""",
    "examples.toml": """# The pack's own regression corpus: sentences to flag and to leave alone.

# [[example]]
# text = "a sentence that must be flagged"
# flag = true
# reason = "why"
""",
}


def new_pack(code: str, dest: str | Path = "lexicons") -> Path:
    """Create ``dest/code/`` with commented templates of every pack file.

    >>> import tempfile
    >>> folder = new_pack("es", tempfile.mkdtemp())
    >>> sorted(p.name for p in folder.iterdir())
    ['allow.toml', 'context.toml', 'examples.toml', 'identity.toml', 'messages.toml',
     'pack.toml', 'terms.toml', 'tokens.toml']
    >>> [p.level for p in validate_pack(folder)]
    ['warning']
    """
    if not code or "/" in code or code.startswith("."):
        raise LexiconError(f"not a pack code: {code!r}", field="code")
    folder = Path(dest) / code
    if folder.exists():
        raise LexiconError(f"{folder} already exists", path=str(folder))
    folder.mkdir(parents=True)
    for name, template in _TEMPLATES.items():
        text = template.format(
            code=code,
            categories=", ".join(c.value for c in Category),
            context_keys=", ".join(CONTEXT_KEYS),
        )
        (folder / name).write_text(text, encoding="utf-8")
    return folder
