"""``Assessment.matches`` of a long comment is built on first read from compact records
(issue #12, worst cases): the tuple is the one built at once, it compares, hashes and
pickles as before, and threads reading it at once all see it."""

from __future__ import annotations

import pickle
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import many_match_texts

from nudge.scorer import Assessment, Match, Scorer

_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_SLOT = Assessment.__dict__["matches"]  # the property; the slot it reads is inside it


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


def _eager(scorer: Scorer, text: str) -> tuple[Match, ...]:
    """The matches as the core's plain tuple answer lists them, made into ``Match``es here."""
    raw = scorer._core.score(text)[5]
    return tuple(
        Match(term, cat, sev, start, end, text[start:end], tuple(steps), aimed, lang, tuple(rules))
        for term, cat, sev, start, end, steps, aimed, lang, rules in raw
    )


def _pending(a: Assessment) -> bool:
    """Whether the matches of ``a`` are still waiting to be built."""
    from nudge.scorer import _MATCHES_SLOT

    return not isinstance(_MATCHES_SLOT.__get__(a, Assessment), tuple)


def test_a_long_comment_leaves_its_matches_pending_until_read(scorer: Scorer) -> None:
    text = "you idiot, connard- 🖕🏿 " * 20
    a = scorer.score(text)
    assert _pending(a)
    found = a.matches
    assert not _pending(a)
    assert a.matches is found  # built once, kept
    assert len(found) >= 16 and found == _eager(scorer, text)
    assert all(isinstance(m, Match) for m in found)


def test_a_short_comment_builds_its_matches_at_once(scorer: Scorer) -> None:
    a = scorer.score("you idiot")
    assert not _pending(a)
    assert a.matches == _eager(scorer, "you idiot")


@_SETTINGS
@given(many_match_texts())
def test_lazily_built_matches_equal_eagerly_built_ones(text: str) -> None:
    scorer = Scorer.load()
    a, b = scorer.score(text), scorer.score_many([text])[0]
    eager = _eager(scorer, text)
    assert a.matches == eager
    assert b.matches == eager
    assert a == b and hash(a) == hash(b)
    assert repr(a) == repr(b)


@_SETTINGS
@given(many_match_texts())
def test_pickling_before_and_after_the_first_read(text: str) -> None:
    scorer = Scorer.load()
    a = scorer.score(text)
    before = pickle.loads(pickle.dumps(a))  # pickling reads the field: builds it
    after = pickle.loads(pickle.dumps(a))
    assert before == after == a
    assert before.matches == after.matches == _eager(scorer, text)
    assert not _pending(before) and not _pending(after)


def _read_at_once(a: Assessment, readers: int) -> list[tuple[Match, ...]]:
    """``a.matches`` read by ``readers`` threads let go at the same moment."""
    start = threading.Barrier(readers)
    seen: list[tuple[Match, ...]] = []

    def read() -> None:
        start.wait()
        seen.append(a.matches)

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return seen


def test_threads_reading_at_once_see_the_same_matches(scorer: Scorer) -> None:
    text = "you idiot, connard- 🖕🏿 sale arabe " * 200
    expected = _eager(scorer, text)
    for _ in range(3):
        a = scorer.score(text)
        assert _pending(a)
        seen = _read_at_once(a, 4)
        assert len(seen) == 4 and all(m == expected for m in seen)
        assert a.matches == expected


def test_the_frozen_assessment_still_refuses_a_new_value(scorer: Scorer) -> None:
    a = scorer.score("you idiot, " * 20)
    with pytest.raises(AttributeError):
        a.matches = ()  # type: ignore[misc]
