//! The Python result objects of a scored comment, built here rather than in Python.
//!
//! `Assessment` and `Match` stay the frozen dataclasses of `nudge.scorer` (the public
//! API); `nudge.scorer` hands their classes over once ([`result_types`]) and this module
//! fills their slots exactly as `object.__new__` + `object.__setattr__` would, without a
//! round trip through the interpreter per field.  Repeated strings (category, step and
//! rule names, language codes) are made once and shared; an empty tuple is the shared
//! empty tuple.
use std::sync::{Arc, Mutex};

use nudge_core::lexicon::{Category, FxMap, Lexicon};
use nudge_core::normalize::Step;
use nudge_core::score::explain::Reason;
use nudge_core::score::rules::{COUNTER_SPEECH, RULES};
use nudge_core::score::Outcome;
use pyo3::exceptions::{PyRuntimeError, PyTypeError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyDict, PyString, PyTuple, PyType};

use super::Later;
use crate::text::py_string;

/// The fields of `Assessment`, in the order [`Kinds::build`] fills them.
const ASSESSMENT_FIELDS: [&str; 10] = [
    "text",
    "score",
    "flagged",
    "severity",
    "categories",
    "language",
    "matches",
    "reasons",
    "threshold",
    "evidence",
];

/// The fields of `Match`, in the order [`Kinds::build`] fills them.
const MATCH_FIELDS: [&str; 10] = [
    "term", "category", "severity", "start", "end", "text", "steps", "targeted", "lang", "rules",
];

/// The matcher's own step names (the normaliser's come from [`Step::ALL`]).
const MATCHER_STEPS: [&str; 2] = ["fuzzy", "stem"];

/// The fields of one match a Python `Match` is built from (from the core's `MatchOut`,
/// or from a compact record of [`super::lazy`]).
pub struct View<'a> {
    pub term_id: Option<u32>,
    pub term: &'a str,
    pub category: Category,
    pub severity: u8,
    pub start: usize,
    pub end: usize,
    pub steps: &'a [&'static str],
    pub targeted: bool,
    pub rules: &'a [&'static str],
}

/// The result classes and the shared objects every result reuses.
pub struct Kinds {
    assessment: Py<PyType>,
    matched: Py<PyType>,
    categories: Py<PyType>,
    no_categories: PyObject,
    severities: Vec<PyObject>,
    empty: Py<PyTuple>,
    /// Where each field's slot sits in an instance ([`check_class`]).
    assessment_slots: [usize; 10],
    match_slots: [usize; 10],
    names: FxMap<&'static str, Py<PyString>>,
    /// The names of [`Category::ALL`], in its order (no hashing for the commonest name).
    category_names: Vec<Py<PyString>>,
    /// The tuple of each list of names a `Match` has carried (its steps, its rules), made
    /// once for the process ([`Kinds::names`]).
    tuples: NameTuples,
}

/// Tuples of names, each made once and shared by every `Match` whose steps or rules are
/// that list: the lists are a few dozen orderings of a closed set of names, and a tuple
/// of `str`s is immutable, so one object serves them all.  Made per match, they were
/// about a third of a `Match`'s cost.  Bounded all the same ([`NameTuples::MOST`]): a
/// list past the bound gets a tuple of its own, as before.
#[derive(Default)]
struct NameTuples {
    // Asked and filled with the GIL held, never while the lock is held across a call
    // into Python (a finalizer run by an allocation could score a comment on this
    // thread and ask again).
    known: Mutex<FxMap<Box<[&'static str]>, Py<PyTuple>>>,
}

impl NameTuples {
    /// How many lists are kept: far more than the rules and steps can combine into on
    /// real comments (a few dozen), few enough to stay small whatever happens.
    const MOST: usize = 4096;

    fn get<'py>(&self, py: Python<'py>, items: &[&'static str]) -> Option<Bound<'py, PyAny>> {
        let known = self.known.lock().ok()?;
        Some(known.get(items)?.bind(py).clone().into_any())
    }

    fn keep(&self, items: &[&'static str], tuple: &Bound<'_, PyTuple>) {
        if let Ok(mut known) = self.known.lock() {
            if known.len() < Self::MOST {
                // A list kept meanwhile (by a comment scored from a finalizer) stays.
                known
                    .entry(items.into())
                    .or_insert_with(|| tuple.clone().unbind());
            }
        }
    }
}

/// A scorer's own shared objects: its languages' codes, each term's text and language
/// made once, on first use (a term recurs across comments and within one), its threshold
/// as a `float`, and the `reasons` of a comment whose only line names its language.
pub struct Strings {
    langs: Vec<Py<PyString>>,
    terms: Vec<GILOnceCell<TermStrings>>,
    /// `(language line,)` of each language, made on first use: most comments have no
    /// match weighed, and their lines are this one tuple (no pending lines to keep).
    language_lines: Vec<GILOnceCell<Py<PyTuple>>>,
    threshold: (u64, PyObject),
    zero: PyObject,
}

/// A term's text and its language's code, as every `Match` of the term carries them.
struct TermStrings {
    term: Py<PyString>,
    lang: PyObject,
}

impl Strings {
    pub fn new(py: Python<'_>, lex: &Lexicon, threshold: f64) -> PyResult<Strings> {
        Ok(Strings {
            langs: lex
                .languages
                .iter()
                .map(|l| PyString::intern(py, l).unbind())
                .collect(),
            terms: (0..lex.terms.len()).map(|_| GILOnceCell::new()).collect(),
            language_lines: lex.languages.iter().map(|_| GILOnceCell::new()).collect(),
            threshold: (
                threshold.to_bits(),
                threshold.into_pyobject(py)?.into_any().unbind(),
            ),
            zero: 0.0f64.into_pyobject(py)?.into_any().unbind(),
        })
    }

    /// `x` as a Python `float`: the shared one for 0.0 and the threshold (a `float` is
    /// immutable; most comments score 0.0, every one carries the threshold).
    fn float<'py>(&self, py: Python<'py>, x: f64) -> PyResult<Bound<'py, PyAny>> {
        let bits = x.to_bits();
        if bits == 0 {
            return Ok(self.zero.bind(py).clone());
        }
        if bits == self.threshold.0 {
            return Ok(self.threshold.1.bind(py).clone());
        }
        Ok(x.into_pyobject(py)?.into_any())
    }

    /// The lines of an outcome whose only line, left unwritten, names its language
    /// `code`, when that is one of the scorer's languages (written once per language).
    fn language_only<'py>(
        &self,
        py: Python<'py>,
        lex: &Lexicon,
        o: &Outcome,
        later: &Later<'_, 'py>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        // The lines are the weighed hits' and then the language's: one line in all, and a
        // language named, is the language's line alone.
        let Some(code) = o.language.as_deref() else {
            return Ok(None);
        };
        if o.unwritten != 1 || !o.reasons.is_empty() {
            return Ok(None);
        }
        let Some(cell) = lex
            .languages
            .iter()
            .position(|l| l == code)
            .and_then(|i| self.language_lines.get(i))
        else {
            return Ok(None);
        };
        let lines = cell.get_or_try_init(py, || -> PyResult<Py<PyTuple>> {
            let line = later.language_line(code);
            Ok(PyTuple::new(py, [reason(py, &line)?])?.unbind())
        })?;
        Ok(Some(lines.bind(py).clone().into_any()))
    }
}

/// Set once by `nudge.scorer` at import (again if the module is reloaded).
static KINDS: Mutex<Option<Arc<Kinds>>> = Mutex::new(None);

/// The registered result classes, or an error saying `nudge.scorer` was not imported.
pub fn kinds() -> PyResult<Arc<Kinds>> {
    let guard = KINDS
        .lock()
        .map_err(|_| PyRuntimeError::new_err("result types: lock poisoned"))?;
    guard
        .clone()
        .ok_or_else(|| PyRuntimeError::new_err("nudge.scorer has not registered its result types"))
}

/// Check that `tp` is a class `object.__new__` creates and that each field is a slot
/// holding an object; returns where each slot sits in an instance.
fn check_class(
    py: Python<'_>,
    tp: &Bound<'_, PyType>,
    fields: &[&str; 10],
) -> PyResult<[usize; 10]> {
    let object_new = py.get_type::<pyo3::types::PyAny>().getattr("__new__")?;
    if !tp.getattr("__new__")?.is(&object_new) {
        return Err(PyTypeError::new_err(format!(
            "{}: a result class must be created by object.__new__",
            tp.name()?
        )));
    }
    let member_type = py.import("types")?.getattr("MemberDescriptorType")?;
    let mut offsets = Vec::with_capacity(fields.len());
    for name in fields {
        let member = tp.getattr(*name)?;
        let not_a_slot = || {
            let owner = tp.name().map(|n| n.to_string()).unwrap_or_default();
            PyTypeError::new_err(format!("{owner}.{name}: a result field must be a slot"))
        };
        if !member.get_type().is(&member_type) {
            return Err(not_a_slot());
        }
        // SAFETY: `member` is a live `member_descriptor` (its exact type checked just
        // above), whose C layout is `PyMemberDescrObject`: the common descriptor head,
        // then a pointer to the `PyMemberDef` it serves (pyo3 types that pointer as a
        // getset definition; it is a member definition, read as one).  The definition
        // lives as long as the class, which `Kinds` keeps alive.
        let def = unsafe {
            let descr = member.as_ptr().cast::<ffi::PyMemberDescrObject>();
            *(*descr).d_member.cast::<ffi::PyMemberDef>()
        };
        let readonly = def.flags & ffi::Py_READONLY != 0;
        // SAFETY: `tp` is a live type object; reading its instance size.
        let size = unsafe { (*tp.as_type_ptr()).tp_basicsize };
        let inside = def.offset > 0
            && def.offset + std::mem::size_of::<*mut ffi::PyObject>() as ffi::Py_ssize_t <= size;
        if def.type_code != ffi::Py_T_OBJECT_EX || readonly || !inside {
            return Err(not_a_slot());
        }
        offsets.push(def.offset as usize);
    }
    offsets
        .try_into()
        .map_err(|_| PyTypeError::new_err("a result class has ten fields"))
}

/// `_core.result_types(Assessment, Match, categories_class, no_categories, severities)`:
/// the classes the scorer's answers are built as (called once by `nudge.scorer`).
#[pyfunction]
pub fn result_types(
    py: Python<'_>,
    assessment: Bound<'_, PyType>,
    matched: Bound<'_, PyType>,
    categories: Bound<'_, PyType>,
    no_categories: Bound<'_, PyAny>,
    severities: Vec<Bound<'_, PyAny>>,
) -> PyResult<()> {
    let assessment_slots = check_class(py, &assessment, &ASSESSMENT_FIELDS)?;
    let match_slots = check_class(py, &matched, &MATCH_FIELDS)?;
    if !categories.is_subclass_of::<PyDict>()? {
        return Err(PyTypeError::new_err("categories: must be a dict subclass"));
    }
    if severities.len() != 4 {
        return Err(PyTypeError::new_err(
            "severities: expected NONE, LOW, MEDIUM, HIGH",
        ));
    }
    let intern = |s: &str| PyString::intern(py, s).unbind();
    let mut names = FxMap::default();
    let statics = Category::ALL
        .iter()
        .map(|c| c.name())
        .chain(Step::ALL.iter().map(|s| s.name()))
        .chain(MATCHER_STEPS)
        .chain(RULES.iter().map(|r| r.0))
        .chain([COUNTER_SPEECH.0, ""]);
    for s in statics {
        names.insert(s, intern(s));
    }
    let category_names = Category::ALL.iter().map(|c| intern(c.name())).collect();
    let kinds = Kinds {
        assessment: assessment.unbind(),
        matched: matched.unbind(),
        categories: categories.unbind(),
        no_categories: no_categories.unbind(),
        severities: severities.into_iter().map(Bound::unbind).collect(),
        empty: PyTuple::empty(py).unbind(),
        assessment_slots,
        match_slots,
        names,
        category_names,
        tuples: NameTuples::default(),
    };
    let mut guard = KINDS
        .lock()
        .map_err(|_| PyRuntimeError::new_err("result types: lock poisoned"))?;
    *guard = Some(Arc::new(kinds));
    Ok(())
}

/// The cyclic garbage collector paused while a batch's results are built: they hold no
/// cycles, and tens of thousands of new objects would otherwise set off collections
/// that rescan everything alive, again and again.  Resumed (if it was running) when
/// dropped, error or not.
pub struct GcPause<'py> {
    py: Python<'py>,
    was_enabled: bool,
}

impl<'py> GcPause<'py> {
    pub fn new(py: Python<'py>) -> Self {
        // SAFETY: plain calls of the C API with the GIL held (`py` proves it).
        let was_enabled = unsafe { ffi::PyGC_Disable() } == 1;
        GcPause { py, was_enabled }
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        let _gil = self.py;
        if self.was_enabled {
            // SAFETY: as above; the GIL is still held (the guard lives on this thread,
            // inside the call that holds `py`).
            unsafe { ffi::PyGC_Enable() };
        }
    }
}

/// A new, empty instance of `tp`, as `object.__new__(tp)` makes it.
fn new_instance<'py>(py: Python<'py>, tp: &Bound<'py, PyType>) -> PyResult<Bound<'py, PyAny>> {
    let t = tp.as_type_ptr();
    // SAFETY: `t` is a live type object (we hold a reference through `tp`), checked at
    // registration to be created by `object.__new__`, which does exactly this: call the
    // type's `tp_alloc` with no items.  The result is a new reference or NULL with an
    // exception set, which `from_owned_ptr_or_err` turns into a `PyErr`.
    unsafe {
        let alloc = (*t).tp_alloc.unwrap_or(ffi::PyType_GenericAlloc);
        Bound::from_owned_ptr_or_err(py, alloc(t, 0))
    }
}

/// A new, empty instance of a `dict` subclass, filled through the `dict` storage (as
/// `dict.__init__` fills it; the subclass refuses changes made through its methods).
fn new_dict<'py>(py: Python<'py>, tp: &Bound<'py, PyType>) -> PyResult<Bound<'py, PyDict>> {
    let empty = PyTuple::empty(py);
    let t = tp.as_type_ptr();
    // SAFETY: `t` is a live type, checked at registration to be a subclass of `dict`;
    // its `tp_new` (dict's, inherited) takes a type, an argument tuple and NULL keywords
    // and returns a new reference or NULL with an exception set.
    let obj = unsafe {
        let new = (*t)
            .tp_new
            .ok_or_else(|| PyTypeError::new_err("no tp_new"))?;
        Bound::from_owned_ptr_or_err(py, new(t, empty.as_ptr(), std::ptr::null_mut()))?
    };
    Ok(obj.downcast_into::<PyDict>()?)
}

/// Fill the slots of a new instance with `values`, one per offset: what
/// `object.__setattr__` does for each field of a frozen dataclass, without looking the
/// name up in the class each time.  The offsets are ten, as the fields (a fixed-size
/// loop the compiler unrolls), and the slots are written without reading them first: an
/// instance `new_instance` has just made holds none (its memory is zeroed).
fn fill_slots(obj: &Bound<'_, PyAny>, offsets: &[usize; 10], values: [Bound<'_, PyAny>; 10]) {
    for (&offset, value) in offsets.iter().zip(values) {
        // SAFETY: `obj` is a live instance of the class whose slot offsets these are
        // (checked at registration: object slots of that class, inside its instance
        // size), so `offset` addresses a `PyObject *` field of `obj`.  Storing takes
        // over the value's reference (`into_ptr`), as a slot owns its value.  The slot
        // is empty (NULL: the instance is new, its memory zeroed by `tp_alloc`, and each
        // slot is written once), so no reference is overwritten; were one there, it
        // would only leak.
        unsafe {
            let field = obj
                .as_ptr()
                .cast::<u8>()
                .add(offset)
                .cast::<*mut ffi::PyObject>();
            debug_assert!(field.read().is_null());
            field.write(value.into_ptr());
        }
    }
}

/// The tuple of `item(x)` for each `x` of `xs`, each item stored in its place as it is
/// made (no list of them first, and no reference counted twice): a flagged tweet's
/// matches are a tuple of two or three.
pub fn tuple_of<'py, T>(
    py: Python<'py>,
    xs: &[T],
    mut item: impl FnMut(&T) -> PyResult<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyTuple>> {
    let n = ffi::Py_ssize_t::try_from(xs.len())
        .map_err(|_| PyRuntimeError::new_err("too many items for a tuple"))?;
    // SAFETY: a plain call of the C API with the GIL held (`py`): a new reference to a
    // tuple of `n` empty (NULL) places, or NULL with an exception set.
    let tuple = unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyTuple_New(n))? };
    let tuple = tuple.downcast_into::<PyTuple>()?;
    for (k, x) in (0..n).zip(xs) {
        let obj = item(x)?;
        // SAFETY: `tuple` is the new tuple made above, seen by no one else yet; `k` is
        // below its length and its place still empty (each place is filled once, in
        // order).  `PyTuple_SET_ITEM` takes over the item's reference (`into_ptr`).  Left
        // early by an error, the tuple is dropped with its later places still empty,
        // which a tuple's deallocation and the collector's traversal both allow.
        unsafe { ffi::PyTuple_SET_ITEM(tuple.as_ptr(), k, obj.into_ptr()) };
    }
    Ok(tuple)
}

/// A line of explain() as a Python `str`.
pub fn reason<'py>(py: Python<'py>, r: &Reason) -> PyResult<Bound<'py, PyString>> {
    match r {
        Reason::Utf8(s) => Ok(PyString::new(py, s)),
        Reason::CodePoints(c) => py_string(py, c),
    }
}

/// `text[start:end]`, code points as Python counts them.
fn substring<'py>(
    text: &Bound<'py, PyString>,
    start: usize,
    end: usize,
) -> PyResult<Bound<'py, PyAny>> {
    let (a, b) = (start as ffi::Py_ssize_t, end as ffi::Py_ssize_t);
    // SAFETY: `text` is a live `str`; `PyUnicode_Substring` clamps the bounds and returns
    // a new reference or NULL with an exception set.
    unsafe {
        Bound::from_owned_ptr_or_err(text.py(), ffi::PyUnicode_Substring(text.as_ptr(), a, b))
    }
}

/// How many terms' texts [`Shared`] keeps in slots before it uses its map.
const SHARED_SLOTS: usize = 8;

/// What the `Match` objects of one comment share as they are built: for each term the
/// `str` its last match read, given again when the next match of the term reads the
/// same characters (a long comment repeats its words: `🖕🏿` 500,000 times, a `str` of
/// 80 bytes each).  A `Match` is immutable, so an equal value shared is the same answer.
///
/// A flagged tweet has two or three matches of one or two terms: their last texts sit
/// in a few slots looked through in turn, and only a comment with more terms than
/// slots fills a map (a map made and grown for each comment was a tenth of what its
/// `Match` objects cost).
#[derive(Default)]
pub struct Shared<'py> {
    few: [Option<(u32, Bound<'py, PyAny>)>; SHARED_SLOTS],
    many: FxMap<u32, Bound<'py, PyAny>>,
}

impl<'py> Shared<'py> {
    /// `text[start:end]` of a match of term `term` (the term's last one when equal).
    fn text(
        &mut self,
        text: &Bound<'py, PyString>,
        term: Option<u32>,
        start: usize,
        end: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let Some(term) = term else {
            return substring(text, start, end);
        };
        if let Some(last) = self.last(term) {
            if same_text(text, last, start, end) {
                return Ok(last.clone());
            }
        }
        let s = substring(text, start, end)?;
        self.keep(term, s.clone());
        Ok(s)
    }

    /// The text the last match of `term` read, if one was kept.
    fn last(&self, term: u32) -> Option<&Bound<'py, PyAny>> {
        for slot in &self.few {
            match slot {
                Some((t, s)) if *t == term => return Some(s),
                Some(_) => {}
                // Slots fill in order: an empty one ends them, and the map then holds
                // nothing either.
                None => return None,
            }
        }
        self.many.get(&term)
    }

    /// Keep `s` as the text of `term`'s last match: in its slot, in the first free
    /// slot, or in the map once the slots are all taken by other terms.
    fn keep(&mut self, term: u32, s: Bound<'py, PyAny>) {
        for slot in &mut self.few {
            match slot {
                Some((t, kept)) if *t == term => {
                    *kept = s;
                    return;
                }
                Some(_) => {}
                None => {
                    *slot = Some((term, s));
                    return;
                }
            }
        }
        self.many.insert(term, s);
    }
}

/// Whether `text[start:end]` is `s` (a `str`), without making the slice.
fn same_text(text: &Bound<'_, PyString>, s: &Bound<'_, PyAny>, start: usize, end: usize) -> bool {
    let (a, b) = (start as ffi::Py_ssize_t, end as ffi::Py_ssize_t);
    // SAFETY: `text` is a live `str` and `s` one [`substring`] made; `PyUnicode_GetLength`
    // and `PyUnicode_Tailmatch` only read them (the latter clamps the bounds), returning
    // -1 with an exception set on failure, which is taken here: the caller then makes
    // the slice.
    let found = unsafe {
        ffi::PyUnicode_GetLength(s.as_ptr()) == b - a
            && ffi::PyUnicode_Tailmatch(text.as_ptr(), s.as_ptr(), a, b, -1) == 1
    };
    if !found {
        let _ = PyErr::take(text.py());
    }
    found
}

impl Kinds {
    /// A shared string for one of the closed set of names (a new one for anything else).
    fn name<'py>(&self, py: Python<'py>, s: &str) -> Bound<'py, PyAny> {
        match self.names.get(s) {
            Some(p) => p.bind(py).clone().into_any(),
            None => PyString::new(py, s).into_any(),
        }
    }

    /// The shared name of a category.
    fn category<'py>(&self, py: Python<'py>, c: Category) -> Bound<'py, PyAny> {
        match Category::ALL.iter().position(|&x| x == c) {
            Some(k) => self.category_names[k].bind(py).clone().into_any(),
            None => self.name(py, c.name()),
        }
    }

    /// The tuple of `items` (a `Match`'s steps or rules): the shared one made the first
    /// time the list was seen ([`NameTuples`]).
    fn names<'py>(&self, py: Python<'py>, items: &[&'static str]) -> PyResult<Bound<'py, PyAny>> {
        if items.is_empty() {
            return Ok(self.empty.bind(py).clone().into_any());
        }
        if let Some(known) = self.tuples.get(py, items) {
            return Ok(known);
        }
        let tuple = PyTuple::new(py, items.iter().map(|s| self.name(py, s)))?;
        self.tuples.keep(items, &tuple);
        Ok(tuple.into_any())
    }

    /// A language code as the scorer's shared string (a new one for a code it has not).
    fn lang<'py>(
        &self,
        py: Python<'py>,
        lex: &Lexicon,
        strings: &Strings,
        code: &str,
    ) -> Bound<'py, PyAny> {
        match lex.languages.iter().position(|l| l == code) {
            Some(i) if i < strings.langs.len() => strings.langs[i].bind(py).clone().into_any(),
            _ => self.name(py, code),
        }
    }

    /// The Python `Match` of one match of `text`.
    pub fn one_match<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyString>,
        lex: &Lexicon,
        strings: &Strings,
        m: &View<'_>,
        shared: &mut Shared<'py>,
    ) -> PyResult<Bound<'py, PyAny>> {
        // A term of the lexicon and its language are made once per scorer, on first use
        // (a term recurs across comments and within one); a structural hit's words are
        // its own.
        let (term, lang) = match m
            .term_id
            .and_then(|t| Some((t, strings.terms.get(t as usize)?)))
        {
            Some((t, cell)) => {
                let both = cell.get_or_init(py, || TermStrings {
                    term: PyString::new(py, m.term).unbind(),
                    lang: self
                        .lang(py, lex, strings, &lex.terms[t as usize].lang)
                        .unbind(),
                });
                (
                    both.term.bind(py).clone().into_any(),
                    both.lang.bind(py).clone(),
                )
            }
            None => {
                let lang = m
                    .term_id
                    .map_or("", |t| lex.terms[t as usize].lang.as_str());
                (
                    PyString::new(py, m.term).into_any(),
                    self.lang(py, lex, strings, lang),
                )
            }
        };
        let obj = new_instance(py, self.matched.bind(py))?;
        let values: [Bound<'py, PyAny>; 10] = [
            term,
            self.category(py, m.category),
            m.severity.into_pyobject(py)?.into_any(),
            m.start.into_pyobject(py)?.into_any(),
            m.end.into_pyobject(py)?.into_any(),
            shared.text(text, m.term_id, m.start, m.end)?,
            self.names(py, m.steps)?,
            m.targeted.into_pyobject(py)?.to_owned().into_any(),
            lang,
            self.names(py, m.rules)?,
        ];
        fill_slots(&obj, &self.match_slots, values);
        Ok(obj)
    }

    /// The `Assessment` of `text` (the `str` scored) from the core's outcome; lines it
    /// counted but did not write are left for `later`.
    #[allow(clippy::too_many_arguments)]
    pub fn build<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyString>,
        lex: &Lexicon,
        strings: &Strings,
        threshold: f64,
        o: &Outcome,
        later: &Later<'_, 'py>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let matches = if o.matches.is_empty() {
            self.empty.bind(py).clone().into_any()
        } else if let Some(pending) = later.matches(text, o)? {
            pending
        } else {
            let mut shared = Shared::default();
            tuple_of(py, &o.matches, |m| {
                let view = View {
                    term_id: m.term_id,
                    term: m.term(lex),
                    category: m.category,
                    severity: m.severity,
                    start: m.start,
                    end: m.end,
                    steps: o.steps(m),
                    targeted: m.targeted,
                    rules: o.rules(m),
                };
                self.one_match(py, text, lex, strings, &view, &mut shared)
            })?
            .into_any()
        };
        let categories = if o.categories.is_empty() {
            self.no_categories.bind(py).clone()
        } else {
            let d = new_dict(py, self.categories.bind(py))?;
            for (c, v) in &o.categories {
                d.set_item(self.category(py, *c), strings.float(py, *v)?)?;
            }
            d.into_any()
        };
        let reasons = if o.unwritten > 0 {
            match strings.language_only(py, lex, o, later)? {
                Some(lines) => lines,
                None => later.pending(text)?,
            }
        } else if o.reasons.is_empty() {
            self.empty.bind(py).clone().into_any()
        } else {
            let lines = o
                .reasons
                .iter()
                .map(|r| reason(py, r))
                .collect::<PyResult<Vec<_>>>()?;
            PyTuple::new(py, lines)?.into_any()
        };
        let language = match &o.language {
            Some(l) => self.lang(py, lex, strings, l),
            None => py.None().into_bound(py),
        };
        let severity = self
            .severities
            .get(usize::from(o.severity))
            .ok_or_else(|| PyRuntimeError::new_err("severity out of range"))?
            .bind(py)
            .clone();
        let values: [Bound<'py, PyAny>; 10] = [
            text.clone().into_any(),
            strings.float(py, o.score)?,
            o.flagged.into_pyobject(py)?.to_owned().into_any(),
            severity,
            categories,
            language,
            matches,
            reasons,
            strings.float(py, threshold)?,
            strings.float(py, o.evidence)?,
        ];
        let obj = new_instance(py, self.assessment.bind(py))?;
        fill_slots(&obj, &self.assessment_slots, values);
        Ok(obj)
    }
}
