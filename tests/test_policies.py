"""Tests of nudge.policies: unit tests with a fake scorer, scenario tables, properties,
configuration round-trips and errors, and integration with the real scorer."""

from __future__ import annotations

import doctest
import threading
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import FrozenInstanceError, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nudge.errors import ConfigError, InputError
from nudge.policies import (
    Action,
    AllowList,
    BlockList,
    Comment,
    Context,
    Decision,
    FilterAll,
    KeywordFilter,
    Limits,
    OffensiveFilter,
    Policy,
    PolicyChain,
    Relationship,
    RelationshipNudge,
    Restrict,
    policy_from_config,
    to_config,
)
from nudge.prompts import AuthorHistory
from nudge.scorer import Assessment, Severity

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "tests" / "cases" / "policy_scenarios.toml"
DOCS = ROOT / "docs" / "policies.md"


# ----------------------------------------------------------------------- fakes


def assessment(text: str, score: float = 0.0, **categories: float) -> Assessment:
    """A real Assessment with the given score and category scores."""
    return Assessment(
        text=text,
        score=score,
        flagged=score >= 0.5,
        severity=Severity.HIGH if score >= 0.8 else Severity.NONE,
        categories=dict(categories),
        language="en",
        matches=(),
        reasons=(),
        threshold=0.5,
    )


@dataclass
class FakeScorer:
    """Scores from a table (text -> (score, categories)); counts its calls."""

    table: dict[str, tuple[float, dict[str, float]]] = field(default_factory=dict)
    calls: list[list[str]] = field(default_factory=list)

    def score_many(self, texts: Sequence[str]) -> list[Assessment]:
        self.calls.append(list(texts))
        out = []
        for t in texts:
            score, cats = self.table.get(t, (0.0, {}))
            out.append(assessment(t, score, **cats))
        return out


@dataclass
class FakeChooser:
    calls: list[tuple[Any, ...]] = field(default_factory=list)

    def choose(
        self,
        assessment: Any,
        locale: str | None = None,
        history: Any = None,
        key: str | None = None,
    ) -> Any:
        self.calls.append((assessment.text, locale, history, key))
        return f"prompt:{locale}"


def c(text: str, author: str = "u1", **kw: Any) -> Comment:
    return Comment(text, author_id=author, thread_id="v1", **kw)


NOW = datetime(2030, 1, 5, 12, tzinfo=UTC)


# --------------------------------------------------------------------- values


def test_values_are_frozen() -> None:
    with pytest.raises(FrozenInstanceError):
        c("x").text = "y"  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        FilterAll().label = "z"  # type: ignore[misc]
    with pytest.raises(TypeError):
        OffensiveFilter(categories={"threat": Action.HOLD}).categories["slur"] = Action.HIDE  # type: ignore[index]


def test_action_ranks_are_the_documented_order() -> None:
    assert [a.value for a in sorted(Action, key=lambda a: a.rank)] == [
        "allow",
        "nudge",
        "hold",
        "hide",
        "reject",
    ]


# ------------------------------------------------------------------- policies


def test_filter_all_holds_everything_but_the_creator() -> None:
    ctx = Context(creator_id="me")
    assert FilterAll().decide(c("hello"), ctx).action is Action.HOLD
    mine = FilterAll().decide(c("hello", "me"), ctx)
    assert mine.action is Action.ALLOW
    assert mine.reasons == ("the creator's own comment",)


def test_creator_id_on_the_chain() -> None:
    chain = PolicyChain([FilterAll()], creator_id="me")
    assert chain.decide(c("x", "me")).action is Action.ALLOW
    assert chain.decide(c("x", "you")).action is Action.HOLD


def test_offensive_filter_threshold_and_categories() -> None:
    scorer = FakeScorer(
        {
            "mild": (0.4, {"insult": 0.4}),
            "insult": (0.6, {"insult": 0.6}),
            "threat": (0.9, {"threat": 0.9}),
            "slur+threat": (0.95, {"threat": 0.7, "slur": 0.95}),
            "swear": (0.7, {"profanity": 0.7}),
            "mixed": (0.6, {"insult": 0.3, "threat": 0.3}),
        }
    )
    f = OffensiveFilter(
        0.5,
        action=Action.HIDE,
        categories={"threat": Action.HOLD, "slur": Action.REJECT, "profanity": Action.ALLOW},
    )
    chain = PolicyChain([f], scorer=scorer)
    got = {t: chain.decide(c(t)).action.value for t in scorer.table}
    assert got == {
        "mild": "allow",
        "insult": "hide",
        "threat": "hold",
        "slur+threat": "reject",
        "swear": "allow",
        "mixed": "hide",  # score over threshold, no single category: the most restrictive
    }
    d = chain.decide(c("threat"))
    assert d.policy == "offensive_filter"
    assert d.assessment is not None and d.assessment.score == 0.9
    assert "threat" in d.reasons[0]


def test_precomputed_assessment_skips_the_scorer() -> None:
    scorer = FakeScorer()
    chain = PolicyChain([OffensiveFilter(0.5)], scorer=scorer)
    d = chain.decide(c("whatever"), assessment=assessment("whatever", 0.8, insult=0.8))
    assert d.action is Action.HIDE
    assert scorer.calls == []


def test_keyword_filter_folds_obfuscation() -> None:
    kw = KeywordFilter(["bitch", "Connard", "go back to", "f*ck"], emoji=["🐍"])
    hits = [
        "you b1tch",
        "BITCH",
        "biiiiitch",
        "b.i.t.c.h",
        "c0nn4rd",
        "ＣＯＮＮＡＲＤ",
        "go back to your country",
        "🐍",
        "sn🐍ke 🐍🏿",
        "f*ck",
    ]
    # "*" in the creator's own entry is a literal, not a wildcard
    misses = ["fuck", "bitchy? no: bitchin", "go back home", "back to go", "snake", "ok", ""]
    for text in hits:
        assert kw.match(text) is not None, text
        assert kw.decide(c(text)).action is Action.HIDE, text
    for text in misses:
        assert kw.match(text) is None, text


def test_keyword_filter_masked_comment_tokens() -> None:
    kw = KeywordFilter(["bitch"])
    assert kw.match("you b*tch") == "bitch"
    assert kw.match("you b**ch") == "bitch"
    assert kw.match("you b*tc") is None  # a different length


def test_keywords_are_literal_data_not_patterns() -> None:
    kw = KeywordFilter([".*", "a+b", "(x|y)", "[abc]"])
    assert kw.match("anything at all") is None
    assert kw.match("x") is None
    assert kw.match("a") is None


@pytest.mark.parametrize(
    ("words", "emoji", "path"),
    [
        (["ok", ""], [], "words[1]"),
        (["ok", "   "], [], "words[1]"),
        (["!!!"], [], "words[0]"),
        (["ok", 3], [], "words[1]"),
        ([], ["🐍", "snake"], "emoji[1]"),
        ([], [""], "emoji[0]"),
    ],
)
def test_bad_keywords_are_refused_with_their_index(
    words: list[Any], emoji: list[Any], path: str
) -> None:
    with pytest.raises(ConfigError) as err:
        KeywordFilter(words, emoji=emoji)
    assert err.value.path == path


def test_keyword_filter_reads_no_scorer() -> None:
    scorer = FakeScorer()
    PolicyChain([KeywordFilter(["x"]), FilterAll()], scorer=scorer).decide_many([c("x")] * 3)
    assert scorer.calls == []


def test_block_list_and_context_flag() -> None:
    bl = BlockList(["troll"])
    assert bl.decide(c("hi", "troll")).action is Action.REJECT
    assert bl.decide(c("hi", "u1")).action is Action.ALLOW
    blocked = Context(relationship=Relationship(blocked=True))
    assert bl.decide(c("hi", "u1"), blocked).action is Action.REJECT
    assert BlockList(use_context=False).decide(c("hi"), blocked).action is Action.ALLOW


def test_restrict_hides() -> None:
    r = Restrict(["ex"])
    d = r.decide(c("hey", "ex"))
    assert (d.action, d.policy) == (Action.HIDE, "restrict")
    restricted = Context(relationship=Relationship(restricted=True))
    assert r.decide(c("hey"), restricted).action is Action.HIDE


def test_duplicate_or_empty_author_ids_are_refused() -> None:
    with pytest.raises(ConfigError) as err:
        BlockList(["a", "b", "a"])
    assert err.value.path == "author_ids[2]"
    with pytest.raises(ConfigError) as err:
        AllowList(["a", " "])
    assert err.value.path == "author_ids[1]"
    with pytest.raises(ConfigError):
        Restrict("abc")


def test_allow_list_skips_filters_and_nudges_not_sanctions() -> None:
    scorer = FakeScorer({"rude": (0.9, {"insult": 0.9})})
    policies: list[Policy] = [
        FilterAll(),
        KeywordFilter(["rude"]),
        OffensiveFilter(0.5),
        Limits(),
        RelationshipNudge(),
    ]
    chain = PolicyChain([AllowList(["friend"]), *policies], scorer=scorer)
    d = chain.decide(c("rude", "friend"))
    assert d.action is Action.ALLOW  # filters skipped, and not nudged (issue #13)
    assert d.policy == "allow_list"
    # ... unless the creator keeps the nudge for them
    keep = PolicyChain([AllowList(["friend"], nudge=True), *policies], scorer=scorer)
    assert keep.decide(c("rude", "friend")).action is Action.NUDGE
    assert keep.decide(c("rude", "stranger")).action is Action.HIDE
    assert chain.decide(c("nice", "friend")).policy == "allow_list"
    assert PolicyChain([AllowList(["x"]), BlockList(["x"])]).decide(c("a", "x")).action is (
        Action.REJECT
    )


def test_limits_until_and_clock() -> None:
    until = datetime(2030, 1, 8, tzinfo=UTC)
    clock_now = [datetime(2030, 1, 1, tzinfo=UTC)]
    lim = Limits(until=until, clock=lambda: clock_now[0])
    assert lim.decide(c("x")).action is Action.HIDE
    clock_now[0] = until
    assert lim.decide(c("x")).action is Action.ALLOW
    # Context.now wins over the clock
    assert lim.decide(c("x"), Context(now=NOW)).action is Action.HIDE
    # No end date: until switched off
    assert Limits(clock=lambda: datetime(2999, 1, 1, tzinfo=UTC)).decide(c("x")).action is (
        Action.HIDE
    )


def test_limits_followers_and_new_accounts() -> None:
    lim = Limits(non_followers=False, recent_followers_days=3, new_accounts_days=30)

    def ctx(**kw: Any) -> Context:
        return Context(now=NOW, relationship=Relationship(**kw))

    assert lim.decide(c("x"), ctx()).action is Action.ALLOW
    recent = NOW - timedelta(days=1)
    old = NOW - timedelta(days=100)
    assert lim.decide(c("x"), ctx(author_follows_creator=True, followed_at=recent)).action is (
        Action.HIDE
    )
    assert lim.decide(c("x"), ctx(author_follows_creator=True, followed_at=old)).action is (
        Action.ALLOW
    )
    assert lim.decide(c("x"), ctx(author_follows_creator=True)).action is Action.ALLOW
    assert lim.decide(c("x"), ctx(account_age_days=2)).action is Action.HIDE
    with pytest.raises(ConfigError) as err:
        Limits(until=datetime(2030, 1, 1))
    assert err.value.path == "until"
    with pytest.raises(ConfigError) as err:
        Limits(recent_followers_days=0)
    assert err.value.path == "recent_followers_days"


def test_relationship_nudge_bands_and_prompt() -> None:
    scorer = FakeScorer({"meh": (0.6, {"insult": 0.6})})
    chooser = FakeChooser()
    chain = PolicyChain([RelationshipNudge(0.5, 0.8, 0.3)], scorer=scorer, chooser=chooser)
    friends = Relationship(True, True, prior_interactions=10)
    d = chain.decide(
        c("meh", comment_id="c9"),
        Context(relationship=Relationship(), locale="fr", prompt_history=AuthorHistory()),
    )
    assert d.action is Action.NUDGE
    assert cast(object, d.prompt) == "prompt:fr"
    assert chooser.calls == [("meh", "fr", AuthorHistory(), "c9")]
    assert chain.decide(c("meh"), Context(relationship=friends)).action is Action.ALLOW
    assert chain.decide(c("meh"), Context(relationship=friends)).prompt is None


def test_prompt_only_for_nudge() -> None:
    scorer = FakeScorer({"meh": (0.9, {"insult": 0.9})})
    chooser = FakeChooser()
    chain = PolicyChain([RelationshipNudge(), OffensiveFilter(0.5)], scorer=scorer, chooser=chooser)
    d = chain.decide(c("meh"))
    assert d.action is Action.HIDE
    assert d.prompt is None
    assert chooser.calls == []
    assert any(r.startswith("relationship_nudge:") for r in d.reasons)


def test_relationship_nudge_thresholds_must_be_ordered() -> None:
    with pytest.raises(ConfigError) as err:
        RelationshipNudge(threshold=0.5, friends_threshold=0.4)
    assert err.value.path == "friends_threshold"
    with pytest.raises(ConfigError) as err:
        RelationshipNudge(threshold=0.5, strangers_threshold=0.6)
    assert err.value.path == "strangers_threshold"
    with pytest.raises(ConfigError) as err:
        RelationshipNudge(threshold=1.5)
    assert err.value.path == "threshold"


# ---------------------------------------------------------------- the chain


def test_most_restrictive_wins_and_ties_go_to_the_first() -> None:
    chain = PolicyChain(
        [
            KeywordFilter(["a"], action=Action.HOLD, label="first"),
            KeywordFilter(["a"], action=Action.HOLD, label="second"),
            KeywordFilter(["b"], action=Action.REJECT),
            FilterAll(),
        ]
    )
    d = chain.decide(c("a"))
    assert (d.action, d.policy) == (Action.HOLD, "first")
    assert d.reasons[0].startswith("first:")
    # "second" could change neither the action nor who decided: not evaluated
    assert [r.split(":")[0] for r in d.reasons] == ["first", "filter_all"]
    d = chain.decide(c("a b"))
    assert (d.action, d.policy) == (Action.REJECT, "keyword_filter")
    # the order of the policies changes nothing but tie attribution
    rev = PolicyChain(list(reversed(chain.policies)))
    for text in ("a", "b", "a b", "zzz"):
        assert rev.decide(c(text)).action is chain.decide(c(text)).action


def test_scorer_skipped_when_it_cannot_change_the_outcome() -> None:
    scorer = FakeScorer()
    chain = PolicyChain([BlockList(["troll"]), OffensiveFilter(0.5)], scorer=scorer)
    chain.decide_many([c("x", "troll"), c("y", "me"), c("z", "u2")], Context(creator_id="me"))
    assert scorer.calls == [["z"]]


def test_decide_many_order_count_and_one_scorer_call() -> None:
    scorer = FakeScorer({"bad": (0.9, {"insult": 0.9})})
    chain = PolicyChain([OffensiveFilter(0.5)], scorer=scorer)
    comments = [c("bad" if i % 3 == 0 else f"ok {i}", f"u{i}") for i in range(30)]
    decisions = chain.decide_many(comments)
    assert len(decisions) == 30
    assert [d.action is Action.HIDE for d in decisions] == [i % 3 == 0 for i in range(30)]
    assert len(scorer.calls) == 1
    assert [d.assessment.text for d in decisions if d.assessment] == [x.text for x in comments]


def test_decide_many_contexts() -> None:
    chain = PolicyChain([FilterAll()])
    comments = [c("a", "me"), c("b", "you")]
    got = chain.decide_many(comments, [Context(creator_id="me"), None])
    assert [d.action for d in got] == [Action.ALLOW, Action.HOLD]
    with pytest.raises(InputError):
        chain.decide_many(comments, [None])
    with pytest.raises(InputError) as err:
        chain.decide_many([c("a"), "not a comment"])  # type: ignore[list-item]
    assert err.value.index == 1
    assert chain.decide_many([]) == []


def test_empty_chain_allows() -> None:
    d = PolicyChain([]).decide(c("anything"))
    assert d == Decision(Action.ALLOW, None, ("no policy matched",))


def test_chains_do_not_nest_and_hold_only_policies() -> None:
    with pytest.raises(ConfigError):
        PolicyChain([PolicyChain([])])
    with pytest.raises(ConfigError) as err:
        PolicyChain([FilterAll(), "filter_all"])  # type: ignore[list-item]
    assert err.value.path == "policies[1]"


def test_thread_safety_of_a_shared_chain() -> None:
    chain = PolicyChain([KeywordFilter(["bitch"]), BlockList(["t"]), FilterAll()])
    comments = [c("b1tch" if i % 2 else "hi", "t" if i % 5 == 0 else "u") for i in range(200)]
    expected = chain.decide_many(comments)
    results: list[list[Decision]] = []

    def work() -> None:
        results.append(chain.decide_many(comments))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results) and len(results) == 4


# ------------------------------------------------------------ configuration

FULL_CONFIG: dict[str, Any] = {
    "version": 1,
    "creator_id": "creator",
    "policies": [
        {"type": "allow_list", "author_ids": ["mod"]},
        {"type": "block_list", "author_ids": ["troll"], "use_context": False},
        {"type": "restrict", "author_ids": ["ex"]},
        {"type": "keyword_filter", "words": ["bitch", "go back to"], "emoji": ["🐍"]},
        {"type": "keyword_filter", "words": ["kys"], "action": "reject", "label": "severe"},
        {
            "type": "offensive_filter",
            "threshold": 0.7,
            "categories": {"threat": "hold", "slur": "hide"},
        },
        {
            "type": "limits",
            "recent_followers_days": 7,
            "until": "2030-01-08T00:00:00+00:00",
            "action": "hold",
        },
        {"type": "relationship_nudge", "friends_threshold": 0.9, "strangers_threshold": 0.25},
        {"type": "filter_all"},
    ],
}


def test_full_config_round_trips() -> None:
    chain = policy_from_config(FULL_CONFIG)
    assert to_config(chain) == FULL_CONFIG
    assert chain.to_config() == FULL_CONFIG
    assert policy_from_config(chain.to_config()) == chain


def test_toml_config_with_native_datetime() -> None:
    doc = tomllib.loads(
        'version = 1\n[[policies]]\ntype = "limits"\nuntil = 2030-01-08T00:00:00Z\n'
    )
    chain = policy_from_config(doc)
    lim = chain.policies[0]
    assert isinstance(lim, Limits) and lim.until == datetime(2030, 1, 8, tzinfo=UTC)
    assert to_config(chain)["policies"][0]["until"] == "2030-01-08T00:00:00+00:00"


def _with(path: str, value: Any) -> dict[str, Any]:
    """FULL_CONFIG with one field changed (path like 'policies[5].threshold')."""
    import copy

    doc = copy.deepcopy(FULL_CONFIG)
    target: Any = doc
    parts = path.replace("]", "").replace("[", ".").split(".")
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = parts[-1]
    target[int(last) if last.isdigit() else last] = value
    return doc


@pytest.mark.parametrize(
    ("path", "value", "expected_path"),
    [
        ("version", 2, "version"),
        ("version", True, "version"),
        ("creator_id", "", "creator_id"),
        ("policies", {"a": 1}, "policies"),
        ("policies[2]", "restrict", "policies[2]"),
        ("policies[2].type", "shadowban", "policies[2].type"),
        ("policies[2].type", None, "policies[2].type"),
        ("policies[5].threshold", 1.5, "policies[5].threshold"),
        ("policies[5].threshold", -0.1, "policies[5].threshold"),
        ("policies[5].threshold", "high", "policies[5].threshold"),
        ("policies[5].threshold", True, "policies[5].threshold"),
        ("policies[5].action", "delete", "policies[5].action"),
        ("policies[5].categories", ["threat"], "policies[5].categories"),
        ("policies[5].categories.rudeness", "hide", "policies[5].categories.rudeness"),
        ("policies[5].categories.threat", "maybe", "policies[5].categories.threat"),
        ("policies[5].treshold", 0.5, "policies[5].treshold"),
        ("policies[3].words[1]", "  ", "policies[3].words[1]"),
        ("policies[3].words[0]", "", "policies[3].words[0]"),
        ("policies[3].words[1]", "?!", "policies[3].words[1]"),
        ("policies[3].words", "bitch", "policies[3].words"),
        ("policies[3].emoji[0]", "snake", "policies[3].emoji[0]"),
        ("policies[0].author_ids[0]", 42, "policies[0].author_ids[0]"),
        ("policies[1].use_context", "no", "policies[1].use_context"),
        ("policies[6].until", "next tuesday", "policies[6].until"),
        ("policies[6].until", "2030-01-08T00:00:00", "policies[6].until"),
        ("policies[6].recent_followers_days", -3, "policies[6].recent_followers_days"),
        ("policies[7].friends_threshold", 0.1, "policies[7].friends_threshold"),
        ("policies[7].min_friendly_interactions", 1.5, "policies[7].min_friendly_interactions"),
        ("policies[8].label", 7, "policies[8].label"),
        ("extra", 1, "extra"),
    ],
)
def test_config_errors_name_the_path(path: str, value: Any, expected_path: str) -> None:
    with pytest.raises(ConfigError) as err:
        policy_from_config(_with(path, value))
    assert err.value.path == expected_path
    assert str(err.value).startswith(expected_path + ": ")


def test_config_error_message_example() -> None:
    doc = _with("policies[2]", {"type": "offensive_filter", "threshold": 3})
    with pytest.raises(ConfigError, match=r"^policies\[2\]\.threshold: must be between 0 and 1"):
        policy_from_config(doc)


def test_config_must_be_a_mapping() -> None:
    with pytest.raises(ConfigError):
        policy_from_config([])  # type: ignore[arg-type]
    with pytest.raises(ConfigError) as err:
        policy_from_config({"policies": []})
    assert err.value.path == "version"


# ----------------------------------------------------------- the scenarios


def _scenarios() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    doc = tomllib.loads(SCENARIOS.read_text(encoding="utf-8"))
    out = []
    for s in doc["scenario"]:
        assert s.get("reason"), f"scenario {s['name']!r} has no reason"
        for i, case in enumerate(s["case"]):
            out.append((f"{s['name']} #{i}: {case['reason']}", s, case))
    return out


def _relationship(raw: Mapping[str, Any] | None) -> Relationship | None:
    if raw is None:
        return None
    fields = dict(raw)
    if "followed_at" in fields:
        fields["followed_at"] = datetime.fromisoformat(fields["followed_at"])
    return Relationship(**fields)


@pytest.mark.parametrize(
    ("scenario", "case"), [(s, c) for _, s, c in _scenarios()], ids=[i for i, _, _ in _scenarios()]
)
def test_scenario(scenario: dict[str, Any], case: dict[str, Any]) -> None:
    assert case.get("reason"), "every case says why"
    scorer = FakeScorer({case["text"]: (case.get("score", 0.0), case.get("categories", {}))})
    chain = policy_from_config(scenario["config"], scorer=scorer, chooser=FakeChooser())
    assert to_config(chain) == scenario["config"]
    now = datetime.fromisoformat(scenario["now"]) if "now" in scenario else None
    ctx = Context(now=now, relationship=_relationship(case.get("relationship")))
    d = chain.decide(Comment(case["text"], case["author"], "thread"), ctx)
    assert d.action.value == case["expect"], (case["reason"], d.reasons)
    if "policy" in case:
        assert (d.policy or "") == case["policy"], (case["reason"], d.reasons)
    # the batch path agrees with the single path
    [batch] = chain.decide_many([Comment(case["text"], case["author"], "thread")], [ctx])
    assert batch.action is d.action


# ---------------------------------------------------------------- properties

ids = st.sampled_from(["a", "b", "c", "me", "mod", "troll"])
actions = st.sampled_from(list(Action))
thresholds = st.floats(0, 1, allow_nan=False)
texts = st.sampled_from(["hi", "b1tch", "go back to", "🐍", "kys now", "meh", ""]) | st.text(
    max_size=30
)
relationships = st.none() | st.builds(
    Relationship,
    author_follows_creator=st.booleans(),
    creator_follows_author=st.booleans(),
    followed_at=st.none() | st.just(NOW - timedelta(days=2)),
    account_age_days=st.none() | st.floats(0, 1000),
    prior_interactions=st.integers(0, 10),
    blocked=st.booleans(),
    restricted=st.booleans(),
)
contexts = st.builds(
    Context,
    creator_id=st.none() | st.just("me"),
    relationship=relationships,
    now=st.just(NOW),
)


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    kind = draw(st.sampled_from(range(8)))
    id_list = draw(st.lists(ids, unique=True, max_size=3))
    if kind == 0:
        return FilterAll()
    if kind == 1:
        cats = draw(st.dictionaries(st.sampled_from(["threat", "slur", "insult"]), actions))
        return OffensiveFilter(draw(thresholds), draw(actions), cats)
    if kind == 2:
        return KeywordFilter(
            draw(st.lists(st.sampled_from(["bitch", "go back to", "kys", "snake"]), max_size=3)),
            emoji=draw(st.lists(st.sampled_from(["🐍", "🤡"]), max_size=2)),
            action=draw(actions),
        )
    if kind == 3:
        return AllowList(id_list)
    if kind == 4:
        return BlockList(id_list, use_context=draw(st.booleans()))
    if kind == 5:
        return Restrict(id_list, use_context=draw(st.booleans()))
    if kind == 6:
        days = draw(st.none() | st.integers(1, 30))
        return Limits(draw(st.booleans()), days, until=draw(st.none() | st.just(NOW)))
    t = draw(st.floats(0.2, 0.6))
    return RelationshipNudge(t, draw(st.floats(t, 1)), draw(st.floats(0, t)))


chains = st.builds(PolicyChain, st.lists(policies(), max_size=6))
comments = st.builds(Comment, texts, ids, st.just("v1"))
scores = st.dictionaries(
    st.sampled_from(["hi", "b1tch", "go back to", "🐍", "kys now", "meh", ""]),
    st.tuples(thresholds, st.dictionaries(st.sampled_from(["threat", "slur"]), thresholds)),
)


@settings(max_examples=150, deadline=None)
@given(chains, st.lists(st.tuples(comments, contexts), max_size=12), scores)
def test_every_comment_gets_exactly_one_decision(
    chain: PolicyChain, items: list[tuple[Comment, Context]], table: dict[str, Any]
) -> None:
    scored = PolicyChain(chain.policies, scorer=FakeScorer(table), chooser=FakeChooser())
    decisions = scored.decide_many([x for x, _ in items], [ctx for _, ctx in items])
    assert len(decisions) == len(items)
    for (comment, ctx), d in zip(items, decisions, strict=True):
        assert isinstance(d, Decision) and isinstance(d.action, Action)
        assert d.reasons
        assert d == scored.decide(comment, ctx)


@settings(max_examples=150, deadline=None)
@given(chains, comments, contexts, scores, st.lists(ids, unique=True, max_size=3))
def test_adding_a_block_list_never_loosens(
    chain: PolicyChain, comment: Comment, ctx: Context, table: dict[str, Any], blocked: list[str]
) -> None:
    scorer = FakeScorer(table)
    before = PolicyChain(chain.policies, scorer=scorer).decide(comment, ctx)
    for where in (0, len(chain.policies)):
        policies_ = list(chain.policies)
        policies_.insert(where, BlockList(blocked))
        after = PolicyChain(policies_, scorer=scorer).decide(comment, ctx)
        assert after.action.rank >= before.action.rank
        if before.action is Action.REJECT:
            assert after.action is Action.REJECT


@settings(max_examples=150, deadline=None)
@given(chains, texts, contexts, scores)
def test_the_creators_own_comments_are_never_held(
    chain: PolicyChain, text: str, ctx: Context, table: dict[str, Any]
) -> None:
    scored = PolicyChain(chain.policies, scorer=FakeScorer(table), creator_id="boss")
    d = scored.decide(Comment(text, "boss"), ctx)
    assert d.action is Action.ALLOW
    ctx_me = Context(creator_id="me", relationship=ctx.relationship, now=NOW)
    assert (
        PolicyChain(chain.policies, scorer=FakeScorer(table))
        .decide(Comment(text, "me"), ctx_me)
        .action
        is Action.ALLOW
    )


@settings(max_examples=200, deadline=None)
@given(chains, st.none() | st.just("me"))
def test_config_round_trip(chain: PolicyChain, creator: str | None) -> None:
    chain = PolicyChain(chain.policies, creator_id=creator)
    config = to_config(chain)
    rebuilt = policy_from_config(config)
    assert rebuilt == chain
    assert to_config(rebuilt) == config


# --------------------------------------------------------------- integration


def _real_scorer() -> Any:
    from nudge.scorer import Scorer

    return Scorer.load()


def test_integration_with_the_real_scorer() -> None:
    chain = PolicyChain(
        [
            AllowList(["mod"]),
            BlockList(["troll"]),
            KeywordFilter(["spoiler"]),
            OffensiveFilter(0.8, categories={"threat": Action.HOLD}),
            RelationshipNudge(),
        ],
        scorer=_real_scorer(),
        chooser=FakeChooser(),
    )
    comments = [
        c("what a lovely video"),
        c("t'es qu'un b0uffon"),
        c("you are an idiot"),
        c("SPOILER he dies"),
        c("you are an idiot", "troll"),
    ]
    decisions = chain.decide_many(comments, Context(relationship=Relationship()))
    assert decisions[0].action is Action.ALLOW
    assert decisions[1].action.rank >= Action.NUDGE.rank
    assert decisions[1].assessment is not None and decisions[1].assessment.flagged
    assert decisions[2].action.rank >= Action.NUDGE.rank
    assert decisions[3].action is Action.HIDE
    assert decisions[4].action is Action.REJECT
    assert decisions == [chain.decide(x, Context(relationship=Relationship())) for x in comments]


def test_policy_from_config_with_the_default_scorer() -> None:
    chain = policy_from_config(
        {"version": 1, "policies": [{"type": "offensive_filter", "threshold": 0.5}]}
    )
    d = chain.decide(Comment("t'es qu'un b0uffon", author_id="u1", thread_id="v9"))
    assert d.action is Action.HIDE
    assert d.assessment is not None and d.assessment.language == "fr"


@pytest.mark.shared
def test_davidson_sample_every_comment_decided() -> None:
    path = ROOT.parent / "shared" / "data" / "davidson_en" / "data.jsonl"
    if not path.exists():
        pytest.skip("../shared/data is absent")
    import json

    with path.open(encoding="utf-8") as f:
        rows = [json.loads(next(f))["text"] for _ in range(500)]
    chain = PolicyChain(
        [KeywordFilter(["bitch", "hoe"]), OffensiveFilter(0.7), RelationshipNudge()],
        scorer=_real_scorer(),
    )
    decisions = chain.decide_many([Comment(t, f"u{i}") for i, t in enumerate(rows)])
    assert len(decisions) == 500
    assert sum(d.action is Action.HIDE for d in decisions) > 50


# ---------------------------------------------------------------- the docs


def test_cookbook_examples() -> None:
    if not DOCS.exists():
        pytest.skip("docs/policies.md not written yet")
    result = doctest.testfile(
        str(DOCS),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        verbose=False,
    )
    assert result.attempted > 10
    assert result.failed == 0
