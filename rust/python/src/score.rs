//! The scorer's Python face: `CoreScorer` (a compiled lexicon plus the constants of
//! `scoring.toml`), whose `score(text)` normalises, scans and scores one comment in a
//! single call, the GIL released.
use std::sync::Arc;

use nudge_core::lexicon::Lexicon;
use nudge_core::score::{score_normalized, score_text, Constants, Forced, Outcome, Settings};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use crate::lexicon::CoreLexicon;
use crate::normalize::PyNormalized;
use crate::text::{code_points, py_string};

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
        intensifier_window: get(d, "intensifier_window")?,
        enthusiasm_window: get(d, "enthusiasm_window")?,
        in_group_window: get(d, "in_group_window")?,
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

    /// Normalise, scan and score one comment; `forced` is `(language, base)` or None.
    #[pyo3(signature = (text, forced=None))]
    fn score<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyString>,
        forced: Option<(String, String)>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let cps = code_points(text)?;
        let (lex, settings) = (&self.lex, &self.settings);
        let out = py.allow_threads(|| score_text(lex, settings, &cps, forced_of(&forced)));
        outcome_to_py(py, lex, &out)
    }

    /// Scan and score a comment `nudge.normalize` already folded (default configuration).
    #[pyo3(signature = (normalized, forced=None))]
    fn score_normalized<'py>(
        &self,
        py: Python<'py>,
        normalized: PyRef<'py, PyNormalized>,
        forced: Option<(String, String)>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let n = &normalized.inner;
        let (lex, settings) = (&self.lex, &self.settings);
        let out = py.allow_threads(|| score_normalized(lex, settings, n, forced_of(&forced)));
        outcome_to_py(py, lex, &out)
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
        reasons.append(py_string(py, r)?)?;
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

/// Register the scorer's classes and functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<CoreScorer>()?;
    m.add_function(wrap_pyfunction!(time_texts, m)?)
}

/// The language a caller forces, as `(code, base)`.
fn forced_of(forced: &Option<(String, String)>) -> Option<Forced<'_>> {
    forced.as_ref().map(|(code, base)| Forced { code, base })
}

/// Time the Rust part alone: every text normalised, scanned and scored `repeat` times
/// with the GIL released, no Python result built.  Returns the seconds of each pass (a
/// benchmark helper: `benchmarks/core.py`).
#[pyfunction]
pub fn time_texts(
    py: Python<'_>,
    scorer: &CoreScorer,
    texts: Vec<Bound<'_, PyString>>,
    repeat: usize,
) -> PyResult<Vec<f64>> {
    let inputs = texts
        .iter()
        .map(code_points)
        .collect::<PyResult<Vec<_>>>()?;
    let (lex, settings) = (&scorer.lex, &scorer.settings);
    Ok(py.allow_threads(|| {
        (0..repeat)
            .map(|_| {
                let start = std::time::Instant::now();
                for text in &inputs {
                    std::hint::black_box(score_text(lex, settings, text, None));
                }
                start.elapsed().as_secs_f64()
            })
            .collect()
    }))
}
