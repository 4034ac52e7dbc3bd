"""A cache of compiled packs on disk, keyed by their content, so a new process skips TOML.

``Scorer.load()`` spends most of its time parsing the packs' TOML and compiling them.
Both depend only on bytes this module can hash: every file of the folders of the packs
loaded and of their bases (``base = "fr"`` in a variant's ``pack.toml``; every bundled
and entry-point pack folder when a base line is of another form), every ``_data/*.toml``
table, the Python sources that read and compile
them, the compiled core, the nudge version and this file's :data:`FORMAT`.  The result
(the packs and the compiled :class:`~nudge.matcher.Lexicon`) is written as JSON, never
pickle: the cache directory is a place other processes can write, and a JSON file can
only ever yield plain data, which is then checked while it is rebuilt.  Beside it, a
``.seg`` file keeps, in the compiled core's own layout, the lexicon's largest tables:
the typo forms, triggers and phrases (some 36,000 strings and 4,300 phrases, which the
core then holds alone: Python reads them through :mod:`nudge._corewords`), the
segmenter's tables (the general word lists of the packs' languages, some 3.5 MB) and
its piece filters (derived from the whole lexicon: some 1 MB and 280 M instructions for
two packs, which a process otherwise paid on its first comment with an unknown word), so
a warm start reads them
instead of decoding and building them: the key on its first line, the lengths of the
word tables and of the segmenter's tables (8 bytes each), then the core's three blobs,
each with its versioned header and checksum, read by bounds-checked code.  A damaged
``.seg`` file is refused with a warning, and the packs are compiled again and both files
rewritten.

A cache that is missing, unreadable, read-only, corrupt (its digest does not match) or
stale (another key) is ignored: the packs are compiled as before and, where the folder
allows it, the file is written again (to a temporary name, then renamed, so a reader
never sees half a file).  Only packs that loaded cleanly are ever written, so a bad pack
still fails with its ``file:line`` error from the TOML.

Where: ``$NUDGE_CACHE_DIR``, else ``$XDG_CACHE_HOME/nudge``, else ``~/.cache/nudge``
(created private to the user).

>>> first = load_compiled(("fr",))               # read, compiled and written (or memo)
>>> again = load_compiled(("fr",), memo=False)   # read back from the cache file
>>> first == again
True
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import fields
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Final

from nudge import _core, _gcpause
from nudge import lexicon as _lexicon
from nudge._cachedir import blake2b, cache_dir, open_bounded, write_atomic
from nudge._corewords import NO_PHRASES, CorePhrases, CoreTriggers, CoreTypos
from nudge.facts import LanguageFacts
from nudge.lexicon import (
    AllowEntry,
    Category,
    Example,
    IdentityEntry,
    MatchKind,
    Pack,
    Source,
    Term,
    Where,
    load_pack,
)
from nudge.matcher import Entry, Lexicon, Phrase, TermRef, compile_packs

__all__ = ["FORMAT", "CachedPacks", "PackView", "cache_dir", "load_compiled", "load_lazily"]

FORMAT: Final = 10
"""The layout of a cache file: raise it whenever the encoding below changes."""


class _Log:
    """The ``nudge.cache`` logger, imported on first use: a warm start logs nothing, and
    ``logging`` (with the ``traceback`` module it pulls in) is some 5 ms of start-up."""

    def __getattr__(self, level: str) -> Callable[..., None]:
        import logging

        method: Callable[..., None] = getattr(logging.getLogger("nudge.cache"), level)
        return method


_log = _Log()

_SOURCES: Final = (
    "lexicon.py",
    "matcher.py",
    "normalize.py",
    "facts.py",
    "_toml_lines.py",
    "_vocabulary.py",
    "_corewords.py",
    "_cache.py",
)
"""The modules whose code decides what a compiled pack holds: a change in any is a new key."""

_KEEP: Final = 4
"""Cache files kept per set of pack codes (an edited pack leaves its old file behind)."""

_MAX_BYTES: Final = 256 * 2**20
"""A cache file larger than this is not read (today's are 1.1 MB and 3.6 MB for en+fr)."""

Compiled = tuple[tuple[Pack, ...], Lexicon]

_memo: dict[tuple[str, ...], CachedPacks] = {}
"""This process's compiled packs by folder, as ``load_pack`` caches bundled packs."""

_contents: dict[tuple[str, ...], str] = {}
"""The content digest (:func:`_key`'s second value) of each set of packs in ``_memo``."""


def load_compiled(codes: Sequence[str], *, memo: bool = True) -> Compiled:
    """The packs named by ``codes`` and their compiled lexicon: from this process's memo,
    from the cache file, or read and compiled (then cached).

    A code that names no registered pack (a folder path given as a string) is loaded
    as before, without the cache.

    >>> packs, lexicon = load_compiled(("en",))
    >>> [p.code for p in packs], lexicon.languages
    (['en'], ('en',))
    """
    loaded = load_lazily(codes, memo=memo)
    return loaded.packs(), loaded.lexicon


def load_lazily(codes: Sequence[str], *, memo: bool = True) -> CachedPacks:
    """:func:`load_compiled`'s packs and lexicon as a :class:`CachedPacks`: read from a
    cache file, the packs themselves are decoded on first use (a Scorer reads only their
    views).

    >>> loaded = load_lazily(("fr",))
    >>> [v.code for v in loaded.views], loaded.lexicon.languages
    (['fr'], ('fr',))
    """
    plugins = _lexicon._entry_point_packs()  # looked up at call time: tests replace it
    folders = [_registered(code, plugins) for code in codes]
    if any(f is None for f in folders):
        return CachedPacks.of(_compile_now(codes))
    memo_key = (*codes, "\0", *(str(f) for f in folders))
    if memo and memo_key in _memo:
        return _memo[memo_key]
    try:
        key, content = _key(codes, folders, plugins)
    except OSError as exc:  # a pack file vanished or cannot be read: the loader will say
        _log.debug("no cache key: %s", exc)
        return CachedPacks.of(_compile_now(codes))
    folder = cache_dir()
    if folder is None:
        return CachedPacks.of(_compile_now(codes))
    # The codes name the file when they are plain (an entry point's name could be any
    # text, "../x" included: then only the key does).
    plain = all(re.match(_lexicon._PLAIN_CODE, c) for c in codes) and len(codes) <= 8
    path = folder / f"packs-{'+'.join(codes) if plain and codes else 'other'}-{key}.json"
    loaded = _read_lazily(path, key, tuple(codes))
    if loaded is None:
        compiled = _compile_now(codes)
        _write(path, key, compiled)
        _write_segmenter(path, key, compiled)
        _core_words(compiled[1], compiled=True)
        loaded = CachedPacks.of(compiled)
    if memo:
        _memo[memo_key] = loaded
        _contents[memo_key] = content
    return loaded


class PackView:
    """What a :class:`~nudge.scorer.Scorer` reads of a pack when it is built: its code,
    its context lists and its language facts (the same values as the pack's own)."""

    __slots__ = ("code", "context", "tokens")

    def __init__(
        self, code: str, context: dict[str, tuple[str, ...]], tokens: LanguageFacts
    ) -> None:
        self.code = code
        self.context = context
        self.tokens = tokens


class CachedPacks:
    """Compiled packs as the cache gave them: the lexicon (its core built), a view of
    each pack, and the packs themselves, decoded from the file's bytes on first use.

    Most processes never read a pack's terms, examples or sources (a Scorer needs only
    the lexicon and the views): left undecoded, they cost neither the time to decode
    them nor the memory their objects (and the JSON decoder's garbage around them) hold.
    The bytes were checked against the file's digest when it was read, and are checked
    value by value when decoded; should that still fail, the packs are read from their
    TOML instead (the same packs: the file was written for these pack files).
    """

    __slots__ = ("_body", "_codes", "_lock", "_packs", "lexicon", "views")

    def __init__(
        self,
        lexicon: Lexicon,
        views: tuple[PackView, ...] | tuple[Pack, ...],
        codes: tuple[str, ...],
        body: bytes | None,
        packs: tuple[Pack, ...] | None,
    ) -> None:
        self.lexicon = lexicon
        self.views = views
        self._codes = codes
        self._body = body
        self._packs = packs
        self._lock = threading.Lock()

    @classmethod
    def of(cls, compiled: Compiled) -> CachedPacks:
        """Packs compiled in this process (nothing left to decode)."""
        packs, lexicon = compiled
        return cls(lexicon, packs, tuple(p.code for p in packs), None, packs)

    def packs(self) -> tuple[Pack, ...]:
        """The packs (decoded once, on the first call)."""
        found = self._packs
        if found is not None:
            return found
        with self._lock:
            if self._packs is None:
                try:
                    self._packs = self.decoded()
                except Exception as exc:  # the file's values are checked, never trusted
                    _log.warning("the cache file's packs are not valid (%s): reading them", exc)
                    self._packs = tuple(load_pack(code) for code in self._codes)
                self._body = None
            return self._packs

    def decoded(self) -> tuple[Pack, ...]:
        """The packs decoded from the file's bytes (raises when they are not valid)."""
        if self._packs is not None:
            return self._packs
        if self._body is None:
            raise ValueError("no packs to decode")
        with _gcpause.paused():  # some 6,000 small acyclic objects
            payload = json.loads(self._body)
            memo: dict[str, str] = {}
            packs = _decode_packs(payload["packs"], _strs(payload["paths"]), memo.setdefault)
        # The Scorer was built from the views: the packs must say the same.
        if [(p.code, p.context, p.tokens) for p in packs] != [
            (v.code, v.context, v.tokens) for v in self.views
        ]:
            raise ValueError("the packs are not the ones the file lists")
        return packs


def pickled_as(
    packs: tuple[Pack, ...] | CachedPacks, lexicon: Lexicon
) -> tuple[tuple[str, ...], str] | None:
    """The pack codes and content digest a Scorer over these compiled packs pickles as,
    when they came from :func:`load_compiled` (else ``None``: it pickles them whole).

    The unpickling process (a Dask or Spark worker) loads the same codes through
    :func:`load_pickled`: from its memo or its cache file, without rebuilding anything.

    >>> packs, lexicon = load_compiled(("fr",))
    >>> pickled_as(packs, lexicon)[0]
    ('fr',)
    """
    for memo_key, loaded in _memo.items():
        if (
            loaded.lexicon is lexicon
            and (packs is loaded or (loaded._packs is not None and packs is loaded._packs))
            and memo_key in _contents
        ):
            return memo_key[: memo_key.index("\0")], _contents[memo_key]
    return None


def load_pickled(codes: tuple[str, ...], content: str) -> CachedPacks:
    """The compiled packs :func:`pickled_as` named, loaded here (memo, cache file or
    packs); a :class:`~nudge.errors.ConfigError` when this installation's packs are not
    the ones pickled (another version or an edited pack), never other answers.

    >>> load_pickled(*pickled_as(*load_compiled(("fr",)))).lexicon.languages
    ('fr',)
    """
    loaded = load_lazily(codes)
    found = pickled_as(loaded, loaded.lexicon)
    if found is None or found[1] != content:
        from nudge.errors import ConfigError

        raise ConfigError(
            "this installation's packs are not the ones the Scorer was pickled with "
            f"(content {content[:12]}, here {'none' if found is None else found[1][:12]}): "
            "install the same nudge and packs, or pickle a Scorer loaded with memo off",
            path="pickle",
        )
    return loaded


def _compile_now(codes: Iterable[str]) -> Compiled:
    packs = tuple(load_pack(code) for code in codes)
    return packs, compile_packs(packs)


def _registered(code: str, plugins: dict[str, Traversable]) -> Traversable | None:
    """The folder of a registered pack (what ``load_pack`` would read), else ``None``."""
    if code in plugins:
        return plugins[code]
    if not isinstance(code, str) or not re.match(_lexicon._PLAIN_CODE, code):
        return None
    candidate = _lexicon.bundled_packs_root().joinpath(code)
    return candidate if candidate.joinpath("pack.toml").is_file() else None


# --------------------------------------------------------------------- the key


def _key(
    codes: Sequence[str], folders: Sequence[Traversable | None], plugins: dict[str, Traversable]
) -> tuple[str, str]:
    """A digest of everything the compiled packs depend on (see the module's docstring),
    and a digest of their content alone: the same for the same nudge and packs installed
    elsewhere (no folder names, no file times), which a pickled Scorer carries."""
    import nudge

    content = blake2b(digest_size=20)  # what was read: every byte is hashed once
    h = blake2b(digest_size=20)  # where it was read from, then the content's digest

    def put(*parts: str | bytes, local: bool = False) -> None:
        digest = h if local else content
        for part in parts:
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "little"))
            digest.update(data)

    put(f"format {FORMAT}", nudge.__version__, str(getattr(_core, "__version__", "")))
    core_file = getattr(_core, "__file__", None)
    if core_file:  # a rebuilt core (another normaliser) folds pack words differently
        st = os.stat(core_file)
        put(core_file, f"{st.st_size} {st.st_mtime_ns}", local=True)
    here = resources.files("nudge")
    for name in _SOURCES:
        put(name, here.joinpath(name).read_bytes())
    data = here.joinpath("_data")
    for item in sorted(data.iterdir(), key=lambda t: t.name):
        if item.name.endswith(".toml") and item.is_file():
            put(item.name, item.read_bytes())
    for code, folder in zip(codes, folders, strict=True):
        put(code)
        put(str(folder), local=True)
    # The folders these packs read: each one and its bases, whole folders rather than a
    # list of the files read today; every registered folder when a base cannot be told
    # for sure (hashing the 5 MB of every bundled pack costs some 10 ms of a warm load).
    needed = _folders_read(folders, plugins)
    if needed is None:
        root = _lexicon.bundled_packs_root()
        bundled = sorted(root.iterdir(), key=lambda t: t.name) if root.is_dir() else []
        needed = [*bundled, *(plugins[name] for name in sorted(plugins))]
    for folder in needed:
        if folder.is_dir():
            put("folder")
            put(str(folder), local=True)
            _hash_folder(folder, put, depth=0)
    portable = content.hexdigest()
    put(portable, local=True)
    return h.hexdigest(), portable


_BASE_LINE: Final = re.compile(r"base\s*=")
_PLAIN_BASE: Final = re.compile(r'base\s*=\s*"([A-Za-z0-9_-]+)"\s*(?:#.*)?')


def _folders_read(
    folders: Sequence[Traversable | None], plugins: dict[str, Traversable]
) -> list[Traversable] | None:
    """The registered folders loading these packs reads: each pack's, then its base's
    (``base = "fr"`` in ``pack.toml``), and so on; ``None`` when a ``base`` line is not
    of that plain form or names no registered pack (the caller then hashes them all)."""
    out: list[Traversable] = []
    todo = [f for f in folders if f is not None]
    while todo:
        folder = todo.pop(0)
        if any(str(folder) == str(seen) for seen in out):
            continue  # a loop of bases: the loader reports it
        out.append(folder)
        text = folder.joinpath("pack.toml").read_text(encoding="utf-8")
        for raw in text.splitlines():
            line = raw.strip()
            if not _BASE_LINE.match(line):
                continue
            plain = _PLAIN_BASE.fullmatch(line)
            base = _registered(plain.group(1), plugins) if plain else None
            if base is None:
                return None
            todo.append(base)
    return out


def _hash_folder(folder: Traversable, put: Callable[..., None], depth: int) -> None:
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if item.name.startswith(".") or item.name == "__pycache__":
            continue
        if item.is_file():
            put(item.name, item.read_bytes())
        elif item.is_dir() and depth < 3:
            put("dir", item.name)
            _hash_folder(item, put, depth + 1)


# --------------------------------------------------------------------- the file


def _read(path: Path, key: str) -> Compiled | None:
    """The cached packs and lexicon, or ``None`` (missing, corrupt, stale or not valid),
    the packs decoded at once (:func:`_read_lazily` leaves them for their first use)."""
    loaded = _read_lazily(path, key, None)
    if loaded is None:
        return None
    try:
        return loaded.decoded(), loaded.lexicon
    except Exception as exc:  # as _read_lazily: a file of bad values is a miss
        _log.info("ignoring the cache file %s: %s", path, exc)
        return None


def _read_lazily(path: Path, key: str, codes: tuple[str, ...] | None) -> CachedPacks | None:
    """The cached lexicon (its core built) and packs, or ``None`` (missing, corrupt,
    stale or not valid).  The file's body is two JSON documents, one a line: the lexicon
    with a view of each pack (decoded and checked here), then the packs (kept as bytes,
    decoded on first use: :class:`CachedPacks`); the digest covers both."""
    try:
        pieces = _read_pieces(path, lines=2)
        if pieces is None:
            return None
        head, lexicon_part, packs_part = pieces
        body = blake2b(lexicon_part, digest_size=20)
        body.update(packs_part)
        header = json.loads(head)
        if (
            not head.endswith(b"\n")
            or header.get("format") != FORMAT
            or header.get("key") != key
            or header.get("digest") != body.hexdigest()
        ):
            raise ValueError("stale or corrupt")
        if not lexicon_part.endswith(b"\n"):
            raise ValueError("no packs")
        with _gcpause.paused():  # tens of thousands of small acyclic objects
            payload = json.loads(lexicon_part)
            memo: dict[str, str] = {}
            keep: _Keep = memo.setdefault
            lexicon = _decode_lexicon(payload["lexicon"], keep)
            views = tuple(_decode_view(v, keep) for v in payload["views"])
            del payload
            # The core's build checks every value it reads (types, categories); built
            # here, a bad file is a miss rather than an error on first use.
            _build_core(path, key, ((), lexicon))
        names = tuple(v.code for v in views)
        if codes is not None and names != codes:
            raise ValueError(f"written for the packs {names}")
        return CachedPacks(lexicon, views, names, packs_part, None)
    except _MissingTablesError:
        return None  # a miss like a missing cache file (both are written again)
    except Exception as exc:  # whatever is wrong with the file, compiling again is right
        _log.info("ignoring the cache file %s: %s", path, exc)
        return None


def _segmenter_path(path: Path) -> Path:
    return path.with_suffix(".seg")


class _MissingTablesError(Exception):
    """The ``.seg`` file beside a cache file is not there (a quiet miss)."""


_DAMAGED: Final = ("segmenter tables: ", "word tables: ", "it was written", "its word tables")
"""How the errors of a damaged ``.seg`` file start (the core's and :func:`_build_core`'s)."""


def _build_core(path: Path, key: str, compiled: Compiled) -> None:
    """Build the core's lexicon of packs read from ``path`` with the typo forms, triggers
    and segmenter's tables of the ``.seg`` file beside it, then point the Python lexicon's
    ``typos`` and ``triggers`` at the core's.  Raises when that file is missing or damaged
    (with a warning for the latter): the packs are then compiled again (see ``_read``)."""
    seg_path = _segmenter_path(path)
    try:
        pieces = _read_pieces(seg_path, lines=1, sized=2)
        if pieces is None:
            raise _MissingTablesError(seg_path)
        head, words, tables, filters = pieces
        if head != key.encode("ascii") + b"\n":
            raise ValueError("it was written for other packs")
        compiled[1]._core_lexicon(tables, words, filters)
    except ValueError as exc:
        if str(exc).startswith(_DAMAGED):
            _log.warning(
                "the segmenter's tables, typo forms and phrases in %s are damaged (%s): "
                "compiling the packs again",
                seg_path,
                exc,
            )
        raise  # the rest of the lexicon: the JSON file is ignored (see _read)
    _core_words(compiled[1])


def _read_pieces(path: Path, *, lines: int, sized: int = 0) -> list[bytes] | None:
    """The pieces of the regular file ``path`` (at most :data:`_MAX_BYTES`), each read
    from the file once, without a copy (the ``.seg`` file's tables are megabytes): its
    first ``lines`` lines (each with its line feed, if it has one), then ``sized`` blobs
    each after its length (8 bytes, little-endian), then the rest.  ``None`` when the
    file is missing, unreadable, too big or not a regular file (``open_bounded``);
    ``ValueError`` when a blob's length does not fit the file."""
    try:
        opened = open_bounded(path, _MAX_BYTES)
        if opened is None:
            return None
        f, size = opened
        with f:
            pieces = [f.readline(size + 1) for _ in range(lines)]
            read = sum(map(len, pieces))
            for _ in range(sized):
                length = f.read(8)
                wanted = int.from_bytes(length, "little")
                read += len(length)
                if len(length) < 8 or wanted > size - read:  # a length is never trusted
                    raise ValueError("its word tables are cut short")
                pieces.append(f.read(wanted))
                read += len(pieces[-1])
            pieces.append(f.read(size + 1))  # a byte more: a file that grew is refused
            read += len(pieces[-1])
    except OSError:
        return None
    if read != size:
        raise ValueError("the file changed while it was read")
    return pieces


def _core_words(lexicon: Lexicon, *, compiled: bool = False) -> None:
    """Point the lexicon's typo forms, triggers and phrases at the core's copy (the only
    one kept); ``compiled``: a lexicon compiled from the packs, whose entries each hold
    a dict of phrases (a decoded one's share :data:`NO_PHRASES` already).

    Done before the lexicon is handed out (it is frozen from then on), as its ``_core``."""
    try:
        core = lexicon._core_lexicon()
    except ValueError:  # packs the core refuses: they fail where they are scored
        return
    object.__setattr__(lexicon, "typos", CoreTypos(core))
    object.__setattr__(lexicon, "triggers", CoreTriggers(core))
    index, terms = lexicon.index, lexicon.terms
    if compiled:
        for entry in index.values():
            object.__setattr__(entry, "phrases", NO_PHRASES)
    for key in core.phrase_keys():
        object.__setattr__(index[key], "phrases", CorePhrases(core, key, terms))


def _write_segmenter(path: Path, key: str, compiled: Compiled) -> None:
    """Write the core's tables (typo forms, triggers and phrases, then the segmenter's)
    beside the cache file ``path``; never fail."""
    try:
        core = compiled[1]._core_lexicon()
        words, tables = core.word_tables_bytes(), core.segmenter_bytes()
        filters = core.piece_filters_bytes()
    except ValueError as exc:  # packs the core refuses: the loader has already said so
        _log.debug("segmenter not cached: %s", exc)
        return
    if not _same_phrases(compiled[1], core):
        # What a warm start would hand out must be what was compiled (as ``_write``
        # checks for the JSON): a phrase field the core does not keep is never lost.
        _log.warning("compiled packs not cached: the core's phrases are not the compiled ones")
        return
    sized = (part for blob in (words, tables) for part in (len(blob).to_bytes(8, "little"), blob))
    data = b"".join((key.encode("ascii"), b"\n", *sized, filters))
    if not write_atomic(_segmenter_path(path), data):
        _log.debug("segmenter not written beside %s", path)


def _same_phrases(lexicon: Lexicon, core: _core.CoreLexicon) -> bool:
    """Whether the core's phrases, as :class:`CorePhrases` reads them, are the
    lexicon's."""
    index, terms = lexicon.index, lexicon.terms
    keys = core.phrase_keys()
    return {k for k, e in index.items() if e.phrases} == set(keys) and all(
        CorePhrases(core, k, terms) == index[k].phrases for k in keys
    )


def _write(path: Path, key: str, compiled: Compiled) -> None:
    """Write the cache file atomically; never fail (a read-only or missing folder is fine)."""
    try:
        payload = _encode(compiled)
        # Two documents, one a line (JSON keeps no raw line break): the lexicon and the
        # packs' views, read by every warm start, then the packs, decoded on first use.
        first = {"lexicon": payload["lexicon"], "views": payload["views"]}
        second = {"paths": payload["paths"], "packs": payload["packs"]}
        body = b"\n".join(
            json.dumps(part, separators=(",", ":")).encode("ascii") for part in (first, second)
        )
        # The file must give back exactly what was compiled, or it is not written: a field
        # this encoding does not know (added to a dataclass later) must not vanish, and
        # what ``==`` leaves out (where each entry came from) is compared as encoded.
        lexicon_part, _, packs_part = body.partition(b"\n")
        again = _decode({**json.loads(lexicon_part), **json.loads(packs_part)})
        # The typo forms, triggers and phrases go to the ``.seg`` file (the core's layout).
        object.__setattr__(again[1], "typos", compiled[1].typos)
        object.__setattr__(again[1], "triggers", compiled[1].triggers)
        for word, entry in compiled[1].index.items():
            if word in again[1].index:
                object.__setattr__(again[1].index[word], "phrases", entry.phrases)
        if again != compiled or _encode(again) != payload:
            raise _UnsupportedError("the compiled packs do not survive the round trip")
    except (_UnsupportedError, ValueError, TypeError, KeyError, IndexError) as exc:
        _log.warning("compiled packs not cached: %s", exc)
        return
    header = {
        "format": FORMAT,
        "key": key,
        "digest": blake2b(body, digest_size=20).hexdigest(),
    }
    if not write_atomic(path, json.dumps(header).encode("ascii") + b"\n" + body):
        _log.debug("cache not written to %s", path)
        return
    with contextlib.suppress(OSError):  # another process may prune at the same time
        _prune(path)


def _prune(path: Path) -> None:
    """Keep the newest :data:`_KEEP` files of the same pack codes (and their ``.seg``)."""
    prefix = path.name.rsplit("-", 1)[0] + "-"
    mine = [
        p for p in path.parent.glob(f"{prefix}*.json") if p.name.rsplit("-", 1)[0] + "-" == prefix
    ]
    mine.sort(key=lambda p: p.stat().st_mtime_ns, reverse=True)
    kept = {p.stem for p in mine[:_KEEP]}
    for old in mine[_KEEP:]:
        old.unlink(missing_ok=True)
    for seg in path.parent.glob(f"{prefix}*.seg"):
        if seg.name.rsplit("-", 1)[0] + "-" == prefix and seg.stem not in kept:
            seg.unlink(missing_ok=True)


class _UnsupportedError(Exception):
    """A value this encoding cannot carry."""


# --------------------------------------------------------------------- encoding
# Plain JSON lists, one per object, fields in dataclass order; the lexicon's index is
# written as columns (most entries are a context word with nothing but roles).  Decoding
# is the hot path of a warm start: it checks types in bulk (``"".join`` refuses a
# non-string) and leaves the rest to the compiled core, whose build refuses any value of
# the wrong type; every failure is a ``TypeError``/``ValueError`` that means "ignore it".


def _check_fields(cls: type, names: tuple[str, ...]) -> None:
    """Refuse to encode a dataclass whose fields are not the ones written below."""
    actual = tuple(f.name for f in fields(cls))
    if actual != names:
        raise _UnsupportedError(f"{cls.__name__} has fields {actual}, the cache knows {names}")


_KNOWN: Final = (
    (
        Pack,
        (
            "code",
            "name",
            "version",
            "licence",
            "maintainers",
            "language",
            "path",
            "sources",
            "base",
            "terms",
            "allow",
            "identity",
            "context",
            "examples",
            "removed",
            "tokens",
        ),
    ),
    (
        Term,
        (
            "term",
            "category",
            "severity",
            "match",
            "variants",
            "exceptions",
            "targeted",
            "ambiguous",
            "benign_context",
            "fuzzy",
            "note",
            "lang",
            "where",
        ),
    ),
    (AllowEntry, ("word", "protects", "note", "where")),
    (IdentityEntry, ("term", "group", "variants", "note", "lang", "where")),
    (Example, ("text", "flag", "reason", "severity", "xfail", "where")),
    (Source, ("name", "url", "licence", "used_for")),
    (Where, ("path", "line")),
    (
        TermRef,
        (
            "id",
            "term",
            "category",
            "severity",
            "targeted",
            "ambiguous",
            "benign_context",
            "lang",
            "where",
            "letters",
        ),
    ),
    (Phrase, ("tokens", "term", "roles", "identity", "lang")),
    (Entry, ("terms", "roles", "lang_roles", "langs", "identity", "phrases")),
    (
        Lexicon,
        (
            "languages",
            "index",
            "stems",
            "stem_lengths",
            "stem_stop",
            "masked",
            "allow",
            "triggers",
            "stem_prefixes",
            "terms",
            "packs",
            "_min_stem",
            "typos",
            "typo_langs",
            "facts",
            "word_folders",
            "capitalised",
            "pronoun_subjects",
            "_core",
        ),
    ),
)
"""Every dataclass written to the file, with the fields this encoding carries."""


def _encode(compiled: Compiled) -> dict[str, Any]:
    for cls, names in _KNOWN:
        _check_fields(cls, names)
    paths: dict[str, int] = {}

    def where(w: Where) -> list[Any]:
        return [paths.setdefault(w.path, len(paths)), w.line]

    packs = [
        [
            p.code,
            p.name,
            p.version,
            p.licence,
            list(p.maintainers),
            p.language,
            p.path,
            [[s.name, s.url, s.licence, s.used_for] for s in p.sources],
            p.base,
            [
                [
                    t.term,
                    t.category.value,
                    t.severity,
                    t.match.value,
                    list(t.variants),
                    list(t.exceptions),
                    t.targeted,
                    t.ambiguous,
                    list(t.benign_context),
                    t.fuzzy,
                    t.note,
                    t.lang,
                    *where(t.where),
                ]
                for t in p.terms
            ],
            [[a.word, a.protects, a.note, *where(a.where)] for a in p.allow],
            [
                [i.term, i.group, list(i.variants), i.note, i.lang, *where(i.where)]
                for i in p.identity
            ],
            [[k, list(v)] for k, v in p.context.items()],
            [[e.text, e.flag, e.reason, e.severity, e.xfail, *where(e.where)] for e in p.examples],
            list(p.removed),
            _encode_facts(p.tokens),
        ]
        for p in compiled[0]
    ]
    views = [[p.code, [[k, list(v)] for k, v in p.context.items()], _encode_facts(p.tokens)]
             for p in compiled[0]]  # fmt: skip
    return {
        "paths": list(paths),
        "packs": packs,
        "lexicon": _encode_lexicon(compiled[1]),
        "views": views,
    }


def _encode_lexicon(lex: Lexicon) -> dict[str, Any]:
    refs = lex.terms

    def ref_id(ref: TermRef) -> int:
        # Terms are shared by position: the file keeps one copy of each.
        if not 0 <= ref.id < len(refs) or refs[ref.id] != ref:
            raise _UnsupportedError(f"term {ref.term!r} is not the lexicon's term {ref.id}")
        return ref.id

    entries = list(lex.index.values())
    return {
        "languages": list(lex.languages),
        "terms": [
            [
                r.id,
                r.term,
                r.category,
                r.severity,
                r.targeted,
                r.ambiguous,
                sorted(r.benign_context),
                r.lang,
                r.where,
                list(r.letters),
            ]
            for r in refs
        ],
        "keys": list(lex.index),
        "roles": [e.roles for e in entries],
        "langs": [e.langs for e in entries],
        "identity": [[i, e.identity] for i, e in enumerate(entries) if e.identity is not None],
        "found": [
            [i, [[ref_id(ref), step] for ref, step in e.terms]]
            for i, e in enumerate(entries)
            if e.terms
        ],
        "lang_roles": [
            [i, [[lang, mask] for lang, mask in e.lang_roles]]
            for i, e in enumerate(entries)
            if e.lang_roles
        ],
        "stems": [[k, [ref_id(r) for r in v]] for k, v in lex.stems.items()],
        "stem_lengths": list(lex.stem_lengths),
        "stem_stop": sorted(lex.stem_stop),
        "masked": [
            [size, first, [[key, ref_id(r)] for key, r in pairs]]
            for (size, first), pairs in lex.masked.items()
        ],
        "allow": sorted(lex.allow),
        # The typo forms, triggers and phrases are in the ``.seg`` file, in the core's
        # layout (a phrase's term is checked there: it must be one of these terms).
        "stem_prefixes": sorted(lex.stem_prefixes),
        "packs": list(lex.packs),
        "min_stem": lex._min_stem,
        "typo_langs": [
            [typo, refused, [list(r) for r in forms]]
            for typo, (refused, forms) in lex.typo_langs.items()
        ],
        "facts": _encode_facts(lex.facts),
        "word_folders": list(lex.word_folders),
        "capitalised": list(lex.capitalised),
        "pronoun_subjects": [list(pair) for pair in lex.pronoun_subjects],
    }


def _encode_facts(facts: LanguageFacts) -> list[Any]:
    *lists, capitalised = facts._values()
    return [*(list(values) for values in lists), capitalised]


def _decode_facts(values: list[Any]) -> LanguageFacts:
    *lists, capitalised = values
    if type(capitalised) is not bool:
        raise TypeError(f"expected a boolean, got {type(capitalised).__name__}")
    names = [f.name for f in fields(LanguageFacts) if f.init and f.name != "nouns_capitalised"]
    strings = {name: _strs(v) for name, v in zip(names, lists, strict=True)}
    return LanguageFacts(**strings, nouns_capitalised=capitalised)


# --------------------------------------------------------------------- decoding

_CATEGORIES: Final = {c.value: c for c in Category}
_MATCHES: Final = {m.value: m for m in MatchKind}
_STEPS: Final = frozenset({"", "fuzzy", "stem"})
"""The steps a compiled entry can name (``matcher.Entry.terms``)."""


def _strs(value: list[Any]) -> tuple[str, ...]:
    """A list of strings as a tuple (``"".join`` raises TypeError on anything else)."""
    "".join(value)
    return tuple(value)


def _opt(value: object, kind: type) -> Any:
    if value is not None and type(value) is not kind:
        raise TypeError(f"expected {kind.__name__} or null, got {type(value).__name__}")
    return value


_Keep = Callable[[str, str], str]
"""A memo's ``setdefault``: ``keep(s, s)`` is the first string equal to ``s`` it saw."""


def _decode(payload: dict[str, Any]) -> Compiled:
    """Every object of a cache file's payload (both documents), decoded and checked."""
    # One copy of each string the decoded packs keep: the JSON decoder makes a new one
    # per occurrence (the 4,300 phrases alone repeat "en", "fr", "les", "vais" thousands
    # of times: some 1.6 MB of copies for en + fr that would live as long as the
    # Scorer). ``keep(s, s)`` is the first copy seen (a dict's own method: no Python
    # call per string, so the warm load stays short).
    memo: dict[str, str] = {}
    keep: _Keep = memo.setdefault
    packs = _decode_packs(payload["packs"], _strs(payload["paths"]), keep)
    views = tuple(_decode_view(v, keep) for v in payload["views"])
    if [(v.code, v.context, v.tokens) for v in views] != [
        (p.code, p.context, p.tokens) for p in packs
    ]:
        raise ValueError("the packs' views are not the packs'")
    return packs, _decode_lexicon(payload["lexicon"], keep)


def _decode_view(value: list[Any], keep: _Keep) -> PackView:
    """A pack's view: its code, context lists and language facts."""
    code, context, tokens = value
    "".join((code,))
    return PackView(
        keep(code, code),
        {k: _strs(v) for k, v in context if type(k) is str},
        _decode_facts(tokens),
    )


def _decode_packs(payload: list[Any], paths: tuple[str, ...], keep: _Keep) -> tuple[Pack, ...]:
    """The packs of a cache file's second document (``paths``: the files they name)."""
    wheres: dict[tuple[int, int | None], Where] = {}

    def where(index: int, line: int | None) -> Where:
        key = (index, _opt(line, int))
        found = wheres.get(key)
        if found is None:
            found = wheres[key] = Where(paths[index], line)
        return found

    packs = []
    for (
        code,
        name,
        version,
        licence,
        maintainers,
        language,
        path,
        sources,
        base,
        terms,
        allow,
        identity,
        context,
        examples,
        removed,
        tokens,
    ) in payload:
        "".join((code, name, version, licence, language, path))
        decoded_terms = []
        for (
            term,
            category,
            severity,
            match,
            variants,
            exceptions,
            targeted,
            ambiguous,
            benign,
            fuzzy,
            note,
            lang,
            wi,
            line,
        ) in terms:
            "".join((term, note, lang))
            if type(severity) is not int or type(targeted) is not bool:
                raise TypeError("term: severity or targeted")
            if type(ambiguous) is not bool:
                raise TypeError("term: ambiguous")
            decoded_terms.append(
                Term(
                    keep(term, term),
                    _CATEGORIES[category],
                    severity,
                    _MATCHES[match],
                    _strs(variants),
                    _strs(exceptions),
                    targeted,
                    ambiguous,
                    _strs(benign),
                    _opt(fuzzy, bool),
                    note,
                    keep(lang, lang),
                    where(wi, line),
                )
            )
        decoded_allow = []
        for word, protects, note, wi, line in allow:
            "".join((word, protects, note))
            decoded_allow.append(AllowEntry(word, protects, note, where(wi, line)))
        decoded_identity = []
        for term, group, variants, note, lang, wi, line in identity:
            "".join((term, group, note, lang))
            decoded_identity.append(
                IdentityEntry(
                    keep(term, term),
                    keep(group, group),
                    _strs(variants),
                    note,
                    keep(lang, lang),
                    where(wi, line),
                )
            )
        decoded_examples = []
        for text, flag, reason, severity, xfail, wi, line in examples:
            "".join((text, reason))
            if type(flag) is not bool:
                raise TypeError("example: flag")
            decoded_examples.append(
                Example(text, flag, reason, _opt(severity, str), _opt(xfail, str), where(wi, line))
            )
        packs.append(
            Pack(
                code=code,
                name=name,
                version=version,
                licence=licence,
                maintainers=_strs(maintainers),
                language=language,
                path=path,
                sources=tuple(Source(*_strs(s)) for s in sources),
                base=_opt(base, str),
                terms=tuple(decoded_terms),
                allow=tuple(decoded_allow),
                identity=tuple(decoded_identity),
                context={k: _strs(v) for k, v in context if type(k) is str},
                examples=tuple(decoded_examples),
                removed=_strs(removed),
                tokens=_decode_facts(tokens),
            )
        )
    return tuple(packs)


def _decode_lexicon(d: dict[str, Any], keep: _Keep) -> Lexicon:
    # Every value the compiled core reads is checked by its build (``_read`` builds it:
    # strings, integers, categories, shapes); only what Python alone reads is checked here
    # (a term's ``where``, identity groups, steps), so the warm start stays short.
    refs = []
    for i, (
        id_,
        term,
        category,
        severity,
        targeted,
        ambiguous,
        benign,
        lang,
        where,
        letters,
    ) in enumerate(d["terms"]):
        if id_ != i or type(where) is not str:
            raise ValueError(f"term {i}: bad id or where")
        refs.append(
            TermRef(
                i,
                keep(term, term),
                keep(category, category),
                severity,
                targeted,
                ambiguous,
                frozenset(benign),
                keep(lang, lang),
                where,
                _strs(letters),
            )
        )
    terms = tuple(refs)

    keys = d["keys"]
    keys = list(map(keep, keys, keys))
    count = len(keys)
    found: list[tuple[tuple[TermRef, str], ...]] = [()] * count
    steps: set[str] = set()
    for i, pairs in d["found"]:
        found[i] = tuple([(terms[t], step) for t, step in pairs])
        steps.update(step for _, step in pairs)
    if not steps <= _STEPS:
        raise ValueError(f"unknown steps {sorted(map(str, steps - _STEPS))}")
    lang_roles: list[tuple[tuple[str, int], ...]] = [()] * count
    for i, pairs in d["lang_roles"]:
        lang_roles[i] = tuple([(keep(lang, lang), mask) for lang, mask in pairs])
    identity: list[str | None] = [None] * count
    groups = []
    for i, raw in d["identity"]:
        identity[i] = group = keep(raw, raw)
        groups.append(group)
    "".join(groups)  # identity groups are strings (TypeError otherwise)
    # The phrases are the core's, read from the ``.seg`` file: ``_build_core`` points
    # the entries that start some at them.
    phrases = [NO_PHRASES] * count
    roles, langs = d["roles"], d["langs"]
    if len(roles) != count or len(langs) != count:
        raise ValueError("index columns of different lengths")
    index = dict(
        zip(keys, map(Entry, found, roles, lang_roles, langs, identity, phrases), strict=True)
    )
    return Lexicon(
        languages=tuple(d["languages"]),
        index=index,
        stems={keep(k, k): tuple([terms[t] for t in v]) for k, v in d["stems"]},
        stem_lengths=tuple(d["stem_lengths"]),
        stem_stop=frozenset(map(keep, d["stem_stop"], d["stem_stop"])),
        masked={
            (size, keep(first, first)): tuple([(keep(k, k), terms[t]) for k, t in pairs])
            for size, first, pairs in d["masked"]
        },
        allow=frozenset(map(keep, d["allow"], d["allow"])),
        triggers=frozenset(),  # the core's, read from the ``.seg`` file (_build_core)
        stem_prefixes=frozenset(map(keep, d["stem_prefixes"], d["stem_prefixes"])),
        terms=terms,
        packs=_strs(d["packs"]),
        word_folders=_strs(d.get("word_folders", [])),
        capitalised=_strs(d.get("capitalised", [])),
        pronoun_subjects=tuple(
            (word, lang) for word, lang in map(_strs, d.get("pronoun_subjects", []))
        ),
        _min_stem=d["min_stem"],
        typos={},  # as ``triggers``
        typo_langs={
            keep(typo, typo): (refused, tuple((mask, keep(form, form)) for mask, form in forms))
            for typo, refused, forms in d["typo_langs"]
        },
        facts=_decode_facts(d["facts"]),
    )
