"""Test configuration: Hypothesis runs derandomised on CI, so a red run can be replayed;
compiled packs are cached in a temporary folder, never in the user's real cache."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Set before any test imports nudge (doctests call Scorer.load()); subprocesses inherit it.
_CACHE = tempfile.mkdtemp(prefix="nudge-test-cache-")
os.environ["NUDGE_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def six() -> Any:
    """A scorer of the six bundled languages, loaded once for the whole run (the tests of
    the other languages' rules share it: a scorer is immutable)."""
    from nudge import Scorer

    return Scorer.load(["en", "fr", "es", "de", "it", "pt"])


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty compiled-pack cache folder of the test's own, as a new process sees it
    (the cache tests' fixture; it stands in for pytest's ``cache``, which no test uses)."""
    from nudge import _cache

    folder = tmp_path / "cache"
    monkeypatch.setenv("NUDGE_CACHE_DIR", str(folder))
    monkeypatch.setattr(_cache, "_memo", {})  # as in a new process
    return folder
