//! explain()'s lines, rendered from structured records: each rule that applies to a hit
//! leaves a [`Record`] (its name, what it did and by how much, and the words that
//! triggered it as token spans); the phrasing of the lines is data
//! (`src/nudge/_data/reasons.toml`, read by Python and handed over as [`Phrasing`]).
//! A hit keeps records, not text: a comment can hold hundreds of thousands of hits, and
//! the words of a note are written out once, straight into the line.

use super::format::{push_digits, push_fixed2, push_repr, py_g};
use crate::words::Words;
use crate::Cp;

/// What a rule did to a hit (the closed set of [`super::rules::Effect`]s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The hit counts for nothing.
    Veto,
    /// Evidence added.
    Bonus,
    /// Evidence multiplied.
    Factor,
    /// Nothing changed: only a note for explain().
    Note,
}

/// Which note of `reasons.toml [notes]` a rule writes: the phrase, not its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phrase {
    BenignSense,
    AsNumber,
    NotAimed,
    NoIntent,
    BareCommand,
    ProperName,
    Targeted,
    Vocative,
    DroppedSubject,
    RestrictedSubject,
    Existential,
    CliticObject,
    IdentityAttack,
    Intensified,
    SwearingAtGroup,
    Profanity,
    Enthusiasm,
    Reclaimed,
    Attributive,
    AmbiguousAlone,
    SelfReference,
    Negated,
    NegatedAfter,
    Reported,
    Quoted,
    OtherLanguage,
    CounterSpeech,
    ThreatStructure,
    MeritDenied,
    SplitVerb,
    CompoundHead,
    Implied,
}

impl Phrase {
    /// Every phrase, in the order of their keys in `reasons.toml`.
    pub const ALL: [Phrase; 32] = [
        Phrase::BenignSense,
        Phrase::AsNumber,
        Phrase::NotAimed,
        Phrase::NoIntent,
        Phrase::BareCommand,
        Phrase::ProperName,
        Phrase::Targeted,
        Phrase::Vocative,
        Phrase::DroppedSubject,
        Phrase::RestrictedSubject,
        Phrase::Existential,
        Phrase::CliticObject,
        Phrase::IdentityAttack,
        Phrase::Intensified,
        Phrase::SwearingAtGroup,
        Phrase::Profanity,
        Phrase::Enthusiasm,
        Phrase::Reclaimed,
        Phrase::Attributive,
        Phrase::AmbiguousAlone,
        Phrase::SelfReference,
        Phrase::Negated,
        Phrase::NegatedAfter,
        Phrase::Reported,
        Phrase::Quoted,
        Phrase::OtherLanguage,
        Phrase::CounterSpeech,
        Phrase::ThreatStructure,
        Phrase::MeritDenied,
        Phrase::SplitVerb,
        Phrase::CompoundHead,
        Phrase::Implied,
    ];

    /// The phrase's key in `reasons.toml [notes]`.
    pub fn key(self) -> &'static str {
        match self {
            Phrase::BenignSense => "benign_sense",
            Phrase::AsNumber => "as_number",
            Phrase::NotAimed => "not_aimed",
            Phrase::NoIntent => "no_intent",
            Phrase::BareCommand => "bare_command",
            Phrase::ProperName => "proper_name",
            Phrase::Targeted => "targeted",
            Phrase::Vocative => "vocative",
            Phrase::DroppedSubject => "dropped_subject",
            Phrase::RestrictedSubject => "restricted_subject",
            Phrase::Existential => "existential",
            Phrase::CliticObject => "clitic_object",
            Phrase::IdentityAttack => "identity_attack",
            Phrase::Intensified => "intensifier",
            Phrase::SwearingAtGroup => "swearing_at_group",
            Phrase::Profanity => "profanity",
            Phrase::Enthusiasm => "enthusiasm",
            Phrase::Reclaimed => "reclaimed",
            Phrase::Attributive => "attributive",
            Phrase::AmbiguousAlone => "ambiguous_alone",
            Phrase::SelfReference => "self_reference",
            Phrase::Negated => "negated",
            Phrase::NegatedAfter => "negated_after",
            Phrase::Reported => "reported",
            Phrase::Quoted => "quoted",
            Phrase::OtherLanguage => "other_language",
            Phrase::CounterSpeech => "counter_speech",
            Phrase::ThreatStructure => "threat_structure",
            Phrase::MeritDenied => "merit_denied",
            Phrase::SplitVerb => "split_verb",
            Phrase::CompoundHead => "compound_head",
            Phrase::Implied => "implied",
        }
    }

    /// The names of the note's trigger words, in the order of [`Note::words`]; a
    /// template may also name `{rule}` (the rule's name) and `{lang}` (the term's
    /// language).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Phrase::ThreatStructure => &["intent", "harm", "person"],
            Phrase::MeritDenied => &["negator", "merit", "group"],
            Phrase::SplitVerb => &["verb", "particle"],
            Phrase::Implied => &["predicate", "group"],
            Phrase::BenignSense
            | Phrase::AsNumber
            | Phrase::BareCommand
            | Phrase::CompoundHead
            | Phrase::Targeted
            | Phrase::Vocative
            | Phrase::DroppedSubject
            | Phrase::RestrictedSubject
            | Phrase::Existential
            | Phrase::CliticObject
            | Phrase::IdentityAttack
            | Phrase::SwearingAtGroup
            | Phrase::Reclaimed
            | Phrase::Attributive
            | Phrase::SelfReference
            | Phrase::Negated
            | Phrase::NegatedAfter
            | Phrase::Reported => &["word"],
            _ => &[],
        }
    }
}

/// The words `range` as they are written: joined by spaces, but none after an elided
/// word ("t'es qu'un", not "t' es qu' un": the tokeniser keeps the apostrophe on it).
fn spoken(words: &Words, range: std::ops::Range<usize>) -> String {
    let mut out = String::new();
    for q in range {
        if !out.is_empty() && !out.ends_with('\'') {
            out.push(' ');
        }
        out.push_str(&words[q]);
    }
    out
}

/// A span of tokens `start..end` (one word: `q..q + 1`), shown joined by spaces.
pub type Span = (u32, u32);

/// A note: its phrase and the words that triggered it (token spans, up to three).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Note {
    pub phrase: Phrase,
    pub words: [Span; 3],
}

impl Note {
    /// A note that names no word.
    pub fn plain(phrase: Phrase) -> Note {
        Note {
            phrase,
            words: [(0, 0); 3],
        }
    }

    /// A note naming the word at token `q`.
    pub fn word(phrase: Phrase, q: usize) -> Note {
        Note::spans(phrase, &[(q, q + 1)])
    }

    /// A note naming the token spans `spans` (up to three; more are left out).
    pub fn spans(phrase: Phrase, spans: &[(usize, usize)]) -> Note {
        let mut words = [(0, 0); 3];
        for (w, &(a, b)) in words.iter_mut().zip(spans) {
            *w = (a as u32, b as u32);
        }
        Note { phrase, words }
    }
}

/// What one rule did to one hit: its name, its effect and amount (a bonus added, a
/// factor multiplied; 0 for a veto or a note) and its note, if it writes one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Record {
    pub rule: &'static str,
    pub kind: Kind,
    pub amount: f64,
    pub note: Option<Note>,
}

/// A piece of a parsed template: text as it is, or a field filled in.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Text(String),
    Field(Field),
}

/// What a template may fill in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    /// One of the note's trigger words, by position ([`Phrase::fields`]).
    Word(u8),
    Rule,
    Lang,
    Term,
    Category,
    Severity,
    Text,
    Start,
    End,
    Steps,
    Notes,
    Outcome,
    Factor,
    Evidence,
    Language,
}

/// A template: `{name}` fills a field in, `{{` and `}}` are braces.
#[derive(Clone, Debug, Default, PartialEq)]
struct Template(Vec<Piece>);

fn parse(key: &str, text: &str, field: impl Fn(&str) -> Option<Field>) -> Result<Template, String> {
    let mut pieces = Vec::new();
    let mut lit = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                lit.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                lit.push('}');
            }
            '{' => {
                let mut name = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    if c == '}' {
                        closed = true;
                        break;
                    }
                    name.push(c);
                }
                if !closed {
                    return Err(format!("{key}: '{{{name}' is not closed"));
                }
                let f = field(&name).ok_or_else(|| format!("{key}: unknown field {{{name}}}"))?;
                if !lit.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut lit)));
                }
                pieces.push(Piece::Field(f));
            }
            '}' => return Err(format!("{key}: a single '}}' (write '}}}}')")),
            _ => lit.push(c),
        }
    }
    if !lit.is_empty() {
        pieces.push(Piece::Text(lit));
    }
    Ok(Template(pieces))
}

/// The phrasing of explain()'s lines, parsed once from `reasons.toml`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Phrasing {
    notes: Vec<Template>,
    line: Template,
    steps_first: String,
    steps_between: String,
    notes_first: String,
    notes_between: String,
    kept: Template,
    factor: Template,
    ignored: Template,
    language: Template,
}

/// The keys of `reasons.toml [line]`.
pub const LINE_KEYS: [&str; 9] = [
    "match",
    "steps_first",
    "steps_between",
    "notes_first",
    "notes_between",
    "kept",
    "factor",
    "ignored",
    "language",
];

impl Phrasing {
    /// The phrasing from `reasons.toml`'s `[line]` and `[notes]` tables, as `(key,
    /// template)` pairs; an error names a missing key, an unknown one or an unknown field.
    pub fn new<'s>(
        line: impl IntoIterator<Item = (&'s str, &'s str)>,
        notes: impl IntoIterator<Item = (&'s str, &'s str)>,
    ) -> Result<Phrasing, String> {
        let mut p = Phrasing {
            notes: vec![Template::default(); Phrase::ALL.len()],
            ..Default::default()
        };
        let mut seen = [false; LINE_KEYS.len()];
        for (key, text) in line {
            let k = LINE_KEYS
                .iter()
                .position(|&x| x == key)
                .ok_or_else(|| format!("line.{key}: unknown key"))?;
            seen[k] = true;
            let at = format!("line.{key}");
            let plain = |t: Template| -> Result<String, String> {
                match t.0.as_slice() {
                    [] => Ok(String::new()),
                    [Piece::Text(s)] => Ok(s.clone()),
                    _ => Err(format!("{at}: no field here")),
                }
            };
            // Each template fills in its own fields: the line its parts, `kept` the
            // factor part and the evidence, `factor` the multiplier.
            let only = |names: &'static [&'static str]| {
                move |name: &str| names.contains(&name).then(|| line_field(name)).flatten()
            };
            match key {
                "match" => p.line = parse(&at, text, only(&MATCH_FIELDS))?,
                "kept" => p.kept = parse(&at, text, only(&["factor", "evidence"]))?,
                "factor" => p.factor = parse(&at, text, only(&["factor"]))?,
                "ignored" => p.ignored = parse(&at, text, only(&[]))?,
                "language" => p.language = parse(&at, text, only(&["language"]))?,
                _ => {
                    let t = plain(parse(&at, text, |_| None)?)?;
                    match key {
                        "steps_first" => p.steps_first = t,
                        "steps_between" => p.steps_between = t,
                        "notes_first" => p.notes_first = t,
                        _ => p.notes_between = t,
                    }
                }
            }
        }
        if let Some(k) = seen.iter().position(|s| !s) {
            return Err(format!("line.{}: missing", LINE_KEYS[k]));
        }
        let mut have = [false; Phrase::ALL.len()];
        for (key, text) in notes {
            let x = Phrase::ALL
                .iter()
                .position(|ph| ph.key() == key)
                .ok_or_else(|| format!("notes.{key}: unknown key"))?;
            let fields = Phrase::ALL[x].fields();
            let field = |name: &str| match name {
                "rule" => Some(Field::Rule),
                "lang" => Some(Field::Lang),
                _ => fields
                    .iter()
                    .position(|&f| f == name)
                    .map(|k| Field::Word(k as u8)),
            };
            p.notes[x] = parse(&format!("notes.{key}"), text, field)?;
            have[x] = true;
        }
        if let Some(x) = have.iter().position(|h| !h) {
            return Err(format!("notes.{}: missing", Phrase::ALL[x].key()));
        }
        Ok(p)
    }
}

/// The fields of `[line] match`.
const MATCH_FIELDS: [&str; 9] = [
    "term", "category", "severity", "text", "start", "end", "steps", "notes", "outcome",
];

fn line_field(name: &str) -> Option<Field> {
    Some(match name {
        "term" => Field::Term,
        "category" => Field::Category,
        "severity" => Field::Severity,
        "text" => Field::Text,
        "start" => Field::Start,
        "end" => Field::End,
        "steps" => Field::Steps,
        "notes" => Field::Notes,
        "outcome" => Field::Outcome,
        "factor" => Field::Factor,
        "evidence" => Field::Evidence,
        "language" => Field::Language,
        _ => return None,
    })
}

fn push_uint(out: &mut String, n: usize) {
    push_digits(out, n as u64);
}

/// A line of explain(): UTF-8, or code points when what the person typed holds a lone
/// surrogate (a Python `str` may; UTF-8 cannot carry it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    Utf8(String),
    CodePoints(Vec<Cp>),
}

impl Reason {
    /// The line as text (a lone surrogate shown as U+FFFD).
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Reason::Utf8(s) => s.into(),
            Reason::CodePoints(c) => c
                .iter()
                .map(|&c| char::from_u32(c).unwrap_or('\u{fffd}'))
                .collect::<String>()
                .into(),
        }
    }
}

/// Everything a match's line shows.
pub struct Line<'a> {
    pub term: &'a str,
    pub category: &'a str,
    pub severity: u8,
    /// What the person typed (`original[start..end]`).
    pub text: &'a [Cp],
    pub start: usize,
    pub end: usize,
    pub steps: &'a [&'static str],
    pub records: &'a [Record],
    /// The term's language (the `other_language` note names it).
    pub lang: &'a str,
    pub evidence: f64,
    pub mult: f64,
    /// The comment's tokens (the notes' words).
    pub words: &'a Words,
}

impl Phrasing {
    /// The line of a weighed hit, written in one pass.
    pub fn match_line(&self, l: &Line) -> Reason {
        let mut out = String::with_capacity(96 + l.text.len());
        let mut odd = Vec::new();
        for piece in &self.line.0 {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Field(f) => self.line_part(*f, l, &mut out, &mut odd),
            }
        }
        if odd.is_empty() {
            return Reason::Utf8(out);
        }
        let mut cps: Vec<Cp> = out.chars().map(|c| c as Cp).collect();
        for (at, c) in odd {
            cps[at] = c;
        }
        Reason::CodePoints(cps)
    }

    /// One field of the line; `odd` collects the lone surrogates of what the person
    /// typed (UTF-8 cannot carry them), by their place among the line's characters.
    fn line_part(&self, f: Field, l: &Line, out: &mut String, odd: &mut Vec<(usize, Cp)>) {
        match f {
            Field::Term => out.push_str(l.term),
            Field::Category => out.push_str(l.category),
            Field::Severity => push_uint(out, usize::from(l.severity)),
            Field::Text => {
                out.reserve(l.text.len());
                for &c in l.text {
                    match char::from_u32(c) {
                        Some(ch) => out.push(ch),
                        None => {
                            odd.push((out.chars().count(), c));
                            out.push('\u{fffd}');
                        }
                    }
                }
            }
            Field::Start => push_uint(out, l.start),
            Field::End => push_uint(out, l.end),
            Field::Steps => {
                for (k, step) in l.steps.iter().enumerate() {
                    out.push_str(if k == 0 {
                        &self.steps_first
                    } else {
                        &self.steps_between
                    });
                    out.push_str(step);
                }
            }
            Field::Notes => {
                let notes = l.records.iter().filter_map(|r| r.note.map(|n| (r.rule, n)));
                for (k, (rule, note)) in notes.enumerate() {
                    out.push_str(if k == 0 {
                        &self.notes_first
                    } else {
                        &self.notes_between
                    });
                    self.note(rule, &note, l, out);
                }
            }
            Field::Outcome => {
                let t = if l.evidence > 0.0 {
                    &self.kept
                } else {
                    &self.ignored
                };
                for piece in &t.0 {
                    match piece {
                        Piece::Text(t) => out.push_str(t),
                        Piece::Field(f) => self.line_part(*f, l, out, odd),
                    }
                }
            }
            Field::Factor => {
                if l.mult != 1.0 {
                    for piece in &self.factor.0 {
                        match piece {
                            Piece::Text(t) => out.push_str(t),
                            Piece::Field(Field::Factor) => out.push_str(&py_g(l.mult)),
                            Piece::Field(f) => self.line_part(*f, l, out, odd),
                        }
                    }
                }
            }
            Field::Evidence => push_fixed2(out, l.evidence),
            Field::Language | Field::Word(_) | Field::Rule | Field::Lang => {}
        }
    }

    fn note(&self, rule: &str, note: &Note, l: &Line, out: &mut String) {
        let Some(t) = self.notes.get(note.phrase as usize) else {
            return;
        };
        for piece in &t.0 {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Field(Field::Word(k)) => {
                    let (a, b) = note.words[usize::from(*k)];
                    let (a, b) = (a as usize, (b as usize).min(l.words.len()));
                    match b.checked_sub(a) {
                        Some(1) => push_repr(out, &l.words[a]),
                        Some(_) => push_repr(out, &spoken(l.words, a..b)),
                        None => push_repr(out, ""),
                    }
                }
                Piece::Field(Field::Rule) => out.push_str(rule),
                Piece::Field(Field::Lang) => push_repr(out, l.lang),
                Piece::Field(_) => {}
            }
        }
    }

    /// The line naming the comment's language.
    pub fn language_line(&self, language: &str) -> Reason {
        let mut out = String::with_capacity(16 + language.len());
        for piece in &self.language.0 {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Field(Field::Language) => out.push_str(language),
                Piece::Field(_) => {}
            }
        }
        Reason::Utf8(out)
    }
}

/// The phrasing of `src/nudge/_data/reasons.toml`, read with a small reader of its
/// `key = 'text'` lines (tests only: the library gets it from Python's TOML reader).
#[cfg(test)]
pub fn bundled() -> Phrasing {
    let data = include_str!("../../../../src/nudge/_data/reasons.toml");
    let (mut line, mut notes) = (Vec::new(), Vec::new());
    let mut table = "";
    for raw in data.lines() {
        let s = raw.trim();
        if s.starts_with('#') {
            continue;
        }
        if s.starts_with('[') {
            table = s.trim_matches(['[', ']']);
            continue;
        }
        let Some((k, v)) = s.split_once(" = ") else {
            continue;
        };
        let v = v.trim();
        let v = &v[1..v.len() - 1];
        match table {
            "line" => line.push((k.trim(), v)),
            _ => notes.push((k.trim(), v)),
        }
    }
    Phrasing::new(line, notes).expect("reasons.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_is_in_the_data_and_fields_are_checked() {
        let p = bundled();
        assert!(p.notes.iter().all(|t| !t.0.is_empty()));
        let bad = Phrasing::new([("match", "{nope}")], []);
        assert_eq!(bad.unwrap_err(), "line.match: unknown field {nope}");
        let missing = Phrasing::new([], []);
        assert_eq!(missing.unwrap_err(), "line.match: missing");
        let open = Phrasing::new([("match", "{term")], []);
        assert_eq!(open.unwrap_err(), "line.match: '{term' is not closed");
        // A note's template is found by its phrase's place in `ALL`.
        assert!(Phrase::ALL
            .iter()
            .enumerate()
            .all(|(x, p)| *p as usize == x));
    }
}
