//! Object pronouns glued to the verb (Spanish, Portuguese, Italian put them after an
//! infinitive, a gerund or an imperative: "matarlos", "matá-los", "ucciderli").  The
//! packs' `clitics` make these forms of their violent and hostile verbs (compiled as
//! forms of the same term, counted only when aimed); this rule reads whom the pronoun
//! stands for.  A pronoun says nothing of people by itself ("hay que quemarlos en la
//! chimenea", the old papers): it aims the verb at people when it is doubled right after
//! the verb by words for people (the packs' `clitic_doubles`: "matarlos a todos",
//! "ucciderli tutti", "matá-los todos").  A person or a group named near the verb is the
//! target through the other rules already ("a los gitanos hay que echarlos").
//!
//! The verb may open a phrase (Portuguese "mandá-los embora", a `match = "glued"` term of
//! several words): the pronoun is then glued to the phrase's first word and the doubles
//! follow its last ("mandem-nos embora todos").
//!
//! The rule reads the verb's own word and the few words after it: constant time a hit.

use super::Ctx;
use crate::lexicon::role;
use crate::lexicon::Category;

/// The glued pronouns and their doubles, from the packs (the same for every comment).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Clitics {
    /// The pronouns as glued to a verb, folded: `los`, `-los`, `li`.
    pub clitics: Vec<String>,
    /// The words that double them with people right after the verb, each as its
    /// folded tokens: `a todos`, `tutti`.
    pub doubles: Vec<Vec<String>>,
}

/// The kinds of hit a glued pronoun is the object of: verbs.
pub fn aims(category: Category) -> bool {
    matches!(category, Category::Threat | Category::Harassment)
}

/// Whether the word at `i` is a verb of a hit of `category` with an object pronoun glued
/// to it: its object is that pronoun, and a person named before it in its clause
/// ("l'allenatore ha deciso di cacciarli") is its subject, not whom it is aimed at.
pub fn glued(c: &Ctx, i: usize, category: Category) -> bool {
    if c.clitics.clitics.is_empty() || !aims(category) || i >= c.size() {
        return false;
    }
    let word = &c.words[i];
    c.clitics
        .clitics
        .iter()
        .any(|p| word.len() > p.len() + 2 && word.ends_with(p.as_str()))
}

/// Where the words doubling the pronoun glued to the first word of the hit on tokens
/// `i..j` start (the token `j` right after it) and how many they are, if the hit is a verb
/// whose first word ends in a glued pronoun and they follow it in its clause.
pub fn doubled(c: &Ctx, i: usize, j: usize, category: Category) -> Option<(usize, usize)> {
    if i >= j || j >= c.size() || !glued(c, i, category) {
        return None;
    }
    // The clause of the hit's last word: a phrase's may open one ("embora", "although").
    let next = j;
    let cid = c.clause(j - 1);
    c.clitics
        .doubles
        .iter()
        .find(|d| {
            !d.is_empty()
                && next + d.len() <= c.size()
                && c.clause(next + d.len() - 1) == cid
                && c.words.eq_at(next, d)
        })
        .map(|d| (next, d.len()))
}

/// Whether the word at `q` is a person noun (not a group word) before the verb at `i` in
/// its clause: the subject of a verb whose object pronoun is glued to it ("l'allenatore
/// ha deciso di cacciarli"), not its object.  A group word is the object put first ("i rom
/// bisogna cacciarli"), a person set off by a comma or after the verb may be
/// ("mandem-nos embora daqui, ciganos").
pub fn subject(c: &Ctx, q: usize, i: usize) -> bool {
    let r = c.roles[q];
    q < i && r & role::PERSON_NOUN != 0 && r & role::IDENTITY == 0 && c.clause(q) == c.clause(i)
}
