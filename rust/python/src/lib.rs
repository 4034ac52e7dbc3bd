//! `nudge._core`: the Python face of `nudge-core`.  Private: the public API is the
//! `nudge` package, which wraps these objects in typed Python classes.
use pyo3::prelude::*;

mod facts;
mod lexicon;
mod normalize;
mod score;
mod segment;
mod text;

/// The core's allocator: a comment's scoring makes a few hundred short-lived
/// allocations (tokens, their words, scan entries, reason lines), and mimalloc's
/// thread-local free lists serve them in a fraction of the system allocator's
/// instructions, without a lock shared by the `workers` threads.  Only Rust's own
/// allocations use it; Python objects stay with Python's allocator.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
