"""The HTTP API through an in-process client (no network)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx2")

from starlette.testclient import TestClient

import nudge
from nudge.server import create_app
from nudge.server.app import ERROR_CODES
from nudge.server.config import Limits
from nudge.server.storage import SqliteStorage

SCORER = nudge.Scorer.load()


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(db=":memory:", scorer=SCORER, api_key="")) as c:
        yield c


def error(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["error"]
    assert response.status_code == ERROR_CODES[body["code"]]
    return body


def test_score_equals_nudge_check_json(client: TestClient) -> None:
    texts = ["T'es qu'un c0nn4rd", "Scunthorpe United won the cup", "you stupid b1tch 🐍"]
    out = subprocess.run(
        [sys.executable, "-m", "nudge.cli", "check", "--json", "--no-prompt", *texts],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    expected = [json.loads(line) for line in out.splitlines()]
    batch = client.post("/v1/score", json={"texts": texts}).json()["assessments"]
    singles = [client.post("/v1/score", json={"text": t}).json()["assessment"] for t in texts]
    assert batch == expected
    assert singles == expected


def test_score_errors_name_the_field(client: TestClient) -> None:
    limits = Limits.load()
    assert error(client.post("/v1/score", json={"texts": ["ok", 3]}))["field"] == "texts[1]"
    too_many = error(client.post("/v1/score", json={"texts": ["a"] * (limits.max_batch + 1)}))
    assert too_many["code"] == "too_many_items"
    assert too_many["field"] == "texts"
    long = error(client.post("/v1/score", json={"text": "a" * (limits.max_text_chars + 1)}))
    assert long["field"] == "text"
    assert error(client.post("/v1/score", json={}))["field"] == "text"
    assert error(client.post("/v1/score", content=b"{nope"))["code"] == "invalid_json"
    big = b'{"text": "' + b"a" * limits.max_body_bytes + b'"}'
    assert error(client.post("/v1/score", content=big))["code"] == "too_large"
    assert error(client.post("/v1/score", json=[1]))["code"] == "invalid_field"
    assert error(client.get("/v1/score"))["code"] == "method_not_allowed"
    assert error(client.get("/v2/nothing"))["code"] == "not_found"


def test_answers_never_carry_raw_markup(client: TestClient) -> None:
    text = "<img src=x onerror=alert(1)> & you idiot"
    response = client.post("/v1/score", json={"text": text})
    assert "<" not in response.text and "&" not in response.text.replace("\\u0026", "")
    assert response.json()["assessment"]["text"] == text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-type"].startswith("application/json")


def test_prompt_uses_the_history_for_fatigue(client: TestClient) -> None:
    shown = []
    for i in range(4):
        body = {"text": "you are an idiot", "author_id": "u1", "comment_id": f"c{i}"}
        shown.append(client.post("/v1/prompt", json=body).json())
    assert [s["prompt"] is not None for s in shown] == [True, True, True, False]
    assert [s["nudge_id"] for s in shown[:3]] == [1, 2, 3]
    # Never the same wording twice in a row: the history is read back from the database.
    assert shown[0]["prompt"]["message_id"] != shown[1]["prompt"]["message_id"]
    other = client.post("/v1/prompt", json={"text": "you are an idiot", "author_id": "u2"})
    assert other.json()["prompt"]["kind"] == "targeted"


def test_prompt_in_french_carries_3018(client: TestClient) -> None:
    body = {"text": "je vais te tuer", "author_id": "u1", "locale": "fr-FR"}
    prompt = client.post("/v1/prompt", json=body).json()["prompt"]
    assert prompt["kind"] == "threat"
    assert "3018" in [r["contact"] for r in prompt["resources"]]
    labels = [a["label"] for a in prompt["actions"]]
    assert "Modifier" in labels


def test_review_and_outcomes_feed_the_stats(client: TestClient) -> None:
    first = client.post("/v1/prompt", json={"text": "you are an idiot", "author_id": "a"}).json()
    disguised = client.post(
        "/v1/review",
        json={"before": "you are an idiot", "after": "you are an id1ot", "nudge_id": 1},
    ).json()
    assert disguised["verdict"] == "disguised"
    assert disguised["surviving_terms"] == ["idiot"]
    kind = client.post(
        "/v1/review",
        json={"before": "you are an idiot", "after": "I disagree with you",
              "nudge_id": first["nudge_id"]},
    ).json()  # fmt: skip
    assert kind["verdict"] == "acceptable" and kind["thanks"]["kind"] == "thanks"
    client.post("/v1/prompt", json={"text": "you moron", "author_id": "b"})
    assert (
        client.post("/v1/outcome", json={"nudge_id": 2, "outcome": "withdrawn"}).status_code == 200
    )
    total = client.get("/v1/stats").json()["total"]
    assert (total["shown"], total["edited"], total["withdrawn"]) == (2, 1, 1)
    assert total["edits_acceptable"]["successes"] == 1
    missing = error(client.post("/v1/outcome", json={"nudge_id": 99, "outcome": "withdrawn"}))
    assert (missing["code"], missing["field"]) == ("not_found", "nudge_id")
    wrong = {"nudge_id": 1, "outcome": "withdrawn", "verdict": "acceptable"}
    bad = error(client.post("/v1/outcome", json=wrong))
    assert bad["field"] == "verdict"


def test_decide_with_stored_settings_and_bulk(client: TestClient) -> None:
    settings = {
        "version": 1,
        "policies": [
            {"type": "filter_all"},
            {"type": "keyword_filter", "words": ["spoiler"], "action": "reject"},
        ],
    }
    assert client.put("/v1/creators/me/settings", json=settings).status_code == 200
    assert client.get("/v1/creators/me/settings").json()["settings"] == settings
    actions = []
    for i, text in enumerate(["first!", "great video", "spoiler: he dies"]):
        body = {"creator_id": "me", "comment": {"id": f"c{i}", "text": text, "author_id": "fan"}}
        actions.append(client.post("/v1/decide", json=body).json())
    assert [a["decision"]["action"] for a in actions] == ["hold", "hold", "reject"]
    assert [a["stored"] for a in actions] == ["pending", "pending", "rejected"]
    queue = client.get("/v1/creators/me/comments", params={"status": "pending"}).json()
    assert [c["id"] for c in queue["comments"]] == ["c0", "c1"]
    result = client.post(
        "/v1/creators/me/bulk", json={"action": "approve", "ids": ["c0", "c1", "c2", "zz"]}
    ).json()
    assert [(i["id"], i["status"]) for i in result["items"]] == [
        ("c0", "done"), ("c1", "done"), ("c2", "done"), ("zz", "failed"),
    ]  # fmt: skip
    again = client.post("/v1/creators/me/bulk", json={"action": "approve", "ids": ["c0"]}).json()
    assert again["items"][0] == {"id": "c0", "status": "skipped", "reason": "already visible"}
    dup = error(client.post("/v1/creators/me/bulk", json={"action": "delete", "ids": ["a", "a"]}))
    assert dup["field"] == "ids[1]"
    many = {"action": "delete", "ids": [f"c{i}" for i in range(101)]}
    over = error(client.post("/v1/creators/me/bulk", json=many))
    assert over["code"] == "too_many_items"


def test_bad_settings_name_the_field(client: TestClient) -> None:
    bad = {"version": 1, "policies": [{"type": "offensive_filter", "threshold": 1.5}]}
    body = error(client.put("/v1/creators/me/settings", json=bad))
    assert body == {
        "code": "invalid_settings",
        "message": "must be between 0 and 1, got 1.5",
        "field": "settings.policies[0].threshold",
    }
    inline = error(client.post("/v1/decide", json={
        "creator_id": "me", "comment": {"text": "hi", "author_id": "u"},
        "settings": {"version": 1, "policies": [{"type": "shadowban"}]}}))  # fmt: skip
    assert inline["field"] == "settings.policies[0].type"


def test_api_key_when_set() -> None:
    with TestClient(create_app(db=":memory:", scorer=SCORER, api_key="k3y")) as c:
        assert error(c.post("/v1/score", json={"text": "hi"}))["code"] == "unauthorized"
        wrong = c.post("/v1/score", json={"text": "hi"}, headers={"X-API-Key": "nope"})
        assert wrong.status_code == 401
        ok = c.post("/v1/score", json={"text": "hi"}, headers={"Authorization": "Bearer k3y"})
        assert ok.status_code == 200
        assert c.post("/v1/score", json={"text": "hi"}, headers={"X-API-Key": "k3y"}).is_success
        assert c.get("/healthz").status_code == 200  # health checks need no key


def test_api_key_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUDGE_API_KEY", "from-env")
    with TestClient(create_app(db=":memory:", scorer=SCORER)) as c:
        assert c.post("/v1/score", json={"text": "hi"}).status_code == 401


def test_custom_storage_is_used(tmp_path: Any) -> None:
    store = SqliteStorage(tmp_path / "mine.db")
    with TestClient(create_app(storage=store, scorer=SCORER, api_key="")) as c:
        c.post("/v1/prompt", json={"text": "you are an idiot", "author_id": "u"})
    assert len(store.nudge_records()) == 1
    store.close()


def test_demo_page_and_schema(client: TestClient) -> None:
    page = client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "<script" in page.text and "http" not in page.text.replace('href="/', "")
    assert client.get("/static/i18n/fr.json").json()["locale"] == "fr-FR"
    schema = client.get("/openapi.json").json()
    ids = schema["paths"]["/v1/creators/{creator_id}/bulk"]["post"]["requestBody"]
    assert ids["content"]["application/json"]["schema"]["properties"]["ids"]["maxItems"] == 100


def test_found_by_the_fuzz_and_fixed(client: TestClient) -> None:
    # A lone surrogate is valid JSON but not text; an id past SQLite's 64-bit integers.
    lone = error(client.post("/v1/score", content=b'{"texts": ["ok", "a\\ud800b"]}'))
    assert (lone["code"], lone["field"]) == ("invalid_field", "texts[1]")
    pair = client.post("/v1/score", content=b'{"text": "a\\ud83d\\ude00b"}')
    assert pair.json()["assessment"]["text"] == "a\U0001f600b"
    huge = error(client.post("/v1/outcome", json={"nudge_id": 2**63, "outcome": "withdrawn"}))
    assert huge["field"] == "nudge_id"
    deep = error(client.post("/v1/score", content=b"[" * 100_000 + b"]" * 100_000))
    assert deep["code"] == "invalid_json"


def test_keyword_and_emoji_filter_from_stored_settings(client: TestClient) -> None:
    settings = {"version": 1, "policies": [{"type": "keyword_filter", "emoji": ["🐍"]}]}
    assert client.put("/v1/creators/me/settings", json=settings).status_code == 200
    actions = []
    for text in ["you 🐍🏽", "nice video"]:
        body = {"creator_id": "me", "comment": {"text": text, "author_id": "fan"}}
        actions.append(client.post("/v1/decide", json=body).json())
    assert [a["decision"]["action"] for a in actions] == ["hide", "allow"]
    assert [a["stored"] for a in actions] == [None, None]  # no comment id: nothing stored


def test_the_direct_score_route_reads_chunked_bodies_within_the_limit() -> None:
    import asyncio

    from starlette.datastructures import Headers

    from nudge.server.app import ApiError, _receive_body

    limits = Limits.load()

    def channel(*messages: dict[str, Any]) -> Any:
        queue = list(messages)

        async def receive() -> dict[str, Any]:
            return queue.pop(0)

        return receive

    no_length = Headers({})
    parts = channel(
        {"type": "http.request", "body": b'{"text":', "more_body": True},
        {"type": "http.request", "body": b' "hi"}', "more_body": False},
    )
    assert asyncio.run(_receive_body(parts, no_length, limits)) == b'{"text": "hi"}'
    gone = channel({"type": "http.disconnect"})
    assert asyncio.run(_receive_body(gone, no_length, limits)) is None
    half = b"x" * (limits.max_body_bytes // 2 + 1)
    big = channel(
        {"type": "http.request", "body": half, "more_body": True},
        {"type": "http.request", "body": half, "more_body": False},
    )
    with pytest.raises(ApiError) as caught:
        asyncio.run(_receive_body(big, no_length, limits))
    assert caught.value.code == "too_large"


def test_routed_and_direct_answers_agree(client: TestClient) -> None:
    # GET /v1/score goes through Starlette (405); POST is answered directly: both carry
    # the same headers and error shape.
    routed = client.get("/v1/score")
    direct = client.post("/v1/score", json={"text": 3})
    for response in (routed, direct):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["content-type"] == "application/json"
        assert set(response.json()["error"]) == {"code", "message", "field"}
