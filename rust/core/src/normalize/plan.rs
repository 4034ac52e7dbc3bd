//! The pre-scan: one pass over the text that finds which steps could change it, so the
//! pipeline runs only those (most comments are ASCII with none or one or two to do).
//!
//! WHY THE FAST PATH GIVES THE SAME ANSWERS. Each step's bit below is a *necessary*
//! condition for that step to change the text (or, for `emoji`, to report that it
//! fired): a step whose bit is clear would find nothing and return `false`, leaving the
//! work untouched, so skipping it changes nothing. A bit may be set when the step then
//! finds nothing: the step asks its own, exact question as before. The bits describe
//! the text they were computed on: after a step fired, a clear bit may no longer hold
//! (the step may have made something for a later one, or for an earlier one in the next
//! round), so the pipeline asks again, before it trusts a clear bit, the steps the step
//! that fired may have reopened ([`reopened_by`], [`Planner`]), or asks case folding's
//! question; a set bit still only sends the step to its own question, and is kept (the
//! emoji step is then run rather than taken as sure). Case folding of a text where no character beyond
//! ASCII folds leaves even the clear bits true: it only lowers capitals (in place), and
//! every bit but `casefold`'s is computed from the lowered characters (and, where a
//! table is asked, from the characters as typed too), so the plan covers the folded
//! text as well. The conditions, step by step:
//!
//! * `invisible` deletes only characters of its class: one must be there.
//! * `nfkc`, `zalgo`, `homoglyphs` and `emoji` answer "nothing" at once for ASCII text;
//!   `nfkc` needs a character that does not stay as it is whatever surrounds it
//!   (`unicode::nfkc`'s quick check: text of such characters is its own NFKC; `´`, which
//!   the step leaves for `accents`, `steps::nfkc_keeps`);
//!   `zalgo` three combining marks in a row; `homoglyphs` a key of its table beyond
//!   ASCII (or a table with ASCII keys); `emoji` a pictograph, a regional indicator or
//!   a keycap (U+20E3), and it fires for sure on the first two: `patterns::emoji_at`
//!   matches at either whatever follows, and the step asks at each of them, so the
//!   pipeline records it without running it (it never changes the text).
//! * `casefold` needs a capital or a character beyond ASCII that folds.
//! * `leet` decodes a run of leet characters with a letter after it (inside a word or
//!   opening one) or a run of `$` after a letter (`leet::leet_word`'s three rules): a
//!   leet character followed by a letter, or a letter followed by `$`, must be there.
//!   A character beyond ASCII counts as a letter here (asking would cost a search),
//!   but an inert one (general punctuation and emoji that are no leet characters,
//!   `steps::is_inert_wide`: no letter to the step).
//!   An `@` opening a handle of three letters or more is no such pair ([`a_handle`]).
//!   A pair inside a mention (`@user4ever`) does not count: the word it belongs to
//!   overlaps the mention, and the step rewrites no such word (the mention must open
//!   at the start or after an ASCII character that is no leet character, or an inert
//!   one: that one is then no character of a word, nor of a leet run, so the word the
//!   step widens from the pair's run starts inside the mention).  Nor does a pair
//!   whose leet character or `$` lies in a URL: the word that holds it overlaps the
//!   URL, a protected span too ([`UrlCursor`]).
//! * `masks` needs a `*` or a `#`.
//! * `split_letters` joins a run that has a letter between two copies of its separator
//!   (the second letter of the run: separator, letter, separator, or a mark between the
//!   letter and the separator): a separator, a letter (or a character beyond ASCII
//!   but a pictograph), then the same separator (or a character from U+0300 on, where
//!   the marks are, but a pictograph) must be there, with a letter standing alone
//!   before and a letter or digit after
//!   ([`spelled_out`]).
//! * `accents` needs a backtick, or beyond ASCII a typographic apostrophe, a Latin
//!   letter or a non-spacing mark.
//! * `stretched` squeezes a run of three of one letter: three equal characters in a row
//!   (equal once lowered), letters or beyond ASCII but pictographs.
//!
//! The property tests below check each step against its bit, the plan of a text
//! against the plan of its lowered copy, and the pipeline against running every step
//! (`normalize_every_step`).

use super::patterns::{find_from, is_regional, mention_at, url_at};
use super::steps::{is_inert_wide, is_invisible, is_pictograph, may_be_mark, nfkc_keeps};
use super::tables::Tables;
use super::Step;
use crate::unicode as u;
use crate::Cp;
use std::sync::OnceLock;

/// Which steps could fire on a text (bit `1 << (step as u16)`), and whether case folding
/// it only lowers ASCII capitals (no character beyond ASCII folds; known only for a
/// plan made before case folding ran, the only one asked).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Plan {
    bits: u16,
    pub folds_ascii_only: bool,
}

impl Plan {
    /// Whether `step` could change the text the plan was made of.
    pub fn may(self, step: Step) -> bool {
        self.bits & bit(step) != 0
    }

    /// Whether the emoji step fires on the text, known without running it (it changes
    /// nothing: it says whether the text holds an emoji).
    pub fn emoji_fires(self) -> bool {
        self.bits & SURE_EMOJI != 0
    }
}

const fn bit(step: Step) -> u16 {
    1 << step as u16
}

// What a character is, for the conditions above (`CLASS`); `LEET` (a key of the leet
// table, as typed or lowered) is asked of the tables where it matters (`class_at`).
const CONTROL: u8 = 1;
const UPPER: u8 = 2;
const LETTER: u8 = 4;
const SEP: u8 = 8;
const MASK: u8 = 16;
const TICK: u8 = 32;
const LEET: u8 = 64;
const WIDE: u8 = 128;

/// The class of each ASCII character, and `WIDE` at 128 for every character beyond:
/// controls but tab, newline and CR (and DEL) are invisible; the split separators are
/// space, `.`, `-` and `_`.
const CLASS: [u8; 129] = {
    let mut t = [0u8; 129];
    t[128] = WIDE;
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = if (b < 0x20 && !matches!(b, 0x09 | 0x0A | 0x0D)) || b == 0x7F {
            CONTROL
        } else if b.is_ascii_uppercase() {
            UPPER | LETTER
        } else if b.is_ascii_lowercase() {
            LETTER
        } else if matches!(b, b' ' | b'.' | b'-' | b'_') {
            SEP
        } else if matches!(b, b'*' | b'#') {
            MASK
        } else if b == b'`' {
            TICK
        } else {
            0
        };
        c += 1;
    }
    t
};

/// The table [`classes_seen`] reads ([`Tables::plan_classes`], made once for the
/// tables, on the first plan made with them), an entry a character below U+0100 and one, `WIDE`, for every character
/// from U+0100 on.  Below U+0080: [`CLASS`], with `LEET` on the characters
/// `leet_or_dollar` holds (the leet characters, as typed or lowered, and `$`; `LEET` is
/// set in no entry of `CLASS`, so seen in a text it says one of those characters is
/// there).  From U+0080 to U+00FF (Latin-1: a French sentence's accented letters and
/// `«»`): no class, but the character's bits ([`wide_bits`] with nothing known, and
/// `homoglyphs` for a look-alike table with ASCII keys, as [`wide_plan`] gives for
/// any text beyond ASCII) shifted by [`LATIN1_SHIFT`], and `LEET` on a leet character
/// of the tables.  So a text whose characters beyond ASCII are all Latin-1 has its
/// bits in the one pass over its classes: neither [`wide_plan`] nor the leet search
/// (which a Latin-1 character that is no leet character gives nothing to find, see
/// [`leet_pair`]) reads it for them.
pub(crate) fn classes_with(tables: &Tables, leet_or_dollar: &[bool; 128]) -> [u32; 257] {
    let mut t = [0u32; 257];
    for (c, class) in t.iter_mut().enumerate() {
        *class = match c {
            0..0x80 if leet_or_dollar[c] => u32::from(CLASS[c] | LEET),
            0..0x80 => u32::from(CLASS[c]),
            0x80..0x100 => {
                let c = c as Cp;
                let mut bits = wide_bits(c, tables, 0);
                if tables.homoglyph_ascii_key() {
                    bits |= bit(Step::Homoglyphs);
                }
                let leet = if tables.is_leet(c) { LEET } else { 0 };
                u32::from(bits) << LATIN1_SHIFT | u32::from(leet)
            }
            _ => u32::from(WIDE),
        };
    }
    t
}

/// Where a Latin-1 character's bits stand in its entry of [`classes_with`]' table
/// (above the eight class bits).
const LATIN1_SHIFT: u32 = 16;

/// The steps a character beyond ASCII may make fire by itself (the bits of `known` are
/// not asked again: each question is asked until its answer is yes).  Inlined: asked
/// also where the tables are made ([`classes_with`]), it was left out of line, a call
/// a character beyond ASCII for a tweet's emoji (0.06 M instructions on 2,000 tweets).
#[inline(always)]
fn wide_bits(c: Cp, tables: &Tables, known: u16) -> u16 {
    let mut bits = match page_of(c) {
        Some(page) => kept_bits(c, page, known),
        None => unicode_bits(c, known),
    };
    if known & bit(Step::Homoglyphs) == 0 && tables.homoglyphs.contains_key(&c) {
        bits |= bit(Step::Homoglyphs);
    }
    bits
}

/// [`wide_bits`] but the look-alike question (the one the tables answer), asked of the
/// Unicode tables.
fn unicode_bits(c: Cp, known: u16) -> u16 {
    let mut bits = 0;
    let ask = |step: Step| known & bit(step) == 0;
    if ask(Step::Invisible) && is_invisible(c) {
        bits |= bit(Step::Invisible);
    }
    if ask(Step::Nfkc) && !nfkc_keeps(c) {
        bits |= bit(Step::Nfkc);
    }
    if ask(Step::Casefold) && u::casefold(c).is_some() {
        bits |= bit(Step::Casefold);
    }
    if ask(Step::Accents)
        && (matches!(c, 0x2018 | 0x2019 | 0x2BC | 0xB4 | 0x2032)
            || u::rx_latin(c)
            || u::rx_nonspacing_mark(c))
    {
        bits |= bit(Step::Accents);
    }
    // Asked until one is sure (a keycap alone leaves the step to look).
    if known & SURE_EMOJI == 0 && (u::rx_ext_pict(c) || is_regional(c) || c == KEYCAP) {
        bits |= bit(Step::Emoji);
        if c != KEYCAP {
            bits |= SURE_EMOJI;
        }
    }
    bits
}

/// The pages of 256 characters whose answers [`kept_bits`] keeps: Latin-1 (a French
/// sentence's accented letters), general punctuation to the dingbats (U+2000..U+27FF:
/// a tweet's curly quotes, `…`, `☺`, `✔`) and the pictographs and emoji
/// (U+1F300..U+1FAFF).  Each page is worked out on first use, so a process pays for the
/// pages its texts use (some 45,000 instructions a page), and the table is 36 kB at
/// most.
fn page_of(c: Cp) -> Option<usize> {
    match c >> 8 {
        0x00 => Some(0),
        p @ 0x20..=0x27 => Some(1 + (p - 0x20) as usize),
        p @ 0x1F3..=0x1FA => Some(9 + (p - 0x1F3) as usize),
        _ => None,
    }
}

/// How many pages [`page_of`] names.
const PAGES: usize = 17;

/// [`unicode_bits`] of a character of a kept page ([`page_of`]), read from a table of
/// their answers with nothing known: a French sentence's accented letters and a tweet's
/// emoji and quotes were asked the Unicode tables' questions in every plan (NFKC's quick
/// check alone some ninety instructions a character).  The same answer for any
/// `known`: a question whose bit is known is not asked, and the emoji bit is given
/// whenever whether the step surely fires is not known (as `unicode_bits` asks it; a
/// keycap, U+20E3, gives the emoji bit without the sure one, in the table as there);
/// `the_kept_pages_answer_as_the_unicode_tables` checks every character of every page,
/// and of Latin-1 with every `known`.
fn kept_bits(c: Cp, page: usize, known: u16) -> u16 {
    static TABLES: [OnceLock<[u16; 256]>; PAGES] = [const { OnceLock::new() }; PAGES];
    let first = c & !0xFF;
    let table =
        TABLES[page].get_or_init(|| std::array::from_fn(|i| unicode_bits(first + i as Cp, 0)));
    let bits = table[(c & 0xFF) as usize] & !(known & !bit(Step::Emoji));
    if known & SURE_EMOJI != 0 {
        bits & !(bit(Step::Emoji) | SURE_EMOJI)
    } else {
        bits
    }
}

/// The combining keycap, which ends a keycap sequence (`#️⃣`).
const KEYCAP: Cp = 0x20E3;

/// A bit no step has: the emoji step will fire (an emoji opens at a pictograph or a
/// regional indicator whatever follows it, and the step looks at every one).
const SURE_EMOJI: u16 = 1 << 15;

/// The plan of `text` for every step: a pass that ORs the classes of the characters,
/// then short scans for the few patterns that need two or three characters.
pub(crate) fn plan(text: &[Cp], tables: &Tables) -> Plan {
    answer(text, tables, STEPS)
}

/// Every step's bit.
const STEPS: u16 = (1 << Step::ALL.len()) - 1;

/// The steps whose bit only the characters beyond ASCII set (`wide_plan`).
const WIDE_STEPS: u16 = bit(Step::Invisible)
    | bit(Step::Nfkc)
    | bit(Step::Casefold)
    | bit(Step::Zalgo)
    | bit(Step::Homoglyphs)
    | bit(Step::Accents)
    | bit(Step::Emoji)
    | SURE_EMOJI;

/// The bits of the steps of `ask` for `text`, the other steps' bits clear: whether the
/// emoji step surely fires is asked with the emoji step, whether case folding only
/// lowers ASCII capitals with case folding (`false` when it is not asked).  Only the
/// questions of `ask` are asked: a plan made again after a step fired asks only the
/// steps that step may have given something to do ([`reopened_by`]).
pub(crate) fn answer(text: &[Cp], tables: &Tables, ask: u16) -> Plan {
    let ask = ask & STEPS;
    let sure = if ask & bit(Step::Emoji) != 0 {
        SURE_EMOJI
    } else {
        0
    };
    // The bits not asked count as known: their questions are skipped.
    let known = !(ask | sure);
    let all_seen = classes_seen(text, tables, known);
    // The Latin-1 characters' bits, and the classes ([`classes_with`]).
    let latin1 = (all_seen >> LATIN1_SHIFT) as u16;
    let seen = all_seen as u8;
    let flag = |on: bool, step: Step| if on { bit(step) } else { 0 };
    let mut bits = flag(seen & CONTROL != 0, Step::Invisible)
        | flag(seen & UPPER != 0, Step::Casefold)
        | flag(seen & MASK != 0, Step::Masks)
        | flag(seen & TICK != 0, Step::Accents)
        | latin1;
    let mut folds_ascii_only = ask & bit(Step::Casefold) != 0 && latin1 & bit(Step::Casefold) == 0;
    // `WIDE`: a character from U+0100 on (or, when the classes were not read, beyond
    // ASCII), which the Unicode tables are asked about.
    if seen & WIDE != 0 && known & WIDE_STEPS != WIDE_STEPS {
        let wide = wide_plan(text, tables, known);
        folds_ascii_only &= wide & bit(Step::Casefold) == 0;
        bits |= wide;
    }
    // The leet search stops only at a character from U+0100 on or one of `LEET`
    // ([`classes_with`]): a text of neither holds no pair, and is not searched.
    let leet_hit = seen & (LEET | WIDE) != 0;
    if known & bit(Step::Leet) == 0 && leet_hit && leet_pair(text, tables) {
        bits |= bit(Step::Leet);
    }
    let runs = bit(Step::SplitLetters) | bit(Step::Stretched);
    if known & runs != runs {
        bits |= runs_plan(text, tables, runs & !known);
    }
    Plan {
        bits: bits & (ask | sure),
        folds_ascii_only,
    }
}

/// The steps whose condition a text's lengths and neighbours decide (three marks in a
/// row, a leet character before a letter, letters spelled out, three of one letter):
/// taking characters out, or putting letters in, may make them true where they were
/// not.  Every other step's condition is that some character is there ([`CLASS`],
/// [`wide_bits`]), so only a character of its kind put in can make it true.
const NEIGHBOURS: u16 =
    bit(Step::Zalgo) | bit(Step::Leet) | bit(Step::SplitLetters) | bit(Step::Stretched);

/// What is known of the change a step that fired made, beyond the step itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Change {
    /// Nothing more.
    Any,
    /// Case folding only lowered ASCII capitals (the plan said no character beyond
    /// ASCII folds).
    LoweredCapitals,
    /// `accents` folded a text without marks character for character, and no `ʼ`
    /// ([`super::work::Work::folded_at`]); `run_made`: three of one letter in a row
    /// stand over a position it changed ([`stretched_near`]); `leet_put_in`: an ASCII
    /// letter or `'` is a leet character (`Tables::leet_letter_or_apostrophe`).
    FoldedClean { run_made: bool, leet_put_in: bool },
}

/// The steps whose clear bit may no longer hold after `step` changed the text as
/// `change` says, its own bit among them when it is to be asked again: the bits of the
/// others still hold, a clear one because the change cannot have made the step fire
/// where it would not have, a set one because a set bit only sends its step to its
/// own, exact question.  Step by step:
///
/// * case folding that only lowered ASCII capitals: none, not even its own. Every bit
///   but case folding's is computed from the lowered characters, and from the
///   characters as typed too where a table is asked (checked by
///   `a_plan_covers_the_text_with_its_capitals_lowered`); case folding's own condition
///   is then false: no capital is left, and no character beyond ASCII folds (that is
///   what `lowered` says).
/// * `accents` puts in only `'` and ASCII letters (`fold_latin`'s table holds nothing
///   else: `accents_puts_in_only_letters_and_an_apostrophe`) and takes out only marks:
///   `leet` and `stretched` (of [`NEIGHBOURS`]), case folding (a capital folded from
///   `Ø`, when case folding is off or came after it) and itself (a Latin letter it does
///   not fold stays). No control, mask, backtick, look-alike, emoji or character beyond
///   ASCII is put in, and a character taken out makes no such condition true.  Of
///   [`NEIGHBOURS`], `zalgo` and `split_letters` stay closed ([`ACCENTS_KEEP_CLOSED`]).
/// * `accents` folding cleanly ([`Change::FoldedClean`]): `stretched` when it made a run
///   of three, `leet` when the leet table has a letter or `'`, see
///   [`FOLDED_CLEAN_KEEPS_CLOSED`].
/// * `stretched` only takes letters out (a run of one letter left as two): the steps of
///   [`NEIGHBOURS`], itself among them.
/// * `emoji` changes no character: none.
/// * Any other step may put in any character: every step.
///
/// `a_clear_bit_stays_clear_unless_reopened` checks each step against this table.
pub(crate) fn reopened_by(step: Step, change: Change) -> u16 {
    match (step, change) {
        (Step::Casefold, Change::LoweredCapitals) => 0,
        (
            Step::Accents,
            Change::FoldedClean {
                run_made,
                leet_put_in,
            },
        ) => {
            let stretched = if run_made { 0 } else { bit(Step::Stretched) };
            let leet = if leet_put_in { 0 } else { bit(Step::Leet) };
            ACCENTS_REOPEN & !FOLDED_CLEAN_KEEPS_CLOSED & !stretched & !leet
        }
        (Step::Accents, _) => ACCENTS_REOPEN,
        (Step::Stretched, _) => NEIGHBOURS,
        (Step::Emoji, _) => 0,
        _ => STEPS,
    }
}

/// What any firing of `accents` may reopen ([`reopened_by`]).
const ACCENTS_REOPEN: u16 =
    (NEIGHBOURS & !ACCENTS_KEEP_CLOSED) | bit(Step::Casefold) | bit(Step::Accents);

/// The steps `accents` folding cleanly ([`Change::FoldedClean`]: a text without marks
/// folded character for character) leaves with nothing to do: case folding and itself
/// (these two), and `stretched` when no run of three stands over a position it changed,
/// `leet` when no ASCII letter nor `'` is a leet character ([`reopened_by`] asks).  A
/// French sentence's folded accents opened all four, and the plan was asked their
/// classes, leet pairs and runs again, three passes over the sentence.
///
/// WHY. Call the text before the fold `T0`, after it `T1`.
///
/// * Case folding: it changes a text exactly when some character of it folds. If it
///   would not change `T0` (its bit clear and not open), no character of `T0` folds,
///   so none was folded to a capital (every Latin letter `accents` folds to a capital
///   is one case folding changes: `accents_puts_in_only_letters_and_an_apostrophe`):
///   `T1` holds the characters of `T0` and lower-case ASCII letters and `'`, none of
///   which folds, and it would not change `T1` either.
/// * `accents` itself: its bit is cleared when it fires, and `T1` gives it nothing to
///   do. It changes a typographic apostrophe or a backtick (each was folded to `'`,
///   which it leaves), a Latin letter beyond ASCII that folds (each was folded; a
///   Latin letter with no folding stays and folds to itself), and a mark after a Latin
///   letter (`T0` had no mark, and none was put in). The only step after it in the
///   order that changes characters, `stretched`, takes letters out, which makes none of
///   these appear; any other step that fires before it runs again reopens it.
/// * `stretched`: its condition (three of one letter in a row, [`stretched_at`]) reads
///   three characters. If it was false on `T0` (its bit clear and not open), a window
///   of `T1` that meets it holds a position where `T1` differs from `T0` (the others
///   read what they read in `T0`), and [`stretched_near`] asks every such window.
/// * `leet` ([`leet_pair`]), when no ASCII letter nor `'` is a leet character: the fold
///   makes no pair and lifts no exception. A changed character was beyond ASCII or a
///   backtick, and is now an ASCII letter or `'`. A pair is a leet character then a
///   letter (beyond ASCII counting as one), or a letter then `$`: no character put in
///   is a leet character, a letter put in stood where a character beyond ASCII (a
///   letter to the pair) stood, and `'` is no letter; so every pair of `T1` is one of
///   `T0`. The exceptions only grow: a mention counts when the character before its
///   `@` is ASCII and no leet character (a character beyond ASCII did not, a letter or
///   `'` put in does), and reads the same handle (a letter stays a letter to
///   `mention_at`; `’`, `‘`, `´`, `′` and `'` are none; `ʼ`, a letter, is left out of
///   a clean fold: `@fʼf` is a mention, `@f'f` is not; checked for every character
///   by `a_clean_fold_reads_to_a_mention_as_before`), and a later mention never ends
///   before an earlier one, so the end of the last one found is as far or further at
///   every place; a handle ([`a_handle`]) that held in `T0` holds in `T1`: its three
///   characters after the `@` were ASCII letters or digits, unchanged, and the one
///   before it, if changed, was a backtick, now `'`, neither of which stops a handle
///   (a character beyond ASCII there did). So a pair of `T1` that counts counted in
///   `T0`; `the_plan_changes_no_answer_with_a_leet_apostrophe` checks the exception.
///
/// Its bit then says "would not fire", not "no such character": a Latin letter it does
/// not fold may be left (`ƻ`). `the_narrowed_plan_covers_a_whole_plan` allows that, and
/// `the_plan_changes_no_answer` and `the_plan_changes_no_answer_on_folded_latin` check
/// the pipeline against running every step, `a_clear_bit_stays_clear_unless_reopened`
/// each fold against the whole plan; [`stretched_near`] asking one window too few
/// (the one a changed position opens: `éee`, folded `eee`) fails the first two and
/// `the_narrowed_plan_covers_a_whole_plan`, a fold of `ʼ` counted clean fails them too,
/// and `leet` kept closed whatever the tables fails
/// `the_plan_changes_no_answer_with_a_leet_apostrophe`.
const FOLDED_CLEAN_KEEPS_CLOSED: u16 = bit(Step::Casefold) | bit(Step::Accents);

/// The steps of [`NEIGHBOURS`] whose clear bit the `accents` step leaves clear (a French
/// sentence's plan made again after its accents were folded asked `split_letters`'
/// window tests of every character again, about a third of that plan).
///
/// WHY. `accents` replaces a character beyond ASCII by ASCII letters (one, or more for
/// a letter such as `œ`), a typographic apostrophe by `'`, a backtick by `'`, and takes
/// out a run of marks that follows a Latin letter; nothing else moves.
///
/// * `zalgo` (three marks in a row, [`wide_plan`]): no mark is put in, and taking a
///   whole run of marks out only shortens or joins runs with a letter between them, so
///   no run of three marks appears.
/// * `split_letters` ([`split_at`], [`spelled_out`]): its condition reads six places
///   around a window, the one before the first letter (`open`), that letter (`first`),
///   a separator, a letter, the same separator, and the character after (`third`). A
///   character beyond ASCII passes at every place a character `accents` puts in may
///   stand: as the middle letter, as `first` (the condition holds at once), as `open`
///   (never blocking), as `third`; and it is no separator, nor is anything `accents`
///   puts in (at the second separator's place only a mark, U+0300 on, passes). So where the folded
///   text meets the condition, the text before folding met it with each character
///   that `accents` put in replaced by the one it came from: a letter or `'` there
///   now was a character beyond ASCII (or a backtick, which passes or fails where `'`
///   does, both no letter, digit or separator) at the same place of the window, and
///   the separators and every ASCII character are the same. An expansion (`œ` to
///   `oe`) puts two letters side by side, which fit the window only as `open` and
///   `first` (then `open` is a letter: the condition fails) or from `third` on (one
///   character before, beyond ASCII, passed there). A run of marks taken out follows
///   a Latin letter, so in the window it followed `first` or the middle letter (no
///   separator is Latin, and after `open` or `third` it changes no place read): the
///   text before folding met the condition with a mark as `first`'s neighbour (the
///   window read from the same separators, `first` a mark, beyond ASCII) or with the
///   mark as the second separator (a mark passes there, [`split_at`]).
///
/// `a_clear_bit_stays_clear_unless_reopened` checks `accents` against this: a mutation
/// of the step that folds the typographic apostrophes to `.`, a separator, fails it.
/// `leet` is left open: its proof hangs on `'` being no key of the leet table, which a
/// clean fold asks of the tables ([`FOLDED_CLEAN_KEEPS_CLOSED`]).
const ACCENTS_KEEP_CLOSED: u16 = bit(Step::Zalgo) | bit(Step::SplitLetters);

/// Whether `stretched`'s condition holds at a window of three characters of `text`
/// that holds one of the positions `at` (those a clean fold of the accents changed:
/// only there may the condition have turned true, [`FOLDED_CLEAN_KEEPS_CLOSED`]).
pub(crate) fn stretched_near(text: &[Cp], at: &[usize], tables: &Tables) -> bool {
    let last = text.len().saturating_sub(1);
    at.iter()
        .any(|&p| (p.max(2)..=(p + 2).min(last)).any(|i| stretched_at(text, i, tables) != 0))
}

/// The plan carried through the rounds of one text (`fold`): made once, then after each
/// step that fires only the steps that step may have given something to do are asked
/// again ([`reopened_by`]), and only when a clear bit of theirs is about to be trusted.
///
/// INVARIANT: a step whose bit is clear and which is not `open` would not fire on the
/// text as it is now; a set bit only sends its step to its own question. The answers
/// that hold only for the text they were asked of (whether case folding only lowers ASCII
/// capitals, whether the emoji step surely fires) are trusted only while their step is
/// `fresh`: asked since the text last changed.
pub(crate) struct Planner {
    plan: Plan,
    open: u16,
    fresh: u16,
    /// Set bits asked before the text last changed, to be asked again in this round
    /// ([`Planner::start_round`]).
    recheck: u16,
    /// Whether a step fired in this round that calls for another ([`super::may_reopen`]).
    another_round: bool,
    /// The steps [`Planner::may`] may have to ask something before it answers for them:
    /// `open | recheck`, and case folding while its answer is not fresh (kept up to date
    /// by [`Planner::note`], so that a comment where nothing fired pays one test a step).
    pending: u16,
}

impl Planner {
    /// The plan of every step for `text`.
    pub fn new(text: &[Cp], tables: &Tables) -> Planner {
        Planner {
            plan: plan(text, tables),
            open: 0,
            fresh: STEPS,
            recheck: 0,
            another_round: false,
            pending: 0,
        }
    }

    /// Another round begins: the set bits asked before the text last changed are asked
    /// again too when their step comes (a set bit kept within a round saves a long text
    /// a pass a step, but one a character beyond ASCII set, `é` counting as a letter,
    /// would run its step again in every round: a round's first plan asked them anew).
    pub fn start_round(&mut self) {
        self.recheck = self.plan.bits & !self.fresh & STEPS;
        self.another_round = false;
        self.note();
    }

    /// Work out [`Planner::pending`] again after `open`, `recheck` or `fresh` changed.
    fn note(&mut self) {
        let fold = bit(Step::Casefold);
        self.pending = self.open | self.recheck | (fold & !self.fresh);
    }

    /// Whether `step` could change `text` (the text the steps that fired left): a clear
    /// bit that a step that fired left open is asked again first, with every open clear
    /// bit from `step` on (set bits are kept: asking them again would cost a long text a
    /// pass each); case folding is asked again when its answer is not fresh.  When
    /// another round is sure to follow, the open bits before `step` are asked in the same
    /// pass: the next round would ask them of this text (a French sentence's folded
    /// accents leave nothing for a second round to ask), and a step firing in between
    /// opens again what it may have changed.
    #[inline]
    pub fn may(&mut self, step: Step, text: &[Cp], tables: &Tables) -> bool {
        // Nearly every comment: no step fired before this one, nothing to ask.
        if self.pending & bit(step) != 0 {
            self.ask_before(step, text, tables);
        }
        self.plan.may(step)
    }

    /// What [`Planner::may`] asks before it answers for `step`, if anything.
    #[inline(never)]
    fn ask_before(&mut self, step: Step, text: &[Cp], tables: &Tables) {
        let b = bit(step);
        let set = self.plan.bits & b != 0;
        let reopened = (!set && self.open & b != 0) || self.recheck & b != 0;
        let unfolded = set && step == Step::Casefold && self.fresh & b == 0;
        if !(reopened || unfolded) {
            return;
        }
        let from_here = STEPS & !(b - 1);
        let open = (self.open & !self.plan.bits) | self.recheck;
        // The next round's questions about the steps before this one: the open bits, and
        // the set bits asked before the text last changed (`start_round`).
        let early = if self.another_round {
            (open | (self.plan.bits & !self.fresh)) & STEPS & !from_here
        } else {
            0
        };
        let ask = (open & from_here) | early | if unfolded { b } else { 0 };
        self.ask(text, tables, ask);
    }

    /// Ask the steps of `ask` again: their bits (and the answers asked with them) are
    /// replaced, and they are no longer open.
    fn ask(&mut self, text: &[Cp], tables: &Tables, ask: u16) {
        let fresh = answer(text, tables, ask);
        let emoji = ask & bit(Step::Emoji) != 0;
        let replaced = ask | if emoji { SURE_EMOJI } else { 0 };
        self.plan.bits = (self.plan.bits & !replaced) | fresh.bits;
        if ask & bit(Step::Casefold) != 0 {
            self.plan.folds_ascii_only = fresh.folds_ascii_only;
        }
        self.open &= !ask;
        self.recheck &= !ask;
        self.fresh |= ask;
        self.note();
    }

    /// Whether case folding only lowers ASCII capitals (asked by [`Planner::may`] before
    /// case folding runs).
    pub fn folds_ascii_only(&self) -> bool {
        self.fresh & bit(Step::Casefold) != 0 && self.plan.folds_ascii_only
    }

    /// Whether the emoji step fires, known without running it: only while the answer is
    /// fresh (a step that fired since may have taken the emoji out).
    pub fn emoji_fires(&self) -> bool {
        self.fresh & bit(Step::Emoji) != 0 && self.plan.emoji_fires()
    }

    /// `step` changed the text, as `change` says: the steps it may have given
    /// something to do are open, its own bit is cleared (asked again when the next round
    /// reaches it, or known false, see [`reopened_by`]), and no answer is fresh but
    /// those lowering leaves true.
    pub fn fired(&mut self, step: Step, change: Change) {
        let lowered = change == Change::LoweredCapitals;
        if step == Step::Emoji {
            // It reports an emoji, and changes no character.
            return;
        }
        self.fresh = if lowered { self.fresh & !bit(step) } else { 0 };
        self.open |= reopened_by(step, change);
        self.plan.bits &= !bit(step);
        self.another_round |= super::may_reopen(step);
        self.note();
    }
}

/// The steps whose bit the characters' classes set (`CLASS`), beyond ASCII aside.
const CLASS_STEPS: u16 =
    bit(Step::Invisible) | bit(Step::Casefold) | bit(Step::Masks) | bit(Step::Accents);

/// The classes of the characters of `text`, ORed ([`Tables::plan_classes`]: `LEET` says
/// a character the leet search stops at is there, `WIDE` one from U+0100 on, and the
/// bits above [`LATIN1_SHIFT`] are those of its Latin-1 characters).  When every step
/// the classes answer for is `known` (a plan made again after the accents step fired
/// asks only `stretched`), the only class asked is `WIDE`, and a search for a character
/// beyond ASCII that stops at the first one answers it (for every character beyond
/// ASCII, Latin-1 ones too: [`wide_plan`] then asks them all): the other classes are
/// left out, as they would only set bits that are known, and `LEET` is given (not
/// asked: the leet search is then not ruled out).
fn classes_seen(text: &[Cp], tables: &Tables, known: u16) -> u32 {
    if known & CLASS_STEPS == CLASS_STEPS {
        return u32::from(if find_from(text, 0, |c| c >= 0x80).is_some() {
            WIDE | LEET
        } else {
            LEET
        });
    }
    let classes = tables.plan_classes();
    let mut seen = 0;
    for &c in text {
        seen |= classes[c.min(0x100) as usize];
    }
    seen
}

/// The bits the characters beyond ASCII set (each character asked once while it stays
/// in its [`CharMemo`]), `zalgo`'s three marks in a row, and `homoglyphs` for a
/// table with ASCII keys.
fn wide_plan(text: &[Cp], tables: &Tables, known: u16) -> u16 {
    let mut bits = 0;
    let (mut last, mut marks) = (usize::MAX, 0);
    let mut asked = CharMemo::default();
    let mut p = 0;
    while let Some(at) = find_from(text, p, |c| c >= 0x80) {
        let c = text[at];
        let mark = match asked.get(c) {
            Some(mark) => mark,
            None => {
                bits |= wide_bits(c, tables, bits | known);
                let mark = u::rx_mark(c);
                asked.note(c, mark);
                mark
            }
        };
        marks = if !mark {
            0
        } else if last.wrapping_add(1) == at {
            marks + 1
        } else {
            1
        };
        if marks >= 3 {
            bits |= bit(Step::Zalgo);
        }
        last = at;
        p = at + 1;
    }
    if (bits | known) & bit(Step::Homoglyphs) == 0 && tables.homoglyph_ascii_key() {
        bits |= bit(Step::Homoglyphs);
    }
    bits
}

/// Characters beyond ASCII already asked about, each with a yes or no: whether it is a
/// combining mark ([`wide_plan`]), a leet character ([`leet_pair`]).  A run of one emoji
/// and its skin tone (`🖕🏿🖕🏿…`) alternates two characters, and each was asked again:
/// eight searches of the Unicode tables, two of the leet table.
///
/// WHY ASKING ONCE IS ENOUGH. Whether a character is a mark or a leet character is a
/// function of the character alone.  For [`wide_bits`]: the bits only grow during the
/// pass, and
/// `wide_bits(c, K)` asks only the questions whose bit is clear in `K`: after `c` was
/// asked with `K0`, every step `c` sets is in `bits | known` (it was either in `K0` or
/// returned), so asking again with any later `K ⊇ K0` returns bits already set (the
/// emoji step's bit once sure is not asked again; a lone keycap returns the bit it
/// returned the first time).
///
/// One slot per value of the character's last four bits (direct-mapped): another
/// character in the slot replaces it, and is asked again when it comes back; the text
/// does not choose how much is kept, and a miss costs what every character cost before.
struct CharMemo {
    slots: [(Cp, bool); 16],
}

impl Default for CharMemo {
    fn default() -> Self {
        // `Cp::MAX` is no code point: an empty slot matches no character.
        CharMemo {
            slots: [(Cp::MAX, false); 16],
        }
    }
}

impl CharMemo {
    /// The answer kept for `c`, if it was asked about (and is still kept).
    fn get(&self, c: Cp) -> Option<bool> {
        let (k, mark) = self.slots[c as usize & 15];
        (k == c).then_some(mark)
    }

    fn note(&mut self, c: Cp, answer: bool) {
        self.slots[c as usize & 15] = (c, answer);
    }
}

/// `leet`'s condition: a leet character followed by a letter (an `@` opening a handle
/// aside, see [`a_handle`]), or a letter followed by `$`; asked only where a leet
/// character, a `$` or a character beyond ASCII stands.
fn leet_pair(text: &[Cp], tables: &Tables) -> bool {
    // A Latin-1 character that is no leet character is not stopped at: there `leet` is
    // false and it is no `$` or `@`, so nothing below can answer yes or note a mention
    // (its neighbours, read from the text, are read the same from theirs).
    let classes = tables.plan_classes();
    let hit = |c: Cp| classes[c.min(0x100) as usize] & u32::from(LEET | WIDE) != 0;
    // A character beyond ASCII counts as a letter, but general punctuation and emoji
    // that are no leet characters ([`is_inert_wide`]: no letter to the step, which
    // reads them as an ASCII symbol): a tweet's `!”` or `4😂`.
    //
    // Only in a comment of ordinary length ([`SKIPS_PAIRS_UP_TO`]): a long one has a
    // pair that counts somewhere, and each pair told apart made its search go further,
    // in each of the plans a long comment asks of the leet step again.
    let short = text.len() <= SKIPS_PAIRS_UP_TO;
    let inert = |c: Cp| short && is_inert_wide(c, tables);
    let letter = |i: usize| {
        text.get(i)
            .is_some_and(|&c| ascii_letter(c) || c >= 0x80 && !inert(c))
    };
    // The end of the last mention found (opened at the start or after a character that
    // is no character of a word nor of a leet run: an ASCII one that is no leet
    // character, or an inert one, as in `“@user` or `😂@user`): a pair inside one is
    // inside the word the leet step makes of it, and the step rewrites no word that
    // overlaps a mention (`patterns::protected_spans`).
    let mut mention_end = 0;
    let mut urls = UrlCursor::default();
    let mut leet_seen = CharMemo::default();
    let mut p = 0;
    while let Some(at) = find_from(text, p, hit) {
        let c = text[at];
        if c == 0x40 && (at == 0 || opens_no_word(text[at - 1], short, tables)) {
            if let Some(e) = mention_at(text, at) {
                mention_end = e;
            }
        }
        let lowered = if (c as u8).is_ascii_uppercase() && c < 0x80 {
            c + 32
        } else {
            c
        };
        // Beyond ASCII, lowering changes nothing, and the answer is a function of `c`.
        let leet = if c < 0x80 {
            tables.is_leet(c) || tables.is_leet(lowered)
        } else if let Some(leet) = leet_seen.get(c) {
            leet
        } else {
            let leet = tables.is_leet(c);
            leet_seen.note(c, leet);
            leet
        };
        let pair = (leet
            && letter(at + 1)
            && at + 1 >= mention_end
            && !(c == 0x40 && a_handle(text, at + 1, short, tables)))
            || (c == 0x24 && at > 0 && letter(at - 1));
        // A pair whose leet character or `$` lies in a URL (`t.co/R37c`) does not
        // count: the word that holds it overlaps the URL ([`UrlCursor`]).
        if pair && !(short && urls.holds(text, at)) {
            return true;
        }
        p = at + 1;
    }
    false
}

/// The URLs of a text, found one after another as `patterns::protected_spans` finds
/// them (`url_spans`), only as far as asked: whether a position, asked in order, lies
/// in one.  Most of a tweet's leet pairs are a URL's digits before its letters
/// (`http://t.co/R37c`); the leet step rewrites no word that overlaps a URL, and a word
/// it rewrites holds the leet character (or the `$`) of the pair its rule reads, so a
/// pair there gives the step nothing to do.  A URL of the text as typed is one of the
/// text with its capitals lowered too (its opening is lower-case letters and
/// punctuation, its end the first character of `url_stop`, none a letter), or lies
/// inside one found from an opening lowering makes: the plan covers the lowered text.
#[derive(Default)]
struct UrlCursor {
    /// Where the search for the next URL resumes.
    from: usize,
    /// The last URL found (empty before the first).
    last: (usize, usize),
}

impl UrlCursor {
    /// Whether `at` (at or after every position asked before) lies in a URL.
    fn holds(&mut self, text: &[Cp], at: usize) -> bool {
        while self.from <= at {
            let Some(h) = find_from(text, self.from, |c| c == 0x68 || c == 0x77) else {
                self.from = usize::MAX;
                break;
            };
            if h > at {
                // The search resumes there: the next URL cannot open before it.
                self.from = h;
                break;
            }
            match url_at(text, h, u::rx_space) {
                Some(e) => {
                    self.last = (h, e);
                    self.from = e;
                }
                None => self.from = h + 1,
            }
        }
        self.last.0 <= at && at < self.last.1
    }
}

fn ascii_letter(c: Cp) -> bool {
    (c | 0x20).wrapping_sub(0x61) < 26
}

/// Whether `c`, before an `@`, is no character of a word nor of a leet run to the leet
/// step: an ASCII character that is no leet character, or an inert one
/// ([`is_inert_wide`]).
fn opens_no_word(c: Cp, short: bool, tables: &Tables) -> bool {
    if c < 0x80 {
        !tables.is_leet(c)
    } else {
        short && is_inert_wide(c, tables)
    }
}

/// The longest text whose leet pairs [`leet_pair`] tells apart when they give the step
/// nothing (after an inert character, in a URL): a tweet many times over.  Telling
/// fewer apart is sound (each only clears a bit that would be set).
const SKIPS_PAIRS_UP_TO: usize = 2_000;

/// `split_letters`' and `stretched`'s conditions, over every three characters in a row,
/// for the steps of `want` (one or both): a cheap test shared by the two first
/// ([`may_run`]), eight windows at a time without a branch, the exact one only at the
/// windows where it passed.  A plan made again after `split_letters` ran asks
/// `stretched` alone, and then only its exact test is run.
fn runs_plan(text: &[Cp], tables: &Tables, want: u16) -> u16 {
    if want & bit(Step::SplitLetters) == 0 {
        return windows_plan(text, |i| stretched_at(text, i, tables));
    }
    if want & bit(Step::Stretched) == 0 {
        return windows_plan(text, |i| split_at(text, i, tables));
    }
    windows_plan(text, |i| {
        stretched_at(text, i, tables) | split_at(text, i, tables)
    })
}

/// The bits `exact` gives at the end of each window of three characters where
/// [`may_run`] (necessary for `exact` to give any) passes.  The cheap test of up to 64
/// windows is written a byte a window (a loop the compiler runs several windows a
/// step, without a branch), then read eight bytes at a time: `exact` is asked only at
/// the windows that passed, and in ordinary text few windows have their first and
/// third characters alike.
fn windows_plan(text: &[Cp], exact: impl Fn(usize) -> u16) -> u16 {
    const CHUNK: usize = 64;
    let n = text.len();
    let mut bits = 0;
    let mut lanes = [0u8; CHUNK];
    let mut i = 0;
    while i + 2 < n {
        let m = (n - 2 - i).min(CHUNK);
        let (firsts, thirds) = (&text[i..i + m], &text[i + 2..i + 2 + m]);
        for ((lane, &a), &c) in lanes[..m].iter_mut().zip(firsts).zip(thirds) {
            *lane = u8::from(may_run(a, c));
        }
        // The bytes past the chunk's `m` windows (left from an earlier chunk) cleared up
        // to the end of the last word read.
        let words = m.div_ceil(8);
        lanes[m..8 * words].fill(0);
        for (w, word) in lanes.as_chunks::<8>().0[..words].iter().enumerate() {
            // A byte a window, 0 or 1: the lowest set bit is the first window that passed.
            let mut passed = u64::from_le_bytes(*word);
            while passed != 0 {
                bits |= exact(i + 2 + 8 * w + passed.trailing_zeros() as usize / 8);
                passed &= passed - 1;
            }
        }
        i += m;
    }
    bits
}

/// The cheap test of a window `a, _, c`, necessary for both exact tests: the first and
/// the third characters equal but for case, or the third a character that may be a
/// combining mark (U+0300 on, [`may_be_mark`]).  `stretched` needs three of one letter
/// but for case ([`stretched_at`]: `a ^ c` is then `0` or `0x20`); `split_letters` a
/// separator, then the same one or a mark two further ([`split_at`]).
#[inline(always)]
fn may_run(a: Cp, c: Cp) -> bool {
    ((a ^ c) & !0x20 == 0) | may_be_mark(c)
}

/// `stretched`'s exact condition for the three characters ending at `i`.
#[inline(always)]
fn stretched_at(text: &[Cp], i: usize, tables: &Tables) -> u16 {
    let (a, b, c) = (text[i - 2], text[i - 1], text[i]);
    if ((a ^ b) | (b ^ c)) & !0x20 == 0 {
        let (k, lowered) = class_at(text, Some(i), tables);
        let same = |j: usize| class_at(text, Some(j), tables).1 == lowered;
        // A run of one emoji (`😂😂😂`) is no run of a letter.
        if k & LETTER != 0 && !is_pictograph(lowered) && same(i - 1) && same(i - 2) {
            return bit(Step::Stretched);
        }
    }
    0
}

/// `split_letters`' exact condition for the three characters ending at `i` (inlined:
/// most windows fail its first compares, and a call for each cost more than them).
/// A pictograph ([`is_pictograph`]: no letter, no mark) is neither the middle letter
/// nor a mark after it: a tweet's emoji after a space (` 😂👌`) opened the step, whose
/// own search then read the whole tweet with the Unicode classes.
///
/// The third character is the separator after the middle letter, or the first of the
/// marks between them (`steps::split_at` reads a letter, its marks, then the
/// separator): a character beyond ASCII there counts only when it may be a mark
/// ([`may_be_mark`]).  A French sentence's `dé`, `ré`, `lé` after a space (the window
/// space, letter, Latin-1 letter) then no longer opens the step, whose own search read
/// the whole sentence and found nothing.
#[inline(always)]
fn split_at(text: &[Cp], i: usize, tables: &Tables) -> u16 {
    let (a, b, c) = (text[i - 2], text[i - 1], text[i]);
    if (c == a || may_be_mark(c) && !is_pictograph(c))
        && matches!(a, 0x20 | 0x2E | 0x2D | 0x5F)
        && (b >= 0x80 && !is_pictograph(b) || ascii_letter(b))
        && spelled_out(text, i, tables)
    {
        return bit(Step::SplitLetters);
    }
    0
}

/// The class of `text[i]` as the plan sees it (lowered; `WIDE | LETTER` beyond ASCII;
/// `0` outside the text), and the character lowered.
fn class_at(text: &[Cp], i: Option<usize>, tables: &Tables) -> (u8, Cp) {
    match i.and_then(|i| text.get(i)) {
        None => (0, Cp::MAX),
        Some(&raw) if raw >= 0x80 => (WIDE | LETTER, raw),
        Some(&raw) => {
            let k = CLASS[raw as usize];
            let c = if k & UPPER != 0 { raw + 32 } else { raw };
            let leet = tables.is_leet(c) || tables.is_leet(raw);
            (if leet { k | LEET } else { k }, c)
        }
    }
}

/// Whether the `@` before `text[i]` opens a handle the leet step leaves alone: nothing
/// that could end a leet run or a word before it (no letter, no leet character, nothing
/// beyond ASCII but an inert character, [`is_inert_wide`], in a text of ordinary
/// length, `short`), and three ASCII letters or digits after it, not all one letter.  Then
/// its run is no run inside a word, nor one at a word's end, and opening the word it
/// has three letters or more after it (a run of one letter counts two at most:
/// `leet_word` counts letters as the stretched step will leave them), which
/// `leet_word` leaves as typed; a rewrite of another run of the word is found at
/// that run's own pair.
fn a_handle(text: &[Cp], i: usize, short: bool, tables: &Tables) -> bool {
    let (before, b) = class_at(text, i.checked_sub(2), tables);
    let inert = short && before & WIDE != 0 && is_inert_wide(b, tables);
    if before & (LETTER | LEET | WIDE) != 0 && !inert {
        return false;
    }
    let next: [(u8, Cp); 3] = [0, 1, 2].map(|d| class_at(text, Some(i + d), tables));
    // A digit counts only as a leet character (a table of one's own may have none).
    let alnum = |(k, c): (u8, Cp)| {
        k & WIDE == 0 && (k & LETTER != 0 || (k & LEET != 0 && (0x30..=0x39).contains(&c)))
    };
    next.iter().all(|&x| alnum(x)) && !(next[0].1 == next[1].1 && next[1].1 == next[2].1)
}

/// Whether `text[i - 2..=i]` (separator, letter, separator) may be the middle of a run
/// of letters spelled out (`split_letters`, `steps::split_at`): the letter before the
/// first separator stands alone (no letter, digit, `*` or leet character before it) and
/// a letter or a digit follows the second.  A separator of several spaces, or a
/// character beyond ASCII in those places (a mark, a letter), is let through.
fn spelled_out(text: &[Cp], i: usize, tables: &Tables) -> bool {
    // Most windows asked are a word of one letter in a sentence ("is a "): the letter
    // before the first separator ends a longer word, so it does not stand alone.  Read
    // from the characters alone, without the tables: ASCII letters are `LETTER`
    // whatever the leet table says, and an ASCII separator is no `WIDE` (the first tests
    // of `spelled_out_by_classes`).
    if text[i] < 0x80 && i >= 4 && ascii_letter(text[i - 3]) && ascii_letter(text[i - 4]) {
        return false;
    }
    spelled_out_by_classes(text, i, tables)
}

/// [`spelled_out`] read from the classes of the characters ([`class_at`]).
fn spelled_out_by_classes(text: &[Cp], i: usize, tables: &Tables) -> bool {
    let at = |d: usize| class_at(text, i.checked_sub(d), tables);
    let digit = |c: Cp| (0x30..=0x39).contains(&c);
    let (sep, _) = at(0);
    let (first, _) = at(3);
    if sep & WIDE != 0 || first & (SEP | WIDE) != 0 {
        return true;
    }
    if first & LETTER == 0 {
        return false;
    }
    let (open, o) = at(4);
    if open & WIDE == 0 && (open & (LETTER | LEET) != 0 || digit(o) || o == 0x2A) {
        return false;
    }
    let (third, c) = class_at(text, Some(i + 1), tables);
    third & (LETTER | WIDE) != 0 || digit(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::work::Work;
    use crate::normalize::{change_of, normalize_every_step, normalize_with, run_step, Config};
    use proptest::prelude::*;
    use std::sync::Arc;

    /// Characters each step looks for, and their neighbours: letters of both cases,
    /// separators, leet characters, masks, controls, marks, look-alikes, apostrophes,
    /// ligatures, emoji and their glue, a lone surrogate.
    const POOL: &[Cp] = &[
        0x61, 0x62, 0x65, 0x66, 0x69, 0x6B, 0x6F, 0x73, 0x74, 0x75, 0x41, 0x46, 0x4B, 0x53, 0x20,
        0x2E, 0x2D, 0x5F, 0x27, 0x60, 0x30, 0x31, 0x33, 0x34, 0x35, 0x40, 0x24, 0x21, 0x2A, 0x23,
        0x3A, 0x2F, 0x0A, 0x09, 0x00, 0x0B, 0x7F, 0x85, 0xA0, 0xA9, 0xAD, 0xB4, 0xDF, 0xE9, 0xE8,
        0xE7, 0x153, 0x130, 0x17F, 0x212A, 0x301, 0x308, 0x351, 0x20E3, 0x200B, 0x200D, 0x2060,
        0xFEFF, 0x202E, 0xFE0F, 0x2019, 0x2018, 0x2BC, 0x2032, 0x20AC, 0x455, 0x43E, 0x430, 0x440,
        0x3BF, 0xFF46, 0x1D41F, 0xFB01, 0x2460, 0x1F595, 0x1F3FD, 0x1F1EB, 0x1F1F7, 0x1F3F4,
        0xE0067, 0xE007F, 0x203C, 0xD800, 0x1100, 0x1161, 0x1BB,
    ];

    /// A few characters, so that handles, letters spelled out and runs come up often.
    const DENSE: &[Cp] = &[
        0x61, 0x62, 0x41, 0x20, 0x2E, 0x40, 0x24, 0x31, 0x2A, 0x23, 0xE9, 0x2019, 0x301,
    ];

    /// What a clean fold of the accents turns on, and its neighbours
    /// (`the_plan_changes_no_answer_on_folded_latin`).
    const FOLDED_LATIN: &[Cp] = &[
        0x61, 0x65, 0x45, 0x49, 0x20, 0x2E, 0x27, 0x60, 0x31, 0x24, 0xE9, 0xC9, 0x26A, 0x280,
        0x153, 0x2019, 0x301, 0xDF, 0x1BB, 0x2BC, 0x40, 0x66,
    ];

    fn text() -> impl Strategy<Value = Vec<Cp>> {
        let one = prop_oneof![
            8 => proptest::sample::select(POOL),
            1 => any::<char>().prop_map(|c| c as Cp),
        ];
        prop_oneof![
            proptest::collection::vec(one, 0..24),
            proptest::collection::vec(proptest::sample::select(DENSE), 0..10),
            spelled(),
            handle(),
        ]
    }

    fn pick(options: &'static [&'static str]) -> impl Strategy<Value = Vec<Cp>> {
        proptest::sample::select(options).prop_map(|s| s.chars().map(|c| c as Cp).collect())
    }

    /// Letters spelled out, with what may stand before, between and after them.
    fn spelled() -> impl Strategy<Value = Vec<Cp>> {
        const OPEN: &[&str] = &[
            "", " ", "\u{2019}", "'", "🖕", "é", "1", "*", "@", "#", "a", "l'",
        ];
        const LETTER: &[&str] = &[
            "a", "b", "A", "é", "e\u{301}", "1", "3", "ab", "œ", "ß", "\u{2019}", "`",
        ];
        const SEP: &[&str] = &[" ", "  ", ".", "-", "_", "\u{301} "];
        (
            pick(OPEN),
            proptest::collection::vec((pick(LETTER), pick(SEP)), 1..4),
            pick(LETTER),
        )
            .prop_map(|(open, pairs, last)| {
                let mut t = open;
                for (l, sep) in pairs {
                    t.extend(l);
                    t.extend(sep);
                }
                t.extend(last);
                t
            })
    }

    /// An `@` with what may stand before and after it.
    fn handle() -> impl Strategy<Value = Vec<Cp>> {
        const BEFORE: &[&str] = &["", " ", "a", "1", "@", "\u{2019}", "é", "$", "x4"];
        const AFTER: &[&str] = &["a", "b", "A", "1", "3", " ", "é", "$", "!", "ss", "aaa"];
        (pick(BEFORE), proptest::collection::vec(pick(AFTER), 1..5)).prop_map(|(b, after)| {
            let mut t = b;
            t.push(0x40);
            t.extend(after.into_iter().flatten());
            t
        })
    }

    /// Pieces of a tweet, glued with or without a space: mentions after curly quotes
    /// and emoji, URLs (one in capitals, one cut short), digits before letters,
    /// `!` before quotes and emoji, runs of one emoji or letter, letters spelled out
    /// between emoji.
    fn tweet() -> impl Strategy<Value = Vec<Cp>> {
        const PIECES: &[&str] = &[
            "\u{201C}@ab1c:",
            "\u{201C}@z0mm",
            "😂@user_4",
            "\u{2026}@ab",
            "@a",
            "@4ab",
            "\u{201D}",
            "\u{201C}",
            "😂",
            "😂😂😂",
            "👌",
            "\u{FE0F}",
            "!",
            "!!",
            "1",
            "12th",
            "b1tch",
            "a$$",
            "$h",
            "http://t.co/R37c",
            "https://t.co/a1b",
            "www.x1a",
            "HTTP://t.co/3ab",
            "http://",
            "\"",
            "rt",
            "a",
            "I",
            "ooo",
            " a ",
            ".",
            "-",
            "_",
            "é",
            "\u{2019}",
            "4",
            "e",
            "s",
            "x",
            "3",
            "@",
            "#",
            "*",
        ];
        let piece = (pick(PIECES), any::<bool>());
        proptest::collection::vec(piece, 1..8).prop_map(|pieces| {
            let mut t = Vec::new();
            for (p, space) in pieces {
                t.extend(p);
                if space {
                    t.push(0x20);
                }
            }
            t
        })
    }

    /// Tables whose leet characters are the bundled ones and curly quotes and an emoji
    /// (so that these are no inert characters, `steps::is_inert_wide`).
    fn wide_leet_tables() -> Arc<Tables> {
        let mut tables = Tables::parse(
            "[leet]\n\"1\" = \"i\"\n\"4\" = \"a\"\n\"$\" = \"s\"\n\"@\" = \"a\"\n\"!\" = \"i\"\n",
        )
        .expect("a leet table");
        for c in [0x201C, 0x201D, 0x1F602] {
            tables.leet.insert(c, 0x61);
        }
        Arc::new(tables)
    }

    /// Latin-1 characters among ASCII letters, separators, leet characters and a few
    /// others beyond Latin-1 (a mark, `œ`, `’`, an emoji, a Cyrillic letter).
    fn latin1_mix() -> impl Strategy<Value = Cp> {
        const ASCII: &[Cp] = &[
            0x61, 0x41, 0x65, 0x6C, 0x20, 0x2E, 0x2D, 0x27, 0x60, 0x40, 0x24, 0x31, 0x33, 0x0B,
        ];
        const OTHER: &[Cp] = &[0x301, 0x153, 0x2019, 0x1F602, 0x430];
        prop_oneof![
            4 => 0x80u32..0x100,
            4 => proptest::sample::select(ASCII),
            1 => proptest::sample::select(OTHER),
            1 => any::<char>().prop_map(|c| c as Cp),
        ]
    }

    /// Tables where Latin-1 characters are leet characters (`£`, `¡`) and look-alikes
    /// (`ø`, `é`), and an ASCII character a look-alike (`|`).
    fn latin1_tables() -> Arc<Tables> {
        let source =
            "[leet]\n\"1\" = \"i\"\n\"$\" = \"s\"\n\"\u{a3}\" = \"e\"\n\"\u{a1}\" = \"i\"\n\
                      [homoglyphs]\n\"\u{f8}\" = \"o\"\n\"\u{e9}\" = \"e\"\n\"|\" = \"l\"\n";
        let tables = Tables::parse(source).expect("Latin-1 tables");
        assert!(tables.is_leet(0xA3) && tables.homoglyph_ascii_key());
        Arc::new(tables)
    }

    /// [`wide_plan`] asking about every character beyond ASCII (the reference).
    fn wide_plan_asking_all(text: &[Cp], tables: &Tables, known: u16) -> u16 {
        let mut bits = 0;
        let (mut last, mut marks) = (usize::MAX, 0);
        for (at, &c) in text.iter().enumerate().filter(|(_, &c)| c >= 0x80) {
            bits |= wide_bits(c, tables, bits | known);
            marks = match (u::rx_mark(c), last.wrapping_add(1) == at) {
                (false, _) => 0,
                (true, true) => marks + 1,
                (true, false) => 1,
            };
            if marks >= 3 {
                bits |= bit(Step::Zalgo);
            }
            last = at;
        }
        if (bits | known) & bit(Step::Homoglyphs) == 0
            && tables.homoglyphs.keys().any(|&k| k < 0x80)
        {
            bits |= bit(Step::Homoglyphs);
        }
        bits
    }

    fn tables() -> Arc<Tables> {
        Tables::shared()
    }

    /// `t` folded with every step on gives, with the plan, what running every step gives:
    /// text, steps, offset map and squeezed letters.
    fn folds_as_every_step(t: &[Cp], tables: &Arc<Tables>) -> Result<(), TestCaseError> {
        let fast = normalize_with(t, Config::ALL, tables);
        let slow = normalize_every_step(t, Config::ALL, tables);
        prop_assert_eq!(&fast.text, &slow.text, "{:X?}", t);
        prop_assert_eq!(&fast.steps, &slow.steps, "{:X?}", t);
        prop_assert_eq!(&fast.layers, &slow.layers);
        prop_assert_eq!(&fast.stretched, &slow.stretched);
        Ok(())
    }

    /// Each of `steps`, run alone on `t`, fires only when `p` says it may (and the emoji
    /// step fires when `p` says it surely will).
    fn covers(p: Plan, t: &[Cp], steps: &[Step], tables: &Tables) -> Result<(), TestCaseError> {
        for &step in steps {
            let mut work = Work::new(t);
            let fired = run_step(step, &mut work, tables);
            if fired {
                prop_assert!(p.may(step), "{step:?} fired on {t:X?}, plan {p:?}");
            }
            if step == Step::Emoji {
                prop_assert!(fired || !p.emoji_fires(), "no emoji in {t:X?}");
            }
        }
        Ok(())
    }

    /// The kept pages' answers are what the Unicode tables give: for every character
    /// of Latin-1 whatever is known, and for every character of every page with
    /// nothing known, all known, each bit alone known and each bit alone not known
    /// (the known bits only mask the answer, the same for every character).
    #[test]
    fn the_kept_pages_answer_as_the_unicode_tables() {
        let check = |c: Cp, known: u16| {
            for known in [known, known | SURE_EMOJI] {
                let page = page_of(c).expect("a kept page");
                assert_eq!(
                    kept_bits(c, page, known),
                    unicode_bits(c, known),
                    "{c:X} {known:b}"
                );
            }
        };
        for c in 0x80..0x100 {
            for known in 0..(1u16 << 11) {
                check(c, known);
            }
        }
        let pages = (0x80..0x100).chain(0x2000..0x2800).chain(0x1F300..0x1FB00);
        let mut knowns = vec![0, STEPS];
        knowns.extend(Step::ALL.map(bit));
        knowns.extend(Step::ALL.map(|s| STEPS & !bit(s)));
        for c in pages {
            for &known in &knowns {
                check(c, known);
            }
        }
        assert_eq!(page_of(0xFF), Some(0));
        assert_eq!(page_of(0x100), None);
        assert_eq!(page_of(0x1FB00), None);
        assert_eq!(page_of(0x1F2FF), None);
        assert_eq!(page_of(0x2800), None);
    }

    /// `accents` puts in only ASCII letters and `'` ([`reopened_by`] counts on it):
    /// every Latin letter it folds folds to ASCII letters; and every one it folds to a
    /// capital is one case folding changes (`FOLDED_CLEAN_KEEPS_CLOSED` counts on it).
    #[test]
    fn accents_puts_in_only_letters_and_an_apostrophe() {
        let mut capitals = 0;
        for c in 0x80..0x11_0000 {
            if let Some(folded) = u::fold_latin(c) {
                assert!(folded.iter().all(|&f| ascii_letter(f)), "{c:X}");
                if folded.iter().any(|f| (0x41..=0x5A).contains(f)) {
                    assert!(u::casefold(c).is_some(), "{c:X}");
                    capitals += 1;
                }
            }
        }
        // Not a vacuous check: `É` folds to `E`.
        assert!(capitals > 0);
    }

    /// What a clean fold puts in reads to `mention_at` as what it replaced: a Latin
    /// letter folded to one letter is a letter or number as that letter is, and every
    /// apostrophe folded but `ʼ` (left out of a clean fold) is neither, as `'` is not
    /// (`FOLDED_CLEAN_KEEPS_CLOSED`, `leet`).
    #[test]
    fn a_clean_fold_reads_to_a_mention_as_before() {
        let handle = |c: Cp| u::rx_letter(c) || u::rx_number(c);
        for c in 0x80..0x11_0000 {
            if let Some(&[f]) = u::fold_latin(c) {
                assert_eq!(handle(c), handle(f), "{c:X}");
            }
        }
        for c in [0x2018, 0x2019, 0xB4, 0x60, 0x2032, 0x27] {
            assert!(!handle(c), "{c:X}");
        }
        assert!(handle(0x2BC));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// The plan never says "nothing to do" to a step that would fire: each step,
        /// run alone on the text, fires only when its bit is set (and the emoji step
        /// fires when the plan says it will).
        #[test]
        fn a_clear_bit_means_the_step_does_nothing(t in text()) {
            let tables = tables();
            let p = plan(&t, &tables);
            covers(p, &t, &Step::ALL, &tables)?;
        }

        /// Asking some steps gives their bits of the whole plan (and whether case
        /// folding only lowers ASCII capitals when it is asked, whether the emoji step
        /// surely fires when it is).
        #[test]
        fn asking_some_steps_gives_their_bits(t in text(), ask in 0u16..(1 << 11)) {
            let tables = tables();
            let whole = plan(&t, &tables);
            let some = answer(&t, &tables, ask);
            let sure = if ask & bit(Step::Emoji) != 0 { SURE_EMOJI } else { 0 };
            prop_assert_eq!(some.bits, whole.bits & (ask | sure), "{:X?}", t);
            if ask & bit(Step::Casefold) != 0 {
                prop_assert_eq!(some.folds_ascii_only, whole.folds_ascii_only);
            }
        }

        /// A step that fired makes true no condition that was false but those of the
        /// steps it reopens ([`reopened_by`]); case folding that only lowered ASCII
        /// capitals leaves its own false.
        #[test]
        fn a_clear_bit_stays_clear_unless_reopened(t in text()) {
            let tables = tables();
            let before = plan(&t, &tables);
            for step in Step::ALL {
                let mut work = Work::new(&t);
                let lowered = step == Step::Casefold && before.folds_ascii_only;
                let fired = if lowered {
                    crate::normalize::steps::lower_capitals(&mut work)
                } else {
                    run_step(step, &mut work, &tables)
                };
                if !fired {
                    continue;
                }
                let after = plan(work.text(), &tables);
                let new = after.bits & !before.bits & STEPS;
                let change = change_of(step, lowered, &work, &tables);
                prop_assert_eq!(new & !reopened_by(step, change), 0, "{:?} on {:X?}", step, t);
                if lowered {
                    prop_assert!(!after.may(Step::Casefold));
                }
            }
        }

        /// Through every round, the plan carried and narrowed never says "nothing to do"
        /// where a whole plan of the text as it is then says a step may fire, and the
        /// answers it trusts (case folding only lowers ASCII capitals, the emoji step
        /// surely fires) are those of the whole plan.
        #[test]
        fn the_narrowed_plan_covers_a_whole_plan(t in text(), bits in 0u16..(1 << 11)) {
            let tables = tables();
            for config in [Config::ALL, Config(bits)] {
                let mut work = Work::new(&t);
                let mut planner = Planner::new(work.text(), &tables);
                for round in 0..4 {
                    if round > 0 {
                        planner.start_round();
                    }
                    let mut reopened = false;
                    for step in Step::ALL.into_iter().filter(|&s| config.has(s)) {
                        let whole = plan(work.text(), &tables);
                        let may = planner.may(step, work.text(), &tables);
                        // A clear bit the whole plan sets must be one whose step would
                        // not fire (`FOLDED_CLEAN_KEEPS_CLOSED`: `accents` after a clean
                        // fold that left a letter it does not fold).
                        let idle = || !run_step(step, &mut Work::new(work.text()), &tables);
                        prop_assert!(may || !whole.may(step) || idle(), "{:?} on {:X?}", step, t);
                        if !may {
                            continue;
                        }
                        let lowered = step == Step::Casefold && planner.folds_ascii_only();
                        prop_assert!(!lowered || whole.folds_ascii_only);
                        let sure = step == Step::Emoji && planner.emoji_fires();
                        prop_assert!(!sure || whole.emoji_fires());
                        let fired = if lowered {
                            crate::normalize::steps::lower_capitals(&mut work)
                        } else {
                            run_step(step, &mut work, &tables)
                        };
                        if fired {
                            planner.fired(step, change_of(step, lowered, &work, &tables));
                            reopened |= step > Step::Zalgo && step != Step::Emoji;
                        }
                    }
                    if !reopened {
                        break;
                    }
                }
            }
        }

        /// After `accents` folded cleanly ([`Change::FoldedClean`]), it has nothing
        /// left to do, and case folding changes the text only if it changed it before
        /// (`FOLDED_CLEAN_KEEPS_CLOSED`); and a clean fold is one of a text without
        /// marks character for character, whose positions listed are those that
        /// changed.
        #[test]
        fn folding_cleanly_leaves_case_folding_and_accents_nothing_new(t in text()) {
            let tables = tables();
            let mut work = Work::new(&t);
            if !run_step(Step::Accents, &mut work, &tables) {
                return Ok(());
            }
            let Some(at) = work.folded_at.clone() else {
                return Ok(());
            };
            prop_assert!(!t.iter().any(|&c| u::rx_mark(c)), "{:X?}", t);
            prop_assert_eq!(work.text().len(), t.len());
            let changed: Vec<usize> = (0..t.len()).filter(|&i| work.text()[i] != t[i]).collect();
            prop_assert_eq!(&at, &changed, "{:X?}", t);
            let folded = work.text().to_vec();
            prop_assert!(!run_step(Step::Accents, &mut Work::new(&folded), &tables));
            let folds = |text: &[Cp]| run_step(Step::Casefold, &mut Work::new(text), &tables);
            prop_assert!(!folds(&folded) || folds(&t), "{:X?}", t);
        }

        /// Case folding a text where it only lowers ASCII capitals leaves every other
        /// bit of its plan as it was.
        #[test]
        fn a_plan_covers_the_text_with_its_capitals_lowered(t in text()) {
            let tables = tables();
            let p = plan(&t, &tables);
            if p.folds_ascii_only {
                let lower = |c: Cp| if c < 0x80 { Cp::from((c as u8).to_ascii_lowercase()) } else { c };
                let lowered: Vec<Cp> = t.iter().map(|&c| lower(c)).collect();
                let mut work = Work::new(&t);
                run_step(Step::Casefold, &mut work, &tables);
                prop_assert_eq!(work.text(), &lowered[..]);
                let q = plan(&lowered, &tables);
                for step in Step::ALL {
                    if step != Step::Casefold && q.may(step) {
                        prop_assert!(p.may(step), "{step:?} on {t:X?}");
                    }
                }
            }
        }

        /// Asking about each character beyond ASCII once ([`CharMemo`]) gives the bits that
        /// asking about every one of them gives, whatever is known beforehand (texts
        /// repeated so that characters come back after others took their slot).
        #[test]
        fn asking_once_gives_what_asking_every_character_gives(
            t in text(), times in 1usize..4, known in 0u16..(1 << 11), sure in any::<bool>()
        ) {
            let tables = tables();
            let t = t.repeat(times);
            let known = known | if sure { SURE_EMOJI } else { 0 };
            prop_assert_eq!(wide_plan(&t, &tables, known), wide_plan_asking_all(&t, &tables, known));
        }

        /// The windows' cheap test, read a chunk of 64 at a time, gives what the exact
        /// tests give asked at every window: on texts of several pieces, so that runs,
        /// spelled-out letters and characters beyond ASCII fall across the chunks and
        /// words, and at the end of a text's last partial chunk.
        #[test]
        fn the_windows_asked_give_what_every_window_gives(
            pieces in proptest::collection::vec(text(), 1..16), times in 1usize..4
        ) {
            let tables = tables();
            let t = pieces.concat().repeat(times);
            let (stretched, split) = (bit(Step::Stretched), bit(Step::SplitLetters));
            let every = |f: &dyn Fn(usize) -> u16| (2..t.len()).fold(0, |b, i| b | f(i));
            let stretched_every = every(&|i| stretched_at(&t, i, &tables));
            let split_every = every(&|i| split_at(&t, i, &tables));
            prop_assert_eq!(runs_plan(&t, &tables, stretched), stretched_every);
            prop_assert_eq!(runs_plan(&t, &tables, split), split_every);
            prop_assert_eq!(
                runs_plan(&t, &tables, stretched | split), stretched_every | split_every
            );
        }

        /// The shortcut of `spelled_out` (a letter after another before the first
        /// separator) answers as the classes do, at every position of every text.
        #[test]
        fn a_spelled_out_letter_is_told_as_by_the_classes(
            pieces in proptest::collection::vec(text(), 1..4)
        ) {
            let tables = tables();
            let t = pieces.concat();
            for i in 0..t.len() {
                prop_assert_eq!(
                    spelled_out(&t, i, &tables), spelled_out_by_classes(&t, i, &tables), "{}", i
                );
            }
        }

        /// Asking `runs_plan` for one of its two steps gives that step's bit of asking
        /// for both, and the classes of a text whose class steps are known say
        /// `WIDE` exactly when all its classes do (and `LEET` always); all its classes
        /// say `LEET` or `WIDE` exactly when the leet search has somewhere to stop.
        #[test]
        fn a_plan_asking_fewer_steps_gives_their_bits(t in text()) {
            let tables = tables();
            let (stretched, split) = (bit(Step::Stretched), bit(Step::SplitLetters));
            let both = runs_plan(&t, &tables, stretched | split);
            prop_assert_eq!(runs_plan(&t, &tables, stretched), both & stretched);
            prop_assert_eq!(runs_plan(&t, &tables, split), both & split);
            let all = classes_seen(&t, &tables, 0);
            let wide = if t.iter().any(|&c| c >= 0x80) { WIDE } else { 0 };
            prop_assert_eq!(classes_seen(&t, &tables, CLASS_STEPS), u32::from(wide | LEET));
            prop_assert_eq!(all & u32::from(WIDE) != 0, t.iter().any(|&c| c >= 0x100));
            // `LEET | WIDE` seen exactly when the leet search has a character to stop at.
            let stops = t.iter().any(|&c| match c {
                0..0x80 => tables.leet_or_dollar(c as u8),
                0x80..0x100 => tables.is_leet(c),
                _ => true,
            });
            prop_assert_eq!(all & u32::from(LEET | WIDE) != 0, stops);
        }

        /// A plan reads the bits of a text's Latin-1 characters from its classes
        /// ([`classes_with`]): they are what asking the Unicode tables about every
        /// character beyond ASCII gives ([`wide_plan_asking_all`]), and the pipeline
        /// gives what running every step gives, on text mixing ASCII, Latin-1 and other
        /// characters, with the bundled tables and with tables where Latin-1 characters
        /// are leet characters and look-alikes, and an ASCII character a look-alike.
        #[test]
        fn the_latin1_classes_answer_as_the_unicode_tables(
            t in proptest::collection::vec(latin1_mix(), 0..24), own in any::<bool>()
        ) {
            let tables = if own { latin1_tables() } else { tables() };
            let p = plan(&t, &tables);
            let asked = if t.iter().any(|&c| c >= 0x80) {
                wide_plan_asking_all(&t, &tables, 0)
            } else {
                0
            };
            let ascii = |class: u8| t.iter().any(|&c| c < 0x80 && CLASS[c as usize] & class != 0);
            let mut want = asked;
            for (class, step) in
                [(CONTROL, Step::Invisible), (UPPER, Step::Casefold), (TICK, Step::Accents)]
            {
                if ascii(class) {
                    want |= bit(step);
                }
            }
            prop_assert_eq!(p.bits & WIDE_STEPS, want & WIDE_STEPS, "{:X?}", t);
            prop_assert_eq!(p.folds_ascii_only, asked & bit(Step::Casefold) == 0);
            covers(p, &t, &Step::ALL, &tables)?;
            folds_as_every_step(&t, &tables)?;
        }

        /// Lowering the capitals in place lowers exactly the ASCII capitals, and says
        /// it fired exactly when there was one.
        #[test]
        fn lowering_capitals_lowers_them_all(t in text()) {
            let mut work = Work::new(&t);
            let fired = crate::normalize::steps::lower_capitals(&mut work);
            let lowered: Vec<Cp> =
                t.iter().map(|&c| if (0x41..=0x5A).contains(&c) { c + 32 } else { c }).collect();
            prop_assert_eq!(fired, t.iter().any(|c| (0x41..=0x5A).contains(c)));
            prop_assert_eq!(work.text(), &lowered[..]);
        }

        /// Folding the accents of a text without marks gives each character's folding
        /// (typographic apostrophes and the backtick to `'`, Latin letters beyond
        /// ASCII to theirs, everything else as it is): the ASCII characters copied
        /// without questions are those that fold to themselves.
        #[test]
        fn folding_accents_folds_each_character(t in text()) {
            let t: Vec<Cp> = t.into_iter().filter(|&c| !u::rx_mark(c)).collect();
            let mut want = Vec::new();
            for &c in &t {
                if matches!(c, 0x2018 | 0x2019 | 0x2BC | 0xB4 | 0x60 | 0x2032) {
                    want.push(0x27);
                } else if c >= 0x80 && u::rx_latin(c) {
                    match u::fold_latin(c) {
                        Some(f) => want.extend_from_slice(f),
                        None => want.push(c),
                    }
                } else {
                    want.push(c);
                }
            }
            let mut work = Work::new(&t);
            crate::normalize::steps::accents(&mut work);
            prop_assert_eq!(work.text(), &want[..]);
        }

        /// The pipeline gives what running every step gives on text made of what a clean
        /// fold of the accents ([`Change::FoldedClean`]) turns on: letters it folds to
        /// one letter (`é`, `É`, `ɪ`, `ʀ`) or to two (`œ`, `ß`), one it leaves (`ƻ`),
        /// capitals, apostrophes, a mark, and letters and symbols around them
        /// that other steps read (a run of one letter, a leet character, a separator).
        #[test]
        fn the_plan_changes_no_answer_on_folded_latin(
            t in proptest::collection::vec(proptest::sample::select(FOLDED_LATIN), 0..16),
        ) {
            folds_as_every_step(&t, &tables())?;
        }

        /// [`the_plan_changes_no_answer_on_folded_latin`] with a leet table where `'`
        /// stands for a letter (`Change::FoldedClean` then leaves `leet` open: `’a`
        /// folds to `'a`, a pair).
        #[test]
        fn the_plan_changes_no_answer_with_a_leet_apostrophe(
            t in proptest::collection::vec(proptest::sample::select(FOLDED_LATIN), 0..16),
        ) {
            let mut source = String::from("[leet]\n\"'\" = \"a\"\n");
            source.push_str("\"1\" = \"i\"\n\"$\" = \"s\"\n");
            let tables = Arc::new(Tables::parse(&source).expect("a leet table"));
            prop_assert!(tables.leet_letter_or_apostrophe());
            folds_as_every_step(&t, &tables)?;
        }

        /// On a tweet's pieces (`tweet`), with the bundled tables and with tables where
        /// curly quotes and an emoji are leet characters: each step fires only where
        /// the plan says it may, and the pipeline gives what running every step gives.
        #[test]
        fn the_plan_changes_no_answer_on_tweets(t in tweet()) {
            for tables in [tables(), wide_leet_tables()] {
                covers(plan(&t, &tables), &t, &Step::ALL, &tables)?;
                let lowered: Vec<Cp> = t.iter().map(|&c| if (0x41..=0x5A).contains(&c) { c + 32 } else { c }).collect();
                covers(plan(&t, &tables), &lowered, &Step::ALL, &tables)?;
                folds_as_every_step(&t, &tables)?;
            }
        }

        /// The URL cursor asked at every position in order says what the URLs of
        /// `patterns::protected_spans` say.
        #[test]
        fn the_url_cursor_finds_the_urls(t in tweet(), step in 1usize..4) {
            let spans = crate::normalize::patterns::url_spans(&t);
            let mut urls = UrlCursor::default();
            for at in (0..t.len() + 2).step_by(step) {
                let inside = spans.iter().any(|&(a, b)| a <= at && at < b);
                prop_assert_eq!(urls.holds(&t, at), inside, "{} in {:X?}", at, t);
            }
        }

        /// The pipeline with the plan gives what running every step gives: text, steps,
        /// offset map, squeezed letters and tokens, for any set of steps.
        #[test]
        fn the_plan_changes_no_answer(t in text(), bits in 0u16..(1 << 11)) {
            let tables = tables();
            for config in [Config::ALL, Config(bits)] {
                let fast = normalize_with(&t, config, &tables);
                let slow = normalize_every_step(&t, config, &tables);
                prop_assert_eq!(&fast.text, &slow.text);
                prop_assert_eq!(&fast.steps, &slow.steps);
                prop_assert_eq!(&fast.layers, &slow.layers);
                prop_assert_eq!(&fast.stretched, &slow.stretched);
                prop_assert_eq!(fast.tokens(), slow.tokens());
                for a in 0..=fast.text.len() {
                    for b in a..=fast.text.len() {
                        prop_assert_eq!(fast.to_original(a, b), slow.to_original(a, b));
                    }
                }
            }
        }
    }
}
