"""Tests of nudge.prompts: choosing, escalation, fallback, review of edits, statistics."""

from __future__ import annotations

import doctest
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import MappingProxyType

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nudge.errors import LexiconError, NudgeError, PromptError
from nudge.prompts import (
    DISGUISE_STEPS,
    PLACEHOLDERS,
    Action,
    AuthorHistory,
    CatalogueError,
    ChooserConfig,
    Counts,
    EditVerdict,
    NudgeRecord,
    NudgeStats,
    Outcome,
    Prompt,
    PromptChooser,
    PromptKind,
    Rate,
    load_catalogue,
    validate_catalogue,
    wilson_interval,
)

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
ALL_VALUES = {
    "guidelines_url": "https://example.org/guidelines",
    "helpline": "555-0100",
    "author": "Sam",
}
BRACES = re.compile(r"[{}]")


# --------------------------------------------------------------------------- fakes


@dataclass(frozen=True, slots=True)
class FakeMatch:
    term: str
    category: str
    steps: tuple[str, ...] = ()
    targeted: bool = False
    severity: int = 2
    lang: str = "en"


@dataclass(frozen=True, slots=True)
class FakeAssessment:
    text: str
    flagged: bool
    matches: tuple[FakeMatch, ...] = ()
    language: str | None = "en"
    score: float = 0.9
    threshold: float = 0.5
    categories: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))


def assessed(text: str, *matches: FakeMatch, flagged: bool = True, language: str = "en"):
    return FakeAssessment(text, flagged, matches, language, 0.9 if flagged else 0.1)


INSULT = FakeMatch("idiot", "insult", targeted=False)
TARGETED = FakeMatch("idiot", "insult", targeted=True)
SELF_HARM = FakeMatch("kys", "self_harm")
THREAT = FakeMatch("i will kill you", "threat", targeted=True)
SLUR = FakeMatch("bougnoule", "slur", targeted=True)
ATTACK = FakeMatch("go back to your country", "identity_attack", targeted=True)


class FakeScorer:
    """Scores from a fixed table of text -> assessment."""

    def __init__(self, table: Mapping[str, FakeAssessment]) -> None:
        self.table = table

    def score(self, text: str, lang: str | None = None) -> FakeAssessment:
        return self.table.get(text, assessed(text, flagged=False))


@pytest.fixture(scope="module")
def chooser() -> PromptChooser:
    return PromptChooser.load()


def history_of(*ages: timedelta, kind: PromptKind = PromptKind.RECONSIDER) -> AuthorHistory:
    return AuthorHistory(
        tuple(NudgeRecord(NOW - age, f"{kind.value}.ask", kind, "ask") for age in ages)
    )


# --------------------------------------------------------------------------- catalogues


def test_bundled_catalogues_validate() -> None:
    for code in ("en", "fr", "fr-CA"):
        assert validate_catalogue(ROOT / "lexicons" / code / "messages.toml") == []


def test_every_catalogue_covers_every_kind_with_several_wordings() -> None:
    for code in ("en", "fr", "fr-CA"):
        cat = load_catalogue(code)
        for kind in PromptKind:
            plain = [m for m in cat.wordings(kind) if not m.placeholders]
            assert len(plain) >= 2, (code, kind)


def test_message_ids_and_variants_match_across_languages() -> None:
    en = {(m.id, m.variant) for m in load_catalogue("en").messages}
    for code in ("fr", "fr-CA"):
        assert {(m.id, m.variant) for m in load_catalogue(code).messages} == en


def test_every_message_renders_without_braces() -> None:
    for code in ("en", "fr", "fr-CA"):
        for m in load_catalogue(code).messages:
            assert m.placeholders <= PLACEHOLDERS
            assert not BRACES.search(m.render(ALL_VALUES)), m.id


def test_resources_name_source_and_check_date() -> None:
    fr = load_catalogue("fr")
    r3018 = next(r for r in fr.resources if r.contact == "3018")
    assert r3018.region == "FR"
    assert "e-Enfance" in r3018.source
    assert r3018.checked.isoformat() == "2026-11-22"
    for code in ("en", "fr", "fr-CA"):
        for r in load_catalogue(code).resources:
            assert r.source and r.checked and r.kinds


def write(tmp_path: Path, text: str, name: str = "messages.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL = """
locale = "xx"
[actions]
edit = "E"
post_anyway = "P"
delete = "D"
learn_more = "L"
"""


def minimal_catalogue(extra: str = "", without: tuple[PromptKind, ...] = ()) -> str:
    parts = [MINIMAL]
    for kind in PromptKind:
        parts.append(f'[kinds.{kind}]\nactions = ["edit"]\n')
    for kind in PromptKind:
        if kind in without:
            continue
        for n in (1, 2):
            parts.append(f'[[message]]\nid = "{kind}.w{n}"\nkind = "{kind}"\ntext = "T{n}"\n')
    return "\n".join(parts) + extra


def test_custom_catalogue_from_path(tmp_path: Path) -> None:
    path = write(tmp_path, minimal_catalogue())
    chooser = PromptChooser.load(paths=[path], config=ChooserConfig(default_locale="xx"))
    assert chooser.locales == ("xx",)
    prompt = chooser.choose(assessed("x", INSULT), key="k", now=NOW)
    assert prompt is not None and prompt.text in {"T1", "T2"}
    assert prompt.actions[0].label == "E"


def test_empty_catalogue_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, 'locale = "xx"\n')
    with pytest.raises(CatalogueError, match="no \\[\\[message\\]\\] entries"):
        load_catalogue(path)
    assert len(validate_catalogue(path)) == 1


def test_unknown_placeholder_names_the_message(tmp_path: Path) -> None:
    text = minimal_catalogue('\n[[message]]\nid = "bad.one"\nkind = "thanks"\ntext = "Hi {nme}"\n')
    path = write(tmp_path, text)
    with pytest.raises(PromptError) as info:
        load_catalogue(path)
    err = info.value
    assert isinstance(err, LexiconError) and isinstance(err, NudgeError)
    assert "bad.one" in str(err) and "{nme}" in str(err)
    assert err.field == "text" and err.line == text.splitlines().index('text = "Hi {nme}"') + 1


def test_validator_reports_every_problem_with_lines(tmp_path: Path) -> None:
    text = 'locale = "xx"\ncolour = 1\n\n[[message]]\nid = "A"\nkind = "rude"\ntext = ""\n'
    problems = validate_catalogue(write(tmp_path, text))
    assert any(":2: colour: unknown key" in p for p in problems)
    assert any(":5: id:" in p for p in problems)
    assert any(":6: kind:" in p for p in problems)
    assert any(":7: text:" in p for p in problems)


def test_a_kind_needs_two_plain_wordings(tmp_path: Path) -> None:
    text = (
        'locale = "xx"\n[[message]]\nid = "r.a"\nkind = "reconsider"\ntext = "A"\n'
        '[[message]]\nid = "r.b"\nkind = "reconsider"\ntext = "B {author}"\n'
    )
    problems = validate_catalogue(write(tmp_path, text))
    assert len(problems) == 1 and "at least 2 wordings without placeholders" in problems[0]


def test_bad_toml_and_missing_file(tmp_path: Path) -> None:
    assert "not valid TOML" in validate_catalogue(write(tmp_path, "locale = \n"))[0]
    assert "no such file" in validate_catalogue(tmp_path / "nope.toml")[0]


def test_default_catalogue_must_cover_every_kind(tmp_path: Path) -> None:
    path = write(tmp_path, minimal_catalogue(without=(PromptKind.THANKS,)))
    assert validate_catalogue(path) == []
    with pytest.raises(PromptError, match="kind 'thanks'"):
        PromptChooser.load(paths=[path], config=ChooserConfig(default_locale="xx"))


def test_no_catalogue_and_unknown_default() -> None:
    with pytest.raises(PromptError, match="no message catalogue"):
        PromptChooser([])
    with pytest.raises(PromptError, match="default_locale"):
        PromptChooser.load(["fr"], config=ChooserConfig(default_locale="nl"))
    with pytest.raises(PromptError, match="no bundled message catalogue 'nl'"):
        PromptChooser.load(["nl"])


def test_config_is_checked() -> None:
    with pytest.raises(PromptError, match="window"):
        ChooserConfig(window=timedelta(0))
    with pytest.raises(PromptError, match="guidelines_share"):
        ChooserConfig(guidelines_share=1.5)


# --------------------------------------------------------------------------- choosing


def test_nothing_below_the_threshold(chooser: PromptChooser) -> None:
    assert chooser.choose(assessed("fine", flagged=False), key="k", now=NOW) is None


@pytest.mark.parametrize(
    ("match", "kind"),
    [
        (SELF_HARM, PromptKind.SELF_HARM_SUPPORT),
        (THREAT, PromptKind.THREAT),
        (SLUR, PromptKind.IDENTITY),
        (ATTACK, PromptKind.IDENTITY),
        (TARGETED, PromptKind.TARGETED),
        (INSULT, PromptKind.RECONSIDER),
    ],
)
def test_kind_follows_the_assessment(chooser: PromptChooser, match: FakeMatch, kind) -> None:
    prompt = chooser.choose(assessed("x", match), key="k", now=NOW)
    assert prompt is not None and prompt.kind is kind
    assert prompt.message_id.startswith(kind.value)


def test_self_harm_outranks_the_rest(chooser: PromptChooser) -> None:
    prompt = chooser.choose(assessed("x", TARGETED, THREAT, SELF_HARM), key="k", now=NOW)
    assert prompt is not None and prompt.kind is PromptKind.SELF_HARM_SUPPORT


def test_guidelines_for_variety() -> None:
    always = PromptChooser.load(config=ChooserConfig(guidelines_share=1.0))
    prompt = always.choose(assessed("x", INSULT), key="k", now=NOW)
    assert prompt is not None and prompt.kind is PromptKind.GUIDELINES
    half = PromptChooser.load(config=ChooserConfig(guidelines_share=0.5))
    kinds = Counter(
        half.choose(assessed("x", INSULT), key=str(i), now=NOW).kind  # type: ignore[union-attr]
        for i in range(2000)
    )
    assert 0.45 < kinds[PromptKind.GUIDELINES] / 2000 < 0.55


def test_self_harm_support_with_resources_for_france(chooser: PromptChooser) -> None:
    seen = set()
    for i in range(60):
        prompt = chooser.choose(assessed("x", SELF_HARM), locale="fr-FR", key=f"c{i}", now=NOW)
        assert prompt is not None
        assert prompt.kind is PromptKind.SELF_HARM_SUPPORT and prompt.locale == "fr"
        assert [r.contact for r in prompt.resources] == ["3114", "3018"]
        assert Action.POST_ANYWAY not in {a.action for a in prompt.actions}
        learn = next(a for a in prompt.actions if a.action is Action.LEARN_MORE)
        assert learn.label == "En savoir plus" and learn.url == "https://3114.fr"
        seen.add(prompt.message_id)
        if prompt.message_id == "self_harm_support.helpline":
            assert "3114" in prompt.text
    assert "self_harm_support.helpline" in seen  # the helpline wording is used


def test_self_harm_without_a_region_has_no_helpline_wording(chooser: PromptChooser) -> None:
    for i in range(60):
        prompt = chooser.choose(assessed("x", SELF_HARM), locale="fr", key=f"c{i}", now=NOW)
        assert prompt is not None and prompt.resources == ()
        assert prompt.message_id != "self_harm_support.helpline"
    prompt = chooser.choose(assessed("x", SELF_HARM), locale="fr", region="FR", key="c", now=NOW)
    assert prompt is not None and prompt.resources


def test_resources_in_canada_and_the_us(chooser: PromptChooser) -> None:
    ca = chooser.choose(assessed("x", SELF_HARM), locale="fr-CA", key="k", now=NOW)
    us = chooser.choose(assessed("x", SELF_HARM), locale="en-US", key="k", now=NOW)
    assert ca is not None and us is not None
    assert [(r.id, r.locale) for r in ca.resources] == [("ca-988", "fr-CA")]
    assert [r.contact for r in us.resources] == ["988"]


def test_app_values_fill_placeholders() -> None:
    chooser = PromptChooser.load(guidelines_url="https://ex.org/g", author="Ana")
    texts = set()
    for i in range(200):
        prompt = chooser.choose(assessed("x", TARGETED), key=str(i), now=NOW)
        assert prompt is not None
        texts.add(prompt.text)
    assert any(t.startswith("Ana, ") for t in texts)
    assert not any(BRACES.search(t) for t in texts)
    prompt = chooser.choose(assessed("x", INSULT), key="1", values={"author": "Bo"}, now=NOW)
    assert prompt is not None


def test_missing_values_skip_the_wording(chooser: PromptChooser) -> None:
    for i in range(300):
        for match in (TARGETED, SLUR, THREAT, INSULT):
            prompt = chooser.choose(assessed("x", match), key=str(i), now=NOW)
            assert prompt is not None and not BRACES.search(prompt.text)
            assert not prompt.message_id.endswith((".link", ".author"))


def test_bad_values_and_keys(chooser: PromptChooser) -> None:
    a = assessed("x", INSULT)
    with pytest.raises(PromptError, match="key: expected a string"):
        chooser.choose(a, key=42, now=NOW)  # type: ignore[arg-type]
    with pytest.raises(PromptError, match=r"values\['nme'\]"):
        chooser.choose(a, key="k", values={"nme": "x"}, now=NOW)
    with pytest.raises(PromptError, match="locale"):
        chooser.choose(a, locale=3, key="k", now=NOW)  # type: ignore[arg-type]
    with pytest.raises(PromptError, match="assessment"):
        chooser.choose("text", key="k", now=NOW)  # type: ignore[arg-type]
    with pytest.raises(PromptError, match="region"):
        chooser.choose(a, key="k", region="France", now=NOW)


def test_default_key_is_the_text(chooser: PromptChooser) -> None:
    a = assessed("the same text", INSULT)
    assert chooser.choose(a, now=NOW) == chooser.choose(a, key="the same text", now=NOW)


# --------------------------------------------------------------------------- locales


@pytest.mark.parametrize(
    ("locale", "language", "expected"),
    [
        ("fr-CA", "en", "fr-CA"),
        ("fr_ca", "en", "fr-CA"),
        ("fr-BE", "en", "fr"),
        ("FR", "en", "fr"),
        ("nl-BE", "fr", "en"),
        ("", "fr", "fr"),
        (None, "fr", "fr"),
        (None, None, "en"),
        ("!!", "fr", "en"),
        ("zh-Hant-TW", "en", "en"),
    ],
)
def test_locale_fallback(chooser: PromptChooser, locale, language, expected) -> None:
    a = FakeAssessment("x", True, (INSULT,), language)
    prompt = chooser.choose(a, locale=locale, key="k", now=NOW)
    assert prompt is not None and prompt.locale == expected


def test_fr_ca_uses_its_own_words_and_french_labels(chooser: PromptChooser) -> None:
    prompt = chooser.choose(assessed("x", INSULT), locale="fr-CA", key="k", now=NOW)
    assert prompt is not None
    assert prompt.text in {m.text for m in load_catalogue("fr-CA").messages}
    assert [a.label for a in prompt.actions] == ["Modifier", "Publier quand même", "Supprimer"]


def test_loading_a_variant_brings_its_fallbacks() -> None:
    assert PromptChooser.load(["fr-CA"]).chain("fr-CA") == ("fr-CA", "fr", "en")


# --------------------------------------------------------------------------- history


def test_escalation_to_repeat(chooser: PromptChooser) -> None:
    a = assessed("x", TARGETED)
    first = chooser.choose(a, key="k", now=NOW)
    assert first is not None and first.kind is PromptKind.TARGETED
    two = history_of(timedelta(days=3), timedelta(days=9))
    assert chooser.choose(a, history=two, key="k", now=NOW).kind is PromptKind.TARGETED  # type: ignore[union-attr]
    three = history_of(timedelta(days=3), timedelta(days=9), timedelta(days=20))
    prompt = chooser.choose(a, history=three, key="k", now=NOW)
    assert prompt is not None and prompt.kind is PromptKind.REPEAT
    assert any("repeat" in r for r in prompt.reasons)
    old = history_of(timedelta(days=40), timedelta(days=50), timedelta(days=60))
    assert chooser.choose(a, history=old, key="k", now=NOW).kind is PromptKind.TARGETED  # type: ignore[union-attr]


def test_threat_and_self_harm_keep_their_kind(chooser: PromptChooser) -> None:
    three = history_of(timedelta(days=3), timedelta(days=9), timedelta(days=20))
    for match, kind in ((THREAT, PromptKind.THREAT), (SELF_HARM, PromptKind.SELF_HARM_SUPPORT)):
        prompt = chooser.choose(assessed("x", match), history=three, key="k", now=NOW)
        assert prompt is not None and prompt.kind is kind


def test_cap_per_window(chooser: PromptChooser) -> None:
    a = assessed("x", INSULT)
    full = history_of(timedelta(hours=1), timedelta(hours=2), timedelta(hours=23))
    assert chooser.choose(a, history=full, key="k", now=NOW) is None
    assert chooser.choose(a, history=full, key="k", now=NOW + timedelta(hours=2)) is not None
    thanks = history_of(
        timedelta(hours=1), timedelta(hours=2), timedelta(hours=3), kind=PromptKind.THANKS
    )
    assert chooser.choose(a, history=thanks, key="k", now=NOW) is not None
    strict = PromptChooser.load(config=ChooserConfig(max_prompts=1, window=timedelta(hours=6)))
    assert strict.choose(a, history=history_of(timedelta(hours=5)), key="k", now=NOW) is None


def test_never_the_same_wording_twice_in_a_row(chooser: PromptChooser) -> None:
    a = assessed("x", INSULT)
    for i in range(100):
        key = f"k{i}"
        fresh = chooser.choose(a, key=key, now=NOW)
        assert fresh is not None
        history = AuthorHistory((NudgeRecord.of(fresh, NOW - timedelta(days=2)),))
        again = chooser.choose(a, history=history, key=key, now=NOW)
        assert again is not None and again.message_id != fresh.message_id


def test_history_from_the_future(chooser: PromptChooser) -> None:
    future = AuthorHistory(
        (NudgeRecord(NOW + timedelta(minutes=5), "reconsider.ask", "reconsider"),)
    )
    with pytest.raises(PromptError, match=r"history.records\[0\].at: .* is after now"):
        chooser.choose(assessed("x", INSULT), history=future, key="k", now=NOW)


def test_history_value() -> None:
    naive = NudgeRecord(datetime(2026, 1, 1, 12), "reconsider.ask", PromptKind.RECONSIDER)
    assert naive.at == datetime(2026, 1, 1, 12, tzinfo=UTC)
    many = AuthorHistory(
        tuple(
            NudgeRecord(NOW - timedelta(hours=i), "reconsider.ask", PromptKind.RECONSIDER)
            for i in range(80)
        )
    )
    assert len(many.records) == AuthorHistory.KEEP
    assert many.last() is not None and many.last().at == NOW  # type: ignore[union-attr]
    assert list(many.records) == sorted(many.records, key=lambda r: r.at)
    with pytest.raises(PromptError, match=r"history\.records"):
        AuthorHistory(("nope",))  # type: ignore[arg-type]
    with pytest.raises(PromptError, match="verdict"):
        NudgeRecord(NOW, "a", PromptKind.REPEAT, verdict=EditVerdict.ACCEPTABLE)
    edited = many.with_outcome(Outcome.EDITED, EditVerdict.DISGUISED)
    assert edited.last().verdict is EditVerdict.DISGUISED  # type: ignore[union-attr]
    with pytest.raises(PromptError):
        chooser_ = PromptChooser.load()
        chooser_.choose(assessed("x", INSULT), history=[naive], key="k", now=NOW)  # type: ignore[arg-type]


def test_chooser_is_immutable(chooser: PromptChooser) -> None:
    with pytest.raises(AttributeError):
        chooser._config = ChooserConfig()  # type: ignore[misc]


# --------------------------------------------------------------------------- property tests

MATCHES = st.sampled_from([INSULT, TARGETED, SELF_HARM, THREAT, SLUR, ATTACK])
ASSESSMENTS = st.builds(
    FakeAssessment,
    text=st.text(max_size=20),
    flagged=st.booleans(),
    matches=st.lists(MATCHES, max_size=3).map(tuple),
    language=st.sampled_from([None, "en", "fr"]),
)
RECORDS = st.builds(
    NudgeRecord,
    at=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=45)).map(lambda d: NOW - d),
    message_id=st.sampled_from(
        ["reconsider.ask", "targeted.person", "repeat.pattern", "thanks.plain", "threat.serious"]
    ),
    kind=st.sampled_from(list(PromptKind)),
)
HISTORIES = st.lists(RECORDS, max_size=12).map(lambda rs: AuthorHistory(tuple(rs)))
LOCALES = st.sampled_from([None, "", "en", "en-US", "fr", "fr-FR", "fr-CA", "fr_BE", "xx", "de-DE"])
KEYS = st.text(max_size=30)


@settings(max_examples=200, deadline=None)
@given(ASSESSMENTS, HISTORIES, KEYS, LOCALES)
def test_same_input_same_prompt(a, history, key, locale) -> None:
    one = PromptChooser.load().choose(a, locale=locale, history=history, key=key, now=NOW)
    two = PromptChooser.load().choose(a, locale=locale, history=history, key=key, now=NOW)
    assert one == two
    if one is not None:
        assert not BRACES.search(one.text)
        last = history.last()
        assert last is None or one.message_id != last.message_id


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(min_value=0, max_value=48 * 60), min_size=1, max_size=40),
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=1, max_value=24),
)
def test_prompts_never_exceed_the_cap(minutes, cap, hours) -> None:
    config = ChooserConfig(max_prompts=cap, window=timedelta(hours=hours))
    chooser = PromptChooser.load(config=config)
    history = AuthorHistory()
    shown: list[datetime] = []
    start = NOW - timedelta(days=3)
    for i, minute in enumerate(sorted(minutes)):
        now = start + timedelta(minutes=minute)
        prompt = chooser.choose(assessed("x", TARGETED), history=history, key=str(i), now=now)
        if prompt is not None:
            shown.append(now)
            history = history.add(NudgeRecord.of(prompt, now, Outcome.POSTED_ANYWAY))
    for t in shown:
        in_window = [s for s in shown if t - config.window < s <= t]
        assert len(in_window) <= cap


@settings(max_examples=150, deadline=None)
@given(HISTORIES, st.integers(min_value=1, max_value=5))
def test_a_full_window_gives_no_prompt(history, cap) -> None:
    config = ChooserConfig(max_prompts=cap)
    chooser = PromptChooser.load(config=config)
    recent = [
        r for r in history.records if r.kind is not PromptKind.THANKS and NOW - r.at < config.window
    ]
    prompt = chooser.choose(assessed("x", INSULT), history=history, key="k", now=NOW)
    assert (prompt is None) == (len(recent) >= cap)


@settings(max_examples=60, deadline=None)
@given(KEYS, st.booleans())
def test_every_kind_renders_in_every_locale(key, with_values) -> None:
    chooser = PromptChooser.load()
    values = ALL_VALUES if with_values else None
    for locale in (*chooser.locales, "fr-FR", "en-US", "en-CA", "fr-BE", "xx-YY"):
        for match in (INSULT, TARGETED, SELF_HARM, THREAT, SLUR):
            prompt = chooser.choose(
                assessed("x", match), locale=locale, key=key, values=values, now=NOW
            )
            assert prompt is not None and not BRACES.search(prompt.text)
        thanks = chooser.thanks(locale=locale, key=key, values=values)
        assert not BRACES.search(thanks.text)


def test_every_message_is_reachable_in_every_locale() -> None:
    chooser = PromptChooser.load(values=ALL_VALUES)
    matches = {
        PromptKind.RECONSIDER: INSULT,
        PromptKind.TARGETED: TARGETED,
        PromptKind.IDENTITY: SLUR,
        PromptKind.THREAT: THREAT,
        PromptKind.SELF_HARM_SUPPORT: SELF_HARM,
    }
    for locale in chooser.locales:
        seen: set[str] = set()
        for i in range(300):
            for match in matches.values():
                p = chooser.choose(assessed("x", match), locale=locale, key=str(i), now=NOW)
                assert p is not None and p.locale == locale
                seen.add(p.message_id)
            seen.add(chooser.thanks(locale=locale, key=str(i)).message_id)
        wanted = {
            m.id
            for m in load_catalogue(locale).messages
            if m.kind not in (PromptKind.GUIDELINES, PromptKind.REPEAT)
        }
        assert wanted <= seen, wanted - seen


def test_variant_shares_follow_the_weights(tmp_path: Path) -> None:
    weights = {"a": 1.0, "b": 2.0, "c": 5.0, "d": 2.0}
    body = minimal_catalogue(without=(PromptKind.RECONSIDER,))
    for name, weight in weights.items():
        body += f'\n[[message]]\nid = "r.{name}"\nkind = "reconsider"\nweight = {weight}\n'
        body += f'text = "Text {name}"\n'
    path = write(tmp_path, body)
    assert validate_catalogue(path) == []
    chooser = PromptChooser.load(paths=[path], config=ChooserConfig(default_locale="xx"))
    n = 10_000
    counts = Counter(
        chooser.choose(assessed("x", INSULT), key=f"comment-{i}", now=NOW).variant  # type: ignore[union-attr]
        for i in range(n)
    )
    total = sum(weights.values())
    for name, weight in weights.items():
        assert abs(counts[name] / n - weight / total) <= 0.02, (name, counts)


def test_bundled_variant_shares_are_even(chooser: PromptChooser) -> None:
    n = 10_000
    counts = Counter(
        chooser.choose(assessed("x", INSULT), key=f"c{i}", now=NOW).message_id  # type: ignore[union-attr]
        for i in range(n)
    )
    assert len(counts) == 3
    for count in counts.values():
        assert abs(count / n - 1 / 3) <= 0.02


def test_experiment_name_reshuffles() -> None:
    a = assessed("x", INSULT)
    one = PromptChooser.load(config=ChooserConfig(experiment="spring"))
    two = PromptChooser.load(config=ChooserConfig(experiment="autumn"))
    picks = [
        (one.choose(a, key=str(i), now=NOW), two.choose(a, key=str(i), now=NOW)) for i in range(50)
    ]
    assert any(p.message_id != q.message_id for p, q in picks)  # type: ignore[union-attr]


# --------------------------------------------------------------------------- review_edit

BEFORE = assessed("you are an idiot", TARGETED)
TABLE = {
    "you are an idiot": BEFORE,
    "you are an id1ot": assessed("you are an id1ot", FakeMatch("idiot", "insult", ("leet",), True)),
    "you are an i d i o t": assessed(
        "you are an i d i o t", FakeMatch("idiot", "insult", ("split_letters",), True)
    ),
    "you are a moron": assessed("you are a moron", FakeMatch("moron", "insult", (), True)),
    "I disagree with you": assessed("I disagree with you", flagged=False),
    "you are an Idiot, ok": assessed(
        "you are an Idiot, ok", FakeMatch("idiot", "insult", ("casefold",), True)
    ),
}


@pytest.fixture(scope="module")
def reviewer() -> PromptChooser:
    return PromptChooser.load(scorer=FakeScorer(TABLE))


def test_review_catches_a_disguised_edit(reviewer: PromptChooser) -> None:
    review = reviewer.review_edit(BEFORE, "you are an id1ot")
    assert review.verdict is EditVerdict.DISGUISED
    assert review.surviving_terms == ("idiot",) and review.disguise_steps == ("leet",)
    assert review.thanks is None and not review.acceptable
    split = reviewer.review_edit("you are an idiot", "you are an i d i o t")
    assert split.verdict is EditVerdict.DISGUISED and split.disguise_steps == ("split_letters",)


def test_review_still_offensive_and_acceptable(reviewer: PromptChooser) -> None:
    other = reviewer.review_edit(BEFORE, "you are a moron")
    assert other.verdict is EditVerdict.STILL_OFFENSIVE and other.surviving_terms == ()
    case = reviewer.review_edit(BEFORE, "you are an Idiot, ok")
    assert case.verdict is EditVerdict.STILL_OFFENSIVE and case.surviving_terms == ("idiot",)
    good = reviewer.review_edit(BEFORE, "I disagree with you", locale="fr-CA", key="c1")
    assert good.verdict is EditVerdict.ACCEPTABLE and good.acceptable
    assert good.thanks is not None and good.thanks.kind is PromptKind.THANKS
    assert good.thanks.locale == "fr-CA"


def test_review_bad_input(reviewer: PromptChooser) -> None:
    with pytest.raises(PromptError, match="after"):
        reviewer.review_edit(BEFORE, None)  # type: ignore[arg-type]
    with pytest.raises(PromptError, match="before"):
        reviewer.review_edit(3, "x")  # type: ignore[arg-type]


def test_disguise_steps_are_disguises() -> None:
    assert {"leet", "homoglyphs", "split_letters", "masks"} <= DISGUISE_STEPS
    assert not {"casefold", "accents", "nfkc"} & DISGUISE_STEPS


# --------------------------------------------------------------------------- stats


def test_wilson_interval_known_values() -> None:
    low, high = wilson_interval(34, 100)
    assert round(low, 4) == 0.2546 and round(high, 4) == 0.4372
    assert wilson_interval(0, 0) == (0.0, 1.0)
    low, high = wilson_interval(0, 10)
    assert low == 0.0 and 0.27 < high < 0.28
    with pytest.raises(PromptError):
        wilson_interval(5, 3)


def test_stats_per_message_and_variant(chooser: PromptChooser) -> None:
    a = chooser.choose(assessed("x", INSULT), key="k1", now=NOW)
    assert a is not None
    stats = NudgeStats()
    for _ in range(6):
        stats = stats.record(a, Outcome.POSTED_ANYWAY)
    stats = stats.record(a, Outcome.WITHDRAWN)
    stats = stats.record(a, Outcome.EDITED, EditVerdict.ACCEPTABLE)
    stats = stats.record(a, Outcome.EDITED, EditVerdict.DISGUISED)
    stats = stats.record(a)
    c = stats.total(message_id=a.message_id, variant=a.variant)
    assert c == Counts(
        shown=10, edited=2, withdrawn=1, posted_anyway=6, edit_became_acceptable=1, edit_disguised=1
    )
    rate = c.withdrawn_or_edited()
    assert isinstance(rate, Rate) and rate.value == 0.3 and rate.low < 0.3 < rate.high
    assert c.edits_acceptable().value == 0.5
    assert stats.total(kind=PromptKind.THREAT) == Counts()
    assert a.message_id in stats.report()


def test_stats_are_immutable_values() -> None:
    record = NudgeRecord(NOW, "reconsider.ask", PromptKind.RECONSIDER, "ask", Outcome.WITHDRAWN)
    empty = NudgeStats()
    one = empty.record(record)
    assert empty.rows == () and one.total().withdrawn == 1
    assert NudgeStats.from_records([record, record]) == one.merge(one)
    other = NudgeRecord(NOW, "reconsider.pause", PromptKind.RECONSIDER, "pause")
    assert [r.message_id for r in one.record(other).rows] == ["reconsider.ask", "reconsider.pause"]
    with pytest.raises(PromptError, match="verdict"):
        empty.record(record, Outcome.WITHDRAWN, EditVerdict.ACCEPTABLE)
    with pytest.raises(PromptError, match="nudge"):
        empty.record("reconsider.ask")  # type: ignore[arg-type]


def test_stats_from_a_review(reviewer: PromptChooser) -> None:
    prompt = reviewer.choose(BEFORE, key="k", now=NOW)
    assert isinstance(prompt, Prompt)
    review = reviewer.review_edit(BEFORE, "you are an id1ot")
    stats = NudgeStats().record(prompt, Outcome.EDITED, review)
    assert stats.total().edit_disguised == 1


# --------------------------------------------------------------------------- with the real scorer


def _real_scorer():
    try:
        from nudge.scorer import Scorer

        return Scorer.load()
    except (ImportError, NudgeError) as exc:  # pragma: no cover - scorer or packs missing
        pytest.skip(f"nudge.Scorer not available: {exc}")


def test_real_flow_score_prompt_edit_review_stats() -> None:
    scorer = _real_scorer()
    chooser = PromptChooser.load(scorer=scorer)
    before = scorer.score("you are an idiot")
    prompt = chooser.choose(before, key="comment-123", now=NOW)
    assert prompt is not None and prompt.kind is PromptKind.TARGETED and prompt.locale == "en"
    disguised = chooser.review_edit(before, "you are an id1ot")
    assert disguised.verdict is EditVerdict.DISGUISED and disguised.disguise_steps == ("leet",)
    kind = chooser.review_edit(before, "I disagree with you")
    assert kind.verdict is EditVerdict.ACCEPTABLE and kind.thanks is not None
    stats = NudgeStats().record(prompt, Outcome.EDITED, kind)
    assert stats.total().edits_acceptable().value == 1.0


def test_real_kinds_in_french() -> None:
    scorer = _real_scorer()
    chooser = PromptChooser.load(scorer=scorer)
    cases = {
        "va te pendre": PromptKind.SELF_HARM_SUPPORT,
        "je vais te tuer": PromptKind.THREAT,
        "sale bougnoule": PromptKind.IDENTITY,
    }
    for text, kind in cases.items():
        prompt = chooser.choose(scorer.score(text), locale="fr-FR", key=text, now=NOW)
        assert prompt is not None and prompt.kind is kind and prompt.locale == "fr", text
    assert chooser.choose(scorer.score("merci pour la vidéo"), key="k", now=NOW) is None


def test_lazy_default_scorer() -> None:
    _real_scorer()
    chooser = PromptChooser.load()
    review = chooser.review_edit("you are an idiot", "you are an i d i o t")
    assert review.verdict is EditVerdict.DISGUISED


def test_docs_examples_run() -> None:
    _real_scorer()
    docs = ROOT / "docs" / "prompts.md"
    result = doctest.testfile(
        str(docs), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.failed == 0 and result.attempted > 10


def test_a_path_catalogue_brings_its_bundled_fallback(tmp_path: Path) -> None:
    text = (
        'locale = "fr-BE"\nfallback = "fr"\n'
        '[[message]]\nid = "thanks.plain"\nkind = "thanks"\ntext = "Merci, hein."\n'
        '[[message]]\nid = "thanks.kind"\nkind = "thanks"\ntext = "Merci bien."\n'
    )
    chooser = PromptChooser.load(paths=[write(tmp_path, text)])
    assert chooser.chain("fr-BE") == ("fr-BE", "fr", "en")
    assert chooser.thanks(locale="fr-BE", key="k").text in {"Merci, hein.", "Merci bien."}
    prompt = chooser.choose(assessed("x", INSULT), locale="fr-BE", key="k", now=NOW)
    assert prompt is not None and prompt.locale == "fr"


def test_an_edit_that_glues_the_insult_together_is_disguised() -> None:
    # The segmenter reads "stupidbitch" as its words: gluing them after a nudge hides
    # nothing, so the edit is reviewed as a disguise, not as a plain second insult.
    chooser = PromptChooser.load(scorer=_real_scorer())
    review = chooser.review_edit("you stupid bitch", "you stupidbitch")
    assert review.verdict is EditVerdict.DISGUISED
    assert review.disguise_steps == ("segment",)
    assert set(review.surviving_terms) == {"bitch", "stupid"}
