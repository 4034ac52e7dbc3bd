//! The text being folded and the layers of edits that map it back (Python's `_Work`).

use super::Layer;
use crate::scratch::{self, Scratch};
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
    /// The text as folded so far: private, so that every change of it goes through
    /// [`Work::apply`], [`Work::set_text`] or [`Work::edit_in_place`], which drop what
    /// was worked out of it (the protected spans).
    text: Vec<Cp>,
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
    /// The text a step replaced, kept for the next step's output (its room reused:
    /// empty or not, never read).
    pub spare: Vec<Cp>,
    /// The protected spans of `text`, once a step has worked them out ([`Protected`]).
    /// INVARIANT: they are those of `text` as it is: `text` is private, and every
    /// method that changes it drops them; they are read only through
    /// [`Work::guarded`], which lends them with the text they were worked out of.
    protected: Protected,
}

/// The protected spans of a text (`patterns::protected_spans`: URLs, mentions, e-mail
/// addresses), worked out on first use and kept while the text does not change
/// ([`Work::protected`]).  Why: the steps that guard them (`leet`, `masks`,
/// `stretched`) each worked them out again, and after a round's last change (a long
/// text's second round) all three read the same text: a megabyte paid about 19
/// instructions a character for each.
#[derive(Default)]
struct Protected(Option<Vec<(usize, usize)>>);

/// A work's text lent with its protected spans, which are worked out of that text on
/// first ask ([`Work::guarded`]): the spans can be read of no other text.
pub(crate) struct Guarded<'w> {
    text: &'w [Cp],
    protected: &'w mut Protected,
}

impl Guarded<'_> {
    /// The protected spans of the text lent (sorted, disjoint).
    #[inline]
    pub fn spans(&mut self) -> &[(usize, usize)] {
        let text = self.text;
        (self.protected.0).get_or_insert_with(|| super::patterns::protected_spans(text))
    }
}

impl Work {
    pub fn new(text: &[Cp]) -> Work {
        Work::in_room(text, &mut Scratch::default())
    }

    /// [`Work::new`] in the room `scratch` keeps (an earlier comment's text and lists).
    pub fn in_room(text: &[Cp], scratch: &mut Scratch) -> Work {
        let mut own = scratch::take(&mut scratch.text);
        own.extend_from_slice(text);
        Work {
            text: own,
            layers: Vec::new(),
            stretched: scratch::take(&mut scratch.squeezed),
            last_edits: Vec::new(),
            folded_at: None,
            spare: scratch::take(&mut scratch.spare_text),
            protected: Protected::default(),
        }
    }

    /// The text as folded so far.
    #[inline]
    pub fn text(&self) -> &[Cp] {
        &self.text
    }

    /// The text, and its protected spans to ask for when a step needs them.
    #[inline]
    pub fn guarded(&mut self) -> (&[Cp], Guarded<'_>) {
        let guarded = Guarded {
            text: &self.text,
            protected: &mut self.protected,
        };
        (guarded.text, guarded)
    }

    /// The text, taken out when the work is done.
    pub fn take_text(&mut self) -> Vec<Cp> {
        self.protected = Protected::default();
        std::mem::take(&mut self.text)
    }

    /// Replace the text (an edit of the same length everywhere: no layer); the text
    /// replaced is kept as the spare.
    pub fn set_text(&mut self, text: Vec<Cp>) {
        self.spare = std::mem::replace(&mut self.text, text);
        self.protected = Protected::default();
    }

    /// Change the text in place, character for character, with `edit`, which says
    /// whether it changed anything; then what was worked out of the text is dropped.
    #[inline]
    pub fn edit_in_place(&mut self, edit: impl FnOnce(&mut [Cp]) -> bool) -> bool {
        let changed = edit(&mut self.text);
        if changed {
            self.protected = Protected::default();
        }
        changed
    }

    /// The spare, emptied: a step writes a new text into it (and puts it back as the
    /// spare when it does not keep what it wrote).
    pub fn take_spare(&mut self) -> Vec<Cp> {
        let mut out = std::mem::take(&mut self.spare);
        out.clear();
        out
    }

    /// An empty text with room for `size` characters: the spare's room.
    fn blank(&mut self, size: usize) -> Vec<Cp> {
        let mut out = std::mem::take(&mut self.spare);
        out.clear();
        out.reserve(size);
        out
    }

    /// Apply ordered, non-overlapping edits; returns whether there were any.  An edit
    /// as long as what it replaces maps character to character; any other adds an entry
    /// to this step's layer.
    pub fn apply(&mut self, edits: Vec<Edit>) -> bool {
        if edits.is_empty() {
            self.last_edits = edits;
            return false;
        }
        let mut out = self.blank(self.text.len());
        let text = &self.text;
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
        // Drops what was worked out of the text replaced.
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
