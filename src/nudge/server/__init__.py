"""``nudge serve``: an HTTP API and a demo comment box (install ``nudge[server]``).

:func:`create_app` builds the ASGI app (Starlette); :func:`run` serves it with uvicorn.
State lives behind :class:`~nudge.server.storage.Storage` (SQLite by default).  The web
stack is imported only when one of those is used, so ``nudge.server.storage`` and
``nudge.server.serialize`` work without the extra.  See docs/server.md.

>>> from nudge.server.storage import SqliteStorage
>>> SqliteStorage(":memory:").version >= 2
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from nudge.server.app import ApiError, create_app

__all__ = ["ApiError", "create_app", "run"]


def __getattr__(name: str) -> Any:
    if name in ("ApiError", "create_app"):
        from nudge.server import app

        return getattr(app, name)
    raise AttributeError(f"module 'nudge.server' has no attribute {name!r}")


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

    >>> run("127.0.0.1", 8000, "nudge.db", workers=2)  # doctest: +SKIP
    """
    import os

    import uvicorn

    from nudge.server.app import create_app

    if workers > 1:
        os.environ["NUDGE_SERVE_DB"] = db
        uvicorn.run("nudge.server._factory:app", factory=True, host=host, port=port,
                    workers=workers, log_level=log_level, access_log=False)  # fmt: skip
        return
    uvicorn.run(create_app(db=db), host=host, port=port, log_level=log_level, access_log=False)
