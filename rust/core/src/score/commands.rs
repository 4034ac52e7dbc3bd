//! Bare infinitive commands (issue #18): German writes a demand as an infinitive that
//! closes a short clause, its object before it and no finite verb at all ("Alle
//! Flüchtlinge abschieben!", "Sofort abschieben, das Pack.").  Such a threat term has
//! no intent word, and `no_intent` would read it as a report.  A pack's
//! `command_infinitives` (the infinitives of its threat terms: `abschieben`,
//! `einsperren`, `ausweisen`) make the demand when the term ends with one of them and
//! closes its clause, and that clause opens its sentence at most
//! `windows.command_lead` tokens before the term, with no subordinator (`dass`,
//! `wenn`), no subject (the pack's `command_subjects`, the author, the reader: "Er
//! konnte sie umbringen", "wir müssen sie abschieben"), no
//! copula, reporting verb or contrast word between.  A clause after a comma is left
//! alone: there the infinitive is most often a finite plural ("Leute, die Menschen
//! töten").  The people it is aimed at are found as for any term (`targeted`):
//! "Kartoffeln schälen!" names no one.  A fixed window before the term: linear in the
//! comment.

use super::Ctx;
use crate::lexicon::role;
use crate::lexicon::role::Roles;

/// The role bit of the `command_infinitives` context words
/// (`matcher.Role.COMMAND_INFINITIVE`).
pub const COMMAND: Roles = 1 << 51;
/// The role bit of the `command_subjects` context words
/// (`matcher.Role.COMMAND_SUBJECT`): a subject, so a finite verb, before the infinitive.
pub const SUBJECT: Roles = 1 << 52;

/// The rule's name, as `explain()` and a match's `rules` show it.
pub const NAME: &str = "bare_command";

/// Words that make the clause another verb's: a subordinator, a subject (the pack's
/// `command_subjects`, or the author or the reader), a copula or a reporting verb, or a contrast word ("Doch alle
/// abschieben können wir nicht").
const NOT_BARE: Roles = role::SUBORDINATOR
    | SUBJECT
    | role::SELF
    | role::SECOND_PERSON
    | role::COPULA
    | role::REPORTING
    | role::CONTRAST;

/// A comment's tokens as the rule reads them: their roles, clauses and sentences.
#[derive(Clone, Copy)]
pub struct Tokens<'a> {
    pub roles: &'a [Roles],
    pub clause: &'a [u32],
    pub sentence: &'a [u32],
}

/// The command infinitive of the match `i..j` read as a demand, if it is one: the
/// match's last token, a `command_infinitives` word closing its clause; that clause
/// opens its sentence within `lead` tokens before the match, with nothing of
/// [`NOT_BARE`] in between.  A clause after a comma is more often a relative or an
/// object clause with a verb of its own ("Beduinen, die wehrlose Menschen töten").
pub fn demand(t: Tokens, i: usize, j: usize, lead: usize) -> Option<usize> {
    let last = j.checked_sub(1)?;
    if t.roles.get(last)? & COMMAND == 0 || i > last {
        return None;
    }
    let cid = *t.clause.get(last)?;
    if t.clause.get(j).is_some_and(|&next| next == cid) {
        return None; // a word after it in its clause: "abschieben lassen"
    }
    // The clause's first token, within `lead` tokens before the match.
    let from = i.saturating_sub(lead);
    let start = (from..i)
        .rev()
        .take_while(|&q| t.clause.get(q) == Some(&cid))
        .last()
        .unwrap_or(i);
    let sid = t.sentence.get(start)?;
    if start > 0 && t.sentence.get(start - 1) == Some(sid) {
        return None; // not the sentence's first clause, or a longer clause
    }
    let between = t.roles.get(start..i)?;
    between.iter().all(|&r| r & NOT_BARE == 0).then_some(last)
}

/// [`demand`] for a hit in its comment.
pub fn at(c: &Ctx, i: usize, j: usize) -> Option<usize> {
    if c.present & COMMAND == 0 {
        return None;
    }
    let t = Tokens {
        roles: c.roles,
        clause: &c.seg.clause,
        sentence: &c.seg.sentence,
    };
    demand(t, i, j, c.k.command_lead)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CMD: Roles = COMMAND;
    const ALL: Roles = role::THIRD_PERSON;

    /// [`demand`] with every token in one sentence and the clauses given.
    fn one(roles: &[Roles], clause: &[u32], i: usize, j: usize, lead: usize) -> Option<usize> {
        let sentence = vec![0; roles.len()];
        demand(
            Tokens {
                roles,
                clause,
                sentence: &sentence,
            },
            i,
            j,
            lead,
        )
    }

    #[test]
    fn an_infinitive_closing_a_short_first_clause_is_a_demand() {
        // "Alle Flüchtlinge abschieben!"
        assert_eq!(one(&[ALL, role::IDENTITY, CMD], &[0; 3], 2, 3, 4), Some(2));
        // "Sofort abschieben, das Pack.": the comma closes the clause.
        assert_eq!(one(&[0, CMD, 0, 0], &[0, 0, 1, 1], 1, 2, 4), Some(1));
        // "einsperren!" alone.
        assert_eq!(one(&[CMD], &[0], 0, 1, 4), Some(0));
        // "Die sind schlimm. Alle einsperren!": the second sentence's first clause.
        let t = Tokens {
            roles: &[ALL, role::COPULA, 0, ALL, CMD],
            clause: &[0, 0, 0, 1, 1],
            sentence: &[0, 0, 0, 1, 1],
        };
        assert_eq!(demand(t, 4, 5, 4), Some(4));
    }

    #[test]
    fn a_finite_verb_s_infinitive_is_no_demand() {
        // "dass wir sie abschieben": a subordinator, and the author as subject.
        let sub = role::SUBORDINATOR;
        assert_eq!(one(&[sub, role::SELF, ALL, CMD], &[0; 4], 3, 4, 4), None);
        assert_eq!(one(&[sub, 0, CMD], &[0; 3], 2, 3, 4), None);
        // "Er konnte sie umbringen"
        assert_eq!(one(&[SUBJECT | ALL, 0, ALL, CMD], &[0; 4], 3, 4, 4), None);
        // "ihr müsst die einsperren"
        assert_eq!(
            one(&[role::SECOND_PERSON, 0, ALL, CMD], &[0; 4], 3, 4, 4),
            None
        );
        // "Beduinen, die wehrlose Menschen töten": a clause after a comma.
        assert_eq!(one(&[0, 0, 0, ALL, CMD], &[0, 1, 1, 1, 1], 4, 5, 4), None);
        // "Alte Möbel abholen lassen": a word after it in its clause.
        assert_eq!(one(&[0, 0, CMD, 0], &[0; 4], 2, 3, 4), None);
        // A clause opening farther back than the window.
        assert_eq!(one(&[0, 0, 0, ALL, CMD], &[0; 5], 4, 5, 2), None);
        // Not a command infinitive; an empty or bad span; mismatched lengths.
        assert_eq!(one(&[ALL, 0], &[0; 2], 1, 2, 4), None);
        assert_eq!(one(&[CMD], &[0], 0, 0, 4), None);
        assert_eq!(one(&[CMD], &[0], 1, 1, 4), None);
        assert_eq!(one(&[CMD, CMD], &[0], 1, 2, 4), None);
        let t = Tokens {
            roles: &[CMD],
            clause: &[0],
            sentence: &[],
        };
        assert_eq!(demand(t, 0, 1, 4), None);
    }
}
