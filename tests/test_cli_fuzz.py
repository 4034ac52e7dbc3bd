"""Property test (issue #16): ``nudge check`` and ``nudge eval`` driven with random files
and arguments end with an exit status, never a traceback."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import (
    CHECK_OPTIONS,
    EVAL_OPTIONS,
    any_text,
    cli_option_words,
    data_file_bytes,
)

from nudge.cli import main

_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_SUFFIXES = (".jsonl", ".csv", ".tsv", ".txt", "")


def _status(argv: list[str], stdin: str = "") -> int:
    """Run the CLI in-process; an argparse exit counts as its status."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            return main(argv, stdout=out, stdin=io.StringIO(stdin))
        except SystemExit as stop:  # argparse: usage error (2) or --help (0)
            return stop.code if isinstance(stop.code, int) else 2


@_SETTINGS
@given(
    options=cli_option_words(CHECK_OPTIONS),
    texts=st.lists(any_text(), max_size=3),
    stdin=any_text(),
)
def test_check_never_raises(options: list[str], texts: list[str], stdin: str) -> None:
    status = _status(["check", *options, *texts], stdin)
    assert status in (0, 1, 2)


@_SETTINGS
@given(
    options=cli_option_words(EVAL_OPTIONS),
    files=st.lists(
        st.tuples(st.sampled_from(_SUFFIXES), data_file_bytes()), min_size=1, max_size=3
    ),
    as_lexicon=st.booleans(),
)
def test_eval_never_raises(
    options: list[str], files: list[tuple[str, bytes]], as_lexicon: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for i, (suffix, data) in enumerate(files):
            path = Path(folder) / f"f{i}{suffix}"
            path.write_bytes(data)
            paths.append(str(path))
        # Output options write inside the temporary folder (or a missing sub-folder).
        options = [
            str(Path(folder) / (o or "out").replace("/", "_")) if prev in _OUTPUTS else o
            for prev, o in zip(["", *options], options, strict=False)
        ]
        extra = ["--lexicon", paths[-1]] if as_lexicon else []
        argv = ["eval", *paths, *options, *extra, "--bootstrap", "20", "--no-peers"]
        status = _status(argv)
    assert status in (0, 2)


_OUTPUTS = frozenset({"--errors", "--json", "--markdown", "--plot"})


def test_an_output_path_the_system_refuses_is_a_usage_error(tmp_path: Path) -> None:
    # Found by test_eval_never_raises: "--errors" naming a NUL byte raised ValueError from
    # the path's resolution, and a folder given as the file raised IsADirectoryError.
    data = tmp_path / "d.jsonl"
    data.write_text('{"text": "you idiot", "label": 1}\n', encoding="utf-8")
    base = ["eval", str(data), "--bootstrap", "20", "--no-peers"]
    for option in ("--errors", "--json", "--markdown"):
        assert _status([*base, option, str(tmp_path / "\x00")]) == 2, option
    assert _status([*base, "--errors", str(tmp_path)]) == 2
