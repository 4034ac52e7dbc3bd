"""The ``nudge`` command line.

``nudge check TEXT...`` scores comments (``-`` reads one per line from standard
input) and shows the score, severity, the matches highlighted in the original text,
the reasons and the prompt an app would show.  ``nudge pack validate|stats|new|list``
is the maintainers' tooling; ``nudge eval`` the researchers' benchmark of lexicons;
``nudge bench`` runs the throughput benchmarks of a source checkout.
``nudge score INPUT OUTPUT`` scores files of comments at scale (see docs/scale.md).

>>> main(["check", "--json", "t'es qu'un b0uffon"])  # doctest: +ELLIPSIS
{"text": "t'es qu'un b0uffon", "score": ..., "flagged": true, ...}
0
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from nudge.errors import NudgeError

__all__ = ["main"]


def _check_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "check",
        help="score comments",
        description="Score comments. Exit status: 0 done, 1 a comment was flagged "
        "(with --fail-on-flag), 2 usage or input error.",
    )
    p.add_argument(
        "texts",
        nargs="*",
        metavar="TEXT",
        help="comments to score; - (or no TEXT with piped input) reads one per line from stdin",
    )
    p.add_argument("--packs", default=None, help="comma-separated pack codes (default: en,fr)")
    p.add_argument("--pack-path", action="append", default=[], help="a pack folder to load")
    p.add_argument("--lang", default=None, help="force the comment language")
    p.add_argument(
        "--threshold", type=_unit_interval, default=0.5, help="flag at this score (0..1)"
    )
    p.add_argument("--locale", default=None, help="locale of the prompt (default: the comment's)")
    p.add_argument("--no-prompt", action="store_true", help="do not show the prompt")
    p.add_argument("--json", action="store_true", help="one JSON object per input")
    p.add_argument(
        "--fail-on-flag",
        action="store_true",
        help="exit with status 1 when any comment is flagged (for scripts and hooks)",
    )


def _unit_interval(value: str) -> float:
    """An argparse type: a number in [0, 1] (not nan), else a usage error (exit 2)."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {value}")
    return number


def _pack_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("pack", help="language-pack tooling for maintainers")
    psub = p.add_subparsers(dest="pack_command", required=True, help="what to do")
    v = psub.add_parser("validate", help="check packs: file:line: field: message")
    v.add_argument("paths", nargs="+", help="pack folders")
    v.add_argument("--strict", action="store_true", help="warnings fail too")
    v.add_argument("--json", action="store_true", help="one JSON object per pack")
    s = psub.add_parser("stats", help="count entries by category, severity and match kind")
    s.add_argument("paths", nargs="+", help="pack folders")
    n = psub.add_parser("new", help="scaffold a pack with commented templates")
    n.add_argument("code", help="the new pack's code (en, fr-CA)")
    n.add_argument("--dest", default="lexicons", help="folder to create it in")
    psub.add_parser("list", help="packs that can be loaded by name")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nudge", description="Kindness nudges for comment sections."
    )
    from nudge import __version__

    parser.add_argument("--version", action="version", version=f"nudge {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, help="the command")
    _check_parser(sub)
    _pack_parser(sub)
    sub.add_parser("eval", help="benchmark lexicons on labelled data (see nudge eval -h)",
                   add_help=False)  # fmt: skip
    sub.add_parser("bench", help="run the throughput benchmarks of a source checkout",
                   add_help=False)  # fmt: skip
    _serve_parser(sub)
    sub.add_parser("score", help="score files of comments, resumably (see nudge score -h)",
                   add_help=False)  # fmt: skip
    return parser


def _serve_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("serve", help="the HTTP API and demo page (needs nudge[server])")
    p.add_argument("--host", default=None, help="address to bind (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default: 8000)")
    p.add_argument("--db", default="nudge.db", help="SQLite file (created on first start)")
    p.add_argument("--workers", type=int, default=1, help="server processes sharing the db")


def _cmd_serve(args: argparse.Namespace) -> int:
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401

        from nudge.server import run
        from nudge.server.config import ServerDefaults
    except ImportError as exc:
        sys.stderr.write(f"nudge serve: {exc.name} is missing; pip install 'nudge[server]'\n")
        return 2
    defaults = ServerDefaults.load()  # nudge/_data/server.toml
    host = defaults.host if args.host is None else args.host
    port = defaults.port if args.port is None else args.port
    run(host, port, args.db, workers=args.workers)
    return 0


def _inputs(texts: Sequence[str], stdin: TextIO) -> Iterator[str]:
    if not texts:
        texts = ["-"]  # no TEXT: the caller checked that input is piped
    for text in texts:
        if text == "-":
            for line in stdin:
                yield line.rstrip("\n")
        else:
            yield text


def _highlight(text: str, spans: Sequence[tuple[int, int]], color: bool) -> str:
    out = []
    pos = 0
    open_mark, close_mark = ("\x1b[1;31m", "\x1b[0m") if color else ("[", "]")
    for start, end in sorted(spans):
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append(open_mark + text[start:end] + close_mark)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _prompt_for(assessment: Any, locale: str | None) -> Any:
    from nudge.prompts import PromptChooser

    return PromptChooser.load().choose(assessment, locale=locale, key=assessment.text)


def _cmd_check(args: argparse.Namespace, out: TextIO, stdin: TextIO) -> int:
    from nudge.scorer import Scorer

    if not args.texts and stdin.isatty():
        sys.stderr.write("nudge check: give TEXT arguments, or pipe comments on stdin\n")
        return 2
    packs = None if args.packs is None else [p for p in args.packs.split(",") if p]
    scorer = Scorer.load(packs, paths=args.pack_path, threshold=args.threshold)
    color = out.isatty() and not os.environ.get("NO_COLOR")
    any_flagged = False
    for text in _inputs(args.texts, stdin):
        a = scorer.score(text, lang=args.lang)
        any_flagged = any_flagged or a.flagged
        prompt = None if args.no_prompt or not a.flagged else _prompt_for(a, args.locale)
        if args.json:
            record: dict[str, Any] = {
                "text": a.text,
                "score": a.score,
                "flagged": a.flagged,
                "severity": a.severity.name.lower(),
                "categories": dict(a.categories),
                "language": a.language,
                "matches": [asdict(m) for m in a.matches],
                "reasons": list(a.reasons),
            }
            if prompt is not None:
                record["prompt"] = {
                    "kind": str(getattr(prompt.kind, "value", prompt.kind)),
                    "message_id": prompt.message_id,
                    "text": prompt.text,
                    "actions": [
                        {"action": str(x.action), "label": x.label, "url": x.url}
                        for x in prompt.actions
                    ],
                    "locale": prompt.locale,
                }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            continue
        verdict = "FLAGGED" if a.flagged else "ok"
        out.write(f"{verdict:8} {a.score:.2f} {a.severity.name:6} {a.language or '-':3} ")
        out.write(_highlight(a.text, [(m.start, m.end) for m in a.matches], color) + "\n")
        for reason in a.reasons:
            out.write(f"         - {reason}\n")
        if prompt is not None:
            kind = getattr(prompt.kind, "value", prompt.kind)
            out.write(f"         prompt ({kind}): {prompt.text}\n")
    return 1 if args.fail_on_flag and any_flagged else 0


def _cmd_pack(args: argparse.Namespace, out: TextIO) -> int:
    from nudge.lexicon import available_packs
    from nudge.validate import new_pack, pack_stats, validate_pack

    if args.pack_command == "validate":
        failed = False
        for path in args.paths:
            problems = validate_pack(path)
            errors = [p for p in problems if p.level == "error" or args.strict]
            failed = failed or bool(errors)
            n_err = sum(1 for p in problems if p.level == "error")
            n_warn = len(problems) - n_err
            if args.json:
                record = {"pack": path, "ok": not errors, "problems": [asdict(p) for p in problems]}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                continue
            for p in problems:
                out.write(f"{p}\n")
            out.write(
                f"{path}: {'FAILED' if errors else 'ok'} ({n_err} errors, {n_warn} warnings)\n"
            )
        return 1 if failed else 0
    if args.pack_command == "stats":
        for path in args.paths:
            out.write(pack_stats(path).render() + "\n")
        return 0
    if args.pack_command == "new":
        folder = new_pack(args.code, args.dest)
        out.write(f"created {folder}: edit its files, then run: nudge pack validate {folder}\n")
        return 0
    for code, origin in available_packs().items():
        out.write(f"{code}\t{origin}\n")
    return 0


def _cmd_bench(argv: list[str]) -> int:
    if not Path("benchmarks", "__main__.py").is_file():
        sys.stderr.write("nudge bench: run it from a source checkout (no ./benchmarks here)\n")
        return 2
    return subprocess.call([sys.executable, "-m", "benchmarks", *argv])


def _tolerant_streams() -> None:
    """Undecodable input bytes become lone surrogates, and lone surrogates print escaped:
    a comment is never lost to an encoding error on the way in or out."""
    for stream, errors in ((sys.stdin, "surrogateescape"), (sys.stdout, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if callable(reconfigure):
            reconfigure(errors=errors)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit status (0 done, 1 flagged with
    ``--fail-on-flag`` or a pack that fails validation, 2 usage or input error).

    >>> main(["pack", "list"])  # doctest: +ELLIPSIS
    de	bundled
    ...
    0
    """
    args_list = list(sys.argv[1:] if argv is None else argv)
    if stdout is None and stdin is None:
        _tolerant_streams()
    out = stdout or sys.stdout
    try:
        status = _main(args_list, out, sys.stdin if stdin is None else stdin)
        out.flush()  # a closed pipe shows here, not in the interpreter's exit
        return status
    except BrokenPipeError:
        # The reader went away (``nudge check - | head``): stop quietly, as a shell tool
        # does, and keep Python from complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        finally:
            os.close(devnull)
        return 141


def _main(args_list: list[str], out: TextIO, stdin: TextIO) -> int:
    if args_list[:1] == ["eval"]:
        from nudge.research.evaluate import cli_main

        return cli_main(args_list[1:])
    if args_list[:1] == ["bench"]:
        return _cmd_bench(args_list[1:])
    if args_list[:1] == ["score"]:
        from nudge.backlog import cli_main as score_main

        return score_main(args_list[1:], stdout=out)
    args = _parser().parse_args(args_list)
    try:
        if args.command == "check":
            return _cmd_check(args, out, stdin)
        if args.command == "serve":
            return _cmd_serve(args)
        return _cmd_pack(args, out)
    except NudgeError as exc:
        sys.stderr.write(f"nudge: {exc}\n")
        return 2


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
