"""tools/inflect_words.py and tools/inflections.toml: the forms added to the general
word lists (issue #18: the Spanish list lacked "quiero", "tiene", "hay", "veces").

The tool's tables are language facts (paradigms, stem-change classes, spelling rules);
these tests read them through the tool and check real forms, right and wrong, and that
the committed lists hold what the tool makes.
"""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from nudge import _vocabulary

ROOT = Path(__file__).resolve().parents[1]


@cache
def _tool() -> ModuleType:
    path = ROOT / "tools" / "inflect_words.py"
    spec = importlib.util.spec_from_file_location("_inflect_words_tool", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@cache
def _table() -> dict[str, Any]:
    return tomllib.loads((ROOT / "tools" / "inflections.toml").read_text(encoding="utf-8"))


def _verb(word: str) -> set[str]:
    """The forms the Spanish tables give ``word`` (as irregulars() or the regular
    conjugation would)."""
    tool, rules = _tool(), _table()["es"]
    for entry in rules["irregular"]:
        if entry["verb"] == word:
            return set(tool.conjugate(word, tool._conjugation(word, rules), rules, entry))
    return set(tool.conjugate(word, tool._conjugation(word, rules), rules))


@pytest.mark.parametrize(
    ("verb", "right", "wrong"),
    [
        # irregular stems by slot
        (
            "tener",
            {"tengo", "tiene", "tienen", "tuvo", "tuvieron", "tendria", "tenga", "tenes"},
            {"teno", "tenio", "tenere", "tena"},
        ),
        (
            "hacer",
            {"hago", "hace", "hizo", "hicieron", "haria", "hecho", "hazlo", "hagalo"},
            {"hazco", "hacio", "hacere"},
        ),
        (
            "decir",
            {"digo", "dice", "dicen", "dijo", "dijeron", "dira", "dicho", "diciendo", "dime"},
            {"decio", "decieron", "deciendo"},
        ),
        (
            "poder",
            {"puedo", "puede", "pueden", "podemos", "pudo", "podra", "pudiendo", "pueda"},
            {"podio", "podiendo", "podere", "poden"},
        ),
        ("saber", {"se", "sabe", "sepa", "supo", "sabra"}, {"sabo", "saba"}),
        ("ir", {"voy", "va", "van", "fue", "fueron", "iba", "vaya", "yendo", "vete"}, set()),
        ("ser", {"soy", "es", "son", "sos", "fue", "era", "sea", "siendo", "sido"}, set()),
        ("haber", {"he", "ha", "han", "hay", "hubo", "habra", "haya", "hubiera"}, set()),
        ("estar", {"estoy", "esta", "estan", "estuvo", "este", "estare", "estate"}, {"esto"}),
        # stem changes and Spanish spelling
        ("pensar", {"pienso", "piensa", "pensamos", "piense", "penso", "pensaria"}, {"pensen"}),
        ("encontrar", {"encuentra", "encuentran", "encontramos", "encontro"}, {"encontren"}),
        (
            "sentir",
            {"siento", "siente", "sintio", "sintieron", "sintiendo", "sintamos"},
            {"sentio", "sentiendo"},
        ),
        ("dormir", {"duerme", "durmio", "durmiendo", "dormimos"}, {"dormio"}),
        ("seguir", {"sigo", "sigue", "siga", "siguio", "siguiendo", "seguimos"}, {"sego", "segua"}),
        ("jugar", {"juego", "juega", "juegue", "jugue", "jugamos"}, {"juge", "jugen"}),
        ("empezar", {"empiezo", "empiece", "empece", "empezamos"}, {"empieze", "empeze"}),
        ("buscar", {"busque", "busquemos", "busco", "buscaria"}, {"busce"}),
        ("conocer", {"conozco", "conozca", "conocio", "conocere"}, {"conoco", "conoca"}),
        (
            "incluir",
            {"incluyo", "incluye", "incluyeron", "incluyendo", "incluimos"},
            {"incluio", "incluiendo"},
        ),
        ("elegir", {"elijo", "elige", "eligio", "elegimos"}, {"elego", "elegio"}),
    ],
)
def test_spanish_verb_forms(verb: str, right: set[str], wrong: set[str]) -> None:
    forms = _verb(verb)
    assert right <= forms, sorted(right - forms)
    assert not wrong & forms, sorted(wrong & forms)


def test_spanish_compounds_and_bound_stems() -> None:
    tool, rules = _tool(), _table()["es"]
    made = tool.irregulars({"contener", "producir", "resolver"}, rules)
    # a compound conjugates as its verb where the lists hold its infinitive ...
    assert {"contiene", "contuvo", "produzco", "produjo", "produjeron", "resuelto"} <= made
    assert {"resuelve", "resolvemos"} <= made
    # ... and not where they do not (no "sostiene" without "sostener")
    assert "sostiene" not in made
    # a bound stem ("ducir") is no verb of its own
    assert "duzco" not in made and "dujo" not in made


def test_spanish_plural_of_final_z() -> None:
    tool, rules = _tool(), _table()["es"]
    made = tool.forms(["vez", "voz", "estupidez", "papel"], [], rules)
    assert {"veces", "voces", "estupideces", "papeles"} <= made
    assert not {"vezes", "vozs"} & made


def test_portuguese_older_spellings() -> None:
    tool, rules = _tool(), _table()["pt"]
    made = tool.respelt(
        ["atual", "atualmente", "reacao", "interativo", "projeto", "ato", "atomo", "educacao"],
        rules,
    )
    assert {"actual", "actualmente", "reaccao", "interactivo", "projecto", "acto"} <= made
    # a word family the Agreement did not touch keeps its spelling
    assert not {"actomo", "educaccao"} & made


def test_committed_lists_hold_the_commonest_forms() -> None:
    # issue #18: none of these was in either Spanish list
    spanish = set(_vocabulary.words("es")) | set(_vocabulary.words("es", _vocabulary.RARE_FILE))
    for word in ("quiero", "tiene", "tienen", "puede", "pueden", "dicen", "siendo", "sido",
                 "hay", "han", "fueron", "hizo", "tuvo", "sea", "va", "encuentra", "veces",
                 "varios"):  # fmt: skip
        assert word in spanish, word
    assert "arded" not in spanish  # no imperative of vosotros (English past tenses)
    portuguese = set(_vocabulary.words("pt")) | set(_vocabulary.words("pt", _vocabulary.RARE_FILE))
    assert {"projecto", "actual", "accao", "objectivo", "direccao"} <= portuguese


def test_second_run_adds_nothing() -> None:
    # the committed rare list is the tool's fixed point (reproducible output)
    tool, rules = _tool(), _table()["pt"]
    frequent = list(_vocabulary.words("pt"))
    rare = set(_vocabulary.words("pt", _vocabulary.RARE_FILE))
    assert tool.closure(frequent, rare, rules) == rare
