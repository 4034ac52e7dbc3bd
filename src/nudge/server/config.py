"""The limits and defaults of ``nudge serve``, read from ``nudge/_data/server.toml``.

>>> limits = Limits.load()
>>> limits.max_batch, limits.max_body_bytes
(100, 1048576)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any

from nudge.errors import ConfigError

__all__ = ["Limits", "ServerDefaults", "load_data"]

_FILE = "server.toml"


def load_data() -> dict[str, Any]:
    """The parsed ``server.toml``.

    >>> sorted(load_data())
    ['history', 'limits', 'server']
    """
    text = (resources.files("nudge") / "_data" / _FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = tomllib.loads(text)
    return data


def _positive_ints(section: str, raw: dict[str, Any], names: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for name in names:
        value = raw.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ConfigError(
                f"must be a positive integer, got {value!r}", path=f"{_FILE}: {section}.{name}"
            )
        out[name] = value
    return out


@dataclass(frozen=True, slots=True)
class Limits:
    """Request limits (see ``docs/server.md``).

    >>> Limits(max_body_bytes=10, max_batch=2, max_text_chars=5, max_id_chars=4,
    ...        max_listing=3, history_days=1).max_batch
    2
    """

    max_body_bytes: int
    max_batch: int
    max_text_chars: int
    max_id_chars: int
    max_listing: int
    history_days: int

    @classmethod
    def load(cls) -> Limits:
        """The bundled limits.

        >>> Limits.load().history_days > 0
        True
        """
        data = load_data()
        names = [f.name for f in fields(cls) if f.name != "history_days"]
        values = _positive_ints("limits", data.get("limits", {}), names)
        values |= {
            "history_days": _positive_ints("history", data.get("history", {}), ["days"])["days"]
        }
        return cls(**values)


@dataclass(frozen=True, slots=True)
class ServerDefaults:
    """Where the server binds by default, and the API key's variable.

    >>> d = ServerDefaults.load()
    >>> d.host, d.api_key_env
    ('127.0.0.1', 'NUDGE_API_KEY')
    """

    host: str
    port: int
    api_key_env: str

    @classmethod
    def load(cls) -> ServerDefaults:
        """The bundled defaults.

        >>> ServerDefaults.load().api_key_env
        'NUDGE_API_KEY'
        """
        data = load_data()
        server = data.get("server", {})
        port = _positive_ints("server", server, ["port"])["port"]
        return cls(
            str(server.get("host", "127.0.0.1")),
            port,
            str(server.get("api_key_env", "NUDGE_API_KEY")),
        )
