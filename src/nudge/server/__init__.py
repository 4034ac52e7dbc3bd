"""``nudge serve``: an HTTP API and a demo comment box (install ``nudge[server]``).

:func:`create_app` builds the ASGI app; :func:`run` serves it with uvicorn.  State lives
behind :class:`~nudge.server.storage.Storage` (SQLite by default).  See docs/server.md.

>>> from nudge.server import create_app
>>> create_app(db=":memory:").state.service.limits.max_batch
100
"""

from __future__ import annotations

from nudge.server.app import ApiError, create_app
from nudge.server.storage import SqliteStorage, Storage

__all__ = ["ApiError", "SqliteStorage", "Storage", "create_app", "run"]


def run(
    host: str = "127.0.0.1",
    port: int = 8000,
    db: str = "nudge.db",
    *,
    workers: int = 1,
    log_level: str = "warning",
) -> None:  # pragma: no cover - exercised by the browser tests in a subprocess
    """Serve the API with uvicorn (blocks until stopped).

    With ``workers > 1`` uvicorn starts that many processes, each with its own scorer and
    its own connection to the one SQLite file.
    """
    import os

    import uvicorn

    if workers > 1:
        os.environ["NUDGE_SERVE_DB"] = db
        uvicorn.run("nudge.server._factory:app", factory=True, host=host, port=port,
                    workers=workers, log_level=log_level)  # fmt: skip
        return
    uvicorn.run(create_app(db=db), host=host, port=port, log_level=log_level)
