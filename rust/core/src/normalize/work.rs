//! The text being folded and the layers of edits that map it back (Python's `_Work`).

use super::Layer;
use crate::Cp;

/// Replace `text[a..b]` by `new`.
#[derive(Clone, Debug)]
pub(crate) struct Edit {
    pub a: usize,
    pub b: usize,
    pub new: Vec<Cp>,
}

impl Edit {
    pub fn new(a: usize, b: usize, new: Vec<Cp>) -> Edit {
        Edit { a, b, new }
    }
}

pub(crate) struct Work {
    pub text: Vec<Cp>,
    pub layers: Vec<Layer>,
    pub stretched: Vec<usize>,
    pub last_edits: Vec<Edit>,
    /// Set by the `accents` step each time it fires: when it folded a text without
    /// marks character for character (and no `ʼ`), the positions where the two
    /// differ (every other character is as it was); `None` otherwise.  Then neither
    /// case folding nor `accents` has anything to do on its output that it did not
    /// have on its input, and a condition read from a few characters in a row can
    /// only have turned true around these positions (`plan::Change::FoldedClean`).
    pub folded_at: Option<Vec<usize>>,
}

impl Work {
    pub fn new(text: &[Cp]) -> Work {
        Work {
            text: text.to_vec(),
            layers: Vec::new(),
            stretched: Vec::new(),
            last_edits: Vec::new(),
            folded_at: None,
        }
    }

    /// Replace the text (an edit of the same length everywhere: no layer).
    pub fn set_text(&mut self, text: Vec<Cp>) {
        self.text = text;
    }

    /// Apply ordered, non-overlapping edits; returns whether there were any.  An edit
    /// as long as what it replaces maps character to character; any other adds an entry
    /// to this step's layer.
    pub fn apply(&mut self, edits: Vec<Edit>) -> bool {
        if edits.is_empty() {
            self.last_edits = edits;
            return false;
        }
        let text = &self.text;
        let mut out: Vec<Cp> = Vec::with_capacity(text.len());
        let mut layer = Layer::default();
        let mut pos = 0;
        for e in &edits {
            out.extend_from_slice(&text[pos..e.a]);
            if e.new.len() != e.b - e.a {
                layer.new_starts.push(out.len());
                layer.new_ends.push(out.len() + e.new.len());
                layer.old_starts.push(e.a);
                layer.old_ends.push(e.b);
            }
            out.extend_from_slice(&e.new);
            pos = e.b;
        }
        out.extend_from_slice(&text[pos..]);
        layer.index(out.len());
        self.set_text(out);
        if !layer.new_starts.is_empty() {
            self.layers.push(layer);
            self.stretched.clear();
        }
        self.last_edits = edits;
        true
    }
}

/// Whether `[a, b)` shares a character with one of the sorted, disjoint `spans`.
pub(crate) fn overlaps(spans: &[(usize, usize)], a: usize, b: usize) -> bool {
    let i = spans.partition_point(|&(lo, _)| lo < b);
    i > 0 && spans[i - 1].1 > a
}

/// Whether `pos` lies inside one of the sorted, disjoint `spans`.
pub(crate) fn inside(spans: &[(usize, usize)], pos: usize) -> bool {
    let i = spans.partition_point(|&(lo, _)| lo <= pos);
    i > 0 && pos < spans[i - 1].1
}
