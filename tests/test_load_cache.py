"""The compiled-pack cache (``nudge._cache``), the lazy ``import nudge`` and the TOML line
finder: issue #12 item 6 (load fast), checked for answers, never for time."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import nudge
from nudge import _cache, lexicon
from nudge._toml_lines import code_lines
from nudge.errors import LexiconError
from nudge.scorer import Scorer

ROOT = Path(__file__).resolve().parents[1]

TEXTS = (
    "t'es qu'un b0uffon",
    "you stupid b1tch",
    "I'm such an idiot",
    "Scunthorpe United won the cup",
    "va te p e n d r e, c0nnard",
    "kys",
    "ta gueule",
    "they said you are an idiot, which is not true",
    "fuuuuck off",
    "les arabes sont des sales cons",
    "merci !",
)


@pytest.fixture
def packs_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the bundled packs that a test may edit, found by code like the real ones."""
    root = tmp_path / "lexicons"
    shutil.copytree(lexicon.bundled_packs_root(), root)  # type: ignore[arg-type]
    monkeypatch.setattr(lexicon, "bundled_packs_root", lambda: root)
    yield root


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("packs-*.json")) if folder.is_dir() else []


def _add_term(folder: Path, term: str) -> None:
    """Append an insult entry to a pack folder's ``terms.toml``, as a maintainer would."""
    _append(folder / "terms.toml", f'[[term]]\nterm = "{term}"\ncategory = "insult"\nseverity = 2')


def _add_allow(folder: Path, word: str) -> None:
    """Append an allow entry to a pack folder's ``allow.toml``."""
    _append(folder / "allow.toml", f'[[allow]]\nword = "{word}"')


def _append(path: Path, toml: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{toml}\n", encoding="utf-8")


def _answers(scorer: Scorer) -> list[object]:
    """The assessments of a few texts and of every example of the loaded packs."""
    examples = [e.text for p in scorer.packs for e in p.examples]
    return [scorer.score(t) for t in (*TEXTS, *examples)]


def _wheres(packs: tuple[lexicon.Pack, ...]) -> list[object]:
    return [
        [(x.where.path, x.where.line) for x in (*p.terms, *p.allow, *p.identity, *p.examples)]
        for p in packs
    ]


# English and French, and packs whose lexicon holds what those two leave empty: German's
# capitalised nouns and pronoun subjects, Spanish plural copulas and glued pronouns.
@pytest.mark.parametrize("codes", [("en", "fr"), ("en", "de", "es")])
def test_a_miss_writes_the_file_and_a_hit_gives_the_same_scorer(
    cache: Path, codes: tuple[str, ...]
) -> None:
    fresh_packs, fresh_lexicon = _cache._compile_now(codes)
    first = _cache.load_compiled(codes, memo=False)
    assert len(_files(cache)) == 1
    stamp = _files(cache)[0].stat().st_mtime_ns
    packs, lex = _cache.load_compiled(codes, memo=False)
    assert _files(cache)[0].stat().st_mtime_ns == stamp  # read, not written again
    assert (packs, lex) == first == (fresh_packs, fresh_lexicon)
    if "de" in codes:  # the fields compared above are filled
        assert lex.capitalised == ("de",) and ("die", "de") in lex.pronoun_subjects
    assert _wheres(packs) == _wheres(fresh_packs)
    assert [t.where for t in lex.terms] == [t.where for t in fresh_lexicon.terms]
    cached = Scorer(lex, packs)
    compiled = Scorer(fresh_lexicon, fresh_packs)
    assert _answers(cached) == _answers(compiled)
    assert any(a.flagged for a in _answers(cached))
    again = pickle.loads(pickle.dumps(cached))
    assert _answers(again) == _answers(compiled)
    assert again.lexicon == compiled.lexicon and again.packs == compiled.packs


def test_scorer_load_uses_the_cache_and_agrees_with_the_packs_examples(cache: Path) -> None:
    scorer = Scorer.load(["fr"])
    assert len(_files(cache)) == 1
    examples = [e for p in scorer.packs for e in p.examples if e.xfail is None]
    assert examples
    fresh = Scorer(*reversed(_cache._compile_now(("fr",))))
    assert [scorer.score(e.text) for e in examples] == [fresh.score(e.text) for e in examples]


def test_a_new_process_reads_the_file(cache: Path) -> None:
    code = (
        "import logging, nudge; logging.basicConfig(level=logging.INFO);"
        "print(nudge.Scorer.load().score('you idiot').flagged)"
    )
    run = [sys.executable, "-c", code]
    env = {**os.environ, "NUDGE_CACHE_DIR": str(cache)}
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    written = _files(cache)
    second = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    assert first.stdout == second.stdout == "True\n"
    assert len(written) == 1 and _files(cache) == written
    assert "ignoring the cache file" not in second.stderr


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # cut short
        lambda raw: raw[:-10] + b"0123456789",  # changed bytes
        lambda raw: b"not json at all",
        lambda raw: b"",
        lambda raw: raw.replace(b'"format":', b'"format":9', 1),  # another layout
    ],
)
def test_a_corrupt_file_is_ignored_and_rewritten(cache: Path, damage: object) -> None:
    first = _cache.load_compiled(("fr",), memo=False)
    (path,) = _files(cache)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert _cache.load_compiled(("fr",), memo=False) == first
    assert _cache._read(path, path.stem.rsplit("-", 1)[1]) == first  # rewritten, valid


def _rewrite(path: Path, change: object) -> None:
    """Change the payload and give it a matching digest: only the checks of the values
    themselves can refuse it."""
    head, _, body = path.read_bytes().partition(b"\n")
    first, second = body.split(b"\n")  # the lexicon and the views, then the packs
    payload = {**json.loads(first), **json.loads(second)}
    change(payload)  # type: ignore[operator]
    body = b"\n".join(
        json.dumps({k: payload.get(k) for k in keys}).encode()
        for keys in (("lexicon", "views"), ("paths", "packs"))
    )
    header = json.loads(head)
    header["digest"] = hashlib.blake2b(body, digest_size=20).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + body)


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p["lexicon"]["terms"][0].__setitem__(3, "high"),  # severity not an int
        lambda p: p["lexicon"]["terms"][0].__setitem__(2, "rude"),  # unknown category
        lambda p: p["lexicon"]["roles"].pop(),  # columns of different lengths
        lambda p: p["lexicon"]["found"][0][1][0].__setitem__(0, 10**9),  # no such term
        lambda p: p["packs"][0][9][0].__setitem__(0, 42),  # a term that is not a string
        lambda p: p["packs"][0].__setitem__(9, [["x"]]),
        lambda p: p["lexicon"].__setitem__("stem_stop", [1]),  # not a string
        lambda p: p.__setitem__("packs", None),
    ],
)
def test_a_file_with_values_of_the_wrong_shape_is_ignored(cache: Path, change: object) -> None:
    first = _cache.load_compiled(("fr",), memo=False)
    (path,) = _files(cache)
    key = path.stem.rsplit("-", 1)[1]
    _rewrite(path, lambda p: p["packs"].__setitem__(0, dict(enumerate(p["packs"][0]))))
    assert _cache._read(path, key) is None
    path.unlink()
    _cache.load_compiled(("fr",), memo=False)
    _rewrite(path, change)
    assert _cache._read(path, key) is None
    assert _cache.load_compiled(("fr",), memo=False) == first


def test_a_warm_scorer_decodes_its_packs_on_first_use(cache: Path) -> None:
    fresh_packs, fresh_lexicon = _cache._compile_now(("en", "fr"))
    Scorer.load()  # writes the file
    _cache._memo.clear()  # as in a new process
    scorer = Scorer.load()
    held = scorer._packs
    assert isinstance(held, _cache.CachedPacks) and held._packs is None  # not decoded yet
    assert held._body  # the packs' document, kept as the file's bytes
    assert [v.code for v in held.views] == ["en", "fr"]
    assert [(v.context, v.tokens) for v in held.views] == [
        (p.context, p.tokens) for p in fresh_packs
    ]
    assert scorer.lexicon == fresh_lexicon
    assert _answers(scorer) == _answers(Scorer(fresh_lexicon, fresh_packs))  # reads .packs
    assert held._packs is not None and held._body is None  # decoded once, bytes dropped
    assert scorer.packs is scorer.packs == fresh_packs
    assert _wheres(scorer.packs) == _wheres(fresh_packs)
    again = pickle.loads(pickle.dumps(Scorer.load()))  # by codes and content, as before
    assert again.packs == fresh_packs


def test_packs_that_do_not_decode_are_read_from_their_toml(cache: Path) -> None:
    first = _cache.load_compiled(("fr",), memo=False)
    (path,) = _files(cache)
    key = path.stem.rsplit("-", 1)[1]
    # A packs document of the wrong shape under a matching digest: the lexicon and the
    # views still load (a Scorer scores), the packs are refused when first decoded.
    _rewrite(path, lambda p: p["packs"][0].__setitem__(9, [["x"]]))
    loaded = _cache._read_lazily(path, key, ("fr",))
    assert loaded is not None and loaded.lexicon == first[1]
    with pytest.raises((TypeError, ValueError)):
        loaded.decoded()
    assert _cache._read(path, key) is None  # the strict reading refuses the file
    assert loaded.packs() == first[0]  # read from the packs' TOML instead
    # Views that are not the packs' are refused too, both ways.
    path.unlink()
    _cache.load_compiled(("fr",), memo=False)
    _rewrite(path, lambda p: p["views"][0][1].append(["intent", ["zut"]]))
    assert _cache._read(path, key) is None
    loaded = _cache._read_lazily(path, key, ("fr",))
    assert loaded is not None
    with pytest.raises(ValueError, match="not the ones the file lists"):
        loaded.decoded()
    assert _cache._read_lazily(path, key, ("en",)) is None  # written for other codes


def test_editing_a_pack_file_compiles_again(cache: Path, packs_root: Path) -> None:
    before_packs, before = _cache.load_compiled(("en",), memo=False)
    (old,) = _files(cache)
    _add_term(packs_root / "en", "zorblaxian")
    packs, after = _cache.load_compiled(("en",), memo=False)
    assert after.lookup("zorblaxian")[0] is not None
    assert before.lookup("zorblaxian")[0] is None
    assert len(packs[0].terms) == len(before_packs[0].terms) + 1
    assert old not in _files(cache) or len(_files(cache)) == 2
    assert _cache.load_compiled(("en",), memo=False) == (packs, after)  # the new file


def test_editing_a_base_pack_changes_its_variant(cache: Path, packs_root: Path) -> None:
    _cache.load_compiled(("fr-CA",), memo=False)
    _add_allow(packs_root / "fr", "zorblaxienne")
    # As a new process would (load_pack's own memo keys a variant by its files only).
    lexicon._load_cached.cache_clear()
    packs, lex = _cache.load_compiled(("fr-CA",), memo=False)
    assert len(_files(cache)) == 2
    assert "zorblaxienne" in lex.allow
    assert any(a.word == "zorblaxienne" for a in packs[0].allow)


def test_editing_a_pack_not_loaded_keeps_the_file(cache: Path, packs_root: Path) -> None:
    _cache.load_compiled(("en", "fr"), memo=False)
    (before,) = _files(cache)
    _add_term(packs_root / "es", "zorblaxo")
    lexicon._load_cached.cache_clear()
    cached = _cache.load_compiled(("en", "fr"), memo=False)
    assert _files(cache) == [before]  # the key reads only the packs loaded and their bases
    assert cached == _cache._compile_now(("en", "fr"))


def test_a_base_line_of_another_form_hashes_every_pack(cache: Path, packs_root: Path) -> None:
    meta = packs_root / "fr-CA" / "pack.toml"
    text = meta.read_text(encoding="utf-8")
    assert 'base = "fr"' in text
    meta.write_text(text.replace('base = "fr"', "base = 'fr'"), encoding="utf-8")
    plugins = lexicon._entry_point_packs()
    assert _cache._folders_read([_cache._registered("fr-CA", plugins)], plugins) is None
    _cache.load_compiled(("fr-CA",), memo=False)
    _add_allow(packs_root / "fr", "zorblaxienne")
    lexicon._load_cached.cache_clear()
    _, lex = _cache.load_compiled(("fr-CA",), memo=False)
    assert len(_files(cache)) == 2
    assert "zorblaxienne" in lex.allow


def test_a_bad_pack_still_fails_with_its_file_and_line(cache: Path, packs_root: Path) -> None:
    _cache.load_compiled(("en",), memo=False)
    terms = packs_root / "en" / "terms.toml"
    lines = terms.read_text(encoding="utf-8").splitlines()
    bad = next(i for i, line in enumerate(lines) if line.startswith("severity")) + 1
    lines[bad - 1] = "severity = 7"
    terms.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        _cache.load_compiled(("en",), memo=False)
    assert err.value.path == f"{packs_root / 'en'}/terms.toml"
    assert err.value.line == bad
    assert len(_files(cache)) == 1  # only the file of the clean pack


def test_a_read_only_or_missing_cache_folder_never_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NUDGE_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    packs, lex = _cache.load_compiled(("fr",), memo=False)
    assert lex.languages == ("fr",) and not (blocker / "cache").exists()
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o500)
    monkeypatch.setenv("NUDGE_CACHE_DIR", str(read_only))
    try:
        assert _cache.load_compiled(("fr",), memo=False) == (packs, lex)
        if os.geteuid() != 0:  # root writes anyway
            assert not list(read_only.iterdir())
    finally:
        read_only.chmod(0o700)


def test_the_cache_folder_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NUDGE_CACHE_DIR", str(tmp_path / "mine"))
    assert _cache.cache_dir() == tmp_path / "mine"
    _cache.load_compiled(("fr",), memo=False)
    assert len(_files(tmp_path / "mine")) == 1
    monkeypatch.delenv("NUDGE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _cache.cache_dir() == tmp_path / "xdg" / "nudge"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert _cache.cache_dir() == tmp_path / "home" / ".cache" / "nudge"
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: Path("~")))  # 3.11, no home
    monkeypatch.setattr(_cache, "_memo", {})
    assert _cache.cache_dir() is None
    assert _cache.load_compiled(("fr",))[1].languages == ("fr",)  # compiled, not cached


def test_old_files_of_the_same_packs_are_pruned(cache: Path, packs_root: Path) -> None:
    for i in range(_cache._KEEP + 2):
        _add_allow(packs_root / "fr", f"mot{'x' * (i + 1)}")
        _cache.load_compiled(("fr",), memo=False)
    assert len(_files(cache)) == _cache._KEEP


def test_the_cache_knows_every_field_of_what_it_stores() -> None:
    # A field added to a pack or lexicon dataclass must be added to nudge._cache (its
    # _KNOWN table, _encode and _decode); until then nothing is cached, and this says why.
    for cls, names in _cache._KNOWN:
        _cache._check_fields(cls, names)


def test_a_field_the_encoding_does_not_know_is_never_cached(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = [
        (cls, names[:-1]) if cls is lexicon.Term else (cls, names) for cls, names in _cache._KNOWN
    ]
    monkeypatch.setattr(_cache, "_KNOWN", tuple(known))
    _, lex = _cache.load_compiled(("fr",), memo=False)
    assert lex.languages == ("fr",) and not _files(cache)


def test_a_path_given_as_a_code_is_loaded_without_the_cache(cache: Path) -> None:
    packs, _ = _cache.load_compiled((str(ROOT / "lexicons" / "fr"),), memo=False)
    assert packs[0].code == "fr" and not _files(cache)


# --------------------------------------------------------------------- import nudge


def test_import_nudge_imports_only_what_scoring_needs() -> None:
    code = (
        "import sys, nudge\n"
        "before = set(sys.modules)\n"
        "nudge.Scorer.load()\n"
        "after = set(sys.modules)\n"
        "import json\n"
        "print(json.dumps([sorted(m for m in before if m.startswith('nudge')), sorted(after)]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, check=True
    )
    imported, loaded = json.loads(out.stdout)
    # The normaliser needs the language facts' type (and their reader's line finder).
    assert imported == [
        "nudge",
        "nudge._core",
        "nudge._toml_lines",
        "nudge.errors",
        "nudge.facts",
        "nudge.normalize",
    ]
    for heavy in ("nudge.policies", "nudge.prompts", "nudge.bulk", "nudge.research"):
        assert heavy not in loaded


def test_every_public_name_is_still_there() -> None:
    for name in nudge.__all__:
        assert getattr(nudge, name) is not None
    assert set(nudge.__all__) <= set(dir(nudge))
    from nudge import PolicyChain, Scorer, bulk, evaluate, stats  # noqa: F401

    assert callable(nudge.normalize) and nudge.normalize("B0uffon").text == "bouffon"

    with pytest.raises(AttributeError):
        nudge.not_a_name  # noqa: B018


# --------------------------------------------------------------------- TOML lines


def _reference_code_lines(lines: list[str]) -> list[bool]:
    """The first implementation, one character at a time: the fast one must agree."""
    out = []
    inside: str | None = None
    for line in lines:
        out.append(inside is None)
        i = 0
        while i < len(line):
            if inside is None:
                if line[i] == "#":
                    break
                if line.startswith(('"""', "'''"), i):
                    inside = line[i : i + 3]
                    i += 3
                    continue
                if line[i] in "\"'":
                    quote, i = line[i], i + 1
                    while i < len(line) and line[i] != quote:
                        i += 2 if quote == '"' and line[i] == "\\" else 1
            elif line.startswith(inside, i) and (inside == "'''" or line[i - 1 : i] != "\\"):
                inside = None
                i += 3
                continue
            i += 1
    return out


@given(st.lists(st.text(alphabet="\"'\\#ab =[]", max_size=24), max_size=8))
def test_code_lines_agrees_with_the_character_by_character_reading(lines: list[str]) -> None:
    assert code_lines(lines) == _reference_code_lines(lines)


def test_code_lines_agrees_on_every_toml_file_of_the_repository() -> None:
    files = [*ROOT.glob("lexicons/*/*.toml"), *ROOT.glob("src/nudge/_data/*.toml")]
    assert files
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert code_lines(lines) == _reference_code_lines(lines), path


# --------------------------------------------------------------------- entry points


def _no_scan(*args: object, **kwargs: object) -> object:
    raise AssertionError("importlib.metadata was asked")


def test_no_entry_point_pack_is_remembered_for_this_import_path(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib import metadata

    assert lexicon._entry_point_packs() == {}  # looked, found none, remembered
    monkeypatch.setattr(metadata, "entry_points", _no_scan)
    assert lexicon._entry_point_packs() == {}  # not asked again
    monkeypatch.setattr(lexicon, "_search_path_key", lambda: "another import path")
    with pytest.raises(AssertionError, match=r"importlib\.metadata was asked"):
        lexicon._entry_point_packs()


def test_an_entry_point_pack_is_always_looked_up_and_cached_by_content(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib import metadata

    folder = tmp_path / "plugin" / "en"
    shutil.copytree(ROOT / "lexicons" / "en", folder)
    point = metadata.EntryPoint(name="en", value=str(folder), group="nudge.packs")
    monkeypatch.setattr(metadata, "entry_points", lambda group: [point])
    lexicon._entry_point_packs()
    # an import path with a pack is never remembered as having none
    assert not (cache / "entry-points.json").exists()
    packs, lex = _cache.load_compiled(("en",), memo=False)
    assert packs[0].path == str(folder) and len(_files(cache)) == 1
    # The plugin's own files are part of the key.
    _add_term(folder, "zorblaxian")
    lexicon._load_cached.cache_clear()
    _, lex = _cache.load_compiled(("en",), memo=False)
    assert lex.lookup("zorblaxian")[0] is not None and len(_files(cache)) == 2


def test_a_memo_file_that_is_not_ours_is_ignored(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib import metadata

    cache.mkdir()
    asked: list[str] = []
    monkeypatch.setattr(metadata, "entry_points", lambda group: asked.append(group) or [])
    for junk in (b"", b"[]", b'{"none": 5}', b'{"none": [1, 2]}', b"\xff"):
        (cache / "entry-points.json").write_bytes(junk)
        assert lexicon._entry_point_packs() == {}
    assert len(asked) == 5


# --------------------------------------------------------------------- the benchmark


def test_the_load_benchmark_runs() -> None:
    import argparse

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks import load

    result = load.run(argparse.Namespace(repeat=1, quiet=True))
    for key in ("cold", "warm"):
        assert result[key]["runs"] == 1
        assert result[key]["total_ms"] > 0 and result[key]["cpu_ms"] > 0
    (bar,) = result["bars"]
    assert bar["status"] in {"PASS", "FAIL"} and bar["value"] == result["warm"]["total_ms"]


def test_a_cache_file_that_is_a_device_or_too_big_is_not_read(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _cache.load_compiled(("fr",), memo=False)
    (path,) = _files(cache)
    key = path.stem.rsplit("-", 1)[1]
    with monkeypatch.context() as patch:
        patch.setattr(_cache, "_MAX_BYTES", 1000)
        assert _cache._read(path, key) is None  # too big: never read whole
    assert _cache._read(path, key) == first
    path.unlink()
    path.symlink_to("/dev/zero")  # would never end
    assert _cache._read(path, key) is None
    assert _cache.load_compiled(("fr",), memo=False) == first
    assert path.is_file() and not path.is_symlink()  # replaced by a real file


def test_a_file_written_for_another_key_is_stale(cache: Path) -> None:
    _cache.load_compiled(("fr",), memo=False)
    (path,) = _files(cache)
    assert _cache._read(path, "another key") is None


def test_an_entry_point_name_never_becomes_a_path(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importlib import metadata

    folder = tmp_path / "plugin" / "fr"
    shutil.copytree(ROOT / "lexicons" / "fr", folder)
    point = metadata.EntryPoint(name="../../escape", value=str(folder), group="nudge.packs")
    monkeypatch.setattr(metadata, "entry_points", lambda group: [point])
    packs, _ = _cache.load_compiled(("../../escape",), memo=False)
    assert packs[0].code == "fr"
    (path,) = _files(cache)
    assert path.parent == cache and path.name.startswith("packs-other-")


def test_odd_entries_on_the_import_path_never_fail(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "lib.zip"
    archive.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip file
    monkeypatch.setattr(sys, "path", [*sys.path, str(archive), str(tmp_path / "gone"), ""])
    first = lexicon._search_path_key()
    assert lexicon._entry_point_packs() == {}
    archive.touch()
    os.utime(archive, ns=(1, 1))
    assert lexicon._search_path_key() != first  # the zip file changed
