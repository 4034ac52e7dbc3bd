//! The weighing memo: a hit weighed like the one before it in a quiet stretch of text
//! takes that hit's answer instead of running the rules again.
//!
//! A megabyte of one emoji is 500,000 hits of one term, each weighed by the 22 rules
//! (some 1,500 instructions a hit) to the same answer: no word around any of them has
//! a role, so no rule finds anything to read.  The memo keeps the last weighed hit's
//! answer when that hit was *quiet*, and gives it to the next hit that is quiet too and
//! has the same key.
//!
//! WHY THE ANSWER IS THE SAME. A hit is quiet when it is a lexicon term found on one
//! token `i`, no token in `[i - R, i + 1 + R)` has a role (R: [`reach`], the widest
//! window a rule reads roles through), nor do the first three tokens of its sentence
//! (a sentence's subject; more when `windows.subject_leads` lets a plural copula stand
//! further in: `dropped::subject`), its term is not one whose benign sense is read from the
//! words around it, nor a bare threat whose intent is read from the sentence
//! (`no_intent`), and its text as typed opens no Title-case word.  The comment must have
//! no coordinated matches (`conjunct` empty) and fewer than two quotation marks that
//! count.  Then, rule by rule (`rules.rs`): the aim finds no target, identity or group
//! (its window, the word before, the sentence's first words hold no role; no chain of
//! conjuncts), so `not_aimed`, `targeted`, `identity_attack`, `swearing_at_group`,
//! `profanity` and `ambiguous_alone` read only the term and the comment's constants;
//! `as_number`, `intensifier`, `enthusiasm`, `reclaimed`, `attributive`,
//! `self_reference`, `negated` and `reported` find no role in their windows (all inside
//! the reach) and `reported` no quotes; `proper_name` answers from the step, the term,
//! the comment's nouns and whether the token is Title case, a function of its text (a
//! token hyphened between two words that may be Title case, which may stand inside a
//! hyphened name, "Plessis-lez-Tours", is never quiet: `context::may_be_hyphened_name`);
//! `severity`, `slur`, `threat`, `other_language` and `counter_speech` read the term,
//! whether it is foreign and the comment's constants.  So two quiet hits with the same
//! term, step, foreignness and text get the same effects in the same order: the same
//! evidence, flags and records (every note plain, naming no token).  The steps of the
//! match are a function of its text and step.
//!
//! The records and the steps stay in the lists the weighing reuses: the memo holds only
//! the key of the hit that filled them last, and forgets it as soon as another hit is
//! weighed.  `tests.rs` checks that scoring with the memo gives what scoring without
//! it gives, on texts made to repeat hits around every role.

#[cfg(test)]
use std::cell::Cell;

use super::{Ctx, Hit, ProperNames, TermOf};
use crate::lexicon::Category;

/// Below this many hits a comment is weighed hit by hit: the memo's list of roles would
/// cost a short comment more than it saves.
const FROM_HITS: usize = 16;

/// The last quiet hit weighed: what the next one must share to take its answer.
#[derive(Clone, Copy)]
struct Key {
    lex_id: u32,
    step: &'static str,
    foreign: bool,
    /// Its span in the original text.
    span: (usize, usize),
}

/// What weighing gave the hit of [`Key`].
#[derive(Clone, Copy)]
struct Answer {
    evidence: f64,
    targeted: bool,
    identity: bool,
    full: bool,
    mult: f64,
}

pub(super) struct WeighMemo {
    /// Off for short comments, and for comments whose coordination or quotes reach a hit
    /// from anywhere.
    on: bool,
    /// `busy[q]`: how many of the tokens before `q` have a role.
    busy: Vec<u32>,
    /// The widest window a rule reads ([`reach`]); worked out only when on.
    reach: usize,
    last: Option<(Key, Answer)>,
}

#[cfg(test)]
thread_local! {
    /// Tests turn the memo off to compare with weighing every hit.
    pub(super) static OFF: Cell<bool> = const { Cell::new(false) };
    /// How many hits the memo answered (tests check that it answers at all).
    pub(super) static ANSWERED: Cell<usize> = const { Cell::new(0) };
}

fn allowed() -> bool {
    #[cfg(test)]
    if OFF.with(Cell::get) {
        return false;
    }
    true
}

/// Whether the two spans of `text` hold the same characters (compared in place: a
/// match is a few characters, where a call to `memcmp` cost more than the comparison).
/// A span outside the text (never made by the scorer) is not the same as any.
fn same_text(text: &[crate::Cp], (a, b): (usize, usize), (c, d): (usize, usize)) -> bool {
    match (text.get(a..b), text.get(c..d)) {
        (Some(x), Some(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| p == q),
        _ => false,
    }
}

/// The widest window through which a rule reads roles around a hit (two tokens before it
/// for `attributive`'s copula and its subject).
fn reach(c: &Ctx) -> usize {
    let k = c.k;
    [
        k.target_window,
        k.targeted_window,
        k.self_window,
        k.negation_window,
        k.enthusiasm_window,
        k.in_group_window,
        k.intensifier_window,
        2,
    ]
    .into_iter()
    .max()
    .unwrap_or(2)
}

impl WeighMemo {
    pub(super) fn new(c: &Ctx, hits: usize) -> Self {
        let on = allowed() && hits >= FROM_HITS && c.conjunct.is_empty() && c.marks().len() < 2;
        let busy = if on {
            let mut busy = Vec::with_capacity(c.roles.len() + 1);
            let mut n = 0u32;
            busy.push(n);
            for &r in c.roles {
                n += u32::from(r != 0);
                busy.push(n);
            }
            busy
        } else {
            Vec::new()
        };
        WeighMemo {
            on,
            busy,
            // Read only when on (by `quiet`).
            reach: if on { reach(c) } else { 0 },
            last: None,
        }
    }

    /// Whether no token of `[a, b)` has a role (`false` when the memo is off and has no
    /// counts: it is only asked when on, and then says nothing it cannot know).
    fn idle(&self, a: usize, b: usize) -> bool {
        let Some(last) = self.busy.len().checked_sub(1) else {
            return false;
        };
        let b = b.min(last);
        a >= b || self.busy[b] == self.busy[a]
    }

    /// Whether the roles a rule could read around hit `h` are all clear (see the module).
    fn quiet(&self, h: &Hit, c: &Ctx) -> bool {
        let i = h.i();
        let start = c.seg.sentence_start[c.sentence(i)];
        self.idle(i.saturating_sub(self.reach), i + 1 + self.reach)
            && self.idle(start, (start + 1 + c.k.subject_leads.max(2)).min(i))
            && !super::context::may_be_hyphened_name(c.n, c.starts, c.ends, i)
            && !super::vocative::set_off(c, i, h.term.category)
            && super::clitics::doubled(c, i, h.j(), h.term.category).is_none()
    }

    /// Hit `h`, on `span` of the original text, takes the answer of the last quiet hit
    /// if it may: then its records and steps are those already in the reused lists.
    pub(super) fn answer(&self, h: &mut Hit, c: &Ctx, span: (usize, usize)) -> bool {
        let Some((k, a)) = self.last else {
            return false;
        };
        let same = h.lex_id == k.lex_id
            && std::ptr::eq(h.step(), k.step)
            && h.foreign == k.foreign
            && h.j() == h.i() + 1
            && matches!(h.term, TermOf::Lex(_))
            && self.quiet(h, c)
            && same_text(c.n.original(), span, k.span);
        if same {
            #[cfg(test)]
            ANSWERED.with(|n| n.set(n.get() + 1));
            h.evidence = a.evidence;
            h.targeted = a.targeted;
            h.identity = a.identity;
            h.full = a.full;
            h.mult = a.mult;
        }
        same
    }

    /// Keep the answer of hit `h`, just weighed, if it is quiet; forget the last one
    /// otherwise (the reused lists now hold this hit's records).
    pub(super) fn learn(
        &mut self,
        h: &Hit,
        c: &Ctx,
        span: (usize, usize),
        proper: &mut ProperNames,
    ) {
        self.last = None;
        if !self.on || h.j() != h.i() + 1 || !matches!(h.term, TermOf::Lex(_)) {
            return;
        }
        let t = &h.term;
        let reads_words =
            t.ambiguous && !(t.benign_context.is_empty() && t.benign_phrases.is_empty());
        let reads_intent = t.targeted && t.category == Category::Threat && c.has_intent;
        if reads_words || reads_intent || !self.quiet(h, c) || proper.is_titled(h.i()) {
            return;
        }
        let key = Key {
            lex_id: h.lex_id,
            step: h.step(),
            foreign: h.foreign,
            span,
        };
        let answer = Answer {
            evidence: h.evidence,
            targeted: h.targeted,
            identity: h.identity,
            full: h.full,
            mult: h.mult,
        };
        self.last = Some((key, answer));
    }
}
