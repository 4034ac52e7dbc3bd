"""Shared helpers for the benchmarks: the comment corpora, timing, the result dict.

Corpora come from the sibling ``../shared/data`` folder of the repository when it is
there (the Davidson tweets, MLMA French tweets and the French UD sentences) and
otherwise from a synthetic corpus generated deterministically from the word lists in
``synthetic_words.txt`` with the length distribution of the Davidson tweets.

Nothing here is timed itself; the helpers only prepare data and summarise timings.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import shlex
import signal
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

import regex

REPO_ROOT: Final = Path(__file__).resolve().parents[1]
SHARED_DATA: Final = REPO_ROOT.parent / "shared" / "data"
WORDS_FILE: Final = Path(__file__).resolve().with_name("synthetic_words.txt")

SHORT_MIN: Final = 20
"""Shortest "realistic short comment", in characters."""
SHORT_MAX: Final = 300
"""Longest "realistic short comment", in characters."""
DAVIDSON_SIZE: Final = 24_783
"""Rows of the Davidson set: the synthetic corpus has as many comments by default."""
SEED: Final = 20_240_601
QUICK_LIMIT: Final = 500
"""Comments per corpus with ``--quick`` (the smoke-run option of ``python -m benchmarks``)."""

# Length quantiles (0 %, 5 %, ..., 100 %) of the Davidson tweets in characters, measured
# once on ../shared/data/davidson_en; the synthetic corpus samples lengths from them.
_DAVIDSON_LENGTH_QUANTILES: Final = (
    5, 25, 33, 39, 44, 50, 55, 60, 65, 71, 77, 83, 90, 98, 105, 113, 122, 130, 137, 140, 140,
)  # fmt: skip

_WORD_SPLIT: Final = regex.compile(r"\w+")


# ------------------------------------------------------------------------ corpora


@dataclass(frozen=True, slots=True)
class Corpus:
    """A list of comments and where they came from."""

    name: str
    texts: list[str]
    source: str
    """``"shared"`` (real data from ../shared/data) or ``"synthetic"``."""

    def limited(self, limit: int | None) -> Corpus:
        """The first ``limit`` comments (all of them when ``limit`` is None)."""
        if limit is None or limit >= len(self.texts):
            return self
        return Corpus(self.name, self.texts[:limit], self.source)


def read_texts(folder: str) -> list[str] | None:
    """The ``text`` field of every row of ``../shared/data/<folder>/data.jsonl``, or None."""
    path = SHARED_DATA / folder / "data.jsonl"
    if not path.is_file():
        return None
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                out.append(json.loads(line)["text"])
    return out


def _is_short(text: str) -> bool:
    return SHORT_MIN <= len(text) <= SHORT_MAX


def davidson(*, synthetic: bool = False, limit: int | None = None) -> Corpus:
    """The Davidson tweets (the first ``limit`` rows), or as many synthetic comments."""
    texts = None if synthetic else read_texts("davidson_en")
    if texts is None:
        return Corpus("synthetic", synthetic_corpus(limit or DAVIDSON_SIZE), "synthetic")
    return Corpus("davidson_en", texts, "shared").limited(limit)


def ascii_comments(*, synthetic: bool = False, limit: int | None = None) -> Corpus:
    """ASCII comments of 20-300 characters: Davidson's, or the synthetic corpus's."""
    texts = None if synthetic else read_texts("davidson_en")
    if texts is None:
        found = _synthetic_matching(lambda t: t.isascii() and _is_short(t), limit)
        return Corpus(f"synthetic (ASCII, {SHORT_MIN}-{SHORT_MAX} chars)", found, "synthetic")
    texts = [t for t in texts if t.isascii() and _is_short(t)]
    name = f"davidson_en (ASCII, {SHORT_MIN}-{SHORT_MAX} chars)"
    return Corpus(name, texts, "shared").limited(limit)


def non_ascii_comments(*, synthetic: bool = False, limit: int | None = None) -> Corpus:
    """Non-ASCII comments of 20-300 characters: MLMA French + French UD, or synthetic."""
    parts = [] if synthetic else [read_texts("mlma_fr"), read_texts("benign_ud_fr")]
    found = [p for p in parts if p is not None]
    if found:
        names = [n for n, p in zip(("mlma_fr", "benign_ud_fr"), parts, strict=True) if p]
        texts = [t for p in found for t in p if not t.isascii() and _is_short(t)]
        label = " + ".join(names)
        name = f"{label} (non-ASCII, {SHORT_MIN}-{SHORT_MAX} chars)"
        return Corpus(name, texts, "shared").limited(limit)
    texts = _synthetic_matching(lambda t: not t.isascii() and _is_short(t), limit)
    return Corpus(f"synthetic (non-ASCII, {SHORT_MIN}-{SHORT_MAX} chars)", texts, "synthetic")


# ---------------------------------------------------------------- synthetic corpus


@cache
def word_lists() -> dict[str, tuple[str, ...]]:
    """The sections of ``synthetic_words.txt``: section name -> entries, in file order."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        if current is None:
            raise ValueError(f"{WORDS_FILE.name}: entry {line!r} before any [section]")
        current.append(line)
    return {name: tuple(words) for name, words in sections.items()}


def _sample_length(rng: random.Random) -> int:
    """A comment length drawn from the Davidson quantiles, at least ``SHORT_MIN``."""
    q = _DAVIDSON_LENGTH_QUANTILES
    pos = rng.random() * (len(q) - 1)
    i = int(pos)
    j = min(i + 1, len(q) - 1)
    length = q[i] + (q[j] - q[i]) * (pos - i)
    return max(SHORT_MIN, round(length))


FIRST_COMMENTS: Final = (
    "you are an idiot",
    "tu es un connard",
    "massiv*scumbagsandmore",
    "y o u s t u p i d",
    "f*ck you",
    "idi0t",
    "stfu loser",
    "ur such a looooser",
    "j'aime les chats",
    "#killallthe idiots",
)
"""Ten short comments of different kinds (a glued word, a masked one, a spaced-out one,
leet, French...): what a fresh process's first comments ask of the core's tables, some
of which are worked out on first use (``load.py`` times them, ``throughput.py`` reads
the resident memory after them)."""

_LEET: Final = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "$", "t": "7"}


def _obfuscate(word: str, rng: random.Random) -> str:
    """One of the tricks people use: leetspeak, a masked letter, stretching, spacing."""
    trick = rng.randrange(5)
    if trick == 0:  # leetspeak
        return "".join(_LEET.get(ch, ch) if rng.random() < 0.6 else ch for ch in word)
    if trick == 1 and len(word) > 2:  # a masked letter
        k = rng.randrange(1, len(word) - 1)
        return word[:k] + "*" + word[k + 1 :]
    if trick == 2:  # a stretched letter
        k = rng.randrange(len(word))
        return word[:k] + word[k] * rng.randrange(3, 7) + word[k + 1 :]
    if trick == 3:  # split letters
        return rng.choice((" ", ".", "-")).join(word)
    return word.upper()


def synthetic_comment(rng: random.Random) -> str:
    """One realistic short comment (20-300 characters), English or French."""
    lists = word_lists()
    french = rng.random() < 0.35
    words = lists["fr" if french else "en"]
    mild = lists["fr_mild" if french else "en_mild"]
    target = _sample_length(rng)
    parts: list[str] = []
    if rng.random() < 0.15:
        parts.append(f"@{rng.choice(words)}{rng.randrange(100)}")
    sentence_start = True
    while sum(len(p) + 1 for p in parts) - 1 < target:
        roll = rng.random()
        if roll < 0.015:  # a mild insult, obfuscated half of the time
            word = rng.choice(mild)
            parts.append(_obfuscate(word, rng) if rng.random() < 0.5 else word)
        elif roll < 0.025:
            parts.append(rng.choice(lists["emoji"]))
        elif roll < 0.035:
            parts.append(f"#{rng.choice(words).replace('-', '')}")
        else:
            word = rng.choice(words)
            parts.append(word.capitalize() if sentence_start else word)
        sentence_start = False
        if rng.random() < 0.12:
            parts[-1] += rng.choice((".", ".", "!", "?", ",", "...", " !" if french else "!!"))
            sentence_start = not parts[-1].endswith(",")
    if rng.random() < 0.05:
        parts.append(f"https://example.com/{rng.randrange(10**6):06d}")
    text = " ".join(parts)
    if len(text) > SHORT_MAX:
        text = text[:SHORT_MAX].rsplit(" ", 1)[0]
    return text


_GENERATED: dict[int, tuple[random.Random, list[str]]] = {}


def _synthetic_matching(keep: Callable[[str], bool], limit: int | None) -> list[str]:
    """The synthetic comments ``keep`` accepts: among the first ``DAVIDSON_SIZE``, at most
    ``limit`` of them (generating no more comments than needed to find them)."""
    found: list[str] = []
    made = 0
    while made < DAVIDSON_SIZE and (limit is None or len(found) < limit):
        step = min(1_000, DAVIDSON_SIZE - made)
        batch = synthetic_corpus(made + step)[made:]
        found.extend(t for t in batch if keep(t))
        made += step
    return found if limit is None else found[:limit]


def synthetic_corpus(n: int = DAVIDSON_SIZE, seed: int = SEED) -> list[str]:
    """``n`` synthetic comments, the same for the same ``n`` and ``seed`` on any machine.

    The first ``n`` comments do not depend on how many more are asked for later.
    """
    rng, made = _GENERATED.setdefault(seed, (random.Random(seed), []))
    while len(made) < n:
        made.append(synthetic_comment(rng))
    return made[:n]


# ------------------------------------------------------------------- long inputs


_FUNCTION_WORDS: Final = (
    *("the", "a", "of", "to", "and", "in", "is", "it", "you", "that", "he", "was", "for"),
    *("on", "are", "with", "as", "his", "they", "be", "at", "one", "have", "this", "from"),
)


def clean_sentences(n: int, words: int = 20, seed: int = 1) -> list[str]:
    """``n`` sentences of ``words`` English function words drawn at random: plain,
    lower-case ASCII words between single spaces, none of which any pack flags (what a
    clean comment pays for its words, ``benchmarks/instructions.py clean``).

    >>> clean_sentences(2, words=3)
    ['and they from', 'of you to']
    """
    rng = random.Random(seed)
    return [" ".join(rng.choice(_FUNCTION_WORDS) for _ in range(words)) for _ in range(n)]


def repeated_text(texts: Sequence[str], size: int) -> str:
    """Comments joined by newlines, repeated until the text is ``size`` bytes of UTF-8."""
    if not texts:
        raise ValueError("repeated_text() needs at least one comment")
    chunks: list[str] = []
    total = 0
    i = 0
    while total < size:
        chunk = texts[i % len(texts)] + "\n"
        chunks.append(chunk)
        total += len(chunk.encode("utf-8"))
        i += 1
    return "".join(chunks).encode("utf-8")[:size].decode("utf-8", errors="ignore")


def pieces(texts: Sequence[str], size: int, total: int = 100_000) -> list[str]:
    """Consecutive pieces of ``size`` bytes cut from the comments joined and repeated,
    at least ``total`` bytes in all (a thousand 100 B comments, ten of 10 kB, one of
    1 MB), so that every length sees the same mix of words.  A cut inside a character
    drops its bytes.

    >>> [len(p) for p in pieces(["ab", "c"], 3, total=6)]
    [3, 3]
    """
    count = max(1, total // size)
    whole = repeated_text(texts, size * count).encode("utf-8")
    return [whole[k * size : (k + 1) * size].decode("utf-8", errors="ignore") for k in range(count)]


def _zalgo(word: str, rng: random.Random) -> str:
    """``word`` with a stack of 3-8 combining marks (U+0300-U+036F) on every letter."""
    return "".join(
        ch + "".join(chr(0x300 + rng.randrange(0x70)) for _ in range(rng.randrange(3, 9)))
        for ch in word
    )


# Mixed-script fragments of the 1 MB input (besides the comments and Zalgo made here).
_EMOJI: Final = ("😂", "😭", "🔥", "👍🏽", "🖕🏿", "❤️", "👨‍👩‍👧", "🇫🇷", "1️⃣", "🤦‍♀️")
_CYRILLIC: Final = ("привет", "как дела", "спасибо", "хорошо", "мир")
# Latin words written with Cyrillic look-alikes (а, е, о, р, с, і are Cyrillic).
_HOMOGLYPHS: Final = ("іdіоt", "stupіd", "сrаp", "lоsеr", "реорlе")
_ACCENTED: Final = ("épée", "crème brûlée", "où est-ce ?", "naïveté", "Œuvre", "straße", "ÇA VA")


def mixed_megabyte(size: int = 1_000_000, seed: int = SEED) -> str:
    """About ``size`` bytes of mixed text: comments, emoji, Cyrillic, accents, leet, Zalgo.

    Deterministic; cut at a fragment boundary at or just under ``size`` bytes of UTF-8.
    """
    rng = random.Random(seed)
    lists = word_lists()
    comments = synthetic_corpus(2_000, seed)
    pieces: list[str] = []
    total = 0
    while True:
        kind = rng.randrange(7)
        if kind == 0:
            piece = rng.choice(_EMOJI)
        elif kind == 1:
            piece = rng.choice(_CYRILLIC)
        elif kind == 2:
            piece = rng.choice(_HOMOGLYPHS)
        elif kind == 3:
            piece = rng.choice(_ACCENTED)
        elif kind == 4:
            piece = _obfuscate(rng.choice(lists["en_mild"] + lists["fr_mild"]), rng)
        elif kind == 5:
            piece = _zalgo(rng.choice(lists["en"]), rng)
        else:
            piece = rng.choice(comments)
        piece += rng.choice((" ", " ", " ", "\n", ". "))
        grown = total + len(piece.encode("utf-8"))
        if grown > size:
            break
        pieces.append(piece)
        total = grown
    return "".join(pieces)


def frequent_words(texts: Sequence[str], k: int = 1_000) -> frozenset[str]:
    """The ``k`` most frequent casefolded ``\\w+`` words of ``texts`` (ties by word)."""
    counts = Counter(w for t in texts for w in _WORD_SPLIT.findall(t.casefold()))
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return frozenset(word for word, _ in ranked[:k])


def fast_path_share(texts: Sequence[str]) -> float:
    """Share of ``texts`` taking the normaliser's ASCII fast path.

    A comment takes it when it is ASCII and ``normalize(t).steps`` is ``()`` or
    ``("casefold",)``.
    """
    from nudge.normalize import normalize

    if not texts:
        return 0.0
    fast = sum(1 for t in texts if t.isascii() and normalize(t).steps in _FAST_STEPS)
    return fast / len(texts)


_FAST_STEPS: Final = ((), ("casefold",))


# ------------------------------------------------------------------------- timing


@dataclass(frozen=True, slots=True)
class Timing:
    """Seconds per repetition: the warm-up (first) run and the timed repetitions."""

    first: float
    samples: tuple[float, ...]
    timed_out: bool = False

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else self.first

    def as_dict(self, per: int = 1) -> dict[str, Any]:
        """Seconds per item (``per`` items each repetition) as a JSON-ready dict."""
        return {
            "median_s": self.median / per,
            "min_s": (min(self.samples) if self.samples else self.first) / per,
            "max_s": (max(self.samples) if self.samples else self.first) / per,
            "first_s": self.first / per,
            "repetitions": len(self.samples),
            "timed_out": self.timed_out,
        }


class BenchmarkTimeoutError(Exception):
    """A timed call ran past its time budget."""


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`BenchmarkTimeoutError` in the block after ``seconds`` (Unix, main thread)."""
    usable = (
        seconds is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable or seconds is None:
        yield
        return

    def _expired(signum: int, frame: object) -> None:
        raise BenchmarkTimeoutError(f"ran longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def measure(
    fns: Mapping[str, Callable[[], object]], repeat: int, *, budget: float | None = None
) -> dict[str, Timing]:
    """Time each of ``fns``: one warm-up run each, then ``repeat`` runs each, interleaved.

    Interleaving (a, b, a, b, ...) spreads the noise of a busy machine evenly over the
    things being compared.  A function whose warm-up takes more than ``budget`` seconds
    is not repeated (its warm-up time is its only figure); one that runs past
    ``5 * budget`` is interrupted and marked ``timed_out`` (its time is a lower bound).
    """
    hard = None if budget is None else 5 * budget
    firsts: dict[str, float] = {}
    timed_out: set[str] = set()
    for name, fn in fns.items():
        start = time.perf_counter()
        try:
            with time_budget(hard):
                fn()
        except BenchmarkTimeoutError:
            timed_out.add(name)
        firsts[name] = time.perf_counter() - start
    repeated = [
        name for name in fns if name not in timed_out and (budget is None or firsts[name] <= budget)
    ]
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeat):
        for name in repeated:
            fn = fns[name]
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return {name: Timing(firsts[name], tuple(samples[name]), name in timed_out) for name in fns}


# --------------------------------------------------------------------- arguments


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """``--repeat``, ``--limit``, ``--json``, ``--synthetic`` and ``--quiet``."""
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        metavar="N",
        help="timed repetitions after one warm-up run; the median is reported (default 5)",
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        help="use only the first N comments of each corpus (default: all)",
    )
    parser.add_argument(
        "--json", type=Path, default=None, metavar="PATH", help="write the result dict to PATH"
    )
    parser.add_argument(
        "--synthetic",
        action="store_true",
        help="use the bundled synthetic corpus even when ../shared/data is present",
    )
    parser.add_argument("--quiet", action="store_true", help="do not print the table")
    parser.add_argument(
        "--quick", action="store_true",
        help=f"smoke run: at most {QUICK_LIMIT} comments and smaller long inputs "
        "(the bars on the skipped figures are N/A)",
    )  # fmt: skip


def with_defaults(
    parser: argparse.ArgumentParser, args: argparse.Namespace | None
) -> argparse.Namespace:
    """``args`` completed with this parser's defaults (a runner may pass fewer options)."""
    merged = parser.parse_args([])
    for key, value in vars(args or argparse.Namespace()).items():
        setattr(merged, key, value)
    return merged


def resolve_arguments(
    parser: argparse.ArgumentParser, args: argparse.Namespace | None
) -> argparse.Namespace:
    """:func:`with_defaults`, then the timing options checked (``--quick``, ``--repeat``,
    ``--limit``)."""
    merged = with_defaults(parser, args)
    if merged.quick and merged.limit is None:
        merged.limit = QUICK_LIMIT
    if merged.repeat < 1:
        parser.error("--repeat must be at least 1")
    if merged.limit is not None and merged.limit < 1:
        parser.error("--limit must be at least 1")
    return merged


def command_line() -> str:
    """The command that started this process, exactly as typed (shell-quoted)."""
    argv = getattr(sys, "orig_argv", None) or [sys.executable, *sys.argv]
    return shlex.join(argv)


def environment() -> dict[str, Any]:
    """Python, platform, CPU count and nudge version, for the result dict."""
    import os

    import nudge

    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "nudge_version": nudge.__version__,
        "regex_version": getattr(regex, "__version__", "unknown"),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def load_text(env: Mapping[str, Any]) -> str:
    """The 1/5/15-minute load averages recorded in ``env``, for the report header."""
    load = env.get("load_average")
    return "n/a" if not load else " ".join(f"{x:.2f}" for x in load)


def bar(name: str, value: float | None, rule: str, limit: float, unit: str = "") -> dict[str, Any]:
    """A pass/fail bar: ``value <rule> limit`` with ``rule`` one of ``<``, ``<=``, ``>=``."""
    checks: dict[str, Callable[[float, float], bool]] = {
        "<": lambda v, lim: v < lim,
        "<=": lambda v, lim: v <= lim,
        ">=": lambda v, lim: v >= lim,
    }
    status = "N/A" if value is None else "PASS" if checks[rule](value, limit) else "FAIL"
    return {
        "name": name,
        "value": value,
        "limit": limit,
        "rule": f"{rule} {limit:,g}{unit}",
        "status": status,
    }


def finish(
    result: dict[str, Any],
    bars: list[dict[str, Any]],
    opts: argparse.Namespace,
    report: Callable[[dict[str, Any]], str],
) -> dict[str, Any]:
    """``result`` with its bars and whether all passed, written to ``--json`` and printed
    (unless ``--quiet``): how every benchmark's ``run()`` ends."""
    result["bars"] = bars
    result["passed"] = all(b["status"] == "PASS" for b in bars)
    if opts.json is not None:
        write_json(opts.json, result)
    if not opts.quiet:
        print(report(result))
    return result


def write_json(path: Path, result: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# ------------------------------------------------------------------------ output


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table, numbers right-aligned."""
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    numeric = [all(_NUMBER.fullmatch(r[i]) for r in cells[1:] if r[i]) for i in range(len(headers))]
    lines = []
    for n, r in enumerate(cells):
        line = "  ".join(
            c.rjust(widths[i]) if numeric[i] and n else c.ljust(widths[i]) for i, c in enumerate(r)
        )
        lines.append(line.rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


_NUMBER: Final = re.compile(r"[-+]?[\d,]*\.?\d+(?:e[-+]?\d+)?[x%]?|-|n/a")


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if value == 0:
            return "0"
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        if abs(value) >= 0.01:
            return f"{value:.2f}"
        return f"{value:.2e}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def spread(timing: Mapping[str, Any]) -> str:
    """``min-max`` of the timed repetitions in µs (of a ``Timing.as_dict``): the noise."""
    return f"{_cell(timing['min_s'] * 1e6)}-{_cell(timing['max_s'] * 1e6)}"


def bars_summary(bars: Sequence[dict[str, Any]]) -> list[str]:
    """The lines that end a report: the bars' table and how many PASS."""
    passed = sum(b["status"] == "PASS" for b in bars)
    return ["", bars_table(bars), "", f"{passed}/{len(bars)} bars PASS"]


def bars_table(bars: Sequence[dict[str, Any]]) -> str:
    rows = [(b["name"], b["value"], b["rule"], b["status"]) for b in bars]
    return table(("bar", "measured", "required", "result"), rows)
