//! Threats read from their structure, not from a fixed phrase: the author says they mean
//! to do harm (a first-person word and an intent word: "I will", "I'm gonna", "je vais",
//! "on va"), a harm verb follows in the same clause ("hurt", "beat ... up", "frapper"),
//! and a person is its object ("you", "him", "ce mec"; a French clitic before the verb:
//! "je vais *te* tuer").  The words come from the packs' `context.toml` (`intent`,
//! `self_reference`, `harm_verbs`, the target lists); the reach from `scoring.toml`
//! (`windows.threat_reach`, `windows.threat_object`).
//!
//! The rule makes a hit of its own, as a derogatory pair does, so the context rules
//! still weigh it: reported speech ("he said I will hurt you") and quotes lower it.
//! A negation between the author and the verb ("I would never hurt you", "je vais pas te
//! frapper") means there is no threat, so no hit is made.  Every harm verb looks at a
//! bounded number of tokens, so the rule is linear in the comment.

use super::explain::{Note, Phrase};
use super::{Constants, Hit};
use crate::lexicon::role::Roles;
use crate::lexicon::{role, Category};
use crate::words::Words;

/// The role bit of the `harm_verbs` context words (`matcher.Role.HARM`).
pub const HARM: crate::lexicon::role::Roles = 1 << 22;
/// The role bit of the `first_person_intent` context words: the author and their intent
/// in one word ("imma", "jvais", "on va"; `matcher.Role.FIRST_INTENT`).
pub const FIRST_INTENT: crate::lexicon::role::Roles = 1 << 23;
const INTENT: Roles = role::INTENT | FIRST_INTENT;
const AUTHOR: Roles = role::SELF | FIRST_INTENT;

/// The rule's name, as `explain()` and a match's `rules` show it.
pub const NAME: &str = "intent_harm";

/// Where a threat was found: the first-person word, the intent word, the harm verb (its
/// first token) and the person harmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Threat {
    pub me: usize,
    pub intent: usize,
    pub verb: usize,
    /// One past the last token of the harm verb's phrase ("beat you up").
    pub verb_end: usize,
    pub person: usize,
    /// One past the last token of the threat.
    pub end: usize,
}

/// The threats of a comment, from its tokens' roles and clause numbers.
pub fn find(roles: &[Roles], clause: &[u32], k: &Constants) -> Vec<Threat> {
    let size = roles.len();
    let mut out = Vec::new();
    let mut q = 0;
    while q < size {
        if roles[q] & HARM == 0 {
            q += 1;
            continue;
        }
        // A run of harm words is one verb ("beat you up" is one phrase).
        let verb = q;
        while q < size && roles[q] & HARM != 0 && clause[q] == clause[verb] {
            q += 1;
        }
        if let Some(t) = threat_at(roles, clause, k, verb, q) {
            out.push(t);
        }
    }
    out
}

fn threat_at(
    roles: &[Roles],
    clause: &[u32],
    k: &Constants,
    verb: usize,
    run_end: usize,
) -> Option<Threat> {
    let cid = clause[verb];
    let same = |q: usize| clause[q] == cid;
    // The nearest intent word before the verb, then the first word of its phrase.
    let from = verb.saturating_sub(k.threat_reach);
    let mut intent = (from..verb)
        .rev()
        .find(|&q| same(q) && roles[q] & INTENT != 0)?;
    while intent > 0 && same(intent - 1) && roles[intent - 1] & INTENT != 0 {
        intent -= 1; // "going to", "want to"
    }
    // The author: a first-person word at the intent word or just before it ("I will",
    // "I am going to", "i'll", "jvais").
    let me = (intent.saturating_sub(2)..verb)
        .take_while(|&q| q <= intent || roles[q] & INTENT != 0)
        .find(|&q| same(q) && roles[q] & AUTHOR != 0)?;
    if (me..verb).any(|q| roles[q] & role::NEGATOR != 0) {
        return None; // "I would never hurt you", "je vais pas te frapper"
    }
    let person = person_harmed(roles, clause, k, intent, verb, run_end)?;
    // The whole name of the person ("that guy", "you guys").
    let mut end = run_end.max(person + 1);
    while end < roles.len() && clause[end] == cid && roles[end] & role::NAMES_SOMEONE != 0 {
        end += 1;
    }
    Some(Threat {
        me,
        intent,
        verb,
        verb_end: run_end,
        person,
        end,
    })
}

/// The person the verb is done to: inside the verb's phrase ("beat *you* up"), an object
/// pronoun right before the verb (French clitics, the pack's `object_pronouns`: "je vais
/// *te* tuer", "je vais *le* frapper"; in English a word there is the verb's subject, "I
/// hope *you* choke", and the list is empty), or a target word
/// among the few after it ("hurt *you*", "punch *that guy*").  After the verb, an object
/// pronoun alone does not count: French `la`, `les` there are articles ("tuer la bête");
/// nor does a person word right before a word for a thing: "hurt your feelings" harms
/// the feelings (the pack's `things` list).
fn person_harmed(
    roles: &[Roles],
    clause: &[u32],
    k: &Constants,
    intent: usize,
    verb: usize,
    run_end: usize,
) -> Option<usize> {
    let thing_after = |q: usize| {
        q + 1 < roles.len() && clause[q + 1] == clause[q] && roles[q + 1] & role::THING != 0
    };
    let person = |q: usize, bits: Roles| {
        clause[q] == clause[verb]
            && roles[q] & bits != 0
            && roles[q] & role::SELF == 0
            && !thing_after(q)
    };
    if let Some(q) = (verb + 1..run_end).find(|&q| person(q, role::TARGET)) {
        return Some(q);
    }
    if verb > intent + 1 && person(verb - 1, role::OBJECT) {
        return Some(verb - 1);
    }
    let after = (run_end + k.threat_object).min(roles.len());
    (run_end..after).find(|&q| person(q, role::NAMES_SOMEONE))
}

/// The hits of the threats found: a term of their own, named by their words, with the
/// rule's note.
pub fn hits<'a>(words: &Words, roles: &[Roles], clause: &[u32], k: &Constants) -> Vec<Hit<'a>> {
    find(roles, clause, k)
        .into_iter()
        .map(|t| {
            let h = Hit::structural(words, t.me, t.end, Category::Threat, k.threat_severity);
            let mut said = t.intent + 1; // the intent phrase: "going to", "on va"
            while said < t.verb && roles[said] & INTENT != 0 {
                said += 1;
            }
            let spans = [
                (t.me.min(t.intent), said),
                (t.verb, t.verb_end),
                (t.person, t.person + 1),
            ];
            h.found_by(NAME, Note::spans(Phrase::ThreatStructure, &spans))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k() -> Constants {
        Constants {
            threat_reach: 6,
            threat_object: 2,
            threat_severity: 2,
            ..Default::default()
        }
    }

    const I: Roles = role::SELF;
    const WILL: Roles = role::INTENT;
    const YOU: Roles = role::SECOND_PERSON;
    const NOT: Roles = role::NEGATOR;

    fn found(roles: &[Roles]) -> Vec<Threat> {
        find(roles, &vec![0; roles.len()], &k())
    }

    #[test]
    fn intent_then_harm_then_person_is_a_threat() {
        // "I will find you and hurt you"
        let t = found(&[I, WILL, 0, YOU, 0, HARM, YOU]);
        assert_eq!(
            t,
            vec![Threat {
                me: 0,
                intent: 1,
                verb: 5,
                verb_end: 6,
                person: 6,
                end: 7
            }]
        );
        // "I am going to beat you up after school": the person inside the verb's phrase.
        let t = found(&[
            I | role::COPULA,
            I,
            WILL,
            WILL,
            HARM,
            HARM | YOU,
            HARM,
            0,
            0,
        ]);
        assert_eq!((t[0].me, t[0].verb, t[0].person, t[0].end), (0, 4, 5, 7));
        // "je vais te tuer": a clitic before the verb.
        let t = found(&[I, WILL, YOU | role::OBJECT, HARM]);
        assert_eq!((t[0].person, t[0].end), (2, 4));
    }

    #[test]
    fn no_threat_without_each_part() {
        assert!(found(&[I, WILL, HARM, 0, 0]).is_empty()); // "I will kill this exam"
        assert!(found(&[I, 0, HARM, YOU]).is_empty()); // no intent: "I hurt you"
        assert!(found(&[YOU, WILL, HARM, YOU]).is_empty()); // not the author
        assert!(found(&[I, WILL, NOT, HARM, YOU]).is_empty()); // "I will never hurt you"
        assert!(found(&[I, WILL, YOU, 0, 0, HARM, 0]).is_empty()); // "I'll show you how to kill"
        assert!(found(&[I, WILL, YOU, HARM]).is_empty()); // "I hope you choke": a subject
                                                          // A clause break between the parts.
        assert!(find(&[I, WILL, HARM, YOU], &[0, 0, 1, 1], &k()).is_empty());
        // Too far from the intent word.
        assert!(found(&[I, WILL, 0, 0, 0, 0, 0, 0, HARM, YOU]).is_empty());
    }

    #[test]
    fn one_word_can_be_the_author_and_the_intent() {
        // "imma hurt you", "on va te tuer"
        let t = found(&[FIRST_INTENT, HARM, YOU]);
        assert_eq!((t[0].me, t[0].intent, t[0].end), (0, 0, 3));
    }

    #[test]
    fn an_article_or_a_thing_after_the_verb_is_no_person() {
        // "je vais tuer la bête": `la` is an object pronoun only before the verb.
        assert!(found(&[I, WILL, HARM, role::OBJECT, 0]).is_empty());
        // "I will hurt your feelings"
        assert!(found(&[I, WILL, HARM, YOU, role::THING]).is_empty());
    }

    #[test]
    fn the_threat_spans_the_whole_name_of_the_person() {
        // "I'm gonna punch that guy": both words of "that guy" name the person.
        let third = role::THIRD_PERSON;
        let t = found(&[I, WILL, HARM, third, third]);
        assert_eq!((t[0].person, t[0].end), (3, 5));
    }
}
