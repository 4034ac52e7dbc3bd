//! Pronoun subjects where nouns are capitalised (issue #18, rule 6).  German `die`,
//! `denen`, `solche` are articles before a noun and pronouns ("they", "those") before a
//! verb; German writes every noun with a capital, so one of a pack's `pronoun_subjects`
//! right before a lower-case word is the pronoun: "die haben hier nichts zu suchen",
//! "die braucht hier keiner", and a capitalised "Die" opening a sentence the same ("Die
//! haben ..."; "Die Bahn kommt" is the article).  Adjectives stand lower case between
//! the article and its noun ("die einzige dumme Stadt"): a run of up to
//! `windows.pronoun_adjectives` lower-case words ending on a capitalised one is read as
//! that, unless a word of the run is a function word of the language or a verb-phrase
//! word ([`VERBAL`]: "die *haben* in unserem Land", "die braucht *kein* Mensch", "die
//! *sind* Dreck").  The pronoun is then a third-person
//! word, a target for what is said of it (not after a comma: a relative pronoun stands
//! for the noun before it), only in a comment that may be read in such a
//! language (a pack's `nouns_capitalised`); a pronoun cannot tell people from things,
//! and the terms decide what may be aimed (see `docs/languages.md`).

use crate::lexicon::{role, Lexicon, Scan};
use crate::normalize::Normalized;
use crate::score::context::ends_sentence;
use crate::score::Constants;
use crate::unicode::{is_lower, is_space, is_upper};

/// The comma, which opens a relative clause before its pronoun.
const COMMA: crate::Cp = ',' as crate::Cp;

/// The most words of a listed phrase after its pronoun ("die *sollte man*") whose
/// third-person role a thing named before takes back: a bound, the walk stops earlier
/// at the first word without the role.
const PHRASE: usize = 3;

/// The roles of the words a verb phrase holds and a noun phrase does not: "die *sind*
/// Dreck", "die *gehören* Abgeschoben", "die braucht *kein* Mensch", "die *sagen*
/// Lügen".  Not the derogatory or intensifying adjectives ("die *dumme* Stadt", "die
/// *scheiß* Fresse").
const VERBAL: role::Roles = role::COPULA | role::INTENT | role::NEGATOR | role::REPORTING;

/// Give the third-person role to each of the packs' `pronoun_subjects` of the languages
/// of `reading` that capitalise their nouns and that stands as a pronoun (see the
/// module).  One pass over the tokens, a few words compared and read at each.
pub fn mark(
    lex: &Lexicon,
    n: &Normalized,
    scan: &Scan,
    roles: &mut [role::Roles],
    (reading, k): (u32, &Constants),
) {
    let langs = lex.capitalised & reading;
    if langs == 0 || lex.pronouns.is_empty() {
        return;
    }
    let (words, starts, ends) = (&scan.words, &scan.starts, &scan.ends);
    let original = n.original();
    // The first letter of token `q` as typed, if it has one there.
    let first = |q: usize| {
        let (a, b) = n.to_original(*starts.get(q)?, *ends.get(q)?)?;
        (a < b).then(|| original.get(a).copied()).flatten()
    };
    let lower = |q: usize| first(q).is_some_and(is_lower);
    let upper = |q: usize| first(q).is_some_and(is_upper);
    // Only spaces between tokens `q` and `q + 1`: no comma, stop or dash.
    let beside = |q: usize| match (ends.get(q), starts.get(q + 1)) {
        (Some(&a), Some(&b)) if a <= b => {
            (n.text.get(a..b)).is_some_and(|g| g.iter().all(|&c| is_space(c)))
        }
        _ => false,
    };
    // A comma right before token `q`: a relative clause opens there ("Profis, die durch
    // verdreckte Wohnungen fegen"), whose pronoun stands for the noun before the comma.
    let relative = |q: usize| match (q.checked_sub(1).and_then(|p| ends.get(p)), starts.get(q)) {
        (Some(&a), Some(&b)) if a <= b => (n.text.get(a..b)).is_some_and(|g| g.contains(&COMMA)),
        _ => false,
    };
    let size = words.len().min(roles.len());
    // A word of a verb phrase: a function word of the language, or one of [`VERBAL`].
    let grammar = |q: usize| {
        roles[q] & VERBAL != 0
            || (scan.entries.get(q).copied().flatten())
                .and_then(|l| lex.entry(l))
                .is_some_and(|e| e.langs & langs != 0)
    };
    // The pronouns of these languages, asked of each token's word read once: a German
    // comment is walked whole, and reading a word out of the token list costs more than
    // comparing it (a handful of pronouns, compared by length first).
    let pronouns: Vec<&str> = (lex.pronouns.iter())
        .filter(|(_, bit)| bit & langs != 0)
        .map(|(w, _)| w.as_str())
        .collect();
    let (mut marked, mut things) = (Vec::new(), Vec::new());
    for q in 0..size.saturating_sub(1) {
        let word = &words[q];
        if !pronouns.contains(&word) {
            continue;
        }
        if roles[q] & role::THIRD_PERSON != 0 {
            // Listed with its verb ("die sind"): a thing named before still makes it one.
            if thing_before(n, scan, roles, q, k.pronoun_antecedent) {
                things.push(q);
            }
            continue;
        }
        if !beside(q) || !lower(q + 1) || relative(q) {
            continue;
        }
        // The lower-case run after it, and whether a capitalised word closes it.
        let mut end = q + 1;
        while end < size
            && end <= q + k.pronoun_adjectives
            && lower(end)
            && (end == q + 1 || beside(end - 1))
        {
            end += 1;
        }
        let noun = end < size && beside(end - 1) && upper(end);
        if !noun || (q + 1..end).any(grammar) {
            marked.push(q);
        }
    }
    for q in marked {
        if !thing_before(n, scan, roles, q, k.pronoun_antecedent) {
            roles[q] |= role::THIRD_PERSON;
        }
    }
    for q in things {
        unlist(roles, q);
    }
}

/// The third-person role taken back from a pronoun that stands for a thing and from the
/// words of its listed phrase after it ("die *sind*", "die *sollte man*"), up to a
/// word that names people of its own.
fn unlist(roles: &mut [role::Roles], q: usize) {
    for r in roles.iter_mut().skip(q).take(PHRASE) {
        if *r & role::THIRD_PERSON == 0 || *r & (role::PERSON_NOUN | role::IDENTITY) != 0 {
            break;
        }
        *r &= !role::THIRD_PERSON;
    }
}

/// Whether the nearest noun a pack knows before the pronoun `q`, within `back` tokens
/// (`windows.pronoun_antecedent`)
/// of its sentence, is a thing (a `things` word: "Ich habe nichts gegen vegane
/// *Gerichte*, aber die meisten sind ziemlich widerlich"): the pronoun stands for it and
/// what is said of it is not aimed.  A person or identity noun nearer ("nichts gegen
/// *Ausländer*, aber die meisten sind Schmarotzer"), or none, leaves it "they".
fn thing_before(n: &Normalized, scan: &Scan, roles: &[role::Roles], q: usize, back: usize) -> bool {
    let (starts, ends) = (&scan.starts, &scan.ends);
    // A mark ending a sentence between tokens `p` and `p + 1`.
    let stop = |p: usize| match (ends.get(p), starts.get(p + 1)) {
        (Some(&a), Some(&b)) if a <= b => {
            (n.text.get(a..b)).is_some_and(|g| g.iter().any(|&c| ends_sentence(c)))
        }
        _ => true,
    };
    for p in (q.saturating_sub(back)..q).rev() {
        if stop(p) {
            return false;
        }
        let r = roles.get(p).copied().unwrap_or(0);
        if r & role::NAMES_SOMEONE != 0 {
            return false;
        }
        if r & role::THING != 0 {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::tests::scored;
    use super::super::*;
    use crate::lexicon::tests::{add_context_words, tiny};

    /// Whether `text` (folded by the normaliser: case matters here) has a match aimed at
    /// the pronoun `die`.
    fn aimed_at_die(lex: &Lexicon, text: &str) -> bool {
        (scored(lex, text).reasons.iter()).any(|r| r.text().contains("('die')"))
    }

    fn german() -> Lexicon {
        let mut lex = tiny();
        lex.capitalised = 1;
        lex.pronouns = vec![("die".into(), 1)];
        add_context_words(
            &mut lex,
            &[("kabel", role::THING), ("leute", role::PERSON_NOUN)],
        );
        lex
    }

    #[test]
    fn a_thing_named_before_the_pronoun_makes_it_that_thing() {
        let lex = german();
        assert!(!aimed_at_die(&lex, "Kabel und die sind so idiot"));
        assert!(!aimed_at_die(
            &lex,
            "nichts gegen Kabel, aber die sind so idiot"
        ));
        // People named nearer, or the thing in another sentence: "they".
        assert!(aimed_at_die(
            &lex,
            "Kabel Leute eins zwei drei vier und die sind so idiot"
        ));
        assert!(aimed_at_die(&lex, "Kabel. die sind so idiot"));
        assert!(aimed_at_die(
            &lex,
            "Kabel eins zwei drei vier fünf sechs sieben acht die sind so idiot"
        ));
    }

    #[test]
    fn a_listed_word_before_a_lower_case_word_is_a_pronoun() {
        let lex = german();
        assert!(aimed_at_die(&lex, "die sind so idiot"));
        assert!(
            aimed_at_die(&lex, "Die sind so idiot"),
            "opening a sentence"
        );
        assert!(
            aimed_at_die(&lex, "die so idiot"),
            "a run with no noun after it"
        );
    }

    #[test]
    fn an_article_a_relative_or_another_language_is_not() {
        let lex = german();
        assert!(!aimed_at_die(&lex, "die Kabel idiot"), "before a noun");
        assert!(
            !aimed_at_die(&lex, "die alte Kabel idiot"),
            "an adjective run"
        );
        assert!(
            !aimed_at_die(&lex, "Kabel, die sind idiot"),
            "a relative pronoun"
        );
        assert!(
            !aimed_at_die(&lex, "die, sind idiot"),
            "not beside its verb"
        );
        let mut names = german();
        names.capitalised = 0;
        assert!(!aimed_at_die(&names, "die sind so idiot"));
        let mut none = german();
        none.pronouns.clear();
        assert!(!aimed_at_die(&none, "die sind so idiot"));
    }
}
