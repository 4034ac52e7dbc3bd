//! Python strings <-> code points, lone surrogates included, so offsets stay Python
//! string indices.
use nudge_core::Cp;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// The code points of a Python string, lone surrogates included.
pub fn code_points(s: &Bound<'_, PyString>) -> PyResult<Vec<Cp>> {
    use pyo3::types::PyStringData;
    // SAFETY: `data()` exposes the string's PEP 393 buffer, which CPython keeps alive
    // and unchanged while `s` holds a reference (Python strings are immutable); we copy
    // out of it before returning and never keep the borrow.  Legacy (not ready) strings
    // do not exist on the Python versions nudge supports (3.11+, where PEP 623 removed
    // them), and `data()` reports an error rather than misreading if one appeared.
    let data = unsafe { s.data()? };
    Ok(match data {
        PyStringData::Ucs1(b) => b.iter().map(|&c| Cp::from(c)).collect(),
        PyStringData::Ucs2(b) => b.iter().map(|&c| Cp::from(c)).collect(),
        PyStringData::Ucs4(b) => b.to_vec(),
    })
}

/// A Python string of code points, surrogates kept as they are.
pub fn py_string<'py>(py: Python<'py>, cps: &[Cp]) -> PyResult<Bound<'py, PyString>> {
    if cps.iter().all(|&c| c < 0x80) {
        let s: String = cps.iter().map(|&c| c as u8 as char).collect();
        return Ok(PyString::new(py, &s));
    }
    let chars: Option<String> = cps.iter().map(|&c| char::from_u32(c)).collect();
    if let Some(s) = chars {
        return Ok(PyString::new(py, &s));
    }
    // A lone surrogate has no UTF-8 form: decode UTF-32 with `surrogatepass`.
    let bytes: Vec<u8> = cps.iter().flat_map(|c| c.to_le_bytes()).collect();
    let obj = PyBytes::new(py, &bytes).call_method1("decode", ("utf-32-le", "surrogatepass"))?;
    Ok(obj.downcast_into::<PyString>()?)
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
