"""Hypothesis strategies shared by the test suite."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

# ------------------------------------------------------------------ sample comments

# Hand-written comments the backlog and engine tests score in bulk: both packs,
# obfuscation, emoji, accents, an empty text, a long one.
SAMPLE_COMMENTS: tuple[str, ...] = (
    "t'es qu'un c0nn4rd",
    "Scunthorpe United won the cup",
    "you are an idiot",
    "what a lovely day 🌞",
    "f.u.c.k off, loser",
    "espèce de con, va",
    "",
    "je ne suis pas un idiot, merci",
    "kys",
    "Great video, thanks! " * 40,
)

# ------------------------------------------------------------------ normaliser

# Ordinary English words: no run of three identical letters, no single letters (which the
# split-letters step may join), nothing that leetspeak or masks would touch.
ENGLISH_WORDS: tuple[str, ...] = (
    "the", "and", "you", "are", "cat", "dog", "house", "green", "river", "morning",
    "coffee", "table", "window", "happy", "little", "people", "friend", "school", "music",
    "summer", "winter", "garden", "yellow", "bottle", "letter", "street", "kitchen", "book",
    "tree", "apple", "orange", "bread", "water", "light", "night", "small", "large",
    "quick", "brown", "fox", "jumps", "over", "lazy", "hello", "world", "thanks", "please",
    "sorry", "good", "bad", "nice", "video", "great", "love", "this", "that", "with",
    "from", "have", "will", "would", "could", "should", "about", "really", "never",
    "always", "yes", "well", "see", "soon", "been", "too", "look", "need", "three",
)  # fmt: skip

# Pieces of text an obfuscator (or a benign writer) uses; glued together at random.
OBFUSCATION_PIECES: tuple[str, ...] = (
    "a", "b", "c", "e", "f", "k", "o", "u", "é", "è", "ç", "ï", "œ", "ß",
    "A", "F", "K", "İ", " ", "  ", ".", "-", "_", "'", "’", "`",
    "0", "1", "3", "4", "@", "$", "!", "€", "*", "#", "%", ":",
    "\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\ufeff", "\u202e", "\u2066", "\x00",
    "\u0301", "\u0308", "\u0351\u0352\u0353", "\ufe0f", "\u20e3",
    "ѕ", "о", "а", "е", "с", "р", "υ", "ο", "Москва", "ελλάδα",
    "ｆｕｃｋ", "𝐟", "ﬁ", "①", "🖕", "🏽", "👍", "👩", "❤", "🇫", "🇷", "🏴",
    "\U000e0067", "\U000e007f", "fuuuuck", "www.", "https://", "x@y.fr", "@bob", "#tag",
    "c0nn4rd", "f.u.c.k", "l'", "qu'", "2019", "10:30",
)  # fmt: skip


def english_prose() -> st.SearchStrategy[str]:
    """Lower-case ASCII prose of ordinary words separated by single spaces."""
    return st.lists(st.sampled_from(ENGLISH_WORDS), min_size=1, max_size=12).map(" ".join)


def obfuscated_text() -> st.SearchStrategy[str]:
    """Random glue of the characters and fragments people use to disguise words."""
    return st.lists(st.sampled_from(OBFUSCATION_PIECES), max_size=24).map("".join)


def any_text() -> st.SearchStrategy[str]:
    """Any ``str`` at all: every category including lone surrogates, plus obfuscation."""
    return st.one_of(
        st.text(st.characters(codec=None)),
        st.text(),
        obfuscated_text(),
    )


def ascii_obfuscated_text() -> st.SearchStrategy[str]:
    """ASCII-only text, to compare the ASCII fast path with the full pipeline."""
    pieces = [p for p in OBFUSCATION_PIECES if p.isascii()] + ["B", "U", "C++", "C#", "\t", "\n"]
    return st.lists(st.sampled_from(pieces), max_size=24).map("".join)


# ------------------------------------------------------------------ command line

# Values an option may get: sensible, empty, out of range, not a number, path-like.
CLI_VALUES: tuple[str, ...] = (
    "0", "1", "0.5", "2", "-1", "nan", "inf", "1e309", "", "x", "en", "fr", "fr-CA", "xx",
    "en,fr", ",", "../..", "/", "label", "text", "lang", "topic", "a=b", "=", "10", "-5",
    "99999999999999999999",
)  # fmt: skip

CHECK_OPTIONS: tuple[str, ...] = (
    "--json", "--no-prompt", "--fail-on-flag", "--packs", "--pack-path", "--lang",
    "--threshold", "--locale", "-", "--", "-h",
)  # fmt: skip

EVAL_OPTIONS: tuple[str, ...] = (
    "--text-field", "--label-field", "--lang-field", "--where", "--by", "--packs",
    "--lexicon", "--no-naive", "--no-peers", "--threshold", "--robustness",
    "--robustness-sample", "--benign", "--seed", "--bootstrap", "--pool", "--strict",
    "--errors", "--json", "--markdown", "--plot", "--peers", "--progress",
)  # fmt: skip

# Pieces of data files: good rows, bad rows, odd bytes and line ends.
DATA_PIECES: tuple[bytes, ...] = (
    b'{"text": "you idiot", "label": 1}\n', b'{"text": "hello", "label": 0, "lang": "en"}\n',
    b'{"text": "ta gueule", "label": "1", "topic": "x"}\n', b'{"text": 3, "label": 1}\n',
    b'{"label": 2}\n', b"[1, 2]\n", b"[[[[[[[[[[[[\n", b"[" * 5000 + b"\n",
    b'{"text": "a", "label": 1' + b"9" * 5000 + b"}\n",
    b"text,label\n", b"you idiot,1\n", b"hello,0\n", b'"unclosed,1\n', b"a,b,c\n", b"term\n",
    b"idiot\r", b"\r\n", b"\n", b"\xff\xfe", b"\xef\xbb\xbf", b"\x00", b"\t", b",", b'"',
    b"caf\xc3\xa9", b"\xed\xa0\x80",
)  # fmt: skip


def cli_option_words(options: tuple[str, ...]) -> st.SearchStrategy[list[str]]:
    """Command-line words: options from ``options``, each followed maybe by a value."""
    word = st.one_of(
        st.sampled_from(options).map(lambda o: [o]),
        st.tuples(st.sampled_from(options), st.sampled_from(CLI_VALUES)).map(list),
        st.tuples(st.sampled_from(options), st.text(max_size=8)).map(list),
    )
    return st.lists(word, max_size=5).map(lambda parts: [w for part in parts for w in part])


def data_file_bytes() -> st.SearchStrategy[bytes]:
    """The contents of a data or word-list file: plausible rows glued to broken ones."""
    return st.one_of(
        st.lists(st.sampled_from(DATA_PIECES), max_size=12).map(b"".join),
        st.binary(max_size=200),
    )


def jsonl_records() -> st.SearchStrategy[bytes]:
    """A JSONL part of well-formed records (text always a string; ids strings, 64-bit
    integers, null or absent; other fields of any kind), as different writers write it."""
    # One kind of id a file, as a writer gives (Arrow reads a column of one type).
    kinds = st.sampled_from(
        [st.text(max_size=8), st.integers(min_value=-(2**63), max_value=2**63 - 1)]
    )

    def records(ident: st.SearchStrategy[Any]) -> st.SearchStrategy[list[dict[str, Any]]]:
        record = st.fixed_dictionaries(
            {"text": st.text(max_size=30)},
            optional={
                "id": st.none() | ident,
                "lang": st.sampled_from(["en", "fr"]),
                "n": st.integers(0, 9),
            },
        )
        return st.lists(record, min_size=1, max_size=10)

    def dump(rows: list[dict[str, Any]], ascii_only: bool) -> bytes:
        # Lone surrogates cannot be written as UTF-8: only the escaped form carries them.
        lines = [json.dumps(r, ensure_ascii=ascii_only) for r in rows]
        return "".join(line + "\n" for line in lines).encode("utf-8", "surrogatepass")

    return st.builds(dump, kinds.flatmap(records), st.booleans())


# ------------------------------------------------------------------ reports

REPORT_TEXTS: tuple[str, ...] = (
    "", "nice video", "you are an idiot", "t'es qu'un bouffon", "I will kill you",
    "see you tomorrow", "what a loser",
)  # fmt: skip


def reports(max_size: int = 30) -> st.SearchStrategy[list[Any]]:
    """Lists of :class:`nudge.reports.Report` over a few targets, reporters and times, with
    trusted flaggers, repeated reporters and re-delivered reports (same object twice)."""
    from datetime import UTC, datetime, timedelta

    from nudge.reports import Report, ReportReason, ReportTarget

    start = datetime(2026, 11, 20, tzinfo=UTC)
    one = st.builds(
        lambda n, who, target, tid, reason, minutes, text, trusted: Report(
            f"r{n}",
            "3018" if trusted else f"u{who}",
            target,
            f"{target.value[0]}{tid}",
            reason,
            start + timedelta(minutes=minutes),
            text=text if target is ReportTarget.COMMENT else "",
            flagger="fr-3018" if trusted else None,
        ),
        st.integers(0, 10**6),
        st.integers(0, 5),
        st.sampled_from(list(ReportTarget)),
        st.integers(0, 6),
        st.sampled_from(list(ReportReason)),
        st.integers(0, 600),
        st.sampled_from(REPORT_TEXTS),
        st.booleans(),
    )
    unique = st.lists(one, max_size=max_size, unique_by=lambda r: r.id)
    return unique.flatmap(
        lambda rs: (
            st.lists(st.sampled_from(rs), max_size=5).map(lambda extra: rs + extra)
            if rs
            else st.just(rs)
        )
    )


def storable_text() -> st.SearchStrategy[str]:
    """Any text UTF-8 can encode (no lone surrogates): what data files can hold."""
    return st.one_of(st.text(st.characters(blacklist_categories=("Cs",))), obfuscated_text())


# ------------------------------------------------------------------ language facts


def language_facts() -> st.SearchStrategy[Any]:
    """A pack's ``tokens.toml`` facts: short lower-case entries, each at most once."""
    from nudge.facts import LanguageFacts

    def entries(alphabet: str, min_size: int = 1, max_size: int = 4) -> Any:
        word = st.text(alphabet, min_size=min_size, max_size=max_size)
        return st.lists(word, max_size=6, unique=True).map(tuple)

    return st.builds(
        LanguageFacts,
        standalone_letters=entries("abcyàqz", max_size=1),
        ordinal_suffixes=entries("abdehmnrst"),
        elisions=entries("cdjlmnqstuz"),
        possessive_suffixes=entries("'s", min_size=2, max_size=2),
        plural_endings=entries("sxi"),
    )


# Pieces of a pack's tokens.toml, glued at random: keys, arrays over lines, comments,
# strings with escapes and brackets, values of other types.
TOKENS_TOML_PIECES: tuple[str, ...] = (
    "elisions", "standalone_letters", "ordinal_suffixes", "plurals", " = ", "=", "[", "]",
    ", ", "\n", "# a comment [\"]\n", '"l"', '"qu"', '"x]"', '"a\\"b"', "'lit'", '""',
    '"L"', '" "', "1", "true", "{}", "[[x]]", '"\u00e0"',
)  # fmt: skip


def tokens_toml_text() -> st.SearchStrategy[str]:
    """Mostly broken ``tokens.toml`` texts, and some valid ones."""
    valid = language_facts().map(
        lambda facts: "".join(
            f"{name} = [\n" + "".join(f'  "{v}",  # why\n' for v in getattr(facts, name)) + "]\n"
            for name in ("standalone_letters", "ordinal_suffixes", "elisions", "plural_endings")
        )
    )
    return st.one_of(valid, st.lists(st.sampled_from(TOKENS_TOML_PIECES), max_size=30).map("".join))


# ------------------------------------------------------------------ policies


def policy_contexts(now: Any) -> st.SearchStrategy[Any]:
    """A policy ``Context`` or ``None``: relationships of every kind (blocked, restricted,
    new accounts, friends, strangers), locales, the clock ``now``."""
    from nudge.policies import Context, Relationship

    relationship = st.builds(
        Relationship,
        author_follows_creator=st.booleans(),
        creator_follows_author=st.booleans(),
        account_age_days=st.none() | st.floats(0, 10),
        prior_interactions=st.integers(0, 5),
        blocked=st.booleans(),
        restricted=st.booleans(),
    )
    return st.none() | st.builds(
        Context,
        creator_id=st.none() | st.just("creator"),
        relationship=st.none() | relationship,
        locale=st.sampled_from([None, "en", "fr-CA"]),
        now=st.just(now),
    )


# The words the context rules of the other packs read (German pronoun subjects, split
# verbs and closing negators; Romance plural copulas, restrictives, plural markers,
# glued clitics, the author after the insult), beside terms and things, so random
# sentences reach those rules and their windows at every edge of a comment.
RULE_WORDS: tuple[str, ...] = (
    "die", "Die", "denen", "solche", "sind", "gehören", "alle", "Dreck", "dreck",
    "schmeißt", "schiebt", "sperrt", "raus", "ab", "weg", "nicht", "Ich", "hasse",
    "Frauen", "Gerichte", "Tomaten", "Ausländer", "aber", "meisten", "widerlich", "oder",
    "son", "no", "más", "que", "parásitos", "los", "las", "mosquitos", "inmigrantes",
    "una", "plaga", "sono", "dei", "tutti", "deficiente", "deficienti", "che", "idiota",
    "altro", "non", "são", "uma", "praga", "os", "sou", "eu", "fusilarlos", "matá-los",
    "a", "todos", "hijo", "de", "puta", ",", ".", "!", "?", "«", "»", "-",
)  # fmt: skip


# Whole shapes those rules read, so that random text around them reaches each rule.
RULE_SHAPES: tuple[str, ...] = (
    "schmeißt die alle raus", "schiebt sie endlich ab", "Ich hasse Frauen nicht",
    "die sind Dreck", "die gehören alle abgeschoben", "no son más que parásitos",
    "sono dei parassiti", "che deficiente sono", "son una plaga los mosquitos",
    "são uma praga", "deberían fusilarlos a todos", "qué imbécil que soy",
)  # fmt: skip


def rule_word_text() -> st.SearchStrategy[str]:
    """A comment of the other packs' rule words and shapes (:data:`RULE_WORDS`,
    :data:`RULE_SHAPES`), now and then an obfuscation piece, joined by a space or
    nothing."""
    piece = (
        st.sampled_from(RULE_WORDS)
        | st.sampled_from(RULE_SHAPES)
        | st.sampled_from(OBFUSCATION_PIECES)
    )
    glue = st.sampled_from((" ", " ", " ", ""))
    return st.lists(st.tuples(piece, glue), max_size=30).map(
        lambda parts: "".join(p + g for p, g in parts)
    )


def comment_texts(samples: tuple[str, ...] = ()) -> st.SearchStrategy[str]:
    """A comment to decide: a sample (``SAMPLE_COMMENTS`` and ``samples``), an obfuscated
    text, or any short text."""
    return st.sampled_from(SAMPLE_COMMENTS + samples) | obfuscated_text() | st.text(max_size=40)


def many_match_texts() -> st.SearchStrategy[str]:
    """A comment with many matches (a long comment's are built lazily from 16 on): 16 to
    40 parts, each an insult, a slur pair, an emoji, a structural hit or an obfuscated
    word, followed by noise (a sample comment, obfuscation, prose, or nothing)."""
    matched = st.sampled_from(
        (
            "you idiot,",
            "connard-",
            "🖕🏿",
            "sale arabe",
            "I'm such an idiot.",
            "nobody likes you",
            "massiv*scumbag",
            "y o u s t u p i d b i t c h !",
            "t'es qu'un c0nn4rd",
            "f.u.c.k off, loser",
            "kys",
        )
    )
    noise = st.sampled_from(SAMPLE_COMMENTS[:-1]) | obfuscated_text() | english_prose()
    part = st.tuples(matched, noise | st.just("")).map(" ".join)
    return st.lists(part, min_size=16, max_size=40).map(" ".join)
