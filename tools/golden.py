"""Record and compare the scorer's answers, so a change of behaviour is a diff someone chose.

Two corpora:

* ``own``: texts this project wrote (the packs' examples and the normaliser cases), the
  same texts obfuscated every way ``nudge eval --robustness`` knows, and seeded
  adversarial glue (zero-width and bidi characters, lone surrogates, quotes, negators).
  Its record is committed as ``tests/golden/assessments.jsonl.gz`` and replayed by
  ``tests/test_golden.py``.
* ``shared``: every text of ``../shared/data`` plus obfuscated variants of the
  development sets.  Its record is kept outside the repository (the texts are not ours
  to ship); ``tests/golden/shared_digests.txt.gz`` keeps one digest per text so the
  suite can check it when ``../shared`` is present.

Usage (any importable ``nudge``; the pure-Python core of commit 438a921 made the
committed records)::

    python tools/golden.py record own  tests/golden/assessments.jsonl.gz
    python tools/golden.py record shared /tmp/shared.jsonl.gz \
        --digests tests/golden/shared_digests.txt.gz
    python tools/golden.py compare /tmp/shared.jsonl.gz

``--packs en,fr,es,de,it,pt`` records or compares with the scorer loaded with those
packs instead of the default ones (the wordlist scorer is the same either way); a record
must be compared with the packs it was recorded with.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
SEED = 20261204

# Pieces an obfuscator (or a benign writer) glues together.
_PIECES = (
    "you", "are", "a", "an", "idiot", "stupid", "bitch", "fuck", "connard", "salope",
    "not", "never", "i'm", "he", "said", "called", "me", "t'es", "qu'un", "pas", "va",
    "te", "faire", "kill", "yourself", "gay", "jews", "women", "les", "femmes", "sont",
    "des", "so", "fucking", "brilliant", "my", "niggas", "\"", "«", "»", "'", ",", ".",
    "!", "?", "\n", " ", " ", " ", "  ", "-", "*", "#", "@bob", "#tag", "http://x.co/a",
    "\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\ud800", "\udfff", "\x00",
    "\u0351\u0352\u0353", "\u0301", "ѕ", "о", "а", "ｆｕｃｋ", "𝐟", "🖕", "🏽", "👍",
    "❤\ufe0f", "🇫🇷", "0", "1", "3", "4", "@", "$", "!", "€", "f.u.c.k", "c0nn4rd",
    "b1tch", "fuuuuck", "I", "You", "Moby", "Dick", "ß", "œ", "é", "İ",
)  # fmt: skip


def _adversarial(count: int, rng: random.Random) -> Iterator[str]:
    for _ in range(count):
        size = rng.randint(1, 30)
        yield "".join(rng.choice(_PIECES) for _ in range(size))


def _own_texts() -> Iterator[tuple[str, str]]:
    for path in sorted((ROOT / "lexicons").glob("*/examples.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for i, ex in enumerate(data.get("example", [])):
            yield f"{path.parent.name}/examples:{i}", ex["text"]
    cases = tomllib.loads((ROOT / "tests/cases/normalize_cases.toml").read_text("utf-8"))
    for i, case in enumerate(cases.get("case", [])):
        yield f"normalize_cases:{i}", case["input"]


def _variants(texts: list[tuple[str, str]], rng: random.Random) -> Iterator[tuple[str, str]]:
    from nudge.research._robustness import Obfuscation, eligible_spans, obfuscate_text

    for key, text in texts:
        spans = eligible_spans(text)
        if not spans:
            continue
        for kind in Obfuscation:
            changed = obfuscate_text(text, spans, kind, rng)
            if changed != text:
                yield f"{key}~{kind.value}", changed


# What joins the texts of a long comment: a hit's context changes with its neighbours.
_JOINS = (" ", ". ", "\n", ", ", " 🖕🏿 ", " you ", " «", "! ")


def _long(texts: list[str], count: int, rng: random.Random) -> Iterator[str]:
    """Comments of 30 to 120 of ``texts`` joined: the weighing memo answers only from 16
    hits a comment (``score/memo.rs``), which the short texts never reach."""
    for _ in range(count):
        size = rng.choice((30, 60, 120))
        yield rng.choice(_JOINS).join(rng.choice(texts) for _ in range(size))


def own_corpus() -> list[tuple[str, str]]:
    rng = random.Random(SEED)
    base = list(_own_texts())
    out = base + list(_variants(base, rng))
    out += [(f"adversarial:{i}", t) for i, t in enumerate(_adversarial(1500, rng))]
    # A generator of its own, so the rows above stay those recorded before it came.
    texts = [text for _, text in out]
    out += [(f"long:{i}", t) for i, t in enumerate(_long(texts, 24, random.Random(SEED + 1)))]
    return out


def shared_corpus() -> list[tuple[str, str]]:
    rng = random.Random(SEED)
    out: list[tuple[str, str]] = []
    for path in sorted(SHARED.glob("*/data.jsonl")):
        name = path.parent.name
        rows = []
        with path.open(encoding="utf-8") as fh:
            for line_no, line in enumerate(fh, 1):
                rows.append((f"{name}:{line_no}", json.loads(line)["text"]))
        out += rows
        if name in ("davidson_en", "mlma_fr", "hatecheck_en", "mlma_en"):
            # Obfuscated variants of the development sets (one kind per text, in turn).
            from nudge.research._robustness import Obfuscation, eligible_spans, obfuscate_text

            kinds = list(Obfuscation)
            for n, (key, text) in enumerate(rows):
                kind = kinds[n % len(kinds)]
                changed = obfuscate_text(text, eligible_spans(text), kind, rng)
                if changed != text:
                    out.append((f"{key}~{kind.value}", changed))
    out += [(f"adversarial:{i}", t) for i, t in enumerate(_adversarial(20000, rng))]
    return out


def assessment_record(a: Any) -> dict[str, Any]:
    return {
        "score": round(a.score, 9),
        "flagged": a.flagged,
        "severity": int(a.severity),
        "categories": {k: round(v, 9) for k, v in sorted(a.categories.items())},
        "language": a.language,
        "matches": [
            [
                m.term,
                m.category,
                m.severity,
                m.start,
                m.end,
                m.text,
                list(m.steps),
                m.targeted,
                m.lang,
            ]
            for m in a.matches
        ],
        "reasons": list(a.reasons),
        "evidence": round(a.evidence, 9),
    }


def _scorers(packs: list[str] | None) -> dict[str, Any]:
    import nudge

    return {
        # also run with lang="fr"; None loads the default packs
        "default": nudge.Scorer.load() if packs is None else nudge.Scorer.load(packs),
        "wordlist": nudge.Scorer.from_wordlist(
            ["bitch", "fuck", "con", "f*ck you", "va te faire", "🖕"], name="golden"
        ),
    }


def record_all(
    corpus: list[tuple[str, str]], packs: list[str] | None = None
) -> Iterator[dict[str, Any]]:
    scorers = _scorers(packs)
    default, wordlist = scorers["default"], scorers["wordlist"]
    for key, text in corpus:
        row: dict[str, Any] = {"key": key, "text": text}
        row["default"] = assessment_record(default.score(text))
        row["fr"] = assessment_record(default.score(text, lang="fr"))
        row["wordlist"] = assessment_record(wordlist.score(text))
        yield row


def _digest(row: dict[str, Any]) -> str:
    body = json.dumps(
        {k: row[k] for k in ("default", "fr", "wordlist")}, sort_keys=True, ensure_ascii=True
    )
    return hashlib.sha256(body.encode()).hexdigest()[:16]


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _dump(rows: Iterator[dict[str, Any]], out: Path, digests: Path | None) -> int:
    count = 0
    lines = []
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        for row in rows:
            # ensure_ascii keeps lone surrogates representable in the file, but JSON reads
            # a high surrogate written before a low one back as one astral character: a
            # text holding surrogates is also kept as its code points.
            stored = dict(row)
            if _has_surrogates(row["text"]):
                stored["codepoints"] = [ord(c) for c in row["text"]]
            fh.write(json.dumps(stored, ensure_ascii=True, sort_keys=True) + "\n")
            lines.append(f"{row['key']}\t{_text_digest(row['text'])}\t{_digest(row)}\n")
            count += 1
    if digests is not None:
        with gzip.open(digests, "wt", encoding="utf-8", compresslevel=9) as fh:
            fh.writelines(lines)
    return count


def _has_surrogates(text: str) -> bool:
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def load(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of a record, each text exactly as it was scored."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            codepoints = row.pop("codepoints", None)
            if codepoints is not None:
                row["text"] = "".join(map(chr, codepoints))
            yield row


def compare(path: Path, limit: int = 20, packs: list[str] | None = None) -> int:
    """Score every recorded text again; print the first differences; return their count."""
    rows = list(load(path))
    fresh = record_all([(r["key"], r["text"]) for r in rows], packs)
    bad = 0
    for old, new in zip(rows, fresh, strict=True):
        for field in ("default", "fr", "wordlist"):
            if old[field] != new[field]:
                bad += 1
                if bad <= limit:
                    print(f"{old['key']} [{field}] {old['text']!r}")
                    print("  was:", json.dumps(old[field], ensure_ascii=False))
                    print("  now:", json.dumps(new[field], ensure_ascii=False))
    print(f"{bad} differing assessments in {len(rows)} texts x 3 scorers")
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    rec = sub.add_parser("record")
    rec.add_argument("corpus", choices=["own", "shared"])
    rec.add_argument("out", type=Path)
    rec.add_argument("--digests", type=Path)
    cmp_ = sub.add_parser("compare")
    cmp_.add_argument("record", type=Path)
    for command in (rec, cmp_):
        command.add_argument(
            "--packs",
            type=_pack_list,
            help="comma-separated packs for the scorer (default: Scorer.load()'s)",
        )
    args = parser.parse_args(argv)
    if args.cmd == "record":
        corpus = own_corpus() if args.corpus == "own" else shared_corpus()
        count = _dump(record_all(corpus, args.packs), args.out, args.digests)
        print(f"recorded {count} texts into {args.out}")
        return 0
    return 1 if compare(args.record, packs=args.packs) else 0


def _pack_list(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


if __name__ == "__main__":
    sys.exit(main())
