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
  source lacks (``cuiado`` for ``cuidado``, which is also a typo form of a term);
* Spanish conjugation by slots (``slots`` of a ``verb`` table: the present's first
  person, its stressed and plain persons, the subjunctive, the preterite, the future and
  conditional, the gerund, the voseo), with Spanish spelling where stem meets ending
  (``respell``: ``busque``, ``conozco``, ``sigo``, ``incluyo``, ``leyo``); the
  stem-changing verbs of ``stem_change`` (``pienso``, ``vuelve``, ``pidio``,
  ``durmiendo``, ``juegue``); the irregular verbs of ``irregular``, their irregular
  stems taking the endings of ``irregular_stems`` (``teng`` + ``o`` ``a`` ...,
  ``tuv`` + the strong preterite) and their compounds the lists hold (``contener``,
  ``suponer``, ``producir``), whether or not the lists hold the verb itself (the
  Spanish source has ``tener`` but not ``tiene``, ``quiero``, ``hay``);
* older spellings (``spelling``: Portuguese before the 1990 Agreement, ``atual`` ->
  ``actual``, ``reacao`` -> ``reaccao``) of the words of both lists.

Run after ``tools/build_words.py`` (which rewrites the list from its source); forms are
added until none is new, so a second run adds nothing, and the output is sorted and
gzip-compressed with a fixed timestamp (reproducible bytes).

    python tools/inflect_words.py es it pt
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


def join(stem: str, ending: str, respell: Sequence[Mapping[str, Any]]) -> str:
    """``stem`` + ``ending``, the stem's last letters respelt by the first rule of
    ``respell`` whose ``end`` the stem has and one of whose ``before`` letters opens the
    ending (Italian keeps the hard ``c`` of ``cercare`` before ``e`` and ``i``), or
    whose ``opens`` holds the ending's first letters; ``drop`` cuts that many of them
    (Spanish ``le`` + ``io`` -> ``leyo``).

    >>> rules = [{"end": "gi", "before": "e", "with": "g"},
    ...          {"end": "i", "before": "i", "with": ""},
    ...          {"end": "c", "before": "ei", "with": "ch"}]
    >>> [join(s, e, rules) for s, e in [("cerc", "i"), ("cerc", "ero"), ("mangi", "ero"),
    ...                                  ("mangi", "i"), ("studi", "iamo"), ("cerc", "o")]]
    ['cerchi', 'cerchero', 'mangero', 'mangi', 'studiamo', 'cerco']
    >>> join("le", "ieron", [{"end": "e", "opens": ["ie", "io"], "with": "ey", "drop": 1}])
    'leyeron'
    """
    for rule in respell:
        if not stem.endswith(rule["end"]):
            continue
        if "opens" in rule:
            fits = ending.startswith(tuple(rule["opens"]))
        else:
            fits = bool(ending[:1]) and ending[0] in rule["before"]
        if fits:
            rest = ending[int(rule.get("drop", 0)) :]
            return stem[: len(stem) - len(rule["end"])] + str(rule["with"]) + rest
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
        seen = sum(stem + form in common for form in verb.get("confirm", endings(verb)))
        if stem + participle in confirms or seen >= 2:
            yield word, stem
    for noun in verb.get("from_nouns", []):
        for word in known:
            stem = word[: -len(noun)]
            if word.endswith(noun) and len(stem) >= 3:
                yield stem + ending, stem


def endings(verb: Mapping[str, Any]) -> list[str]:
    """Every ending of a conjugation's table, once: its ``forms`` and those of its
    ``slots`` (Spanish ``o`` is the present's first person and, folded, the preterite's
    third)."""
    slots: Mapping[str, list[str]] = verb.get("slots", {})
    return list(dict.fromkeys([*verb["forms"], *(e for ends in slots.values() for e in ends)]))


def _changed_stems(
    word: str, stem: str, verb: Mapping[str, Any], rules: Mapping[str, Any]
) -> dict[str, str]:
    """The stem of each slot a stem change of ``rules["stem_change"]`` gives the verb
    ``word``: its last ``from`` made ``to`` in the stressed slots, ``weak`` in the weak
    ones of an -ir verb (Spanish ``sentir``: ``sient``, ``sint``)."""
    slots: Mapping[str, list[str]] = rules.get("stem_slots", {})
    for change in rules.get("stem_change", []):
        at = stem.rfind(change["from"])
        if word not in change["verbs"] or at < 0:
            continue
        out = {}
        for kind, to in (("stressed", change["to"]), ("weak", change.get("weak"))):
            if to is None or (kind == "weak" and verb["infinitive"] != "ir"):
                continue
            for slot in slots.get(kind, []):
                out[slot] = stem[:at] + to + stem[at + len(change["from"]) :]
        return out
    return {}


def conjugate(
    word: str,
    verb: Mapping[str, Any],
    rules: Mapping[str, Any],
    entry: Mapping[str, Any] | None = None,
) -> set[str]:
    """The forms of the verb ``word`` of the conjugation ``verb``: every ending of its
    ``forms`` and ``slots`` on its stem (or on the stem a stem change gives that slot),
    less the slots an irregular ``entry`` drops or gives a stem of its own (with the
    endings of ``rules["irregular_stems"]``), and the clitics on its infinitive, its
    gerund and the imperatives of ``clitic_slots``.

    >>> ar = {"infinitive": "ar", "gerund": "ando", "forms": ["ado"],
    ...       "slots": {"yo": ["o"], "stressed": ["a"], "subjunctive": ["e"]},
    ...       "respell": [{"end": "c", "before": "e", "with": "qu"}],
    ...       "clitic_slots": {"stressed": ["a"]}}
    >>> rules = {"clitics": ["lo"], "stem_slots": {"stressed": ["yo", "stressed"]},
    ...          "stem_change": [{"from": "o", "to": "ue", "verbs": ["trocar"]}]}
    >>> sorted(conjugate("trocar", ar, rules))  # doctest: +NORMALIZE_WHITESPACE
    ['trocado', 'trocandolo', 'trocarlo', 'troque', 'trueca', 'truecalo', 'trueco']
    >>> er = {"infinitive": "er", "gerund": "iendo", "forms": ["ia"], "slots": {"yo": ["o"]}}
    >>> rules = {"irregular_stems": {"yo": {"replaces": ["yo"], "endings": ["o", "a"]}}}
    >>> sorted(conjugate("tener", er, rules, {"stems": {"yo": "teng"}}))
    ['tenga', 'tengo', 'tenia']
    """
    entry = entry or {}
    stem = word[: len(word) - len(verb["infinitive"])]
    respell = verb.get("respell", [])
    slots: dict[str, list[str]] = {"forms": verb["forms"], **verb.get("slots", {})}
    table: Mapping[str, Mapping[str, list[str]]] = rules.get("irregular_stems", {})
    drop = set(slots) if entry.get("regular", True) is False else set(entry.get("drop", []))
    irregular: dict[str, str] = {}  # slot -> the irregular stem that replaces it
    for kind, own in entry.get("stems", {}).items():
        irregular.update(dict.fromkeys(table[kind]["replaces"], own))
    if "gerund" in entry:  # its own gerund: "viniendo", "diciendo"
        drop.add("gerund")
    changed = _changed_stems(word, stem, verb, rules)
    out = set(entry.get("forms", []))
    for slot, ends in slots.items():
        if slot not in drop and slot not in irregular:
            out.update(join(changed.get(slot, stem), end, respell) for end in ends)
    for kind, own in entry.get("stems", {}).items():
        out.update(own + end for end in table[kind]["endings"])
    gerund = entry.get("gerund") or join(changed.get("gerund", stem), verb["gerund"], respell)
    if "gerund" in entry:
        out.add(gerund)
    bases = {word[: len(word) - int(rules.get("clitic_cut", 0))], gerund}
    for n, (slot, ends) in enumerate(verb.get("clitic_slots", {}).items()):
        if n == 0 and "imperative" in entry:  # its own imperative: "haz", "di", "ten"
            bases.update(entry["imperative"])
        elif slot in irregular:
            bases.update(irregular[slot] + end for end in ends)
        elif slot not in drop:
            bases.update(join(changed.get(slot, stem), end, respell) for end in ends)
    out.update(base + clitic for base in bases for clitic in rules.get("clitics", []))
    return out


def _conjugation(word: str, rules: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The table of ``rules["verb"]`` whose infinitive ending ``word`` has."""
    return next((v for v in rules.get("verb", []) if word.endswith(v["infinitive"])), None)


def special(rules: Mapping[str, Any]) -> set[str]:
    """The verbs :func:`irregulars` conjugates (the irregular ones with every compound,
    the stem-changing ones), which the regular conjugation leaves alone."""
    out = {change_verb for c in rules.get("stem_change", []) for change_verb in c["verbs"]}
    for entry in rules.get("irregular", []):
        out.update(p + entry["verb"] for p in ["", *entry.get("compounds", [])])
    return out


def irregulars(known: set[str], rules: Mapping[str, Any]) -> set[str]:
    """The forms of the irregular verbs of ``rules["irregular"]`` (and of their
    compounds the lists hold: ``contener``, ``suponer``), and of the stem-changing verbs
    of ``rules["stem_change"]``, whether the lists hold them or not."""
    out: set[str] = set()
    done: set[str] = set()
    for entry in rules.get("irregular", []):
        verb = _conjugation(entry["verb"], rules)
        if verb is None:
            continue
        made = conjugate(entry["verb"], verb, rules, entry)
        prefixes = [] if entry.get("bound", False) else [""]
        prefixes += [p for p in entry.get("compounds", []) if p + entry["verb"] in known]
        out.update(p + form for p in prefixes for form in made)
        done.update(p + entry["verb"] for p in ["", *entry.get("compounds", [])])
    for change in rules.get("stem_change", []):
        for word in change["verbs"]:
            verb = _conjugation(word, rules)
            if verb is not None and word not in done:
                out.update(conjugate(word, verb, rules))
    return out


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
    skip = special(rules)
    out.update(irregulars(known, rules))
    for verb in rules.get("verb", []):
        for word, _stem in _verb_stems(verb, known, common):
            verbs.add(word)
            if word not in skip:  # conjugated by irregulars()
                out.update(conjugate(word, verb, rules))
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
    out.update(respelt(known, rules))
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
        skip = special(rules)
        for verb in rules.get("verb", []):
            ending = verb["infinitive"]
            for word in words:
                stem = word[: -len(ending)]
                if not word.endswith(ending) or len(stem) < 2 or word + "es" in common:
                    continue
                if word not in skip:
                    out.update(conjugate(word, verb, rules))
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


def respelt(words: Iterable[str], rules: Mapping[str, Any]) -> set[str]:
    """The older spellings ``spelling`` (one language's table) gives ``words``: a word
    beginning with a pair's new beginning, alone or after one of ``prefixes``, takes the
    pair's old one (Portuguese before the 1990 Agreement: ``atualmente`` ->
    ``actualmente``, ``reacao`` -> ``reaccao``); a word of ``words`` pairs, only itself.

    >>> rules = {"spelling": {"prefixes": ["", "re"], "pairs": [["acao", "accao"]],
    ...                       "words": [["ato", "acto"]]}}
    >>> sorted(respelt(["acao", "reacao", "educacao", "ato", "atomo"], rules))
    ['accao', 'acto', 'reaccao']
    """
    table = rules.get("spelling", {})
    heads = {
        p + new: p + old for p in table.get("prefixes", [""]) for new, old in table.get("pairs", [])
    }
    whole = dict(table.get("words", []))
    longest = max(map(len, heads), default=0)
    out: set[str] = set()
    for word in words:
        if word in whole:
            out.add(whole[word])
        for cut in range(1, min(longest, len(word)) + 1):
            if word[:cut] in heads:
                out.add(heads[word[:cut]] + word[cut:])
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
