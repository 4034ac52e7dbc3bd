//! Python strings <-> code points, lone surrogates included, so offsets stay Python
//! string indices.
use nudge_core::lexicon::ENTRY_STEPS;
use nudge_core::Cp;
use pyo3::prelude::*;
use pyo3::types::PyString;

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
    use pyo3::ffi;
    let widest = cps.iter().copied().max().unwrap_or(0);
    if widest > 0x10FFFF {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "a code point beyond U+10FFFF",
        ));
    }
    let size = cps.len() as ffi::Py_ssize_t;
    // Handed over in the narrowest kind that holds them (what the `str` will be stored
    // as): CPython then copies them as they are, where from four bytes a character it
    // would first scan for the widest and convert (most reason lines are ASCII).
    let narrow: Vec<u8>;
    let (kind, data) = if widest < 0x100 {
        narrow = cps.iter().map(|&c| c as u8).collect();
        (
            ffi::PyUnicode_1BYTE_KIND,
            narrow.as_ptr().cast::<std::ffi::c_void>(),
        )
    } else {
        (ffi::PyUnicode_4BYTE_KIND, cps.as_ptr().cast())
    };
    // SAFETY: `data` points at `size` characters of the given kind (the bytes of
    // `narrow`, alive until the end of this function, or the 4-byte code points of
    // `cps`), all at most U+10FFFF (checked above); CPython copies them into a new
    // `str` (lone surrogates included, as `str` allows) and returns a new reference, or
    // NULL with an exception set, which `from_owned_ptr_or_err` turns into a `PyErr`.
    unsafe {
        let obj = ffi::PyUnicode_FromKindAndData(kind as std::os::raw::c_int, data, size);
        Ok(Bound::from_owned_ptr_or_err(py, obj)?.downcast_into_unchecked::<PyString>())
    }
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
    (ENTRY_STEPS.iter().find(|n| **n == name).copied()).unwrap_or("")
}
