//! Bindings of the normaliser: `nudge.normalize` wraps these in its typed classes.

use std::sync::OnceLock;

use nudge_core::normalize::{self as core, Config, Normalized, Step, TokenKind};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};

use crate::text::{code_points, py_string};

fn kind_name(kind: TokenKind) -> &'static str {
    kind.name()
}

/// The result of `normalize` (wrapped by `nudge.normalize.Normalized`).
#[pyclass(frozen, module = "nudge._core", name = "Normalized")]
pub struct PyNormalized {
    pub(crate) inner: Normalized,
    /// The token scan, done once on first use (every view of the tokens shares it).
    scan: OnceLock<Vec<(usize, usize, TokenKind)>>,
}

impl PyNormalized {
    fn scanned(&self) -> &[(usize, usize, TokenKind)] {
        self.scan.get_or_init(|| self.inner.raw_tokens())
    }

    fn kept(&self) -> impl Iterator<Item = &(usize, usize, TokenKind)> {
        let emoji = self.inner.emoji;
        self.scanned()
            .iter()
            .filter(move |t| emoji || t.2 != TokenKind::Emoji)
    }

    fn word<'py>(
        &self,
        py: Python<'py>,
        a: usize,
        b: usize,
        kind: TokenKind,
    ) -> PyResult<Bound<'py, PyString>> {
        let cps = &self.inner.text[a..b];
        if kind == TokenKind::Emoji {
            Ok(PyString::new(py, &core::emoji_name(cps)))
        } else {
            py_string(py, cps)
        }
    }
}

#[pymethods]
impl PyNormalized {
    /// Map `[start, end)` of the text to the original; `None` outside the text.
    fn to_original(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        self.inner.to_original(start, end)
    }

    /// The folded token texts (emoji named, or dropped when the step is off).
    fn words<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let mut out = Vec::new();
        for &(a, b, k) in self.kept() {
            out.push(self.word(py, a, b, k)?);
        }
        PyList::new(py, out)
    }

    /// `(words, starts, ends, kinds)`, as `Normalized.scan()` gives them.
    fn scan<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let mut words = Vec::new();
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        let mut kinds = Vec::new();
        for &(a, b, k) in self.kept() {
            words.push(self.word(py, a, b, k)?);
            starts.push(a);
            ends.push(b);
            kinds.push(kind_name(k));
        }
        PyTuple::new(
            py,
            [
                PyList::new(py, words)?.into_any(),
                PyList::new(py, starts)?.into_any(),
                PyList::new(py, ends)?.into_any(),
                PyList::new(py, kinds)?.into_any(),
            ],
        )
    }

    /// Every token as `(text, kind, start, end, orig_start, orig_end, stretched)`.
    fn tokens<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let mut out = Vec::new();
        for &(a, b, k) in self.kept() {
            let (oa, ob) = self.inner.to_original(a, b).unwrap_or((a, b));
            let marks = PyTuple::new(py, self.inner.stretched_in(a, b))?;
            let item = (self.word(py, a, b, k)?, kind_name(k), a, b, oa, ob, marks);
            out.push(item.into_pyobject(py)?);
        }
        PyList::new(py, out)
    }

    /// Positions in `[start, end)` of letters squeezed from a run.
    fn stretched_in(&self, start: usize, end: usize) -> Vec<usize> {
        self.inner.stretched_in(start, end)
    }
}

/// `normalize(text, config)`: `(core, text, steps, stretched)`; `text` is the very
/// object given when nothing changed.
#[pyfunction]
#[pyo3(signature = (text, config, facts=None))]
fn normalize<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    config: u16,
    facts: Option<PyRef<'py, crate::facts::Facts>>,
) -> PyResult<Bound<'py, PyTuple>> {
    if config >= 1 << Step::ALL.len() {
        return Err(PyValueError::new_err("config: unknown step bits"));
    }
    let cps = code_points(text)?;
    let tables = crate::facts::tables_of(facts.as_deref());
    let inner = py.allow_threads(|| core::normalize_with(&cps, Config(config), &tables));
    let folded = if !inner.changed() {
        text.clone()
    } else {
        py_string(py, &inner.text)?
    };
    let steps: Vec<&'static str> = inner.steps.iter().map(|s| s.name()).collect();
    let mut marks = inner.stretched.clone();
    marks.sort_unstable();
    marks.dedup();
    let core_obj = PyNormalized {
        inner,
        scan: OnceLock::new(),
    };
    PyTuple::new(
        py,
        [
            Bound::new(py, core_obj)?.into_any(),
            folded.into_any(),
            PyTuple::new(py, steps)?.into_any(),
            PyTuple::new(py, marks)?.into_any(),
        ],
    )
}

/// The `emoji` package's name of an emoji sequence (skin tones ignored).
#[pyfunction]
fn emoji_name(sequence: &Bound<'_, PyString>) -> PyResult<String> {
    Ok(core::emoji_name(&code_points(sequence)?))
}

/// `unicodedata.normalize("NFKC", text)` as the core computes it (for tests).
#[pyfunction]
fn nfkc<'py>(py: Python<'py>, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyString>> {
    py_string(py, &nudge_core::unicode::nfkc(&code_points(text)?))
}

/// `str.casefold()` as the core computes it (for tests).
#[pyfunction]
fn casefold<'py>(py: Python<'py>, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyString>> {
    let mut out = Vec::new();
    for c in code_points(text)? {
        nudge_core::unicode::push_casefold(c, &mut out);
    }
    py_string(py, &out)
}

/// The ends of the grapheme clusters of `text` (for tests against `regex`'s `\X`).
#[pyfunction]
fn grapheme_ends(text: &Bound<'_, PyString>) -> PyResult<Vec<usize>> {
    Ok(nudge_core::unicode::grapheme_ends(&code_points(text)?))
}

/// Add the normaliser's functions, classes and the step names to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyNormalized>()?;
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(emoji_name, m)?)?;
    m.add_function(wrap_pyfunction!(nfkc, m)?)?;
    m.add_function(wrap_pyfunction!(casefold, m)?)?;
    m.add_function(wrap_pyfunction!(grapheme_ends, m)?)?;
    let names: Vec<&str> = Step::ALL.iter().map(|s| s.name()).collect();
    m.add("STEPS", PyTuple::new(m.py(), names)?)?;
    Ok(())
}
