//! A policy chain's batch (issue 12): the comments a chain has to read, folded once and
//! scanned for every keyword filter's entries in one call, then the ones whose outcome
//! the scorer can still change scored from those same folded forms in a second call.
//!
//! `PolicyChain.decide_many` used to make a Python object per comment for its folded
//! text, ask each keyword filter's lexicon about it, then score it in a call of its own:
//! a crossing of the boundary (and a release of the GIL) per comment and per filter.
//! Here each half is one crossing per batch, the work done in chunks with the GIL
//! released; what comes back is the first entry each filter met (a term id) and, for
//! the comments scored, the very `Assessment` that `Scorer.score` gives.
use std::ops::Range;
use std::sync::Arc;

use nudge_core::lexicon::{BatchMemo, Lexicon};
use nudge_core::normalize::{normalize_with, Config, Normalized, Tokens};
use nudge_core::score::score_normalized_tokens_memo;
use pyo3::exceptions::PyIndexError;
use pyo3::prelude::*;
use pyo3::types::PyString;

use super::{results, CoreScorer, Later};
use crate::facts::{tables_of, Facts};
use crate::lexicon::{find_in_tokens_memo, CoreLexicon};
use crate::text::code_points;

/// Comments per chunk and worker: some ten milliseconds of work with the GIL released
/// (a thread started per chunk is a small part of it), and only a chunk's code points
/// or outcomes held at a time.
const CHUNK: usize = 1024;

/// A batch's comments folded with every step and the given facts (what
/// `nudge.normalize(text)` folds), kept for the scorer with their tokens (made once, for
/// the keyword scan and the scorer's), and the original strings.
///
/// Not frozen: the scorer takes each comment's tokens rather than copying them (a
/// `String` a token, allocated and freed once more per scored comment); a comment
/// scored a second time has none left and makes them again from its folded form, so
/// the answers do not depend on it.
#[pyclass(module = "nudge._core")]
pub struct Folded {
    items: Vec<Normalized>,
    tokens: Vec<Option<Tokens>>,
    texts: Vec<Py<PyString>>,
}

#[pymethods]
impl Folded {
    fn __len__(&self) -> usize {
        self.items.len()
    }
}

/// The first entry of `lex` met in `n`: the one starting at the earliest token, and at
/// one token the one listed first (what `KeywordFilter.match` answers), or -1.
fn first_hit(lex: &Lexicon, n: &Normalized, tokens: &Tokens, memo: &mut BatchMemo) -> i64 {
    let found = find_in_tokens_memo(lex, n, tokens, memo);
    let first = found.iter().map(|&(term, at, _, _)| (at, term)).min();
    first.map_or(-1, |(_, term)| i64::from(term))
}

/// `fold_and_find(texts, facts, lexicons, workers=1)`: every text folded (`Folded`),
/// and for each text then each lexicon in turn the term id of the first entry met, or
/// -1 (`len(texts) * len(lexicons)` numbers, text-major).  `workers` threads share the
/// batch; the answers are those of one.
#[pyfunction]
#[pyo3(signature = (texts, facts, lexicons, workers=1))]
pub fn fold_and_find<'py>(
    py: Python<'py>,
    texts: Vec<Bound<'py, PyString>>,
    facts: Option<PyRef<'py, Facts>>,
    lexicons: Vec<PyRef<'py, CoreLexicon>>,
    workers: usize,
) -> PyResult<(Folded, Vec<i64>)> {
    let tables = tables_of(facts.as_deref());
    let lexicons: Vec<Arc<Lexicon>> = lexicons.iter().map(|l| l.inner.clone()).collect();
    let mut items = Vec::with_capacity(texts.len());
    let mut tokens = Vec::with_capacity(texts.len());
    let mut hits = Vec::with_capacity(texts.len() * lexicons.len());
    // Each worker's answers about words, one memo a lexicon, kept for the whole batch.
    let share = texts.len().div_ceil(workers.max(1));
    let mut memos: Vec<Vec<BatchMemo>> = (0..workers.max(1))
        .map(|_| lexicons.iter().map(|_| memo_for(share)).collect())
        .collect();
    for range in chunks(texts.len(), workers) {
        let cps = texts[range]
            .iter()
            .map(code_points)
            .collect::<PyResult<Vec<_>>>()?;
        let memos = &mut memos;
        let done = py.allow_threads(|| {
            shared_owned(cps, memos, |text, memos| {
                let n = normalize_with(&text, Config::ALL, &tables);
                let tokens = n.token_columns();
                let found: Vec<i64> = (lexicons.iter().zip(memos.iter_mut()))
                    .map(|(lex, memo)| first_hit(lex, &n, &tokens, memo))
                    .collect();
                ((n, tokens), found)
            })
        });
        for ((n, words), found) in done {
            items.push(n);
            tokens.push(Some(words));
            hits.extend(found);
        }
    }
    let texts = texts.into_iter().map(Bound::unbind).collect();
    Ok((
        Folded {
            items,
            tokens,
            texts,
        },
        hits,
    ))
}

/// `assess_folded(scorer, folded, picks, workers=1)`: the `Assessment` of each picked
/// comment of the batch, in the order picked, equal to `Scorer.score(text)` (its scan
/// starts from the folded form; a scorer whose packs give other language facts folds
/// again).  `workers` threads share the scoring; the answers are those of one.
#[pyfunction]
#[pyo3(signature = (scorer, folded, picks, workers=1))]
pub fn assess_folded<'py>(
    py: Python<'py>,
    scorer: &Bound<'py, CoreScorer>,
    mut folded: PyRefMut<'py, Folded>,
    picks: Vec<usize>,
    workers: usize,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if let Some(&bad) = picks.iter().find(|&&i| i >= folded.items.len()) {
        return Err(PyIndexError::new_err(format!(
            "pick {bad} outside a batch of {}",
            folded.items.len()
        )));
    }
    let kinds = results::kinds()?;
    let _paused = results::GcPause::new(py);
    // Scored with the lines only counted: an assessment writes them when first read.
    let this = scorer.get();
    let (lex, settings) = (&*this.lex, &this.quiet);
    let later = Later {
        scorer,
        forced: &None,
    };
    let Folded {
        items,
        tokens,
        texts,
    } = &mut *folded;
    let mut out = Vec::with_capacity(picks.len());
    // Each worker's answers about words, kept for the whole batch (as `assess_many`
    // keeps them): the batch's comments repeat the same few thousand words.
    let share = picks.len().div_ceil(workers.max(1));
    let mut memos: Vec<BatchMemo> = (0..workers.max(1)).map(|_| memo_for(share)).collect();
    for range in chunks(picks.len(), workers) {
        let chunk = &picks[range];
        let taken: Vec<(usize, Option<Tokens>)> =
            chunk.iter().map(|&i| (i, tokens[i].take())).collect();
        let items = &*items;
        let memos = &mut memos;
        let outcomes = py.allow_threads(|| {
            shared_owned(taken, memos, |(i, words), memo| {
                score_normalized_tokens_memo(lex, settings, &items[i], words, None, memo)
            })
        });
        for (&i, o) in chunk.iter().zip(&outcomes) {
            let text = texts[i].bind(py);
            out.push(kinds.build(py, text, lex, &this.strings, settings.threshold, o, &later)?);
        }
    }
    Ok(out)
}

/// `f` of every item given away, in order, each run of neighbours with a state of its own
/// (a worker's [`BatchMemo`]): `f` of every item, in order, on this thread when there
/// is one state (or one item), else on as many threads as states.
fn shared_owned<T: Send, S: Send, R: Send>(
    items: Vec<T>,
    states: &mut [S],
    f: impl Fn(T, &mut S) -> R + Sync,
) -> Vec<R> {
    let workers = states.len();
    if workers <= 1 || items.len() < 2 {
        return match states.first_mut() {
            Some(state) => items.into_iter().map(|item| f(item, state)).collect(),
            None => Vec::new(),
        };
    }
    let per = items.len().div_ceil(workers);
    let mut runs: Vec<Vec<T>> = Vec::with_capacity(workers);
    let mut rest = items.into_iter();
    loop {
        let run: Vec<T> = rest.by_ref().take(per).collect();
        if run.is_empty() {
            break;
        }
        runs.push(run);
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .into_iter()
            .zip(states.iter_mut())
            .map(|(run, state)| {
                scope.spawn(move || {
                    run.into_iter()
                        .map(|item| f(item, state))
                        .collect::<Vec<R>>()
                })
            })
            .collect();
        // A helper that panicked has no answers: its panic goes on here, as one
        // thread's would.
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// A worker's memo for `comments` comments: one that keeps nothing for a single comment
/// (`KeywordFilter.match`, `Policy.decide`), where making its table would cost more
/// than it saves.
fn memo_for(comments: usize) -> BatchMemo {
    if comments < 2 {
        BatchMemo::off()
    } else {
        BatchMemo::for_comments(comments)
    }
}

/// `0..len` in chunks: [`CHUNK`] items for each worker.
fn chunks(len: usize, workers: usize) -> impl Iterator<Item = Range<usize>> {
    let size = CHUNK * workers.max(1);
    (0..len)
        .step_by(size)
        .map(move |start| start..(start + size).min(len))
}
