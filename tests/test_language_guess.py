"""The language guess across six loaded languages (docs/scoring.md, "Language").

en and fr (bundled) are loaded beside the guess-only packs of ``tests/fixtures/guess``
(es, de, it, pt: about 150 function words each). A one-line comment is read in its
language; a weak or tied guess keeps every candidate language active, so the guess
never costs recall; a code-mixed comment keeps the terms of each of its languages.
The comments below were written for these tests.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from strategies import any_text

from nudge import Scorer
from nudge.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
GUESS = ROOT / "tests" / "fixtures" / "guess"
EXTRA = ("es", "de", "it", "pt")


@cache
def _six() -> Scorer:
    return Scorer.load(["en", "fr"], paths=[GUESS / code for code in EXTRA])


@cache
def _two() -> Scorer:
    return Scorer.load(["en", "fr"])


ONE_LINERS = {
    "pt": [
        "Você é um otário",
        "Eu não aguento mais essa gente",
        "Os políticos são todos iguais",
        "Isso não é normal",
        "Vamos embora daqui agora",
        "Ela nunca fala com ninguém",
        "O que você quer de mim?",
        "Tudo bem com vocês?",
    ],
    "es": [
        "Eres un imbécil",
        "Los políticos son todos iguales",
        "Yo no soy como ellos",
        "¿Qué quieres de mí?",
        "Ella nunca habla con nadie",
        "Ya está bien, hombre",
    ],
    "it": [
        "Sei proprio uno stronzo",
        "Questa gente non capisce niente",
        "Gli stranieri sono tutti uguali",
        "Che cosa vuoi da me?",
        "Lei non parla mai con nessuno",
        "Dell'uomo non so niente",
    ],
    "de": [
        "Du bist ein Arschloch",
        "Ich kann das nicht glauben",
        "Die Politiker sind alle gleich",
        "Was willst du von mir?",
    ],
    "fr": ["Les gens sont comme ça", "Je ne sais pas quoi dire"],
    "en": [
        "You are such an idiot",
        "What do you want from me?",
        # Short comments whose only English function words are pronouns and negations:
        # `i` is also an Italian article, and these were read as Italian.
        "i hate you bitch",
        "You dumb cunt.",
        "i swear she's a total bitch",
        "they are all animals",
    ],
}
SAMPLES = [(lang, text) for lang, texts in ONE_LINERS.items() for text in texts]


@pytest.mark.parametrize(("lang", "text"), SAMPLES)
def test_a_one_line_comment_is_read_in_its_language(lang: str, text: str) -> None:
    best, active = _six().guess_language(text)
    assert best == lang
    assert lang in active


@pytest.mark.parametrize("text", ONE_LINERS["pt"])
def test_portuguese_is_not_read_as_spanish_or_italian(text: str) -> None:
    best, active = _six().guess_language(text)
    assert best not in {"es", "it"}
    assert "pt" in active


def test_a_word_many_languages_share_weighs_less_than_one_only_portuguese_has() -> None:
    # `os` (Portuguese and Spanish), `que` (four languages): `você` is Portuguese only.
    best, active = _six().guess_language("os que você")
    assert (best, active) == ("pt", ("pt",))


def test_a_weak_guess_keeps_every_loaded_language() -> None:
    # The Italian article `i` is the English pronoun too: half a vote is no guess to
    # switch English off on.
    scorer = _six()
    _, active = scorer.guess_language("I hate women")
    assert active == scorer.languages
    assert scorer.score("I hate women").flagged


def test_a_tie_no_word_list_breaks_names_no_language() -> None:
    # o, de, e, no: every one of them Spanish and Portuguese once accents are folded.
    best, active = _six().guess_language("O lugar de eles é no bairro")
    assert best is None or best == "pt"
    assert {"es", "pt"} <= set(active)


def test_with_two_languages_a_tie_goes_to_the_word_lists() -> None:
    # `got` is English, `on` French; the English list knows the other words.
    assert _two().guess_language("got ya tip toeing on my hardwood floors")[0] == "en"


def test_no_function_word_is_no_guess() -> None:
    assert _six().guess_language("Scunthorpe") == (None, _six().languages)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Você é um otário, you stupid bitch", {"otário", "bitch"}),
        ("Eres un imbécil und ein Arschloch", {"imbécil", "Arschloch"}),
        ("Sei uno stronzo, t'es qu'un connard", {"stronzo", "connard"}),
    ],
)
def test_a_code_mixed_comment_keeps_every_languages_terms(text: str, terms: set[str]) -> None:
    a = _six().score(text)
    assert a.flagged
    assert terms <= {m.term for m in a.matches}


def test_an_extra_pack_keeps_the_catches_of_english_and_french() -> None:
    for text in ["you are such an idiot", "t'es qu'un gros con", "You will die a horrible death"]:
        assert _two().score(text).flagged
        assert _six().score(text).flagged


def test_guess_language_refuses_a_non_string() -> None:
    with pytest.raises(InputError):
        _six().guess_language(42)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(any_text())
def test_any_text_gets_a_guess_among_the_active_languages(text: str) -> None:
    best, active = _six().guess_language(text)
    assert active
    assert set(active) <= set(_six().languages)
    assert best is None or best in active


def _benchmark() -> ModuleType:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("benchmarks.language_guess")


def test_the_benchmark_measures_a_small_data_folder(tmp_path: Path) -> None:
    rows = [
        {"text": "Você é um otário", "label": 1, "lang": "pt"},
        {"text": "Odeio gays", "label": 1, "lang": "pt"},
        {"text": "Eres un imbécil", "label": 1, "lang": "es"},
        {"text": "Ik haat vrouwen", "label": 1, "lang": "nl"},
    ]
    (tmp_path / "mhc_multi").mkdir()
    with (tmp_path / "mhc_multi" / "data.jsonl").open("w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in rows)
    result = _benchmark().run(argparse.Namespace(data=tmp_path, lexicons=None))
    by_lang = {s["language"]: s for s in result["sets"]}
    assert set(by_lang) == {"pt", "es"}
    assert (by_lang["pt"]["comments"], by_lang["pt"]["right"], by_lang["pt"]["unnamed"]) == (
        2,
        1,
        1,
    )
    assert by_lang["es"]["not_active"] == 0
    assert result["sources"]["de"] == "tests/fixtures/guess/de"


def test_the_benchmark_takes_the_packs_a_folder_holds(tmp_path: Path) -> None:
    (tmp_path / "it").mkdir()  # no pack.toml: the fixture stays
    scorer, sources = _benchmark().load_scorer(tmp_path)
    assert scorer.languages == ("en", "fr", "es", "de", "it", "pt")
    assert sources["it"] == "tests/fixtures/guess/it"


def test_the_benchmark_says_so_without_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _benchmark().main(["--data", str(tmp_path / "absent")]) == 0
    assert "nothing measured" in capsys.readouterr().out
