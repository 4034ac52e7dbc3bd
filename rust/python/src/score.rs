//! The scorer's Python face: `CoreScorer` (a compiled lexicon plus the constants of
//! `scoring.toml`) and `assess_bridge`, which scores a comment the Python normaliser
//! folded.
//!
//! TEMPORARY BRIDGE: until the Rust normaliser is merged (branch `core-normalize`),
//! Python normalises and tokenises, and `assess_bridge` rebuilds the Rust `Normalized`
//! from its parts; the steps of a match's fragment are asked back from Python through
//! `steps_of`.  After the merge, `CoreScorer.score(text)` normalises, scans and scores
//! in one call and this bridge goes.
use std::sync::Arc;

use nudge_core::lexicon::{FxMap, Lexicon};
use nudge_core::normalize::{Layer, Normalized, Step, Token, TokenKind};
use nudge_core::score::{quick_reject, rejected, score, Constants, Forced, Outcome, Settings};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use crate::lexicon::CoreLexicon;
use crate::text::{code_points, static_step, to_py};

/// A lexicon and the scorer's settings, shared by every thread.
#[pyclass(frozen, module = "nudge._core")]
pub struct CoreScorer {
    lex: Arc<Lexicon>,
    settings: Settings,
}

fn get<'py, T: FromPyObject<'py>>(d: &Bound<'py, PyDict>, key: &str) -> PyResult<T> {
    match d.get_item(key)? {
        Some(v) => v.extract(),
        None => Err(pyo3::exceptions::PyKeyError::new_err(key.to_owned())),
    }
}

fn constants(d: &Bound<'_, PyDict>) -> PyResult<Constants> {
    Ok(Constants {
        severity: get(d, "severity")?,
        targeted: get(d, "targeted")?,
        slur: get(d, "slur")?,
        identity_attack: get(d, "identity_attack")?,
        threat: get(d, "threat")?,
        intensifier: get(d, "intensifier")?,
        others_share: get(d, "others_share")?,
        derogatory_severity: get(d, "derogatory_severity")?,
        profanity: get(d, "profanity")?,
        enthusiasm: get(d, "enthusiasm")?,
        ambiguous_alone: get(d, "ambiguous_alone")?,
        self_reference: get(d, "self_reference")?,
        negated: get(d, "negated")?,
        reported: get(d, "reported")?,
        counter_speech: get(d, "counter_speech")?,
        reclaimed: get(d, "reclaimed")?,
        attributive: get(d, "attributive")?,
        slope: get(d, "slope")?,
        intercept: get(d, "intercept")?,
        target_window: get(d, "target_window")?,
        targeted_window: get(d, "targeted_window")?,
        benign_window: get(d, "benign_window")?,
        intent_window: get(d, "intent_window")?,
        negation_window: get(d, "negation_window")?,
        negation_near: get(d, "negation_near")?,
        self_window: get(d, "self_window")?,
        high: get(d, "high")?,
        low: get(d, "low")?,
    })
}

#[pymethods]
impl CoreScorer {
    #[new]
    #[pyo3(signature = (lexicon, constants_, threshold, plain, has_intent, has_copulas))]
    fn new(
        lexicon: &CoreLexicon,
        constants_: &Bound<'_, PyDict>,
        threshold: f64,
        plain: bool,
        has_intent: bool,
        has_copulas: bool,
    ) -> PyResult<Self> {
        Ok(CoreScorer {
            lex: lexicon.inner.clone(),
            settings: Settings {
                k: constants(constants_)?,
                threshold,
                plain,
                has_intent,
                has_copulas,
            },
        })
    }
}

fn kind_of(name: &str) -> TokenKind {
    match name {
        "number" => TokenKind::Number,
        "emoji" => TokenKind::Emoji,
        "mention" => TokenKind::Mention,
        "hashtag" => TokenKind::Hashtag,
        "url" => TokenKind::Url,
        _ => TokenKind::Word,
    }
}

fn outcome_to_py<'py>(
    py: Python<'py>,
    lex: &Lexicon,
    o: &Outcome,
) -> PyResult<Bound<'py, PyTuple>> {
    let cats = PyList::empty(py);
    for (c, v) in &o.categories {
        cats.append((c.name(), *v))?;
    }
    let matches = PyList::empty(py);
    for m in &o.matches {
        let lang = m
            .term_id
            .map_or("", |t| lex.terms[t as usize].lang.as_str());
        let steps = PyTuple::new(py, &m.steps)?;
        let rules = PyTuple::new(py, &m.rules)?;
        matches.append((
            m.term.as_str(),
            m.category.name(),
            m.severity,
            m.start,
            m.end,
            steps,
            m.targeted,
            lang,
            rules,
        ))?;
    }
    let reasons = PyList::empty(py);
    for r in &o.reasons {
        reasons.append(to_py(py, r)?)?;
    }
    PyTuple::new(
        py,
        [
            o.score.into_pyobject(py)?.into_any(),
            o.flagged.into_pyobject(py)?.to_owned().into_any(),
            o.severity.into_pyobject(py)?.into_any(),
            cats.into_any(),
            o.language.as_deref().into_pyobject(py)?.into_any(),
            matches.into_any(),
            reasons.into_any(),
            o.evidence.into_pyobject(py)?.into_any(),
        ],
    )
}

/// The Rust `Normalized` and tokens of the Python normaliser's parts (TEMPORARY BRIDGE):
/// (original, text, steps, layers, stretched, words, starts, ends, kinds).
pub fn bridge_input<'py>(parts: &Bound<'py, PyTuple>) -> PyResult<(Normalized, Vec<Token>)> {
    let original = code_points(parts.get_item(0)?.downcast::<PyString>()?)?;
    let text = code_points(parts.get_item(1)?.downcast::<PyString>()?)?;
    let step_names: Vec<String> = parts.get_item(2)?.extract()?;
    let steps = step_names
        .iter()
        .filter_map(|s| Step::ALL.into_iter().find(|x| x.name() == s))
        .collect();
    let mut layers = Vec::new();
    for layer in parts.get_item(3)?.try_iter()? {
        let (new_starts, new_ends, old_starts, old_ends) = layer?.extract()?;
        layers.push(Layer {
            new_starts,
            new_ends,
            old_starts,
            old_ends,
        });
    }
    let stretched: Vec<usize> = parts.get_item(4)?.extract()?;
    let words: Vec<Bound<'py, PyAny>> = parts.get_item(5)?.extract()?;
    let starts: Vec<usize> = parts.get_item(6)?.extract()?;
    let ends: Vec<usize> = parts.get_item(7)?.extract()?;
    let kinds: Vec<String> = parts.get_item(8)?.extract()?;
    let mut tokens = Vec::with_capacity(words.len());
    for (q, w) in words.iter().enumerate() {
        tokens.push(Token {
            word: crate::text::lossy(w)?,
            start: starts[q],
            end: ends[q],
            kind: kind_of(&kinds[q]),
        });
    }
    let n = Normalized {
        original,
        text,
        steps,
        layers,
        stretched,
        emoji: true,
    };
    Ok((n, tokens))
}

/// Score a comment the Python normaliser folded (TEMPORARY BRIDGE, see the module doc).
///
/// `parts` is (original, text, steps, layers, stretched, words, starts, ends, kinds):
/// the fields of the Python `Normalized` and its `scan()`; `forced` is (language, base)
/// or None; `steps_of(fragment)` names the normaliser steps a fragment goes through.
#[pyfunction]
#[pyo3(signature = (scorer, parts, forced, steps_of))]
pub fn assess_bridge<'py>(
    py: Python<'py>,
    scorer: &CoreScorer,
    parts: &Bound<'py, PyTuple>,
    forced: Option<(String, String)>,
    steps_of: PyObject,
) -> PyResult<Bound<'py, PyTuple>> {
    let (n, tokens) = bridge_input(parts)?;
    let lex = scorer.lex.clone();
    let settings = &scorer.settings;
    let outcome = py.allow_threads(|| {
        // A comment repeats its fragments ("🖕🏿" a thousand times): ask Python once each.
        let mut known: FxMap<Vec<u32>, Vec<&'static str>> = FxMap::default();
        let mut ask = |fragment: &[u32]| -> Vec<&'static str> {
            if let Some(found) = known.get(fragment) {
                return found.clone();
            }
            let found: Vec<&'static str> = Python::with_gil(|py| {
                let Ok(s) = to_py(py, fragment) else {
                    return Vec::new();
                };
                let Ok(found) = steps_of.call1(py, (s,)) else {
                    return Vec::new();
                };
                let names: Vec<String> = found.extract(py).unwrap_or_default();
                names
                    .iter()
                    .map(|x| static_step(x))
                    .filter(|x| !x.is_empty())
                    .collect()
            });
            known.insert(fragment.to_vec(), found.clone());
            found
        };
        let forced = forced.as_ref().map(|(code, base)| Forced { code, base });
        score(&lex, settings, &n, &tokens, forced, &mut ask)
    });
    outcome_to_py(py, &lex, &outcome)
}

/// Register the scorer's classes and functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<CoreScorer>()?;
    m.add_function(wrap_pyfunction!(assess_bridge, m)?)?;
    m.add_function(wrap_pyfunction!(reject_bridge, m)?)?;
    m.add_function(wrap_pyfunction!(time_core, m)?)
}

/// The quick reject before the scan (TEMPORARY BRIDGE): `None` when the comment needs
/// scoring, else the outcome of a comment with no match.  `text` is the folded text,
/// `words` its tokens' folded forms (`Normalized.words()`).
#[pyfunction]
#[pyo3(signature = (scorer, text, stretched, words, forced))]
pub fn reject_bridge<'py>(
    py: Python<'py>,
    scorer: &CoreScorer,
    text: &Bound<'py, PyString>,
    stretched: bool,
    words: Vec<String>,
    forced: Option<String>,
) -> PyResult<Option<Bound<'py, PyTuple>>> {
    let text = code_points(text)?;
    if !quick_reject(
        &scorer.lex,
        &text,
        stretched,
        words.iter().map(String::as_str),
    ) {
        return Ok(None);
    }
    Ok(Some(outcome_to_py(
        py,
        &scorer.lex,
        &rejected(&scorer.settings, forced.as_deref()),
    )?))
}

/// Time the Rust part alone (lexicon scan and scorer) on comments the Python normaliser
/// folded: `parts_list` as `assess_bridge` takes them.  A first pass asks `steps_of`
/// and remembers its answers; `repeat` timed passes then run without Python, the GIL
/// released.  Returns the seconds of each timed pass (a benchmark helper).
#[pyfunction]
pub fn time_core(
    py: Python<'_>,
    scorer: &CoreScorer,
    parts_list: &Bound<'_, PyList>,
    steps_of: PyObject,
    repeat: usize,
) -> PyResult<Vec<f64>> {
    let mut inputs = Vec::with_capacity(parts_list.len());
    for parts in parts_list.iter() {
        inputs.push(bridge_input(parts.downcast::<PyTuple>()?)?);
    }
    let mut known: FxMap<Vec<u32>, Vec<&'static str>> = FxMap::default();
    for (n, tokens) in &inputs {
        let mut ask = |fragment: &[u32]| -> Vec<&'static str> {
            let found = known.entry(fragment.to_vec()).or_insert_with(|| {
                let Ok(s) = to_py(py, fragment) else {
                    return Vec::new();
                };
                let names: Vec<String> = steps_of
                    .call1(py, (s,))
                    .and_then(|f| f.extract(py))
                    .unwrap_or_default();
                names
                    .iter()
                    .map(|x| static_step(x))
                    .filter(|x| !x.is_empty())
                    .collect()
            });
            found.clone()
        };
        score(&scorer.lex, &scorer.settings, n, tokens, None, &mut ask);
    }
    let times = py.allow_threads(|| {
        (0..repeat)
            .map(|_| {
                let start = std::time::Instant::now();
                for (n, tokens) in &inputs {
                    let mut ask =
                        |fragment: &[u32]| known.get(fragment).cloned().unwrap_or_default();
                    std::hint::black_box(score(
                        &scorer.lex,
                        &scorer.settings,
                        n,
                        tokens,
                        None,
                        &mut ask,
                    ));
                }
                start.elapsed().as_secs_f64()
            })
            .collect()
    });
    Ok(times)
}
