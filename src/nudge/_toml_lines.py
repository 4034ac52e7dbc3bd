"""Where things are in a TOML file: the line of each table, array-of-tables entry and key.

``tomllib`` gives the data but no line numbers; the pack reader and the message-catalogue
reader both need them for errors that say ``file:line: field: message``.  This is their
one line finder.  It compares plain strings (nothing read from a file becomes a regular
expression) and skips lines that start inside a multi-line string, where ``[[term]]`` or
``key =`` is text.

>>> text = "a = 1\\n[[term]]\\nterm = 'x'\\nnote = '''\\n[[term]]\\n'''\\n[[term]]\\n"
>>> lines = TomlLines(text)
>>> lines.entries("term"), lines.key("term", 2), lines.key("a")
([2, 7], 3, 1)
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["TomlLines", "code_lines"]


def code_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it starts outside a multi-line string.

    >>> code_lines(["x = '''", "[[term]]", "'''", "[[term]]"])
    [True, False, False, True]
    """
    # Reading every pack runs this over thousands of lines, so it jumps from one quote or
    # comment sign to the next with ``str.find`` rather than looking at each character.
    out = []
    inside: str | None = None
    for line in lines:
        out.append(inside is None)
        if inside is None:
            if "'" in line or '"' in line:
                inside = _scan(line, None)
        elif inside in line:
            inside = _scan(line, inside)
    return out


def _scan(line: str, inside: str | None) -> str | None:
    """The multi-line string still open at the end of ``line`` (``None``: none), given the
    one open at its start."""
    i, n = 0, len(line)
    while i < n:
        if inside is None:
            j = _next_mark(line, i)
            if j < 0 or line[j] == "#":
                return None
            if line.startswith(('"""', "'''"), j):
                inside, i = line[j : j + 3], j + 3
            else:
                i = _string_end(line, j + 1, line[j]) + 1  # a one-line string
        else:
            k = line.find(inside, i)
            if k < 0:
                return inside
            if inside == "'''" or line[k - 1 : k] != "\\":
                inside, i = None, k + 3
            else:
                i = k + 1  # an escaped quote inside a basic multi-line string
    return inside


def _next_mark(line: str, i: int) -> int:
    """The first ``#``, ``"`` or ``'`` at or after ``i`` (-1: none)."""
    m = re.compile(_MARK).search(line, i)  # compiled once, then from re's cache
    return -1 if m is None else m.start()


_MARK: Final = "[#\"']"


def _string_end(line: str, i: int, quote: str) -> int:
    """Where the one-line string whose text starts at ``i`` ends: the index of its closing
    quote, or ``len(line)`` when it is not closed (only ``"..."`` has escapes)."""
    while True:
        k = line.find(quote, i)
        if k < 0:
            return len(line)
        if quote == "'":
            return k
        run = 0  # backslashes right before the quote, counted from where the text starts
        while k - run - 1 >= i and line[k - run - 1] == "\\":
            run += 1
        if run % 2 == 0:
            return k
        i = k + 1


class TomlLines:
    """The 1-based lines of the tables, entries and keys of one TOML text."""

    def __init__(self, text: str) -> None:
        raw = text.splitlines()
        code = code_lines(raw)
        # A line inside a multi-line string is blanked: it is neither a header nor a key.
        self.lines = [
            line.strip() if is_code else "" for line, is_code in zip(raw, code, strict=True)
        ]

    @staticmethod
    def _header(line: str) -> str | None:
        """``"[[message]]"`` -> ``"message"``, ``"[kinds.threat]"`` -> ``"kinds.threat"``."""
        if not line.startswith("["):
            return None
        inner = line.split("#", 1)[0].strip().strip("[]")
        return ".".join(part.strip() for part in inner.split("."))

    @staticmethod
    def _is_key(line: str, name: str) -> bool:
        return line.startswith(name) and line[len(name) :].lstrip().startswith("=")

    def _next_header(self, start: int) -> int:
        for i in range(start, len(self.lines)):
            if self._header(self.lines[i]) is not None:
                return i
        return len(self.lines)

    def entries(self, key: str) -> list[int]:
        """The lines of the ``[[key]]`` headers, in order."""
        return [
            i + 1
            for i, line in enumerate(self.lines)
            if line.startswith("[[") and self._header(line) == key
        ]

    def table(self, dotted: str) -> int | None:
        """The line of the ``[dotted]`` table header."""
        for i, line in enumerate(self.lines):
            if not line.startswith("[[") and self._header(line) == dotted:
                return i + 1
        return None

    def key(self, name: str, start: int | None = None) -> int | None:
        """The line of ``name = ...`` at the top level, or in the table whose header is on
        line ``start``; ``start`` itself (the table) when the key is not written there."""
        begin = 0 if start is None else start
        for i in range(begin, self._next_header(begin)):
            if self._is_key(self.lines[i], name):
                return i + 1
        return start
