//! `nudge._core`: the Python face of `nudge-core`.  Private: the public API is the
//! `nudge` package, which wraps these objects in typed Python classes.
use pyo3::prelude::*;

mod facts;
mod lexicon;
mod normalize;
mod score;
mod segment;
mod text;

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", nudge_core::VERSION)?;
    // The phrase-gap syntax of the packs, defined once (the Python compiler reads it).
    m.add("GAP", nudge_core::lexicon::GAP)?;
    m.add("MAX_GAP", nudge_core::lexicon::MAX_GAP)?;
    facts::register(m)?;
    lexicon::register(m)?;
    score::register(m)?;
    normalize::register(m)?;
    Ok(())
}
