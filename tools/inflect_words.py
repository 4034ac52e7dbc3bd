"""Add regular inflections to a pack's general word lists (``words-rare.txt.gz``).

Some source lists hold a language's lemmas and few of their forms: the Spanish one has
``conocer`` and ``conocido`` but not ``conocía``, ``reconocidos``, ``asesinado`` or
``romanos``.  A word missing from its language's list is cut by the segmenter
(``reconocidos`` -> ``re`` + ``cono`` + ...), read as a typo of a term
(``asesinado`` -> ``asesinando``) and left to another language's terms (French
``romano`` on Spanish ``romanos``).  This reads the endings of ``tools/inflections.toml``
and adds to ``words-rare.txt.gz`` (words all the same, never pieces of a split) the
forms of the list's own words that it lacks:

* verbs: an infinitive of either list whose participle, or two of its other forms, is
  in the frequent list (``acusar`` with ``acusado``, ``asesinar`` with ``asesina`` and
  ``asesino``, not ``lugar``), with each ending of ``forms`` on its
  stem and each object pronoun of ``clitics`` on its gerund and its infinitive
  (``acusandola``, ``reconocerlo``);
* plurals of the frequent list's words ending in a listed vowel (``+s``) or consonant
  (``+es``);
* derivations of the frequent list's words (``derive``: ``clarificar`` ->
  ``clarificacion``, the adjective ``autentico`` -> ``autentificacion``, which the
  segmenter cut into a piece read as the Italian ``fica``);
* prefix compounds (``prefix``: a prefix that is itself a term, ``mono``, on each word
  of the frequent list: ``monousuario`` is no ``mono`` + ``usuario``);
* with ``infinitive_verbs``, the forms of every infinitive of the frequent list whose
  plural is not in it (``terminar``, ``eliminar``: the source has no form of theirs for
  the verb rule's test; ``lugar`` has ``lugares``);
* the words of ``extra``, as they are: words and misspellings of everyday words the
  source lacks (``cuiado`` for ``cuidado``, which is also a typo form of a term).

Run after ``tools/build_words.py`` (which rewrites the list from its source); the output
is sorted and gzip-compressed with a fixed timestamp (reproducible bytes).

    python tools/inflect_words.py es
"""

from __future__ import annotations

import argparse
import gzip
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

PACKS = Path(__file__).resolve().parents[1] / "src" / "nudge" / "lexicons"
TABLE = Path(__file__).resolve().with_name("inflections.toml")


def _read(path: Path) -> list[str]:
    return gzip.decompress(path.read_bytes()).decode("utf-8").split()


def forms(frequent: Iterable[str], rare: Iterable[str], rules: Mapping[str, Any]) -> set[str]:
    """The inflected forms of the listed words that ``rules`` (one language's table of
    ``inflections.toml``) makes, whether or not the lists hold them.

    >>> rules = {"verb": [{"infinitive": "ar", "participle": "ado", "gerund": "ando",
    ...                    "forms": ["ado", "aba"]}], "clitics": ["la"],
    ...          "plural": {"vowel": ["o"], "consonant": ["l"]}}
    >>> sorted(forms(["romano", "acusar", "acusado", "lugar", "papel"], [], rules))
    ['acusaba', 'acusado', 'acusados', 'acusandola', 'acusarla', 'papeles', 'romanos']
    """
    frequent = list(frequent)
    common = set(frequent)
    known = common | set(rare)
    out: set[str] = set()
    verbs: set[str] = set()
    for verb in rules.get("verb", []):
        ending, participle = verb["infinitive"], verb["participle"]
        for word in known:
            stem = word[: -len(ending)]
            if not word.endswith(ending) or len(stem) < 2:
                continue
            # A verb: its participle, or two of its other forms, is in the frequent list
            # ("asesinar": "asesina", "asesino"); "lugar" has neither.  Only that list,
            # which this never writes, so a second run adds nothing.
            seen = sum(stem + form in common for form in verb["forms"])
            if stem + participle not in common and seen < 2:
                continue
            verbs.add(word)
            out.update(stem + form for form in verb["forms"])
            for clitic in rules.get("clitics", []):
                out.add(stem + verb["gerund"] + clitic)
                out.add(word + clitic)
    plural = rules.get("plural", {})
    for word in frequent:
        if len(word) < 3 or word in verbs:
            continue
        if word[-1] in plural.get("vowel", []):
            out.add(word + "s")
        elif word[-1] in plural.get("consonant", []):
            out.add(word + "es")
    out.update(derived(frequent, rules))
    return out


def derived(frequent: Iterable[str], rules: Mapping[str, Any]) -> set[str]:
    """The derivations (``derive``) and prefix compounds (``prefix``) of the frequent
    list's words (only that list, which this never writes, so a second run adds
    nothing), and the ``extra`` words.

    >>> rules = {"derive": [{"from": "ico", "to": ["ificacion"]}],
    ...          "prefix": {"prefixes": ["mono"], "min_length": 4}}
    >>> sorted(derived(["autentico", "usuario", "de"], rules))
    ['autentificacion', 'monoautentico', 'monousuario']
    >>> verb = {"infinitive": "ar", "gerund": "ando", "forms": ["ado"]}
    >>> rules = {"verb": [verb], "clitics": ["se"], "infinitive_verbs": True}
    >>> sorted(derived(["eliminar", "lugar", "lugares"], rules))
    ['eliminado', 'eliminandose', 'eliminarse']
    """
    out: set[str] = set(rules.get("extra", []))
    words = list(frequent)
    common = set(words)
    if rules.get("infinitive_verbs"):
        # An infinitive of the frequent list is a verb unless the list has its plural
        # ("lugares", "familiares"): no verb takes one. The source has "terminar" and
        # "eliminar" but no form of theirs that the verb rule's test could find.
        for verb in rules.get("verb", []):
            ending = verb["infinitive"]
            for word in words:
                stem = word[: -len(ending)]
                if not word.endswith(ending) or len(stem) < 2 or word + "es" in common:
                    continue
                out.update(stem + form for form in verb["forms"])
                for clitic in rules.get("clitics", []):
                    out.add(stem + verb["gerund"] + clitic)
                    out.add(word + clitic)
    for rule in rules.get("derive", []):
        ending = rule["from"]
        for word in words:
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= 2:
                out.update(stem + to for to in rule["to"])
    prefix = rules.get("prefix", {})
    shortest = prefix.get("min_length", 4)
    for head in prefix.get("prefixes", []):
        out.update(head + word for word in words if len(word) >= shortest and word.isalpha())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("codes", nargs="+")
    args = parser.parse_args()
    table = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    for code in args.codes:
        folder = PACKS / code
        frequent = _read(folder / "words.txt.gz")
        rare = _read(folder / "words-rare.txt.gz")
        known = set(frequent) | set(rare)
        added = forms(frequent, rare, table[code]) - known
        words = sorted(set(rare) | added)
        body = ("\n".join(words) + "\n").encode("utf-8")
        target = folder / "words-rare.txt.gz"
        target.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
        print(f"{target}: {len(added)} forms added, {len(words)} words")


if __name__ == "__main__":
    main()
