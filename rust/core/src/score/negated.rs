//! A merit denied to a group: a negator and a word for a quality, worth or right people
//! have (the packs' `merits`: "attractive", "intelligent", "valuable", "human rights";
//! "intelligents", "valeur", "importance") in one clause with an identity word: "women
//! are never attractive", "human rights should not apply to Muslims", "les vies des
//! réfugiés n'ont pas d'importance".  No word of it is an insult, so no term carries it;
//! the rule makes a hit of its own, as a threat read from its structure does, and the
//! context rules then weigh it (quotes and reported speech lower it).
//!
//! Guards: the negator must stand within `windows.merit_reach` tokens of the merit word,
//! and the clause must hold exactly one negator ("no one says gay people aren't smart"
//! is two: no hit); a comment with no identity word in the clause ("I am not smart
//! enough") makes none.  Every merit word looks at a bounded window, so the rule is
//! linear in the comment.

use super::explain::{Note, Phrase};
use super::{Constants, Hit};
use crate::lexicon::role::Roles;
use crate::lexicon::{role, Category};
use crate::words::Words;

/// The role bit of the `merits` context words (`matcher.Role.MERIT`).
pub const MERIT: crate::lexicon::role::Roles = 1 << 25;

/// The rule's name, as `explain()` and a match's `rules` show it.
pub const NAME: &str = "negated_merit";

/// Where a denied merit was found: its first and one-past-last tokens, the negator, the
/// merit word and the identity word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Denied {
    pub start: usize,
    pub end: usize,
    pub negator: usize,
    pub merit: usize,
    pub group: usize,
}

/// The merits denied to a group in a comment, from its tokens' roles and clauses (at
/// most one per clause).
pub fn find(roles: &[Roles], clause: &[u32], k: &Constants) -> Vec<Denied> {
    let size = roles.len();
    let mut out: Vec<Denied> = Vec::new();
    for q in 0..size {
        if roles[q] & MERIT == 0 || roles[q] & role::NEGATOR != 0 {
            continue;
        }
        let cid = clause[q];
        if out.last().is_some_and(|d| clause[d.merit] == cid) {
            continue; // one per clause
        }
        // A negator of several words ("not at all", "pour personne") is one: counted by
        // its first token.
        let opens = |p: usize| {
            clause[p] == cid
                && roles[p] & role::NEGATOR != 0
                && (p == 0 || roles[p - 1] & role::NEGATOR == 0 || clause[p - 1] != cid)
        };
        let from = q.saturating_sub(k.merit_reach);
        let to = (q + k.merit_reach + 1).min(size);
        let negators: Vec<usize> = (from..to).filter(|&p| opens(p)).collect();
        let [negator] = negators[..] else {
            continue; // none, or a double negation
        };
        // The whole clause: one more negator farther away also undoes the first.
        let mut a = q;
        while a > 0 && clause[a - 1] == cid {
            a -= 1;
        }
        let mut b = q + 1;
        while b < size && clause[b] == cid {
            b += 1;
        }
        if (a..b).filter(|&p| opens(p)).count() != 1 {
            continue;
        }
        let Some(group) = (a..b).find(|&p| roles[p] & role::IDENTITY != 0) else {
            continue;
        };
        // A merit of several words is one ("human rights", "valuable member").
        let mut merit_end = q + 1;
        while merit_end < b && roles[merit_end] & MERIT != 0 {
            merit_end += 1;
        }
        out.push(Denied {
            start: negator.min(q),
            end: (negator + 1).max(merit_end),
            negator,
            merit: q,
            group,
        });
    }
    out
}

/// The hits of the merits denied: a term of their own, named by their words, with the
/// rule's note.
pub fn hits<'a>(words: &Words, roles: &[Roles], clause: &[u32], k: &Constants) -> Vec<Hit<'a>> {
    find(roles, clause, k)
        .into_iter()
        .map(|d| {
            let spans = [d.negator, d.merit, d.group].map(|q| (q, q + 1));
            Hit::structural(
                words,
                d.start,
                d.end,
                Category::IdentityAttack,
                k.merit_severity,
            )
            .found_by(NAME, Note::spans(Phrase::MeritDenied, &spans))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k() -> Constants {
        Constants {
            merit_reach: 4,
            merit_severity: 2,
            ..Default::default()
        }
    }

    const NOT: Roles = role::NEGATOR;
    const GROUP: Roles = role::IDENTITY;

    fn found(roles: &[Roles]) -> Vec<Denied> {
        find(roles, &vec![0; roles.len()], &k())
    }

    #[test]
    fn a_negated_merit_near_a_group_is_found() {
        // "women are never attractive"
        let d = found(&[GROUP, 0, NOT, MERIT]);
        assert_eq!(
            d,
            vec![Denied {
                start: 2,
                end: 4,
                negator: 2,
                merit: 3,
                group: 0
            }]
        );
        // "human rights should not apply to women": the merit before the negator.
        let d = found(&[MERIT, 0, NOT, 0, 0, GROUP]);
        assert_eq!((d[0].start, d[0].end, d[0].group), (0, 3, 5));
    }

    #[test]
    fn no_hit_without_each_part_or_with_two_negators() {
        assert!(found(&[GROUP, 0, MERIT]).is_empty()); // "women are attractive"
        assert!(found(&[0, 0, NOT, MERIT]).is_empty()); // "I am not smart": no group
        assert!(found(&[NOT, 0, GROUP, 0, NOT, MERIT]).is_empty()); // double negation
        assert!(found(&[GROUP, NOT, 0, 0, 0, 0, MERIT]).is_empty()); // too far apart
                                                                     // A clause break between the group and the rest.
        assert!(find(&[GROUP, NOT, MERIT], &[0, 1, 1], &k()).is_empty());
    }

    #[test]
    fn a_negator_of_several_words_is_one() {
        // "ne devraient compter pour personne": "pour personne" is one negator.
        let d = found(&[GROUP, 0, MERIT, MERIT | NOT, MERIT | NOT]);
        assert_eq!((d[0].start, d[0].end, d[0].negator), (2, 5, 3));
    }

    #[test]
    fn one_hit_per_clause() {
        // "women are not smart, not attractive" in one clause: one hit.
        assert_eq!(found(&[GROUP, 0, NOT, MERIT, MERIT]).len(), 1);
    }
}
