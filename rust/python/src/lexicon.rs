//! The compiled lexicon, handed over once from Python: `CoreLexicon` is built from the
//! frozen Python `Lexicon` (compiled in Python from the packs) and answers its lookups.
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use nudge_core::lexicon::{
    BatchMemo, Category, Entry, Lexicon, Look, Phrases, Tables, TermRef, TypoLangs,
};
use nudge_core::normalize::{Normalized, Tokens};
use nudge_core::score::quick_reject;
use nudge_core::Cp;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple};

use crate::normalize::PyNormalized;
use crate::text::{lossy, static_step};

/// The Rust lexicon behind a Python `Lexicon` (built lazily, cached, never pickled).
#[pyclass(frozen, module = "nudge._core")]
pub struct CoreLexicon {
    pub inner: Arc<Lexicon>,
    /// The index keys by entry number (to answer lookups with a key).
    keys: Vec<String>,
}

/// `obj.getattr(name)` with the name as an interned Python string, made once per call
/// site: building the core's lexicon asks some 80,000 attributes, and a new string for
/// each (created, hashed, freed) made the build 1.75 times as long (callgrind).
macro_rules! attr {
    ($obj:expr, $name:literal) => {{
        let obj = &$obj;
        obj.getattr(pyo3::intern!(obj.py(), $name))
    }};
}

fn strings(obj: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    obj.try_iter()?.map(|x| lossy(&x?)).collect()
}

fn term_ref(obj: &Bound<'_, PyAny>, languages: &[String]) -> PyResult<TermRef> {
    let category: String = attr!(obj, "category")?.extract()?;
    let lang = lossy(&attr!(obj, "lang")?)?;
    // An entry of several words comes joined by spaces (`matcher.py`).
    let benign = strings(&attr!(obj, "benign_context")?)?;
    let mut benign_phrases: Vec<Vec<String>> = benign
        .iter()
        .filter(|e| e.contains(' '))
        .map(|e| e.split(' ').map(str::to_owned).collect())
        .collect();
    benign_phrases.sort();
    Ok(TermRef {
        id: attr!(obj, "id")?.extract()?,
        term: lossy(&attr!(obj, "term")?)?,
        category: Category::from_name(&category)
            .ok_or_else(|| PyValueError::new_err(format!("unknown category {category:?}")))?,
        severity: attr!(obj, "severity")?.extract()?,
        targeted: attr!(obj, "targeted")?.extract()?,
        ambiguous: attr!(obj, "ambiguous")?.extract()?,
        benign_context: benign
            .iter()
            .filter(|e| !e.contains(' '))
            .cloned()
            .collect(),
        benign_phrases,
        lang_bit: bit(languages, &lang),
        lang,
        letters: strings(&attr!(obj, "letters")?)?
            .iter()
            .map(|l| l.chars().map(Cp::from).collect())
            .collect(),
    })
}

fn bit(languages: &[String], code: &str) -> u32 {
    if code.is_empty() {
        return 0;
    }
    languages
        .iter()
        .position(|l| l == code)
        .map_or(0, |b| 1 << b)
}

/// Add a Python `Phrase` to the core's table (its language bit is set once all are in).
fn phrase(obj: &Bound<'_, PyAny>, phrases: &mut Phrases) -> PyResult<()> {
    let term = attr!(obj, "term")?;
    let group = attr!(obj, "identity")?;
    // The group as the core keeps it: Python reads it back through `phrases_of`.
    let group = if group.is_none() {
        None
    } else {
        Some(lossy(&group)?)
    };
    phrases.push(
        &strings(&attr!(obj, "tokens")?)?,
        if term.is_none() {
            None
        } else {
            Some(attr!(term, "id")?.extract()?)
        },
        attr!(obj, "roles")?.extract()?,
        group.as_deref(),
        &lossy(&attr!(obj, "lang")?)?,
    );
    Ok(())
}

/// An index entry of the Python lexicon; its phrases are added to `phrases` (None: the
/// phrases came from the word tables' bytes, and are filed once the index is built).
fn entry(
    obj: &Bound<'_, PyAny>,
    languages: &[String],
    phrases: Option<&mut Phrases>,
) -> PyResult<Entry> {
    let mut terms = Vec::new();
    for pair in attr!(obj, "terms")?.try_iter()? {
        let pair = pair?;
        let pair = pair.downcast::<PyTuple>()?;
        let id: u32 = attr!(pair.get_item(0)?, "id")?.extract()?;
        let step: String = pair.get_item(1)?.extract()?;
        terms.push((id, static_step(&step)));
    }
    let mut lang_roles = Vec::new();
    for pair in attr!(obj, "lang_roles")?.try_iter()? {
        let (lang, mask): (String, u64) = pair?.extract()?;
        lang_roles.push((bit(languages, &lang), mask));
    }
    let mut by_second = nudge_core::lexicon::FxMap::default();
    if let Some(phrases) = phrases {
        let table = attr!(obj, "phrases")?;
        for (key, list) in table.downcast::<PyDict>()?.iter() {
            let mut ids = Vec::new();
            for p in list.try_iter()? {
                ids.push(phrases.len() as u32);
                phrase(&p?, phrases)?;
            }
            by_second.insert(lossy(&key)?, ids);
        }
    }
    Ok(Entry {
        terms,
        roles: attr!(obj, "roles")?.extract()?,
        lang_roles,
        langs: attr!(obj, "langs")?.extract()?,
        identity: attr!(obj, "identity")?.is_truthy()?,
        phrases: by_second,
    })
}

fn char_of(s: &str) -> Option<char> {
    let mut it = s.chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

/// Build the Rust lexicon from a Python `Lexicon` and the normaliser's language tables
/// (and, for the segmenter, the languages' general word lists and its bounds).
#[pyfunction]
#[pyo3(signature = (lex, plurals, standalone, leet, facts=None, words=None, limits=(20, 60, 40, 3, 60, 85, 400, 200, 50, 1000, 5), segmenter=None, word_tables=None, mask_letters=Vec::new(), filters=None))]
#[allow(clippy::too_many_arguments)]
pub fn build_lexicon(
    lex: &Bound<'_, PyAny>,
    plurals: Vec<String>,
    standalone: Vec<String>,
    leet: HashMap<String, String>,
    facts: Option<PyRef<'_, crate::facts::Facts>>,
    words: Option<Vec<(String, String)>>,
    limits: crate::segment::LimitsTuple,
    segmenter: Option<&[u8]>,
    word_tables: Option<&[u8]>,
    mask_letters: Vec<String>,
    filters: Option<&[u8]>,
) -> PyResult<CoreLexicon> {
    let languages = strings(&attr!(lex, "languages")?)?;
    let mut out = Lexicon {
        languages: languages.clone(),
        normalizer: facts.map(|f| f.inner.clone()),
        ..Default::default()
    };
    out.capitalised = strings(&attr!(lex, "capitalised")?)?
        .iter()
        .fold(0, |mask, code| mask | bit(&languages, code));
    let pronouns: Vec<(String, String)> = attr!(lex, "pronoun_subjects")?.extract()?;
    out.pronouns = (pronouns.into_iter())
        .map(|(word, code)| (word, bit(&languages, &code)))
        .collect();
    for t in attr!(lex, "terms")?.try_iter()? {
        out.terms.push(term_ref(&t?, &languages)?);
    }
    // The typo forms, triggers and phrases as a cache file kept them (the core then
    // holds the only copy: the Python lexicon reads them from it), or from the Python
    // lexicon.
    let tables = word_tables
        .map(nudge_core::lexicon::store::from_bytes)
        .transpose()
        .map_err(|e| PyValueError::new_err(format!("{BAD_WORDS}{e}")))?;
    let from_python = tables.is_none();
    for (key, value) in attr!(lex, "index")?.downcast::<PyDict>()?.iter() {
        let e = entry(&value, &languages, from_python.then_some(&mut out.phrases))?;
        out.index.insert(lossy(&key)?, out.entries.len() as u32);
        out.entries.push(e);
    }
    if from_python {
        out.phrases.set_lang_bits(|code| bit(&languages, code));
        out.phrases.shrink_to_fit();
    }
    for (key, refs) in attr!(lex, "stems")?.downcast::<PyDict>()?.iter() {
        let ids = refs
            .try_iter()?
            .map(|r| attr!(r?, "id")?.extract())
            .collect::<PyResult<Vec<u32>>>()?;
        out.stem_index.insert(lossy(&key)?, out.stems.len() as u32);
        out.stems.push(ids);
    }
    out.stem_lengths = attr!(lex, "stem_lengths")?.extract()?;
    out.stem_stop = strings(&attr!(lex, "stem_stop")?)?.into_iter().collect();
    out.stem_prefixes = strings(&attr!(lex, "stem_prefixes")?)?
        .into_iter()
        .collect();
    out.min_stem = attr!(lex, "_min_stem")?.extract()?;
    for (key, forms) in attr!(lex, "masked")?.downcast::<PyDict>()?.iter() {
        let (size, first): (usize, String) = key.extract()?;
        let Some(first) = char_of(&first) else {
            continue;
        };
        let mut list = Vec::new();
        for pair in forms.try_iter()? {
            let pair = pair?;
            let pair = pair.downcast::<PyTuple>()?;
            list.push((
                lossy(&pair.get_item(0)?)?,
                attr!(pair.get_item(1)?, "id")?.extract()?,
            ));
        }
        out.masked.insert((size, first), list);
    }
    out.allow = strings(&attr!(lex, "allow")?)?.into_iter().collect();
    if let Some((typos, triggers, phrases)) = tables {
        (out.typos, out.triggers, out.phrases) = (typos, triggers, phrases);
        out.file_phrases()
            .map_err(|e| PyValueError::new_err(format!("{BAD_WORDS}{e}")))?;
    } else {
        out.triggers = strings(&attr!(lex, "triggers")?)?.into_iter().collect();
        let typos = attr!(lex, "typos")?;
        let typos = typos.downcast::<PyDict>()?;
        out.typos.reserve(typos.len());
        for (key, form) in typos.iter() {
            out.typos.insert(&lossy(&key)?, &lossy(&form)?);
        }
        out.typos.shrink_to_fit();
    }
    for (key, value) in attr!(lex, "typo_langs")?.downcast::<PyDict>()?.iter() {
        let (refused, forms): (u32, Vec<(u32, String)>) = value.extract()?;
        out.typo_langs
            .insert(lossy(&key)?, TypoLangs { refused, forms });
    }
    let mut leet_table = HashMap::new();
    for (k, v) in leet {
        if let Some(c) = char_of(&k) {
            leet_table.insert(c, v);
        }
    }
    out.tables = Tables {
        possessives: strings(&attr!(lex, "possessives")?)?,
        plurals,
        standalone: standalone
            .iter()
            .filter_map(|s| char_of(s))
            .collect::<HashSet<char>>(),
        leet: leet_table,
        mask_letters: mask_letters.iter().filter_map(|s| char_of(s)).collect(),
    };
    // The segmenter's tables as a cache file kept them (they hold the pack keys'
    // starts already), or built from the word lists.
    out.segmenter = match segmenter {
        Some(bytes) => crate::segment::saved_segmenter(bytes, limits)?,
        None => crate::segment::segmenter(words, out.index.keys(), limits),
    };
    // The piece filters as the cache file kept them (derived from these packs by this
    // core: the cache's key says so), rather than derived on the first comment.
    if let Some(bytes) = filters {
        out.keep_piece_filters(bytes)
            .map_err(|e| PyValueError::new_err(format!("{}{e}", crate::segment::BAD_TABLES)))?;
    }
    let mut keys = vec![String::new(); out.entries.len()];
    for (k, &v) in &out.index {
        keys[v as usize] = k.to_owned();
    }
    crate::release_free_pages();
    Ok(CoreLexicon {
        inner: Arc::new(out),
        keys,
    })
}

/// What the `ValueError` of damaged word tables starts with (the cache tells it from an
/// error in the rest of the lexicon by it, as it does for the segmenter's).
pub const BAD_WORDS: &str = "word tables: ";

/// Whether `word` could be found by a lookup the quick reject would let through: a
/// trigger, or a word with a stem's prefix.
fn may_be_found(lex: &Lexicon, word: &str) -> bool {
    lex.triggers.contains(word)
        || (lex.min_stem > 0
            && lex
                .stem_prefixes
                .contains(nudge_core::lexicon::prefix(word, lex.min_stem)))
}

/// Every term of a folded comment, with no context rules: (term id, first token, token
/// after the last, step); `CoreLexicon.find`, and a policy chain's keyword batch.
pub(crate) fn find_in(lex: &Lexicon, n: &Normalized) -> Vec<(u32, usize, usize, &'static str)> {
    find_in_tokens(lex, n, &n.token_columns())
}

/// [`find_in`] given the comment's tokens (`n.tokens()`), made once by a caller that
/// reads them again.
pub(crate) fn find_in_tokens(
    lex: &Lexicon,
    n: &Normalized,
    tokens: &Tokens,
) -> Vec<(u32, usize, usize, &'static str)> {
    find_in_tokens_memo(lex, n, tokens, &mut BatchMemo::off())
}

/// [`find_in_tokens`] of one comment of a batch: `memo` keeps the answers about words
/// for the batch's later comments ([`BatchMemo`], of this lexicon alone; the same
/// answers as without it).
pub(crate) fn find_in_tokens_memo(
    lex: &Lexicon,
    n: &Normalized,
    tokens: &Tokens,
    memo: &mut BatchMemo,
) -> Vec<(u32, usize, usize, &'static str)> {
    // Most comments hold no entry: the scorer's quick reject says so without a scan.
    // It does not try possessives ("bitch's") nor a word glued to its article by
    // split letters ("a b i t c h"), so a token that may be either is scanned.
    let may_match = |w: &str| {
        let possessive = lex.tables.possessives.iter().any(|p| {
            w.strip_suffix(p.as_str())
                .is_some_and(|noun| lex.triggers.contains(noun))
        });
        let mut chars = w.chars();
        let article = chars
            .next()
            .is_some_and(|c| lex.tables.standalone.contains(&c))
            && w.chars().count() >= 4
            && may_be_found(lex, chars.as_str());
        possessive || article
    };
    // The quick reject first: a comment it lets through (a trigger word, a mark) is
    // scanned whatever its tokens, so they need no test.
    let words = tokens.words.iter();
    if quick_reject(lex, &n.text, !n.stretched.is_empty(), words)
        && !tokens.words.iter().any(may_match)
    {
        return Vec::new();
    }
    let scan = lex.scan_memo(n, tokens.clone(), Vec::new(), memo);
    let mut found = lex.find(&scan);
    nudge_core::score::letters::drop_other_found(lex, n, &scan, &mut found);
    found
}
/// A phrase as Python reads it: (tokens, term id, roles, identity group, language).
type PhraseOut = (Vec<String>, Option<u32>, u64, Option<String>, String);

/// A look as Python reads it: the index key, or the term ids of a stem.
type LookOut = (Option<String>, Option<Vec<u32>>);

fn look_out(lex: &CoreLexicon, look: Option<Look>) -> LookOut {
    match look {
        None => (None, None),
        Some(Look::Stem(s)) => (None, Some(lex.inner.stems[s as usize].clone())),
        Some(Look::Index(e)) => (Some(lex.keys[e as usize].clone()), None),
    }
}

#[pymethods]
impl CoreLexicon {
    /// `lookup(word, stretched)` -> (index key or None, stem term ids or None, step).
    fn lookup(
        &self,
        word: &Bound<'_, PyAny>,
        stretched: bool,
    ) -> PyResult<(LookOut, &'static str)> {
        let word = lossy(word)?;
        let (look, step) = self.inner.lookup(&word, stretched);
        Ok((look_out(self, look), step))
    }

    /// The index key a stretched or mistyped word stands for.
    fn canonical(&self, word: &Bound<'_, PyAny>) -> PyResult<String> {
        Ok(self.inner.canonical(&lossy(word)?))
    }

    /// The scan of a comment `nudge.normalize` folded: words, starts, ends, kinds, the
    /// (key, stem term ids) of each token's entry, and steps.
    #[allow(clippy::type_complexity)]
    fn scan(
        &self,
        normalized: PyRef<'_, PyNormalized>,
    ) -> PyResult<(
        Vec<String>,
        Vec<usize>,
        Vec<usize>,
        Vec<&'static str>,
        Vec<LookOut>,
        Vec<&'static str>,
    )> {
        let n = &normalized.inner;
        let s = self.inner.scan_columns(n, n.token_columns());
        let looks = s.entries.iter().map(|&l| look_out(self, l)).collect();
        let kinds = s.kinds.iter().map(|k| k.name()).collect();
        Ok((
            s.words.to_vec(),
            s.starts,
            s.ends,
            kinds,
            looks,
            s.steps.to_vec(),
        ))
    }

    /// Every term of a comment `nudge.normalize` folded, with no context rules: (term
    /// id, first token, token after the last, step).
    fn find(
        &self,
        normalized: PyRef<'_, PyNormalized>,
    ) -> PyResult<Vec<(u32, usize, usize, &'static str)>> {
        Ok(find_in(&self.inner, &normalized.inner))
    }

    /// The scorer's language guess for `text`: the guessed language (None: no vote, or a
    /// tie nothing breaks) and the active languages, in the lexicon's order.
    fn guess(&self, text: &Bound<'_, PyString>) -> PyResult<(Option<String>, Vec<String>)> {
        let lex = &self.inner;
        let (best, active) = nudge_core::score::guess_text(lex, &crate::text::code_points(text)?);
        let on = (0..lex.languages.len()).filter(|&b| active >> b & 1 == 1);
        Ok((
            best.map(|b| lex.languages[b].clone()),
            on.map(|b| lex.languages[b].clone()).collect(),
        ))
    }

    /// The segmenter's tables as bytes, for the compiled-pack cache (`segmenter=` of
    /// `build_lexicon` reads them back).
    fn segmenter_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.inner.segmenter.to_bytes())
    }

    /// The segmenter's piece filters as bytes, for the compiled-pack cache (`filters=`
    /// of `build_lexicon` reads them back); derived first if no comment needed them yet.
    fn piece_filters_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let lex = Arc::clone(&self.inner);
        let bytes = py.allow_threads(move || lex.piece_filters_bytes());
        PyBytes::new(py, &bytes)
    }

    /// Whether the piece filters are there before any comment asks for them (kept from
    /// a cache file, or derived).
    fn has_piece_filters(&self) -> bool {
        self.inner.has_piece_filters()
    }

    /// The typo forms and triggers as bytes, for the compiled-pack cache (`word_tables=`
    /// of `build_lexicon` reads them back).
    fn word_tables_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let lex = &self.inner;
        PyBytes::new(
            py,
            &nudge_core::lexicon::store::to_bytes(&lex.typos, &lex.triggers, &lex.phrases),
        )
    }

    /// The index keys whose entries start phrases.
    fn phrase_keys(&self) -> Vec<String> {
        let entries = &self.inner.entries;
        (0..entries.len())
            .filter(|&e| !entries[e].phrases.is_empty())
            .map(|e| self.keys[e].clone())
            .collect()
    }

    /// The phrases starting with index key `key`, by the token they are filed under:
    /// (tokens, term id or None, roles, identity group or None, language) each.
    fn phrases_of(&self, key: &Bound<'_, PyAny>) -> PyResult<Vec<(String, Vec<PhraseOut>)>> {
        let lex = &self.inner;
        let Some(e) = lex.get(&lossy(key)?) else {
            return Ok(Vec::new());
        };
        let out = |p: u32| -> PhraseOut {
            let (item, phrases) = (&lex.phrases[p as usize], &lex.phrases);
            (
                phrases.tokens(p).iter().map(str::to_owned).collect(),
                item.term,
                item.roles,
                phrases.group(p).map(str::to_owned),
                phrases.lang(p).to_owned(),
            )
        };
        let mut table: Vec<(String, Vec<PhraseOut>)> = lex.entries[e as usize]
            .phrases
            .iter()
            .map(|(second, ids)| (second.clone(), ids.iter().map(|&p| out(p)).collect()))
            .collect();
        table.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Ok(table)
    }

    /// The form a typo form stands for (None: not a typo form).
    fn typo(&self, word: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
        Ok(self.inner.typos.get(&lossy(word)?).map(str::to_owned))
    }

    /// Every (typo form, the form it stands for) pair, sorted.
    fn typo_items(&self) -> Vec<(String, String)> {
        let mut items: Vec<(String, String)> = self
            .inner
            .typos
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        items.sort_unstable();
        items
    }

    /// How many typo forms the lexicon has.
    fn typo_count(&self) -> usize {
        self.inner.typos.len()
    }

    /// Whether `word` is a trigger (a key that can start a term or identity match).
    fn is_trigger(&self, word: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.inner.triggers.contains(&lossy(word)?))
    }

    /// Every trigger, sorted.
    fn trigger_list(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.inner.triggers.iter().map(str::to_owned).collect();
        keys.sort_unstable();
        keys
    }

    /// How many triggers the lexicon has.
    fn trigger_count(&self) -> usize {
        self.inner.triggers.len()
    }

    fn __reduce__(&self) -> PyResult<()> {
        Err(pyo3::exceptions::PyTypeError::new_err(
            "the compiled core lexicon is not picklable: pickle the Python Lexicon",
        ))
    }
}

/// Register the lexicon's classes and functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<CoreLexicon>()?;
    m.add_function(wrap_pyfunction!(build_lexicon, m)?)
}
