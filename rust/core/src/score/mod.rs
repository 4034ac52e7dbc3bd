//! The scorer: from a normalised comment and its tokens to a score, a verdict, the
//! matches and the reasons, exactly as the pure-Python core computed them.
//!
//! Flow: quick reject -> scan -> language and roles -> hits (terms, phrases, derogatory
//! pairs, threats by their structure ([`threats`])) -> nested and duplicate hits dropped -> segments, quotes, proper names ->
//! each hit weighed by the context rules ([`rules`]) -> total, logistic, verdict.

pub mod capitals;
mod clitics;
pub mod commands;
mod context;
pub mod coordination;
mod dropped;
pub mod explain;
pub mod format;
pub mod heads;
pub mod implied;
pub mod letters;
mod memo;
pub mod negated;
pub mod negated_after;
pub mod pronouns;
pub mod rules;
mod self_after;
pub mod split_verbs;
pub mod symbols;
pub mod threats;
pub mod titled;
mod vocative;

use crate::lexicon::role::Roles;
use crate::words::Words;
pub use clitics::Clitics;
use std::cell::OnceCell;
use std::ops::Deref;
use std::sync::Arc;

use crate::lexicon::{
    role, step_place, BatchMemo, Category, Entry, FxMap, Lexicon, Look, Scan, TermRef, GAP, STEPS,
};
use crate::normalize::{Normalized, Token, TokenKind, Tokens};
use crate::scratch::{self, Scratch};
use crate::segment::Print;
use crate::unicode::{is_alnum, is_decimal};
use crate::Cp;
use context::{is_quoted, quote_marks, segments_in, ProperNames, Segments};
use explain::{Kind, Line, Note, Phrasing, Reason, Record};
use format::round4;
use rules::{Effect, Extra, ORDER};

/// The constants of `scoring.toml` (passed in from Python: data stays data).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constants {
    pub severity: Vec<f64>,
    pub targeted: f64,
    pub slur: f64,
    pub identity_attack: f64,
    pub threat: f64,
    pub intensifier: f64,
    pub others_share: f64,
    pub derogatory_severity: u8,
    pub threat_severity: u8,
    pub merit_severity: u8,
    pub split_verb_severity: u8,
    pub implied_severity: u8,
    pub profanity: f64,
    pub enthusiasm: f64,
    pub ambiguous_alone: f64,
    pub self_reference: f64,
    pub negated: f64,
    pub reported: f64,
    pub counter_speech: f64,
    pub reclaimed: f64,
    pub attributive: f64,
    pub slope: f64,
    pub intercept: f64,
    pub target_window: usize,
    pub targeted_window: usize,
    pub benign_window: usize,
    pub intent_window: usize,
    pub negation_window: usize,
    pub negation_near: usize,
    pub negation_after: usize,
    /// `windows.subject_leads`: see [`dropped`].
    pub subject_leads: usize,
    /// `windows.subject_between`: see [`dropped`].
    pub subject_between: usize,
    /// `windows.pronoun_adjectives`: see [`pronouns`].
    pub pronoun_adjectives: usize,
    /// `windows.pronoun_antecedent`: see [`pronouns`].
    pub pronoun_antecedent: usize,
    pub split_verb_window: usize,
    /// `windows.split_place`: see [`split_verbs`].
    pub split_place_window: usize,
    /// `windows.command_lead`: see [`commands`].
    pub command_lead: usize,
    /// `windows.compound_modifier`: see [`heads`].
    pub compound_modifier: usize,
    pub self_window: usize,
    pub intensifier_window: usize,
    pub enthusiasm_window: usize,
    pub in_group_window: usize,
    pub threat_reach: usize,
    pub threat_object: usize,
    pub coordination: usize,
    pub merit_reach: usize,
    pub implied_near: usize,
    pub implied_reach: usize,
    pub other_language: f64,
    pub high: f64,
    pub low: f64,
}

/// Everything a scorer holds besides its lexicon.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub k: Constants,
    pub threshold: f64,
    /// A word-list scorer: flagged iff an entry matches, no context rules.
    pub plain: bool,
    pub has_intent: bool,
    pub has_copulas: bool,
    /// The phrasing of explain()'s lines (`reasons.toml`).
    pub phrasing: Arc<Phrasing>,
    /// Write explain()'s lines; when off they are only counted ([`Outcome::unwritten`]):
    /// most callers never read them, and a long comment can have hundreds of thousands.
    pub explain: bool,
    /// The object pronouns glued to verbs, and their doubles ([`clitics`]).
    pub clitics: Arc<Clitics>,
}

/// One match of an assessment.
#[derive(Clone, Debug, PartialEq)]
pub struct MatchOut {
    /// Index into [`Lexicon::terms`], or `None` for a derogatory pair (see `own`).
    pub term_id: Option<u32>,
    /// The term of a match no lexicon entry names (a structural hit's own words); `None`
    /// when `term_id` names it. Read both through [`MatchOut::term`]: a long comment
    /// keeps hundreds of thousands of matches, and a copied term in each was a third of
    /// their room.
    pub own: Option<Box<str>>,
    pub category: Category,
    pub severity: u8,
    pub start: usize,
    pub end: usize,
    /// The steps that found it: a place in [`Outcome::lists`], shared with the other
    /// matches found by the same steps (a handful of lists a comment); read through
    /// [`Outcome::steps`].
    pub steps: u32,
    pub targeted: bool,
    /// The rules that changed its evidence, by name: a place in [`Outcome::lists`]
    /// (read through [`Outcome::rules`]).  Places, not shared pointers: a match is 56
    /// bytes, no larger than a hit, so the matches are made in the room of the hits.
    pub rules: u32,
}

impl MatchOut {
    /// The matched term: the lexicon's entry, or the match's own words.
    pub fn term<'a>(&'a self, lex: &'a Lexicon) -> &'a str {
        match (&self.own, self.term_id) {
            (Some(own), _) => own,
            (None, Some(t)) => lex.terms[t as usize].term.as_str(),
            (None, None) => "",
        }
    }
}

/// The scorer's verdict on one comment (Python's `Assessment`, less the text).
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub score: f64,
    pub flagged: bool,
    /// 0 NONE .. 3 HIGH.
    pub severity: u8,
    /// Sorted by name (insertion order for a word-list scorer).
    pub categories: Vec<(Category, f64)>,
    /// The language's code (guessed, or the one the caller forced).
    pub language: Option<String>,
    pub matches: Vec<MatchOut>,
    /// The matches' step and rule lists, each once ([`MatchOut::steps`], `rules`).
    pub lists: Vec<Box<[&'static str]>>,
    pub reasons: Vec<Reason>,
    /// How many lines `reasons` would hold had [`Settings::explain`] been on (0 when on).
    pub unwritten: usize,
    pub evidence: f64,
}

impl Outcome {
    /// The steps that found match `m` (one of this outcome's matches).
    pub fn steps(&self, m: &MatchOut) -> &[&'static str] {
        &self.lists[m.steps as usize]
    }

    /// The rules that changed match `m`'s evidence (one of this outcome's matches).
    pub fn rules(&self, m: &MatchOut) -> &[&'static str] {
        &self.lists[m.rules as usize]
    }
}

/// The term of a hit: the lexicon's, or a derogatory pair's own, or a structural hit's
/// own with the note of the rule that found it (boxed: a hit stays small, and a comment
/// can hold hundreds of thousands of them).
pub enum TermOf<'a> {
    Lex(&'a TermRef),
    Own(Box<TermRef>),
    Noted(Box<Noted>),
}

/// A structural hit's term and the records of the rule that found it (explain()'s notes
/// and the match's `rules` start with them; the weighing's records follow them in a
/// list [`weigh`] fills, not kept here).  Kept with the term, which such a hit has of
/// its own anyway, rather than in every hit (a list in each would make every hit 24
/// bytes larger).
pub struct Noted {
    term: TermRef,
    records: Vec<Record>,
}

impl Deref for TermOf<'_> {
    type Target = TermRef;
    fn deref(&self) -> &TermRef {
        match self {
            TermOf::Lex(t) => t,
            TermOf::Own(t) => t,
            TermOf::Noted(n) => &n.term,
        }
    }
}

/// [`Hit`]'s mark of a term no lexicon entry names (a lexicon holds fewer terms).
const NO_TERM: u32 = u32::MAX;

/// A token position as a hit keeps it: saturated at `u32::MAX` (see [`Hit::i`]).
fn position(q: usize) -> u32 {
    u32::try_from(q).unwrap_or(u32::MAX)
}

/// A hit: a term (or derogatory pair) found on tokens `i..j` ([`Hit::i`], [`Hit::j`]).
///
/// 56 bytes (a test keeps it so): a long comment holds a hit a token (a megabyte of
/// `connard-`, 125,000; of `🖕🏿`, a million before the nested ones go), all of them
/// alive while they are weighed.  So the token positions are `u32` and the step is a
/// place in [`STEPS`], not a 16-byte `&str`.
pub struct Hit<'a> {
    /// The first token, and the one after the last.  Invariant: a comment has fewer
    /// than 2^32 tokens (4 GB of text at least one character a token, far past what
    /// the 20x memory bar lets a comment hold); a position past `u32::MAX` would be
    /// saturated to it by [`Hit::new`] (a hit read at the last token it can name, in
    /// bounds: never wrapped, never a panic).
    i: u32,
    j: u32,
    pub term: TermOf<'a>,
    /// The lexicon's index of `term`, [`NO_TERM`] for a term of its own ([`Hit::term_id`]:
    /// no `Option`, whose tag would make a hit larger).
    lex_id: u32,
    /// The matcher step that found it: a place in [`STEPS`] ([`Hit::step`]).
    step: u8,
    pub evidence: f64,
    pub targeted: bool,
    pub identity: bool,
    pub full: bool,
    pub mult: f64,
    /// A term of a language the comment is not guessed in, kept because the guessed
    /// languages do not know its word (the `other_language` rule).
    pub foreign: bool,
    /// Weighed and kept: it makes a match ([`Kept`] holds its span, steps and rules).
    kept: bool,
}

impl<'a> Hit<'a> {
    /// The hit of a rule that reads a shape rather than a pack entry (a threat's
    /// structure, a merit denied, a group demeaned by implication, a derogatory word
    /// before a group): a term of its own, named by its words `i..j`.
    fn structural(words: &Words, i: usize, j: usize, category: Category, severity: u8) -> Self {
        let term = TermRef {
            id: -1,
            ..TermRef::plain(words.join(i..j, " "), category, severity)
        };
        Hit::new(i, j, TermOf::Own(Box::new(term)), None, "")
    }

    fn new(i: usize, j: usize, term: TermOf<'a>, term_id: Option<u32>, step: &'static str) -> Self {
        Hit {
            i: position(i),
            j: position(j),
            term,
            lex_id: term_id.unwrap_or(NO_TERM),
            step: step_place(step),
            evidence: 0.0,
            targeted: false,
            identity: false,
            full: true,
            mult: 1.0,
            foreign: false,
            kept: false,
        }
    }

    /// Name the rule that found a structural hit, with its note.
    fn found_by(self, rule: &'static str, note: Note) -> Self {
        let record = Record {
            rule,
            kind: Kind::Note,
            amount: 0.0,
            note: Some(note),
        };
        let noted = |term: TermRef| {
            TermOf::Noted(Box::new(Noted {
                term,
                records: vec![record],
            }))
        };
        let term = match self.term {
            TermOf::Noted(mut n) => {
                n.records.push(record);
                TermOf::Noted(n)
            }
            TermOf::Own(t) => noted(*t),
            // Only structural hits are found by a rule (their term is their own); a
            // lexicon term would be copied, its index kept.
            TermOf::Lex(t) => noted(t.clone()),
        };
        Hit { term, ..self }
    }

    /// The records it holds: the note of the rule that found it, if any.
    pub fn records(&self) -> &[Record] {
        match &self.term {
            TermOf::Noted(n) => &n.records,
            _ => &[],
        }
    }

    /// Its first token.
    #[inline]
    pub fn i(&self) -> usize {
        self.i as usize
    }

    /// The token after its last.
    #[inline]
    pub fn j(&self) -> usize {
        self.j as usize
    }

    /// The matcher step that found it ("" when found as typed).
    #[inline]
    pub fn step(&self) -> &'static str {
        STEPS[usize::from(self.step)]
    }

    /// Index into [`Lexicon::terms`] of its term, or `None` for a term of its own.
    pub fn term_id(&self) -> Option<u32> {
        (self.lex_id != NO_TERM).then_some(self.lex_id)
    }

    /// The names of its [`Hit::records`]: the rule that found it, if any.
    pub fn rules(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.records().iter().map(|r| r.rule)
    }
}

/// What the rules read about one comment, token by token.
pub struct Ctx<'a> {
    pub k: &'a Constants,
    /// The lexicon, for what a rule's note names (the whole of a target phrase).
    pub lex: &'a Lexicon,
    pub words: &'a Words,
    pub roles: &'a [Roles],
    pub seg: &'a Segments,
    pub n: &'a Normalized,
    pub starts: &'a [usize],
    pub ends: &'a [usize],
    /// The quotation marks that count ([`quote_marks`]), read through the original text
    /// only when a rule asks (most hits are settled before `reported` looks).
    marks: OnceCell<Vec<usize>>,
    pub counter: bool,
    /// The union of the comment's roles: a rule looking for a role no token has is
    /// answered without reading its window.
    pub present: Roles,
    /// The rules that may apply in this comment ([`rules::live_rules`] of `present`).
    pub live: u32,
    pub others: bool,
    pub has_intent: bool,
    pub has_copulas: bool,
    pub plurals: &'a [String],
    pub clitics: &'a Clitics,
    /// Where the person-describing match ending at each token starts (empty when the
    /// comment has no coordinator): [`coordination`].
    pub conjunct: Vec<u32>,
    /// Running count of the roles by bit (copula, names someone, factive), for "any
    /// role X in [a, b)" in constant time: made on the first question (most comments
    /// never ask one).
    runs: OnceCell<Vec<[u32; 3]>>,
}

impl Ctx<'_> {
    pub fn size(&self) -> usize {
        self.words.len()
    }
    pub fn sentence(&self, q: usize) -> usize {
        self.seg.sentence[q] as usize
    }
    pub fn clause(&self, q: usize) -> usize {
        self.seg.clause[q] as usize
    }
    /// Whether a token in `[a, b)` has one of the roles of `bits` (one of the counted ones).
    pub fn any_role(&self, a: usize, b: usize, bits: Roles) -> bool {
        if a >= b {
            return false;
        }
        let k = match bits {
            role::COPULA => 0,
            role::NAMES_SOMEONE => 1,
            role::FACTIVE => 2,
            _ => return (a..b).any(|q| self.roles[q] & bits != 0),
        };
        let runs = self.runs.get_or_init(|| running(self.roles));
        runs[b][k] > runs[a][k]
    }
    /// Whether token `q` stands right before a word for a thing, in its sentence.
    pub fn before_a_thing(&self, q: usize) -> bool {
        q + 1 < self.size()
            && self.roles[q + 1] & role::THING != 0
            && self.sentence(q + 1) == self.sentence(q)
    }
    /// A person noun and nothing else, right before a word for a thing, names the thing.
    fn names_a_thing(&self, q: usize) -> bool {
        self.roles[q] & role::TARGET == role::PERSON_NOUN && self.before_a_thing(q)
    }
    /// Whether the word at `q` is in the plural: it has a plural ending and is no
    /// singular the pack's own forms tell ([`dropped::SINGULAR`]: "deficiente").
    fn plural(&self, q: usize) -> bool {
        self.roles[q] & dropped::SINGULAR == 0
            && self
                .plurals
                .iter()
                .any(|p| self.words[q].ends_with(p.as_str()))
    }
    /// The quotation marks that count, worked out on first use.
    fn marks(&self) -> &[usize] {
        self.marks.get_or_init(|| quote_marks(self.n.original()))
    }
    pub fn quoted(&self, q: usize) -> bool {
        if self.marks().len() < 2 {
            return false;
        }
        let (a, b) = self
            .n
            .to_original(self.starts[q], self.ends[q])
            .unwrap_or((0, 0));
        is_quoted(self.marks(), a, b)
    }
}

/// The running counts of [`Ctx::any_role`]'s three roles, in one list.
fn running(roles: &[Roles]) -> Vec<[u32; 3]> {
    let mut out = Vec::with_capacity(roles.len() + 1);
    let mut c = [0u32; 3];
    out.push(c);
    for r in roles {
        c[0] += u32::from(r & role::COPULA != 0);
        c[1] += u32::from(r & role::NAMES_SOMEONE != 0);
        c[2] += u32::from(r & role::FACTIVE != 0);
        out.push(c);
    }
    out
}

/// Where a hit's target, identity term and group stand, worked out once per hit.
pub struct Aim {
    pub target: Option<usize>,
    pub identity: Option<usize>,
    pub group: Option<usize>,
    /// The part of the target window in the hit's sentence, and the union of its roles.
    pub lo: usize,
    pub hi: usize,
    pub present: Roles,
    /// The tokens of the hit's clause shortly before it (self-reference, negation).
    pub clause_before: std::ops::Range<usize>,
    /// The target is the hit itself, a vocative set off by commas ([`vocative`]).
    pub vocative: bool,
    /// The target is a plural copula opening the sentence, the group it names
    /// ([`dropped`]).
    pub dropped: bool,
    /// Whether the target is a copula naming someone through "nothing but", of any
    /// person ([`dropped::restricted`]).
    pub restricted: bool,
    /// The target and the words after it, this many, double an object pronoun glued
    /// to the verb (`0`: none; [`clitics`]).
    pub clitic: usize,
}

fn aim(h: &Hit, c: &Ctx) -> Aim {
    let (i, j) = (h.i(), h.j());
    let sid = c.sentence(i);
    let reach = if h.term.targeted {
        c.k.targeted_window
    } else {
        c.k.target_window
    };
    let (mut lo, mut hi) = (i.saturating_sub(reach), (j + reach).min(c.size()));
    while c.sentence(lo) != sid {
        lo += 1;
    }
    while c.sentence(hi - 1) != sid {
        hi -= 1;
    }
    let present = c.roles[lo..hi].iter().fold(0, |a, r| a | r);
    let single = j - i == 1;
    let mut target = if present & role::TARGET != 0 {
        // A verb with its object glued ("cacciarli"): a person before it is its subject,
        // not its target (the verb's word is read only for such a person).
        let aimable = |q| !clitics::subject(c, q, i) || !clitics::glued(c, i, h.term.category);
        (lo..hi).find(|&q| {
            let inside = (i..j).contains(&q);
            let wanted = if inside && !single {
                role::NAMES_SOMEONE
            } else {
                role::TARGET
            };
            c.roles[q] & wanted != 0 && !(inside && single) && !c.names_a_thing(q) && aimable(q)
        })
    } else {
        None
    };
    let mut identity = if present & role::IDENTITY != 0 {
        (lo..hi).find(|&q| c.roles[q] & role::IDENTITY != 0)
    } else {
        None
    };
    if target.is_none() && single && i > 0 && points_at(c.roles[i - 1], h.term.category) {
        target = Some(i - 1);
    }
    if target.is_none() {
        target = carried_over(c, i, sid, reach);
    }
    if target.is_none() && c.present & (role::IDENTITY | role::PERSON_NOUN) != 0 {
        if let Some(s) = subject(c, sid, i) {
            target = Some(s);
            if c.roles[s] & role::IDENTITY != 0 {
                identity = Some(s);
            }
        }
    }
    // A group named only by the verb: a plural copula opening the sentence ("son basura").
    let mut dropped = false;
    if target.is_none() {
        if let Some(q) = dropped::subject(c, i, j, h.term.category) {
            (target, dropped) = (Some(q), true);
        }
    }
    // Someone named only by the verb, through "nothing but" ("no es más que un cabrón").
    let mut restricted = false;
    if target.is_none() {
        if let Some(q) = dropped::restricted(c, i, j, &h.term) {
            (target, restricted) = (Some(q), true);
        }
    }
    // People doubling an object pronoun glued to the verb ("matarlos a todos").
    let mut clitic = 0;
    if target.is_none() {
        if let Some((q, n)) = clitics::doubled(c, i, j, h.term.category) {
            (target, clitic) = (Some(q), n);
        }
    }
    // Last, as it names no other word: the noun said to the reader ("shut up, moron!").
    let vocative = target.is_none() && single && vocative::set_off(c, i, h.term.category);
    if vocative {
        target = Some(i);
    }
    let group = if present & (role::IDENTITY | role::PERSON_NOUN) != 0 {
        (lo..hi).find(|&q| {
            c.roles[q] & role::IDENTITY != 0 || (c.roles[q] & role::PERSON_NOUN != 0 && c.plural(q))
        })
    } else {
        None
    };
    let cid = c.clause(i);
    let mut a = i.saturating_sub(c.k.self_window);
    while a < i && c.clause(a) != cid {
        a += 1;
    }
    Aim {
        target,
        identity,
        group,
        lo,
        hi,
        present,
        clause_before: a..i,
        vocative,
        dropped,
        restricted,
        clitic,
    }
}

/// The target of the first of the matches coordinated with the one at `i` ("you are so
/// ugly and fat"), looked for as far before that first match as before any match.
fn carried_over(c: &Ctx, i: usize, sid: usize, reach: usize) -> Option<usize> {
    let a = coordination::chain_start(c, i);
    if a == i {
        return None;
    }
    let mut lo = a.saturating_sub(reach);
    while c.sentence(lo) != sid {
        lo += 1;
    }
    (lo..a).find(|&q| c.roles[q] & role::TARGET != 0 && !c.names_a_thing(q))
}

/// Words that stand for a person right before a single-word match of the kinds they can
/// aim: an object pronoun before a verb ("je le hais"), a demonstrative before a
/// name-calling noun ("ces connards").
fn points_at(prev: Roles, category: Category) -> bool {
    let verbal = matches!(
        category,
        Category::Threat | Category::SelfHarm | Category::Harassment | Category::Profanity
    );
    (prev & role::OBJECT != 0 && verbal)
        || (prev & role::DEMONSTRATIVE != 0
            && matches!(category, Category::Insult | Category::Slur))
}

/// A group among the first three words of the hit's sentence (and before it): an
/// identity term, or people named in the plural and linked to the word by a copula.
/// The sentence start is known and the copulas are counted, so this is constant time.
fn subject(c: &Ctx, sid: usize, i: usize) -> Option<usize> {
    let start = c.seg.sentence_start[sid];
    (start..(start + 3).min(i)).find(|&q| {
        c.roles[q] & role::IDENTITY != 0
            || (c.roles[q] & role::PERSON_NOUN != 0
                && c.plural(q)
                && c.any_role(q + 1, i, role::COPULA))
    })
}

/// Weigh one hit by the context rules; what each rule that applied did is written into
/// `records` (after the hit's own: the note of the rule that found it), a list reused
/// from hit to hit.  The hit keeps none of them: they are read right after, for its
/// match's rules and its line, and a long comment weighs hundreds of thousands of hits
/// (a list of their own was two allocations and 376 bytes a hit).
fn weigh(h: &mut Hit, c: &Ctx, proper: &mut ProperNames, records: &mut Vec<Record>) {
    records.clear();
    records.extend_from_slice(h.records());
    let a = aim(h, c);
    let mut extra = Extra { proper };
    let (mut weight, mut mult) = (0.0, 1.0);
    // Only the rules whose needs hold (`rules::Needs`): the others answer `None`.
    let mut asked = rules::asked(c.live, h.term.category);
    while asked != 0 {
        let (name, rule, _) = &ORDER[asked.trailing_zeros() as usize];
        asked &= asked - 1;
        let Some(effect) = rule(h, c, &a, &mut extra) else {
            continue;
        };
        let (kind, amount, note) = match effect {
            Effect::Veto(note) => (Kind::Veto, 0.0, Some(note)),
            Effect::Bonus(x, note) => (Kind::Bonus, x, note),
            Effect::Factor(x, note) => (Kind::Factor, x, Some(note)),
            Effect::Note(note) => (Kind::Note, 0.0, Some(note)),
        };
        // The base weight is no context rule: neither named nor recorded (most hits of
        // a long comment have no other record, and so no allocation for them).
        if *name != "severity" {
            records.push(Record {
                rule: name,
                kind,
                amount,
                note,
            });
        }
        match kind {
            Kind::Veto => {
                h.evidence = 0.0;
                return;
            }
            Kind::Bonus => {
                weight += amount;
                if *name == "identity_attack" {
                    h.identity = true;
                }
            }
            Kind::Factor => mult *= amount,
            Kind::Note => {}
        }
    }
    h.targeted = a.target.is_some();
    h.full = mult >= 1.0;
    h.mult = mult;
    h.evidence = round4(weight * mult);
}

/// The reason line of a weighed hit (what explain() shows), rendered from its records.
fn describe(
    h: &Hit,
    c: &Ctx,
    phrasing: &Phrasing,
    (start, end): (usize, usize),
    how: &[&'static str],
    records: &[Record],
) -> Reason {
    let t = &h.term;
    let l = Line {
        term: &t.term,
        category: t.category.name(),
        severity: t.severity,
        text: &c.n.original()[start..end],
        start,
        end,
        steps: how,
        records,
        lang: &t.lang,
        evidence: h.evidence,
        mult: h.mult,
        words: c.words,
    };
    phrasing.match_line(&l)
}

/// The strongest evidence plus a share of the rest.
pub fn total(k: &Constants, evidence: &[f64]) -> f64 {
    if evidence.is_empty() {
        return 0.0;
    }
    total_of(k, &mut evidence.to_vec())
}

/// [`total`] of a list the caller lends: sorted where it is, not copied (a long
/// comment's evidence is one number a kept match).
fn total_of(k: &Constants, ordered: &mut [f64]) -> f64 {
    if ordered.is_empty() {
        return 0.0;
    }
    ordered.sort_by(|a, b| b.partial_cmp(a).unwrap_or(std::cmp::Ordering::Equal));
    let rest = ordered[1..].iter().fold(0.0, |s, x| s + x);
    ordered[0] + k.others_share * rest
}

/// The calibrated score of a total evidence.
pub fn logistic(k: &Constants, evidence: f64) -> f64 {
    if evidence <= 0.0 {
        return 0.0;
    }
    1.0 / (1.0 + (-(k.slope * evidence + k.intercept)).exp())
}

/// Whether `score` is flagged, and its severity (a threat is HIGH regardless).
pub fn verdict(s: &Settings, score: f64, severe: bool) -> (bool, u8) {
    let flagged = score >= s.threshold;
    if severe {
        return (flagged, 3);
    }
    if flagged {
        return (true, if score >= s.k.high { 3 } else { 2 });
    }
    (false, if score >= s.k.low { 1 } else { 0 })
}

fn nothing(s: &Settings, language: Option<String>, (reasons, unwritten): Lines) -> Outcome {
    let (flagged, severity) = verdict(s, 0.0, false);
    Outcome {
        score: 0.0,
        flagged,
        severity,
        categories: Vec::new(),
        language,
        matches: Vec::new(),
        lists: Vec::new(),
        reasons,
        unwritten,
        evidence: 0.0,
    }
}

/// explain()'s lines as written, and how many were left unwritten ([`Settings::explain`]).
type Lines = (Vec<Reason>, usize);

/// The language line added to `lines`, written or counted.
fn add_language(s: &Settings, lines: &mut Lines, language: &Option<String>) {
    if let Some(l) = language {
        if s.explain {
            lines.0.push(s.phrasing.language_line(l));
        } else {
            lines.1 += 1;
        }
    }
}

/// The language a caller forces: its code and its base (`"fr-CA"` -> `"fr"`).
#[derive(Clone, Copy, Debug)]
pub struct Forced<'a> {
    pub code: &'a str,
    pub base: &'a str,
}

/// The quick reject: no token is a trigger and none could match through a fallback
/// (mask, stretch, stem, hyphen, trailing leet digit).  Such a comment has no match and
/// no language: nothing else is worked out (`text` is the folded text, `words` the
/// tokens' folded forms).
pub fn quick_reject<'w>(
    lex: &Lexicon,
    text: &[Cp],
    stretched: bool,
    words: impl Iterator<Item = &'w str> + Clone,
) -> bool {
    let hashed = words.map(|w| (w, crate::lexicon::word_hash(w)));
    quick_reject_hashed(lex, text, stretched, hashed)
}

/// [`quick_reject`] given each word with its [`crate::lexicon::word_hash`] (the print
/// the scan works out for it anyway: a comment the quick reject lets through is then
/// not hashed twice).  The batch's path asks the memo instead ([`score_tokens`]).
fn quick_reject_hashed<'w>(
    lex: &Lexicon,
    text: &[Cp],
    stretched: bool,
    words: impl Iterator<Item = (&'w str, u64)> + Clone,
) -> bool {
    let first = first_trigger(lex, words.clone());
    rejected_after(lex, text, stretched, words, first)
}

/// The place of the first word that is a trigger as typed (`None`: no word is).
fn first_trigger<'w>(
    lex: &Lexicon,
    mut words: impl Iterator<Item = (&'w str, u64)>,
) -> Option<usize> {
    words.position(|(w, h)| lex.triggers.contains_hashed(w, h))
}

/// [`quick_reject_hashed`] once the first trigger typed is known ([`first_trigger`]).
fn rejected_after<'w>(
    lex: &Lexicon,
    text: &[Cp],
    stretched: bool,
    words: impl Iterator<Item = (&'w str, u64)> + Clone,
    first: Option<usize>,
) -> bool {
    // The triggers as typed first: nearly every comment has one, and the possessive
    // endings are then never looked at.
    if first.is_some() || words.clone().any(|(w, _)| possessive_trigger(lex, w)) {
        return false;
    }
    no_other_trigger(lex, text, stretched, words.map(|(w, _)| w))
}

/// Whether `word` is a trigger with a possessive ending, which the lookup strips
/// (`Lexicon::entry_of_hashed`: "spic's" is `spic`'s entry, so "dirty spic's" is no
/// comment to skip).
fn possessive_trigger(lex: &Lexicon, word: &str) -> bool {
    (lex.possessive_stripped(word)).is_some_and(|stem| lex.triggers.contains(stem))
}

/// Whether a comment the quick reject lets through only for words that are typo forms
/// whose reading depends on the comment's languages (`Lexicon::typo_langs`, triggers
/// since some language reads them) would have been rejected without them.  `first` is
/// the place of the first trigger typed ([`first_trigger`]): the words before it are
/// none, and are not asked again, nor is it.
fn rejected_but_for_typos<'w>(
    lex: &Lexicon,
    text: &[Cp],
    stretched: bool,
    words: impl Iterator<Item = (&'w str, u64)> + Clone,
    first: Option<usize>,
) -> bool {
    let typo = |w: &str| lex.typo_langs.contains_key(w);
    // The trigger that is no typo form is asked first: a comment that gets this far
    // nearly always has one, and the question then ends at it rather than after every
    // word's typo lookup.  No trigger typed (`first` is `None`): there is none to find.
    let untypo_trigger = || {
        first.is_some_and(|at| {
            let trigger = |k: usize, w: &str, h: u64| k == 0 || lex.triggers.contains_hashed(w, h);
            words
                .clone()
                .skip(at)
                .enumerate()
                .any(|(k, (w, h))| trigger(k, w, h) && !typo(w))
        })
    };
    !lex.typo_langs.is_empty()
        && !untypo_trigger()
        && words.clone().any(|(w, _)| typo(w))
        && !words
            .clone()
            .any(|(w, _)| possessive_trigger(lex, w) && !typo(w))
        && no_other_trigger(lex, text, stretched, words.map(|(w, _)| w))
}

/// The quick reject's checks after the trigger words: masks, stretched letters, digits
/// after letters, stem prefixes.
fn no_other_trigger<'w>(
    lex: &Lexicon,
    text: &[Cp],
    stretched: bool,
    words: impl Iterator<Item = &'w str> + Clone,
) -> bool {
    let marks = text.iter().any(|&c| c == '*' as u32 || c == '-' as u32);
    if stretched || marks || letter_then_digit(text) {
        return false;
    }
    let stem = |w: &str| lex.has_stem_prefix(w);
    lex.stem_lengths.is_empty() || !words.into_iter().any(stem)
}

/// The outcome of a comment the quick reject skipped (`forced`: the language asked for).
pub fn rejected(s: &Settings, forced: Option<&str>) -> Outcome {
    nothing(s, forced.map(str::to_owned), (Vec::new(), 0))
}

/// Python's `re.search(r"[^\W\d_]\d{1,2}\b", text)`.
fn letter_then_digit(text: &[Cp]) -> bool {
    // Read run by run of decimal digits: only a run's neighbours need the word tests
    // (a pattern that ran them at every character cost a comment with any digit, such
    // as Davidson's `&#128514;` entities, some 4,000 instructions). A match is a run
    // of one or two digits after a letter (a digit before it would belong to the
    // run) and before the end or a character that is not a word's.
    let word = |c: Cp| is_alnum(c) || c == '_' as u32;
    let mut at = 0;
    while at < text.len() {
        if !is_decimal(text[at]) {
            at += 1;
            continue;
        }
        let start = at;
        while at < text.len() && is_decimal(text[at]) {
            at += 1;
        }
        if at - start <= 2
            && start > 0
            && word(text[start - 1])
            && text[start - 1] != '_' as u32
            && (at == text.len() || !word(text[at]))
        {
            return true;
        }
    }
    false
}

/// The steps of a match: what normalising its original fragment did (the caller says:
/// the Python normaliser through the bridge now, the Rust one later), then the
/// matcher's step.
/// The steps are written into the caller's list (one list a comment, reused: no list is
/// made a match).
pub type StepsOf<'f> = dyn FnMut(&[Cp], &mut Vec<&'static str>) + 'f;

/// Assess one comment already normalised, its tokens given (`n.tokens()`).
pub fn score(
    lex: &Lexicon,
    s: &Settings,
    n: &Normalized,
    tokens: &[Token],
    forced: Option<Forced>,
    steps_of: &mut StepsOf,
) -> Outcome {
    let memo = &mut BatchMemo::off();
    score_tokens(lex, s, n, Tokens::from(tokens), forced, steps_of, memo)
}

/// [`score`] taking the tokens (their words move into the scan, uncopied).
fn score_tokens(
    lex: &Lexicon,
    s: &Settings,
    n: &Normalized,
    tokens: Tokens,
    forced: Option<Forced>,
    steps_of: &mut StepsOf,
    memo: &mut BatchMemo,
) -> Outcome {
    // Each token's print, worked out once: the quick reject asks the triggers with it
    // and the scan keeps it (`Lexicon::scan_printed`).
    let mut prints: Vec<Print> = scratch::take_with(&mut memo.scratch.prints, tokens.len());
    let words = &tokens.words;
    for (q, (word, &kind)) in words.iter().zip(&tokens.kinds).enumerate() {
        // An emoji repeated (a run of one emoji names each the same, a long name) has
        // the print of the one before: one comparison instead of a hash.
        let print = match q.checked_sub(1) {
            Some(p) if kind == TokenKind::Emoji && words[p] == *word => prints[p],
            _ => Print::of(word),
        };
        prints.push(print);
    }
    let words = words.iter().zip(&prints).map(|(w, p)| (w, p.value()));
    // A comment scanned only for a glued word (crate::segment) or for a typo form whose
    // reading depends on its languages, that gave no match, is answered as the quick
    // reject would have.
    let stretched = !n.stretched.is_empty();
    // Every token asks the batch's memo, first for the quick reject's triggers, then in
    // the scan: its lines asked for at once, before the first is read (a table larger
    // than the second-level cache once a batch has met some thousands of words).
    if memo.is_on() {
        for print in &prints {
            memo.prefetch(print.value());
        }
    }
    let first = words
        .clone()
        .position(|(w, h)| memo.trigger_or(w, h, || lex.triggers.contains_hashed(w, h)));
    let hard = rejected_after(lex, &n.text, stretched, words.clone(), first);
    let typo = !hard && rejected_but_for_typos(lex, &n.text, stretched, words, first);
    let rejected = (hard || typo) && !symbols::may_echo(&n.text);
    if rejected && !typo && !lex.splits(n, &tokens) {
        tokens.give_back(&mut memo.scratch);
        scratch::keep(&mut memo.scratch.prints, prints);
        return nothing(s, forced.map(|f| f.code.to_owned()), (Vec::new(), 0));
    }
    let code = forced.as_ref().map(|f| f.code.to_owned());
    let scan = lex.scan_memo(n, tokens, prints, memo);
    let out = score_scan(lex, s, n, scan, forced, steps_of, &mut memo.scratch);
    if rejected && out.matches.is_empty() {
        return nothing(s, code, (Vec::new(), 0));
    }
    out
}

/// Normalise, scan and score one comment: the one call `Scorer.score` makes.
pub fn score_text(lex: &Lexicon, s: &Settings, text: &[Cp], forced: Option<Forced>) -> Outcome {
    score_text_memo(lex, s, text, forced, &mut BatchMemo::off())
}

/// [`score_text`] of one comment of a batch: `memo` keeps answers about words for the
/// batch's later comments ([`BatchMemo`]; the same outcome as without it).
pub fn score_text_memo(
    lex: &Lexicon,
    s: &Settings,
    text: &[Cp],
    forced: Option<Forced>,
    memo: &mut BatchMemo,
) -> Outcome {
    use crate::normalize::{normalize_in, Config};
    // One long comment from its folding to its outcome (the guards below nest).
    let _long = crate::long::Guard::new(text.len());
    let tables = lex.normalizer_tables();
    let n = normalize_in(text, Config::default(), &tables, &mut memo.scratch);
    let out = score_normalized_tokens_memo(lex, s, &n, None, forced, memo);
    n.give_back(&mut memo.scratch);
    out
}

/// [`score_text`] taking the code points: the folded comment holds them as the text as
/// given when folding changed it (moved, not copied), and they are given back once the
/// comment is folded otherwise, so a long comment is not held once more while it is
/// scored (a megabyte of ASCII is 4 MB of code points).
pub fn score_code_points(
    lex: &Lexicon,
    s: &Settings,
    text: Vec<Cp>,
    forced: Option<Forced>,
) -> Outcome {
    use crate::normalize::{normalize_owned, Config};
    let _long = crate::long::Guard::new(text.len());
    let n = normalize_owned(text, Config::default(), &lex.normalizer_tables());
    score_normalized(lex, s, &n, forced)
}

/// Scan and score a comment already normalised with the default configuration (a policy
/// chain normalises each comment once for its keyword filter and the scorer).  A match's
/// steps are those of normalising its original fragment, less `casefold` and `emoji` (as
/// the Python core listed them).
pub fn score_normalized(
    lex: &Lexicon,
    s: &Settings,
    n: &Normalized,
    forced: Option<Forced>,
) -> Outcome {
    score_normalized_tokens(lex, s, n, None, forced)
}

/// [`score_normalized`] given the comment's tokens when the caller already has them
/// (`n.tokens()`: a policy chain's keyword scan made them); unused when the comment is
/// folded again.
pub fn score_normalized_tokens(
    lex: &Lexicon,
    s: &Settings,
    n: &Normalized,
    tokens: Option<Tokens>,
    forced: Option<Forced>,
) -> Outcome {
    score_normalized_tokens_memo(lex, s, n, tokens, forced, &mut BatchMemo::off())
}

/// [`score_normalized_tokens`] of one comment of a batch, with the batch's memo
/// ([`BatchMemo`]).
pub fn score_normalized_tokens_memo(
    lex: &Lexicon,
    s: &Settings,
    n: &Normalized,
    tokens: Option<Tokens>,
    forced: Option<Forced>,
    memo: &mut BatchMemo,
) -> Outcome {
    use crate::normalize::{normalize_with, Config, Step};
    let _long = crate::long::Guard::new(n.text.len());
    let tables = lex.normalizer_tables();
    // A comment folded with other language facts than this lexicon's packs' is folded
    // again with them: a scorer reads every comment by the facts of its own packs.
    let refolded;
    let (n, tokens) = if Arc::ptr_eq(&n.tables, &tables) || *n.tables == *tables {
        (
            n,
            tokens.unwrap_or_else(|| n.token_columns_in(&mut memo.scratch)),
        )
    } else {
        refolded = normalize_with(n.original(), Config::default(), &tables);
        (&refolded, refolded.token_columns_in(&mut memo.scratch))
    };
    // A comment repeats its fragments ("🖕🏿" a thousand times): normalise each once.
    let mut known: FxMap<Vec<Cp>, Vec<&'static str>> = FxMap::default();
    // The last fragment asked about, and its steps: a repeated fragment is answered
    // without hashing it.
    let mut last: (Vec<Cp>, Vec<&'static str>) = (Vec::new(), Vec::new());
    let mut steps_of = |fragment: &[Cp], out: &mut Vec<&'static str>| {
        if plain_letters(fragment) {
            return;
        }
        if !last.0.is_empty() && last.0 == fragment {
            out.extend_from_slice(&last.1);
            return;
        }
        // Looked up before a key is made: most of a long comment's matches repeat.
        if let Some(found) = known.get(fragment) {
            out.extend_from_slice(found);
            last.0.clear();
            last.0.extend_from_slice(fragment);
            last.1.clone_from(found);
            return;
        }
        let found = known.entry(fragment.to_vec()).or_insert_with(|| {
            let steps = normalize_with(fragment, Config::default(), &tables).steps;
            let shown = steps
                .into_iter()
                .filter(|st| !matches!(st, Step::Casefold | Step::Emoji));
            shown.map(Step::name).collect()
        });
        out.extend_from_slice(found);
    };
    score_tokens(lex, s, n, tokens, forced, &mut steps_of, memo)
}

/// A fragment of ASCII letters, no leet character among them, no letter three times
/// running (in either case): normalising it could only fold its case, a step a match
/// does not list, so its steps are known without running the pipeline (the common
/// case: most matches are words typed as they are).
fn plain_letters(fragment: &[Cp]) -> bool {
    let tables = crate::normalize::Tables::bundled();
    let letter = |c: Cp| (c | 0x20).wrapping_sub(0x61) < 26 && !tables.is_leet(c);
    fragment.iter().all(|&c| letter(c))
        && !fragment
            .windows(3)
            .any(|w| (w[0] | 0x20) == (w[1] | 0x20) && (w[1] | 0x20) == (w[2] | 0x20))
}

/// The language guess of a comment, as the scorer makes it (nothing scored): the index
/// of the guessed language (`None`: no vote, or a tie nothing breaks) and the bit mask
/// of the active languages.
pub fn guess_text(lex: &Lexicon, text: &[Cp]) -> (Option<usize>, u32) {
    use crate::normalize::{normalize_with, Config};
    let n = normalize_with(text, Config::default(), &lex.normalizer_tables());
    let scan = lex.scan_columns(&n, n.token_columns());
    guess_scan(lex, &scan)
}

/// The guess from the function words among a scan's entries (the pieces of a split
/// word vote too: "n o t h i n g" respaced is English).
fn guess_scan(lex: &Lexicon, scan: &Scan) -> (Option<usize>, u32) {
    let (leader, active, _) = guess_scan_voted(lex, scan);
    (leader, active)
}

/// [`guess_scan`] and the languages the votes point to ([`Lexicon::guess_with_voted`]).
fn guess_scan_voted(lex: &Lexicon, scan: &Scan) -> (Option<usize>, u32, u32) {
    let voters = scan
        .entries
        .iter()
        .filter_map(|&e| match e {
            Some(Look::Index(i)) => Some(i),
            _ => None,
        })
        .filter(|&i| lex.entries[i as usize].langs != 0);
    lex.guess_with_voted(voters, &scan.words)
}

/// The comment's languages as the scorer reads them.
struct Languages {
    /// The language named (a forced one as given: "fr-CA").
    named: Option<String>,
    /// The languages whose terms count in full.
    active: u32,
    /// The languages whose context words are read (within `active`; see
    /// [`Lexicon::guess_with_voted`]).
    voted: u32,
    /// The guessed leader's bit (`0` when forced or none): its own words stay its own.
    lead: u32,
}

fn language_of(lex: &Lexicon, scan: &Scan, forced: Option<Forced>) -> Languages {
    if let Some(f) = forced {
        let bit = lex.lang_bit(f.base);
        return Languages {
            named: Some(f.code.to_owned()),
            active: bit,
            voted: bit,
            lead: 0,
        };
    }
    let (best, active, voted) = guess_scan_voted(lex, scan);
    Languages {
        named: best.map(|b| lex.languages[b].clone()),
        active,
        voted,
        lead: best.map_or(0, |b| 1 << b),
    }
}

/// The kept hits, as the weighing left them: which hit, where its match lies in the
/// original, and its step and rule lists.  Matches are made from these only once what
/// the rules read (a token-long list each: words, places, roles, sentences) is given
/// back: a long comment's matches and its context are then never held at once (a kept
/// hit is 24 bytes, and a megabyte can keep half a million).  Which hits are kept, each
/// hit says ([`Hit::kept`], in its padding): the records are in the order of the hits.
struct Kept {
    hits: Vec<KeptHit>,
    /// The step and rule lists given so far, each shared by all its matches (few: a
    /// linear look); a [`KeptHit`] names its two by their places here.
    lists: Vec<Box<[&'static str]>>,
}

/// One kept hit ([`Kept`]): its match's span of the original text, and its steps and
/// rules as places in [`Kept::lists`].
pub(crate) struct KeptHit {
    start: usize,
    end: usize,
    steps: u32,
    rules: u32,
}

impl Kept {
    /// The place in `lists` of the shared list equal to `items` (made the first time).
    fn shared(&mut self, items: &[&'static str]) -> u32 {
        // Names compared as pointers: a name is one of the closed set of rule and step
        // names, the same `&'static str` each time (a copy elsewhere would only make a
        // second list, equal to the first).
        let same = |l: &[&'static str]| {
            l.len() == items.len() && l.iter().zip(items).all(|(a, b)| std::ptr::eq(*a, *b))
        };
        let at = match self.lists.iter().position(|l| same(l)) {
            Some(at) => at,
            None => {
                self.lists.push(items.into());
                self.lists.len() - 1
            }
        };
        // Invariant: fewer lists than `u32::MAX`, each a distinct set of steps or rules
        // (a closed set of names, a handful a comment).
        at as u32
    }

    /// Keep the hit found on `start..end` with the steps and rules of the match kept
    /// last (a hit the weighing memo answered: the hit that filled those lists was kept
    /// last, or had no match, and then neither has this one); whether it was kept.
    fn push_again(&mut self, (start, end): (usize, usize)) -> bool {
        let Some(last) = self.hits.last() else {
            return false;
        };
        let (steps, rules) = (last.steps, last.rules);
        self.hits.push(KeptHit {
            start,
            end,
            steps,
            rules,
        });
        true
    }

    /// Keep the hit found on `start..end` by `steps`, with the `records` its weighing
    /// left (`names`: a reused list).
    fn push(
        &mut self,
        (start, end): (usize, usize),
        (steps, records): (&[&'static str], &[Record]),
        names: &mut Vec<&'static str>,
    ) {
        let steps = self.shared(steps);
        names.clear();
        names.extend(records.iter().map(|r| r.rule));
        let rules = self.shared(names);
        self.hits.push(KeptHit {
            start,
            end,
            steps,
            rules,
        });
    }

    /// The indexes of the kept hits among `hits`, in order.
    fn indexes<'h>(hits: &'h [Hit]) -> impl Iterator<Item = usize> + 'h {
        (hits.iter().enumerate()).filter_map(|(x, h)| h.kept.then_some(x))
    }

    /// The matches of the kept hits, in order, and the step and rule lists they name
    /// (`hits`: every hit, as weighed).  The hits are consumed into the matches in
    /// their own room (the standard library collects a vector's own iterator, mapped
    /// and filtered, in place when the new items are no larger; a test keeps a match
    /// no larger than a hit): a long comment's matches cost no list of their own, and
    /// no room freed earlier (the context's lists) has to be big enough for them.
    /// The kept hits' list goes back to `room` once read.
    fn into_matches(
        self,
        hits: Vec<Hit>,
        room: &mut Scratch,
    ) -> (Vec<MatchOut>, Vec<Box<[&'static str]>>) {
        let mut kept = self.hits.iter();
        let matches = (hits.into_iter())
            .filter_map(|h| {
                // Invariant: `self.hits` holds a record for each hit marked kept, in
                // the hits' order (pushed while the hits were walked in order).
                if !h.kept {
                    return None;
                }
                Some(match_of(&h, kept.next()?))
            })
            .collect();
        scratch::keep(&mut room.kept, self.hits);
        (matches, self.lists)
    }
}

/// The match of hit `h`, kept as `k`.
fn match_of(h: &Hit, k: &KeptHit) -> MatchOut {
    let own = match (&h.term, h.term_id()) {
        (TermOf::Lex(_), Some(_)) => None,
        _ => Some(h.term.term.as_str().into()),
    };
    MatchOut {
        term_id: h.term_id(),
        own,
        category: h.term.category,
        severity: h.term.severity,
        start: k.start,
        end: k.end,
        steps: k.steps,
        targeted: h.targeted,
        rules: k.rules,
    }
}

fn score_scan(
    lex: &Lexicon,
    s: &Settings,
    n: &Normalized,
    owned: Scan,
    forced: Option<Forced>,
    steps_of: &mut StepsOf,
    room: &mut Scratch,
) -> Outcome {
    let scan = &owned;
    let Languages {
        named: language,
        active,
        voted,
        lead,
    } = language_of(lex, scan, forced);
    let union = voted.count_ones() as usize >= lex.languages.len();
    let mut roles = roles_of(lex, scan, (voted, union), scratch::take(&mut room.roles));
    let mut hits = find_hits(lex, scan, &mut roles, (active, lead));
    let reading = capitals::reading(active, lead, forced.is_some());
    pronouns::mark(lex, n, scan, &mut roles, (reading, &s.k));
    titled::mark(lex, n, scan, &mut roles, reading);
    // Compounds read by their head: only in a comment guessed (or said to be) in a
    // language that capitalises its nouns.
    let nouns = if forced.is_some() { active } else { lead } & lex.capitalised;
    if !s.plain && nouns != 0 {
        hits.extend(heads::hits(lex, scan, nouns, s.k.compound_modifier));
    }
    letters::drop_other_words(n, scan, &mut hits);
    hits.extend(symbols::echo_hits(lex, &n.text, &scan.starts, &scan.ends));
    let present = roles.iter().fold(0, |a, r| a | r);
    if present & role::DEROGATORY != 0 {
        hits.extend(derogatory_hits(
            &scan.words,
            &roles,
            s.k.derogatory_severity,
        ));
    }
    // Threats read from their structure and merits denied to a group need the clauses:
    // worked out early, only then.
    let threat = present & threats::HARM != 0;
    let denied = present & negated::MERIT != 0
        && present & role::NEGATOR != 0
        && present & role::IDENTITY != 0;
    let implied = present & implied::PREDICATES != 0 && present & role::IDENTITY != 0;
    let split =
        present & split_verbs::SPLIT_VERB != 0 && present & split_verbs::SPLIT_PARTICLE != 0;
    let early = ((threat || denied || implied || split) && !s.plain)
        .then(|| segments_in(&n.text, &scan.starts, &scan.ends, &roles, room));
    if let Some(seg) = &early {
        if threat {
            hits.extend(threats::hits(&scan.words, &roles, &seg.clause, &s.k));
        }
        if denied {
            hits.extend(negated::hits(&scan.words, &roles, &seg.clause, &s.k));
        }
        if split {
            hits.extend(split_verbs::hits(&scan.words, &roles, &seg.clause, &s.k));
        }
        if implied {
            let more = implied::hits(&scan.words, &roles, seg, &s.k, &hits);
            hits.extend(more);
        }
    }
    // A language switches another's term off only on a word its own pack knows ("pros
    // and cons": English knows `cons`); on a word it does not know, the term counts, for
    // less than in its own language. So a pack loaded beside others only adds catches.
    // A phrase, only when it knows all its words (code-mixed comments keep every
    // language's terms: "this guy is a hijo de puta").
    // Only a word found as it is: a stem, a piece of a split word or a guessed mask may
    // be a part of a word the language knows whole ("pakistanais").
    let other = |h: &Hit| h.term.lang_bit != 0 && h.term.lang_bit & active == 0;
    if hits.iter().any(other) {
        hits.retain_mut(|h| {
            h.foreign = other(h);
            !h.foreign
                || (forced.is_none()
                    && h.step().is_empty()
                    && !known_in(lex, scan, h.i()..h.j(), active))
        });
    }
    // The language a comment is read in keeps its own words: a term of another loaded
    // language, found as typed on one word the leading language's pack knows, is that
    // word (Spanish `con`, "with", is no French insult in "limita al norte con...",
    // even when French, sharing `de` and `la`, stays active); so is one word among the
    // frequent words of the leading language's general list that the term's language's
    // list lacks, when the votes do not point to the term's language (Portuguese
    // `pede`, "asks", is no French `pédé` unaccented in "Pede confirmação
    // interativamente antes de matar", read as Portuguese on a weak guess).
    if lead != 0 {
        hits.retain(|h| {
            h.term.lang_bit == 0
                || h.term.lang_bit & lead != 0
                || !h.step().is_empty()
                || h.j() != h.i() + 1
                || !(pack_knows(lex, scan, h.i(), lead)
                    || (h.term.lang_bit & voted == 0
                        && leads_word(lex, &scan.words[h.i()], lead, h.term.lang_bit)))
        });
    }
    let mut hits = drop_nested(hits, room);
    // From here on only the words and their places are read: the lookups go back now.
    let scan = owned.into_spans_keeping(room);
    // Nested and duplicate hits are dropped in place: give back the room they took when
    // half of them or more went (a million hits of two packs' `🖕` keep half); a short
    // comment's few spare places are not worth a copy.
    if hits.capacity() - hits.len() >= hits.len().max(64) {
        hits.shrink_to_fit();
    }
    if hits.is_empty() {
        scan.give_back(room);
        scratch::keep(&mut room.roles, roles);
        if let Some(seg) = early {
            seg.give_back(room);
        }
        let mut said = (Vec::new(), 0);
        add_language(s, &mut said, &language);
        return nothing(s, language, said);
    }
    let seg = early.unwrap_or_else(|| segments_in(&n.text, &scan.starts, &scan.ends, &roles, room));
    let conjunct = if present & coordination::COORDINATOR != 0 {
        coordination::conjuncts(&hits, scan.words.len())
    } else {
        Vec::new()
    };
    let possessives = &lex.tables.possessives;
    let mut proper = ProperNames::new(
        n,
        &roles,
        &scan.starts,
        &scan.ends,
        &seg.sentence,
        (possessives, room),
    );
    proper.nouns = capitals::Nouns::of(lex, active, lead, forced.is_some());
    let marks = OnceCell::new();
    // Counter-speech words lower a match only when the comment quotes or reports someone
    // (the quotation marks are read only then).
    let counter = present & role::COUNTER != 0
        && (present & role::REPORTING != 0
            || marks.get_or_init(|| quote_marks(n.original())).len() >= 2);
    let ctx = Ctx {
        k: &s.k,
        lex,
        words: &scan.words,
        roles: &roles,
        seg: &seg,
        n,
        starts: &scan.starts,
        ends: &scan.ends,
        marks,
        counter,
        present,
        live: rules::live_rules(present),
        others: hits.len() > 1,
        has_intent: s.has_intent,
        has_copulas: s.has_copulas,
        plurals: &lex.tables.plurals,
        clitics: &s.clitics,
        conjunct,
        runs: OnceCell::new(),
    };
    let (mut lines, kept) = weigh_hits(s, &ctx, &mut hits, &mut proper, (steps_of, room));
    // What the rules read (lists a token long) is not needed to conclude: given back
    // before the matches are made, a long comment's peak is lower.
    drop(ctx);
    proper.give_back(room);
    seg.give_back(room);
    scratch::keep(&mut room.roles, roles);
    scan.give_back(room);
    add_language(s, &mut lines, &language);
    conclude(s, (hits, kept), language, lines, room)
}

/// Whether the languages of `langs` know every word of `tokens`: for each, one of them
/// has it in its pack as a function word, a context word or a term, as an identity
/// term, or in its general word list.  Every word, not one: a phrase of another
/// language is that language's as soon as one of its words is no word of these
/// ("this guy is a hijo de puta": English lists `de` and `puta`, not `hijo`).
fn known_in(lex: &Lexicon, scan: &Scan, tokens: std::ops::Range<usize>, langs: u32) -> bool {
    tokens
        .into_iter()
        .all(|q| pack_knows(lex, scan, q, langs) || list_knows(lex, &scan.words[q], langs))
}

/// Whether `word` is among the frequent words of the `lead`ing language's general list
/// and not in the list of the term's language `theirs` (its rare words included).
fn leads_word(lex: &Lexicon, word: &str, lead: u32, theirs: u32) -> bool {
    word_lists(lex).is_some_and(|lists| {
        lists
            .best_rank_in(crate::segment::Print::of(word), lead)
            .is_some()
            && !lists.knows_in_any(theirs, word)
    })
}

/// Whether the general word list of one of `langs` has `word`.
fn list_knows(lex: &Lexicon, word: &str, langs: u32) -> bool {
    word_lists(lex).is_some_and(|lists| lists.knows_in_any(langs, word))
}

/// The general word lists, when there are any: one per language, in the lexicon's
/// order (empty for a pack without one); none at all when no pack has one.
fn word_lists(lex: &Lexicon) -> Option<&crate::segment::Segmenter> {
    (lex.segmenter.languages.len() == lex.languages.len()).then_some(&lex.segmenter)
}

/// Whether the packs of `langs` know token `q` as a word: a function or context word,
/// one of their terms, or an identity term (a word of every pack that names the group:
/// "homos").
fn pack_knows(lex: &Lexicon, scan: &Scan, q: usize, langs: u32) -> bool {
    scan.entries[q].and_then(|l| lex.entry(l)).is_some_and(|e| {
        e.identity
            || e.langs & langs != 0
            || e.lang_roles.iter().any(|(b, _)| b & langs != 0)
            || e.terms
                .iter()
                .any(|&(t, _)| lex.terms[t as usize].lang_bit & langs != 0)
    })
}

/// The roles of the tokens in the comment's languages ("son" is a person noun in
/// English, a possessive in French); a mention names whom it is said to.  Written into
/// `roles` (cleared first: the room an earlier comment left).
fn roles_of(
    lex: &Lexicon,
    scan: &Scan,
    (active, union): (u32, bool),
    mut roles: Vec<Roles>,
) -> Vec<Roles> {
    roles.clear();
    roles.extend(scan.entries.iter().map(|e| {
        match e.and_then(|l| lex.entry(l)) {
            None => 0,
            Some(e) if union => e.roles,
            Some(e) => e
                .lang_roles
                .iter()
                .filter(|(b, _)| b & active != 0)
                .fold(0, |a, (_, m)| a | m),
        }
    }));
    for (q, kind) in scan.kinds.iter().enumerate() {
        if *kind == TokenKind::Mention {
            roles[q] |= role::SECOND_PERSON;
        }
    }
    roles
}

/// Place, weigh and describe every hit; the ones with evidence are kept.
fn weigh_hits(
    s: &Settings,
    ctx: &Ctx,
    hits: &mut [Hit],
    proper: &mut ProperNames,
    (steps_of, room): (&mut StepsOf, &mut Scratch),
) -> (Lines, Kept) {
    let n = ctx.n;
    let mut lines: Lines = (Vec::new(), 0);
    // At most one kept a hit: room for all of them at once, rather than growing (and
    // for a while holding) twice the room of a long comment's kept hits.
    let mut kept = Kept {
        hits: scratch::take_with(&mut room.kept, hits.len()),
        lists: Vec::new(),
    };
    // One list for the steps of every hit, one for its records and one for its rules'
    // names, reused (from hit to hit, and from comment to comment: `room`).
    let mut how = scratch::take(&mut room.how);
    let mut records = scratch::take(&mut room.records);
    let mut names = scratch::take(&mut room.names);
    let mut memo = memo::WeighMemo::new(ctx, hits.len());
    for h in hits.iter_mut() {
        let span = n.to_original(ctx.starts[h.i()], ctx.ends[h.j() - 1]);
        let span = span.unwrap_or((0, 0));
        if s.plain {
            match_steps(n, span, h.step(), steps_of, &mut how);
            h.evidence = 10.0; // a word list: every match counts, no context rules
            kept.push(span, (&how, h.records()), &mut names);
            h.kept = true;
            continue;
        }
        // A hit the memo answers has the records and steps of the hit before it, still
        // in `records` and `how`.
        let again = memo.answer(h, ctx, span);
        if !again {
            weigh(h, ctx, proper, &mut records);
            memo.learn(h, ctx, span, proper);
        }
        if !s.explain && h.evidence <= 0.0 {
            lines.1 += 1; // neither shown nor kept: its steps are not needed
            continue;
        }
        if !again {
            match_steps(n, span, h.step(), steps_of, &mut how);
        }
        if s.explain {
            let line = describe(h, ctx, &s.phrasing, span, &how, &records);
            lines.0.push(line);
        } else {
            lines.1 += 1;
        }
        match (h.evidence > 0.0, again) {
            (true, true) => h.kept = kept.push_again(span),
            (true, false) => {
                kept.push(span, (&how, &records), &mut names);
                h.kept = true;
            }
            (false, _) => {}
        }
    }
    scratch::keep(&mut room.how, how);
    scratch::keep(&mut room.records, records);
    scratch::keep(&mut room.names, names);
    (lines, kept)
}

/// The score, categories, verdict and matches of the kept hits.
fn conclude(
    s: &Settings,
    (hits, kept): (Vec<Hit>, Kept),
    language: Option<String>,
    (reasons, unwritten): Lines,
    room: &mut Scratch,
) -> Outcome {
    let (total_evidence, mut score, categories) = if s.plain {
        let mut cats: Vec<(Category, f64)> = Vec::new();
        for x in Kept::indexes(&hits) {
            if !cats.iter().any(|(c, _)| *c == hits[x].term.category) {
                cats.push((hits[x].term.category, 1.0));
            }
        }
        let score = if kept.hits.is_empty() { 0.0 } else { 1.0 };
        (10.0 * kept.hits.len() as f64, score, cats)
    } else {
        // One list of evidence, for the total and then for each category's.
        let mut ev = scratch::take(&mut room.evidence);
        ev.extend(Kept::indexes(&hits).map(|x| hits[x].evidence));
        let t = total_of(&s.k, &mut ev);
        let whole = logistic(&s.k, t);
        let categories = categories(&s.k, &hits, &mut ev, whole);
        scratch::keep(&mut room.evidence, ev);
        (t, whole, categories)
    };
    let severe = Kept::indexes(&hits).any(|x| {
        hits[x].full && matches!(hits[x].term.category, Category::Threat | Category::SelfHarm)
    });
    if severe {
        score = score.max(s.k.high); // a threat is HIGH whatever else is there
    }
    let score = round4(score.clamp(0.0, 1.0));
    let (flagged, severity) = verdict(s, score, severe);
    let (matches, lists) = kept.into_matches(hits, room);
    let evidence = round4(total_evidence);
    Outcome {
        score,
        flagged,
        severity,
        categories,
        language,
        matches,
        lists,
        reasons,
        unwritten,
        evidence,
    }
}

/// Each category of the kept hits with its score (the total of its kept hits'
/// evidence), sorted by name; a hit on an identity counts for `IdentityAttack` too.
/// `ev` is a list lent for the evidence of one category at a time (cleared here): the
/// categories are a closed set of a few, so each is gathered by a walk over the hits
/// rather than given a list of its own.  `ev` comes holding the evidence of every kept
/// hit, and `whole` is the score of their total ([`logistic`] of [`total_of`]): a
/// category every kept hit counts for (most comments have one) has that score, its list
/// being the same numbers in the same order, so it is not summed and scored again.
fn categories(k: &Constants, hits: &[Hit], ev: &mut Vec<f64>, whole: f64) -> Vec<(Category, f64)> {
    let all = ev.len();
    let counts_for = |h: &Hit, c: Category| {
        h.term.category == c || (c == Category::IdentityAttack && h.identity)
    };
    // The categories in the order the hits first name them (the evidence of each is
    // then gathered in the hits' order, as it was pushed when each had its own list).
    let mut out: Vec<(Category, f64)> = Vec::new();
    for x in Kept::indexes(hits) {
        let h = &hits[x];
        for c in [h.term.category, Category::IdentityAttack] {
            if counts_for(h, c) && !out.iter().any(|&(seen, _)| seen == c) {
                out.push((c, 0.0));
            }
        }
    }
    for (c, score) in &mut out {
        ev.clear();
        let of_c = Kept::indexes(hits).filter(|&x| counts_for(&hits[x], *c));
        ev.extend(of_c.map(|x| hits[x].evidence));
        let of_all = ev.len() == all;
        *score = round4(if of_all {
            whole
        } else {
            logistic(k, total_of(k, ev))
        });
    }
    out.sort_by(|a, b| a.0.name().cmp(b.0.name()));
    out
}

/// The steps of the match on `start..end` found by the matcher's `step`, written into
/// `found` (cleared first).
fn match_steps(
    n: &Normalized,
    (start, end): (usize, usize),
    step: &'static str,
    steps_of: &mut StepsOf,
    found: &mut Vec<&'static str>,
) {
    found.clear();
    if start < end && !n.original().is_empty() {
        steps_of(&n.original()[start..end], found);
    }
    if !step.is_empty() && !found.contains(&step) {
        found.push(step);
    }
}

/// Above this many tokens [`find_hits`] counts a comment's hits before making them.
const COUNTED_FROM: usize = 64;

/// Terms and phrases on the scanned tokens; identity words and phrase roles marked.
/// Every hit of the scan's terms and phrases, and the roles of the context phrases of
/// the `active` languages (not those the `lead`ing language reads as its own words).
fn find_hits<'a>(
    lex: &'a Lexicon,
    scan: &Scan,
    roles: &mut [Roles],
    (active, lead): (u32, u32),
) -> Vec<Hit<'a>> {
    let mut singles = Singles::default();
    // A long comment's hits are counted first, for room for all of them at once: growing
    // by doubling would hold three halves of them for a while (phrases may still grow
    // it).  A short comment's few hits grow their list as found, without that first walk.
    let mut hits = if scan.entries.len() > COUNTED_FROM {
        // A token's step is read only for a token with terms (most have none).
        let mut count = |q: usize, l: Look| match terms_of(lex, l).size_hint() {
            (0, Some(0)) => 0,
            (1, Some(1)) => 1, // one term: none to drop
            _ => singles.of(lex, l, scan.steps.get(q)).len(),
        };
        let count = (scan.entries.iter().enumerate())
            .filter_map(|(q, l)| l.map(|l| count(q, l)))
            .sum();
        Vec::with_capacity(count)
    } else {
        Vec::new()
    };
    let words = &scan.words;
    for (i, look) in scan.entries.iter().enumerate() {
        let Some(look) = *look else { continue };
        let one: Option<(u32, &str)>;
        let found: &[(u32, &'static str)] = match terms_of(lex, look).size_hint() {
            (0, Some(0)) => &[],
            (1, Some(1)) => {
                one = terms_of(lex, look).next();
                one.as_slice()
            }
            _ => singles.of(lex, look, scan.steps.get(i)),
        };
        for &(t, how) in found {
            let step = if how.is_empty() {
                scan.steps.get(i)
            } else {
                how
            };
            hits.push(Hit::new(
                i,
                i + 1,
                TermOf::Lex(&lex.terms[t as usize]),
                Some(t),
                step,
            ));
        }
        let Look::Index(_) = look else { continue };
        let Some(e) = lex.entry(look) else { continue };
        if e.identity && identity_counts(lex, scan, i, e, active) {
            roles[i] |= role::IDENTITY;
        }
        if e.phrases.is_empty()
            || i + 1 == words.len()
            || (!e.phrases.contains_key(&words[i + 1]) && !e.phrases.contains_key(GAP))
        {
            continue;
        }
        for (p, end) in lex.phrases_at(words, i, e) {
            let phrase = &lex.phrases[p as usize];
            if let Some(t) = phrase.term {
                // A phrase found through a mask or a typo says so ("f*ck you").
                let how = (i..end)
                    .map(|q| scan.steps.get(q))
                    .find(|s| !s.is_empty())
                    .unwrap_or("");
                hits.push(Hit::new(
                    i,
                    end,
                    TermOf::Lex(&lex.terms[t as usize]),
                    Some(t),
                    how,
                ));
            }
            let ours = phrase.lang_bit == 0 || phrase.lang_bit & active != 0;
            if phrase.roles != 0 && ours && !leads_own_words(lex, scan, i..end, phrase, lead) {
                for r in &mut roles[i..end] {
                    *r |= phrase.roles;
                }
            }
        }
    }
    hits
}

/// The terms of a look found on one token with the matcher's `step` there, less those
/// [`drop_nested`] would drop whatever else is found: two terms of one category found
/// the same way that the language filters read alike (same language, no excluding
/// spellings) make the same hit twice, and it keeps only the more severe, among equals
/// the first.  Two packs list `🖕`: a megabyte of it made a million hits, half of them
/// dropped only after all were made, sorted and filtered.  The last look's answer is
/// kept (a long comment repeats its words).
#[derive(Default)]
struct Singles {
    last: Option<(Look, &'static str)>,
    found: Vec<(u32, &'static str)>,
    /// Room for [`kept_singles`]' groups, kept from one token to the next.
    groups: Vec<Group>,
}

impl Singles {
    /// The terms of `look` found with the matcher's `step`, less those a term on the
    /// same token makes redundant.  A term's step is `step` where it has none of its
    /// own, or left empty when every term is kept (its hit reads the token's step
    /// then, which is `step`).
    fn of<'s>(
        &'s mut self,
        lex: &'s Lexicon,
        look: Look,
        step: &'static str,
    ) -> &'s [(u32, &'static str)] {
        // The same word in several packs (`bitch`: a term in most of them): none to
        // drop, read in place (`self.last` still names what `self.found` holds).
        if let Look::Index(e) = look {
            let terms = &lex.entries[e as usize].terms;
            if never_grouped(lex, terms) {
                return terms;
            }
        }
        // The step by its pointer: one of a closed set of names (a copy elsewhere would
        // only work the answer out again).
        if self
            .last
            .is_some_and(|(l, s)| l == look && std::ptr::eq(s, step))
        {
            return &self.found;
        }
        self.found.clear();
        let how = |(t, how): (u32, &'static str)| (t, if how.is_empty() { step } else { how });
        self.found.extend(terms_of(lex, look).map(how));
        let n = self.found.len();
        // More than 64 terms on one token (never seen) are kept as found: the hits are
        // the same, only made and dropped later.
        if (2..=64).contains(&n) {
            let ranks = self.found.iter().map(|&(t, how)| {
                let term = &lex.terms[t as usize];
                let group = (how, term.category, term.lang_bit);
                (term.letters.is_empty().then_some(group), term.severity)
            });
            let keep = kept_singles(ranks, &mut self.groups);
            let mut k = 0;
            self.found.retain(|_| {
                k += 1;
                keep >> (k - 1) & 1 == 1
            });
        }
        self.last = Some((look, step));
        &self.found
    }
}

/// Whether [`Singles::of`] keeps every one of an entry's `terms` whatever step found
/// them: no two without distinct letters share a category and a language, so each is
/// alone in its group ([`kept_singles`]; a group's key is the step, the category and
/// the language).  The hits are then those of the terms as listed, the token's step
/// where a term has none (the hits' loop fills it in).  Most such tokens are one
/// word several packs list (six packs made some 3,200 a 2,000 tweets, each costing a
/// list of terms and of groups in `Singles`).  Only a few terms are compared (pairs:
/// n²); more go through `Singles`.
fn never_grouped(lex: &Lexicon, terms: &[(u32, &'static str)]) -> bool {
    const FEW: usize = 8;
    let key = |t: u32| {
        let term = &lex.terms[t as usize];
        term.letters
            .is_empty()
            .then_some((term.category, term.lang_bit))
    };
    terms.len() <= FEW
        && terms.iter().enumerate().all(|(k, &(a, _))| {
            key(a).is_none_or(|ka| terms[k + 1..].iter().all(|&(b, _)| key(b) != Some(ka)))
        })
}

/// What makes two terms found on one token the same hit: the step that found each,
/// their category and their language.
type GroupKey = (&'static str, Category, u32);
/// A term found on a token as [`kept_singles`] reads it: its group (`None` for a term
/// with distinct letters) and its severity.
type Rank = (Option<GroupKey>, u8);
/// A group met on a token: its key, its highest severity, the first term at it.
type Group = (GroupKey, u8, usize);

/// Which of the terms found on one token no other makes redundant, as bits (term `k`:
/// bit `k`; at most 64 terms).  Each term is given as its group and its severity
/// ([`Rank`]; no group for a term with distinct letters, which the language filters
/// may read apart).  Term `o` makes term `k` redundant when both have a group, the
/// same one, and `o` is more severe, or as severe and listed first ([`outranks_rank`]).
///
/// Exact, in one pass (the pairs of six packs' terms on one token cost n²): a term
/// without a group is never made redundant, and one with a group is kept exactly when
/// it is the first of the most severe of its group — a more severe term of the group
/// makes any other redundant, and among the most severe the first makes the later
/// ones so, while nothing outranks it.  `groups`: room for the groups met (their key,
/// highest severity, first term at it), emptied first.
fn kept_singles(ranks: impl Iterator<Item = Rank>, groups: &mut Vec<Group>) -> u64 {
    groups.clear();
    let mut keep = 0u64;
    for (k, (group, severity)) in ranks.enumerate() {
        let Some(key) = group else {
            keep |= 1 << k;
            continue;
        };
        match groups.iter_mut().find(|g| g.0 == key) {
            Some(g) if severity > g.1 => (g.1, g.2) = (severity, k),
            Some(_) => {}
            None => groups.push((key, severity, k)),
        }
    }
    groups
        .iter()
        .fold(keep, |bits, &(_, _, first)| bits | 1 << first)
}

/// Whether the `ka`-th term found on a token makes the `kb`-th redundant, each given
/// as in [`kept_singles`]: the pairwise rule that function answers for all at once.
#[cfg(test)]
fn outranks_rank(
    (ka, (a, severity_a)): (usize, Rank),
    (kb, (b, severity_b)): (usize, Rank),
) -> bool {
    a.is_some() && a == b && (severity_a > severity_b || (severity_a == severity_b && ka < kb))
}

/// The terms of a look and the matcher's step that found each (`Lexicon::look_terms`
/// without a list made per token: a long comment has a look on nearly every token).
fn terms_of(lex: &Lexicon, look: Look) -> impl Iterator<Item = (u32, &'static str)> + '_ {
    let (found, stems): (&[(u32, &'static str)], &[u32]) = match look {
        Look::Index(e) => (&lex.entries[e as usize].terms, &[]),
        Look::Stem(s) => (&[], &lex.stems[s as usize]),
    };
    found
        .iter()
        .copied()
        .chain(stems.iter().map(|&t| (t, "stem")))
}

/// Whether the identity word at token `i` names a group in this comment: always in a
/// language whose pack lists it (every language when the guess is weak), and in another
/// one only when the comment's `active` languages do not know the word as one of theirs
/// (a function or context word, or a word of their general lists), as terms are
/// switched off: English `man` is no group in German "Man kann nur hoffen", English
/// `muslim` still is one in a French comment.  An entry that names none of its
/// languages (built by hand) counts always.
fn identity_counts(lex: &Lexicon, scan: &Scan, i: usize, e: &Entry, active: u32) -> bool {
    let own = e
        .lang_roles
        .iter()
        .filter(|(_, m)| m & role::IDENTITY != 0)
        .fold(0, |a, (b, _)| a | b);
    if own == 0 || own & active != 0 {
        return true;
    }
    let known = e.langs & active != 0
        || e.lang_roles
            .iter()
            .any(|(b, m)| b & active != 0 && m & !role::IDENTITY != 0)
        || list_knows(lex, &scan.words[i], active);
    !known
}

/// Whether a context phrase of another language than the leading one is made of words
/// the leading language knows (its pack or its general list): then they are its words,
/// and the phrase is not read (Portuguese reporting `pensar que` in the Spanish "me
/// equivoco al pensar que deberían ejecutar a ese tipo"; the leading language keeps its
/// own words, as it does for terms).
fn leads_own_words(
    lex: &Lexicon,
    scan: &Scan,
    tokens: std::ops::Range<usize>,
    phrase: &crate::lexicon::Phrase,
    lead: u32,
) -> bool {
    lead != 0
        && phrase.lang_bit != 0
        && phrase.lang_bit & lead == 0
        && known_in(lex, scan, tokens, lead)
}

/// A derogatory word right before an identity term: the pair is an identity attack
/// ("sale arabe", "dirty jew"), named in explain() by its own words.
fn derogatory_hits<'a>(words: &Words, roles: &[Roles], severity: u8) -> Vec<Hit<'a>> {
    let mut out = Vec::new();
    let size = words.len();
    let derog = |q: usize| roles[q] & role::DEROGATORY != 0 && roles[q] & role::IDENTITY == 0;
    for q in 0..size.saturating_sub(1) {
        if !derog(q) || roles[q + 1] & role::IDENTITY == 0 {
            continue;
        }
        let mut a = q;
        while a > 0 && derog(a - 1) {
            a -= 1; // "espèce de": the whole phrase
        }
        let mut b = q + 1;
        while b < size && roles[b] & role::IDENTITY != 0 {
            b += 1;
        }
        out.push(Hit::structural(
            words,
            a,
            b,
            Category::IdentityAttack,
            severity,
        ));
    }
    out
}

/// A word inside a matched phrase is part of the phrase's evidence; one place is one
/// piece of evidence per category (the most severe entry, among equals the first).
/// The lists of places it sorts and marks are `room`'s.
fn drop_nested<'a>(hits: Vec<Hit<'a>>, room: &mut Scratch) -> Vec<Hit<'a>> {
    if hits.len() < 2 {
        return hits;
    }
    // The spans of the hits of more than one token, sorted: a hit inside a longer one
    // starts at most `longest` tokens after it.  A sorted list of pairs, not a map of
    // lists: a long comment's phrases made a list and a map entry each (a hundred
    // thousand phrases, some 30 MB at once for 16 bytes a phrase here).
    let mut longer: Vec<(usize, usize)> = (hits.iter())
        .filter(|h| h.j() - h.i() > 1)
        .map(|h| (h.i(), h.j()))
        .collect();
    longer.sort_unstable();
    longer.dedup();
    let longest = longer.iter().map(|&(a, b)| b - a).max().unwrap_or(0);
    let mut out = hits;
    if !longer.is_empty() {
        out.retain(|h| {
            let from = longer.partition_point(|&(a, _)| a < h.i().saturating_sub(longest));
            let to = longer.partition_point(|&(a, _)| a <= h.i());
            !longer[from..to]
                .iter()
                .any(|&(a, b)| h.j() <= b && b - a > h.j() - h.i())
        });
    }
    drop(longer);
    // The hits of one place and category side by side, in their order (a stable sort
    // by place: the hits come nearly sorted, and a list of indexes is a fraction of a
    // map keyed by place); each group keeps its most severe, among equals its first.
    let key = |h: &Hit| (h.i(), h.j(), h.term.category);
    // Hits already in strictly increasing order of place and category (a tweet's few
    // hits, each at its own token, nearly always are) form groups of one: all kept.
    if out.windows(2).all(|w| key(&w[0]) < key(&w[1])) {
        return out;
    }
    // Positions as `u32` when they fit: half the room of a million hits' order.
    let mut keep = scratch::take(&mut room.best);
    if let Ok(len) = u32::try_from(out.len()) {
        let mut order = scratch::take(&mut room.order);
        order.extend(0..len);
        order.sort_by_key(|&x| key(&out[x as usize]));
        let out = keep_best(out, order.iter().map(|&x| x as usize), &mut keep);
        scratch::keep(&mut room.order, order);
        scratch::keep(&mut room.best, keep);
        return out;
    }
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by_key(|&x| key(&out[x]));
    keep_best(out, order.into_iter(), &mut keep)
}

/// The hits of `out` kept by [`drop_nested`]: in each group of one place and category
/// (`order` lists them group by group), the most severe, among equals the first.
/// `keep` is a list lent for the marks (cleared here).
fn keep_best<'a>(
    mut out: Vec<Hit<'a>>,
    order: impl Iterator<Item = usize>,
    keep: &mut Vec<bool>,
) -> Vec<Hit<'a>> {
    let key = |h: &Hit| (h.i(), h.j(), h.term.category);
    keep.clear();
    keep.resize(out.len(), false);
    let mut order = order.peekable();
    while let Some(first) = order.next() {
        let mut best = first;
        while let Some(&next) = order.peek() {
            if key(&out[next]) != key(&out[first]) {
                break;
            }
            if out[next].term.severity > out[best].term.severity {
                best = next;
            }
            order.next();
        }
        keep[best] = true;
    }
    let mut x = 0;
    out.retain(|_| {
        x += 1;
        keep[x - 1]
    });
    out
}

#[cfg(test)]
mod tests;
