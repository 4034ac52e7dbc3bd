"""The HTTP API of ``nudge serve`` (an ASGI app built with Starlette) and the demo page.

:func:`create_app` returns the app; :class:`Service` holds the scorer, the prompt
chooser and the storage the routes share.  Every answer is JSON (``dumps`` escapes markup
characters); every error is ``{"error": {"code", "message", "field"}}`` with a stable
``code`` (the list is ``ERROR_CODES``) and the field at fault when there is one.

>>> from starlette.testclient import TestClient
>>> client = TestClient(create_app(db=":memory:"))
>>> client.post("/v1/score", json={"text": "you are an idiot"}).json()["assessment"]["flagged"]
True
>>> client.post("/v1/score", json={"texts": [1]}).json()["error"]
{'code': 'invalid_field', 'message': 'expected a string, got integer', 'field': 'texts[0]'}
"""

from __future__ import annotations

import hmac
import json
import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Final

from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from nudge import __version__
from nudge.errors import ConfigError, NudgeError, PromptError
from nudge.policies import Comment, Context, PolicyChain, policy_from_config
from nudge.prompts import (
    AuthorHistory,
    EditVerdict,
    NudgeRecord,
    NudgeStats,
    Outcome,
    PromptChooser,
)
from nudge.scorer import Assessment, Scorer
from nudge.server.config import Limits, ServerDefaults
from nudge.server.openapi import openapi_schema
from nudge.server.serialize import (
    assessment_json,
    decision_json,
    dumps,
    prompt_json,
    review_json,
    stats_json,
)
from nudge.server.storage import (
    BULK_ACTIONS,
    CommentStatus,
    NotFoundError,
    SqliteStorage,
    Storage,
    StoredComment,
)

__all__ = ["ERROR_CODES", "ApiError", "NudgeApp", "Service", "create_app"]

_LOG = logging.getLogger("nudge.server")

ERROR_CODES: Final = {
    "invalid_json": 400,
    "unauthorized": 401,
    "not_found": 404,
    "method_not_allowed": 405,
    "too_large": 413,
    "invalid_field": 422,
    "too_many_items": 422,
    "invalid_settings": 422,
    "internal": 500,
}
"""Every error code the API returns, with its HTTP status."""

MAX_RECORD_ID: Final = 2**63 - 1
"""The largest record id (SQLite's integers are 64-bit)."""

_STATUS_OF_ACTION: Final = {
    "allow": CommentStatus.VISIBLE,
    "hold": CommentStatus.PENDING,
    "hide": CommentStatus.HIDDEN,
    "reject": CommentStatus.REJECTED,
}
_JSON_TYPES: Final = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    list: "array",
    dict: "object",
    type(None): "null",
}
_SECURITY_HEADERS: Final = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
# The demo page runs only its own files: no inline script, nothing from elsewhere.
_PAGE_CSP: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


class ApiError(Exception):
    """An error answer: a stable ``code`` (a key of ``ERROR_CODES``) and the field at fault.

    >>> ApiError("invalid_field", "expected a string", "text").status
    422
    """

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.status = ERROR_CODES[code]


def _json(value: Any, status: int = 200) -> Response:
    return Response(
        dumps(value), status_code=status, media_type="application/json", headers=_SECURITY_HEADERS
    )


def _error_text(code: str, message: str, field: str | None = None) -> str:
    return dumps({"error": {"code": code, "message": message, "field": field}})


def _error(code: str, message: str, field: str | None = None) -> Response:
    return Response(
        _error_text(code, message, field),
        status_code=ERROR_CODES[code],
        media_type="application/json",
        headers=_SECURITY_HEADERS,
    )


def _type_name(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


# ----------------------------------------------------------------------------- requests


class _Body:
    """Checked access to a JSON object body; every problem names its field."""

    def __init__(self, data: Any, limits: Limits, prefix: str = "") -> None:
        if not isinstance(data, dict):
            raise ApiError(
                "invalid_field", f"expected an object, got {_type_name(data)}", prefix or None
            )
        self.data: dict[str, Any] = data
        self.limits = limits
        self.prefix = prefix

    def path(self, name: str) -> str:
        return f"{self.prefix}.{name}" if self.prefix else name

    def has(self, name: str) -> bool:
        return self.data.get(name) is not None

    def text(self, name: str, *, required: bool = True, path: str | None = None) -> str:
        value = self.data.get(name)
        return _check_text(value, path or self.path(name), self.limits, required=required)

    def ident(self, name: str, *, required: bool = True) -> str | None:
        value = self.data.get(name)
        if value is None and not required:
            return None
        return _check_id(value, self.path(name), self.limits)

    def record_id(self, name: str) -> int:
        """A positive integer id that fits SQLite's 64-bit integers."""
        value = self.data.get(name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise ApiError("invalid_field", f"expected an integer, got {_type_name(value)}",
                           self.path(name))  # fmt: skip
        if not 1 <= value <= MAX_RECORD_ID:
            raise ApiError("invalid_field", f"expected an id from 1 to {MAX_RECORD_ID}",
                           self.path(name))  # fmt: skip
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            raise ApiError("invalid_field", f"expected a boolean, got {_type_name(value)}",
                           self.path(name))  # fmt: skip
        return value

    def choice(self, name: str, known: tuple[str, ...], *, required: bool = True) -> str | None:
        value = self.data.get(name)
        if value is None and not required:
            return None
        if not isinstance(value, str) or value not in known:
            shown = value if isinstance(value, str) else _type_name(value)
            raise ApiError("invalid_field", f"{shown!r} is not one of: {', '.join(known)}",
                           self.path(name))  # fmt: skip
        return value

    def short(self, name: str) -> str | None:
        """An optional short string (a language or locale code)."""
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise ApiError("invalid_field", f"expected a string, got {_type_name(value)}",
                           self.path(name))  # fmt: skip
        if not value or len(value) > 35 or not all(c.isascii() and (c.isalnum() or c in "-_")
                                                   for c in value):  # fmt: skip
            raise ApiError("invalid_field", "expected a language tag such as 'fr' or 'fr-FR'",
                           self.path(name))  # fmt: skip
        return value


def _check_text(value: Any, path: str, limits: Limits, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise ApiError("invalid_field", f"expected a string, got {_type_name(value)}", path)
    if len(value) > limits.max_text_chars:
        raise ApiError(
            "invalid_field",
            f"{len(value)} characters is more than the limit of {limits.max_text_chars}",
            path,
        )
    return value


def _check_id(value: Any, path: str, limits: Limits) -> str:
    if not isinstance(value, str):
        raise ApiError("invalid_field", f"expected a string, got {_type_name(value)}", path)
    if not value or not value.strip():
        raise ApiError("invalid_field", "expected a non-empty id", path)
    if len(value) > limits.max_id_chars:
        raise ApiError(
            "invalid_field",
            f"{len(value)} characters is more than the limit of {limits.max_id_chars}",
            path,
        )
    return value


def _check_list(value: Any, path: str, limits: Limits) -> list[Any]:
    if not isinstance(value, list):
        raise ApiError("invalid_field", f"expected an array, got {_type_name(value)}", path)
    if not value:
        raise ApiError("invalid_field", "expected at least one item", path)
    if len(value) > limits.max_batch:
        raise ApiError(
            "too_many_items",
            f"{len(value)} items is more than the limit of {limits.max_batch}",
            path,
        )
    return value


# ----------------------------------------------------------------------------- service


@dataclass(frozen=True, slots=True)
class Service:
    """What the routes share: scorer, chooser, storage, limits and the API key."""

    scorer: Scorer
    chooser: PromptChooser
    storage: Storage
    limits: Limits
    api_key: str | None
    chains: _ChainCache

    def history(self, author_id: str, now: datetime) -> AuthorHistory:
        """The author's nudges of the last ``limits.history_days`` days before ``now``.

        >>> scorer, chooser = Scorer.load(), PromptChooser.load()
        >>> service = Service(scorer, chooser, SqliteStorage(":memory:"), Limits.load(), None,
        ...                   _ChainCache(scorer, chooser))
        >>> service.history("fan", datetime(2026, 1, 1, tzinfo=UTC)).records
        ()
        """
        return self.storage.history(author_id, now - timedelta(days=self.limits.history_days))


class _ChainCache:
    """Compiled policy chains by their settings (compiling keyword lists is not free)."""

    def __init__(self, scorer: Scorer, chooser: PromptChooser, size: int = 256) -> None:
        self._scorer = scorer
        self._chooser = chooser
        self._size = size
        self._lock = threading.Lock()
        self._chains: OrderedDict[str, PolicyChain] = OrderedDict()

    def get(self, config: Mapping[str, Any], field: str) -> PolicyChain:
        key = json.dumps(config, sort_keys=True, ensure_ascii=False)
        with self._lock:
            chain = self._chains.get(key)
            if chain is not None:
                self._chains.move_to_end(key)
                return chain
        try:
            chain = policy_from_config(config, scorer=self._scorer, chooser=self._chooser)
        except ConfigError as exc:
            where = f"{field}.{exc.path}" if exc.path else field
            raise ApiError("invalid_settings", exc.message, where) from None
        except (NudgeError, ValueError, TypeError) as exc:
            raise ApiError("invalid_settings", str(exc), field) from None
        with self._lock:
            self._chains[key] = chain
            while len(self._chains) > self._size:
                self._chains.popitem(last=False)
        return chain


def _now() -> datetime:
    return datetime.now(UTC)


async def _read_json(request: Request, limits: Limits) -> Any:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit():
        if int(declared) > limits.max_body_bytes:
            raise ApiError(
                "too_large", f"the body is more than the limit of {limits.max_body_bytes} bytes"
            )
        raw = await request.body()  # the server stops reading at the declared length
    else:
        raw = await _read_capped(request, limits)
    return _parse_json(raw)


def _parse_json(raw: bytes) -> Any:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ApiError("invalid_json", f"the body is not JSON: {exc}") from None
    if _SURROGATE_ESCAPE.search(raw):
        _check_unicode(data, "")
    return data


async def _read_capped(request: Request, limits: Limits) -> bytes:
    """A body without a declared length (chunked), read up to the limit."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limits.max_body_bytes:
            raise ApiError(
                "too_large", f"the body is more than the limit of {limits.max_body_bytes} bytes"
            )
        chunks.append(chunk)
    return b"".join(chunks)


# JSON may spell a lone UTF-16 surrogate ("\ud800"), which is not text: it cannot be
# stored or sent back.  Only bodies with such an escape are walked.
_SURROGATE_ESCAPE: Final = re.compile(rb"\\u[dD][89a-fA-F]")


def _check_unicode(value: Any, path: str) -> None:
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise ApiError(
                    "invalid_field", "contains a lone surrogate (not valid Unicode)", where or None
                ) from None
        elif isinstance(item, list):
            stack.extend((x, f"{where}[{i}]") for i, x in enumerate(item))
        elif isinstance(item, dict):
            for key, x in item.items():
                _check_unicode(key, where)
                stack.append((x, f"{where}.{key}" if where else str(key)))


def _service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


def _authorize(headers: Headers, service: Service) -> None:
    if not service.api_key:
        return
    given = headers.get("x-api-key", "")
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        given = auth[7:].strip()
    if not hmac.compare_digest(given.encode(), service.api_key.encode()):
        raise ApiError("unauthorized", "missing or wrong API key (Authorization: Bearer <key>)")


def _field_of(exc: NudgeError) -> str | None:
    """The field a library error names.  The library's own checks (an unknown language, a
    bad locale...) are the request's fault: they become ``invalid_field`` answers."""
    field = getattr(exc, "field", None) or getattr(exc, "path", None)
    return field if isinstance(field, str) else None


Handler = Callable[[Request, Service], Awaitable[Any]]


def _endpoint(
    handler: Handler, *, public: bool = False
) -> Callable[[Request], Awaitable[Response]]:
    """Wrap a handler: API key (unless ``public``), the handler, every known error as JSON."""

    async def endpoint(request: Request) -> Response:
        service = _service(request)
        try:
            if not public:
                _authorize(request.headers, service)
            return _json(await handler(request, service))
        except ApiError as exc:
            return _error(exc.code, exc.message, exc.field)
        except NudgeError as exc:
            return _error("invalid_field", str(exc), _field_of(exc))

    endpoint.__name__ = handler.__name__
    endpoint.__doc__ = handler.__doc__
    return endpoint


# ----------------------------------------------------------------------------- routes


async def score(request: Request, service: Service) -> Any:
    """``POST /v1/score``: ``{"text": ...}`` or ``{"texts": [...]}`` -> assessments."""
    return _score_answer(await _read_json(request, service.limits), service)


def _score_answer(data: Any, service: Service) -> dict[str, Any]:
    body = _Body(data, service.limits)
    lang = body.short("lang")
    if body.has("texts") == body.has("text"):
        raise ApiError("invalid_field", "give either text or texts", "text")
    if body.has("text"):
        text = body.text("text")
        return {"assessment": assessment_json(service.scorer.score(text, lang=lang))}
    items = _check_list(body.data["texts"], "texts", service.limits)
    texts = [_check_text(t, f"texts[{i}]", service.limits) for i, t in enumerate(items)]
    return {"assessments": [assessment_json(a) for a in service.scorer.score_many(texts, lang)]}


async def prompt(request: Request, service: Service) -> Any:
    """``POST /v1/prompt``: the assessment and the prompt to show, kept in the history."""
    body = _Body(await _read_json(request, service.limits), service.limits)
    text = body.text("text")
    author = body.ident("author_id")
    assert author is not None
    locale = body.short("locale")
    region = body.short("region")
    key = body.ident("comment_id", required=False) or text
    now = _now()
    assessment = service.scorer.score(text, lang=body.short("lang"))
    history = service.history(author, now)
    try:
        chosen = service.chooser.choose(
            assessment,
            locale=locale,
            history=history,
            key=key,
            region=region.upper() if region else None,
            now=now,
        )
    except PromptError as exc:
        raise ApiError("invalid_field", str(exc)) from None
    nudge_id = None
    if chosen is not None:
        nudge_id = service.storage.add_nudge(author, NudgeRecord.of(chosen, now))
    return {
        "assessment": assessment_json(assessment),
        "prompt": prompt_json(chosen),
        "nudge_id": nudge_id,
    }


async def review(request: Request, service: Service) -> Any:
    """``POST /v1/review``: the verdict on an edited comment (and the outcome recorded)."""
    body = _Body(await _read_json(request, service.limits), service.limits)
    before = body.text("before")
    after = body.text("after")
    locale = body.short("locale")
    nudge_id = body.record_id("nudge_id") if body.has("nudge_id") else None
    key = body.ident("comment_id", required=False)
    before_a = service.scorer.score(before, lang=body.short("lang"))
    result = service.chooser.review_edit(before_a, after, locale=locale, key=key, now=_now())
    if nudge_id is not None:
        try:
            service.storage.set_outcome(nudge_id, Outcome.EDITED, result.verdict)
        except NotFoundError as exc:
            raise ApiError("not_found", str(exc), "nudge_id") from None
    after_a = result.after if isinstance(result.after, Assessment) else None
    return review_json(result, after_a)


async def outcome(request: Request, service: Service) -> Any:
    """``POST /v1/outcome``: what the author did after a prompt."""
    body = _Body(await _read_json(request, service.limits), service.limits)
    nudge_id = body.record_id("nudge_id")
    what = Outcome(body.choice("outcome", ("withdrawn", "posted_anyway", "edited")) or "")
    verdict_name = body.choice("verdict", tuple(v.value for v in EditVerdict), required=False)
    verdict = None if verdict_name is None else EditVerdict(verdict_name)
    if verdict is not None and what is not Outcome.EDITED:
        raise ApiError("invalid_field", "only an edited comment has an edit verdict", "verdict")
    try:
        service.storage.set_outcome(nudge_id, what, verdict)
    except NotFoundError as exc:
        raise ApiError("not_found", str(exc), "nudge_id") from None
    return {"nudge_id": nudge_id, "outcome": what.value, "verdict": verdict_name}


async def stats(request: Request, service: Service) -> Any:
    """``GET /v1/stats``: prompt outcome figures over every kept nudge."""
    return stats_json(NudgeStats.from_records(service.storage.nudge_records()))


def _creator(request: Request, service: Service) -> str:
    value = _check_id(request.path_params["creator_id"], "creator_id", service.limits)
    return value


def _settings_of(service: Service, creator: str) -> dict[str, Any]:
    return service.storage.settings(creator) or {"version": 1, "policies": []}


async def get_settings(request: Request, service: Service) -> Any:
    """``GET /v1/creators/{creator_id}/settings``."""
    creator = _creator(request, service)
    return {"creator_id": creator, "settings": _settings_of(service, creator)}


async def put_settings(request: Request, service: Service) -> Any:
    """``PUT /v1/creators/{creator_id}/settings``: checked, then stored."""
    creator = _creator(request, service)
    data = await _read_json(request, service.limits)
    if not isinstance(data, dict):
        raise ApiError("invalid_field", f"expected an object, got {_type_name(data)}", "settings")
    service.chains.get(data, "settings")  # raises invalid_settings naming the field
    service.storage.save_settings(creator, data, _now())
    return {"creator_id": creator, "settings": data}


async def decide(request: Request, service: Service) -> Any:
    """``POST /v1/decide``: a creator's policies decide one comment; the result is stored."""
    body = _Body(await _read_json(request, service.limits), service.limits)
    creator = body.ident("creator_id")
    assert creator is not None
    c = _Body(body.data.get("comment"), service.limits, "comment")
    text = c.text("text")
    author = c.ident("author_id")
    assert author is not None
    comment_id = c.ident("id", required=False)
    thread = c.ident("thread_id", required=False) or ""
    store = body.boolean("store", True)
    if body.has("settings"):
        settings = body.data["settings"]
        if not isinstance(settings, dict):
            raise ApiError("invalid_field", f"expected an object, got {_type_name(settings)}",
                           "settings")  # fmt: skip
    else:
        settings = _settings_of(service, creator)
    chain = service.chains.get(settings, "settings")
    now = _now()
    context = Context(
        creator_id=creator,
        locale=body.short("locale"),
        prompt_history=service.history(author, now),
        now=now,
    )
    decision = chain.decide(Comment(text, author, thread, comment_id=comment_id), context)
    status = _STATUS_OF_ACTION.get(decision.action.value)
    stored = None
    if store and comment_id is not None and status is not None:
        service.storage.save_comment(
            StoredComment(comment_id, creator, thread, author, text, status, now)
        )
        stored = status.value
    return {"decision": decision_json(decision), "stored": stored}


def _comment_json(c: StoredComment) -> dict[str, Any]:
    return {
        "id": c.id,
        "thread_id": c.thread_id,
        "author_id": c.author_id,
        "text": c.text,
        "status": c.status.value,
        "created_at": c.created_at.isoformat(),
    }


async def list_comments(request: Request, service: Service) -> Any:
    """``GET /v1/creators/{creator_id}/comments?status=pending&thread_id=...``."""
    creator = _creator(request, service)
    params = request.query_params
    status_name = params.get("status")
    statuses = tuple(s.value for s in CommentStatus)
    if status_name is not None and status_name not in statuses:
        raise ApiError("invalid_field", f"{status_name!r} is not one of: {', '.join(statuses)}",
                       "status")  # fmt: skip
    thread = params.get("thread_id")
    if thread is not None:
        _check_id(thread, "thread_id", service.limits)
    rows = service.storage.comments(
        creator,
        status=None if status_name is None else CommentStatus(status_name),
        thread_id=thread,
        limit=service.limits.max_listing,
    )
    return {"creator_id": creator, "comments": [_comment_json(c) for c in rows]}


async def bulk_action(request: Request, service: Service) -> Any:
    """``POST /v1/creators/{creator_id}/bulk``: approve, delete, report or hide <= 100 ids."""
    creator = _creator(request, service)
    body = _Body(await _read_json(request, service.limits), service.limits)
    action = body.choice("action", BULK_ACTIONS)
    assert action is not None
    items = _check_list(body.data.get("ids"), "ids", service.limits)
    ids: list[str] = []
    seen: dict[str, int] = {}
    for i, value in enumerate(items):
        ident = _check_id(value, f"ids[{i}]", service.limits)
        if ident in seen:
            raise ApiError("invalid_field", f"duplicate id (first at ids[{seen[ident]}])",
                           f"ids[{i}]")  # fmt: skip
        seen[ident] = i
        ids.append(ident)
    result = service.storage.bulk(creator, action, ids, now=_now())
    return {
        "action": result.action.value,
        "requested": len(ids),
        "counts": result.counts(),
        "items": [
            {"id": item.id, "status": item.status.value, "reason": item.reason}
            for item in result.items
        ],
    }


async def healthz(request: Request, service: Service) -> Any:
    """``GET /healthz``: the server is up and its storage answers."""
    service.storage.settings("\x00healthz")
    return {"status": "ok", "version": __version__}


# ----------------------------------------------------------------------------- pages


def _static_dir() -> Path:
    return Path(str(resources.files("nudge.server") / "static"))


async def index(request: Request) -> Response:
    """The demo page (the same file for every language: it reads ``?lang=``)."""
    html = (_static_dir() / "index.html").read_bytes()
    return Response(
        html,
        media_type="text/html; charset=utf-8",
        headers={
            **_SECURITY_HEADERS,
            "content-security-policy": _PAGE_CSP,
            "cache-control": "no-store",
        },
    )


async def openapi(request: Request) -> Response:
    """The OpenAPI 3.1 schema, with examples."""
    return _json(openapi_schema(request.app.state.service.limits))


def _with_headers(app: Any) -> Any:
    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                for name, value in _SECURITY_HEADERS.items():
                    if name.encode() not in names:
                        headers.append((name.encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped


async def _not_found(request: Request, exc: Exception) -> Response:
    if isinstance(exc, HTTPException) and exc.status_code == 405:
        return _error("method_not_allowed", f"{request.method} is not allowed here")
    return _error("not_found", f"no route {request.url.path}")


async def _internal(request: Request, exc: Exception) -> Response:
    return _error("internal", "internal error")


def create_app(
    *,
    db: str | Path = "nudge.db",
    storage: Storage | None = None,
    scorer: Scorer | None = None,
    chooser: PromptChooser | None = None,
    api_key: str | None = None,
    limits: Limits | None = None,
) -> NudgeApp:
    """The ASGI app.  ``storage`` defaults to :class:`SqliteStorage` on ``db``; ``api_key``
    defaults to the environment variable named in ``server.toml`` (``NUDGE_API_KEY``).

    >>> app = create_app(db=":memory:", api_key="s3cret")
    >>> from starlette.testclient import TestClient
    >>> TestClient(app).post("/v1/score", json={"text": "hi"}).status_code
    401
    """
    defaults = ServerDefaults.load()
    limits = limits or Limits.load()
    scorer = scorer or Scorer.load()
    chooser = chooser or PromptChooser.load(scorer=scorer)
    if api_key is None:
        api_key = os.environ.get(defaults.api_key_env) or None
    # The store lives as long as the process (a lifespan may run more than once, e.g. under
    # test clients): SQLite needs no explicit close for its data to be safe.
    store: Storage = SqliteStorage(db) if storage is None else storage
    service = Service(scorer, chooser, store, limits, api_key, _ChainCache(scorer, chooser))

    routes: list[BaseRoute] = [
        # Routes are tried in order: the busiest first.
        Route("/v1/score", _endpoint(score), methods=["POST"]),
        Route("/", index, methods=["GET"]),
        Route("/healthz", _endpoint(healthz, public=True), methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/v1/prompt", _endpoint(prompt), methods=["POST"]),
        Route("/v1/review", _endpoint(review), methods=["POST"]),
        Route("/v1/outcome", _endpoint(outcome), methods=["POST"]),
        Route("/v1/stats", _endpoint(stats), methods=["GET"]),
        Route("/v1/decide", _endpoint(decide), methods=["POST"]),
        Route("/v1/creators/{creator_id}/settings", _endpoint(get_settings), methods=["GET"]),
        Route("/v1/creators/{creator_id}/settings", _endpoint(put_settings), methods=["PUT"]),
        Route("/v1/creators/{creator_id}/comments", _endpoint(list_comments), methods=["GET"]),
        Route("/v1/creators/{creator_id}/bulk", _endpoint(bulk_action), methods=["POST"]),
        # Static files get the security headers from a thin wrapper; the JSON routes set
        # them on each answer (a middleware around every route costs throughput).
        Mount("/static", app=_with_headers(StaticFiles(directory=_static_dir())), name="static"),
    ]

    app = Starlette(
        routes=routes,
        exception_handlers={404: _not_found, 405: _not_found, Exception: _internal},
    )
    app.state.service = service
    return NudgeApp(app, service)


_JSON_HEADERS: Final = [
    (b"content-type", b"application/json"),
    *((k.encode(), v.encode()) for k, v in _SECURITY_HEADERS.items()),
]


class NudgeApp:
    """The ASGI app: ``POST /v1/score`` answered directly, everything else by Starlette.

    Scoring one comment is the busiest call and the one with a throughput bar; Starlette's
    request, routing and response objects cost about as much again as the JSON work, so
    this one route skips them.  It runs the same checks and builds the same answers as
    the routed handlers (``_authorize``, ``_parse_json``, ``_score_answer``, ``dumps``).

    >>> app = create_app(db=":memory:")
    >>> app.state.service.limits.max_batch
    100
    """

    def __init__(self, app: Starlette, service: Service) -> None:
        self.app = app
        self.service = service
        self.state = app.state

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/v1/score" and scope["method"] == "POST":
            await self._score(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _score(self, scope: Any, receive: Any, send: Any) -> None:
        service = self.service
        headers = Headers(scope=scope)
        try:
            _authorize(headers, service)
            raw = await _receive_body(receive, headers, service.limits)
            if raw is None:
                return  # the client went away
            status, text = 200, dumps(_score_answer(_parse_json(raw), service))
        except ApiError as exc:
            status, text = exc.status, _error_text(exc.code, exc.message, exc.field)
        except NudgeError as exc:
            status, text = 422, _error_text("invalid_field", str(exc), _field_of(exc))
        except Exception:
            _LOG.exception("POST /v1/score failed")
            status, text = 500, _error_text("internal", "internal error")
        payload = text.encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [*_JSON_HEADERS, (b"content-length", str(len(payload)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": payload})


async def _receive_body(receive: Any, headers: Headers, limits: Limits) -> bytes | None:
    """The request body read from the ASGI channel, at most ``max_body_bytes``."""
    declared = headers.get("content-length")
    too_large = ApiError(
        "too_large", f"the body is more than the limit of {limits.max_body_bytes} bytes"
    )
    if declared is not None and declared.isdigit() and int(declared) > limits.max_body_bytes:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limits.max_body_bytes:
            raise too_large
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)
