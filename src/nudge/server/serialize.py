"""JSON shapes of the server's answers, built here from nudge's public result types.

The server owns these shapes (the command line's output may change on its own):
:func:`assessment_json` gives the same fields and values as ``nudge check --json`` prints
for an assessment (without its ``prompt`` key, which the server sends beside it in its own
richer shape, :func:`prompt_json`).

:func:`dumps` escapes ``<``, ``>`` and ``&`` as ``\\u003c``, ``\\u003e``, ``\\u0026``: the
JSON decodes to the same text, but no answer can be read as markup even by a client that
wrongly treats it as HTML.

>>> import nudge
>>> a = nudge.Scorer.load().score("you are an idiot")
>>> record = assessment_json(a)
>>> list(record)
['text', 'score', 'flagged', 'severity', 'categories', 'language', 'matches', 'reasons']
>>> record["matches"][0]["term"], record["severity"]
('idiot', 'medium')
>>> dumps({"text": "<b>"})
'{"text":"\\\\u003cb\\\\u003e"}'
"""

from __future__ import annotations

import json
from typing import Any

from nudge.columns import match_record
from nudge.policies import Decision
from nudge.prompts import Counts, EditReview, NudgeStats, Prompt, Rate, Resource
from nudge.scorer import Assessment, Match

__all__ = [
    "assessment_json",
    "decision_json",
    "dumps",
    "prompt_json",
    "review_json",
    "stats_json",
]


def dumps(value: Any) -> str:
    """Compact JSON, non-ASCII kept, markup characters escaped.

    >>> dumps({"a": "é&"})
    '{"a":"é\\\\u0026"}'
    """
    # Only the three characters are replaced, and they can only occur inside JSON strings
    # (never in the syntax), so the result is still valid JSON of the same value.  Three
    # `in` tests and `replace` are several times faster than `str.translate` here.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if "<" in text:
        text = text.replace("<", "\\u003c")
    if ">" in text:
        text = text.replace(">", "\\u003e")
    if "&" in text:
        text = text.replace("&", "\\u0026")
    return text


def assessment_json(a: Assessment) -> dict[str, Any]:
    """An assessment as ``nudge check --json`` prints it today (without ``prompt``).

    >>> import nudge
    >>> assessment_json(nudge.Scorer.load().score("hello"))["flagged"]
    False
    """
    return {
        "text": a.text,
        "score": a.score,
        "flagged": a.flagged,
        "severity": a.severity.name.lower(),
        "categories": dict(a.categories),
        "language": a.language,
        "matches": [_match(m) for m in a.matches],
        "reasons": list(a.reasons),
    }


def _match(m: Match) -> dict[str, Any]:
    # The fields of Match, in order (what dataclasses.asdict gives, without its deep copy).
    return {**match_record(m), "rules": list(m.rules)}


def _resource(r: Resource) -> dict[str, Any]:
    return {
        "id": r.id,
        "region": r.region,
        "name": r.name,
        "contact": r.contact,
        "url": r.url,
        "hours": r.hours,
        "description": r.description,
        "kinds": [k.value for k in r.kinds],
    }


def prompt_json(p: Prompt | None) -> dict[str, Any] | None:
    """A prompt with its buttons (action, label, url) and support resources.

    >>> from nudge.prompts import PromptChooser
    >>> p = prompt_json(PromptChooser.load().thanks(locale="fr", key="c1"))
    >>> p["kind"], p["locale"], sorted(p)[:4]
    ('thanks', 'fr', ['actions', 'kind', 'locale', 'message_id'])
    """
    if p is None:
        return None
    return {
        "kind": p.kind.value,
        "message_id": p.message_id,
        "text": p.text,
        "actions": [{"action": a.action.value, "label": a.label, "url": a.url} for a in p.actions],
        "locale": p.locale,
        "variant": p.variant,
        "resources": [_resource(r) for r in p.resources],
        "reasons": list(p.reasons),
    }


def review_json(review: EditReview, after: Assessment | None) -> dict[str, Any]:
    """The verdict on an edited comment, with the edit's own assessment.

    >>> from nudge.prompts import PromptChooser
    >>> r = PromptChooser.load().review_edit("you are an idiot", "you are an id1ot")
    >>> review_json(r, None)["verdict"]
    'disguised'
    """
    return {
        "verdict": review.verdict.value,
        "acceptable": review.acceptable,
        "surviving_terms": list(review.surviving_terms),
        "disguise_steps": list(review.disguise_steps),
        "reasons": list(review.reasons),
        "assessment": None if after is None else assessment_json(after),
        "thanks": prompt_json(review.thanks),
    }


def decision_json(d: Decision) -> dict[str, Any]:
    """A policy decision: action, deciding policy, reasons, assessment and prompt if any.

    >>> from nudge.policies import Action, Decision
    >>> decision_json(Decision(Action.HOLD, "filter_all", ("waits",)))["action"]
    'hold'
    """
    prompt = d.prompt if isinstance(d.prompt, Prompt) else None
    return {
        "action": d.action.value,
        "policy": d.policy,
        "reasons": list(d.reasons),
        "assessment": None if d.assessment is None else assessment_json(d.assessment),
        "prompt": prompt_json(prompt),
    }


def _rate(r: Rate) -> dict[str, Any]:
    return {
        "value": r.value,
        "low": r.low,
        "high": r.high,
        "successes": r.successes,
        "trials": r.trials,
    }


def _counts(c: Counts) -> dict[str, Any]:
    return {
        "shown": c.shown,
        "edited": c.edited,
        "withdrawn": c.withdrawn,
        "posted_anyway": c.posted_anyway,
        "edit_became_acceptable": c.edit_became_acceptable,
        "edit_disguised": c.edit_disguised,
        "withdrawn_or_edited": _rate(c.withdrawn_or_edited()),
        "edits_acceptable": _rate(c.edits_acceptable()),
    }


def stats_json(stats: NudgeStats) -> dict[str, Any]:
    """Prompt outcome figures: the total and one row per message and variant.

    >>> stats_json(NudgeStats())["total"]["shown"]
    0
    """
    return {
        "total": _counts(stats.total()),
        "rows": [
            {"message_id": r.message_id, "variant": r.variant, "kind": r.kind.value}
            | _counts(r.counts)
            for r in stats.rows
        ],
    }
