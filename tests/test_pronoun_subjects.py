"""Pronoun subjects where nouns are capitalised (a pack's ``pronoun_subjects``, rule 6 of
issue #18): German ``die`` before a lower-case word is "they", a target for what is said
of it; before an adjective and its capitalised noun, or after a comma (a relative
pronoun), it is not.  And the German exclusion phrases that need such a target."""

from __future__ import annotations

from pathlib import Path

import pytest

import nudge
from nudge.errors import LexiconError
from nudge.lexicon import load_pack
from nudge.validate import new_pack

# "blöd" counts only when aimed: the pronoun is the only target these texts can have.
_TERMS = '[[term]]\nterm = "blöd"\ncategory = "insult"\nseverity = 2\ntargeted = true\n'
_CONTEXT = 'function_words = ["und", "ein", "mit", "haben"]\npronoun_subjects = ["die"]\n'


def _pack(root: Path, code: str, tokens: str, context: str = _CONTEXT) -> Path:
    """A pack made by ``nudge pack new``, with one term, ``tokens`` and ``context``."""
    folder = new_pack(code, root)
    for name, text in (("tokens", tokens), ("terms", _TERMS), ("context", context)):
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


def test_the_pronoun_aims_only_where_nouns_are_capitalised(tmp_path: Path) -> None:
    nouns = nudge.Scorer.load(paths=[_pack(tmp_path, "yy", "nouns_capitalised = true\n")])
    names = nudge.Scorer.load(paths=[_pack(tmp_path, "zz", "")])
    text = "die haben blöd gelacht"
    assert nouns.score(text).flagged
    assert not names.score(text).flagged  # a language that writes nouns in lower case
    assert nouns.lexicon.pronoun_subjects == (("die", "yy"),)
    # An article: before a capitalised noun, or an adjective run ending on one.
    assert not nouns.score("die Kabel sind blöd").flagged
    assert not nouns.score("die alten blöd Kabel").flagged
    # A relative pronoun, after a comma, stands for the noun before it.
    assert not nouns.score("Kabel, die blöd liegen").flagged
    # A function word in the run makes it a verb phrase, whatever follows.
    assert nouns.score("die haben blöd Kabel").flagged


def test_the_list_is_checked_like_the_others(tmp_path: Path) -> None:
    folder = _pack(tmp_path, "qq", "", 'pronoun_subjects = ["die", "die"]\n')
    with pytest.raises(LexiconError, match=r"pronoun_subjects\[1\]: 'die' is already"):
        load_pack(folder)


@pytest.mark.parametrize(
    "text",
    [
        "die haben hier nichts zu suchen",
        "Die haben in unserem Land nichts zu suchen",
        "die braucht hier keiner",
        "solche will hier niemand haben",
        "die sollen sich verpissen",
        "die sind Dreck",  # round 30: predicates aimed only, read through the pronoun
        "diese Leute sind Dreck",
        "die gehören alle ausgewiesen",
        "die sollen dahin zurück, wo sie herkommen",
        "solche sollen zurück in ihr Land",
    ],
)
def test_german_exclusion_aimed_by_the_pronoun(six: nudge.Scorer, text: str) -> None:
    assert six.score(text).flagged, six.score(text).explain()


@pytest.mark.parametrize(
    "text",
    [
        "Die Bahn hat hier nichts zu suchen",  # a noun: no pronoun, no target
        "Fahrräder haben im Flur nichts zu suchen",
        "Wir haben nichts verloren",
        "Die kleinen Kinder sind müde",
        "Das braucht kein Mensch",  # not a listed pronoun ("das" is said of things)
        "die Schuhe sind Dreck",  # "Dreck" said of things: no target
        "die sind voller Dreck, putz die mal",
        "die Kisten sollen zurück ins Lager",
        "Die leeren Flaschen sollen zurück in den Laden",
    ],
)
def test_things_and_articles_are_left_alone(six: nudge.Scorer, text: str) -> None:
    assert not six.score(text).flagged, six.score(text).explain()


@pytest.mark.parametrize(
    ("text", "aimed"),
    [
        # A thing named just before, in the sentence: the pronoun is that thing.
        ("Ich habe nichts gegen vegane Gerichte, aber die meisten sind ziemlich widerlich", False),
        ("Die Äpfel sind verfault, die sind eklig", False),
        ("die Schrauben sind Mist, die gehören entsorgt", False),
        # People or a group named nearer, or the thing in another sentence: "they".
        ("Ich habe nichts gegen Muslime, aber die meisten sind widerlich", True),
        ("Ich habe nichts gegen Tomaten und Leute, aber die sind widerlich", True),
        ("Die Äpfel sind verfault. die sind eklig", True),
    ],
)
def test_a_thing_named_before_the_pronoun(six: nudge.Scorer, text: str, aimed: bool) -> None:
    assert six.score(text).flagged is aimed, six.score(text).explain()
