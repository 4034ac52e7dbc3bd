"""The app factory uvicorn imports in each worker process (``nudge serve --workers N``)."""

from __future__ import annotations

import os

from nudge.server.app import NudgeApp, create_app


def app() -> NudgeApp:
    """A new app on the database named by ``NUDGE_SERVE_DB``."""
    return create_app(db=os.environ.get("NUDGE_SERVE_DB", "nudge.db"))
