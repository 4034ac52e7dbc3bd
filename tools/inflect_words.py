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
  ``asesino``, not ``lugar``), or whose action noun (``from_nouns``) is in either list
  (Italian ``pianificazione``: ``pianificare``), with each ending of ``forms`` on its
  stem (respelt by ``respell`` where the stem's last letters meet the ending's first:
  Italian ``cerc`` + ``i`` -> ``cerchi``) and each object pronoun of ``clitics`` on its
  gerund and its infinitive (``acusandola``, ``reconocerlo``; Italian drops the
  infinitive's last letter first, ``clitic_cut``: ``pianificarlo``);
* plurals of the frequent list's words ending in a listed vowel (``+s``) or consonant
  (``+es``), or in an ending of ``endings`` (replaced: Italian ``-o`` -> ``-i``); with
  ``verb_forms`` a list of endings, of no verb form but those ending so (Italian
  ``notifica`` has its plural, the future ``abbandonera`` none);
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

Run after ``tools/build_words.py`` (which rewrites the list from its source); forms are
added until none is new, so a second run adds nothing, and the output is sorted and
gzip-compressed with a fixed timestamp (reproducible bytes).

    python tools/inflect_words.py es it
"""

from __future__ import annotations

import argparse
import gzip
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

PACKS = Path(__file__).resolve().parents[1] / "src" / "nudge" / "lexicons"
TABLE = Path(__file__).resolve().with_name("inflections.toml")


def _read(path: Path) -> list[str]:
    return gzip.decompress(path.read_bytes()).decode("utf-8").split()


def join(stem: str, ending: str, respell: Sequence[Mapping[str, str]]) -> str:
    """``stem`` + ``ending``, the stem's last letters respelt by the first rule of
    ``respell`` whose ``end`` the stem has and one of whose ``before`` letters opens the
    ending (Italian keeps the hard ``c`` of ``cercare`` before ``e`` and ``i``).

    >>> rules = [{"end": "gi", "before": "e", "with": "g"},
    ...          {"end": "i", "before": "i", "with": ""},
    ...          {"end": "c", "before": "ei", "with": "ch"}]
    >>> [join(s, e, rules) for s, e in [("cerc", "i"), ("cerc", "ero"), ("mangi", "ero"),
    ...                                  ("mangi", "i"), ("studi", "iamo"), ("cerc", "o")]]
    ['cerchi', 'cerchero', 'mangero', 'mangi', 'studiamo', 'cerco']
    """
    for rule in respell:
        if stem.endswith(rule["end"]) and ending[:1] and ending[0] in rule["before"]:
            return stem[: len(stem) - len(rule["end"])] + rule["with"] + ending
    return stem + ending


def _verb_stems(
    verb: Mapping[str, Any], known: set[str], common: set[str]
) -> Iterable[tuple[str, str]]:
    """(infinitive, stem) of the verbs of one conjugation (``verb``, a table of
    ``inflections.toml``): a word of the lists with the infinitive ending whose
    participle, or two of whose other forms (of ``confirm``, if given), the frequent
    list holds (the participle in either list with ``participle_in_rare``: the Italian
    rare list holds ``ramificare`` and ``ramificato``), and the infinitive of each action
    noun of ``from_nouns`` the lists hold."""
    ending, participle = verb["infinitive"], verb["participle"]
    confirms = known if verb.get("participle_in_rare", False) else common
    for word in known:
        stem = word[: -len(ending)]
        if not word.endswith(ending) or len(stem) < 2:
            continue
        # A verb: its participle, or two of its other forms, is in the frequent list
        # ("asesinar": "asesina", "asesino"); "lugar" has neither.  Only the forms of
        # ``confirm`` when it is given: Italian "schiera" is a future of no "schiere".
        seen = sum(stem + form in common for form in verb.get("confirm", verb["forms"]))
        if stem + participle in confirms or seen >= 2:
            yield word, stem
    for noun in verb.get("from_nouns", []):
        for word in known:
            stem = word[: -len(noun)]
            if word.endswith(noun) and len(stem) >= 3:
                yield stem + ending, stem


def _plurals(word: str, plural: Mapping[str, Any]) -> list[str]:
    """The plurals ``plural`` (one language's table) makes of ``word``: its longest
    listed ending replaced (``endings``), else ``+s`` after a listed vowel and ``+es``
    after a listed consonant."""
    endings: Mapping[str, list[str]] = plural.get("endings", {})
    for cut in range(min(len(word) - 2, max(map(len, endings), default=0)), 0, -1):
        if word[-cut:] in endings:
            return [word[:-cut] + end for end in endings[word[-cut:]]]
    if word[-1] in plural.get("vowel", []):
        return [word + "s"]
    if word[-1] in plural.get("consonant", []):
        return [word + "es"]
    return []


def forms(frequent: Iterable[str], rare: Iterable[str], rules: Mapping[str, Any]) -> set[str]:
    """The inflected forms of the listed words that ``rules`` (one language's table of
    ``inflections.toml``) makes, whether or not the lists hold them.

    >>> rules = {"verb": [{"infinitive": "ar", "participle": "ado", "gerund": "ando",
    ...                    "forms": ["ado", "aba"]}], "clitics": ["la"],
    ...          "plural": {"vowel": ["o"], "consonant": ["l"]}}
    >>> sorted(forms(["romano", "acusar", "acusado", "lugar", "papel"], [], rules))
    ['acusaba', 'acusado', 'acusados', 'acusandola', 'acusarla', 'papeles', 'romanos']
    >>> rules = {"verb": [{"infinitive": "are", "participle": "ato", "gerund": "ando",
    ...                    "forms": ["are", "ato", "ati", "ando"], "from_nouns": ["azione"],
    ...                    "respell": [{"end": "c", "before": "ei", "with": "ch"}]}],
    ...          "clitics": ["lo"], "clitic_cut": 1, "plural": {"endings": {"o": ["i"]}}}
    >>> sorted(forms(["pianificazione", "libro"], [], rules))  # doctest: +NORMALIZE_WHITESPACE
    ['libri', 'pianificando', 'pianificandolo', 'pianificare', 'pianificarlo',
     'pianificati', 'pianificato']
    """
    frequent = list(frequent)
    common = set(frequent)
    known = common | set(rare)
    out: set[str] = set()
    verbs: set[str] = set()
    cut = int(rules.get("clitic_cut", 0))
    for verb in rules.get("verb", []):
        respell = verb.get("respell", [])
        for word, stem in _verb_stems(verb, known, common):
            verbs.add(word)
            out.update(join(stem, form, respell) for form in verb["forms"])
            gerund = join(stem, verb["gerund"], respell)
            infinitive = word[: len(word) - cut]
            for clitic in rules.get("clitics", []):
                out.add(gerund + clitic)
                out.add(infinitive + clitic)
    plural = rules.get("plural", {})
    # A language whose verb forms end like its nouns (Italian future "abbandonera" and
    # "bandiera") makes no plural of them, but of those ending in one of ``verb_forms``
    # (Italian "notifica", a present and a noun: "notifiche"); ``true``: of all.
    keep = plural.get("verb_forms", True)
    made = set() if keep is True else {w for w in out if not w.endswith(tuple(keep))}
    for word in frequent:
        if len(word) < 3 or word in verbs or word in made:
            continue
        out.update(_plurals(word, plural))
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


def closure(frequent: Sequence[str], rare: Iterable[str], rules: Mapping[str, Any]) -> set[str]:
    """The rare list with the forms :func:`forms` makes, and the forms of those, until
    none is new: a form may be a word that makes forms itself (Italian ``assere``, an
    ending of ``asserire``, reads as an infinitive), and a second run must add nothing."""
    words = set(rare)
    known = set(frequent) | words
    while added := forms(frequent, words, rules) - known:
        words |= added
        known |= added
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("codes", nargs="+")
    args = parser.parse_args()
    table = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    for code in args.codes:
        folder = PACKS / code
        frequent = _read(folder / "words.txt.gz")
        rare = _read(folder / "words-rare.txt.gz")
        words = sorted(closure(frequent, rare, table[code]))
        added = len(words) - len(set(rare))
        body = ("\n".join(words) + "\n").encode("utf-8")
        target = folder / "words-rare.txt.gz"
        target.write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
        print(f"{target}: {added} forms added, {len(words)} words")


if __name__ == "__main__":
    main()
