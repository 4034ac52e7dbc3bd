//! Negation after the verb (issue #18): German puts the finite verb second and `nicht`
//! at the end of its clause, after the verb's object ("Ich hasse Frauen nicht", "ich
//! hasse diese Leute gar nicht").  A pack's `closing_negators` (German `nicht`, `nich`)
//! within `windows.negation_after` tokens after a match, closing the match's clause
//! (the last word before a mark, a contrast word or the comment's end), negate the
//! match as a negator before it does (rule `negated`).  Not when a word follows it in
//! the clause ("ich hasse Frauen nicht *nur*", "nicht *mehr* auszuhalten": the
//! negation falls on that word), nor after a coordinator ("... Idioten *oder* nicht?",
//! a question tag), nor when a negator before the match already negates it.  Reads a
//! bounded window after the match.

use super::coordination::COORDINATOR;
use super::rules::Effect;
use super::{Ctx, Hit};
use crate::lexicon::role::Roles;

/// The role bit of the `closing_negators` context words (`matcher.Role.CLOSING_NEGATOR`).
pub const CLOSING_NEGATOR: Roles = 1 << 40;

/// The rule's name, as `explain()` and a match's `rules` show it.
pub const NAME: &str = "negated_after";

/// The closing negator of the hit's clause, after the hit, within `window` tokens of
/// its end: the clause's last token, not right after a coordinator.
pub fn closing(roles: &[Roles], clause: &[u32], j: usize, window: usize) -> Option<usize> {
    let cid = *clause.get(j.checked_sub(1)?)?;
    let size = roles.len().min(clause.len());
    let last = (j..(j + window).min(size))
        .take_while(|&q| clause[q] == cid)
        .last()?;
    let closes = last + 1 >= size || clause[last + 1] != cid;
    let tag = roles[last - 1] & COORDINATOR != 0; // "oder nicht": j <= last, j >= 1
    (closes && !tag && roles[last] & CLOSING_NEGATOR != 0).then_some(last)
}

/// The rule: the factor `negated` gives, with the closing negator as its word.
pub fn negated_after(h: &Hit, c: &Ctx, negated_before: bool) -> Option<Effect> {
    if c.present & CLOSING_NEGATOR == 0 || negated_before {
        return None;
    }
    let k = c.k;
    let q = closing(c.roles, &c.seg.clause, h.j(), k.negation_after)?;
    Some(Effect::Factor(
        k.negated,
        super::explain::Note::word(super::explain::Phrase::NegatedAfter, q),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::role;

    const NOT: Roles = CLOSING_NEGATOR | role::NEGATOR;
    const OR: Roles = COORDINATOR;

    #[test]
    fn a_negator_closing_the_clause_after_the_match_is_found() {
        // "Ich hasse Frauen nicht": the match is "hasse" (token 1, so j = 2).
        assert_eq!(closing(&[0, 0, 0, NOT], &[0; 4], 2, 4), Some(3));
        // "Ich hasse Frauen nicht, ich helfe ihnen": the comma closes the clause.
        assert_eq!(
            closing(&[0, 0, 0, NOT, 0, 0, 0], &[0, 0, 0, 0, 1, 1, 1], 2, 4),
            Some(3)
        );
    }

    #[test]
    fn a_word_after_the_negator_or_a_coordinator_before_it_is_no_negation() {
        // "Ich hasse Frauen nicht nur": the negation falls on "nur".
        assert_eq!(closing(&[0, 0, 0, NOT, 0], &[0; 5], 2, 4), None);
        // "ihr seid Idioten oder nicht": a question tag.
        assert_eq!(closing(&[0, 0, 0, OR, NOT], &[0; 5], 3, 4), None);
        // Too far: the negator beyond the window.
        assert_eq!(closing(&[0, 0, 0, 0, 0, 0, 0, NOT], &[0; 8], 2, 4), None);
        // In the next clause: "Frauen sind dumm, nicht".
        assert_eq!(closing(&[0, 0, 0, NOT], &[0, 0, 0, 1], 3, 4), None);
        // The match itself ending the comment, or out of range: nothing read past it.
        assert_eq!(closing(&[0, NOT], &[0; 2], 2, 4), None);
        assert_eq!(closing(&[NOT], &[0], 0, 4), None);
        assert_eq!(closing(&[NOT], &[0], 7, 4), None);
    }
}
