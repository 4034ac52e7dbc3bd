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

__all__ = ["TomlLines", "code_lines"]


def code_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it starts outside a multi-line string.

    >>> code_lines(["x = '''", "[[term]]", "'''", "[[term]]"])
    [True, False, False, True]
    """
    out = []
    inside: str | None = None
    for line in lines:
        out.append(inside is None)
        i = 0
        while i < len(line):
            if inside is None:
                if line[i] == "#":
                    break
                if line.startswith(('"""', "'''"), i):
                    inside = line[i : i + 3]
                    i += 3
                    continue
                if line[i] in "\"'":
                    # a one-line string: skip to its end (escapes only in "...")
                    quote, i = line[i], i + 1
                    while i < len(line) and line[i] != quote:
                        i += 2 if quote == '"' and line[i] == "\\" else 1
            elif line.startswith(inside, i) and (inside == "'''" or line[i - 1 : i] != "\\"):
                inside = None
                i += 3
                continue
            i += 1
    return out


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
