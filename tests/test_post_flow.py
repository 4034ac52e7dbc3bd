"""The complete post flow (issue #13, item 5): post anyway, allow-listed authors, notices
for held or rejected comments, the Community Guidelines button."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from nudge.errors import ConfigError, InputError, LexiconError, PromptError
from nudge.notices import NoticeBook, validate_notices
from nudge.policies import (
    Action,
    AllowList,
    BlockList,
    Comment,
    Context,
    FilterAll,
    KeywordFilter,
    OffensiveFilter,
    PolicyChain,
    RelationshipNudge,
    Restrict,
    policy_from_config,
    to_config,
)
from nudge.prompts import Action as Button
from nudge.prompts import ChooserConfig, Outcome, PromptChooser, PromptKind

RUDE = Comment("you are such an idiot", "u1", comment_id="c1")
POSTED_ANYWAY = Context(prompt_outcome=Outcome.POSTED_ANYWAY)
PACKS = Path(__file__).resolve().parents[1] / "src" / "nudge" / "lexicons"


# ------------------------------------------------------------------ post anyway


@pytest.mark.parametrize("after", [Action.ALLOW, Action.HOLD, Action.HIDE])
def test_posted_anyway_is_not_nudged_again(after: Action) -> None:
    chain = PolicyChain([RelationshipNudge()], after_posted_anyway=after)
    first = chain.decide(RUDE)
    assert first.action is Action.NUDGE and first.prompt is not None
    second = chain.decide(RUDE, POSTED_ANYWAY)
    assert second.action is after and second.prompt is None
    assert second.reasons[-1].startswith("posted anyway after a nudge")
    # other answers (or none) nudge as before
    for outcome in (Outcome.PENDING, Outcome.EDITED, Outcome.WITHDRAWN):
        assert chain.decide(RUDE, Context(prompt_outcome=outcome)).action is Action.NUDGE


def test_posted_anyway_does_not_loosen_a_stricter_policy() -> None:
    chain = PolicyChain([RelationshipNudge(), KeywordFilter(["idiot"], action=Action.REJECT)])
    assert chain.decide(RUDE, POSTED_ANYWAY).action is Action.REJECT


def test_posted_anyway_setting_round_trips_and_is_checked() -> None:
    chain = policy_from_config(
        {"version": 1, "after_posted_anyway": "hide", "policies": [{"type": "relationship_nudge"}]}
    )
    assert chain.after_posted_anyway is Action.HIDE
    assert to_config(chain)["after_posted_anyway"] == "hide"
    assert "after_posted_anyway" not in to_config(PolicyChain([FilterAll()]))
    with pytest.raises(ConfigError, match="after_posted_anyway: must be one of allow, hold, hide"):
        PolicyChain([], after_posted_anyway=Action.REJECT)
    with pytest.raises(InputError, match=r"item 0: context.prompt_outcome: must be one of"):
        PolicyChain([RelationshipNudge()]).decide(
            RUDE,
            Context(prompt_outcome="maybe"),  # type: ignore[arg-type]
        )


# ------------------------------------------------------------------ allow list


def test_allow_listed_author_is_not_nudged_unless_the_creator_says_so() -> None:
    off = PolicyChain([AllowList(["bestie"]), RelationshipNudge()])
    on = policy_from_config(
        {
            "version": 1,
            "policies": [
                {"type": "allow_list", "author_ids": ["bestie"], "nudge": True},
                {"type": "relationship_nudge"},
            ],
        }
    )
    bestie = Comment(RUDE.text, "bestie")
    assert off.decide(bestie).action is Action.ALLOW
    assert on.decide(bestie).action is Action.NUDGE
    assert off.decide(RUDE).action is on.decide(RUDE).action is Action.NUDGE
    assert policy_from_config(to_config(on)) == on
    with pytest.raises(ConfigError, match=r"policies\[0\]\.nudge: must be true or false"):
        policy_from_config({"version": 1, "policies": [{"type": "allow_list", "nudge": "yes"}]})


# ------------------------------------------------------------------ notices


def test_held_and_rejected_comments_carry_a_notice() -> None:
    book = NoticeBook.load(guidelines_url="https://app.example/rules")
    chain = PolicyChain(
        [
            FilterAll(),
            OffensiveFilter(0.5, action=Action.REJECT),
            BlockList(["troll"]),
            Restrict(["ex"]),
        ],
        notices=book,
    )
    held = chain.decide(Comment("nice video", "u1"), Context(locale="fr-CA"))
    assert held.action is Action.HOLD and held.notice is not None
    assert (held.notice.id, held.notice.locale) == ("hold.approval", "fr")
    rejected = chain.decide(Comment("I will kill you", "u1"))
    assert rejected.notice is not None and rejected.notice.id == "reject.guidelines"
    assert rejected.notice.url == "https://app.example/rules"
    blocked = chain.decide(Comment("hi", "troll"))
    assert blocked.notice is not None and blocked.notice.id == "reject.other"
    assert chain.decide(Comment("hi", "ex")).notice is None  # hidden: not told
    assert chain.decide(Comment("hi", "me"), Context(creator_id="me")).notice is None
    assert NoticeBook.load().notice("hold", "offensive_filter", "nl").locale == "en"


@pytest.mark.parametrize("code", ["en", "fr"])
def test_bundled_notices_validate_and_cover_every_action(code: str) -> None:
    assert validate_notices(PACKS / code / "notices.toml") == []
    book = NoticeBook.load()
    for action in ("hold", "reject"):
        assert book.notice(action, "some_future_policy", code) is not None


def test_notice_file_errors(tmp_path: Path) -> None:
    path = tmp_path / "notices.toml"
    path.write_text(
        'locale = "xx"\n[[notice]]\nid = "a"\naction = "hold"\npolicies = ["filter_all"]\n'
        'text = "Wait {author}"\nnext = "ok"\n[[notice]]\nid = "b"\naction = "reject"\n'
        'policies = ["block_list"]\ntext = "No."\nnext = "Sorry."\n',
        encoding="utf-8",
    )
    problems = validate_notices(path)
    assert f"{path}:6: text: notices hold no placeholders (the link is AuthorNotice.url)" in (
        problems
    )
    assert any("needs a fallback notice" in p for p in problems)
    with pytest.raises(LexiconError):
        NoticeBook.load([path])


# ------------------------------------------------------------------ guidelines button


def _assessment(category: str, targeted: bool = False) -> SimpleNamespace:
    match = SimpleNamespace(term="x", category=category, steps=(), targeted=targeted)
    return SimpleNamespace(
        text="x", score=0.9, flagged=True, language="en", threshold=0.5, matches=(match,)
    )


CASES = {
    PromptKind.RECONSIDER: _assessment("profanity"),
    PromptKind.TARGETED: _assessment("insult", targeted=True),
    PromptKind.IDENTITY: _assessment("slur"),
    PromptKind.THREAT: _assessment("threat"),
    PromptKind.SELF_HARM_SUPPORT: _assessment("self_harm"),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_every_prompt_kind_offers_the_guidelines(kind: PromptKind) -> None:
    url = "https://app.example/rules"
    for locale, label in (("en", "Community Guidelines"), ("fr-CA", "Règles communautaires")):
        p = PromptChooser.load(guidelines_url=url).choose(CASES[kind], locale=locale, key="k")
        assert p is not None and p.kind is kind
        buttons = [(a.action, a.label, a.url) for a in p.actions]
        assert buttons[-1] == (Button.GUIDELINES, label, url)
        assert [a.action for a in p.actions].count(Button.GUIDELINES) == 1
    bare = PromptChooser.load().choose(CASES[kind], locale="en", key="k")
    assert bare is not None and Button.GUIDELINES not in {a.action for a in bare.actions}


def test_guidelines_button_is_configurable() -> None:
    chooser = PromptChooser.load(
        guidelines_url="https://x.org/g", config=ChooserConfig(guidelines_button={"threat"})
    )
    threat = chooser.choose(CASES[PromptKind.THREAT], key="k")
    insult = chooser.choose(CASES[PromptKind.TARGETED], key="k")
    assert threat is not None and insult is not None
    assert Button.GUIDELINES in {a.action for a in threat.actions}
    assert Button.GUIDELINES not in {a.action for a in insult.actions}
    assert Button.GUIDELINES not in {a.action for a in chooser.thanks(key="k").actions}
    with pytest.raises(PromptError, match=r"config\.guidelines_button"):
        ChooserConfig(guidelines_button={"nope"})
    with pytest.raises(PromptError, match=r"config\.guidelines_button"):
        ChooserConfig(guidelines_button="threat")  # type: ignore[arg-type]


def test_toolkit_values_pickle() -> None:
    import pickle

    from nudge.quiz import load_quiz
    from nudge.reports import ReportQueue, load_flaggers

    book = NoticeBook.load(guidelines_url="https://x.org/g")
    attempt = load_quiz("fr").start().answer("help.where", 0)
    queue = ReportQueue(untrusted_within=None)
    for value in (book, attempt, load_flaggers(), queue):
        again = pickle.loads(pickle.dumps(value))
        assert again == value
    assert pickle.loads(pickle.dumps(attempt)).result() == attempt.result()
    assert pickle.loads(pickle.dumps(book)).notice("hold", "filter_all") == book.notice(
        "hold", "filter_all"
    )
