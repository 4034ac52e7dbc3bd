"""Every bundled language is carried end to end: its pack, its prompts with help lines,
its author notices and its safety quiz (issue #18).  Tested as data: a new language
folder is picked up here with no edit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nudge import PromptChooser, Scorer
from nudge.lexicon import available_packs, load_pack
from nudge.notices import NoticeBook
from nudge.prompts import PromptKind, load_catalogue
from nudge.quiz import load_quiz

BUNDLED = tuple(code for code, where in available_packs().items() if where == "bundled")
LANGUAGES = tuple(code for code in BUNDLED if "-" not in code)


def test_the_bundle_has_its_languages() -> None:
    assert {"en", "fr"} <= set(LANGUAGES)


@pytest.mark.parametrize("code", BUNDLED)
def test_every_pack_has_prompts_with_help_lines_checked(code: str) -> None:
    catalogue = load_catalogue(code)
    assert catalogue.locale == code
    own = {m.kind for m in catalogue.messages}
    if catalogue.fallback is None:
        assert own == set(PromptKind), f"{code}: missing {set(PromptKind) - own}"
    for resource in catalogue.resources:
        assert resource.source.strip() and resource.checked <= date.today()
    pack = load_pack(code)
    if pack.base is None:
        assert catalogue.resources, f"{code}: no support resource"


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_has_notices_and_a_quiz_of_its_own(code: str) -> None:
    assert code in NoticeBook.load().locales
    quiz = load_quiz(code)
    assert quiz.locale == code
    assert len(quiz.questions) >= len(load_quiz("en").questions) // 2


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_loads_alone_and_prompts_in_its_language(code: str) -> None:
    pack = load_pack(code)
    flagged = next(e.text for e in pack.examples if e.flag and not e.xfail)
    scorer = Scorer.load([code])
    assessment = scorer.score(flagged)
    assert assessment.flagged and assessment.language == code
    prompt = PromptChooser.load().choose(assessment, key="k")
    assert prompt is not None and prompt.locale == code


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_folder_named_like_a_locale_does_not_shadow_it(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An app's own "es/" folder in the working directory is not the "es" catalogue.
    (tmp_path / code).mkdir()
    (tmp_path / code / "messages.toml").write_text('locale = "zz"\n', encoding="utf-8")
    (tmp_path / code / "quiz.toml").write_text('locale = "zz"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_catalogue(code).locale == code
    assert load_quiz(code).locale == code
