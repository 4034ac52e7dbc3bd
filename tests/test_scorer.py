"""The scorer: API, context rules, safety on any input, determinism."""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import any_text

import nudge
from nudge.errors import InputError
from nudge.lexicon import MatchKind, load_pack
from nudge.matcher import Lexicon, compile_packs
from nudge.normalize import normalize
from nudge.scorer import Assessment, Scorer, Severity

SCORER = Scorer.load()


# ----------------------------------------------------------------------- the API


def test_quickstart_example() -> None:
    a = SCORER.score("t'es qu'un b0uffon")
    assert a.flagged
    assert a.language == "fr"
    assert a.severity >= Severity.MEDIUM
    (m,) = a.matches
    assert (m.term, m.text, m.steps, m.targeted) == ("bouffon", "b0uffon", ("leet",), True)
    assert "insult" in a.categories
    assert "aimed at a person" in a.explain()


def test_scunthorpe_sentence_is_left_alone() -> None:
    a = SCORER.score("Scunthorpe United signed a new striker from Essex")
    assert not a.flagged
    assert a.matches == ()


def test_results_are_frozen_and_picklable() -> None:
    a = SCORER.score("you are an idiot")
    with pytest.raises(AttributeError):
        a.score = 0.0  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(a)) == a
    with pytest.raises(AttributeError):
        SCORER._threshold = 0.1  # type: ignore[misc]
    clone = pickle.loads(pickle.dumps(SCORER))
    assert clone.score("you are an idiot") == a


def test_threshold_is_set_at_load_and_validated() -> None:
    strict = SCORER.with_threshold(0.95)
    assert strict.threshold == 0.95
    assert not strict.score("you are an idiot").flagged
    with pytest.raises(ValueError, match="between 0 and 1"):
        Scorer.load(threshold=1.5)


@pytest.mark.parametrize("threshold", [0.0, 0.5])
def test_a_comment_with_no_match_is_judged_like_any_score(threshold: float) -> None:
    # "flagged" is score >= threshold on every path: the quick reject ("xyzzy" holds no
    # word the packs know), the early return after the lookups ("the" starts phrases),
    # and the full path all agree, even at threshold 0.
    scorer = SCORER.with_threshold(threshold)
    for text in ("xyzzy", "the weather", "that was a really dumbass idea"):
        a = scorer.score(text)
        assert a.flagged is (a.score >= threshold), text
        assert (a.severity is not Severity.NONE) is (a.flagged or a.score >= scorer._k.low), text


def test_non_str_raises_input_error_naming_the_type() -> None:
    with pytest.raises(InputError, match="got bytes"):
        SCORER.score(b"idiot")  # type: ignore[arg-type]


def test_score_many_reports_the_bad_item() -> None:
    with pytest.raises(InputError) as info:
        SCORER.score_many(["fine", "also fine", None])  # type: ignore[list-item]
    assert info.value.index == 2
    assert "item 2" in str(info.value)


def test_load_by_path_and_by_code_agree() -> None:
    by_path = Scorer.load(paths=[nudge.lexicon.bundled_packs_root() / "fr"])
    assert by_path.score("sale con").score == Scorer.load(["fr"]).score("sale con").score


def test_from_wordlist_matches_through_the_normaliser() -> None:
    s = Scorer.from_wordlist(["merde", "dirty word"], name="mini")
    assert s.score("M3RDE alors").flagged
    assert s.score("a d-i-r-t-y word").flagged  # split letters are joined first
    assert s.score("what a dirty  word").flagged
    assert not s.score("merdique").flagged


# ---------------------------------------------------------------- context rules

FLAGGED = [
    ("you are such a loser", "second person"),
    ("@sam you're pathetic", "mention"),
    ("espèce de connard", "French vocative"),
    ("kys", "self-harm abbreviation"),
    ("I know where you live", "threat phrase"),
    ("va te pendre", "French self-harm incitement"),
    ("je vais le tuer", "French object pronoun before a threat verb"),
    ("immigrants are vermin", "identity + dehumanisation"),
    ("fuuuuck you", "stretched letters inside a phrase"),
    ("you f*cking idiot", "masked profanity intensifies an insult"),
    ("ѕtupid bitch", "homoglyph"),
    ("bunch of twat's", "a term with a possessive ending and no other trigger"),
]

NOT_FLAGGED = [
    ("an idiotic rule", "not aimed at a person"),
    ("I'm such an idiot", "self-reference"),
    ("you're not stupid", "negation"),
    ("he called me a slut and I cried", "reported speech"),
    ("that was fucking brilliant", "profanity as enthusiasm"),
    ("putain c'est trop beau", "French enthusiasm"),
    ("I am a gay Muslim woman", "identity terms alone"),
    ("les juifs de France", "identity terms alone, French"),
    ("a great tit sang in the garden", "benign sense"),
    ("magna cum laude", "benign sense"),
    ("the pros and cons of the plan", "French term on English text"),
    ("Moby Dick is a long novel", "proper name"),
    ("Il habite à Plessis-lez-Tours.", "a word inside a hyphened place name"),
    ("three people were killed in the crash", "a report, not a threat"),
    ("that was a really dumbass idea", "an insult said of a thing"),
    ("sorry for being such a dickhead yesterday", "self-blame without 'I'"),
]


@pytest.mark.parametrize(("text", "why"), FLAGGED)
def test_flagged(text: str, why: str) -> None:
    a = SCORER.score(text)
    assert a.flagged, f"{why}: {a.explain()}"


@pytest.mark.parametrize(("text", "why"), NOT_FLAGGED)
def test_not_flagged(text: str, why: str) -> None:
    a = SCORER.score(text)
    assert not a.flagged, f"{why}: {a.explain()}"


@pytest.mark.parametrize("text", ["kys", "va te pendre", "I will kill you"])
def test_threats_and_self_harm_are_high(text: str) -> None:
    assert SCORER.score(text).severity is Severity.HIGH


def test_enthusiasm_keeps_its_profanity_low() -> None:
    a = SCORER.score("that was fucking brilliant")
    assert a.matches and a.severity <= Severity.LOW
    assert "enthusiasm" in a.explain()


def test_identity_attack_category() -> None:
    a = SCORER.score("all muslims are filthy rats")
    assert a.flagged
    assert "identity_attack" in a.categories


def test_language_guess_and_forced_language() -> None:
    assert SCORER.score("you are the best").language in (None, "en")
    assert SCORER.score("les gens sont gentils et la vie est belle").language == "fr"
    assert SCORER.score("whatever", lang="fr").language == "fr"


def test_censor_masks_only_matches_and_keeps_length() -> None:
    text = "Hey you stupid b1tch, nice day"
    out = SCORER.censor(text)
    assert len(out) == len(text)
    assert out.startswith("Hey you ")
    assert out.endswith(", nice day")
    assert "b1tch" not in out


# --------------------------------------------------- any input, linear, no crash


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text())
def test_any_text_is_scored_safely(text: str) -> None:
    a = SCORER.score(text)
    assert 0.0 <= a.score <= 1.0
    assert a.flagged == (a.score >= SCORER.threshold)
    for m in a.matches:
        assert 0 <= m.start <= m.end <= len(text)
        assert m.text == text[m.start : m.end]
    assert len(SCORER.censor(text)) == len(text)


@settings(max_examples=40, deadline=None)
@given(st.lists(any_text(), min_size=2, max_size=12))
def test_threads_answer_as_one_thread(texts: list[str]) -> None:
    alone = [SCORER.score(t) for t in texts]
    assert SCORER.score_many(texts, workers=2) == alone
    with ThreadPoolExecutor(max_workers=3) as pool:
        assert list(pool.map(SCORER.score, texts)) == alone


@settings(max_examples=200, deadline=None)
@given(any_text())
def test_the_compiled_scan_keeps_tokens_inside_the_text(text: str) -> None:
    n = normalize(text)
    scan = SCORER.lexicon.scan(n)
    assert len(scan.words) == len(scan.starts) == len(scan.entries) == len(scan.steps)
    for a, b in zip(scan.starts, scan.ends, strict=True):
        assert 0 <= a < b <= len(n.text)
        start, end = n.to_original(a, b)
        assert 0 <= start <= end <= len(text)


@settings(max_examples=60, deadline=None)
@given(st.lists(any_text(), max_size=6), st.randoms())
def test_batch_order_does_not_change_assessments(texts: list[str], rnd: object) -> None:
    alone = [SCORER.score(t) for t in texts]
    shuffled = list(range(len(texts)))
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    batch = SCORER.score_many([texts[i] for i in shuffled])
    for pos, i in enumerate(shuffled):
        assert batch[pos] == alone[i]


def test_compiled_core_is_a_cache_left_out_of_pickles() -> None:
    texts = ["you are an idiot", "ta gueule connard", "lovely day for a walk", "f*ck this"]
    fresh = Scorer(compile_packs([load_pack("en"), load_pack("fr")]), SCORER.packs)
    assert fresh.lexicon._core is not None  # built once, for the scorer
    assert [fresh.score(t) for t in texts] == [SCORER.score(t) for t in texts]
    clone = pickle.loads(pickle.dumps(fresh.lexicon))
    assert clone._core is None and clone == fresh.lexicon
    assert Scorer(clone, SCORER.packs).score(texts[0]) == SCORER.score(texts[0])


def test_no_match_categories_are_immutable_and_compare_as_a_dict() -> None:
    a, b = SCORER.score("lovely day"), SCORER.score("you idiot")
    for categories in (a.categories, b.categories):
        with pytest.raises(TypeError):
            categories["insult"] = 1.0  # type: ignore[index]
    assert a.categories == {} and dict(b.categories) == b.categories
    assert pickle.loads(pickle.dumps(b)) == b


def test_workers_give_the_same_answers_in_the_same_order() -> None:
    texts = ["you are an idiot", "ta gueule", "lovely day", "k y s", "🖕", ""] * 50
    one = SCORER.score_many(texts)
    assert SCORER.score_many(texts, workers=2) == one
    assert SCORER.score_many(iter(texts), workers=3) == one
    with pytest.raises(ValueError, match="workers"):
        SCORER.score_many(texts, workers=0)


def test_same_assessment_from_any_thread() -> None:
    texts = ["you are an idiot", "ta gueule", "lovely day", "k y s", "🖕"] * 40
    expected = [SCORER.score(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(SCORER.score, texts))
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\ud800\udfff\ud800",
        "Z̷̡̢̛a̵l̴g̵o̶ " * 200,
        "\u202eevil\u202c\u2066you idiot\u2069",
        "\x00" * 1000,
        "🖕" * 5000,
        "a " * 100_000,
        "b1tch " * 20_000,
    ],
)
def test_hostile_inputs(text: str) -> None:
    a = SCORER.score(text)
    assert isinstance(a, Assessment)
    assert 0.0 <= a.score <= 1.0


# --------------------------------------------- every term matches itself, obfuscated

_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
_CYRILLIC = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "y": "у"}


def _obfuscations(word: str) -> dict[str, str]:
    out = {"itself": word, "upper": word.upper()}
    inner = range(1, len(word) - 1)
    leet = next((i for i in inner if word[i] in _LEET), None)
    if leet is not None:
        out["leet"] = word[:leet] + _LEET[word[leet]] + word[leet + 1 :]
    glyph = next((i for i in range(len(word)) if word[i] in _CYRILLIC), None)
    if glyph is not None and len(word) > 1:
        out["homoglyph"] = word[:glyph] + _CYRILLIC[word[glyph]] + word[glyph + 1 :]
    if len(word) >= 3:
        out["split"] = " ".join(word)
    stretch = next((i for i, c in enumerate(word) if c.isalpha()), None)
    if stretch is not None:
        out["stretched"] = word[:stretch] + word[stretch] * 4 + word[stretch + 1 :]
    return out


def _single_word_forms(lex: Lexicon) -> list[tuple[str, str]]:
    forms = []
    for code in ("en", "fr"):
        for term in load_pack(code).terms:
            if term.match is MatchKind.STEM:
                continue
            for form in term.forms():
                folded = nudge.normalize(form).words()
                if len(folded) == 1 and folded[0].isalpha() and folded[0].isascii():
                    forms.append((term.term, folded[0]))
    return forms


LEX = compile_packs([load_pack("en"), load_pack("fr")])
FORMS = _single_word_forms(LEX)


def test_every_term_matches_itself_and_its_obfuscations() -> None:
    failures = []
    for term, form in FORMS:
        for how, text in _obfuscations(form).items():
            if how == "split" and any(len(p) > 1 for p in text.split()):
                continue
            found = {f.term.term for f in LEX.find(text)}
            if term not in found:
                failures.append(f"{term!r} not found in {how} form {text!r}")
    assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} in all)"


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(FORMS), st.sampled_from(["itself", "upper", "leet", "homoglyph", "stretched"])
)
def test_random_term_random_obfuscation(pair: tuple[str, str], how: str) -> None:
    term, form = pair
    text = _obfuscations(form).get(how, form)
    assert term in {f.term.term for f in LEX.find(f"well {text} then")}


def test_phrases_with_a_gap() -> None:
    assert SCORER.score("I will cut your filthy throat").severity is Severity.HIGH
    assert SCORER.score("I want to end those people's lives").flagged
    # Targeted and meant: a gap phrase in a report or without a victim does not count.
    assert not SCORER.score("the end of life care was good").flagged
    assert not SCORER.score("we cut the cake and threw the throat lozenges away").flagged
