//! The scorer's Python face: `CoreScorer` (a compiled lexicon plus the constants of
//! `scoring.toml`), whose `score(text)` normalises, scans and scores one comment in a
//! single call, the GIL released; `assess`/`assess_many` also build the Python
//! `Assessment` objects (see [`results`]), a batch in one call, over threads if asked.
mod chain;
mod columns;
mod jsonl;
mod lazy;
mod results;

use std::collections::BTreeMap;
use std::collections::VecDeque;
use std::ops::Range;
use std::sync::{mpsc, Arc, Condvar, Mutex};

use nudge_core::Cp;

use nudge_core::lexicon::{BatchMemo, Lexicon};
use nudge_core::score::explain::Phrasing;
use nudge_core::score::{
    score_code_points, score_normalized, score_text, score_text_memo, Constants, Forced, Outcome,
    Settings,
};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

use crate::lexicon::CoreLexicon;
use crate::normalize::PyNormalized;
use crate::text::code_points;

/// The phrasing of explain()'s lines (`reasons.toml`'s `[line]` and `[notes]` tables as
/// `(key, template)` pairs), parsed once; a bad template is a `ValueError` naming its
/// key (`"notes.negated: unknown field {x}"`).
#[pyclass(frozen, module = "nudge._core")]
pub struct CorePhrasing {
    inner: Arc<Phrasing>,
}

#[pymethods]
impl CorePhrasing {
    #[new]
    fn new(line: Vec<(String, String)>, notes: Vec<(String, String)>) -> PyResult<Self> {
        let inner = Phrasing::new(
            line.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            notes.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )
        .map_err(PyValueError::new_err)?;
        Ok(CorePhrasing {
            inner: Arc::new(inner),
        })
    }
}

/// explain()'s lines of an assessment, not written yet (`Assessment.reasons` writes
/// them on first use): `render()` scores the text again with the lines on.  Scoring is
/// deterministic, so these are the lines it would have written; most assessments are
/// never explained, and a long comment can have hundreds of thousands of lines.
#[pyclass(frozen, module = "nudge._core")]
pub struct PendingReasons {
    scorer: Py<CoreScorer>,
    text: Py<PyString>,
    forced: Option<(String, String)>,
}

#[pymethods]
impl PendingReasons {
    /// The lines, as a tuple of `str`.
    fn render<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let scorer = self.scorer.get();
        let cps = code_points(self.text.bind(py))?;
        let (lex, settings) = (&scorer.lex, &scorer.settings);
        let forced = forced_of(&self.forced);
        let out = py.allow_threads(|| score_text(lex, settings, &cps, forced));
        let lines = out
            .reasons
            .iter()
            .map(|r| results::reason(py, r))
            .collect::<PyResult<Vec<_>>>()?;
        PyTuple::new(py, lines)
    }
}

/// What an assessment needs to write its lines later: the scorer and the language forced.
pub struct Later<'a, 'py> {
    scorer: &'a Bound<'py, CoreScorer>,
    forced: &'a Option<(String, String)>,
}

impl<'py> Later<'_, 'py> {
    /// The pending lines of `text`.
    pub fn pending(&self, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyAny>> {
        let p = PendingReasons {
            scorer: self.scorer.clone().unbind(),
            text: text.clone().unbind(),
            forced: self.forced.clone(),
        };
        Ok(Bound::new(self.scorer.py(), p)?.into_any())
    }

    /// explain()'s line naming the language `code`, as the scorer writes it.
    pub fn language_line(&self, code: &str) -> nudge_core::score::explain::Reason {
        self.scorer.get().settings.phrasing.language_line(code)
    }

    /// The matches of `o` left pending in compact records (`None`: build them now).
    pub fn matches(
        &self,
        text: &Bound<'py, PyString>,
        o: &Outcome,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        lazy::pending(self.scorer, text, o)
    }
}

/// A lexicon and the scorer's settings, shared by every thread.
#[pyclass(frozen, module = "nudge._core")]
pub struct CoreScorer {
    lex: Arc<Lexicon>,
    /// explain()'s lines written (`score`, the lines rendered later)...
    settings: Settings,
    /// ... and only counted (`assess*`: the lines are written when first read).
    quiet: Settings,
    /// The lexicon's language codes and terms as Python strings, shared by every result.
    strings: results::Strings,
}

fn get<'py, T: FromPyObject<'py>>(d: &Bound<'py, PyDict>, key: &str) -> PyResult<T> {
    match d.get_item(key)? {
        Some(v) => v.extract(),
        None => Err(pyo3::exceptions::PyKeyError::new_err(key.to_owned())),
    }
}

fn constants(d: &Bound<'_, PyDict>) -> PyResult<Constants> {
    Ok(Constants {
        severity: get(d, "severity")?,
        targeted: get(d, "targeted")?,
        slur: get(d, "slur")?,
        identity_attack: get(d, "identity_attack")?,
        threat: get(d, "threat")?,
        intensifier: get(d, "intensifier")?,
        others_share: get(d, "others_share")?,
        derogatory_severity: get(d, "derogatory_severity")?,
        threat_severity: get(d, "threat_severity")?,
        merit_severity: get(d, "merit_severity")?,
        split_verb_severity: get(d, "split_verb_severity")?,
        implied_severity: get(d, "implied_severity")?,
        profanity: get(d, "profanity")?,
        enthusiasm: get(d, "enthusiasm")?,
        ambiguous_alone: get(d, "ambiguous_alone")?,
        self_reference: get(d, "self_reference")?,
        negated: get(d, "negated")?,
        reported: get(d, "reported")?,
        counter_speech: get(d, "counter_speech")?,
        reclaimed: get(d, "reclaimed")?,
        attributive: get(d, "attributive")?,
        slope: get(d, "slope")?,
        intercept: get(d, "intercept")?,
        target_window: get(d, "target_window")?,
        targeted_window: get(d, "targeted_window")?,
        benign_window: get(d, "benign_window")?,
        intent_window: get(d, "intent_window")?,
        negation_window: get(d, "negation_window")?,
        negation_near: get(d, "negation_near")?,
        negation_after: get(d, "negation_after")?,
        subject_leads: get(d, "subject_leads")?,
        subject_between: get(d, "subject_between")?,
        pronoun_adjectives: get(d, "pronoun_adjectives")?,
        pronoun_antecedent: get(d, "pronoun_antecedent")?,
        split_verb_window: get(d, "split_verb_window")?,
        split_place_window: get(d, "split_place_window")?,
        command_lead: get(d, "command_lead")?,
        compound_modifier: get(d, "compound_modifier")?,
        self_window: get(d, "self_window")?,
        intensifier_window: get(d, "intensifier_window")?,
        enthusiasm_window: get(d, "enthusiasm_window")?,
        in_group_window: get(d, "in_group_window")?,
        threat_reach: get(d, "threat_reach")?,
        threat_object: get(d, "threat_object")?,
        coordination: get(d, "coordination")?,
        merit_reach: get(d, "merit_reach")?,
        implied_near: get(d, "implied_near")?,
        implied_reach: get(d, "implied_reach")?,
        other_language: get(d, "other_language")?,
        high: get(d, "high")?,
        low: get(d, "low")?,
    })
}

#[pymethods]
impl CoreScorer {
    #[new]
    #[pyo3(signature = (lexicon, constants_, threshold, plain, has_intent, has_copulas, phrasing, clitics=Vec::new(), doubles=Vec::new()))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        lexicon: &CoreLexicon,
        constants_: &Bound<'_, PyDict>,
        threshold: f64,
        plain: bool,
        has_intent: bool,
        has_copulas: bool,
        phrasing: &CorePhrasing,
        clitics: Vec<String>,
        doubles: Vec<Vec<String>>,
    ) -> PyResult<Self> {
        let settings = Settings {
            k: constants(constants_)?,
            threshold,
            plain,
            has_intent,
            has_copulas,
            phrasing: phrasing.inner.clone(),
            explain: true,
            clitics: std::sync::Arc::new(nudge_core::score::Clitics { clitics, doubles }),
        };
        Ok(CoreScorer {
            strings: results::Strings::new(py, &lexicon.inner, threshold)?,
            lex: lexicon.inner.clone(),
            quiet: Settings {
                explain: false,
                ..settings.clone()
            },
            settings,
        })
    }

    /// Normalise, scan and score one comment; `forced` is `(language, base)` or None.
    #[pyo3(signature = (text, forced=None))]
    fn score<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyString>,
        forced: Option<(String, String)>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let cps = code_points(text)?;
        let (lex, settings) = (&self.lex, &self.settings);
        let out = py.allow_threads(|| score_code_points(lex, settings, cps, forced_of(&forced)));
        outcome_to_py(py, lex, &out)
    }

    /// Scan and score a comment `nudge.normalize` already folded (default configuration).
    #[pyo3(signature = (normalized, forced=None))]
    fn score_normalized<'py>(
        &self,
        py: Python<'py>,
        normalized: PyRef<'py, PyNormalized>,
        forced: Option<(String, String)>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let n = &normalized.inner;
        let (lex, settings) = (&self.lex, &self.settings);
        let out = py.allow_threads(|| score_normalized(lex, settings, n, forced_of(&forced)));
        outcome_to_py(py, lex, &out)
    }

    /// `score`, answered as the `Assessment` of `text`.
    #[pyo3(signature = (text, forced=None))]
    fn assess<'py>(
        slf: &Bound<'py, Self>,
        py: Python<'py>,
        text: &Bound<'py, PyString>,
        forced: Option<(String, String)>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let kinds = results::kinds()?;
        let _paused = results::GcPause::new(py);
        let cps = code_points(text)?;
        let this = slf.get();
        let (lex, settings) = (&this.lex, &this.quiet);
        let out = py.allow_threads(|| score_code_points(lex, settings, cps, forced_of(&forced)));
        answer(slf, &kinds, text, &forced, &out)
    }

    /// The `Assessment` of every text, in order, in one call: the batch is scored in
    /// chunks with the GIL released, by `workers` threads when more than one (the
    /// calling thread among them, building the results as the chunks come back).
    #[pyo3(signature = (texts, forced=None, workers=1))]
    fn assess_many<'py>(
        slf: &Bound<'py, Self>,
        py: Python<'py>,
        texts: Vec<Bound<'py, PyString>>,
        forced: Option<(String, String)>,
        workers: usize,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let kinds = results::kinds()?;
        let _paused = results::GcPause::new(py);
        let chunks = chunks_of(&texts);
        let mut out = Vec::with_capacity(texts.len());
        let later = Later {
            scorer: slf,
            forced: &forced,
        };
        let forced = forced_of(&forced);
        let this = slf.get();
        let (lex, settings) = (&*this.lex, &this.quiet);
        let mut build = |range: Range<usize>, outcomes: Vec<Outcome>| -> PyResult<()> {
            for (text, o) in texts[range].iter().zip(&outcomes) {
                let threshold = settings.threshold;
                out.push(kinds.build(py, text, lex, &this.strings, threshold, o, &later)?);
            }
            Ok(())
        };
        let convert = |range: Range<usize>| -> PyResult<Vec<Vec<Cp>>> {
            texts[range].iter().map(code_points).collect()
        };
        if workers <= 1 || chunks.len() < 2 {
            // One memo for the whole batch: its words repeat across the chunks.
            let mut memo = BatchMemo::for_comments(texts.len());
            for range in chunks {
                let cps = convert(range.clone())?;
                let memo = &mut memo;
                let outcomes = py.allow_threads(|| score_all(lex, settings, &cps, &forced, memo));
                build(range, outcomes)?;
            }
        } else {
            in_parallel(py, lex, settings, &forced, workers, &chunks, convert, build)?;
        }
        Ok(out)
    }
}

/// The `Assessment` of `text` from the outcome of scoring it with the lines counted:
/// they are left for later.
fn answer<'py>(
    slf: &Bound<'py, CoreScorer>,
    kinds: &results::Kinds,
    text: &Bound<'py, PyString>,
    forced: &Option<(String, String)>,
    out: &Outcome,
) -> PyResult<Bound<'py, PyAny>> {
    let this = slf.get();
    let later = Later {
        scorer: slf,
        forced,
    };
    let (lex, strings) = (&this.lex, &this.strings);
    kinds.build(
        slf.py(),
        text,
        lex,
        strings,
        this.quiet.threshold,
        out,
        &later,
    )
}

/// A batch cut into chunks: 64 comments, or fewer when they are long, so a chunk is
/// about a millisecond of work and the memory held stays small (with two workers, the
/// one that finishes first waits at most one chunk for the other at the end).
fn chunks_of(texts: &[Bound<'_, PyString>]) -> Vec<Range<usize>> {
    const MOST_TEXTS: usize = 64;
    const MOST_CHARS: usize = 1 << 14;
    let mut out = Vec::new();
    let (mut start, mut chars) = (0, 0);
    for (k, t) in texts.iter().enumerate() {
        chars += t.len().unwrap_or(0);
        if k + 1 - start >= MOST_TEXTS || chars >= MOST_CHARS {
            out.push(start..k + 1);
            (start, chars) = (k + 1, 0);
        }
    }
    if start < texts.len() {
        out.push(start..texts.len());
    }
    out
}

/// Score a chunk of a batch, with the memo of the thread scoring it ([`BatchMemo`]:
/// answers about words, kept for the batch's later comments on that thread).
fn score_all(
    lex: &Lexicon,
    settings: &Settings,
    texts: &[Vec<Cp>],
    forced: &Option<Forced<'_>>,
    memo: &mut BatchMemo,
) -> Vec<Outcome> {
    texts
        .iter()
        .map(|cps| score_text_memo(lex, settings, cps, *forced, memo))
        .collect()
}

/// A chunk to score: its number and its texts' code points.
type Job = (usize, Vec<Vec<Cp>>);

/// Chunks waiting to be scored, shared by the calling thread and its helpers (and
/// whether the queue is closed).
struct Queue {
    jobs: Mutex<(VecDeque<Job>, bool)>,
    ready: Condvar,
}

impl Queue {
    fn push(&self, job: Job) {
        if let Ok(mut q) = self.jobs.lock() {
            q.0.push_back(job);
            self.ready.notify_one();
        }
    }

    /// The next chunk, without waiting (the calling thread takes one when it has no
    /// result to build yet).
    fn try_pop(&self) -> Option<Job> {
        self.jobs.lock().ok()?.0.pop_front()
    }

    /// The next chunk, waiting for one; `None` once the queue is closed and empty.
    fn pop(&self) -> Option<Job> {
        let mut q = self.jobs.lock().ok()?;
        loop {
            if let Some(job) = q.0.pop_front() {
                return Some(job);
            }
            if q.1 {
                return None;
            }
            q = self.ready.wait(q).ok()?;
        }
    }

    fn close(&self) {
        if let Ok(mut q) = self.jobs.lock() {
            q.1 = true;
            self.ready.notify_all();
        }
    }
}

/// Score the chunks on `workers` threads: `workers - 1` helpers, and this thread, which
/// (holding the GIL) converts the texts ahead, builds the results of the chunks back in
/// order, and scores a chunk itself (the GIL released) whenever none is ready to build.
/// As many threads as workers: none waits for a core another of them holds.
#[allow(clippy::too_many_arguments)]
fn in_parallel<'py>(
    py: Python<'py>,
    lex: &Lexicon,
    settings: &Settings,
    forced: &Option<Forced<'_>>,
    workers: usize,
    chunks: &[Range<usize>],
    convert: impl Fn(Range<usize>) -> PyResult<Vec<Vec<Cp>>>,
    mut build: impl FnMut(Range<usize>, Vec<Outcome>) -> PyResult<()>,
) -> PyResult<()> {
    let ahead = workers * 2;
    // Each thread scores about its share of the batch.
    let share = chunks.last().map_or(0, |c| c.end).div_ceil(workers);
    let queue = Queue {
        jobs: Mutex::new((VecDeque::new(), false)),
        ready: Condvar::new(),
    };
    let (out_tx, out_rx) = mpsc::channel::<(usize, Vec<Outcome>)>();
    std::thread::scope(|s| {
        for _ in 1..workers {
            let (queue, out_tx) = (&queue, out_tx.clone());
            s.spawn(move || {
                // Each thread its own memo: the lexicon is shared, the memo is not.
                let mut memo = BatchMemo::for_comments(share);
                while let Some((k, cps)) = queue.pop() {
                    if out_tx
                        .send((k, score_all(lex, settings, &cps, forced, &mut memo)))
                        .is_err()
                    {
                        break;
                    }
                }
            });
        }
        drop(out_tx);
        let mut out_rx = Some(out_rx);
        let mut done: BTreeMap<usize, Vec<Outcome>> = BTreeMap::new();
        let mut memo = BatchMemo::for_comments(share); // this thread's, for the chunks it scores

        let (mut fed, mut built) = (0, 0);
        let stopped = || PyRuntimeError::new_err("a scoring thread stopped");
        let result = (|| -> PyResult<()> {
            while built < chunks.len() {
                while fed < chunks.len() && fed < built + ahead {
                    queue.push((fed, convert(chunks[fed].clone())?));
                    fed += 1;
                }
                if let Some(rx) = &out_rx {
                    while let Ok((k, outcomes)) = rx.try_recv() {
                        done.insert(k, outcomes);
                    }
                }
                if let Some(outcomes) = done.remove(&built) {
                    build(chunks[built].clone(), outcomes)?;
                    built += 1;
                    continue;
                }
                if let Some((k, cps)) = queue.try_pop() {
                    let memo = &mut memo;
                    let outcomes =
                        py.allow_threads(|| score_all(lex, settings, &cps, forced, memo));
                    done.insert(k, outcomes);
                    continue;
                }
                // The chunk to build next is with a helper: wait for it, the GIL released
                // (the receiver goes along and comes back).
                let rx = out_rx.take().ok_or_else(stopped)?;
                let (got, rx) = py.allow_threads(move || (rx.recv(), rx));
                out_rx = Some(rx);
                let (k, outcomes) = got.map_err(|_| stopped())?;
                done.insert(k, outcomes);
            }
            Ok(())
        })();
        queue.close(); // the helpers finish what they hold and stop
        result
    })
}

fn outcome_to_py<'py>(
    py: Python<'py>,
    lex: &Lexicon,
    o: &Outcome,
) -> PyResult<Bound<'py, PyTuple>> {
    let cats = PyList::empty(py);
    for (c, v) in &o.categories {
        cats.append((c.name(), *v))?;
    }
    let matches = PyList::empty(py);
    for m in &o.matches {
        let lang = m
            .term_id
            .map_or("", |t| lex.terms[t as usize].lang.as_str());
        let steps = PyTuple::new(py, o.steps(m).iter())?;
        let rules = PyTuple::new(py, o.rules(m).iter())?;
        matches.append((
            m.term(lex),
            m.category.name(),
            m.severity,
            m.start,
            m.end,
            steps,
            m.targeted,
            lang,
            rules,
        ))?;
    }
    let reasons = PyList::empty(py);
    for r in &o.reasons {
        reasons.append(results::reason(py, r)?)?;
    }
    PyTuple::new(
        py,
        [
            o.score.into_pyobject(py)?.into_any(),
            o.flagged.into_pyobject(py)?.to_owned().into_any(),
            o.severity.into_pyobject(py)?.into_any(),
            cats.into_any(),
            o.language.as_deref().into_pyobject(py)?.into_any(),
            matches.into_any(),
            reasons.into_any(),
            o.evidence.into_pyobject(py)?.into_any(),
        ],
    )
}

/// Register the scorer's classes and functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<CoreScorer>()?;
    m.add_class::<CorePhrasing>()?;
    m.add_class::<PendingReasons>()?;
    m.add_class::<lazy::PendingMatches>()?;
    m.add_function(wrap_pyfunction!(results::result_types, m)?)?;
    m.add_function(wrap_pyfunction!(columns::score_columns, m)?)?;
    m.add_function(wrap_pyfunction!(columns::score_jsonl, m)?)?;
    m.add_class::<chain::Folded>()?;
    m.add_function(wrap_pyfunction!(chain::fold_and_find, m)?)?;
    m.add_function(wrap_pyfunction!(chain::assess_folded, m)?)?;
    m.add_function(wrap_pyfunction!(time_texts, m)?)
}

/// The language a caller forces, as `(code, base)`.
fn forced_of(forced: &Option<(String, String)>) -> Option<Forced<'_>> {
    forced.as_ref().map(|(code, base)| Forced { code, base })
}

/// Time the Rust part alone: every text normalised, scanned and scored `repeat` times
/// with the GIL released, no Python result built.  Returns the seconds of each pass (a
/// benchmark helper: `benchmarks/core.py`).
#[pyfunction]
pub fn time_texts(
    py: Python<'_>,
    scorer: &CoreScorer,
    texts: Vec<Bound<'_, PyString>>,
    repeat: usize,
) -> PyResult<Vec<f64>> {
    let inputs = texts
        .iter()
        .map(code_points)
        .collect::<PyResult<Vec<_>>>()?;
    // What `Scorer.score` runs: explain()'s lines counted, not written.
    let (lex, settings) = (&scorer.lex, &scorer.quiet);
    Ok(py.allow_threads(|| {
        (0..repeat)
            .map(|_| {
                let start = std::time::Instant::now();
                // Each pass is one batch, as `Scorer.score_many` scores it: a memo of its
                // own (a memo kept across passes would answer every word of the second).
                let mut memo = BatchMemo::for_comments(inputs.len());
                for text in &inputs {
                    let outcome = score_text_memo(lex, settings, text, None, &mut memo);
                    std::hint::black_box(outcome);
                }
                start.elapsed().as_secs_f64()
            })
            .collect()
    }))
}
