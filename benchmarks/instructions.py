"""Benchmark: the instructions the compiled core executes on a corpus, counted by callgrind.

Seconds move with whatever else a machine runs; instruction counts do not (the same
binary, inputs and environment give the same count, whichever core is busy), so the
rounds of issue #12 compare them.  This script runs itself under ``valgrind
--tool=callgrind`` with collection switched on only inside the measured call:

* a corpus (``davidson``, ``benign_ud_en``, ``benign_ud_fr``, ... any folder of
  ``../shared/data`` ``_corpus.read_texts`` reads): each text scored once through
  ``Scorer.score`` to warm up, then one ``nudge._core.time_texts`` pass over all of them
  (normalise, scan and score in Rust; no Python result built);
* a worst case of ``core.py`` (``"masked distinct"``, ``"connard- repeated"``, ...) of
  ``--size`` characters, after a warm-up on its first 3,000;
* ``--pieces SIZE``: a corpus joined, repeated and cut into pieces of ``SIZE`` bytes,
  100 kB in all, as ``throughput.py``'s scaling cuts them; the count is also given a
  character, so 100 B, 10 kB and 1 MB pieces compare;
* ``clean``: ``--limit`` (2,000 by default) sentences of twenty English function words
  drawn at random (``_corpus.clean_sentences``): what a comment with no match pays for
  its plain words;
* ``first``: the ten comments of ``_corpus.FIRST_COMMENTS`` scored by ``score_many``
  right after a warm ``Scorer.load()`` (what tables made on first use cost; the cache
  file is written first, outside callgrind, so the load is a warm one).

With ``--results``, a corpus is counted through ``Scorer.score_many`` instead of
``time_texts``: the same scoring, plus reading the ``str``s and building every
``Assessment`` and ``Match`` (what a caller pays for the Python results, and what a
batch's calling thread does holding the GIL).  Freeing the results afterwards is not
counted.

Without valgrind the run says so and counts nothing (no bar either way).

    python benchmarks/instructions.py davidson --limit 2000 [--packs en,fr,es,de,it,pt]
    python benchmarks/instructions.py benign_ud_fr
    python benchmarks/instructions.py "masked distinct" --size 20000
    python benchmarks/instructions.py davidson --pieces 1000000
    python benchmarks/instructions.py first
    python benchmarks/instructions.py clean
    python benchmarks/instructions.py davidson --limit 2000 --results
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Final

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import nudge
from benchmarks import _corpus

NAME: Final = "instructions"

_TIME_TEXTS: Final = "_core::score::__pyfunction_time_texts"
_ASSESS_MANY: Final = "_core::score::CoreScorer::__pymethod_assess_many__"
_REFS: Final = re.compile(r"I\s+refs:\s+([\d,]+)")


def _texts(
    corpus: str, size: int, limit: int | None, synthetic: bool, piece: int | None = None
) -> list[str]:
    """The texts a corpus name stands for (see the module's docstring), cut into pieces
    of ``piece`` bytes when it is given."""
    from benchmarks import core

    if piece is not None:
        return _corpus.pieces(_texts(corpus, size, limit, synthetic), piece)
    if corpus == "davidson":
        return list(_corpus.davidson(synthetic=synthetic, limit=limit).texts)
    if corpus == "clean":
        return _corpus.clean_sentences(limit or 2_000)
    if corpus in core.WORST or corpus in core.DISTINCT:
        return [core.worst_text(corpus, size)]
    texts = _corpus.read_texts(corpus)
    if texts is None:
        raise SystemExit(f"no corpus {corpus!r} (a ../shared/data folder or a worst case)")
    return texts[:limit] if limit else texts


def _child(spec: dict[str, Any]) -> None:
    """What runs under callgrind: load, warm up, then the one measured call."""
    from nudge import _core

    packs = spec["packs"]
    scorer = nudge.Scorer.load(packs)
    if spec["corpus"] == "first":
        scorer.score("warm")  # the load's own lazy Python work, not a first comment's
        scorer.score_many(list(_corpus.FIRST_COMMENTS))
        return
    texts = _texts(
        spec["corpus"], spec["size"], spec["limit"], spec["synthetic"], spec.get("pieces")
    )
    for text in texts:
        scorer.score(text[:3000])
    if spec.get("results"):
        scorer.score_many(texts)
    else:
        _core.time_texts(scorer._core, texts, 1)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/instructions.py",
        description="instructions of the compiled core on a corpus, counted by callgrind",
    )
    _corpus.add_common_arguments(parser)
    parser.add_argument("corpus", nargs="?", default="davidson", help="what to count")
    parser.add_argument("--packs", default=None, metavar="CODES", help="comma-separated packs")
    parser.add_argument("--size", type=int, default=20_000, help="a worst case's characters")
    parser.add_argument(
        "--results",
        action="store_true",
        help="count Scorer.score_many (the Python results built too) rather than time_texts",
    )
    parser.add_argument(
        "--pieces",
        type=int,
        default=None,
        metavar="BYTES",
        help="cut the corpus into pieces of this many bytes (100 kB in all)",
    )
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    return parser


def run(args: argparse.Namespace | None = None) -> dict[str, Any]:
    """Count the instructions and return the figures as a dict (no bar)."""
    opts = _corpus.resolve_arguments(build_parser(), args)
    packs = opts.packs.split(",") if opts.packs else None
    spec = {
        "corpus": opts.corpus,
        "packs": packs,
        "size": opts.size,
        "limit": opts.limit,
        "synthetic": opts.synthetic,
        "results": opts.results and opts.corpus != "first",
        "pieces": opts.pieces if opts.corpus != "first" else None,
    }
    if opts.pieces is not None and opts.pieces < 1:
        raise SystemExit("--pieces: a positive number of bytes")
    counted = characters = None
    if opts.corpus != "first":
        texts = _texts(opts.corpus, opts.size, opts.limit, opts.synthetic, spec["pieces"])
        counted, characters = len(texts), sum(map(len, texts))
    result: dict[str, Any] = {
        "benchmark": NAME,
        "command": _corpus.command_line(),
        "environment": _corpus.environment(),
        "nudge_version": nudge.__version__,
        "options": spec,
        "texts": counted,
        "characters": characters,
        "measured": _ASSESS_MANY if opts.corpus == "first" or spec["results"] else _TIME_TEXTS,
        "instructions": None,
        "per_character": None,
        "skipped": None,
    }
    if opts.corpus == "first":
        # The cache file written first: the child's load is then the warm one measured.
        nudge.Scorer.load(packs)
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        result["skipped"] = "valgrind is not installed: nothing counted"
        return _corpus.finish(result, [], opts, report)
    with tempfile.TemporaryDirectory(prefix="nudge-callgrind-") as tmp:
        cmd = [
            valgrind,
            "--tool=callgrind",
            "--dump-instr=no",
            f"--callgrind-out-file={Path(tmp) / 'callgrind.out'}",
            f"--toggle-collect={result['measured']}",
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            json.dumps(spec),
        ]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=3600)
    found = _REFS.search(out.stderr)
    if out.returncode != 0 or found is None:
        tail = out.stderr.strip().splitlines()[-1:] or ["no output"]
        result["skipped"] = f"callgrind failed: {tail[0]}"
    else:
        result["instructions"] = int(found.group(1).replace(",", ""))
        if characters:
            result["per_character"] = result["instructions"] / characters
    return _corpus.finish(result, [], opts, report)


def report(result: dict[str, Any]) -> str:
    """The count as a line, with the command that produced it."""
    spec = result["options"]
    what = spec["corpus"]
    if spec.get("pieces"):
        what += f", pieces of {spec['pieces']:,} bytes"
    if result["texts"] is not None:
        what += f" ({result['texts']:,} texts, {result['characters']:,} characters)"
    packs = ",".join(spec["packs"]) if spec["packs"] else "default packs"
    lines = [f"$ {result['command']}", f"nudge {result['nudge_version']}; {what}; {packs}"]
    if result["instructions"] is None:
        lines.append(f"not counted: {result['skipped']}")
    else:
        lines.append(f"{result['instructions']:,} instructions inside {result['measured']}")
        if result["per_character"] is not None:
            lines.append(f"{result['per_character']:,.1f} instructions a character")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    opts = build_parser().parse_args(argv)
    if opts.child is not None:
        _child(json.loads(opts.child))
        return 0
    run(opts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
