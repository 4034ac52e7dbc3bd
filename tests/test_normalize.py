"""Properties and unit tests of the normaliser (``nudge.normalize``).

The data-driven table of obfuscated and benign forms lives in
``tests/cases/normalize_cases.toml`` (see ``tests/test_normalize_cases.py``).
"""

from __future__ import annotations

import dataclasses
import sys
import unicodedata
from collections import UserString

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from strategies import (
    any_text,
    ascii_obfuscated_text,
    english_prose,
    obfuscated_text,
)

from nudge.normalize import (
    STEPS,
    NormalizeConfig,
    Normalized,
    TokenKind,
    _ascii_needs_work,
    normalize,
    replay,
)

STEP_NAMES = list(STEPS)

PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

configs = st.builds(NormalizeConfig, **{name: st.booleans() for name in STEP_NAMES})


def _is_invisible(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat in ("Cf", "Cs") or (cat == "Cc" and ch not in "\t\n\r")


# ------------------------------------------------------------------ properties


@PROPERTY
@given(any_text())
def test_never_raises_on_any_str(text: str) -> None:
    n = normalize(text)
    assert isinstance(n, Normalized)
    assert n.original == text
    assert isinstance(n.text, str)
    assert set(n.steps) <= set(STEP_NAMES)


@PROPERTY
@given(any_text(), configs)
def test_never_raises_with_any_config(text: str, config: NormalizeConfig) -> None:
    n = normalize(text, config)
    assert set(n.steps) <= set(config.enabled())
    n.tokens()
    n.words()


@PROPERTY
@given(st.one_of(any_text(), obfuscated_text()))
def test_idempotent(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once


@PROPERTY
@example("1d10t")  # leading digit counted against letters only: 1diot, then idiot
@example("3l1t3")  # 3lit3, then elit3
@example("@aaa")  # @aa (a mention), then aa
@example("a\u0455\u0300")  # Cyrillic dze + grave: as̀ (accents ran before homoglyphs), then as
@example("f.u.\u0441.k")  # Cyrillic с joined after homoglyphs ran: fuсk, then fuck
@example("FUUuuCK")  # ASCII fast path misses the mixed-case run: fuuuuck, then fuuck
@example("@@A\x0b@A")  # the pure-Python core gave @@aa, then aa (fixed by the Rust port)
@example("g a s 0$")  # joined after leet ran: gaso$, then gasos (a second round)
@example("f@z-d.o.v")  # f@z-dov, then faz-dov
@example("@\u0195\u0149")  # ƕŉ folded after leet ran: @hv'n, then ahv'n
@example("p l z'\u0107\U0001f602")  # ć folded after split_letters ran: p l z'c, then plz'c
@given(any_text())
def test_idempotent_everywhere(text: str) -> None:
    once = normalize(text).text
    assert normalize(once).text == once


def test_leading_leet_run_counts_the_letters_decoded_inside_the_word() -> None:
    # "@@a@a": the inner "@" is decoded first ("@@aaa", squeezed to "@@aa"), so the
    # leading "@@" stands before two letters and is decoded too, in one pass.  The
    # pure-Python core counted the letters before decoding the inner run and gave
    # "@@aa", which a second pass turned into "aa".
    once = normalize("@@A\x0b@A")
    assert once.text == "aa"
    assert normalize(once.text).text == once.text


@PROPERTY
@given(any_text())
def test_every_char_maps_back_monotonically(text: str) -> None:
    n = normalize(text)
    previous = 0
    for i in range(len(n.text)):
        start, end = n.to_original(i, i + 1)
        assert 0 <= start <= end <= len(text)
        assert start >= previous
        previous = start
    assert n.to_original(0, len(n.text))[0] >= 0
    assert n.to_original(len(n.text), len(n.text)) == (len(text), len(text))


@PROPERTY
@given(any_text())
def test_no_invisible_character_survives_outside_emoji(text: str) -> None:
    n = normalize(text)
    emoji_spans = [(t.start, t.end) for t in n.tokens() if t.kind is TokenKind.EMOJI]
    for i, ch in enumerate(n.text):
        if _is_invisible(ch):
            assert any(a <= i < b for a, b in emoji_spans), (i, ch, n.text)


@PROPERTY
@given(english_prose())
def test_plain_english_prose_is_unchanged(text: str) -> None:
    n = normalize(text)
    assert n.text == text
    assert n.steps == ()
    assert n.words() == text.split(" ")
    for tok in n.tokens():
        assert (tok.orig_start, tok.orig_end) == (tok.start, tok.end)


@PROPERTY
@given(any_text())
def test_replay_reproduces_the_text(text: str) -> None:
    n = normalize(text)
    again = replay(n)
    assert again.text == n.text
    assert again.original == text


@PROPERTY
@given(any_text(), configs)
def test_replay_reproduces_the_text_under_any_config(text: str, config: NormalizeConfig) -> None:
    n = normalize(text, config)
    assert replay(n).text == n.text


@PROPERTY
@given(any_text())
def test_tokens_lie_inside_the_original_in_order(text: str) -> None:
    n = normalize(text)
    last_start = last_end = 0
    for tok in n.tokens():
        assert 0 <= tok.start < tok.end <= len(n.text)
        assert 0 <= tok.orig_start <= tok.orig_end <= len(text)
        assert tok.start >= last_end
        assert tok.orig_start >= last_start
        last_start, last_end = tok.orig_start, tok.end
        assert all(tok.start <= i < tok.end for i in tok.stretched)
        if tok.kind is TokenKind.EMOJI:
            assert tok.text.startswith(":")
            assert tok.text.endswith(":")
        else:
            assert tok.text == n.text[tok.start : tok.end]


@PROPERTY
@given(any_text(), configs)
def test_words_are_the_token_texts(text: str, config: NormalizeConfig) -> None:
    n = normalize(text, config)
    assert n.words() == [t.text for t in n.tokens()]


@PROPERTY
@given(ascii_obfuscated_text())
def test_ascii_fast_path_agrees_with_the_pipeline(text: str) -> None:
    # A leading zero-width space forces the full pipeline; the invisible step removes it.
    fast = normalize(text)
    slow = normalize("\u200b" + text)
    assert slow.text == fast.text
    assert [t.text for t in slow.tokens()] == [t.text for t in fast.tokens()]


@pytest.mark.parametrize(
    "text",
    [
        "FUUuuCK", "@@a", "a!!a", "3ncule", "$hit", "a$$", "sh**", "f*ck", "sh#t", "b@d",
        "x@y.com", "@ss", "$1t", "f u c k", "#a b c", "I'm a b c", "t.co/x1y2 @bob12",
        "\x01@bob", "http://a\x02b.com", "@bob_!x", "@bob$$", "f*@bob", "@bob@ss",
    ],
)  # fmt: skip
def test_ascii_fast_path_known_gaps(text: str) -> None:
    assert normalize(text).text == normalize("\u200b" + text).text


@pytest.mark.parametrize(
    "text",
    [
        "2nd 3rd 8th", "the 70s", "15mins", "7pm", "2k", "ios8 str8", "#election2014",
        "$100", "*stupid*", "nemen!", "alt+f4", "5'10", "@mleew17 hi", "I'm a cat",
    ],
)  # fmt: skip
def test_ascii_fast_path_takes_numbers_and_emphasis(text: str) -> None:
    # Ordinals, units, prices and hashtags look like leet to a coarse probe, but the
    # pipeline leaves them alone, so they must not cost a trip through it.
    assert not _ascii_needs_work(text, text.lower())
    assert normalize(text).text == text.lower() == normalize("\u200b" + text).text


def test_one_megabyte_of_mixed_content_completes() -> None:
    # Not timed: a quadratic step would make this test visibly slow, not fail it.
    chunk = (
        "Салют 🖕🏽 👨\u200d👩\u200d👧 2019 c0nn4rd f.u.c.k z\u0351\u0352\u0353algo "
        "l'école https://example.com \u200bfuuuuck ｆｕｃｋ #tag @bob sh#t 10:30 "
    )
    text = (chunk * (1_000_000 // len(chunk) + 1))[:1_000_000]
    n = normalize(text)
    assert n.original == text
    assert "connard" in n.text
    assert len(n.text) > 0
    n.to_original(0, len(n.text))


def _profile_events(text: str) -> int:
    """Python and C calls made while normalising ``text``: a deterministic cost measure."""
    count = 0

    def profiler(frame: object, event: str, arg: object) -> None:
        nonlocal count
        count += 1

    normalize(text)  # warm the caches first
    sys.setprofile(profiler)
    try:
        normalize(text)
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("unit", ["a1", "aaa@", "b!"])
def test_long_leet_word_costs_linear_work(unit: str) -> None:
    # Counted, not timed: four times the input must cost about four times the calls.
    small = _profile_events(unit * 200)
    large = _profile_events(unit * 800)
    assert large < 6 * small


# ------------------------------------------------------------------ to_original


def test_to_original_identity_on_the_fast_path() -> None:
    n = normalize("Hello world")
    assert n.text == "hello world"
    assert n.to_original(6, 11) == (6, 11)
    assert n.to_original(3, 3) == (3, 3)


def test_to_original_skips_removed_characters() -> None:
    n = normalize("con\u200bnard")
    assert n.text == "connard"
    assert n.to_original(0, 7) == (0, 8)
    assert n.to_original(3, 4) == (4, 5)
    assert n.to_original(2, 3) == (2, 3)


def test_to_original_expanding_character_maps_to_its_source() -> None:
    n = normalize("ﬁn")  # one ligature becomes two letters
    assert n.text == "fin"
    assert n.to_original(0, 1) == (0, 1)
    assert n.to_original(1, 2) == (0, 1)
    assert n.to_original(2, 3) == (1, 2)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("halt´s Maul", "halt's maul"),
        ("T´es qu´un", "t'es qu'un"),
        ("ﬁ´ﬁ", "fi'fi"),  # NFKC still runs on either side of it
    ],
)
def test_acute_accent_typed_for_an_apostrophe_is_one(text: str, folded: str) -> None:
    # NFKC alone would make ``´`` a space and a combining acute, cutting the word.
    n = normalize(text)
    assert n.text == folded
    at = folded.index("'")
    assert n.original[slice(*n.to_original(at, at + 1))] == "´"
    assert "nfkc" not in normalize("halt´s").steps


def test_to_original_through_split_letters() -> None:
    n = normalize("you f.u.c.k!")
    assert n.text == "you fuck!"
    assert n.to_original(4, 8) == (4, 11)
    assert n.original[slice(*n.to_original(4, 8))] == "f.u.c.k"


def test_to_original_empty_spans() -> None:
    n = normalize("\u200bab")
    assert n.text == "ab"
    assert n.to_original(1, 1) == (2, 2)
    assert n.to_original(2, 2) == (3, 3)


@pytest.mark.parametrize("span", [(-1, 1), (0, 99), (2, 1)])
def test_to_original_rejects_spans_outside_the_text(span: tuple[int, int]) -> None:
    n = normalize("con\u200bnard")
    with pytest.raises(IndexError, match="outside the text"):
        n.to_original(*span)


# ------------------------------------------------------------------ input types


@pytest.mark.parametrize(
    ("value", "type_name"),
    [
        (b"bytes", "bytes"),
        (42, "int"),
        (None, "NoneType"),
        (["a"], "list"),
        (UserString("a"), "UserString"),
    ],
)
def test_non_str_raises_type_error_naming_the_type(value: object, type_name: str) -> None:
    with pytest.raises(TypeError, match=rf"expects str, got {type_name}$"):
        normalize(value)  # type: ignore[arg-type]


def test_str_subclass_is_accepted_as_plain_str() -> None:
    class Comment(str):
        pass

    n = normalize(Comment("B1TCH"))
    assert n.text == "bitch"
    assert type(n.original) is str


@pytest.mark.parametrize("text", ["", " ", "\n", "\x00", "\ud800", "\u200b\u200b"])
def test_degenerate_inputs(text: str) -> None:
    n = normalize(text)
    assert n.tokens() == ()
    assert n.words() == []


# ------------------------------------------------------------------ config

# One (input, text with every step on, text with only this step off) per step.
STEP_EFFECTS: dict[str, tuple[str, str, str]] = {
    "invisible": ("con\u200bnard", "connard", "con\u200bnard"),
    "nfkc": ("𝐟𝐮𝐜𝐤", "fuck", "𝐟𝐮𝐜𝐤"),
    "casefold": ("Connard", "connard", "Connard"),
    # Latin letters lose their marks in the accents step too: use Cyrillic to see Zalgo.
    "zalgo": ("мир\u0300\u0301\u0302", "мир", "мир\u0300\u0301\u0302"),
    "leet": ("b1tch", "bitch", "b1tch"),
    "masks": ("sh#t", "sh*t", "sh#t"),
    "split_letters": ("f.u.c.k", "fuck", "f.u.c.k"),
    "homoglyphs": ("\u0455hit", "shit", "\u0455hit"),
    "accents": ("pétasse", "petasse", "pétasse"),
    "stretched": ("fuuuuck", "fuuck", "fuuuuck"),
    "emoji": ("va te 🖕🏽", "va te 🖕🏽", "va te 🖕🏽"),
}


def test_step_effect_table_covers_every_step() -> None:
    assert list(STEP_EFFECTS) == STEP_NAMES


@pytest.mark.parametrize("step", STEP_NAMES)
def test_switching_a_step_off_removes_its_effect(step: str) -> None:
    text, folded, unfolded = STEP_EFFECTS[step]
    on = normalize(text)
    off = normalize(text, dataclasses.replace(NormalizeConfig(), **{step: False}))
    assert on.text == folded
    assert step in on.steps
    assert off.text == unfolded
    assert step not in off.steps
    if step == "emoji":
        # The emoji step changes no text: it decides whether emoji become tokens.
        assert [t.text for t in on.tokens()] == ["va", "te", ":middle_finger:"]
        assert [t.text for t in off.tokens()] == ["va", "te"]
        assert off.words() == ["va", "te"]


def test_every_step_can_be_switched_off_on_the_ascii_fast_path() -> None:
    off = NormalizeConfig.only()
    assert normalize("Hello World", off).text == "Hello World"
    assert normalize("Hello World", NormalizeConfig(casefold=False)).steps == ()


def test_only_enables_just_the_named_steps() -> None:
    cfg = NormalizeConfig.only("leet", "casefold")
    assert cfg.enabled() == ("casefold", "leet")  # pipeline order, not argument order
    assert normalize("B1TCH f.u.c.k", cfg).text == "bitch f.u.c.k"


def test_only_with_no_names_turns_everything_off() -> None:
    cfg = NormalizeConfig.only()
    assert cfg.enabled() == ()
    n = normalize("C0NN\u200bARD 🖕", cfg)
    assert n.text == "C0NN\u200bARD 🖕"
    assert n.steps == ()


def test_default_config_enables_every_step_in_pipeline_order() -> None:
    assert NormalizeConfig().enabled() == tuple(STEP_NAMES)
    assert {f.name for f in dataclasses.fields(NormalizeConfig)} == set(STEP_NAMES)


@pytest.mark.parametrize("names", [("leeet",), ("leet", "bogus"), ("LEET",), ("",)])
def test_only_rejects_unknown_step_names(names: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="unknown normaliser steps"):
        NormalizeConfig.only(*names)


def test_config_rejects_unknown_keyword() -> None:
    with pytest.raises(TypeError):
        NormalizeConfig(bogus=True)  # type: ignore[call-arg]


def test_config_is_frozen_and_hashable() -> None:
    cfg = NormalizeConfig(leet=False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.leet = True  # type: ignore[misc]
    assert hash(cfg) == hash(NormalizeConfig(leet=False))


def test_steps_name_only_what_changed_in_pipeline_order() -> None:
    n = normalize("Ｔ'ｅｓ  un c0nn4rd\u200b")
    assert n.steps == ("invisible", "nfkc", "casefold", "leet")


# ------------------------------------------------------------------ tokens


def test_token_kinds() -> None:
    n = normalize("@bob #Tag https://x.fr/a mail@x.fr 10:30 l'ami 🖕")
    kinds = [(t.text, t.kind) for t in n.tokens()]
    assert kinds == [
        ("@bob", TokenKind.MENTION),
        ("#tag", TokenKind.HASHTAG),
        ("https://x.fr/a", TokenKind.URL),
        ("mail@x.fr", TokenKind.URL),
        ("10:30", TokenKind.NUMBER),
        ("l'", TokenKind.WORD),
        ("ami", TokenKind.WORD),
        (":middle_finger:", TokenKind.EMOJI),
    ]


def test_token_offsets_point_at_what_was_typed() -> None:
    n = normalize("t'es un c0nn4rd \u200bf.u.c.k")
    by_text = {t.text: n.original[t.orig_start : t.orig_end] for t in n.tokens()}
    assert by_text["connard"] == "c0nn4rd"
    assert by_text["fuck"] == "f.u.c.k"


def test_stretched_marks_on_the_squeezed_letters() -> None:
    (tok,) = normalize("fuuuuck").tokens()
    assert tok.text == "fuuck"
    assert tok.stretched == (1, 2)
    (tok,) = normalize("connnnard").tokens()
    assert (tok.text, tok.stretched) == ("connard", (2, 3))
    assert normalize("connard").tokens()[0].stretched == ()


def test_stretched_marks_ignore_urls() -> None:
    n = normalize("www.x.com biiiitch")
    assert n.text == "www.x.com biitch"
    url, word = n.tokens()
    assert url.stretched == ()
    assert word.stretched == (11, 12)  # the squeezed "ii", not "bi"


@pytest.mark.parametrize("text", ["1990s", "12th", "10pm", "10h30"])
def test_number_followed_by_letters_is_one_token(text: str) -> None:
    assert normalize(text).words() == [text]


def test_elisions_are_split() -> None:
    words = normalize("J'te dis qu'il s'en va jusqu'à l'aube, aujourd'hui").words()
    assert words == [
        "j'", "te", "dis", "qu'", "il", "s'", "en", "va", "jusqu'", "a", "l'", "aube",
        "aujourd'hui",
    ]  # fmt: skip


def test_english_contractions_are_single_tokens() -> None:
    assert normalize("don't you're it's").words() == ["don't", "you're", "it's"]


def test_urls_and_emails_are_not_folded() -> None:
    n = normalize("see https://ex.com/B1tch_aaa?q=4 or b1tch@ex.com")
    assert "https://ex.com/b1tch_aaa?q=4" in n.text
    assert "b1tch@ex.com" in n.text


def test_a_letter_that_opens_an_emoji_stays_in_its_word() -> None:
    # "ℹ" is a letter and an emoji; without NFKC it survives, and an address opening
    # with it is an address, not an emoji (the emoji is only a whole token).
    n = normalize("ℹ ℹabob@x.co", NormalizeConfig(nfkc=False))
    assert n.words() == [":information:", "ℹabob@x.co"]
    assert n.scan()[3] == ["emoji", "url"]
