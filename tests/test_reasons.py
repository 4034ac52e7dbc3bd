"""explain()'s lines rendered from the rules' structured records with the phrasing of
``_data/reasons.toml`` (issue #12 item 3): the bundled phrasing gives the lines the
scorer has always given, and a bad phrasing file is an error naming file, line and key.
"""

from __future__ import annotations

import pickle
from importlib import resources

import pytest

from nudge import _reasons
from nudge.errors import LexiconError
from nudge.scorer import Scorer

BUNDLED = resources.files("nudge").joinpath("_data/reasons.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (
            "I'm such an idiot",
            (
                "idiot (insult, severity 1) \"idiot\" at 12-17: aimed at a person ('such an'); "
                'intensified; about the author themself ("i\'m") x0.2 -> evidence 0.46',
                "language: en",
            ),
        ),
        (
            "he called me a slut",
            (
                "slut (insult, severity 3) \"slut\" at 15-19: aimed at a person ('he'); "
                "about the author themself ('me'); reported speech ('called') x0.03 "
                "-> evidence 0.12",
                # Read as English since round 33 (`he` and `me` vote for it).
                "language: en",
            ),
        ),
    ],
)
def test_the_lines_read_as_before(scorer: Scorer, text: str, lines: tuple[str, ...]) -> None:
    # Lines recorded from the scorer before the phrasing moved into reasons.toml (since
    # round 32 a target phrase is named whole: 'such an', the pack's marker, not 'such').
    assert scorer.score(text).reasons == lines


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("espèce de connard", "'espece de'"),
        ("bande de connards", "'bande de'"),
        ("T'es qu'un bouffon", "\"t'es qu'un\""),
        ("you people are idiots", "'you people'"),
        ("you are such an idiot", "'you'"),
    ],
)
def test_a_target_phrase_is_named_whole(scorer: Scorer, text: str, marker: str) -> None:
    # A marker of several words gives each of its words its roles; the note names the
    # pack's phrase, not its first word alone (a single word stays a single word).
    (line, *_) = scorer.score(text).reasons
    assert f"aimed at a person ({marker})" in line


def test_a_vetoed_match_is_ignored_with_its_note(scorer: Scorer) -> None:
    reasons = scorer.score("the year 1488 was long ago").reasons
    vetoed = [r for r in reasons if r.endswith("-> ignored")]
    assert vetoed and all("a number here, not a code ('year')" in r for r in vetoed)


def test_a_threat_by_its_structure_names_its_parts(scorer: Scorer) -> None:
    a = scorer.score("I will find you and hurt you")
    assert any(
        "a threat by its structure (intent 'i will', harm 'hurt', person 'you')" in r
        for r in a.reasons
    ), a.reasons


def test_assessments_with_reasons_pickle_and_compare(scorer: Scorer) -> None:
    a = scorer.score("you are a fucking idiot")
    assert pickle.loads(pickle.dumps(a)) == a
    assert isinstance(a.reasons, tuple) and all(isinstance(r, str) for r in a.reasons)


def test_a_lone_surrogate_in_what_was_typed_stays_in_the_line(scorer: Scorer) -> None:
    # A str may hold one; UTF-8 cannot: such a line is handed over as code points.
    a = scorer.score("you i\ud800d\ud800iot")
    assert a.reasons[0].startswith('idiot (insult, severity 1) "i\ud800d\ud800iot" at 4-11 ')


def test_the_bundled_phrasing_parses() -> None:
    assert _reasons.phrasing_from(BUNDLED, "reasons.toml") is not None


def _bad(old: str, new: str) -> LexiconError:
    assert old in BUNDLED
    with pytest.raises(LexiconError) as err:
        _reasons.phrasing_from(BUNDLED.replace(old, new, 1), "reasons.toml")
    return err.value


def _line_of(key: str) -> int:
    return next(k for k, line in enumerate(BUNDLED.splitlines(), 1) if line.startswith(key))


def test_an_unknown_field_names_file_line_and_key() -> None:
    e = _bad("negated = 'negated ({word})'", "negated = 'negated ({whom})'")
    assert (e.path, e.line, e.field) == ("reasons.toml", _line_of("negated ="), "notes.negated")
    assert e.message == "unknown field {whom}"


def test_a_field_of_another_template_is_refused() -> None:
    e = _bad("ignored = ' -> ignored'", "ignored = ' -> {evidence}'")
    assert (e.line, e.field) == (_line_of("ignored ="), "line.ignored")


def test_a_missing_note_is_named() -> None:
    e = _bad("counter_speech = 'counter-speech'\n", "")
    assert (e.field, e.message) == ("notes.counter_speech", "missing")


def test_an_unknown_key_a_non_string_and_a_lone_brace_are_named() -> None:
    assert _bad("profanity = 'profanity'", "profanities = 'x'").field == "notes.profanities"
    e = _bad("profanity = 'profanity'", "profanity = 3")
    assert (e.line, e.field) == (_line_of("profanity ="), "notes.profanity")
    assert "expected a string" in e.message
    assert _bad("intensifier = 'intensified'", "intensifier = 'in}'").field == "notes.intensifier"


def test_no_table_and_bad_toml_are_named() -> None:
    with pytest.raises(LexiconError) as err:
        _reasons.phrasing_from("[notes]\n", "reasons.toml")
    assert str(err.value) == "reasons.toml: [line]: missing table"
    with pytest.raises(LexiconError, match="not valid TOML"):
        _reasons.phrasing_from("[line\n", "reasons.toml")
