//! Split (separable) verbs (issue #18): German puts a separable verb's particle at the
//! end of its clause, its object between ("schmeißt *die* alle raus", "schiebt *sie*
//! endlich ab", "sperrt *solche Leute* weg").  A pack's `split_verbs` (the verb's
//! forms that stand apart from the particle: `schmeißt`, `schiebt`, `sperrt`) and
//! `split_particles` (`raus`, `ab`, `weg`) make one hit of the whole verb when a
//! particle closes the verb's clause within `windows.split_verb` tokens of it and a word
//! naming people stands between them (a pronoun subject, a third-person word, a person
//! or identity noun): a call to throw people out, deport or lock them away.  "schmeißt
//! die alten Sachen raus" names no one between: no hit.  The particle may also stand
//! before a short phrase saying where to or from, when one of the pack's `split_places`
//! (`land`, `heimat`, `knast`, `gitter`) closes the clause within `windows.split_place`
//! tokens after it ("schmeißt sie raus aus dem Land", "sperrt die weg in den Knast");
//! "schmeißt die alten Sachen raus aus dem Keller" still names no one.  Each verb reads
//! a bounded window, so the rule is linear in the comment.

use super::explain::{Note, Phrase};
use super::{Constants, Hit};
use crate::lexicon::role::Roles;
use crate::lexicon::{role, Category};
use crate::words::Words;

/// The role bit of the `split_verbs` context words (`matcher.Role.SPLIT_VERB`).
pub const SPLIT_VERB: Roles = 1 << 41;
/// The role bit of the `split_particles` context words (`matcher.Role.SPLIT_PARTICLE`).
pub const SPLIT_PARTICLE: Roles = 1 << 42;
/// The role bit of the `split_places` context words (`matcher.Role.SPLIT_PLACE`).
pub const SPLIT_PLACE: Roles = 1 << 50;

/// The rule's name, as `explain()` and a match's `rules` show it.
pub const NAME: &str = "split_verb";

/// The split verbs of a comment, as (verb, particle) tokens, from its tokens' roles and
/// clauses: the particle stands within `reach` tokens after the verb, in its clause, with
/// a word naming people between them, and closes the clause, or a place word closes it
/// within `after` tokens after the particle (see [`place_closes`]).
pub fn find(roles: &[Roles], clause: &[u32], reach: usize, after: usize) -> Vec<(usize, usize)> {
    let size = roles.len().min(clause.len());
    let mut out = Vec::new();
    for v in 0..size {
        if roles[v] & SPLIT_VERB == 0 {
            continue;
        }
        let cid = clause[v];
        let particle = (v + 1..(v + 1 + reach).min(size))
            .take_while(|&q| clause[q] == cid)
            .filter(|&q| roles[q] & SPLIT_PARTICLE != 0)
            .find(|&q| closes(clause, q) || place_closes(roles, clause, q, after));
        let Some(p) = particle else {
            continue;
        };
        if (v + 1..p).any(|q| roles[q] & role::NAMES_SOMEONE != 0) {
            out.push((v, p));
        }
    }
    out
}

/// Whether token `q` is the last of its clause (or of the comment).
fn closes(clause: &[u32], q: usize) -> bool {
    clause
        .get(q + 1)
        .is_none_or(|&next| Some(&next) != clause.get(q))
}

/// Whether a place word (`split_places`) closes the particle `p`'s clause within `after`
/// tokens after it: "raus aus dem *Land*", "weg in den *Knast*", "ab nach *Afrika*".
fn place_closes(roles: &[Roles], clause: &[u32], p: usize, after: usize) -> bool {
    let size = roles.len().min(clause.len());
    let Some(&cid) = clause.get(p) else {
        return false;
    };
    (p + 1..(p + 1 + after).min(size))
        .take_while(|&q| clause[q] == cid)
        .any(|q| roles[q] & SPLIT_PLACE != 0 && closes(clause, q))
}

/// The hits of the split verbs: a term of their own (hostility, `split_verb_severity`),
/// named by the verb and its particle, with the rule's note.
pub fn hits<'a>(words: &Words, roles: &[Roles], clause: &[u32], k: &Constants) -> Vec<Hit<'a>> {
    find(roles, clause, k.split_verb_window, k.split_place_window)
        .into_iter()
        .map(|(v, p)| {
            let spans = [(v, v + 1), (p, p + 1)];
            // The hit is the verb alone, the particle named in its note: a term
            // between them (a slur: "schiebt die Kanaken ab") keeps its own hit.
            Hit::structural(words, v, v + 1, Category::Harassment, k.split_verb_severity)
                .found_by(NAME, Note::spans(Phrase::SplitVerb, &spans))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const VERB: Roles = SPLIT_VERB;
    const PART: Roles = SPLIT_PARTICLE;
    const THEY: Roles = role::THIRD_PERSON;
    const PLACE: Roles = SPLIT_PLACE;

    #[test]
    fn a_particle_closing_the_clause_with_people_between_is_found() {
        // "schmeißt die alle raus"
        assert_eq!(find(&[VERB, THEY, 0, PART], &[0; 4], 6, 4), vec![(0, 3)]);
        // "schmeißt die alle raus, sofort": the comma closes the clause.
        let clause = [0, 0, 0, 0, 1];
        assert_eq!(find(&[VERB, THEY, 0, PART, 0], &clause, 6, 4), vec![(0, 3)]);
    }

    #[test]
    fn no_one_between_a_word_after_the_particle_or_too_far_is_nothing() {
        // "schmeißt die alten Sachen raus": no one named between.
        assert!(find(&[VERB, 0, 0, role::THING, PART], &[0; 5], 6, 4).is_empty());
        // "schmeißt sie raus aus dem Hof": the particle does not close the clause and
        // no place word does.
        assert!(find(&[VERB, THEY, PART, 0, 0, 0], &[0; 6], 6, 4).is_empty());
        // The particle past the window.
        assert!(find(&[VERB, THEY, 0, 0, PART], &[0; 5], 2, 4).is_empty());
        // In the next clause: "schiebt sie, ab".
        assert!(find(&[VERB, THEY, PART], &[0, 0, 1], 6, 4).is_empty());
        // A verb ending the comment, and mismatched lengths: nothing read past them.
        assert!(find(&[THEY, VERB], &[0; 2], 6, 4).is_empty());
        assert!(find(&[VERB, THEY, PART], &[0; 2], 6, 4).is_empty());
    }

    #[test]
    fn a_place_closing_the_clause_after_the_particle_counts() {
        // "schmeißt sie raus aus dem Land"
        assert_eq!(
            find(&[VERB, THEY, PART, 0, 0, PLACE], &[0; 6], 6, 4),
            vec![(0, 2)]
        );
        // "sperrt die weg in den Knast, sofort": the comma closes the clause.
        let clause = [0, 0, 0, 0, 0, 0, 1];
        let roles = [VERB, THEY, PART, 0, 0, PLACE, 0];
        assert_eq!(find(&roles, &clause, 6, 4), vec![(0, 2)]);
    }

    #[test]
    fn a_place_not_closing_too_far_or_with_no_one_named_is_nothing() {
        // "schmeißt die alten Sachen raus aus dem Land": no one named between.
        assert!(find(&[VERB, 0, 0, role::THING, PART, 0, 0, PLACE], &[0; 8], 6, 4).is_empty());
        // "schickt sie raus aus dem Land der Träume": the place does not close it.
        assert!(find(&[VERB, THEY, PART, 0, 0, PLACE, 0, 0], &[0; 8], 6, 4).is_empty());
        // The place past its window.
        assert!(find(&[VERB, THEY, PART, 0, 0, PLACE], &[0; 6], 6, 2).is_empty());
        // The place in the next clause: "schickt sie raus nun, ins Land".
        let clause = [0, 0, 0, 0, 1];
        assert!(find(&[VERB, THEY, PART, 0, PLACE], &clause, 6, 4).is_empty());
        // A place with no particle before it.
        assert!(find(&[VERB, THEY, 0, PLACE], &[0; 4], 6, 4).is_empty());
    }
}
