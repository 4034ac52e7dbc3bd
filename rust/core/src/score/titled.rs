//! What a capital letter tells in a language that capitalises every noun (issue #18;
//! a pack's `nouns_capitalised`, German), read once a comment, after the pronouns:
//!
//! * **People named by a capitalised adjective**: German `Linke`, `Grüne` are the
//!   political camps' people when written as nouns ("die Linken sind alle Verbrecher",
//!   "diese Grünen sind Vollidioten") and adjectives in lower case ("die linke Spur",
//!   "grüne Bohnen").  One of a pack's `capitalised_people` typed in Title case and not
//!   right before another capitalised word (that is its noun: "Grüne Bohnen", "die
//!   Linke Hand") is read as a person noun, a target for what is said of it.
//! * **A named place after a preposition**: a Title-case word right after one of a
//!   pack's `split_place_prepositions` (`aus`, `nach`) with no article between ("raus
//!   aus *Köln*", "zurück nach *Hause*", "ab nach *Marokko*") is a place for the
//!   `split_verb` rule, as one of the pack's `split_places` is: towns and countries are
//!   an open class, and an article or a possessive between ("aus dem Zimmer") leaves
//!   the room a room.
//!
//! All capitals ("DIE LINKEN SIND") and all lower case are left alone: nothing tells
//! the noun there.  One pass over the tokens, two letters read at each listed word.

use crate::lexicon::{role, Lexicon, Scan};
use crate::normalize::Normalized;
use crate::unicode::{is_lower, is_space, is_upper};

/// The role bit of the `capitalised_people` context words
/// (`matcher.Role.CAPITALISED_PEOPLE`).
pub const CAPITALISED_PEOPLE: role::Roles = 1 << 53;
/// The role bit of the `split_place_prepositions` context words
/// (`matcher.Role.SPLIT_PLACE_PREPOSITION`).
pub const PLACE_PREPOSITION: role::Roles = 1 << 54;
const LISTED: role::Roles = CAPITALISED_PEOPLE | PLACE_PREPOSITION;

/// Give the person-noun role to each of the packs' `capitalised_people` written as a
/// noun, and the split-place role to a Title-case word right after a
/// `split_place_prepositions` word, in a comment read in a language of `reading` that
/// capitalises its nouns.
pub fn mark(lex: &Lexicon, n: &Normalized, scan: &Scan, roles: &mut [role::Roles], reading: u32) {
    if lex.capitalised & reading == 0 {
        return;
    }
    // A place counts only for a split verb and its particle: without them, the common
    // `aus` and `nach` are not read at all.
    let present = roles.iter().fold(0, |a, r| a | r);
    let verbs = super::split_verbs::SPLIT_VERB | super::split_verbs::SPLIT_PARTICLE;
    let listed = if present & verbs == verbs {
        LISTED
    } else {
        CAPITALISED_PEOPLE
    };
    if present & listed == 0 {
        return;
    }
    let (starts, ends) = (&scan.starts, &scan.ends);
    let original = n.original();
    // The first letter of token `q` as typed, if it has one there.
    let first = |q: usize| {
        let (a, b) = n.to_original(*starts.get(q)?, *ends.get(q)?)?;
        (a < b).then(|| original.get(a).copied()).flatten()
    };
    let upper = |q: usize| first(q).is_some_and(is_upper);
    // Only spaces between tokens `q` and `q + 1`.
    let beside = |q: usize| match (ends.get(q), starts.get(q + 1)) {
        (Some(&a), Some(&b)) if a <= b => {
            (n.text.get(a..b)).is_some_and(|g| g.iter().all(|&c| is_space(c)))
        }
        _ => false,
    };
    // The second letter as typed: a lower-case one tells a Title-case word from capitals.
    let titled = |q: usize| {
        let second = (starts.get(q).zip(ends.get(q)))
            .and_then(|(&a, &b)| n.to_original(a, b))
            .and_then(|(a, b)| (a + 1 < b).then(|| original.get(a + 1).copied()).flatten());
        upper(q) && second.is_some_and(is_lower)
    };
    let size = roles.len().min(starts.len());
    for q in 0..size {
        if roles[q] & listed == 0 {
            continue;
        }
        if roles[q] & listed & PLACE_PREPOSITION != 0 && q + 1 < size && beside(q) && titled(q + 1)
        {
            roles[q + 1] |= super::split_verbs::SPLIT_PLACE;
        }
        if roles[q] & CAPITALISED_PEOPLE == 0 || !titled(q) {
            continue;
        }
        if beside(q) && upper(q + 1) {
            continue; // an adjective before its noun: "Grüne Bohnen"
        }
        roles[q] |= role::PERSON_NOUN;
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::scored;
    use super::super::*;
    use super::{CAPITALISED_PEOPLE, PLACE_PREPOSITION};
    use crate::lexicon::role;
    use crate::lexicon::tests::{add_context_words, tiny};

    /// Whether `text` (case matters here) has a match aimed at `linken`.
    fn aimed_at_linken(lex: &Lexicon, text: &str) -> bool {
        (scored(lex, text).reasons.iter()).any(|r| r.text().contains("('linken')"))
    }

    fn german() -> Lexicon {
        let mut lex = tiny();
        lex.capitalised = 1;
        // A split verb is a word the quick rejection lets through, as the packs' are.
        lex.triggers.extend(["werft"]);
        let split = super::super::split_verbs::SPLIT_VERB;
        let particle = super::super::split_verbs::SPLIT_PARTICLE;
        add_context_words(
            &mut lex,
            &[
                ("linken", CAPITALISED_PEOPLE),
                ("aus", PLACE_PREPOSITION),
                ("werft", split),
                ("raus", particle),
                ("sie", role::THIRD_PERSON),
            ],
        );
        lex
    }

    /// Whether `text` has a split verb read whole.
    fn split_verb(lex: &Lexicon, text: &str) -> bool {
        let o = scored(lex, text);
        (o.matches.iter()).any(|m| o.rules(m).contains(&super::super::split_verbs::NAME))
    }

    #[test]
    fn a_title_case_word_right_after_a_preposition_is_a_place() {
        let lex = german();
        assert!(split_verb(&lex, "werft sie raus aus Bonn"));
        assert!(!split_verb(&lex, "werft sie raus aus bonn"), "lower case");
        assert!(
            !split_verb(&lex, "werft sie raus aus dem Zimmer"),
            "an article"
        );
        assert!(
            !split_verb(&lex, "werft sie raus aus Bonn am Rhein"),
            "not last"
        );
        let mut names = german();
        names.capitalised = 0;
        assert!(!split_verb(&names, "werft sie raus aus Bonn"));
    }

    #[test]
    fn a_listed_word_in_title_case_names_people() {
        let lex = german();
        assert!(aimed_at_linken(&lex, "Die Linken sind idiot"));
        assert!(
            aimed_at_linken(&lex, "Linken sind idiot"),
            "opening a sentence"
        );
        assert!(
            aimed_at_linken(&lex, "die Linken idiot"),
            "before a lower-case word"
        );
    }

    #[test]
    fn lower_case_capitals_a_noun_after_or_another_language_is_not() {
        let lex = german();
        assert!(!aimed_at_linken(&lex, "die linken sind idiot"));
        assert!(!aimed_at_linken(&lex, "DIE LINKEN SIND idiot"));
        assert!(
            !aimed_at_linken(&lex, "die Linken Spuren idiot"),
            "before its noun"
        );
        let mut names = german();
        names.capitalised = 0;
        assert!(!aimed_at_linken(&names, "Die Linken sind idiot"));
    }
}
