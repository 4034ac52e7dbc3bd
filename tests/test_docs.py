"""Run the ``>>>`` examples of every ``docs/*.md`` page, one test per page.

Examples are read from fenced ``pycon`` blocks (and from untagged or ``python`` blocks
whose first line starts with ``>>>``); prose and other blocks are ignored.  Each page
runs in one namespace, top to bottom, like a doctest file, with ELLIPSIS and
NORMALIZE_WHITESPACE.  Pages with no examples are skipped.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)[^\n]*$")


def _example_text(markdown: str) -> str:
    """The page with everything but its example blocks blanked (line numbers are kept)."""
    lines = markdown.splitlines()
    out = [""] * len(lines)
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, lang = m.group(1), m.group(2), m.group(3).lower()
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence[0] * len(fence)):
            j += 1
        body = lines[i + 1 : j]
        first = next((line.strip() for line in body if line.strip()), "")
        if lang == "pycon" or (lang in ("", "python", "py") and first.startswith(">>>")):
            for k, line in enumerate(body, start=i + 1):
                out[k] = line[len(indent) :] if line.startswith(indent) else line
        i = j + 1
    return "\n".join(out) + "\n"


def _pages() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_doc_examples(page: Path) -> None:
    text = _example_text(page.read_text(encoding="utf-8"))
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {"__name__": "__main__"}, page.name, str(page), 0)
    if not test.examples:
        pytest.skip(f"{page.name} has no examples")
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report: list[str] = []
    result = runner.run(test, out=report.append)
    assert result.failed == 0, "".join(report)
