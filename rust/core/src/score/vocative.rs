//! The vocative by punctuation: a name-calling noun set off by a comma as a clause of its
//! own is said to the reader, in every language ("read before commenting, idiot", "shut
//! up, moron!", "idiot, you have no idea", "lies erst mal, Idiot").
//!
//! The rule reads only the marks around the word, so it needs no word list: the word is
//! alone between a comma and its sentence's end (`.`, `!`, `?`, a line break, the text's
//! end), or between its sentence's start and a comma.  It is kept strict: between two
//! commas the word is as often an apposition or a title ("the album, Loser, sold well"),
//! a bare one-word sentence may be a title, any other word in the piece ("the idiots",
//! "my friend", "stupid idiot") or any other mark (quotes, a colon, a bracket: "le film
//! « Idiot »") leaves the word unaimed, and a piece of one word on the other side of the
//! comma makes it a list item ("pears, idiots."), not a vocative.

use super::Ctx;
use crate::lexicon::Category;
use crate::Cp;

/// What stands between two tokens, as the rule reads it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Gap {
    /// Only spaces: the words run on.
    Space,
    /// One comma (and spaces).
    Comma,
    /// The end of a sentence or of the text: `.`, `!`, `?`, a line break, the edge.
    End,
    /// Any other mark (quotes, a colon, a bracket, a dash, two commas...).
    Other,
}

/// Whether the single-word hit at token `i`, of `category`, is a vocative set off by
/// commas: only the kinds a demonstrative aims (insults and slurs, [`super::points_at`]).
pub fn set_off(c: &Ctx, i: usize, category: Category) -> bool {
    if !matches!(category, Category::Insult | Category::Slur) {
        return false;
    }
    // A comma or a sentence mark opens a clause: a word that does not stand alone in
    // its clause is answered from the segments, without reading the text.
    let opens = |t: usize| t == 0 || t >= c.size() || c.clause(t) != c.clause(t - 1);
    if !(opens(i) && opens(i + 1)) {
        return false;
    }
    match (gap(c, i), gap(c, i + 1)) {
        // Closing its sentence, after a piece of more than one word.
        (Gap::Comma, Gap::End) => i > 0 && gap(c, i - 1) == Gap::Space,
        // Opening its sentence, before a piece of more than one word.
        (Gap::End, Gap::Comma) => i + 2 < c.size() && gap(c, i + 2) == Gap::Space,
        // Between two commas it is as often an apposition, a title or a name ("the
        // album, Loser, sold well", "das Kartenspiel, Esel, spielt man zu zweit").
        _ => false,
    }
}

/// The marks between token `t - 1` and token `t` (the text's start before token 0, its
/// end after the last token).
fn gap(c: &Ctx, t: usize) -> Gap {
    let text = &c.n.text;
    let from = if t == 0 { 0 } else { c.ends[t - 1] };
    let to = if t < c.size() {
        c.starts[t]
    } else {
        text.len()
    };
    let edge = t == 0 || t == c.size();
    read_gap(text.get(from..to).unwrap_or(&[]), edge)
}

/// The kind of a gap's characters; `edge`: it opens or closes the text.
fn read_gap(chars: &[Cp], edge: bool) -> Gap {
    let (mut commas, mut ends, mut breaks) = (0, 0, 0);
    for &ch in chars {
        match char::from_u32(ch).unwrap_or('\u{0}') {
            ',' => commas += 1,
            '.' | '!' | '?' => ends += 1,
            '\n' | '\r' => breaks += 1,
            w if w.is_whitespace() => {}
            _ => return Gap::Other,
        }
    }
    match (commas, ends + breaks) {
        (0, 0) if edge => Gap::End,
        (0, 0) => Gap::Space,
        (1, 0) => Gap::Comma,
        (0, _) => Gap::End,
        _ => Gap::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::{read_gap, Gap};

    fn of(s: &str, edge: bool) -> Gap {
        read_gap(&s.chars().map(u32::from).collect::<Vec<_>>(), edge)
    }

    #[test]
    fn gaps_are_read_strictly() {
        assert_eq!(of(" ", false), Gap::Space);
        assert_eq!(of("", true), Gap::End);
        assert_eq!(of(", ", false), Gap::Comma);
        assert_eq!(of("!! ", false), Gap::End);
        assert_eq!(of("?!", true), Gap::End);
        assert_eq!(of("\n", false), Gap::End);
        assert_eq!(of(" « ", false), Gap::Other);
        assert_eq!(of(": ", false), Gap::Other);
        assert_eq!(of(", \"", false), Gap::Other);
        assert_eq!(of(",, ", false), Gap::Other);
        assert_eq!(of(", ! ", false), Gap::Other);
    }
}
