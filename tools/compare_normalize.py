"""Differential test of the normaliser: the pure-Python core against the Rust core.

Run twice, with two interpreters: the old one (the pure-Python ``nudge``) dumps what it
computes, the new one (``nudge`` over ``nudge._core``) computes the same and compares::

    /work/venv-old/bin/python tools/compare_normalize.py dump --out /tmp/old.jsonl.gz
    python tools/compare_normalize.py compare /tmp/old.jsonl.gz

Inputs: every text of ``--shared`` (the golden data set, JSON lines with "text"), of
``tests/golden/assessments.jsonl.gz``, and ``--random`` random strings (any code point,
lone surrogates included, glued with the obfuscation pieces of ``tests/strategies.py``),
seeded, so both runs see the same strings.  Each text is normalised with every step on
and with each step off in turn.  Compared: ``text``, ``steps``, ``scan()`` (words,
starts, ends, kinds), ``tokens()`` (original offsets, stretched marks) and, with every
step on, ``to_original`` of every one-character span.  ``--shard i/k`` takes every k-th
text from the i-th, to spread a run over processes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from strategies import OBFUSCATION_PIECES  # noqa: E402

from nudge.normalize import NormalizeConfig, normalize  # noqa: E402

STEP_NAMES = tuple(f for f in NormalizeConfig.__dataclass_fields__)
CONFIGS: list[tuple[str, NormalizeConfig]] = [("all", NormalizeConfig())] + [
    (f"-{name}", NormalizeConfig(**{name: False})) for name in STEP_NAMES
]


def random_text(rng: random.Random) -> str:
    """A short string of any code points and obfuscation pieces."""
    parts = []
    for _ in range(rng.randint(0, 16)):
        roll = rng.random()
        if roll < 0.25:
            parts.append(chr(rng.randint(0, 0x10FFFF)))
        elif roll < 0.35:
            parts.append(chr(rng.randint(0, 0x2FFF)))
        elif roll < 0.4:
            parts.append(
                chr(rng.choice((0xD800, 0xDBFF, 0xDC00, 0xDFFF, rng.randint(0xD800, 0xDFFF))))
            )
        else:
            parts.append(rng.choice(OBFUSCATION_PIECES))
    return "".join(parts)


def texts(args: argparse.Namespace) -> Iterator[str]:
    for path in (args.shared, ROOT / "tests" / "golden" / "assessments.jsonl.gz"):
        if path is None or not Path(path).exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)["text"]
    rng = random.Random(args.seed)
    for _ in range(args.random):
        yield random_text(rng)


def record(text: str, cfg: NormalizeConfig, full_map: bool) -> dict[str, Any]:
    n = normalize(text, cfg)
    words, starts, ends, kinds = n.scan()
    out: dict[str, Any] = {
        "text": n.text,
        "steps": list(n.steps),
        "scan": [words, starts, ends, kinds],
        "tokens": [[t.orig_start, t.orig_end, list(t.stretched)] for t in n.tokens()],
    }
    if full_map:
        out["map"] = [n.to_original(k, k + 1) for k in range(len(n.text))]
    return out


def selected(args: argparse.Namespace) -> Iterator[tuple[int, str]]:
    index, count = (int(x) for x in args.shard.split("/"))
    for i, text in enumerate(texts(args)):
        if i % count == index:
            yield i, text


def encode(text: str) -> str | list[int]:
    """The text for JSON: as code points when it holds a surrogate (JSON would join a
    high and a low surrogate into one character)."""
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        return [ord(ch) for ch in text]
    return text


def decode(value: str | list[int]) -> str:
    return value if isinstance(value, str) else "".join(map(chr, value))


def dump(args: argparse.Namespace) -> None:
    with gzip.open(args.out, "wt", encoding="utf-8") as out:
        for i, text in selected(args):
            for name, cfg in CONFIGS:
                rec = record(text, cfg, full_map=name == "all")
                rec.update(i=i, cfg=name, input=encode(text))
                out.write(json.dumps(rec) + "\n")


def compare(args: argparse.Namespace) -> None:
    configs = dict(CONFIGS)
    differ: Counter[str] = Counter()
    examples: dict[str, list[tuple[str, str, Any, Any]]] = {}
    total = 0
    inputs = set()
    with gzip.open(args.dump, "rt", encoding="utf-8") as fh:
        for line in fh:
            old = json.loads(line)
            total += 1
            inputs.add(old["i"])
            text = decode(old["input"])
            new = record(text, configs[old["cfg"]], full_map="map" in old)
            new = json.loads(json.dumps(new))  # the same JSON form (tuples become lists)
            for key in ("text", "steps", "scan", "tokens", "map"):
                if key in old and old[key] != new[key]:
                    differ[key] += 1
                    kept = examples.setdefault(key, [])
                    if len(kept) < args.examples:
                        kept.append((text, old["cfg"], old[key], new[key]))
    print(f"{total} records ({len(inputs)} texts x {len(CONFIGS)} configs)")
    print("differences:", dict(differ) or 0)
    for key, kept in examples.items():
        for text, cfg, a, b in kept:
            print(f"  {key} {cfg} {text!r}\n    old {a!r}\n    new {b!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="run the reference normaliser, write JSON lines")
    d.add_argument("--out", required=True)
    d.add_argument("--shared", default="/work/golden/shared.jsonl.gz")
    d.add_argument("--random", type=int, default=200_000)
    d.add_argument("--seed", type=int, default=12)
    d.add_argument("--shard", default="0/1")
    c = sub.add_parser("compare", help="recompute with this interpreter's nudge, compare")
    c.add_argument("dump")
    c.add_argument("--examples", type=int, default=5)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args)
    else:
        compare(args)


if __name__ == "__main__":
    main()
