//! An assessment's matches kept as compact records until first read.
//!
//! A long comment can hold hundreds of thousands of matches: one Python `Match` each
//! (ten slots, two `int`s and a `str` of its own) is about 230 bytes, and most callers
//! read the score, not the matches.  From [`LAZY_FROM`] matches on, the `matches` slot
//! of the `Assessment` holds a [`PendingMatches`] instead: 24 bytes a match (offsets,
//! term, category, severity, whether it is aimed, and its step and rule lists as
//! numbers into lists shared by the comment's matches).  The field's property
//! (`nudge/scorer.py`) builds the tuple from them on first read and keeps it in the
//! slot; the `Match` objects are those the eager path builds (same function,
//! [`Kinds::one_match`]).
use nudge_core::lexicon::{Category, FxMap};
use nudge_core::score::Outcome;
use pyo3::prelude::*;
use pyo3::types::{PyString, PyTuple};

use super::results::{kinds, GcPause, Kinds, Shared, View};
use super::CoreScorer;

/// From how many matches an assessment leaves them pending: below, a pending object
/// costs about what the few `Match` objects do, and a short comment's matches are
/// usually read (the prompt chooser reads them).
pub const LAZY_FROM: usize = 16;

/// A term that is no entry of the lexicon (a structural hit's own words) is numbered
/// among the comment's own terms, with this bit set.
const OWN: u32 = 1 << 31;

/// One match, compact.
#[derive(Clone, Copy, Debug)]
struct Record {
    start: u32,
    end: u32,
    /// An index into the lexicon's terms, or into `own` with [`OWN`] set.
    term: u32,
    /// Indexes into `lists`.
    steps: u32,
    rules: u32,
    category: Category,
    severity: u8,
    targeted: bool,
}

/// A comment's matches as records, and the lists and words they share.
struct Compact {
    records: Vec<Record>,
    lists: Vec<Vec<&'static str>>,
    own: Vec<String>,
}

impl Compact {
    /// The records of `o`'s matches, or `None` when one does not fit in them (an offset
    /// past 2^32 code points, a lexicon of 2^31 terms): those are built at once.
    fn of(o: &Outcome) -> Option<Compact> {
        let mut lists: Vec<Vec<&'static str>> = Vec::new();
        let mut list_ids: FxMap<&[&'static str], u32> = FxMap::default();
        let mut own: Vec<String> = Vec::new();
        let mut own_ids: FxMap<&str, u32> = FxMap::default();
        let mut records = Vec::with_capacity(o.matches.len());
        // The last step list and rule list numbered, by their addresses: a comment's
        // matches share a few lists (`MatchOut::steps`, `rules`) and most follow a
        // match with the same ones, so most need no hash of their names.
        let none: *const [&'static str] = std::ptr::slice_from_raw_parts(std::ptr::null(), 0);
        let (mut last_steps, mut last_rules) = ((none, 0), (none, 0));
        for m in &o.matches {
            let mut list = |items: &'_ [&'static str],
                            last: &mut (*const [&'static str], u32)|
             -> Option<u32> {
                if std::ptr::eq(items, last.0) {
                    return Some(last.1);
                }
                let k = match list_ids.get(items) {
                    Some(&k) => k,
                    None => {
                        let k = u32::try_from(lists.len()).ok()?;
                        lists.push(items.to_vec());
                        k
                    }
                };
                *last = (items, k);
                Some(k)
            };
            // A list at the address of the last one numbered is in the map already: only
            // the others are hashed again (each entry hashed its two lists before, some
            // 200 instructions a match of a long comment).
            let (m_steps, m_rules) = (o.steps(m), o.rules(m));
            let steps_seen = std::ptr::eq(m_steps, last_steps.0);
            let rules_seen = std::ptr::eq(m_rules, last_rules.0);
            let steps = list(m_steps, &mut last_steps)?;
            let rules = list(m_rules, &mut last_rules)?;
            // The map borrows from `o`, which outlives it: the keys are the matches'
            // own lists, recorded once each.
            if !steps_seen {
                list_ids.entry(m_steps).or_insert(steps);
            }
            if !rules_seen {
                list_ids.entry(m_rules).or_insert(rules);
            }
            let term = match m.term_id {
                Some(t) if t < OWN => t,
                Some(_) => return None,
                None => {
                    let mine = m.own.as_deref().unwrap_or("");
                    let k = match own_ids.get(mine) {
                        Some(&k) => k,
                        None => {
                            let k = u32::try_from(own.len()).ok().filter(|&k| k < OWN)?;
                            own.push(mine.to_owned());
                            own_ids.insert(mine, k);
                            k
                        }
                    };
                    k | OWN
                }
            };
            records.push(Record {
                start: u32::try_from(m.start).ok()?,
                end: u32::try_from(m.end).ok()?,
                term,
                steps,
                rules,
                category: m.category,
                severity: m.severity,
                targeted: m.targeted,
            });
        }
        Some(Compact {
            records,
            lists,
            own,
        })
    }
}

/// The matches of an assessment, not built yet (`Assessment.matches` builds them on
/// first read): immutable, so threads may read them at once.
#[pyclass(frozen, module = "nudge._core")]
pub struct PendingMatches {
    scorer: Py<CoreScorer>,
    text: Py<PyString>,
    compact: Compact,
}

#[pymethods]
impl PendingMatches {
    /// The matches, as a tuple of `Match`.
    fn render<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let kinds = kinds()?;
        let _paused = GcPause::new(py);
        let scorer = self.scorer.get();
        let text = self.text.bind(py);
        let c = &self.compact;
        let mut items = Vec::with_capacity(c.records.len());
        let mut shared = Shared::default();
        for r in &c.records {
            let (term_id, term) = if r.term & OWN != 0 {
                (None, c.own[(r.term & !OWN) as usize].as_str())
            } else {
                (
                    Some(r.term),
                    scorer.lex.terms[r.term as usize].term.as_str(),
                )
            };
            let view = View {
                term_id,
                term,
                category: r.category,
                severity: r.severity,
                start: r.start as usize,
                end: r.end as usize,
                steps: &c.lists[r.steps as usize],
                targeted: r.targeted,
                rules: &c.lists[r.rules as usize],
            };
            items.push(one(&kinds, py, text, scorer, &view, &mut shared)?);
        }
        PyTuple::new(py, items)
    }

    /// How many matches are pending (without building them).
    fn __len__(&self) -> usize {
        self.compact.records.len()
    }
}

fn one<'py>(
    kinds: &Kinds,
    py: Python<'py>,
    text: &Bound<'py, PyString>,
    scorer: &CoreScorer,
    view: &View<'_>,
    shared: &mut Shared<'py>,
) -> PyResult<Bound<'py, PyAny>> {
    kinds.one_match(py, text, &scorer.lex, &scorer.strings, view, shared)
}

/// The pending matches of `o` (scored from `text` by `scorer`), or `None` when they are
/// few or do not fit in records: then the caller builds them at once.
pub fn pending<'py>(
    scorer: &Bound<'py, CoreScorer>,
    text: &Bound<'py, PyString>,
    o: &Outcome,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    if o.matches.len() < LAZY_FROM {
        return Ok(None);
    }
    let Some(compact) = Compact::of(o) else {
        return Ok(None);
    };
    let p = PendingMatches {
        scorer: scorer.clone().unbind(),
        text: text.clone().unbind(),
        compact,
    };
    Ok(Some(Bound::new(scorer.py(), p)?.into_any()))
}
