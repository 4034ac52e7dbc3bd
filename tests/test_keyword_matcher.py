"""The creator's KeywordFilter goes through the packs' compiled matcher (#12 item 4)."""

from __future__ import annotations

import pickle

import pytest

import nudge
from nudge.errors import ConfigError
from nudge.matcher import compile_wordlist
from nudge.policies import Comment, KeywordFilter, policy_from_config


@pytest.mark.parametrize(
    ("entry", "comment"),
    [
        ("bitch", "you b*tch"),  # a mask inside the word
        ("bitch", "you bitc*"),  # a mask at the end
        ("bitch", "you b**ch"),  # two masks
        ("bitch", "biiiiitch"),  # stretched letters
        ("bitch", "that bitch's car"),  # a possessive, as pack terms
        ("bitch", "a sum-bitch"),  # a part of a hyphenated word
        ("bitch", "tea bag a b i t c h"),  # split letters glued to their article
        ("go away", "GO   AWAY"),
        ("go ... away", "go far far away"),  # a gap of up to three words, as in packs
        ("🐍", "🐍🏿"),  # skin tones
        ("connard", "c0nn4rd"),
    ],
)
def test_the_filter_catches_what_pack_terms_catch(entry: str, comment: str) -> None:
    kw = KeywordFilter([entry])
    assert kw.match(comment) == entry
    # The same entry as a word list: the compiled matcher finds it the same way.
    assert [f.term.term for f in compile_wordlist([entry], name="w").find(comment)] == [entry]


@pytest.mark.parametrize(
    ("entry", "comment"),
    [
        ("ass", "first class"),  # whole tokens only
        ("go away", "go far away"),  # a phrase without a gap needs consecutive tokens
        ("go ... away", "go one two three four away"),  # a gap is at most three words
        ("bitch", "btich"),  # no typo forms: a creator's list has no fuzzy option
        ("fool", "f*** up"),  # a mask needs letters to stand beside
        (".*", "anything at all"),  # entries are text, never patterns
    ],
)
def test_the_filter_leaves_alone_what_pack_terms_leave_alone(entry: str, comment: str) -> None:
    assert KeywordFilter([entry]).match(comment) is None


def test_the_first_entry_met_is_named() -> None:
    kw = KeywordFilter(["idiot", "bitch", "you bitch"])
    assert kw.match("bitch, you idiot") == "bitch"
    assert kw.match("you idiot") == "idiot"
    reasons = kw.decide(Comment("you bitch", "u1")).reasons
    assert reasons == ('keyword_filter: matches the keyword "you bitch"',)


def test_config_errors_name_the_entry() -> None:
    with pytest.raises(ConfigError, match=r"^words\[1\]: .*a gap"):
        KeywordFilter(["ok", "... away"])
    with pytest.raises(ConfigError, match=r"^emoji\[0\]: 'x' is not an emoji"):
        KeywordFilter(["ok"], emoji=["x"])
    with pytest.raises(ConfigError, match=r"^words\[0\]: '\.\.\.' normalises to nothing"):
        KeywordFilter(["..."])


def test_an_empty_filter_and_round_trips() -> None:
    assert KeywordFilter().match("anything") is None
    kw = KeywordFilter(["bitch"], emoji=["🐍"])
    again = pickle.loads(pickle.dumps(kw))
    assert again == kw and again.match("b1tch") == "bitch"
    config = {"version": 1, "policies": [{"type": "keyword_filter", "words": ["bitch"]}]}
    policy = policy_from_config(config)
    comment = nudge.Comment(text="biiitch", author_id="u1", thread_id="t")
    assert policy.decide(comment).action.value == "hide"


def test_find_skips_no_text_the_scan_would_answer() -> None:
    # The core skips the scan of a comment no entry can match; a possessive and a word
    # glued to its article by split letters are found all the same.
    lex = nudge.Scorer.load().lexicon
    for text in ["tea bag a b i t c h", "that bitch's car", "a c o n n a r d"]:
        n = nudge.normalize(text)
        scanned = any(e is not None and e.terms for e in lex.scan(n).entries)
        assert scanned and lex.find_in(n), text
