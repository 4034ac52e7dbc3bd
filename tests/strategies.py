"""Hypothesis strategies shared by the test suite."""

from __future__ import annotations

from hypothesis import strategies as st

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


def storable_text() -> st.SearchStrategy[str]:
    """Any text UTF-8 can encode (no lone surrogates): what data files can hold."""
    return st.one_of(st.text(st.characters(blacklist_categories=("Cs",))), obfuscated_text())
