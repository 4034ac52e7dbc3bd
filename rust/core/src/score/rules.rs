//! The context rules, one small function each: a rule reads one hit and its context and
//! returns a veto (the hit counts for nothing), a bonus (evidence added), a factor
//! (evidence multiplied) or a note, with the word that triggered it.  [`RULES`] lists
//! them in the order they apply; their constants live in `scoring.toml`
//! (`docs/scoring.md` has the table).  A new rule is a function here and a row there.

use super::explain::{Note, Phrase};
use super::{Aim, Constants, Ctx, Hit};
use crate::lexicon::role::Roles;
use crate::lexicon::{role, Category};

/// What a rule does to a hit, with the note explain() shows: its phrase and the words
/// that triggered it (the phrasing is data: `reasons.toml`, see [`super::explain`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// The hit counts for nothing.
    Veto(Note),
    /// Evidence added, with its note (if any).
    Bonus(f64, Option<Note>),
    /// Evidence multiplied.
    Factor(f64, Note),
    /// Only a note.
    Note(Note),
}

/// A named rule, and when it can apply at all ([`Needs`]).
pub type Rule = (
    &'static str,
    fn(&Hit, &Ctx, &Aim, &mut Extra) -> Option<Effect>,
    Needs,
);

/// What the rules need that is not fixed by the hit: the proper-name reader (lazy).
pub struct Extra<'a, 'b> {
    pub proper: &'b mut super::context::ProperNames<'a>,
}

/// When a rule can apply at all: to a hit of one of `categories` (a bit each,
/// [`category_bit`]), in a comment where some token has one of `roles` (`0`: no role
/// needed).  A rule answers `None` whenever its needs do not hold: the weighing does
/// not ask it then ([`live_rules`], [`BY_CATEGORY`]), which gives the same effects in
/// the same order, one call fewer a rule and a hit (most comments hold few roles and
/// one or two categories).  Each rule's needs are read off its own first tests, said
/// beside it in [`RULES`]; `tests.rs` scores texts of every role and category with
/// and without the skipping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Needs {
    pub roles: Roles,
    pub categories: u16,
}

/// The bit of a category in [`Needs::categories`].
pub const fn category_bit(c: Category) -> u16 {
    1 << c as u16
}

/// Every category's bit.
const EVERY: u16 = (1 << Category::ALL.len()) - 1;

/// A rule that may apply to any hit.
const ANY: Needs = Needs {
    roles: 0,
    categories: EVERY,
};

/// A rule that needs one of `roles` in the comment, for a hit of any category.
const fn roles(roles: Roles) -> Needs {
    Needs {
        roles,
        categories: EVERY,
    }
}

/// A rule for hits of `categories` only, any roles.
const fn only(categories: &[Category]) -> Needs {
    let mut bits = 0;
    let mut k = 0;
    while k < categories.len() {
        bits |= category_bit(categories[k]);
        k += 1;
    }
    Needs {
        roles: 0,
        categories: bits,
    }
}

/// [`only`] and one of `roles` in the comment.
const fn both(categories: &[Category], roles: Roles) -> Needs {
    Needs {
        roles,
        categories: only(categories).categories,
    }
}

/// Every category but those of `but`.
const fn all_but(but: &[Category]) -> Needs {
    Needs {
        roles: 0,
        categories: EVERY & !only(but).categories,
    }
}

/// [`all_but`] and one of `roles` in the comment.
const fn but(categories: &[Category], roles: Roles) -> Needs {
    Needs {
        roles,
        categories: all_but(categories).categories,
    }
}

/// The rules, in the order they apply (vetoes first), each with its needs.
pub const RULES: [Rule; 28] = [
    ("benign_sense", benign_sense, ANY), // reads the term's benign words
    ("as_number", super::symbols::as_number, roles(NUMBER)), // a number word beside it
    ("not_aimed", not_aimed, ANY),       // applies when nothing is aimed at
    ("no_intent", no_intent, only(&[Category::Threat])),
    // A bare infinitive closing a short clause: a demand ("Alle Flüchtlinge abschieben!").
    (
        super::commands::NAME,
        bare_command,
        both(&[Category::Threat], super::commands::COMMAND),
    ),
    ("proper_name", proper_name, ANY),
    // What there is, after an existential ("non c'era altro che immondizia").
    (
        "existential",
        existential,
        but(&VERBS, super::dropped::EXISTENTIAL),
    ),
    ("severity", severity, ANY),
    // A target is a role in reach, the person pointed at by an object pronoun or a
    // demonstrative, a coordinated match's target or the sentence's subject (a person
    // noun or an identity term): every one a token with a role of TARGET's.
    (
        "targeted",
        targeted,
        roles(role::TARGET | role::OBJECT | role::DEMONSTRATIVE),
    ),
    // The noun set off by commas is aimed by the marks around it, not by a role.
    (
        "vocative",
        vocative,
        only(&[Category::Insult, Category::Slur]),
    ),
    // The group named only by a plural copula opening the sentence ("son basura").
    (
        "dropped_subject",
        dropped_subject,
        but(
            &VERBS,
            super::dropped::PLURAL_COPULA | super::dropped::AMBIGUOUS_COPULA,
        ),
    ),
    // Someone named only by a copula through "nothing but" ("no es más que un cabrón").
    (
        "restricted_subject",
        restricted_subject,
        but(&VERBS, super::dropped::RESTRICTIVE),
    ),
    // People doubling an object pronoun glued to the verb ("matarlos a todos").
    (
        "clitic_object",
        clitic_object,
        only(&[Category::Threat, Category::Harassment]),
    ),
    ("slur", slur, only(&[Category::Slur])),
    // An identity is a token of that role (in reach or the sentence's subject).
    (
        "identity_attack",
        identity_attack,
        but(&[Category::Profanity, Category::Sexual], role::IDENTITY),
    ),
    ("threat", threat, only(&SEVERE)),
    ("intensifier", intensifier, roles(role::INTENSIFIER)),
    (
        "swearing_at_group",
        swearing_at_group,
        both(&[Category::Profanity], role::IDENTITY | role::PERSON_NOUN),
    ),
    ("profanity", profanity, only(&[Category::Profanity])),
    (
        "enthusiasm",
        enthusiasm,
        both(&[Category::Profanity], role::POSITIVE),
    ),
    ("reclaimed", reclaimed, roles(role::IN_GROUP)),
    (
        "attributive",
        attributive,
        both(&[Category::Insult, Category::Profanity], role::THING),
    ),
    ("ambiguous_alone", ambiguous_alone, ANY),
    // The author counts themself in only for a word that is not a verb.
    (
        "self_reference",
        self_reference,
        but(&VERBAL, role::SELF | role::SELF_AFTER),
    ),
    ("negated", negated, roles(role::NEGATOR)),
    // A negator closing the clause after a verb ("Ich hasse Frauen nicht").
    (
        super::negated_after::NAME,
        negated_after,
        both(&VERBS, super::negated_after::CLOSING_NEGATOR),
    ),
    ("reported", reported, ANY), // a reporting word, or quotation marks
    ("other_language", other_language, ANY),
];

/// Counter-speech comes last (kept apart so the table above stays in rule order); its
/// flag is set only when some token is a counter-speech word.
pub const COUNTER_SPEECH: Rule = ("counter_speech", counter_speech, roles(role::COUNTER));

/// The roles of the words that read a number beside a hit ([`super::symbols::as_number`]).
const NUMBER: Roles = super::symbols::NUMBER_BEFORE | super::symbols::NUMBER_AFTER;

/// Every rule in the order the weighing asks them: [`RULES`], then [`COUNTER_SPEECH`]
/// (bit `k` of a rule set is rule `k` here).
pub const ORDER: [Rule; 29] = {
    let mut out = [COUNTER_SPEECH; 29];
    let mut k = 0;
    while k < RULES.len() {
        out[k] = RULES[k];
        k += 1;
    }
    out
};

/// For each category (by its place in [`Category`]), the rules of [`ORDER`] that may
/// apply to its hits, as bits.
pub const BY_CATEGORY: [u32; Category::ALL.len()] = {
    let mut out = [0u32; Category::ALL.len()];
    let mut c = 0;
    while c < out.len() {
        let mut k = 0;
        while k < ORDER.len() {
            if ORDER[k].2.categories >> c & 1 != 0 {
                out[c] |= 1 << k;
            }
            k += 1;
        }
        c += 1;
    }
    out
};

/// The rules of [`ORDER`] that may apply in a comment whose tokens' roles are
/// `present` (their union), as bits: worked out once a comment.
pub fn live_rules(present: Roles) -> u32 {
    (ORDER.iter().enumerate())
        .filter(|(_, r)| r.2.roles == 0 || r.2.roles & present != 0)
        .fold(0, |bits, (k, _)| bits | 1 << k)
}

/// The rules of [`ORDER`] to ask of a hit of `category` in a comment whose live rules
/// are `live` ([`live_rules`]), as bits.
#[inline]
pub fn asked(live: u32, category: Category) -> u32 {
    #[cfg(test)]
    if EVERY_RULE.with(std::cell::Cell::get) {
        return (1 << ORDER.len()) - 1;
    }
    live & BY_CATEGORY[category as usize]
}

#[cfg(test)]
thread_local! {
    /// Tests ask every rule of every hit, to compare with the skipping.
    pub(super) static EVERY_RULE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

const VERBAL: [Category; 4] = [
    Category::Threat,
    Category::SelfHarm,
    Category::Harassment,
    Category::Profanity,
];
const SEVERE: [Category; 2] = [Category::Threat, Category::SelfHarm];
/// The categories of the verbs (the match is the clause's verb, with a subject of its
/// own): [`negated_after`] reads only these, `dropped_subject` all but these.
pub(super) const VERBS: [Category; 3] =
    [Category::Threat, Category::SelfHarm, Category::Harassment];

fn k<'a>(c: &Ctx<'a>) -> &'a Constants {
    c.k
}

/// A word with a benign sense next to a word of that sense ("Can I bum a fag? I left my
/// cigarettes at home": a little farther than the target, the next sentence counts).
/// An entry of several words ("la chucha", "qué pedo") is a phrase: it counts only whole,
/// its words side by side and in order, when one of them is within reach; it may hold
/// the match itself, but not lie wholly inside it.
fn benign_sense(h: &Hit, c: &Ctx, _: &Aim, _: &mut Extra) -> Option<Effect> {
    let r = &h.term;
    if !r.ambiguous || (r.benign_context.is_empty() && r.benign_phrases.is_empty()) {
        return None;
    }
    let (a, b) = (
        h.i().saturating_sub(k(c).benign_window),
        (h.j() + k(c).benign_window).min(c.size()),
    );
    // The words around the match, before it and then after it (the match's own are not
    // asked).
    if let Some(q) = (a..h.i())
        .chain(h.j()..b)
        .find(|&q| r.benign_context.contains(&c.words[q]))
    {
        return Some(Effect::Veto(Note::word(Phrase::BenignSense, q)));
    }
    // The phrases are sorted: the one named is the same every run.
    let (q, n) = r
        .benign_phrases
        .iter()
        .find_map(|p| benign_phrase_at(p, h, c, a..b).map(|q| (q, p.len())))?;
    Some(Effect::Veto(Note::spans(
        Phrase::BenignSense,
        &[(q, q + n)],
    )))
}

/// Where the words of `phrase` first stand together touching `reach`, and not wholly
/// inside the match.
fn benign_phrase_at(
    phrase: &[String],
    h: &Hit,
    c: &Ctx,
    reach: std::ops::Range<usize>,
) -> Option<usize> {
    let n = phrase.len().max(1);
    let first = reach.start.saturating_sub(n - 1);
    let last = reach.end.min(c.size().saturating_sub(n - 1));
    (first..last).find(|&q| !(h.i() <= q && q + n <= h.j()) && c.words.eq_at(q, phrase))
}

/// Words that count only when aimed ("animals", "disgusting") and are not.
fn not_aimed(h: &Hit, _: &Ctx, aim: &Aim, _: &mut Extra) -> Option<Effect> {
    (h.term.targeted && aim.target.is_none()).then(|| Effect::Veto(Note::plain(Phrase::NotAimed)))
}

/// A bare violent verb is a threat when someone means to do it ("I will", "il faut") or
/// orders it (it opens the sentence); in a report ("three people were killed") it is news.
fn no_intent(h: &Hit, c: &Ctx, _: &Aim, _: &mut Extra) -> Option<Effect> {
    if !(h.term.targeted && h.term.category == Category::Threat && c.has_intent) {
        return None;
    }
    let sid = c.sentence(h.i());
    let opens = h.i() == 0 || c.sentence(h.i() - 1) != sid;
    let cid = c.clause(h.i());
    let w = k(c).intent_window;
    let mut reach = h.i().saturating_sub(w)..(h.j() + w).min(c.size());
    let intent = c.present & role::INTENT != 0
        && reach.any(|q| {
            c.roles[q] & role::INTENT != 0 && !(h.i()..h.j()).contains(&q) && wills(c, q, cid, sid)
        });
    let demand = || super::commands::at(c, h.i(), h.j()).is_some();
    (!intent && !opens && !demand()).then(|| Effect::Veto(Note::plain(Phrase::NoIntent)))
}

/// A threat term ending in an infinitive that closes a short clause of its own is a
/// demand ("Alle Flüchtlinge abschieben!": [`super::commands`]), named here with the
/// infinitive ([`no_intent`] lets it stand).
fn bare_command(h: &Hit, c: &Ctx, _: &Aim, _: &mut Extra) -> Option<Effect> {
    if !(h.term.targeted && c.has_intent) {
        return None;
    }
    let q = super::commands::at(c, h.i(), h.j())?;
    Some(Effect::Note(Note::word(Phrase::BareCommand, q)))
}

/// Whether an intent word at `q` bears on the clause `cid`: it is in it, or it closes the
/// clause just before, whose complement that clause is ("Ich wünschte, alle ... würden
/// erschossen", "it would be best, ..."), or it opens the clause just after, of which
/// that clause is the subject ("X zu vergewaltigen, sollte legal sein").  Languages that
/// put a comma before every subordinate clause (German) need this; in one sentence only.
fn wills(c: &Ctx, q: usize, cid: usize, sid: usize) -> bool {
    let cq = c.clause(q);
    if cq == cid {
        return true;
    }
    if c.sentence(q) != sid {
        return false;
    }
    let closes = cq + 1 == cid && q + 1 < c.size() && c.clause(q + 1) != cq;
    let opens = cq == cid + 1 && q > 0 && c.clause(q - 1) != cq;
    // "haben es nicht verdient, so gefoltert zu werden": the will is denied.
    let denied =
        (q.saturating_sub(3)..q).any(|p| c.clause(p) == cq && c.roles[p] & role::NEGATOR != 0);
    (closes || opens) && !denied
}

/// A single word that is part of a proper name ("Moby Dick").
fn proper_name(h: &Hit, _: &Ctx, _: &Aim, x: &mut Extra) -> Option<Effect> {
    // The echo is put around names: a name inside it is the point, not an excuse.
    (h.j() - h.i() == 1
        && h.step() != super::symbols::STEP
        && !x.proper.nouns.stands_down(h)
        && x.proper.get(h.i()))
    .then(|| Effect::Veto(Note::plain(Phrase::ProperName)))
}

/// A term with a benign sense said after an existential, "nothing but" between at most
/// ("non c'era altro che immondizia": [`super::dropped::existential`]): what there was,
/// no one's predicate.
fn existential(h: &Hit, c: &Ctx, _: &Aim, _: &mut Extra) -> Option<Effect> {
    let q = super::dropped::existential(c, h.i(), &h.term)?;
    Some(Effect::Veto(Note::word(Phrase::Existential, q)))
}

/// The entry's own severity: the base of the evidence.
fn severity(h: &Hit, c: &Ctx, _: &Aim, _: &mut Extra) -> Option<Effect> {
    Some(Effect::Bonus(k(c).severity[h.term.severity as usize], None))
}

fn targeted(h: &Hit, c: &Ctx, aim: &Aim, _: &mut Extra) -> Option<Effect> {
    let q = aim
        .target
        .filter(|_| !aim.vocative && !aim.dropped && !aim.restricted && aim.clitic == 0)?;
    Some(Effect::Bonus(
        k(c).targeted,
        Some(Note::spans(
            Phrase::Targeted,
            &[(q, marker_end(c, q, h.i()))],
        )),
    ))
}

/// Where the aiming words that start at token `q` end, for the note: the longest of
/// the pack's target phrases starting at `q` ("espèce de", "não passa de um") that ends
/// before the hit at `i`, every word of it aiming (a phrase gives its roles to each of
/// its tokens, so the first is where `aim` finds it); otherwise the word alone.
fn marker_end(c: &Ctx, q: usize, i: usize) -> usize {
    // The word alone unless the next one aims too (most targets: "you idiot").
    if q + 1 >= i || c.roles[q + 1] & role::TARGET == 0 {
        return q + 1;
    }
    let Some(e) = c.lex.get(&c.words[q]).map(|e| &c.lex.entries[e as usize]) else {
        return q + 1;
    };
    if e.phrases.is_empty() {
        return q + 1;
    }
    c.lex
        .phrases_at(c.words, q, e)
        .into_iter()
        .filter(|&(p, end)| {
            end <= i
                && c.lex.phrases[p as usize].roles & role::TARGET != 0
                && c.roles[q..end].iter().all(|r| r & role::TARGET != 0)
        })
        .map(|(_, end)| end)
        .max()
        .unwrap_or(q + 1)
}

/// The same bonus as [`targeted`] for a violent or hostile verb whose glued object
/// pronoun is doubled by people right after it ("matarlos a todos", "ucciderli tutti":
/// [`super::clitics`]), with the doubling words.
fn clitic_object(_: &Hit, c: &Ctx, aim: &Aim, _: &mut Extra) -> Option<Effect> {
    let q = aim.target.filter(|_| aim.clitic > 0)?;
    Some(Effect::Bonus(
        k(c).targeted,
        Some(Note::spans(Phrase::CliticObject, &[(q, q + aim.clitic)])),
    ))
}

/// The same bonus as [`targeted`] for a predicate said of a group named only by the
/// verb, a plural copula opening the sentence ("son unos animales", "são uma praga":
/// [`super::dropped`]), named apart as no word names the group.
fn dropped_subject(_: &Hit, c: &Ctx, aim: &Aim, _: &mut Extra) -> Option<Effect> {
    let q = aim.target.filter(|_| aim.dropped)?;
    Some(Effect::Bonus(
        k(c).targeted,
        Some(Note::word(Phrase::DroppedSubject, q)),
    ))
}

/// The same bonus as [`targeted`] for a predicate said of someone named only by the
/// verb, a copula opening the sentence before "nothing but" ("no es más que un cabrón",
/// "não passa de um bandido": [`super::dropped::restricted`]).
fn restricted_subject(_: &Hit, c: &Ctx, aim: &Aim, _: &mut Extra) -> Option<Effect> {
    let q = aim.target.filter(|_| aim.restricted)?;
    Some(Effect::Bonus(
        k(c).targeted,
        Some(Note::word(Phrase::RestrictedSubject, q)),
    ))
}

/// The same bonus as [`targeted`] for a name-calling noun said to the reader, set off
/// by commas ("shut up, moron!": [`super::vocative`]), named apart as it is aimed by
/// the marks around it and not by a word.
fn vocative(_: &Hit, c: &Ctx, aim: &Aim, _: &mut Extra) -> Option<Effect> {
    let q = aim.target.filter(|_| aim.vocative)?;
    Some(Effect::Bonus(
        k(c).targeted,
        Some(Note::word(Phrase::Vocative, q)),
    ))
}

fn slur(h: &Hit, c: &Ctx, _: &Aim, _: &mut Extra) -> Option<Effect> {
    (h.term.category == Category::Slur).then(|| Effect::Bonus(k(c).slur, None))
}

/// An identity term in reach of an insult, slur or threat (not of swearing or sex words).
fn identity_attack(h: &Hit, c: &Ctx, aim: &Aim, _: &mut Extra) -> Option<Effect> {
    let q = aim.identity?;
    if matches!(h.term.category, Category::Profanity | Category::Sexual) {
        return None;
    }
    Some(Effect::Bonus(
        k(c).identity_attack,
        Some(Note::word(Phrase::IdentityAttack, q)),
    ))
}

fn threat(h: &Hit, c: &Ctx, _: &Aim, _: &mut Extra) -> Option<Effect> {
    SEVERE
        .contains(&h.term.category)
        .then(|| Effect::Bonus(k(c).threat, None))
}

/// "fucking idiot", "gros con": an intensifier among the words just before
/// (`windows.intensifier`).
fn intensifier(h: &Hit, c: &Ctx, aim: &Aim, _: &mut Extra) -> Option<Effect> {
    if aim.present & role::INTENSIFIER == 0 {
        return None;
    }
    let from = aim.lo.max(h.i().saturating_sub(k(c).intensifier_window));
    // A word of a restrictive phrase intensifies nothing ("no son *más* que parásitos").
    let only = role::INTENSIFIER | super::dropped::RESTRICTIVE;
    (from..h.i())
        .any(|q| c.roles[q] & only == role::INTENSIFIER)
        .then(|| Effect::Bonus(k(c).intensifier, Some(Note::plain(Phrase::Intensified))))
}

/// Swearing at a group ("fuck all X", "X are shitty people") is an attack: no discount.
fn swearing_at_group(h: &Hit, _: &Ctx, aim: &Aim, _: &mut Extra) -> Option<Effect> {
    let q = aim.group?;
    (h.term.category == Category::Profanity && !h.term.targeted)
        .then(|| Effect::Note(Note::word(Phrase::SwearingAtGroup, q)))
}

fn plain_profanity(h: &Hit, aim: &Aim) -> bool {
    h.term.category == Category::Profanity && (aim.group.is_none() || h.term.targeted)
}

/// Swearing is not an attack by itself.
fn profanity(h: &Hit, c: &Ctx, aim: &Aim, _: &mut Extra) -> Option<Effect> {
    plain_profanity(h, aim).then(|| Effect::Factor(k(c).profanity, Note::plain(Phrase::Profanity)))
}

/// Profanity next to praise, in its sentence: "fucking brilliant".
fn enthusiasm(h: &Hit, c: &Ctx, aim: &Aim, _: &mut Extra) -> Option<Effect> {
    if !plain_profanity(h, aim) {
        return None;
    }
    if c.present & role::POSITIVE == 0 {
        return None;
    }
    let sid = c.sentence(h.i());
    let reach = k(c).enthusiasm_window;
    let mut near = h.i().saturating_sub(reach)..(h.j() + reach).min(c.size());
    near.any(|q| c.roles[q] & role::POSITIVE != 0 && c.sentence(q) == sid)
        .then(|| Effect::Factor(k(c).enthusiasm, Note::plain(Phrase::Enthusiasm)))
}

/// The speaker counts themself in ("my niggas", "bad bitches like me"): an in-group word
/// among the few before the word (`windows.in_group`) or just after it.
fn reclaimed(h: &Hit, c: &Ctx, _: &Aim, _: &mut Extra) -> Option<Effect> {
    if !(h.term.category == Category::Slur || h.term.ambiguous) || c.present & role::IN_GROUP == 0 {
        return None;
    }
    let after = (h.j() < c.size()).then_some(h.j());
    let q = (h.i().saturating_sub(k(c).in_group_window)..h.i())
        .chain(after)
        .find(|&q| c.roles[q] & role::IN_GROUP != 0)?;
    Some(Effect::Factor(
        k(c).reclaimed,
        Note::word(Phrase::Reclaimed, q),
    ))
}

/// Said of a thing, not a person: "a dumbass idea", "a scumbag move", and through a
/// copula right after the thing ("this game is trash", "meine Kopfhörer sind Abschaum").
fn attributive(h: &Hit, c: &Ctx, _: &Aim, _: &mut Extra) -> Option<Effect> {
    if !matches!(h.term.category, Category::Insult | Category::Profanity) {
        return None;
    }
    let thing = if c.before_a_thing(h.j() - 1) {
        h.j()
    } else {
        // The thing is the subject only right before its copula: "the idea of you is
        // stupid" names someone in between and stays an insult.
        // A phrase that holds its copula ("son escoria") is read after it.
        let i = super::dropped::after_copula(h, c);
        let subject = i.checked_sub(2)?;
        let linked = c.roles[i - 1] & role::COPULA != 0
            && c.roles[i - 1] & role::TARGET == 0
            && c.roles[subject] & role::THING != 0
            && c.sentence(i) == c.sentence(subject);
        if !linked {
            return None;
        }
        subject
    };
    Some(Effect::Factor(
        k(c).attributive,
        Note::word(Phrase::Attributive, thing),
    ))
}

/// A word with a benign sense, alone in the comment and aimed at no one.
fn ambiguous_alone(h: &Hit, c: &Ctx, aim: &Aim, _: &mut Extra) -> Option<Effect> {
    (h.term.ambiguous && aim.target.is_none() && !c.others)
        .then(|| Effect::Factor(k(c).ambiguous_alone, Note::plain(Phrase::AmbiguousAlone)))
}

/// "I'm such an idiot": a first-person word shortly before an insult, in its clause,
/// linked to it by a copula, no one else named in between; or a first-person copula
/// right after it ("che idiota sono", "qué idiota soy": [`super::self_after`]).  Verbs
/// (threats, hostility) have the author as their agent, not their target: the rule
/// leaves them alone.
fn self_reference(h: &Hit, c: &Ctx, aim: &Aim, _: &mut Extra) -> Option<Effect> {
    if c.present & (role::SELF | role::SELF_AFTER) == 0 {
        return None;
    }
    if VERBAL.contains(&h.term.category) || super::implied::is_implied(h) {
        return None; // an implied derogation names its group inside itself
    }
    let s = self_before(h, c, aim).or_else(|| super::self_after::author_after(h, c))?;
    Some(Effect::Factor(
        k(c).self_reference,
        Note::word(Phrase::SelfReference, s),
    ))
}

/// The first-person word before the match that makes it the author's own, if any.
fn self_before(h: &Hit, c: &Ctx, aim: &Aim) -> Option<usize> {
    let s = aim
        .clause_before
        .clone()
        .rev()
        .find(|&q| c.roles[q] & role::SELF != 0)?;
    let mut linked = !c.has_copulas || c.any_role(s, h.i(), role::COPULA);
    if !linked && s > 0 && c.roles[s - 1] & role::COPULA != 0 {
        linked = true; // "am I a prick"
    }
    if !linked && verb_final(c, h, role::COPULA).is_some() {
        linked = true; // "wenn ich so ein Trottel bin", "ich kann ein Arschloch sein"
    }
    let between = !linked || c.any_role(s + 1, h.i(), role::NAMES_SOMEONE);
    (!between && !acts_after_copula(h, c, s)).then_some(s)
}

/// Whether an intent word or a harm verb stands between the last copula after the self
/// word `s` and the insult: the insult is then what the author acts on, not what the
/// author is ("I'm gonna slap a bitch", "I'm about to punch a faggot"); a copula after
/// the intent links them again ("I'm gonna be a loser").
fn acts_after_copula(h: &Hit, c: &Ctx, s: usize) -> bool {
    let last = (s..h.i()).rev().find(|&q| c.roles[q] & role::COPULA != 0);
    last.is_some_and(|q| c.any_role(q + 1, h.i(), role::INTENT | super::threats::HARM))
}

/// Negation reaches a whole clause for verbs ("no one deserves to die") but only the
/// words just before an insult ("you're not stupid"), or through a copula ("you aren't
/// really an idiot"); not across a factive word ("isn't it obvious that I hate them").
fn negated(h: &Hit, c: &Ctx, aim: &Aim, _: &mut Extra) -> Option<Effect> {
    if c.present & role::NEGATOR == 0 {
        return None;
    }
    let kk = k(c);
    let from = h.i().saturating_sub(kk.negation_window);
    let q = aim
        .clause_before
        .clone()
        .rev()
        .find(|&q| q >= from && c.roles[q] & role::NEGATOR != 0)?;
    let far = q + kk.negation_near < h.i();
    let body = super::dropped::after_copula(h, c);
    if !VERBAL.contains(&h.term.category) && far && !c.any_role(q, body, role::COPULA) {
        return None;
    }
    if c.any_role(q + 1, h.i(), role::FACTIVE) {
        return None;
    }
    // "no son más que", "não são mais do que": the negation restricts, it denies nothing.
    let restricted = super::dropped::RESTRICTIVE;
    if c.present & restricted != 0 && c.any_role(q + 1, h.i(), restricted) {
        return None;
    }
    Some(Effect::Factor(kk.negated, Note::word(Phrase::Negated, q)))
}

/// A negator closing the clause of a match that is its verb (a threat, self-harm or
/// hostility), after it, where no negator before it negates it already
/// ([`super::negated_after`]).  An insult before the verb is not what the verb's
/// negation denies ("Mit dummen Türken diskutiere ich nicht").
fn negated_after(h: &Hit, c: &Ctx, aim: &Aim, extra: &mut Extra) -> Option<Effect> {
    if c.present & super::negated_after::CLOSING_NEGATOR == 0 || !VERBS.contains(&h.term.category) {
        return None;
    }
    let before = negated(h, c, aim, extra).is_some();
    super::negated_after::negated_after(h, c, before)
}

/// A word of `bits` right after the match or a word later that ends the match's clause,
/// or is followed only by a copula or auxiliary that does, in a clause opened by one of
/// the packs' `subordinators` (or with one right before that word): the verb at the end
/// of a subordinate clause, where German puts it ("dass ich ein Trottel bin", "mich eine
/// Fotze zu nennen"). Languages that list no subordinators keep their verb after its
/// subject ("this dumb bitch said" is no report).  Only a few words are read.
fn verb_final(c: &Ctx, h: &Hit, bits: Roles) -> Option<usize> {
    let (size, j) = (c.size(), h.j());
    if j >= size {
        return None;
    }
    let cid = c.clause(j - 1);
    let sub = |q: usize| c.clause(q) == cid && c.roles[q] & role::SUBORDINATOR != 0;
    let opened = (h.i().saturating_sub(k(c).self_window)..h.i()).any(sub);
    let last = |q: usize| q + 1 >= size || c.clause(q + 1) != cid;
    let ends = |q: usize| last(q) || (c.roles[q + 1] & role::COPULA != 0 && last(q + 1));
    (j..(j + 2).min(size))
        .take_while(|&q| c.clause(q) == cid)
        .find(|&q| c.roles[q] & bits != 0 && ends(q) && (opened || sub(q - 1)))
}

/// Quotes and reported speech: "he called me a slut".
fn reported(h: &Hit, c: &Ctx, aim: &Aim, _: &mut Extra) -> Option<Effect> {
    let at = if aim.present & role::REPORTING != 0 {
        (aim.lo..h.i())
            .find(|&q| c.roles[q] & role::REPORTING != 0)
            .or_else(|| verb_final(c, h, role::REPORTING))
    } else {
        None
    };
    match at {
        Some(q) => Some(Effect::Factor(
            k(c).reported,
            Note::word(Phrase::Reported, q),
        )),
        None => c
            .quoted(h.i())
            .then(|| Effect::Factor(k(c).reported, Note::plain(Phrase::Quoted))),
    }
}

/// A term of a language the comment is not guessed in, on a word the guessed languages
/// do not know ("Odio a los negros" guessed Spanish, `negros` unknown to Spanish): it
/// counts, for less than in its own language.
fn other_language(h: &Hit, c: &Ctx, _: &Aim, _: &mut Extra) -> Option<Effect> {
    h.foreign
        .then(|| Effect::Factor(k(c).other_language, Note::plain(Phrase::OtherLanguage)))
}

/// "calling people that is not okay": counter-speech words in a comment that quotes or
/// reports someone.
fn counter_speech(_: &Hit, c: &Ctx, _: &Aim, _: &mut Extra) -> Option<Effect> {
    c.counter
        .then(|| Effect::Factor(k(c).counter_speech, Note::plain(Phrase::CounterSpeech)))
}
