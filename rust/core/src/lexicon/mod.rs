//! The compiled lexicon and its scan: every token of a comment looked up, with the
//! fallbacks the Python core had (possessives, typo forms, trailing leet digits, masks,
//! stretched letters, stems), hyphen splitting, canonical forms, phrases with gaps and
//! the language guess.
//!
//! Packs are compiled in Python (reading, validating and folding them is not
//! per-comment work); the result is handed over once and frozen here as a [`Lexicon`].

mod batch;
mod benign;
mod compact;
mod guess;
mod hash;
mod known;
mod memo;
mod memo_slots;
mod phrases;
mod scan;
pub mod store;
mod text;
mod typo_langs;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::segment::MaskPrints;

pub use batch::BatchMemo;
pub use benign::BenignWords;
pub use compact::{word_hash, KeyMap, StrMap, StrSet};
pub use guess::VOTE;
pub use hash::{FxMap, FxSet};
pub use known::KnownForms;
pub(crate) use memo::WordMemo;
pub use phrases::{Phrase, Phrases, TokenList, Tokens};

pub(crate) use scan::Gate;
pub use scan::{match_with_gaps, Scan};
pub use text::{cp_len, decode_trailing_leet, letters_of, prefix, squeezed};
pub use typo_langs::TypoLangMap;

/// A gap in a phrase (`make ... suffer`): up to [`MAX_GAP`] words of any kind.
pub const GAP: &str = "...";

/// The steps a pack's entry may name for its terms, and the lookups' own (a closed set:
/// the extension reads a pack's step as one of these, "" when unknown).
pub const ENTRY_STEPS: [&str; 14] = [
    "",
    "fuzzy",
    "stem",
    "leet",
    "masks",
    "stretched",
    "invisible",
    "nfkc",
    "casefold",
    "zalgo",
    "split_letters",
    "homoglyphs",
    "accents",
    "emoji",
];

/// The step of a match read from a symbol (`score::symbols`).
pub const SYMBOL_STEP: &str = "symbol";

/// Every step a scan's token or a hit can be found by: an entry's or a lookup's
/// ([`ENTRY_STEPS`]), the segmenter's and the symbols' ("" first: found as typed).  A
/// scan's token and a hit keep their step as a place here ([`step_place`]).
pub const STEPS: [&str; ENTRY_STEPS.len() + 2] = all_steps();

/// [`STEPS`], made once at compile time.
const fn all_steps() -> [&'static str; ENTRY_STEPS.len() + 2] {
    let mut out = [""; ENTRY_STEPS.len() + 2];
    let mut k = 0;
    while k < ENTRY_STEPS.len() {
        out[k] = ENTRY_STEPS[k];
        k += 1;
    }
    out[k] = "segment";
    out[k + 1] = SYMBOL_STEP;
    out
}

/// [`STEPS`] over every byte: a step's name read from its place, a `u8`, needs no
/// bounds check (read once a token or more).  A byte past the last name reads as "";
/// no place stored is one ([`step_place`] gives places of `STEPS` only).
static STEP_NAMES: [&str; 256] = step_names();

/// [`STEP_NAMES`], made once at compile time.
const fn step_names() -> [&'static str; 256] {
    let mut out = [""; 256];
    let mut k = 0;
    while k < STEPS.len() {
        out[k] = STEPS[k];
        k += 1;
    }
    out
}

/// The name of the step at `place` of [`STEPS`] ([`step_place`]'s inverse).
#[inline]
pub fn step_name(place: u8) -> &'static str {
    STEP_NAMES[usize::from(place)]
}

/// The place of `step` in [`STEPS`].  Every step a lookup, the scan, the segmenter or
/// the symbols give is listed (a debug build says so at once; the golden file would
/// show a step lost); a name not listed reads as "" in a release build rather than
/// panicking.
#[inline(always)]
pub fn step_place(step: &'static str) -> u8 {
    // Found as typed, most tokens' step: no search, and no call (the search below kept
    // the whole function from being inlined: a call a token).
    if step.is_empty() {
        return 0;
    }
    named_step_place(step)
}

/// [`step_place`] of a step that is not "": its place found by a search of [`STEPS`].
#[inline(never)]
fn named_step_place(step: &'static str) -> u8 {
    let at = STEPS.iter().position(|&s| s == step);
    debug_assert!(at.is_some(), "a step not in STEPS: {step:?}");
    // Invariant: STEPS has fewer than 256 names.
    at.unwrap_or(0) as u8
}
/// The most words a gap stands for.
pub const MAX_GAP: usize = 3;

/// The closed set of term categories (Python's `Category`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Insult,
    Profanity,
    Sexual,
    Slur,
    IdentityAttack,
    Threat,
    SelfHarm,
    Harassment,
    BodyShaming,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 9] = [
        Category::Insult,
        Category::Profanity,
        Category::Sexual,
        Category::Slur,
        Category::IdentityAttack,
        Category::Threat,
        Category::SelfHarm,
        Category::Harassment,
        Category::BodyShaming,
    ];

    /// The category's value, as the packs and `Assessment.categories` say it.
    pub fn name(self) -> &'static str {
        match self {
            Category::Insult => "insult",
            Category::Profanity => "profanity",
            Category::Sexual => "sexual",
            Category::Slur => "slur",
            Category::IdentityAttack => "identity_attack",
            Category::Threat => "threat",
            Category::SelfHarm => "self_harm",
            Category::Harassment => "harassment",
            Category::BodyShaming => "body_shaming",
        }
    }

    /// The category named `name`, if any.
    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// Role bits (Python's `Role`): what a context word says about the words around it.
pub mod role {
    /// A set of role bits: one a context list (`matcher.Role`), up to 64 lists.
    pub type Roles = u64;

    pub const SECOND_PERSON: Roles = 1;
    pub const VOCATIVE: Roles = 2;
    pub const THIRD_PERSON: Roles = 4;
    pub const PERSON_NOUN: Roles = 8;
    pub const SELF: Roles = 16;
    pub const NEGATOR: Roles = 32;
    pub const REPORTING: Roles = 64;
    pub const COUNTER: Roles = 128;
    pub const INTENSIFIER: Roles = 256;
    pub const POSITIVE: Roles = 512;
    pub const IDENTITY: Roles = 1024;
    pub const INTENT: Roles = 2048;
    pub const CONTRAST: Roles = 4096;
    pub const COPULA: Roles = 8192;
    pub const IN_GROUP: Roles = 16384;
    pub const THING: Roles = 32768;
    pub const OBJECT: Roles = 65536;
    pub const DEROGATORY: Roles = 131072;
    pub const DEMONSTRATIVE: Roles = 262144;
    pub const FACTIVE: Roles = 524288;
    /// `subordinators`: words that open a clause whose verb comes last (German `dass`).
    pub const SUBORDINATOR: Roles = 1 << 26;
    /// `self_after`: a verb that is the first person only after the insult it follows
    /// (Italian `sono`, also "they are"): the `self_reference` rule (`score/self_after.rs`).
    pub const SELF_AFTER: Roles = 1 << 31;
    /// The roles that point at a target.
    pub const TARGET: Roles = SECOND_PERSON | VOCATIVE | THIRD_PERSON | PERSON_NOUN | IDENTITY;
    /// The target roles that name someone (a vocative only points at whoever follows).
    pub const NAMES_SOMEONE: Roles = TARGET & !VOCATIVE;
}

/// The compiled view of one term.
#[derive(Clone, Debug, PartialEq)]
pub struct TermRef {
    pub id: i64,
    pub term: String,
    pub category: Category,
    pub severity: u8,
    pub targeted: bool,
    pub ambiguous: bool,
    /// The single words of its benign senses ("cigarette" for "fag")...
    pub benign_context: BenignWords,
    /// ... and its entries of several words ("la chucha"), each as its words, sorted so
    /// that the first found is the same every run.
    pub benign_phrases: Vec<Vec<String>>,
    /// Bit of the language the term counts in (`0`: language-neutral, such as emoji).
    pub lang_bit: u32,
    /// That language's code (`""` when neutral).
    pub lang: String,
    /// The spellings of its language's distinct letters that none of its written forms
    /// has (Python's `TermRef.letters`): a hit whose original text has one is another
    /// word ([`crate::score::letters`]).
    pub letters: Vec<Vec<crate::Cp>>,
}

impl TermRef {
    /// A term with only its words, category and severity: not aimed-only, no benign
    /// sense, no language, no distinct letters, id 0 (a structural hit's own term sets
    /// the id it needs, a test the fields it reads, with `..TermRef::plain(..)`).
    pub fn plain(term: String, category: Category, severity: u8) -> TermRef {
        TermRef {
            id: 0,
            term,
            category,
            severity,
            targeted: false,
            ambiguous: false,
            benign_context: BenignWords::default(),
            benign_phrases: Vec::new(),
            lang_bit: 0,
            lang: String::new(),
            letters: Vec::new(),
        }
    }
}

/// Everything one folded token form means to the scorer.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    /// (term index, step): step `""` for an exact form, `"fuzzy"` for a typo form.
    pub terms: Vec<(u32, &'static str)>,
    /// Roles in every language.
    pub roles: role::Roles,
    /// (language bit, roles) pairs.
    pub lang_roles: Vec<(u32, role::Roles)>,
    /// Bit mask of the languages this word is a function word of.
    pub langs: u32,
    pub identity: bool,
    /// Phrases starting with this token, keyed by their second token (or [`GAP`]).
    pub phrases: FxMap<String, Vec<u32>>,
}

impl Entry {
    /// Whether the entry is evidence or starts some (a term, an identity, a phrase).
    pub fn says_something(&self) -> bool {
        !self.terms.is_empty() || self.identity || !self.phrases.is_empty()
    }
}

/// What a lookup found: an entry of the index, or the terms of a stem.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    Index(u32),
    Stem(u32),
}

/// The readings of a typo form that the languages of the packs do not agree on: a
/// language refuses a typo form that is one of its words (Spanish `futre` is no French
/// `foutre` in a Spanish comment, and is one in a French comment), and two languages
/// may read it as two words (`assassinr`: French `assassiner`, Portuguese `assassinar`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TypoLangs {
    /// The bit mask of the languages that refuse the typo form.
    pub refused: u32,
    /// (bit mask of languages, the form the typo stands for in them).
    pub forms: Vec<(u32, String)>,
}

impl TypoLangs {
    /// The form the typo stands for in a comment of the languages `voted`: none when one
    /// of them refuses it; otherwise the one form the comment's languages read it as.
    /// The reading of a language the comment is not in counts only when no language
    /// refuses the typo (Portuguese `marcas` is no Spanish typo of `maricas` because
    /// Spanish does not list it).  A comment of every loaded language gets what one
    /// table for all the packs gave: a form no language refuses and all read alike.
    pub fn reading(&self, voted: u32) -> Option<&str> {
        if self.refused & voted != 0 {
            return None;
        }
        let mut theirs = self.forms.iter().filter(|(mask, _)| mask & voted != 0);
        match (theirs.next(), theirs.next()) {
            (Some((_, form)), None) => Some(form),
            (None, _) => match self.forms.as_slice() {
                [(_, form)] if self.refused == 0 => Some(form),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether some language of `langs`, alone, reads the typo form as a word
    /// ([`TypoLangs::reading`] of its bit): when none does, a leader chosen among
    /// `langs` reads it as nothing either, and the tie break that would choose it
    /// (a walk of the comment's words, a probe of a list a word and language) need not
    /// be asked.
    pub fn read_alone_in(&self, langs: u32) -> bool {
        let mut rest = langs;
        while rest != 0 {
            let l = rest.trailing_zeros();
            rest &= rest - 1;
            if self.reading(1 << l).is_some() {
                return true;
            }
        }
        false
    }
}

/// Language data the lexicon's fallbacks and the scorer read (the normaliser's tables).
#[derive(Clone, Debug, Default)]
pub struct Tables {
    pub possessives: Vec<String>,
    pub plurals: Vec<String>,
    pub standalone: HashSet<char>,
    pub leet: HashMap<char, String>,
    /// The letters a mask (`*`) may hide, most frequent first over the loaded packs
    /// (their `tokens.toml` `mask_letters`): the fillings tried for a masked letter.
    pub mask_letters: Vec<char>,
}

/// The compiled matcher: immutable, safe to share across threads.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    pub languages: Vec<String>,
    /// Every folded form an entry is filed under, with its entry; hashed like the typo
    /// forms, the triggers and the segmenter's lists ([`word_hash`]), so a token is
    /// hashed once for all of them.
    pub index: KeyMap,
    pub entries: Vec<Entry>,
    /// Every phrase, found through the index of its first token (`Entry::phrases`).
    pub phrases: Phrases,
    pub terms: Vec<TermRef>,
    pub stem_index: FxMap<String, u32>,
    /// Term indices of each stem (by `stem_index`).
    pub stems: Vec<Vec<u32>>,
    pub stem_lengths: Vec<usize>,
    pub stem_stop: FxSet<String>,
    pub stem_prefixes: FxSet<String>,
    pub min_stem: usize,
    /// (length, first letter) -> (form, term index) of forms three letters or longer.
    pub masked: FxMap<(usize, char), Vec<(String, u32)>>,
    pub allow: FxSet<String>,
    /// Every key that can start a term or identity match (the quick reject).
    pub triggers: StrSet,
    /// Typo forms and the index key each stands for.
    pub typos: StrMap,
    /// Typo forms whose reading depends on the comment's languages (read by the scan
    /// once it has guessed them: [`TypoLangs::reading`]).
    pub typo_langs: TypoLangMap,
    pub tables: Tables,
    /// The normaliser's tables with the language facts of this lexicon's packs (None:
    /// the bundled ones): comments are folded and tokenised with them.
    pub normalizer: Option<Arc<crate::normalize::Tables>>,
    /// The general word lists that split glued words and hashtags (`crate::segment`).
    pub segmenter: crate::segment::Segmenter,
    /// The pack words masked and stretched tokens may stand for (`lexicon::known`),
    /// worked out on first use.
    pub known: std::sync::OnceLock<KnownForms>,
    /// Each entry's share of a vote in the language guess (`lexicon::guess`), worked out
    /// on first use.
    pub votes: std::sync::OnceLock<Vec<u32>>,
    /// The first bytes of the stem prefixes (bit `b` of 256), worked out on first use
    /// ([`Lexicon::has_stem_prefix`]).
    pub stem_starts: std::sync::OnceLock<[u64; 4]>,
    /// The ends of the words of the packs' `compound_heads`, worked out on first use
    /// ([`crate::score::heads`]).
    pub head_ends: std::sync::OnceLock<crate::score::heads::Ends>,
    /// The bit mask of the languages whose nouns are capitalised (their packs'
    /// `nouns_capitalised`): [`crate::score::capitals`].
    pub capitalised: u32,
    /// The packs' `pronoun_subjects`, each with its language's bit: in a language that
    /// capitalises its nouns, one before a lower-case word is a pronoun subject
    /// ([`crate::score::pronouns`]).
    pub pronouns: Vec<(String, u32)>,
}

/// What the lookup of one token gave.
pub type Found = (Option<Look>, &'static str);

impl Lexicon {
    /// The normaliser's tables comments are folded with for this lexicon.
    pub fn normalizer_tables(&self) -> Arc<crate::normalize::Tables> {
        match &self.normalizer {
            Some(t) => t.clone(),
            None => crate::normalize::Tables::shared(),
        }
    }

    /// The entry of an index key.
    pub fn get(&self, key: &str) -> Option<u32> {
        self.index.get(key).copied()
    }

    /// [`Lexicon::get`] with `key`'s [`word_hash`] worked out already.
    #[inline]
    pub fn get_hashed(&self, key: &str, hash: u64) -> Option<u32> {
        self.index.get_hashed(key, hash).copied()
    }

    /// The index entry a look found (`None` for a stem: terms only).
    pub fn entry(&self, look: Look) -> Option<&Entry> {
        match look {
            Look::Index(e) => Some(&self.entries[e as usize]),
            Look::Stem(_) => None,
        }
    }

    /// The (term, step) pairs of a look.
    pub fn look_terms(&self, look: Look) -> Vec<(u32, &'static str)> {
        match look {
            Look::Index(e) => self.entries[e as usize].terms.clone(),
            Look::Stem(s) => self.stems[s as usize]
                .iter()
                .map(|&t| (t, "stem"))
                .collect(),
        }
    }

    /// Whether a look has terms or an identity.
    pub fn has_terms_or_identity(&self, look: Look) -> bool {
        match look {
            Look::Index(e) => {
                let e = &self.entries[e as usize];
                !e.terms.is_empty() || e.identity
            }
            Look::Stem(_) => true,
        }
    }

    /// Whether a look has terms, an identity or phrases.
    pub fn says_something(&self, look: Look) -> bool {
        match look {
            Look::Index(e) => self.entries[e as usize].says_something(),
            Look::Stem(_) => true,
        }
    }

    /// Whether `word`'s first [`Lexicon::min_stem`] letters are a stem prefix (`false`
    /// with no stems).  Asked for most tokens of a comment, and the packs have a handful
    /// of stems: a bitset of the prefixes' first bytes answers most words without
    /// hashing (exact: a prefix of the set always has its first byte's bit set; a word
    /// whose bit is set, or an empty word, asks the set).
    #[inline]
    pub fn has_stem_prefix(&self, word: &str) -> bool {
        if self.min_stem == 0 || self.stem_prefixes.is_empty() {
            return false;
        }
        let starts = self.stem_starts.get_or_init(|| {
            let mut bits = [0u64; 4];
            for p in &self.stem_prefixes {
                if let Some(&b) = p.as_bytes().first() {
                    bits[usize::from(b >> 6)] |= 1 << (b & 63);
                }
            }
            bits
        });
        let may = match word.as_bytes().first() {
            Some(&b) => starts[usize::from(b >> 6)] & (1 << (b & 63)) != 0,
            None => true,
        };
        may && self.stem_prefixes.contains(prefix(word, self.min_stem))
    }

    pub(crate) fn possessive_stripped<'a>(&self, word: &'a str) -> Option<&'a str> {
        let suffix = self
            .tables
            .possessives
            .iter()
            .find(|p| word.ends_with(p.as_str()))?;
        Some(&word[..word.len() - suffix.len()])
    }

    /// The entry for one folded token and the matcher step that found it (`""`: exact).
    pub fn lookup(&self, word: &str, stretched: bool) -> Found {
        self.lookup_hashed(word, word_hash(word), stretched)
    }

    /// The index entry `word` is, or failing that the one it is with a possessive
    /// ending stripped (`idiot's`): the first question of [`Lexicon::lookup`].
    pub(crate) fn entry_of_hashed(&self, word: &str, hash: u64) -> Option<u32> {
        self.get_hashed(word, hash).or_else(|| {
            self.possessive_stripped(word)
                .and_then(|stem| self.get(stem))
        })
    }

    /// [`Lexicon::lookup`] with `word`'s [`word_hash`] worked out already (the scan
    /// hashes each token once: the index and the typo forms are asked with it).
    pub fn lookup_hashed(&self, word: &str, hash: u64, stretched: bool) -> Found {
        let entry = self.entry_of_hashed(word, hash);
        if let Some(e) = entry {
            if self.entries[e as usize].says_something() {
                return (Some(Look::Index(e)), "");
            }
        }
        if entry.is_none() {
            if let Some(form) = self.typos.get_hashed(word, hash) {
                return (self.get(form).map(Look::Index), "fuzzy");
            }
            if word
                .chars()
                .last()
                .is_some_and(|c| crate::unicode::is_digit(c as u32))
            {
                if let Some(decoded) = decode_trailing_leet(word, &self.tables.leet) {
                    if let Some(found) = self.get(&decoded) {
                        if self.has_terms_or_identity(Look::Index(found)) {
                            return (Some(Look::Index(found)), "leet");
                        }
                    }
                }
                if let Some(decoded) = self.edge_digits_word(word) {
                    return (self.get(&decoded).map(Look::Index), "leet");
                }
            }
        }
        // Asked once: most words hold no mask (a byte search of a short word).
        let masked = word.as_bytes().contains(&b'*');
        if masked || stretched || self.has_stem_prefix(word) {
            let fallback = self.fallback(word, stretched);
            if fallback.0.is_some() {
                return fallback;
            }
        }
        // The allow list is asked last: most unknown tokens are neither masked nor
        // stretched, and need no hash of it.
        if entry.is_none() && (stretched || masked) && !self.allow.contains(word) {
            // No term: a masked or stretched word may still be a word the rules read
            // (`wo*en`, `peoople`); its step makes the scan take that form.
            if masked {
                if let Some(form) = self.masked_word(word) {
                    return (self.get(form).map(Look::Index), "masks");
                }
            } else if stretched {
                if let Some(form) = self.stretched_word(word) {
                    return (self.get(&form).map(Look::Index), "stretched");
                }
            }
        }
        (entry.map(Look::Index), "")
    }

    fn fallback(&self, word: &str, stretched: bool) -> Found {
        if self.allow.contains(word) {
            return (None, "");
        }
        if word.contains('*') {
            if let Some(form) = self.masked_forms(word).first() {
                return (self.get(form).map(Look::Index), "masks");
            }
            // A mask over a typo (`h*trd`): read like the typo (its language checks
            // included: `typo_key` gives the filled form).
            return match self.masked_typo(word) {
                Some((_, form)) => (self.get(form).map(Look::Index), "fuzzy"),
                None => (None, ""),
            };
        }
        if stretched {
            for candidate in squeezed(word) {
                if let Some(e) = self.get(&candidate) {
                    if self.entries[e as usize].says_something() {
                        return (Some(Look::Index(e)), "stretched");
                    }
                }
            }
            if let Some((_, form)) = self.stretched_typo(word) {
                return (self.get(form).map(Look::Index), "fuzzy");
            }
        }
        let size = cp_len(word);
        if !self.stem_lengths.is_empty()
            && size >= self.min_stem
            && self.has_stem_prefix(word)
            && !self.stem_stop.contains(word)
        {
            for &length in &self.stem_lengths {
                if length > size {
                    break;
                }
                if let Some(&s) = self.stem_index.get(prefix(word, length)) {
                    if !self.stems[s as usize].is_empty() {
                        return (Some(Look::Stem(s)), "stem");
                    }
                }
            }
        }
        (None, "")
    }

    /// The entry forms a masked token fits (`f*ck` -> `fuck`), most severe first.
    ///
    /// The word is read in place, not copied into a list of its letters: most masked
    /// tokens (two words joined across a `_`, `coffee**ouse`) have no form of their
    /// length and first letter to try, and the copy was most of their cost.  The
    /// property test `masked_forms_read_in_place_are_the_listed_ones` compares the two.
    pub fn masked_forms(&self, word: &str) -> Vec<String> {
        let Some(first) = word.chars().next().filter(|&c| c != '*') else {
            return Vec::new();
        };
        // Most masked tokens have no form with their ends: one probe, not a walk of
        // every form of their shape.
        if !self.mask_may_fit(word) {
            return Vec::new();
        }
        let size = word.chars().count();
        // `*` is ASCII: no byte of another letter's UTF-8 is one.
        let stars = word.bytes().filter(|&b| b == b'*').count();
        let Some(forms) = self
            .masked
            .get(&(size, first))
            .filter(|_| size - stars >= 2)
        else {
            return Vec::new();
        };
        let mut out: Vec<String> = Vec::new();
        for (form, _) in forms {
            let fits = form
                .chars()
                .zip(word.chars())
                .all(|(f, c)| c == '*' || c == f);
            if fits && !out.contains(form) {
                out.push(form.clone());
            }
        }
        // The most severe reading first: "f*ck" is "fuck" before "feck" (a stable sort).
        out.sort_by_key(|f| {
            let e = &self.entries[self.index[f.as_str()] as usize];
            let most = e
                .terms
                .iter()
                .map(|&(t, _)| self.terms[t as usize].severity)
                .max();
            std::cmp::Reverse(most.unwrap_or(0))
        });
        out
    }

    /// The letters of a word with one masked letter strictly inside it, and where the
    /// mask is; `None` for no mask, two or more (`f**k`, `sh**`: deliberate
    /// censoring), a mask at an edge, or fewer than four or more than `max_word` letters.
    fn one_inner_mask(&self, word: &str) -> Option<(Vec<char>, usize)> {
        let letters: Vec<char> = letters_of(word);
        let size = letters.len();
        let mut stars = letters.iter().enumerate().filter(|&(_, &c)| c == '*');
        let (at, _) = stars.next()?;
        let one = stars.next().is_none();
        let fits =
            one && at > 0 && at + 1 < size && (4..=self.segmenter.limits.max_word).contains(&size);
        fits.then_some((letters, at))
    }

    /// The everyday word a token with one masked letter most likely hides: of its
    /// fillings (the packs' `mask_letters` in the mask's place) the most frequent word
    /// of the languages' lists, if it is among their `mask_word_rank` most frequent
    /// (`th*t`: "that", `ha*e`: "have", `wh*re`: "where"; `c*nt` makes no such word,
    /// "cant" and "cent" are rarer).  `None` when no filling is such a word, or when
    /// the mask is not one inside the word ([`Lexicon::one_inner_mask`]).  Only the
    /// lists of the languages of the bit mask `langs` are asked.
    pub fn everyday_filling(&self, word: &str, langs: u32) -> Option<String> {
        let everyday = self.segmenter.limits.mask_word_rank;
        // No everyday word is the token with its masked letter filled: none to ask
        // (the proof is `EverydayMasks'`).  Asked with the token's own print before its
        // letters are copied out: with its one mask a `*`, it is the print the fillings'
        // prints below give for `*`, and nearly every token is refused here.
        // (A token with no single inner mask, `f**k`, `*sigh*`, is refused below
        // without a print: `*` is ASCII, so its bytes tell.)
        let bytes = word.as_bytes();
        let inner = bytes.len() > 2 && bytes[0] != b'*' && bytes[bytes.len() - 1] != b'*';
        if !inner || bytes.iter().filter(|&&b| b == b'*').count() != 1 {
            return None;
        }
        let masked = crate::segment::Print::of(word);
        if !self.segmenter.everyday.may_hide(masked, everyday) {
            return None;
        }
        let (mut filled, at) = self.one_inner_mask(word)?;
        // Between two everyday words, a context word the rules read and no term
        // (`th*n`: "than" rather than "then") wins whatever their ranks: a context word
        // flags nothing on its own, and the rules keep their word.
        let mut best: Option<((bool, u32), char)> = None;
        // Each filling's print from the prints of the letters around the mask; a
        // filling is spelled out only when it is an everyday word.
        let fillings = MaskPrints::around(&filled, at);
        debug_assert_eq!(fillings.print('*'), masked);
        let mut spelled = String::new();
        for &c in &self.tables.mask_letters {
            let rank = self.segmenter.best_rank_in(fillings.print(c), langs);
            if let Some(rank) = rank.filter(|&r| r < everyday) {
                filled[at] = c;
                spelled.clear();
                spelled.extend(filled.iter());
                let context = self.get(&spelled).is_some_and(|e| {
                    let e = &self.entries[e as usize];
                    e.terms.is_empty() && (e.roles != 0 || !e.lang_roles.is_empty())
                });
                let key = (!context, rank);
                if best.is_none_or(|(k, _)| key < k) {
                    best = Some((key, c));
                }
            }
        }
        filled[at] = best?.1;
        Some(filled.into_iter().collect())
    }

    /// The index key a stretched or mistyped word stands for (`fuuck` -> `fuck`).
    pub fn canonical(&self, word: &str) -> String {
        if let Some(form) = self.typos.get(word) {
            return form.to_owned();
        }
        if word
            .chars()
            .last()
            .is_some_and(|c| crate::unicode::is_digit(c as u32))
        {
            if let Some(decoded) = decode_trailing_leet(word, &self.tables.leet) {
                if self.index.contains_key(&decoded) {
                    return decoded;
                }
            }
            if let Some(decoded) = self.edge_digits_word(word) {
                return decoded;
            }
        }
        if word.contains('*') {
            return match self.masked_forms(word).into_iter().next() {
                Some(form) => form,
                None => match self.masked_typo(word) {
                    Some((_, form)) => form.to_owned(),
                    None => self.masked_word(word).unwrap_or(word).to_owned(),
                },
            };
        }
        for candidate in squeezed(word) {
            if self.index.contains_key(&candidate) {
                return candidate;
            }
        }
        if let Some((_, form)) = self.stretched_typo(word) {
            return form.to_owned();
        }
        self.stretched_word(word).unwrap_or_else(|| word.to_owned())
    }

    /// A stretched token that, squeezed, is a typo form (`haaaaatrd`: `hatrd`, for
    /// `hatred`): the squeezed form and the word it stands for.  None when some way of
    /// squeezing it gives a pack key or a word of the lists (`baaaaars` is `bars`).
    pub fn stretched_typo(&self, word: &str) -> Option<(String, &str)> {
        let candidates = squeezed(word);
        if candidates
            .iter()
            .any(|c| self.index.contains_key(c) || self.segmenter.knows(c))
        {
            return None;
        }
        candidates
            .into_iter()
            .find_map(|c| self.typos.get(&c).map(|form| (c, form)))
    }

    /// A masked token that, filled, is a typo form (`h*trd`: `hatrd`, for `hatred`; a
    /// mask and a typo in one word): the filled form and the word it stands for.  One
    /// mask, inside a word of four to `max_word` letters, filled with the packs'
    /// `mask_letters`; none when some filling is a pack key or a word of the lists
    /// (`ha*e` may be `have`, so it is read as nothing rather than as a typo).
    pub fn masked_typo(&self, word: &str) -> Option<(String, &str)> {
        // A typo form that some filling makes is, with that letter masked, the token
        // itself: a token whose print the filter of the typo forms masked refuses is
        // no typo form under any filling (one probe, where the fillings cost one each).
        let masked = crate::segment::Print::of(word).value();
        if !self.piece_filters().may_be_masked_typo(masked) {
            return None;
        }
        self.masked_typo_filled(word)
    }

    /// [`Lexicon::masked_typo`], every filling asked.
    fn masked_typo_filled(&self, word: &str) -> Option<(String, &str)> {
        let (mut filled, at) = self.one_inner_mask(word)?;
        // The first filling that is a typo form, found by the fillings' prints (made
        // from the prints of the letters around the mask) through the typo forms'
        // filter: a filling is spelled out only when the filter lets its print through
        // (about one in ten that is no form), so a masked token with no typo form among
        // its fillings, nearly every one, costs a multiplication and a probe a filling
        // instead of a string and three look-ups.  Only then are the fillings asked
        // whether one is a word, in a second pass: the answer is the one pass of both
        // questions gave (`None` when some filling is a word, else the first typo form).
        let fillings = MaskPrints::around(&filled, at);
        let filters = self.piece_filters();
        let mut spelled = String::new();
        let found = self.tables.mask_letters.iter().find_map(|&c| {
            if !filters.may_be_typo(fillings.print(c).value()) {
                return None;
            }
            filled[at] = c;
            spelled.clear();
            spelled.extend(filled.iter());
            let form = self.typos.get(&spelled)?;
            Some((spelled.clone(), form))
        })?;
        let is_word = self.tables.mask_letters.iter().any(|&c| {
            self.segmenter.knows_print(fillings.print(c)) || {
                filled[at] = c;
                spelled.clear();
                spelled.extend(filled.iter());
                self.index.contains_key(&spelled)
            }
        });
        (!is_word).then_some(found)
    }

    /// The typo form a token was read through (itself, squeezed or filled: see
    /// [`Lexicon::stretched_typo`] and [`Lexicon::masked_typo`]), when it was read as a
    /// typo.
    pub fn typo_key(&self, word: &str) -> Option<String> {
        if self.typos.contains_key(word) {
            return Some(word.to_owned());
        }
        if word.contains('*') {
            return self.masked_typo(word).map(|(key, _)| key);
        }
        self.stretched_typo(word).map(|(key, _)| key)
    }

    /// The phrases of `entry` (the entry of `words[i]`) matching from `words[i]`, each
    /// with the index of the token after its end.
    pub fn phrases_at<W: TokenList + ?Sized>(
        &self,
        words: &W,
        i: usize,
        entry: &Entry,
    ) -> Vec<(u32, usize)> {
        let mut out = Vec::new();
        if i + 1 >= words.count() {
            return out;
        }
        if let Some(list) = entry.phrases.get(words.token(i + 1)) {
            for &p in list {
                let tokens = self.phrases.tokens(p);
                let end = i + tokens.len();
                if end <= words.count()
                    && (i..end)
                        .zip(tokens.iter())
                        .all(|(k, t)| words.token(k) == t)
                {
                    out.push((p, end));
                }
            }
        }
        if let Some(list) = entry.phrases.get(GAP) {
            for &p in list {
                if let Some(end) = match_with_gaps(words, i, &self.phrases.tokens(p)) {
                    out.push((p, end));
                }
            }
        }
        out
    }

    /// File every phrase under its first token's entry (by [`Phrases::second_key`]), in
    /// the phrases' order, and set their language bits (for phrases read from the word
    /// tables' bytes); an error (never a panic) when a phrase starts with no index key or
    /// names no term.
    pub fn file_phrases(&mut self) -> Result<(), String> {
        let languages = &self.languages;
        self.phrases.set_lang_bits(|code| {
            languages
                .iter()
                .position(|l| !code.is_empty() && l == code)
                .map_or(0, |b| 1 << b)
        });
        for p in 0..self.phrases.len() as u32 {
            if self.phrases[p as usize]
                .term
                .is_some_and(|t| t as usize >= self.terms.len())
            {
                return Err(format!("phrase {p} names no term"));
            }
            let Some(&e) = self.index.get(self.phrases.tokens(p).get(0)) else {
                return Err(format!("phrase {p} starts with no index key"));
            };
            let key = self.phrases.second_key(p).to_owned();
            self.entries[e as usize]
                .phrases
                .entry(key)
                .or_default()
                .push(p);
        }
        Ok(())
    }

    /// The bit of language `code` (`0` when not one of the lexicon's languages).
    pub fn lang_bit(&self, code: &str) -> u32 {
        self.languages
            .iter()
            .position(|l| l == code)
            .map_or(0, |b| 1 << b)
    }
}

#[cfg(test)]
pub(crate) mod tests;
