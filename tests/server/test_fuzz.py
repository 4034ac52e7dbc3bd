"""A bounded property-based fuzz of the API from its own OpenAPI schema: no 5xx, ever."""

from __future__ import annotations

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx2")
schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402

import nudge  # noqa: E402
from nudge.server import create_app  # noqa: E402

APP = create_app(db=":memory:", scorer=nudge.Scorer.load(), api_key="")
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)


@SCHEMA.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error(case: schemathesis.Case) -> None:
    response = case.call()
    # Only the "no 5xx" check: the answers' shapes are tested in test_api.py.
    case.validate_response(response, checks=[not_a_server_error])
