//! Implicit derogation: a protected group demeaned with no slur and no insult, by the
//! shape of the sentence (HateCheck's `derog_impl_h`).  Four shapes, each a small named
//! function, each made of an identity word in a group reading and a predicate word of
//! the packs' new `context.toml` lists:
//!
//! - [`COMPARED`] `compared_to_lowly`: something lowly (the packs' `lowly`: animals,
//!   vermin, filth, disease, and what is kept for them) put above the group by a
//!   comparison (the packs' `comparisons`: "than", "plus", "plutôt"): "my dog is smarter
//!   than any woman", "la vie d'un insecte est plus précieuse que celle d'un réfugié".
//! - [`TREATED`] `treated_as_lowly`: the group, an intent word, a passive `be` and a lowly
//!   word: "immigrants should be taken to a vet", "les femmes devraient être jetées
//!   dans une décharge".
//! - [`CALAMITY`] `group_as_calamity`: the group, a copula or intent word, then a word
//!   for a calamity (the packs' `calamities`): "immigrants are a burden", "allowing more
//!   women into government will ruin our country", "serait la ruine de notre pays".
//! - [`DISTRUST`] `group_distrusted`: a negated trust verb (the packs' `trust_verbs`)
//!   with the group after it: "never trust a word said by a Muslim", "ne croyez jamais
//!   un réfugié".
//!
//! Guards: a negator between the parts undoes the shape ("women should not be treated
//! like dogs", "immigrants are not a burden"); a group before a comparison or a trust
//! verb is its subject, not its object ("women are treated worse than dogs", "black
//! people don't trust the police"); a group followed by a copula starts a clause of its
//! own ("I don't believe women are weaker").  Each rule makes a hit of its own, as a
//! merit denied does, and the context rules weigh it: quotes, reporting verbs and
//! counter-speech lower it.  The reach of each part is bounded (`windows.implied_near`,
//! `windows.implied_reach`), so the rules are linear in the comment.

use super::context::Segments;
use super::explain::{Note, Phrase};
use super::{Constants, Hit};
use crate::lexicon::role::Roles;
use crate::lexicon::{role, Category};
use crate::words::Words;

/// The role bit of the `lowly` context words (`matcher.Role.LOWLY`).
pub const LOWLY: crate::lexicon::role::Roles = 1 << 27;
/// The role bit of the `comparisons` context words (`matcher.Role.COMPARISON`).
pub const COMPARISON: crate::lexicon::role::Roles = 1 << 28;
/// The role bit of the `calamities` context words (`matcher.Role.CALAMITY`).
pub const CALAMITY_WORD: crate::lexicon::role::Roles = 1 << 29;
/// The role bit of the `trust_verbs` context words (`matcher.Role.TRUST`).
pub const TRUST: crate::lexicon::role::Roles = 1 << 30;
/// Every predicate bit: a comment with none of them (or no identity word) skips the rules.
pub const PREDICATES: Roles = LOWLY | COMPARISON | CALAMITY_WORD | TRUST;

/// The rules' names, as `explain()` and a match's `rules` show them.
pub const COMPARED: &str = "compared_to_lowly";
pub const TREATED: &str = "treated_as_lowly";
pub const CALAMITY: &str = "group_as_calamity";
pub const DISTRUST: &str = "group_distrusted";

/// Whether a hit is one of these rules': it names its group inside itself, so it is never
/// about the author ("I'd rather have cancer than be near a Muslim").
pub fn is_implied(h: &Hit) -> bool {
    h.rules()
        .next()
        .is_some_and(|r| [COMPARED, TREATED, CALAMITY, DISTRUST].contains(&r))
}

/// One implied derogation: the rule, the tokens it spans, its predicate word and group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Implied {
    pub rule: &'static str,
    pub start: usize,
    pub end: usize,
    pub predicate: usize,
    pub group: usize,
}

/// What the four rules read: the tokens' roles, their sentences and clauses, the reach.
struct View<'a> {
    roles: &'a [Roles],
    sentence: &'a [u32],
    clause: &'a [u32],
    near: usize,
    reach: usize,
}

impl View<'_> {
    fn has(&self, q: usize, bits: Roles) -> bool {
        self.roles[q] & bits != 0
    }
    /// The tokens of `q`'s sentence from `q - back` to `q` (excluded), nearest first.
    fn before(&self, q: usize, back: usize) -> impl Iterator<Item = usize> + '_ {
        let sid = self.sentence[q];
        (q.saturating_sub(back)..q)
            .rev()
            .take_while(move |&p| self.sentence[p] == sid)
    }
    /// The tokens of `q`'s sentence after `q`, up to `q + ahead`, nearest first.
    fn after(&self, q: usize, ahead: usize) -> impl Iterator<Item = usize> + '_ {
        let sid = self.sentence[q];
        let end = (q + ahead + 1).min(self.roles.len());
        (q + 1..end).take_while(move |&p| self.sentence[p] == sid)
    }
    fn negated(&self, a: usize, b: usize) -> bool {
        (a..b).any(|q| self.has(q, role::NEGATOR))
    }
    /// One past the last word of the group named at `g` ("trans people", "black person").
    fn group_end(&self, g: usize) -> usize {
        let mut e = g + 1;
        while e < self.roles.len()
            && self.sentence[e] == self.sentence[g]
            && self.has(e, role::IDENTITY)
        {
            e += 1;
        }
        e
    }
    /// A group word in a group reading: not itself a predicate word, nor an adjective of a
    /// thing named after it ("les *vieux* meubles", "*old* cars": the packs' `things`),
    /// nor praised by a positive word just before it ("than a *good* woman").
    fn group(&self, q: usize) -> bool {
        let of_a_thing = q + 1 < self.roles.len()
            && self.sentence[q + 1] == self.sentence[q]
            && self.has(q + 1, role::THING);
        let praised = self.before(q, 2).any(|p| self.has(p, role::POSITIVE));
        self.has(q, role::IDENTITY) && !self.has(q, PREDICATES) && !of_a_thing && !praised
    }
    /// A group named at `g` and then the start of a clause of its own: a copula or an
    /// intent word right after it ("I don't believe *women are* weaker").
    fn subject_of_its_own(&self, g: usize) -> bool {
        let e = self.group_end(g);
        e < self.roles.len() && self.has(e, role::COPULA | role::INTENT)
    }
}

/// `compared_to_lowly`: a lowly word, a comparison within `near` tokens after it with no
/// negator between (nor in the two tokens before the lowly word), and a group within `reach` tokens after the comparison; no group
/// before it (then the group is compared, not put below: "women are treated worse than
/// dogs").
fn compared_to_lowly(v: &View, c: usize) -> Option<Implied> {
    let p = v.before(c, v.near).find(|&q| v.has(q, LOWLY))?;
    // A negator just before the lowly word or before the comparison: "no dog is ...".
    let a = v.before(p, 2).last().unwrap_or(p);
    if v.negated(a, c) || v.before(c, v.reach).any(|q| v.group(q)) {
        return None;
    }
    let g = v.after(c, v.reach).find(|&q| v.group(q))?;
    // The match is the comparison and the group ("than any woman"): the lowly word stays
    // a word of its own, which may be a term ("cancer", "rat") weighed by its own rules.
    Some(Implied {
        rule: COMPARED,
        start: c,
        end: v.group_end(g),
        predicate: p,
        group: g,
    })
}

/// `treated_as_lowly`: a group, an intent word within `reach` tokens after it, a copula
/// within two tokens after that ("should be", "devraient tous être"), a lowly word within
/// `near` tokens after the copula, and no negator from the group to the lowly word.
fn treated_as_lowly(v: &View, m: usize) -> Option<Implied> {
    let b = v.after(m, 2).find(|&q| v.has(q, role::COPULA))?;
    let p = v.after(b, v.near).find(|&q| v.has(q, LOWLY))?;
    let g = v.before(m, v.reach).find(|&q| v.group(q))?;
    // The author or the reader between them is the one who is to be ("girl, I'll be your
    // ..."), not the group.
    let other = (g + 1..=m).any(|q| v.has(q, role::SELF | role::SECOND_PERSON));
    if other || v.negated(g, p) {
        return None;
    }
    let mut g0 = g;
    while g0 > 0 && v.sentence[g0 - 1] == v.sentence[g] && v.has(g0 - 1, role::IDENTITY) {
        g0 -= 1; // "trans people": the whole name of the group
    }
    Some(Implied {
        rule: TREATED,
        start: g0,
        end: p + 1,
        predicate: p,
        group: g0,
    })
}

/// `group_as_calamity`: a calamity word, a copula or intent word within `near` tokens
/// before it, a group within `reach` tokens before that, and no negator from the group to
/// the calamity word.
fn group_as_calamity(v: &View, w: usize) -> Option<Implied> {
    let l = v
        .before(w, v.near)
        .find(|&q| v.has(q, role::COPULA | role::INTENT))?;
    let g = v.before(l, v.reach).find(|&q| v.group(q))?;
    if v.negated(g, w) {
        return None;
    }
    let mut end = w + 1;
    while end < v.roles.len() && v.clause[end] == v.clause[w] && v.has(end, CALAMITY_WORD) {
        end += 1; // "the ruin of": one calamity
    }
    let mut g0 = g;
    while g0 > 0 && v.sentence[g0 - 1] == v.sentence[g] && v.has(g0 - 1, role::IDENTITY) {
        g0 -= 1;
    }
    Some(Implied {
        rule: CALAMITY,
        start: g0,
        end,
        predicate: w,
        group: g0,
    })
}

/// `group_distrusted`: a trust verb with a negator within two tokens before it or one
/// after it in its clause ("never trust", "ne croyez jamais"), a group within `reach`
/// tokens after it that starts no clause of its own, no one else named between them, and
/// no group before it in `reach`.
fn group_distrusted(v: &View, t: usize) -> Option<Implied> {
    let cid = v.clause[t];
    let around = t.saturating_sub(2)..(t + 2).min(v.roles.len());
    let n = around
        .filter(|&q| q != t && v.clause[q] == cid)
        .find(|&q| v.has(q, role::NEGATOR))?;
    if v.before(t, v.reach).any(|q| v.group(q)) {
        return None;
    }
    let g = v.after(t, v.reach).find(|&q| v.group(q))?;
    // Someone else named first is the one distrusted ("I don't trust a word *the
    // minister* says about immigrants").
    let someone = (t + 1..g).any(|q| v.has(q, role::TARGET) && !v.has(q, role::IDENTITY));
    if someone || v.subject_of_its_own(g) {
        return None;
    }
    Some(Implied {
        rule: DISTRUST,
        start: n.min(t),
        end: v.group_end(g),
        predicate: t,
        group: g,
    })
}

/// The implied derogations of a comment, from its tokens' roles and segments: at most one
/// per predicate word (the first of a run of them).
pub fn find(roles: &[Roles], seg: &Segments, k: &Constants) -> Vec<Implied> {
    let v = View {
        roles,
        sentence: &seg.sentence,
        clause: &seg.clause,
        near: k.implied_near,
        reach: k.implied_reach,
    };
    let mut out: Vec<Implied> = Vec::new();
    let first_of = |q: usize, bit: Roles| v.has(q, bit) && (q == 0 || !v.has(q - 1, bit));
    for (q, r) in roles.iter().enumerate() {
        if r & (PREDICATES | role::INTENT) == 0 {
            continue;
        }
        let found = [
            (
                COMPARISON,
                compared_to_lowly as fn(&View, usize) -> Option<Implied>,
            ),
            (role::INTENT, treated_as_lowly),
            (CALAMITY_WORD, group_as_calamity),
            (TRUST, group_distrusted),
        ]
        .into_iter()
        .filter(|&(bit, _)| first_of(q, bit))
        .find_map(|(_, rule)| rule(&v, q));
        // Two rules on the same words are one derogation.
        let overlaps = |d: &Implied| {
            out.last()
                .is_some_and(|o| o.start < d.end && d.start < o.end)
        };
        if let Some(d) = found.filter(|d| !overlaps(d)) {
            out.push(d);
        }
    }
    out
}

/// The hits of the implied derogations: an identity attack of their own, named by their
/// words, with the rule's name and note.  One whose words hold a hit already found (a
/// term, a pair, a threat: `found`) is left out: that hit is the evidence, weighed by its
/// own rules, and a longer hit would hide it ("les renois est des *sauvages*"); a term
/// that is a word of the group ("homos"), or a word of the predicate no more severe than
/// these rules' matches, does not count.
pub fn hits<'a>(
    words: &Words,
    roles: &[Roles],
    seg: &Segments,
    k: &Constants,
    found: &[Hit],
) -> Vec<Hit<'a>> {
    // The nearest end of a hit starting at each token (of any hit, and of one more severe
    // than these rules' own): a hit inside `a..b` starts at some `q` in it and ends by
    // `b`. Implied spans are bounded, so this is linear.
    let mut any_end = vec![usize::MAX; roles.len()];
    let mut severe_end = vec![usize::MAX; roles.len()];
    for h in found {
        any_end[h.i()] = any_end[h.i()].min(h.j());
        if h.term.severity > k.implied_severity {
            severe_end[h.i()] = severe_end[h.i()].min(h.j());
        }
    }
    // The group's own words may be terms too ("homos"): they are the group. A predicate's
    // word may be a term as well ("plus *grosse* erreur"): it is the shape, unless the term
    // is more severe ("a *cancer* on": the term says more than the shape).
    let holds_a_hit = |d: &Implied| {
        (d.start..d.end).any(|q| {
            let r = roles[q];
            r & role::IDENTITY == 0
                && (severe_end[q] <= d.end || (r & PREDICATES == 0 && any_end[q] <= d.end))
        })
    };
    find(roles, seg, k)
        .into_iter()
        .filter(|d| !holds_a_hit(d))
        .map(|d| {
            let spans = [d.predicate, d.group].map(|q| (q, q + 1));
            Hit::structural(
                words,
                d.start,
                d.end,
                Category::IdentityAttack,
                k.implied_severity,
            )
            .found_by(d.rule, Note::spans(Phrase::Implied, &spans))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k() -> Constants {
        Constants {
            implied_near: 4,
            implied_reach: 8,
            implied_severity: 2,
            ..Default::default()
        }
    }

    const G: Roles = role::IDENTITY;
    const NOT: Roles = role::NEGATOR;
    const BE: Roles = role::COPULA;
    const WILL: Roles = role::INTENT;

    fn found(roles: &[Roles]) -> Vec<Implied> {
        let size = roles.len();
        let seg = Segments {
            sentence: vec![0; size],
            clause: vec![0; size],
            sentence_start: vec![0],
        };
        find(roles, &seg, &k())
    }

    fn rules(roles: &[Roles]) -> Vec<&'static str> {
        found(roles).into_iter().map(|d| d.rule).collect()
    }

    #[test]
    fn a_lowly_thing_put_above_a_group() {
        // "my dog is smarter than any woman"
        let d = found(&[0, LOWLY, BE, 0, COMPARISON, 0, G]);
        assert_eq!(
            d,
            vec![Implied {
                rule: COMPARED,
                start: 4,
                end: 7,
                predicate: 1,
                group: 6
            }]
        );
        // "women are treated worse than dogs": the group is the one compared.
        assert!(found(&[G, BE, 0, 0, COMPARISON, LOWLY]).is_empty());
        // "no dog is smarter than a woman"
        assert!(found(&[NOT, LOWLY, BE, 0, COMPARISON, 0, G]).is_empty());
        // Too far apart.
        assert!(found(&[LOWLY, 0, 0, 0, 0, 0, COMPARISON, G]).is_empty());
        // "you'd rather live with trash than with a good woman": the group is praised.
        assert!(found(&[0, 0, LOWLY, COMPARISON, 0, 0, role::POSITIVE, G]).is_empty());
    }

    #[test]
    fn a_group_treated_as_lowly() {
        // "immigrants should be taken to a vet"
        assert_eq!(rules(&[G, WILL, BE, 0, 0, 0, LOWLY]), vec![TREATED]);
        // "trans people should all be dumped in a landfill": the whole group.
        let d = found(&[G, G, WILL, 0, BE, 0, 0, 0, LOWLY]);
        assert_eq!((d[0].start, d[0].end), (0, 9));
        // "women should not be treated like dogs"
        assert!(found(&[G, WILL, NOT, BE, 0, 0, LOWLY]).is_empty());
        // "girl, I'll be your ...": the author is the one to be.
        assert!(found(&[G, role::SELF | WILL, BE, 0, LOWLY]).is_empty());
        // "immigrants should take their dogs": no passive `be`.
        assert!(found(&[G, WILL, 0, 0, LOWLY]).is_empty());
        // "old furniture should be dumped in a landfill": `old` describes a thing.
        assert!(found(&[G, role::THING, WILL, BE, 0, 0, LOWLY]).is_empty());
    }

    #[test]
    fn a_group_as_a_calamity() {
        // "immigrants are a burden", "more women in government will ruin"
        assert_eq!(rules(&[G, BE, 0, CALAMITY_WORD]), vec![CALAMITY]);
        assert_eq!(rules(&[0, G, 0, 0, WILL, CALAMITY_WORD]), vec![CALAMITY]);
        // "immigrants are not a burden"; "a burden for women": no group before.
        assert!(found(&[G, BE, NOT, 0, CALAMITY_WORD]).is_empty());
        assert!(found(&[0, BE, 0, CALAMITY_WORD, 0, G]).is_empty());
        // "women won the case": no calamity without its link word.
        assert!(found(&[G, 0, 0, CALAMITY_WORD]).is_empty());
    }

    #[test]
    fn a_group_distrusted() {
        // "never trust a word said by a Muslim"
        let d = found(&[NOT, TRUST, 0, 0, 0, 0, G]);
        assert_eq!((d[0].rule, d[0].start, d[0].end), (DISTRUST, 0, 7));
        // "ne croyez jamais un réfugié": the negator after the verb.
        assert_eq!(rules(&[0, TRUST, NOT, 0, G]), vec![DISTRUST]);
        // "black people don't trust the police": the group is the subject.
        assert!(found(&[G, G, NOT, TRUST, 0, 0]).is_empty());
        // "I don't believe women are weaker": a clause of their own.
        assert!(found(&[0, NOT, TRUST, G, BE, 0]).is_empty());
        // "don't trust the minister about immigrants": someone else is distrusted.
        assert!(found(&[NOT, TRUST, 0, role::PERSON_NOUN, 0, G]).is_empty());
        // "trust women": no negator.
        assert!(found(&[TRUST, G]).is_empty());
    }

    #[test]
    fn nothing_across_a_sentence_break() {
        let seg = Segments {
            sentence: vec![0, 0, 1, 1],
            clause: vec![0, 0, 1, 1],
            sentence_start: vec![0, 2],
        };
        assert!(find(&[G, BE, 0, CALAMITY_WORD], &seg, &k()).is_empty());
    }
}
