"""Test configuration: Hypothesis runs derandomised on CI, so a red run can be replayed;
compiled packs are cached in a temporary folder, never in the user's real cache."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from hypothesis import settings

settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

# Set before any test imports nudge (doctests call Scorer.load()); subprocesses inherit it.
_CACHE = tempfile.mkdtemp(prefix="nudge-test-cache-")
os.environ["NUDGE_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
