//! `nudge._core`: the Python face of `nudge-core`.  Private: the public API is the
//! `nudge` package, which wraps these objects in typed Python classes.
use pyo3::prelude::*;

mod lexicon;
mod normalize;
mod score;
mod text;

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", nudge_core::VERSION)?;
    lexicon::register(m)?;
    score::register(m)?;
    normalize::register(m)?;
    Ok(())
}
