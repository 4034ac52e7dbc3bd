//! The author after the insult: Italian, Spanish and Portuguese put the first-person
//! copula after an exclaimed insult ("che idiota sono", "qué idiota soy", "que burro que
//! eu sou"), where `self_reference` reads only the words before it.  One of the packs'
//! `self_after` verbs (`sono`, `soy`, `sou`) after a singular name-calling match (Italian `sono` is
//! also "they are": "che idioti sono"), right after it, after a first-person pronoun
//! ("eu sou") or after the exclamative said again as a relative ("che idiota *che*
//! sono"), in the match's clause, makes the match the author's own, unless a word after
//! the verb names others ("che idiota sono *questi*", "sono *i politici*").  English and
//! French put their subject before the verb ("bitch I'm done" opens a new clause): their
//! packs list no `self_after` verb.  Only the words within the self-reference window after
//! the match are read (the memo's reach holds them: `memo::reach`).

use super::{Ctx, Hit};
use crate::lexicon::{role, Category};

/// The matches the author can call themself after the fact: names, not acts ("a única
/// pessoa que vai comer seu cu sou eu" is no self-description).
const NAMES: [Category; 3] = [Category::Insult, Category::Slur, Category::BodyShaming];

/// The roles of the words after the verb that name someone else: "sono questi",
/// "sono loro", "sono tutti", "sono i politici".
const OTHERS: role::Roles = role::NAMES_SOMEONE | role::DEMONSTRATIVE | role::VOCATIVE;

/// The word that makes the match at `h` the author's own, read after it (see the module).
pub fn author_after(h: &Hit, c: &Ctx) -> Option<usize> {
    // Every reading below ends on a `self_after` verb: a comment with none (English,
    // French, most of any language) is not read at all.
    if c.present & role::SELF_AFTER == 0 || !NAMES.contains(&h.term.category) {
        return None;
    }
    let (size, j) = (c.size(), h.j());
    let cid = c.clause(j - 1);
    // Every word read lies within the self-reference window after the match.
    let end = (j + c.k.self_window).min(size);
    let here = |q: usize| q < end && c.clause(q) == cid;
    let after = |q: usize| here(q) && c.roles[q] & role::SELF_AFTER != 0;
    let mut q = j;
    if here(q) && h.i() > 0 && c.words[q] == c.words[h.i() - 1] {
        q += 1; // "che idiota che sono", "qué idiota que soy"
    }
    if here(q) && c.roles[q] & (role::SELF | role::SELF_AFTER) == role::SELF {
        q += 1; // "que burro que eu sou"
    }
    if !after(q) || c.plural(j - 1) {
        return None; // "che idioti sono" is "they are"
    }
    let verb = q;
    while after(q) || (here(q) && c.roles[q] & role::SELF != 0) {
        q += 1; // "sono stato", "he sido", "sono io"
    }
    let others = (q..end)
        .take_while(|&p| c.clause(p) == cid)
        .any(|p| c.roles[p] & OTHERS != 0 && c.roles[p] & role::SELF == 0);
    (!others).then_some(verb)
}
