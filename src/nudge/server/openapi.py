"""The OpenAPI 3.1 description of ``nudge serve``, with an example for every request.

The limits in the schema (``maxItems``, ``maxLength``) are the server's own, read from
``server.toml``, so the description and the checks cannot drift apart.

>>> from nudge.server.config import Limits
>>> schema = openapi_schema(Limits.load())
>>> schema["openapi"], sorted(schema["paths"])[:3]
('3.1.0', ['/healthz', '/v1/creators/{creator_id}/bulk', '/v1/creators/{creator_id}/comments'])
"""

from __future__ import annotations

from typing import Any

from nudge import __version__
from nudge.server.config import Limits

__all__ = ["openapi_schema"]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _body(schema: dict[str, Any], example: Any) -> dict[str, Any]:
    return {
        "required": True,
        "content": {"application/json": {"schema": schema, "example": example}},
    }


def _answer(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERRORS = {
    "400": {"$ref": "#/components/responses/Error"},
    "401": {"$ref": "#/components/responses/Error"},
    "413": {"$ref": "#/components/responses/Error"},
    "422": {"$ref": "#/components/responses/Error"},
}


def _op(summary: str, ok: dict[str, Any], body: dict[str, Any] | None = None,
        params: list[dict[str, Any]] | None = None) -> dict[str, Any]:  # fmt: skip
    op: dict[str, Any] = {"summary": summary, "responses": {"200": ok, **_ERRORS}}
    if body is not None:
        op["requestBody"] = body
    if params:
        op["parameters"] = params
    op["security"] = [{"bearer": []}, {"apiKey": []}, {}]
    return op


def openapi_schema(limits: Limits) -> dict[str, Any]:
    """The schema as a JSON-ready dict (served at ``/openapi.json``).

    >>> schema = openapi_schema(Limits.load())
    >>> schema["openapi"][:2], "/v1/score" in schema["paths"]
    ('3.', True)
    """
    text = {"type": "string", "maxLength": limits.max_text_chars}
    ident = {"type": "string", "minLength": 1, "maxLength": limits.max_id_chars,
             "pattern": r"\S"}  # fmt: skip
    tag = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,35}$"}
    creator = {
        "name": "creator_id",
        "in": "path",
        "required": True,
        "schema": ident,
        "example": "creator-1",
    }
    nullable_str = {"type": ["string", "null"]}
    record_id = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {
                "error": {
                    "type": "object",
                    "required": ["code", "message", "field"],
                    "properties": {
                        "code": {
                            "type": "string",
                            "enum": [
                                "invalid_json",
                                "unauthorized",
                                "not_found",
                                "method_not_allowed",
                                "too_large",
                                "invalid_field",
                                "too_many_items",
                                "invalid_settings",
                                "internal",
                            ],
                        },
                        "message": {"type": "string"},
                        "field": nullable_str,
                    },
                }
            },
        },
        "Match": {
            "type": "object",
            "properties": {
                "term": {"type": "string"},
                "category": {"type": "string"},
                "severity": {"type": "integer"},
                "start": {"type": "integer", "description": "offset in the original text"},
                "end": {"type": "integer"},
                "text": {"type": "string", "description": "the characters typed"},
                "steps": {"type": "array", "items": {"type": "string"}},
                "targeted": {"type": "boolean"},
                "lang": {"type": "string"},
                "rules": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "the context rules that changed the match's evidence",
                },
            },
        },
        "Assessment": {
            "type": "object",
            "description": "The same fields as `nudge check --json` (without `prompt`).",
            "required": [
                "text",
                "score",
                "flagged",
                "severity",
                "categories",
                "language",
                "matches",
                "reasons",
            ],
            "properties": {
                "text": {"type": "string"},
                "score": {"type": "number"},
                "flagged": {"type": "boolean"},
                "severity": {"type": "string", "enum": ["none", "low", "medium", "high"]},
                "categories": {"type": "object", "additionalProperties": {"type": "number"}},
                "language": nullable_str,
                "matches": {"type": "array", "items": _ref("Match")},
                "reasons": {"type": "array", "items": {"type": "string"}},
            },
        },
        "Prompt": {
            "type": ["object", "null"],
            "properties": {
                "kind": {"type": "string"},
                "message_id": {"type": "string"},
                "text": {"type": "string"},
                "actions": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "action": {"type": "string"},
                            "label": {"type": "string"},
                            "url": nullable_str,
                        },
                    },
                },
                "locale": {"type": "string"},
                "variant": {"type": "string"},
                "resources": {"type": "array", "items": {"type": "object"}},
                "reasons": {"type": "array", "items": {"type": "string"}},
            },
        },
        "Settings": {
            "type": "object",
            "description": "A creator's policies, as `nudge.policy_from_config` reads them"
            " (docs/policies.md, 'Settings as data').",
            "example": {
                "version": 1,
                "policies": [
                    {"type": "filter_all"},
                    {"type": "keyword_filter", "words": ["spoiler"], "emoji": ["🐍"]},
                ],
            },
        },
        "Comment": {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "thread_id": {"type": "string"},
                "author_id": {"type": "string"},
                "text": {"type": "string"},
                "status": {
                    "type": "string",
                    "enum": ["visible", "pending", "hidden", "rejected", "deleted", "reported"],
                },
                "created_at": {"type": "string", "format": "date-time"},
            },
        },
    }
    batch = {"type": "array", "minItems": 1, "maxItems": limits.max_batch}
    paths: dict[str, Any] = {
        "/healthz": {
            "get": {
                "summary": "Liveness: the server and its storage answer",
                "responses": {"200": _answer("up", {"type": "object"})},
            }
        },
        "/v1/score": {
            "post": _op(
                "Score one comment or a batch",
                _answer("assessments", {"type": "object"}),
                _body(
                    {
                        "type": "object",
                        "properties": {
                            "text": text,
                            "texts": {**batch, "items": text},
                            "lang": tag,
                        },
                        "oneOf": [{"required": ["text"]}, {"required": ["texts"]}],
                    },
                    {"texts": ["you are an idiot", "thanks for sharing"]},
                ),
            )
        },
        "/v1/prompt": {
            "post": _op(
                "The prompt to show an author before posting (kept in their history)",
                _answer(
                    "assessment, prompt (or null) and nudge_id",
                    {
                        "type": "object",
                        "properties": {
                            "assessment": _ref("Assessment"),
                            "prompt": _ref("Prompt"),
                            "nudge_id": {"type": ["integer", "null"]},
                        },
                    },
                ),
                _body(
                    {
                        "type": "object",
                        "required": ["text", "author_id"],
                        "properties": {
                            "text": text,
                            "author_id": ident,
                            "comment_id": ident,
                            "locale": tag,
                            "region": tag,
                            "lang": tag,
                        },
                    },
                    {"text": "va te pendre", "author_id": "u1", "locale": "fr-FR"},
                ),
            )
        },
        "/v1/review": {
            "post": _op(
                "The verdict on an edited comment: acceptable, still_offensive or disguised",
                _answer("the review", {"type": "object"}),
                _body(
                    {
                        "type": "object",
                        "required": ["before", "after"],
                        "properties": {
                            "before": text,
                            "after": text,
                            "nudge_id": record_id,
                            "comment_id": ident,
                            "locale": tag,
                            "lang": tag,
                        },
                    },
                    {"before": "you are an idiot", "after": "you are an id1ot"},
                ),
            )
        },
        "/v1/outcome": {
            "post": _op(
                "What the author did after a prompt",
                _answer("recorded", {"type": "object"}),
                _body(
                    {
                        "type": "object",
                        "required": ["nudge_id", "outcome"],
                        "properties": {
                            "nudge_id": record_id,
                            "outcome": {"enum": ["withdrawn", "posted_anyway", "edited"]},
                            "verdict": {"enum": ["acceptable", "still_offensive", "disguised"]},
                        },
                    },
                    {"nudge_id": 1, "outcome": "posted_anyway"},
                ),
            )
        },
        "/v1/stats": {
            "get": _op("Prompt outcome figures", _answer("counts and rates", {"type": "object"}))
        },
        "/v1/decide": {
            "post": _op(
                "A creator's policies decide a comment (stored when it has an id)",
                _answer("the decision and the stored status", {"type": "object"}),
                _body(
                    {
                        "type": "object",
                        "required": ["creator_id", "comment"],
                        "properties": {
                            "creator_id": ident,
                            "comment": {
                                "type": "object",
                                "required": ["text", "author_id"],
                                "properties": {
                                    "id": ident,
                                    "text": text,
                                    "author_id": ident,
                                    "thread_id": ident,
                                },
                            },
                            "settings": _ref("Settings"),
                            "locale": tag,
                            "store": {"type": "boolean"},
                        },
                    },
                    {
                        "creator_id": "creator-1",
                        "comment": {"id": "c1", "text": "first!", "author_id": "u1"},
                        "settings": {"version": 1, "policies": [{"type": "filter_all"}]},
                    },
                ),
            )
        },
        "/v1/creators/{creator_id}/settings": {
            "get": _op(
                "A creator's stored settings",
                _answer("settings", {"type": "object"}),
                params=[creator],
            ),
            "put": _op(
                "Replace a creator's settings (checked first)",
                _answer("settings", {"type": "object"}),
                _body(_ref("Settings"), {"version": 1, "policies": [{"type": "filter_all"}]}),
                [creator],
            ),
        },
        "/v1/creators/{creator_id}/comments": {
            "get": _op(
                "A creator's stored comments (the approval queue is status=pending)",
                _answer("comments, oldest first", {"type": "object"}),
                params=[
                    creator,
                    {
                        "name": "status",
                        "in": "query",
                        "schema": schemas["Comment"]["properties"]["status"],
                    },
                    {"name": "thread_id", "in": "query", "schema": ident},
                ],
            )
        },
        "/v1/creators/{creator_id}/bulk": {
            "post": _op(
                f"Approve, delete, report or hide up to {limits.max_batch} comments at once",
                _answer("one item per id: done, skipped or failed", {"type": "object"}),
                _body(
                    {
                        "type": "object",
                        "required": ["action", "ids"],
                        "properties": {
                            "action": {"enum": ["approve", "delete", "report", "hide"]},
                            "ids": {**batch, "items": ident, "uniqueItems": True},
                        },
                    },
                    {"action": "approve", "ids": ["c1", "c2"]},
                ),
                [creator],
            )
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "nudge",
            "version": __version__,
            "description": "Kindness nudges for comment sections: score comments, choose"
            " the prompt to show, review edits, apply a creator's policies, bulk moderation."
            f" Bodies up to {limits.max_body_bytes} bytes; batches up to {limits.max_batch}"
            f" items; comments up to {limits.max_text_chars} characters.",
        },
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {
                "Error": _answer(
                    "an error, with a stable code and the field at fault", _ref("Error")
                )
            },
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            },
        },
    }
