//! Split (separable) verbs (issue #18): German puts a separable verb's particle at the
//! end of its clause, its object between ("schmeißt *die* alle raus", "schiebt *sie*
//! endlich ab", "sperrt *solche Leute* weg").  A pack's `split_verbs` (the verb's
//! forms that stand apart from the particle: `schmeißt`, `schiebt`, `sperrt`) and
//! `split_particles` (`raus`, `ab`, `weg`) make one hit of the whole verb when a
//! particle closes the verb's clause within `windows.split_verb` tokens of it and a word
//! naming people stands between them (a pronoun subject, a third-person word, a person
//! or identity noun): a call to throw people out, deport or lock them away.  "schmeißt
//! die alten Sachen raus" names no one between: no hit.  Each verb reads a bounded
//! window, so the rule is linear in the comment.

use super::explain::{Note, Phrase};
use super::{Constants, Hit};
use crate::lexicon::role::Roles;
use crate::lexicon::{role, Category};
use crate::words::Words;

/// The role bit of the `split_verbs` context words (`matcher.Role.SPLIT_VERB`).
pub const SPLIT_VERB: Roles = 1 << 41;
/// The role bit of the `split_particles` context words (`matcher.Role.SPLIT_PARTICLE`).
pub const SPLIT_PARTICLE: Roles = 1 << 42;

/// The rule's name, as `explain()` and a match's `rules` show it.
pub const NAME: &str = "split_verb";

/// The split verbs of a comment, as (verb, particle) tokens, from its tokens' roles and
/// clauses: the particle is the last token of the verb's clause, within `reach` tokens
/// after it, and a word naming people stands between them.
pub fn find(roles: &[Roles], clause: &[u32], reach: usize) -> Vec<(usize, usize)> {
    let size = roles.len().min(clause.len());
    let mut out = Vec::new();
    for v in 0..size {
        if roles[v] & SPLIT_VERB == 0 {
            continue;
        }
        let cid = clause[v];
        let Some(last) = (v + 1..(v + 1 + reach).min(size))
            .take_while(|&q| clause[q] == cid)
            .last()
        else {
            continue;
        };
        let closes = last + 1 >= size || clause[last + 1] != cid;
        let people = (v + 1..last).any(|q| roles[q] & role::NAMES_SOMEONE != 0);
        if closes && people && roles[last] & SPLIT_PARTICLE != 0 {
            out.push((v, last));
        }
    }
    out
}

/// The hits of the split verbs: a term of their own (hostility, `split_verb_severity`),
/// named by the verb and its particle, with the rule's note.
pub fn hits<'a>(words: &Words, roles: &[Roles], clause: &[u32], k: &Constants) -> Vec<Hit<'a>> {
    find(roles, clause, k.split_verb_window)
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

    #[test]
    fn a_particle_closing_the_clause_with_people_between_is_found() {
        // "schmeißt die alle raus"
        assert_eq!(find(&[VERB, THEY, 0, PART], &[0; 4], 6), vec![(0, 3)]);
        // "schmeißt die alle raus, sofort": the comma closes the clause.
        let clause = [0, 0, 0, 0, 1];
        assert_eq!(find(&[VERB, THEY, 0, PART, 0], &clause, 6), vec![(0, 3)]);
    }

    #[test]
    fn no_one_between_a_word_after_the_particle_or_too_far_is_nothing() {
        // "schmeißt die alten Sachen raus": no one named between.
        assert!(find(&[VERB, 0, 0, role::THING, PART], &[0; 5], 6).is_empty());
        // "schmeißt sie raus aus dem Land": the particle does not close the clause.
        assert!(find(&[VERB, THEY, PART, 0, 0, 0], &[0; 6], 6).is_empty());
        // The particle past the window.
        assert!(find(&[VERB, THEY, 0, 0, PART], &[0; 5], 2).is_empty());
        // In the next clause: "schiebt sie, ab".
        assert!(find(&[VERB, THEY, PART], &[0, 0, 1], 6).is_empty());
        // A verb ending the comment, and mismatched lengths: nothing read past them.
        assert!(find(&[THEY, VERB], &[0; 2], 6).is_empty());
        assert!(find(&[VERB, THEY, PART], &[0; 2], 6).is_empty());
    }
}
