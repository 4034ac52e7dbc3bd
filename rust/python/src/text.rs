//! Python strings <-> code points, lone surrogates included, so offsets stay Python
//! string indices.
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// The code points of a Python `str` (lone surrogates kept).
pub fn code_points(s: &Bound<'_, PyString>) -> PyResult<Vec<u32>> {
    if let Ok(text) = s.to_str() {
        return Ok(text.chars().map(|c| c as u32).collect());
    }
    // Lone surrogates: UTF-32 keeps one unit per code point.
    let raw = s.call_method1("encode", ("utf-32-le", "surrogatepass"))?;
    let bytes = raw.downcast::<PyBytes>()?.as_bytes();
    Ok(bytes
        .chunks_exact(4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect())
}

/// A Python `str` of code points (lone surrogates kept).
pub fn to_py<'py>(py: Python<'py>, cps: &[u32]) -> PyResult<Bound<'py, PyAny>> {
    let text: Option<String> = cps.iter().map(|&c| char::from_u32(c)).collect();
    if let Some(text) = text {
        return Ok(PyString::new(py, &text).into_any());
    }
    let bytes: Vec<u8> = cps.iter().flat_map(|c| c.to_le_bytes()).collect();
    PyBytes::new(py, &bytes).call_method1("decode", ("utf-32-le", "surrogatepass"))
}

/// A Python `str` as a Rust `String` (a lone surrogate reads as U+FFFD, one for one).
pub fn lossy(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    let s = obj.downcast::<PyString>()?;
    if let Ok(text) = s.to_str() {
        return Ok(text.to_owned());
    }
    Ok(code_points(s)?
        .into_iter()
        .map(|c| char::from_u32(c).unwrap_or('\u{FFFD}'))
        .collect())
}

/// The static name of a step ("" when unknown: the lexicon's and normaliser's steps are
/// a closed set).
pub fn static_step(name: &str) -> &'static str {
    const NAMES: [&str; 14] = [
        "",
        "fuzzy",
        "stem",
        "leet",
        "masks",
        "stretched",
        "invisible",
        "nfkc",
        "casefold",
        "zalgo",
        "split_letters",
        "homoglyphs",
        "accents",
        "emoji",
    ];
    NAMES.iter().find(|n| **n == name).copied().unwrap_or("")
}
