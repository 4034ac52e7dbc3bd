//! The columnar scoring path (issue 15): a batch of texts in as an Arrow string
//! array's buffers, the result columns out as flat Arrow buffers, and nothing per row
//! in between that Python has to make or free.
//!
//! `Scorer.score_many` builds an `Assessment` per row, which an engine then takes apart
//! again into output columns; for a backlog of millions that round trip costs about as
//! much as the scoring.  Here the whole batch (UTF-8 decoding, scoring, and laying the
//! answers out as columns) runs with the GIL released; the caller (`nudge.columns`)
//! wraps the buffers into `pyarrow` arrays without copying them.  The columns are the
//! ones `nudge.columns.record` gives for an assessment, field by field.
use nudge_core::lexicon::BatchMemo;
use nudge_core::score::{score_text_memo, Outcome};
use nudge_core::Cp;
use pyo3::exceptions::{PyOverflowError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use super::{forced_of, jsonl, CoreScorer};

/// The severity names, as `Severity(n).name.lower()` spells them.
const SEVERITY_NAMES: [&str; 4] = ["none", "low", "medium", "high"];

/// A validity (or boolean) bitmap in Arrow's layout: bit `i % 8` of byte `i / 8`.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    len: usize,
    ones: usize,
}

impl Bits {
    fn push(&mut self, bit: bool) {
        if self.len.is_multiple_of(8) {
            self.bytes.push(0);
        }
        if bit {
            if let Some(last) = self.bytes.last_mut() {
                *last |= 1 << (self.len % 8);
            }
            self.ones += 1;
        }
        self.len += 1;
    }
}

/// An Arrow `string` column: 32-bit offsets and the UTF-8 bytes.
struct Strings {
    offsets: Vec<i32>,
    data: Vec<u8>,
}

impl Strings {
    fn new() -> Self {
        Strings {
            offsets: vec![0],
            data: Vec::new(),
        }
    }

    fn end(&self) -> Result<i32, String> {
        i32::try_from(self.data.len()).map_err(|_| "more than 2 GiB of text in one batch".into())
    }

    fn push(&mut self, s: &str) -> Result<(), String> {
        self.data.extend_from_slice(s.as_bytes());
        let end = self.end()?;
        self.offsets.push(end);
        Ok(())
    }

    /// A string of code points (a slice of the comment: valid, as the comment was UTF-8).
    fn push_cps(&mut self, cps: &[Cp]) -> Result<(), String> {
        for &c in cps {
            let ch = char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER);
            let mut buf = [0u8; 4];
            self.data
                .extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        }
        let end = self.end()?;
        self.offsets.push(end);
        Ok(())
    }

    /// An empty slot (under a null, or a row without a value).
    fn skip(&mut self) -> Result<(), String> {
        let end = self.end()?;
        self.offsets.push(end);
        Ok(())
    }
}

/// Offsets into a child column (a list's, a map's).
fn offset(len: usize) -> Result<i32, String> {
    i32::try_from(len).map_err(|_| "more than 2^31 items in one batch".into())
}

/// Every result column of a batch, as flat buffers.
struct Out {
    valid: Bits,
    score: Vec<f64>,
    flagged: Bits,
    severity: Strings,
    cat_offsets: Vec<i32>,
    cat_keys: Strings,
    cat_values: Vec<f64>,
    language_valid: Bits,
    language: Strings,
    match_offsets: Vec<i32>,
    term: Strings,
    category: Strings,
    match_severity: Vec<i32>,
    start: Vec<i32>,
    end: Vec<i32>,
    text: Strings,
    step_offsets: Vec<i32>,
    steps: Strings,
    targeted: Bits,
    lang: Strings,
}

impl Out {
    fn new(rows: usize) -> Self {
        let mut out = Out {
            valid: Bits::default(),
            score: Vec::with_capacity(rows),
            flagged: Bits::default(),
            severity: Strings::new(),
            cat_offsets: vec![0],
            cat_keys: Strings::new(),
            cat_values: Vec::new(),
            language_valid: Bits::default(),
            language: Strings::new(),
            match_offsets: vec![0],
            term: Strings::new(),
            category: Strings::new(),
            match_severity: Vec::new(),
            start: Vec::new(),
            end: Vec::new(),
            text: Strings::new(),
            step_offsets: vec![0],
            steps: Strings::new(),
            targeted: Bits::default(),
            lang: Strings::new(),
        };
        out.severity.offsets.reserve(rows);
        out.language.offsets.reserve(rows);
        out
    }

    /// A row without a text: null in every column.
    fn null(&mut self) -> Result<(), String> {
        self.valid.push(false);
        self.score.push(0.0);
        self.flagged.push(false);
        self.severity.skip()?;
        self.cat_offsets.push(offset(self.cat_values.len())?);
        self.language_valid.push(false);
        self.language.skip()?;
        self.match_offsets.push(offset(self.start.len())?);
        Ok(())
    }

    /// A scored row: the columns of `nudge.columns.record(assessment)`.
    fn row(
        &mut self,
        lex: &nudge_core::lexicon::Lexicon,
        cps: &[Cp],
        o: &Outcome,
    ) -> Result<(), String> {
        self.valid.push(true);
        self.score.push(o.score);
        self.flagged.push(o.flagged);
        let severity = SEVERITY_NAMES
            .get(usize::from(o.severity))
            .ok_or("severity out of range")?;
        self.severity.push(severity)?;
        for (c, v) in &o.categories {
            self.cat_keys.push(c.name())?;
            self.cat_values.push(*v);
        }
        self.cat_offsets.push(offset(self.cat_values.len())?);
        match &o.language {
            Some(l) => {
                self.language_valid.push(true);
                self.language.push(l)?;
            }
            None => {
                self.language_valid.push(false);
                self.language.skip()?;
            }
        }
        for m in &o.matches {
            self.term.push(m.term(lex))?;
            self.category.push(m.category.name())?;
            self.match_severity.push(i32::from(m.severity));
            let to_i32 = |n: usize| i32::try_from(n).map_err(|_| "an offset past 2^31".to_owned());
            self.start.push(to_i32(m.start)?);
            self.end.push(to_i32(m.end)?);
            // What Python's `text[start:end]` gives: the bounds clamped to the text.
            let (a, b) = (m.start.min(cps.len()), m.end.min(cps.len()));
            self.text.push_cps(&cps[a..b.max(a)])?;
            for s in o.steps(m) {
                self.steps.push(s)?;
            }
            self.step_offsets
                .push(offset(self.steps.offsets.len() - 1)?);
            self.targeted.push(m.targeted);
            let lang = m
                .term_id
                .map_or("", |t| lex.terms[t as usize].lang.as_str());
            self.lang.push(lang)?;
        }
        self.match_offsets.push(offset(self.start.len())?);
        Ok(())
    }
}

/// The bytes of a slice of plain numbers, as Arrow lays them out (little-endian).
fn le_bytes<T: Copy, const N: usize>(values: &[T], to: impl Fn(T) -> [u8; N]) -> Vec<u8> {
    let mut out = Vec::with_capacity(values.len() * N);
    for &v in values {
        out.extend_from_slice(&to(v));
    }
    out
}

/// Read entry `i` of an Arrow offsets buffer (32- or 64-bit).
fn offset_at(offsets: &[u8], wide: bool, i: usize) -> Option<usize> {
    if wide {
        let b = offsets.get(i * 8..i * 8 + 8)?;
        usize::try_from(i64::from_le_bytes(b.try_into().ok()?)).ok()
    } else {
        let b = offsets.get(i * 4..i * 4 + 4)?;
        usize::try_from(i32::from_le_bytes(b.try_into().ok()?)).ok()
    }
}

/// Score every row of an Arrow `string`/`large_string` array given by its buffers:
/// `data` (UTF-8), `offsets` (`wide`: 64-bit), `validity` (or None: no nulls), and the
/// array's own `offset` and `length`.  Returns a dict of the result columns' buffers
/// (bytes), which `nudge.columns.score_columns` wraps as `pyarrow` arrays.
#[pyfunction]
#[pyo3(signature = (scorer, data, offsets, wide, validity, offset, length, forced=None))]
#[allow(clippy::too_many_arguments)]
pub fn score_columns<'py>(
    py: Python<'py>,
    scorer: &CoreScorer,
    data: &[u8],
    offsets: &[u8],
    wide: bool,
    validity: Option<&[u8]>,
    offset: usize,
    length: usize,
    forced: Option<(String, String)>,
) -> PyResult<Bound<'py, PyDict>> {
    let forced = forced_of(&forced);
    let result = py.allow_threads(|| {
        score_rows(scorer, forced, length, |row| {
            let i = offset + row;
            let present = match validity {
                Some(bits) => bits.get(i / 8).is_some_and(|b| b & (1 << (i % 8)) != 0),
                None => true,
            };
            if !present {
                return Ok(None);
            }
            let bounds = offset_at(offsets, wide, i).zip(offset_at(offsets, wide, i + 1));
            let bytes = bounds
                .and_then(|(a, b)| data.get(a..b))
                .ok_or_else(|| format!("row {row}: offsets outside the data buffer"))?;
            std::str::from_utf8(bytes)
                .map(Some)
                .map_err(|e| format!("row {row}: not UTF-8 ({e})"))
        })
    });
    columns_dict(py, raised(result)?, length)
}

/// Read a plain JSON Lines part (its bytes, `data`) and score it: the dict of
/// [`score_columns`] with the ids' column beside (`ids.offsets`, `ids.data`), or `None`
/// when the part is not plain (see [`jsonl`]), for the caller to read the reference way.
/// `source` and `first_line` name a record without an id (`source:line`);
/// `int_digits` is Python's limit on an integer's digits.
#[pyfunction]
#[pyo3(signature = (scorer, data, text_field, id_field, source, first_line, int_digits, forced=None))]
#[allow(clippy::too_many_arguments)]
pub fn score_jsonl<'py>(
    py: Python<'py>,
    scorer: &CoreScorer,
    data: &[u8],
    text_field: &str,
    id_field: &str,
    source: &str,
    first_line: u64,
    int_digits: usize,
    forced: Option<(String, String)>,
) -> PyResult<Option<Bound<'py, PyDict>>> {
    let forced = forced_of(&forced);
    let fields = jsonl::Fields {
        text: text_field,
        id: id_field,
        source,
        first_line,
        int_digits,
    };
    let result = py.allow_threads(|| {
        let Some(records) = jsonl::parse(data, &fields) else {
            return Ok(None);
        };
        let Ok(id_offsets) = std::iter::once(Ok(0))
            .chain(records.id_ends.iter().map(|&e| i32::try_from(e)))
            .collect::<Result<Vec<i32>, _>>()
        else {
            return Ok(None); // more than 2 GiB of ids: not the plain case
        };
        let length = records.text_ends.len();
        let ends = &records.text_ends;
        let out = score_rows(scorer, forced, length, |row| {
            let start = row.checked_sub(1).and_then(|r| ends.get(r)).copied();
            let bounds = start.unwrap_or(0)..ends.get(row).copied().unwrap_or(0);
            let text = records.texts.get(bounds);
            text.map(Some)
                .ok_or_else(|| format!("row {row}: outside the texts"))
        })?;
        Ok(Some((out, id_offsets, records.ids)))
    });
    let Some((out, id_offsets, ids)) = raised(result)? else {
        return Ok(None);
    };
    let length = id_offsets.len() - 1;
    let d = columns_dict(py, out, length)?;
    d.set_item(
        "ids.offsets",
        PyBytes::new(py, &le_bytes(&id_offsets, i32::to_le_bytes)),
    )?;
    d.set_item("ids.data", PyBytes::new(py, ids.as_bytes()))?;
    Ok(Some(d))
}

/// The error of a batch as Python's: an overflow of Arrow's 32-bit offsets, or bad input.
fn raised<T>(result: Result<T, (bool, String)>) -> PyResult<T> {
    match result {
        Ok(out) => Ok(out),
        Err((true, e)) => Err(PyOverflowError::new_err(e)),
        Err((false, e)) => Err(PyValueError::new_err(e)),
    }
}

/// Score `length` rows, row `i`'s text given by `text_of(i)` (`None`: a null row; an
/// error: bad input, `(false, why)`), into the result columns; an overflow of a column's
/// 32-bit offsets is `(true, why)`.  Runs without the GIL.
fn score_rows<'t>(
    scorer: &CoreScorer,
    forced: Option<nudge_core::score::Forced<'_>>,
    length: usize,
    mut text_of: impl FnMut(usize) -> Result<Option<&'t str>, String>,
) -> Result<Out, (bool, String)> {
    // The columns hold no reasons: the lines are counted, not written.
    let (lex, settings) = (&*scorer.lex, &scorer.quiet);
    let mut out = Out::new(length);
    let mut cps: Vec<Cp> = Vec::new();
    // The rows are one batch on this thread: their words' answers kept for the next rows.
    let mut memo = BatchMemo::for_comments(length);
    for row in 0..length {
        let Some(text) = text_of(row).map_err(|e| (false, e))? else {
            out.null().map_err(|e| (true, e))?;
            continue;
        };
        cps.clear();
        cps.extend(text.chars().map(Cp::from));
        let o = score_text_memo(lex, settings, &cps, forced, &mut memo);
        out.row(lex, &cps, &o)
            .map_err(|e| (true, format!("row {row}: {e}")))?;
    }
    Ok(out)
}

/// The result columns as a dict of their buffers (bytes) and counts.
fn columns_dict<'py>(py: Python<'py>, out: Out, length: usize) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let bytes = |v: &[u8]| PyBytes::new(py, v);
    let i32s = |v: &[i32]| le_bytes(v, i32::to_le_bytes);
    let f64s = |v: &[f64]| le_bytes(v, f64::to_le_bytes);
    let nulls = out.valid.len - out.valid.ones;
    d.set_item("rows", length)?;
    d.set_item("nulls", nulls)?;
    d.set_item("valid", (nulls > 0).then(|| bytes(&out.valid.bytes)))?;
    d.set_item("score", bytes(&f64s(&out.score)))?;
    d.set_item("flagged", bytes(&out.flagged.bytes))?;
    let strings = |d: &Bound<'py, PyDict>, name: &str, s: &Strings| -> PyResult<()> {
        d.set_item(format!("{name}.offsets"), bytes(&i32s(&s.offsets)))?;
        d.set_item(format!("{name}.data"), bytes(&s.data))
    };
    strings(&d, "severity", &out.severity)?;
    d.set_item("categories.offsets", bytes(&i32s(&out.cat_offsets)))?;
    strings(&d, "categories.keys", &out.cat_keys)?;
    d.set_item("categories.values", bytes(&f64s(&out.cat_values)))?;
    d.set_item("categories.count", out.cat_values.len())?;
    let language_nulls = out.language_valid.len - out.language_valid.ones;
    d.set_item("language.nulls", language_nulls)?;
    d.set_item("language.valid", bytes(&out.language_valid.bytes))?;
    strings(&d, "language", &out.language)?;
    d.set_item("matches.offsets", bytes(&i32s(&out.match_offsets)))?;
    d.set_item("matches.count", out.start.len())?;
    strings(&d, "term", &out.term)?;
    strings(&d, "category", &out.category)?;
    d.set_item("severity_n", bytes(&i32s(&out.match_severity)))?;
    d.set_item("start", bytes(&i32s(&out.start)))?;
    d.set_item("end", bytes(&i32s(&out.end)))?;
    strings(&d, "text", &out.text)?;
    d.set_item("steps.lists", bytes(&i32s(&out.step_offsets)))?;
    d.set_item("steps.count", out.steps.offsets.len() - 1)?;
    strings(&d, "steps", &out.steps)?;
    d.set_item("targeted", bytes(&out.targeted.bytes))?;
    strings(&d, "lang", &out.lang)?;
    Ok(d)
}
