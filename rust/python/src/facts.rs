//! `Facts`: the normaliser's tables with the language facts of a set of packs (their
//! `tokens.toml`, merged by Python), built once and shared by every comment folded with
//! them.
use std::sync::Arc;

use nudge_core::normalize::Tables;
use pyo3::prelude::*;

/// The language facts a scorer's packs give the normaliser (built by `nudge.facts`).
#[pyclass(frozen, module = "nudge._core")]
pub struct Facts {
    pub(crate) inner: Arc<Tables>,
}

#[pymethods]
impl Facts {
    #[new]
    #[pyo3(signature = (standalone, elisions, ordinals, elided = None))]
    fn new(
        standalone: Vec<String>,
        elisions: Vec<String>,
        ordinals: Vec<String>,
        elided: Option<Vec<String>>,
    ) -> Self {
        let tables = Tables::with_facts(&standalone, &elisions, &ordinals);
        let tables = match elided {
            Some(pairs) => tables.with_elided_letters(&pairs),
            None => tables,
        };
        Facts {
            inner: Arc::new(tables),
        }
    }
}

/// The tables to fold with: these facts, or the bundled ones.
pub(crate) fn tables_of(facts: Option<&Facts>) -> Arc<Tables> {
    facts.map_or_else(Tables::shared, |f| f.inner.clone())
}

/// Register the class.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Facts>()
}
