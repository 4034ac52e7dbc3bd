"""``decide_many`` decides a batch exactly as ``decide`` decides each comment alone.

The batch groups its work (one keyword scan and one scoring call for the whole batch,
verdicts made per policy, notices shared); these tests hold it to the one-at-a-time
answers, field by field (action, policy, reasons, assessment, prompt, notice), on the
packs' own examples and on generated batches.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nudge import policies as pol
from nudge.errors import InputError
from nudge.lexicon import load_pack
from nudge.policies import Action, Comment, Context, Decision, KeywordFilter, Relationship
from nudge.scorer import Scorer
from tests.strategies import comment_texts, policy_contexts

NOW = datetime(2030, 1, 5, tzinfo=UTC)
AUTHORS = ("creator", "friend", "nudged-friend", "troll", "ex", "u1", "u2", "u3")


def chain_of_every_kind(scorer: Scorer) -> pol.PolicyChain:
    """Every policy that reads the text or the score, and the account-level ones, with
    ties between filters (two keyword filters, a keyword and the offensive filter)."""
    return pol.PolicyChain(
        [
            pol.AllowList(["friend"]),
            pol.AllowList(["nudged-friend"], nudge=True, label="close friends"),
            pol.BlockList(["troll"]),
            pol.Restrict(["ex"]),
            KeywordFilter(["idiot", "go ... away", "spoiler"], emoji=["🐍"]),
            KeywordFilter(["connard", "idiot"], action=Action.HOLD, label="mods"),
            KeywordFilter([], label="empty"),
            pol.OffensiveFilter(0.6, categories={"threat": Action.HOLD, "slur": Action.REJECT}),
            pol.Limits(new_accounts_days=3),
            pol.RelationshipNudge(),
        ],
        creator_id="creator",
        scorer=scorer,
    )


def assert_same(batch: Sequence[Decision], alone: Sequence[Decision]) -> None:
    assert len(batch) == len(alone)
    for i, (b, a) in enumerate(zip(batch, alone, strict=True)):
        # Field by field first, for a readable failure; then the whole value.
        for name in ("action", "policy", "reasons", "assessment", "prompt", "notice"):
            assert getattr(b, name) == getattr(a, name), (i, name)
        assert b == a


PACK_TEXTS: tuple[str, ...] = tuple(
    example.text for code in ("en", "fr") for example in load_pack(code).examples
)


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer.load()


def test_pack_examples_batch_equals_one_at_a_time(scorer: Scorer) -> None:
    chain = chain_of_every_kind(scorer)
    comments = [
        Comment(text, AUTHORS[i % len(AUTHORS)], "v1", comment_id=f"c{i}")
        for i, text in enumerate(PACK_TEXTS)
    ]
    ctxs = [
        Context(
            relationship=Relationship(
                author_follows_creator=i % 2 == 0,
                creator_follows_author=i % 3 == 0,
                account_age_days=float(i % 5),
                prior_interactions=i % 4,
            ),
            now=NOW,
        )
        for i in range(len(comments))
    ]
    alone = [chain.decide(c, x) for c, x in zip(comments, ctxs, strict=True)]
    assert_same(chain.decide_many(comments, ctxs), alone)
    assert_same(chain.decide_many(comments, ctxs, workers=2), alone)
    # Every kind of outcome is met, so the comparison above covers them all.
    assert {d.action for d in alone} == set(Action)
    # A decision that carries an assessment carries the scorer's own.
    for c, d in zip(comments, alone, strict=True):
        if d.assessment is not None:
            assert d.assessment == scorer.score(c.text)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(comment_texts(PACK_TEXTS), st.sampled_from(AUTHORS), policy_contexts(NOW)),
        max_size=12,
    )
)
def test_generated_batches_equal_one_at_a_time(
    scorer: Scorer, items: list[tuple[str, str, Context | None]]
) -> None:
    chain = chain_of_every_kind(scorer)
    comments = [
        Comment(text, author, comment_id=str(i)) for i, (text, author, _) in enumerate(items)
    ]
    ctxs = [ctx for _, _, ctx in items]
    alone = [chain.decide(c, x) for c, x in zip(comments, ctxs, strict=True)]
    assert_same(chain.decide_many(comments, ctxs), alone)


@settings(max_examples=30, deadline=None)
@given(st.lists(comment_texts(PACK_TEXTS), max_size=8))
def test_a_keyword_filter_alone_reads_as_match(scorer: Scorer, items: list[str]) -> None:
    kw = KeywordFilter(["idiot", "go ... away", "connard", "f*ck"], emoji=["🐍"])
    decisions = kw.decide_many([Comment(t, "u1") for t in items])
    for text, d in zip(items, decisions, strict=True):
        hit = kw.match(text)
        assert (d.action is Action.HIDE) == (hit is not None)
        if hit is not None:
            assert d.reasons == (f'keyword_filter: matches the keyword "{hit}"',)


def test_workers_must_be_a_positive_int(scorer: Scorer) -> None:
    chain = chain_of_every_kind(scorer)
    for bad in (0, -1, 1.5, True):
        with pytest.raises(InputError, match="workers"):
            chain.decide_many([Comment("hi", "u1")], workers=bad)  # type: ignore[arg-type]


def test_a_batch_makes_each_decision_as_the_dataclass_does() -> None:
    """``policies._decision`` fills a Decision's slots itself: each argument lands in the
    field of its place, the value equals ``Decision(...)`` and stays frozen.  A field
    added to Decision must be added there too: this list says which are filled."""
    names = [f.name for f in dataclasses.fields(Decision)]
    assert names == ["action", "policy", "reasons", "assessment", "prompt", "notice"]
    values = (Action.HOLD, "kw", ("kw: why",), object(), object(), object())
    action, policy, reasons, assessment, prompt, notice = values
    made = pol._decision(
        action, policy, reasons, assessment=assessment, prompt=prompt, notice=notice
    )
    assert type(made) is Decision
    assert [getattr(made, name) for name in names] == list(values)
    assert made == Decision(*values)
    assert pol._decision(Action.ALLOW, None, ("none",)) == Decision(Action.ALLOW, None, ("none",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.action = Action.ALLOW  # type: ignore[misc]
