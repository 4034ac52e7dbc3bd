//! The subject only in the verb (Spanish, Portuguese and Italian drop it): a copula of the
//! third person plural opening its sentence says its predicate of a group ("son unos
//! animales", "são uma praga", "erano dei bastardi"), as an explicit "they are" would.
//!
//! The copulas are the packs' `plural_copulas` (role [`PLURAL_COPULA`]).  The copula must
//! open its sentence, after nothing but words that name no one (a coordinator, a contrast
//! word, an intensifier, a negator: "pero son basura", "no son más que parásitos"): a
//! word of any other kind before it is taken for the subject and read as today ("estos
//! móviles son basura" is a thing's predicate, `attributive`).  A copula later in the
//! sentence, even opening a clause, is left alone: there it mostly takes its subject from
//! the clause before ("compré estos cascos, son una basura"), which a word list cannot
//! tell from people.  The predicate is the copula's: in its clause, a few words after it,
//! no other copula in between ("son las diez y esto es una mierda" says nothing of a
//! group).  Verbs (threats, harassment, self-harm) have a subject of their own.
//!
//! Also here, [`after_copula`]: a phrase that starts with a plural copula ("son
//! escoria", "são a escória") is read by `attributive` and `negated`, which look for the
//! copula before the match, as the words after it with that copula before them.  Only a
//! plural copula: a phrase opening with another ("sei solo una", "wäre die Welt eine
//! bessere") may hold a copula of another person or of another subject, and
//! `self_reference` is left as it is (a third person plural never links the author).

use super::{Ctx, Hit};
use crate::lexicon::{role, Category, TermRef};

/// The role bit of the `plural_copulas` context words (`matcher.Role.PLURAL_COPULA`).
pub const PLURAL_COPULA: crate::lexicon::role::Roles = 1 << 32;

/// The role bit of the `restrictives` context words: "más que", "altro che", "mais do
/// que" after a copula ("no son más que parásitos") say what the group is and nothing
/// else, so the predicate reads through them and a negator before them does not deny it.
pub const RESTRICTIVE: crate::lexicon::role::Roles = 1 << 33;

/// The role bit of the `ambiguous_copulas` context words: a copula that is both the
/// first person singular and the third plural (Italian `sono`), a plural copula only
/// when a word of `plural_markers` follows it ("sono dei parassiti", not "sono un
/// idiota").
pub const AMBIGUOUS_COPULA: crate::lexicon::role::Roles = 1 << 34;

/// The role bit of the `plural_markers` context words: plural articles and "all"
/// ("dei", "degli", "tutti").
pub const PLURAL_MARKER: crate::lexicon::role::Roles = 1 << 35;

/// The role bit of the `subject_articles` context words: a definite plural article
/// right after the predicate opens its subject ("son una plaga *los* mosquitos").
pub const SUBJECT_ARTICLE: crate::lexicon::role::Roles = 1 << 36;

/// The role bit the compiler gives a term's word that ends in a plural ending but is
/// singular by the pack's own forms (`number_endings`: Italian `deficiente`, whose
/// `deficienti` the pack also has).
pub const SINGULAR: crate::lexicon::role::Roles = 1 << 37;

/// The role bit of the `existentials` context words ("c'era", "había", "havia"): what
/// follows says what there is, not what someone is.
pub const EXISTENTIAL: crate::lexicon::role::Roles = 1 << 43;

/// Words that may stand before the copula without being its subject.
const LEADS: role::Roles =
    super::coordination::COORDINATOR | role::CONTRAST | role::INTENSIFIER | role::NEGATOR;

/// The kinds of hit a dropped subject can be the target of: not verbs
/// ([`super::rules::VERBS`]: they have a subject of their own).
pub fn aims(category: Category) -> bool {
    !super::rules::VERBS.contains(&category)
}

/// The plural copula that opens the sentence of the hit `i..j` and whose predicate the
/// hit is, if any (see the module).  Reads at most `windows.subject_leads` + 1 tokens
/// (the memo's quiet test reads as many: [`super::memo`]) and the counted roles:
/// constant time.
pub fn subject(c: &Ctx, i: usize, j: usize, category: Category) -> Option<usize> {
    if c.present & (PLURAL_COPULA | AMBIGUOUS_COPULA) == 0 || !aims(category) {
        return None;
    }
    let start = c.seg.sentence_start[c.sentence(i)];
    let q = (start..=(start + c.k.subject_leads).min(i)).find(|&q| c.roles[q] & LEADS == 0)?;
    let from = past(c, q, i, RESTRICTIVE);
    let plural = c.roles[q] & PLURAL_COPULA != 0
        || (c.roles[q] & AMBIGUOUS_COPULA != 0 && marked_plural(c, from, j));
    if !plural {
        return None;
    }
    if thing_after(c, j) {
        return None; // "son una plaga los mosquitos"
    }
    if q == i {
        // The match holds its copula ("son escoria"): the predicate is the rest of it.
        return (j - i > 1).then_some(q);
    }
    let predicate = c.clause(from) == c.clause(i)
        && i - from <= c.k.targeted_window
        && !c.any_role(from + 1, i, role::COPULA);
    predicate.then_some(q)
}

/// Whether the subject stands after the predicate ending at `j` and names no one: a
/// subject article right after it, in its clause, then (past intensifiers) a word with
/// no role of a person or group ("son una plaga los mosquitos", "são uma praga os
/// pombos"; not "los inmigrantes", "os políticos").  Reads at most a few tokens.
fn thing_after(c: &Ctx, j: usize) -> bool {
    if c.present & SUBJECT_ARTICLE == 0 || j == 0 || j >= c.size() {
        return false;
    }
    let cid = c.clause(j - 1);
    if c.clause(j) != cid || c.roles[j] & SUBJECT_ARTICLE == 0 {
        return false;
    }
    let end = (j + 1 + c.k.subject_between).min(c.size());
    (j + 1..end)
        .take_while(|&p| c.clause(p) == cid)
        .find(|&p| c.roles[p] & role::INTENSIFIER == 0 || c.roles[p] & role::TARGET != 0)
        .is_some_and(|p| c.roles[p] & role::TARGET == 0)
}

/// The last of the words of `bits` right after `q` (at most `windows.subject_between`, before
/// `end`), or `q` when none follows it.
fn past(c: &Ctx, q: usize, end: usize, bits: role::Roles) -> usize {
    if c.present & bits == 0 {
        return q;
    }
    (q + 1..(q + 1 + c.k.subject_between).min(end))
        .take_while(|&p| c.roles[p] & bits != 0)
        .last()
        .unwrap_or(q)
}

/// Whether a plural marker follows `from` in its clause, after intensifiers only
/// ("sono dei", "sono proprio dei", "sono tutti"), before the hit's end `j`.
fn marked_plural(c: &Ctx, from: usize, j: usize) -> bool {
    let only_intensifier =
        |p: usize| c.roles[p] & (role::INTENSIFIER | PLURAL_MARKER) == role::INTENSIFIER;
    let at = (from + 1..(from + 1 + c.k.subject_between).min(j))
        .find(|&p| !only_intensifier(p))
        .unwrap_or(j);
    // A marker, or the match itself in the plural ("sono idioti", not "sono deficiente").
    at < j
        && c.clause(at) == c.clause(from)
        && (c.roles[at] & PLURAL_MARKER != 0 || (at + 1 == j && c.plural(at)))
}

/// The copula opening the sentence of the hit `i..j` through "nothing but", of any
/// person: a copula then a restrictive ("no es más que un cabrón", "non è altro che un
/// cretino"), or a restrictive that is its own copula (Portuguese "não passa de um
/// bandido": the packs' `restrictives` "passa de"), the hit a few words after it in its
/// clause, no other copula nor a thing between ("no es más que un juego de mierda").
/// Only for a term with no benign sense
/// (`ambiguous = false`): "no es más que basura", "non è altro che un gioco" are said of
/// things.  The plural copulas are [`subject`]'s.  Constant time, like [`subject`].
pub fn restricted(c: &Ctx, i: usize, j: usize, term: &TermRef) -> Option<usize> {
    if c.present & RESTRICTIVE == 0 || term.ambiguous || !aims(term.category) {
        return None;
    }
    let start = c.seg.sentence_start[c.sentence(i)];
    let q = (start..=(start + c.k.subject_leads).min(i)).find(|&q| c.roles[q] & LEADS == 0)?;
    // Not the author's own copula ("no soy más que un idiota": `self_reference`'s).
    let own = role::SELF | role::SELF_AFTER;
    if q == i || c.roles[q] & (role::COPULA | RESTRICTIVE) == 0 || c.roles[q] & own != 0 {
        return None;
    }
    let from = past(c, q, i, RESTRICTIVE);
    let through = from > q || c.roles[q] & RESTRICTIVE != 0;
    let predicate = through
        && c.clause(from) == c.clause(i)
        && i - from <= c.k.targeted_window
        && !c.any_role(from + 1, i, role::COPULA | role::THING)
        && !thing_after(c, j);
    predicate.then_some(q)
}

/// The existential verb the hit `i..` is said after through "nothing but", in its clause
/// or past the restrictive only ("non c'era altro che immondizia", "no había más que
/// basura en la calle", "não havia mais que lixo"): what there was, a thing, not anyone's
/// predicate.  Not without the restrictive: "hay demasiados X en este país" is said of
/// people.  Only for a
/// term with a benign sense (`ambiguous = true`): "non c'erano altro che imbecilli" says the
/// insult of the people there.  Reads at most `windows.targeted` + `windows.subject_between`
/// tokens before the hit, stopping at a copula or a clause a restrictive does not open.
pub fn existential(c: &Ctx, i: usize, term: &TermRef) -> Option<usize> {
    let both = EXISTENTIAL | RESTRICTIVE;
    if c.present & both != both || !term.ambiguous || !aims(term.category) {
        return None;
    }
    let lo = i.saturating_sub(c.k.targeted_window + c.k.subject_between);
    let (mut p, mut restricted) = (i, false);
    while p > lo {
        p -= 1;
        if c.roles[p] & EXISTENTIAL != 0 {
            return restricted.then_some(p);
        }
        restricted |= c.roles[p] & RESTRICTIVE != 0;
        let opened = c.clause(p) != c.clause(p + 1) && c.roles[p + 1] & RESTRICTIVE == 0;
        if opened || c.roles[p] & role::COPULA != 0 {
            return None;
        }
    }
    None
}

/// Where the hit's words start once a plural copula it opens with is set before it:
/// "son escoria" is read as "escoria" after "son" by `attributive` and `negated` ("mis
/// auriculares son una escoria", "nunca dije que ... son escoria").
pub fn after_copula(h: &Hit, c: &Ctx) -> usize {
    let i = h.i();
    if h.j() - i > 1 && c.roles[i] & PLURAL_COPULA != 0 {
        i + 1
    } else {
        i
    }
}
