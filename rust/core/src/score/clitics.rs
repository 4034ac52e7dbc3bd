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
//! The rule reads the verb's own word and the few words after it: constant time a hit.

use super::Ctx;
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

/// Where the words doubling the pronoun glued to the single-word hit at `i` start (the
/// token right after it) and how many they are, if the hit is a verb ending in a glued
/// pronoun and they follow it in its clause.
pub fn doubled(c: &Ctx, i: usize, category: Category) -> Option<(usize, usize)> {
    if c.clitics.clitics.is_empty() || !aims(category) || i + 1 >= c.size() {
        return None;
    }
    let word = &c.words[i];
    let glued = c
        .clitics
        .clitics
        .iter()
        .any(|p| word.len() > p.len() + 2 && word.ends_with(p.as_str()));
    if !glued {
        return None;
    }
    let next = i + 1;
    let cid = c.clause(i);
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
