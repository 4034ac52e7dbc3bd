"""Every ``curl`` example of docs/server.md, sent in order to a live server: all answer 200."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from . import _launch

PAGE = Path(__file__).resolve().parents[2] / "docs" / "server.md"


def _curl_examples() -> list[tuple[str, str, str | None]]:
    out = []
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("curl "):
            continue
        words = shlex.split(line)
        method, body, url = "GET", None, ""
        i = 1
        while i < len(words):
            if words[i] == "-X":
                method, i = words[i + 1], i + 2
            elif words[i] in ("-d", "-H"):
                if words[i] == "-d":
                    body = words[i + 1]
                i += 2
            elif words[i].startswith("http"):
                url, i = words[i], i + 1
            else:
                i += 1
        parts = urlsplit(url)
        assert parts.hostname == "127.0.0.1", line
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        out.append((method, path, body))
    return out


def test_every_curl_example_answers_200(tmp_path: Path) -> None:
    examples = _curl_examples()
    assert len(examples) >= 8
    server = _launch.start(tmp_path / "docs.db")
    try:
        for method, path, body in examples:
            status, answer = server.call(method, path, None if body is None else json.loads(body))
            assert status == 200, (method, path, answer)
        _, queue = server.call("GET", "/v1/creators/creator-1/comments?status=visible")
        assert [c["id"] for c in queue["comments"]] == ["c-2"]
    finally:
        server.stop()
