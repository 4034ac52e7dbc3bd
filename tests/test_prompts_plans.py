"""The chooser's per-(kind, chain, region) plans: a prompt is the same whether the plan
was worked out for this call, kept from an earlier call, or made by a fresh chooser."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from nudge.prompts import PromptChooser

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def assessment(category: str, *, targeted: bool = False) -> SimpleNamespace:
    match = SimpleNamespace(term="x", category=category, steps=(), targeted=targeted)
    return SimpleNamespace(
        text="x", score=0.9, flagged=True, language="en", threshold=0.5, matches=(match,)
    )


CALLS = [
    (assessment("self_harm"), {"locale": "fr-FR"}),
    (assessment("self_harm"), {"locale": "fr", "region": "FR"}),
    (assessment("self_harm"), {"locale": "en", "values": {"helpline": "555"}}),
    (assessment("insult", targeted=True), {"locale": "fr-CA"}),
    (assessment("insult"), {"locale": "en", "values": {"guidelines_url": "https://e.org/g"}}),
    (assessment("insult"), {"locale": "en"}),
    (assessment("threat"), {"locale": "de"}),
]


@pytest.mark.parametrize("order", [1, -1])
def test_kept_plans_give_the_prompts_of_a_fresh_chooser(order: int) -> None:
    shared = PromptChooser.load(guidelines_url="https://example.org/rules")
    for _ in range(2):  # the second round reads the plans the first one kept
        for n, (a, kwargs) in enumerate(CALLS[::order]):
            key = f"c-{n}"
            fresh = PromptChooser.load(guidelines_url="https://example.org/rules")
            expected = fresh.choose(a, key=key, now=NOW, **kwargs)
            got = shared.choose(a, key=key, now=NOW, **kwargs)
            assert got == expected
            assert got is not None and got.text
