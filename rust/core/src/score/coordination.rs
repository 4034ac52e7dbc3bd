//! A target carries over coordinated words: in "you are so ugly and fat" the person `you`
//! is aimed at is also who `fat` is said of, however far the list runs ("you are lazy,
//! rude, ugly and fat").  A word is coordinated with the match before it when a
//! coordinator (the packs' `coordinators`: `and`, `or`, `et`, `ou`) or a comma stands
//! between them; the chain is followed back at most `windows.coordination` steps, and
//! only through matches that name or describe a person (insults, slurs, body shaming),
//! so "thanks for the chips and fat free milk" carries nothing.

use super::{Ctx, Hit};
use crate::lexicon::Category;

/// The role bit of the `coordinators` context words (`matcher.Role.COORDINATOR`).
pub const COORDINATOR: crate::lexicon::role::Roles = 1 << 24;

/// No match ends at this token.
const NONE: u32 = u32::MAX;

/// For each token, the first token of a person-describing match that ends there (the
/// conjuncts a chain can pass through), or [`NONE`].  As `u32`: a list a token long,
/// held while a long comment's hits are weighed (its peak); a token past `u32::MAX`
/// (more than a comment's memory could hold) starts no conjunct.
pub fn conjuncts(hits: &[Hit], size: usize) -> Vec<u32> {
    let mut from = vec![NONE; size];
    for h in hits {
        let describes = matches!(
            h.term.category,
            Category::Insult | Category::Slur | Category::BodyShaming
        );
        if describes && h.j() > h.i() {
            let start = u32::try_from(h.i()).unwrap_or(NONE);
            from[h.j() - 1] = from[h.j() - 1].min(start);
        }
    }
    from
}

/// The first token of the chain of coordinated matches that ends with the match starting
/// at `i` (`i` itself when it is coordinated with nothing).
pub fn chain_start(c: &Ctx, i: usize) -> usize {
    if c.conjunct.is_empty() {
        return i;
    }
    let sid = c.sentence(i);
    let mut a = i;
    for _ in 0..c.k.coordination {
        // "ugly and fat": a coordinator between; "ugly, fat": a comma (a clause break).
        let prev = if a >= 2 && c.roles[a - 1] & COORDINATOR != 0 {
            a - 2
        } else if a >= 1 && c.clause(a - 1) != c.clause(a) {
            a - 1
        } else {
            break;
        };
        if c.sentence(prev) != sid || c.conjunct[prev] == NONE {
            break;
        }
        a = c.conjunct[prev] as usize;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::TermRef;
    use crate::score::TermOf;

    fn hit(i: usize, j: usize, category: Category) -> Hit<'static> {
        let term = TermRef {
            id: 0,
            term: "x".into(),
            category,
            severity: 1,
            targeted: false,
            ambiguous: false,
            benign_context: Default::default(),
            benign_phrases: Vec::new(),
            lang_bit: 0,
            lang: String::new(),
            letters: Vec::new(),
        };
        Hit::new(i, j, TermOf::Own(Box::new(term)), None, "")
    }

    #[test]
    fn only_matches_that_describe_a_person_are_conjuncts() {
        let hits = [
            hit(0, 2, Category::Insult),    // "scam artist"
            hit(3, 4, Category::Profanity), // swearing describes no one
            hit(5, 6, Category::BodyShaming),
        ];
        assert_eq!(
            conjuncts(&hits, 7),
            vec![NONE, 0, NONE, NONE, NONE, 5, NONE]
        );
    }
}
