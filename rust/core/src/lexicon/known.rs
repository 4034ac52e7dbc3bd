//! What a masked or stretched token stands for when it is no term: the other words the
//! packs know (context words, identity words, function words, the words of phrases) and
//! the words of the languages' general lists.
//!
//! A mask hides a letter of *any* word, not only of an insult: in `I h*te wo*en` the
//! identity word and the verb of the phrase are masked too, and a scorer that reads only
//! masked terms loses the target the rule needs.  Likewise a stretched `peoooople` is
//! `people`, and `maaaais` is the French function word `mais` the language guess counts.

use super::{cp_len, letters_of, squeezed, FxMap, KeyMap, Lexicon, Scan, TokenList, GAP};
use crate::tagfilter::TagFilter;
use crate::words::Words;
use std::sync::OnceLock;

/// A mask may hide at most one letter in this many (`wo*en`: one of five): a word with
/// more of its letters hidden says too little to be read as one particular word.
const LETTERS_PER_MASK: usize = 3;

/// How far back a phrase covering a masked token may start, in tokens (the longest
/// phrases of the packs, gaps included, are about this long).
const PHRASE_REACH: usize = 8;

/// The most forms tried for one masked token against the phrases: the work per token is
/// bounded (a comment of masked tokens is scanned in linear time), and a mask that
/// fits more words than this says little about which one it hides.
const MAX_TRIED: usize = 16;

/// The pack words a mask may stand for, by (length, first letter), and every one of them
/// with the bit mask of the languages whose packs use it ([`pack_word_langs`]).
#[derive(Clone, Debug, Default)]
pub struct KnownForms {
    by_shape: FxMap<(usize, char), Vec<String>>,
    /// Hashed like the index ([`super::word_hash`]): the segmenter's gate asks it with
    /// the token's hash.
    all: KeyMap,
    /// The ends of every form a masked token may fit (see [`MaskEnds`]).
    ends: MaskEnds,
    /// The ends of every word of `all` and of the allow list: the words a filling of a
    /// masked glued token may be ([`Lexicon::fillings_may_be_pack_words`]); made when
    /// first asked, not with the rest: the segmenter's gate needs `all` in a process's
    /// first comments, and this filter only once a masked glued word is split (made with
    /// the rest, it was 2.3 M instructions of a fresh process's first ten comments).
    filled: OnceLock<TagFilter>,
}

/// Bits of [`MaskEnds`]' filter a form, in slots of [`TagFilter`]'s (eight bits each):
/// about one token in eight whose ends no form has still asks the forms.
const SLOTS_A_FORM: usize = 2;

/// A filter of the ends of every form [`Lexicon::masked_forms`] and
/// [`Lexicon::masked_words`] may give: the form's length in letters and its two first and
/// two last letters ([`ends_key`]).
///
/// Why: every masked token is asked both (in its lookup, and again against the phrases
/// around it), and each walks every form of the token's length and first letter, some
/// hundreds for a long one; a token glued of two words (`watching*ummer`, the worst case
/// of a comment of masked tokens) fits none of them.  A form fits a token only when
/// they have as many letters and every letter the token shows is the form's in its
/// place, so a token whose two first and two last letters are all shown shares its
/// ends' key with every form it fits: one probe of the filter answers "none fits" for
/// most of them.
///
/// Why it is exact: the filter holds the key of every form of both tables (`masked`,
/// the packs' term forms by length and first letter, and the known forms by shape), and
/// a [`TagFilter`] never refuses a key it holds.  A token with a masked letter among its
/// ends has no key and is let through; a form with a `*` among its ends fits only a
/// token with a `*` there, so it needs no key.  The `masked` table is filled by the
/// bindings: a form whose length is not its shape's (the fit compares the two letter by
/// letter and stops at the shorter) would break the argument, and then the filter is
/// left open (it lets every token through).
#[derive(Clone, Debug, Default)]
struct MaskEnds {
    filter: TagFilter,
    /// Every token let through: the filter proves nothing for these tables.
    open: bool,
}

impl MaskEnds {
    /// The filter of the forms of the lexicon's `masked` table and of `known`
    /// (the known forms' shapes).
    fn of(lex: &Lexicon, known: &FxMap<(usize, char), Vec<String>>) -> MaskEnds {
        let masked = lex.masked.iter().flat_map(|(&(size, _), forms)| {
            forms.iter().map(move |(form, _)| (size, form.as_str()))
        });
        let shaped = known
            .iter()
            .flat_map(|(&(size, _), forms)| forms.iter().map(move |f| (size, f.as_str())));
        let forms = || masked.clone().chain(shaped.clone());
        let open = forms().any(|(size, form)| cp_len(form) != size);
        let slots = forms().count() * SLOTS_A_FORM;
        let keys = forms().filter_map(|(_, form)| ends_key_of(form));
        MaskEnds {
            filter: TagFilter::build(slots, keys),
            open,
        }
    }

    /// Whether some form of the tables may fit `word` (false: none does).
    #[inline]
    fn may_fit(&self, word: &str) -> bool {
        self.open || ends_key_of(word).is_none_or(|key| self.filter.may_hold(key))
    }
}

/// The [`ends_key`] of a word's letters; `None` for fewer than three letters, or when
/// one of its two first or two last letters is a `*`.
fn ends_key_of(word: &str) -> Option<u64> {
    let mut letters = word.chars();
    let (a, b) = (letters.next()?, letters.next()?);
    let z = letters.next_back()?;
    // Three letters: the second is also the last but one.
    let (y, size) = match letters.next_back() {
        Some(y) => (y, 4 + letters.count()),
        None => (b, 3),
    };
    let ends = [a, b, y, z];
    (!ends.contains(&'*')).then(|| ends_key(size, ends))
}

/// A word's length in letters and its two first and two last letters, mixed so that
/// the filter's low bits depend on each of them.
fn ends_key(size: usize, ends: [char; 4]) -> u64 {
    let sum = ends.iter().fold(size as u64, |h, &c| {
        h.wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .wrapping_add(u64::from(u32::from(c)) + 1)
    });
    let mixed = (sum ^ (sum >> 32)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    mixed ^ (mixed >> 29)
}

/// Every language: the mask of a word some entry or phrase of no language uses.
const ANY_LANGUAGE: u32 = u32::MAX;

/// A language bit, or every language for bit 0 (a word, role or phrase of no language).
fn bit_or_any(bit: u32) -> u32 {
    if bit == 0 {
        ANY_LANGUAGE
    } else {
        bit
    }
}

/// The languages whose packs use each word of the packs (three letters or more): an
/// index key's function words, roles, terms (an identity word, or a key of nothing
/// else: every language), and
/// every token of each phrase with the phrase's language and its term's.  Read by the
/// segmenter, which may split a word known only to languages a comment is not in.
fn pack_word_langs(lex: &Lexicon) -> FxMap<&str, u32> {
    let mut out: FxMap<&str, u32> = FxMap::default();
    for (key, &e) in &lex.index {
        let e = &lex.entries[e as usize];
        let mut mask = e.langs;
        mask |= e.lang_roles.iter().fold(0, |a, &(b, _)| a | bit_or_any(b));
        mask |= e.terms.iter().fold(0, |a, &(t, _)| {
            a | bit_or_any(lex.terms[t as usize].lang_bit)
        });
        // A key that only starts phrases takes their languages (below).
        if e.identity || (mask == 0 && e.phrases.is_empty()) {
            mask = ANY_LANGUAGE;
        }
        *out.entry(key).or_insert(0) |= mask;
    }
    for p in 0..lex.phrases.len() {
        let phrase = &lex.phrases[p];
        let term = phrase.term.map_or(0, |t| lex.terms[t as usize].lang_bit);
        let mask = if phrase.identity {
            ANY_LANGUAGE
        } else {
            bit_or_any(phrase.lang_bit | term)
        };
        for token in lex.phrases.tokens(p as u32).iter() {
            *out.entry(token).or_insert(0) |= mask;
        }
    }
    out
}

impl KnownForms {
    /// The forms of a lexicon: its index keys and phrase tokens of three or more letters
    /// (emoji names left out), each shape's list in a fixed order: entries that say
    /// something (a term, an identity, a phrase) first, then the rest, each
    /// alphabetically.
    fn of(lex: &Lexicon) -> KnownForms {
        let mut says_of: FxMap<&str, bool> = FxMap::default();
        let keys = lex.index.iter().map(|(k, &e)| {
            let says = lex.entries[e as usize].says_something();
            (k, says)
        });
        let phrase_words = lex.phrases.all_tokens().map(|t| (t, false));
        for (word, says) in keys.chain(phrase_words) {
            if word == GAP || word.starts_with(':') || cp_len(word) < 3 {
                continue;
            }
            // An index key may also be a phrase token: it keeps its weight.
            *says_of.entry(word).or_insert(false) |= says;
        }
        // Each shape's words sorted apart (those that say something first, then the
        // rest, each alphabetically): the order one sort of them all gave each shape,
        // for the price of many short sorts rather than one of some 40,000 words, which
        // was half of what a fresh process's first comments cost (round 18).
        let mut shapes: FxMap<(usize, char), Vec<(bool, &str)>> = FxMap::default();
        for (word, says) in says_of {
            if let Some(first) = word.chars().next() {
                shapes
                    .entry((cp_len(word), first))
                    .or_default()
                    .push((!says, word));
            }
        }
        let langs = pack_word_langs(lex);
        let mut out = KnownForms::default();
        out.all.reserve(shapes.values().map(Vec::len).sum());
        for (shape, mut words) in shapes {
            words.sort_unstable();
            for &(_, word) in &words {
                let mask = langs.get(word).copied().unwrap_or(ANY_LANGUAGE);
                out.all.insert(word.to_owned(), mask);
            }
            let listed = words.into_iter().map(|(_, word)| word.to_owned()).collect();
            out.by_shape.insert(shape, listed);
        }
        out.ends = MaskEnds::of(lex, &out.by_shape);
        out
    }
}

/// A filter of the [`ends_key`] of every word of `all` (the packs' words) and of the
/// lexicon's allow list, [`SLOTS_A_FORM`] slots a word.  A word with fewer than three
/// letters or a `*` among its ends has no key and is left out: no filling a key is
/// asked for can be it ([`Lexicon::fillings_may_be_pack_words`]).
fn filled_ends(lex: &Lexicon, all: &KeyMap) -> TagFilter {
    let words = || all.keys().chain(lex.allow.iter().map(String::as_str));
    TagFilter::build(
        words().count() * SLOTS_A_FORM,
        words().filter_map(ends_key_of),
    )
}

impl Lexicon {
    /// The known forms, worked out once per lexicon (on first use: a lexicon is built
    /// field by field by the bindings).
    fn known_forms(&self) -> &KnownForms {
        self.known.get_or_init(|| KnownForms::of(self))
    }

    /// Every word [`Lexicon::is_pack_word`] answers yes for (the segmenter filters its
    /// questions by their prints).
    pub(crate) fn pack_words(&self) -> impl Iterator<Item = &str> + '_ {
        self.known_forms().all.keys()
    }

    /// Whether `word` (three letters or more) is a word of the packs: an index key or a
    /// word of a phrase, wherever it stands in it ("vomitare" of "mi fate vomitare").
    pub fn is_pack_word(&self, word: &str) -> bool {
        self.known_forms().all.contains_key(word)
    }

    /// [`Lexicon::is_pack_word`] with `word`'s [`super::word_hash`] worked out already.
    pub fn is_pack_word_hashed(&self, word: &str, hash: u64) -> bool {
        self.known_forms().all.contains_hashed(word, hash)
    }

    /// The bit mask of the languages whose packs use `word` (three letters or more) as
    /// a key or a phrase's word, every bit for a use of no language; 0 for no word of
    /// the packs: `morta` (of the Italian "morta di fame") is Italian.
    pub fn pack_word_langs(&self, word: &str) -> u32 {
        self.known_forms().all.get(word).copied().unwrap_or(0)
    }

    /// The pack word a masked token that fits no term stands for (`wo*en` -> `women`):
    /// masks inside the word only, same length, same first letter, the same letter wherever one is visible, at most
    /// one letter in [`LETTERS_PER_MASK`] hidden.  Ambiguity is settled by the fixed
    /// order of [`KnownForms`].
    pub fn masked_word(&self, word: &str) -> Option<&str> {
        self.masked_words(word).next()
    }

    /// Whether some form of [`Lexicon::masked_forms`] or [`Lexicon::masked_words`] may
    /// fit the masked token `word` (false: neither gives any).
    pub(super) fn mask_may_fit(&self, word: &str) -> bool {
        self.known_forms().ends.may_fit(word)
    }

    /// Whether one of the fillings of the mask at `at` of `letters` (a glued token's,
    /// its only `*` there) may be a word of the packs ([`Lexicon::is_pack_word`]) or of
    /// the allow list (false: none is).
    ///
    /// Why: the segmenter asks each of the 38 fillings of every masked glued token that
    /// splits whether it is such a word, and the packs' and the allow list's print
    /// filters let about one filling in five through to be spelled and looked up; a
    /// glued word of two (`watching*ummer`) is almost never one.  Why it is exact: such
    /// a word is the filled letters, so it has their length and, with the mask off its
    /// two first and two last letters, their ends: the same [`ends_key`], which the
    /// filter holds ([`filled_ends`]; a [`TagFilter`] never refuses a key it holds).  A
    /// mask among the ends, or fewer than five letters, is let through.
    pub(crate) fn fillings_may_be_pack_words(&self, letters: &[char], at: usize) -> bool {
        let n = letters.len();
        if n < 5 || at < 2 || at + 2 >= n {
            return true;
        }
        let ends = [letters[0], letters[1], letters[n - 2], letters[n - 1]];
        if ends.contains(&'*') {
            return true;
        }
        let known = self.known_forms();
        let filled = known.filled.get_or_init(|| filled_ends(self, &known.all));
        filled.may_hold(ends_key(n, ends))
    }

    /// Every pack word a masked token may stand for, in [`KnownForms`]' order.
    fn masked_words<'a>(&'a self, word: &str) -> impl Iterator<Item = &'a str> + 'a {
        // No form with the token's ends: no letters to copy out.
        let chars: Vec<char> = match self.mask_may_fit(word) {
            true => letters_of(word),
            false => Vec::new(),
        };
        let hidden = chars.iter().filter(|&&c| c == '*').count();
        // A star opening or closing a word is emphasis or a footnote (`*sigh*`, `on*`).
        let edge = |c: Option<&char>| c.is_none_or(|&c| c == '*');
        let open =
            !(edge(chars.first()) || edge(chars.last()) || hidden * LETTERS_PER_MASK > chars.len());
        let forms = match chars.first() {
            Some(&first) if open => self.known_forms().by_shape.get(&(chars.len(), first)),
            _ => None,
        };
        forms
            .into_iter()
            .flatten()
            .filter(move |f| f.chars().zip(&chars).all(|(f, &c)| c == '*' || c == f))
            .map(String::as_str)
    }

    /// Settle masked tokens by the phrases around them: a token the lookup read one way
    /// (`s*ck` as the term `suck`, `th*n` as `then`) is read as another form it fits when
    /// that form, and not the first, completes a phrase of the packs with its
    /// neighbours (`make me s*ck`, `nothing worse th*n`).  Only masked tokens are
    /// looked at, each against the few phrases that may cover it.
    /// `masked` lists each masked token's index and its word as typed (`s*ck`).
    pub(super) fn masks_by_phrases(&self, s: &mut Scan, masked: &[(usize, String)]) {
        // The forms a word typed the same fits: worked out once.
        let mut fits: super::memo::WordMemo<Vec<String>> = Default::default();
        for (q, original) in masked {
            let (q, original) = (*q, original.as_str());
            // No form fits the token (the filter's proof, one probe): nothing to try.
            if !self.mask_may_fit(original) || self.phrase_covers(&s.words, q) {
                continue;
            }
            let current = &s.words[q];
            let candidates = fits.get_or(original, || {
                let mut forms = self.masked_forms(original);
                forms.extend(self.masked_words(original).map(str::to_owned));
                forms.truncate(MAX_TRIED);
                forms
            });
            // The first form, other than the word now read, that completes a phrase
            // read with it in the token's place.
            let taken = candidates.iter().find(|form| {
                *form != current
                    && self.phrase_covers(
                        &Replaced {
                            words: &s.words,
                            q,
                            word: form,
                        },
                        q,
                    )
            });
            if let Some(form) = taken {
                s.set_word(q, form);
                s.entries[q] = self.get(form).map(super::Look::Index);
                s.steps.set(q, "masks");
            }
        }
    }

    /// Read each masked token as the everyday word it most likely hides in the
    /// comment's languages ([`Lexicon::everyday_filling`]), unless the lookup read a
    /// term that is an everyday word itself: a mask hides a letter of any word, and in
    /// an English comment `th*t` is "that" (not the slang term "thot"), `th*n` is
    /// "than" (not the French term "thon"), while in a French one `sa*e` is "sale"; a
    /// token that makes no everyday word (`c*nt`, `ho*s`, `h*trd`) keeps the lookup's
    /// reading, and so does `sh*t` ("shit" is as everyday as "shut").  The language is
    /// the one the function words found so far lead for, else those they vote for (all
    /// of them when none voted).
    pub(super) fn masks_by_language(&self, s: &mut Scan, masked: &[(usize, String)]) {
        let voters = s.entries.iter().filter_map(|&e| match e {
            Some(super::Look::Index(i)) if self.entries[i as usize].langs != 0 => Some(i),
            _ => None,
        });
        // The leading language when the votes name one (English "on" also votes
        // French, whose "hors" must not read an English `ho*s`), else those voted for.
        let (leader, _, voted) = self.guess_with_voted(voters, &s.words);
        let voted = leader.filter(|&l| l < 32).map_or(voted, |l| 1 << l);
        let everyday = self.segmenter.limits.mask_word_rank;
        // A word typed the same fills the same way (`voted` is fixed here): once a word.
        let mut fillings: super::memo::WordMemo<Option<String>> = Default::default();
        for (q, original) in masked {
            // A term that is itself an everyday word (`sh*t`, `f*ck`, `b*tch`) keeps
            // its reading: a writer masks a letter to hide a taboo word, and between
            // two everyday words that fit, the taboo one is the likelier.
            let print = crate::segment::Print::of(&s.words[*q]);
            let taboo = s.entries[*q].is_some_and(|e| !self.look_terms(e).is_empty())
                && self
                    .segmenter
                    .best_rank_in(print, voted)
                    .is_some_and(|r| r < everyday);
            if taboo {
                continue;
            }
            let filling = fillings.get_or(original, || self.everyday_filling(original, voted));
            let Some(word) = filling.clone() else {
                continue;
            };
            if s.words[*q] != word {
                s.entries[*q] = self.get(&word).map(super::Look::Index);
                s.set_word(*q, &word);
                s.steps.set(*q, "masks");
            }
        }
    }

    /// Read a stretched token as a term of the comment's leading language when, as the
    /// normaliser squeezed it, it is a term of other languages only and another squeeze
    /// of it is one of the leader's (`looooser`, squeezed to two letters, is the French
    /// variant `looser`; in an English comment it is English `loser`, which the French
    /// term would only hide: a foreign term on a stretched word is not read).  The
    /// leader is the one the function words found so far name (none: nothing changes);
    /// asked only of tokens marked stretched whose lookup found a term.
    pub(super) fn stretches_by_language(&self, s: &mut Scan, stretched: &[bool]) {
        let foreign_only = |look: super::Look, lead: u32| {
            let terms = self.look_terms(look);
            !terms.is_empty()
                && terms.iter().all(|&(t, _)| {
                    let bit = self.terms[t as usize].lang_bit;
                    bit != 0 && bit & lead == 0
                })
        };
        let found: Vec<(usize, super::Look)> = (0..s.entries.len())
            .filter(|&q| stretched.get(q).copied().unwrap_or(false))
            .filter_map(|q| Some((q, s.entries[q]?)))
            .collect();
        if found.is_empty() {
            return; // most comments: no stretched token was found as an entry
        }
        let voters = s.entries.iter().filter_map(|&e| match e {
            Some(super::Look::Index(i)) if self.entries[i as usize].langs != 0 => Some(i),
            _ => None,
        });
        let (leader, _, _) = self.guess_with_voted(voters, &s.words);
        let Some(lead) = leader.filter(|&l| l < 32).map(|l| 1u32 << l) else {
            return;
        };
        for (q, look) in found {
            if !foreign_only(look, lead) {
                continue;
            }
            let theirs = squeezed(s.words.token(q)).into_iter().find_map(|c| {
                let e = self.get(&c)?;
                let ours = self
                    .look_terms(super::Look::Index(e))
                    .iter()
                    .any(|&(t, _)| self.terms[t as usize].lang_bit & lead != 0);
                ours.then_some((c, e))
            });
            if let Some((word, e)) = theirs {
                s.entries[q] = Some(super::Look::Index(e));
                s.set_word(q, &word);
                s.steps.set(q, "stretched");
            }
        }
    }

    /// Whether a phrase starting at most [`PHRASE_REACH`] tokens before `q` covers it.
    fn phrase_covers<W: TokenList + ?Sized>(&self, words: &W, q: usize) -> bool {
        (q.saturating_sub(PHRASE_REACH)..=q).any(|i| {
            self.get(words.token(i)).is_some_and(|e| {
                self.phrases_at(words, i, &self.entries[e as usize])
                    .iter()
                    .any(|&(_, end)| end > q)
            })
        })
    }

    /// The word a stretched token stands for when it is no word as squeezed to two
    /// letters (`woorst` -> `worst`, `peoople` -> `people`): the first form with doubled
    /// letters made single (in [`squeezed`]'s order) that the packs or a general word
    /// list know.  A token that is a word as it is (`cool`, `coffee`) stays.
    pub fn stretched_word(&self, word: &str) -> Option<String> {
        // A rare word of a list is weak evidence against a stretch (`lifee`): only a
        // frequent one keeps the token as it stands.
        if self.index.contains_key(word) || self.segmenter.frequent(word) {
            return None;
        }
        let forms = self.known_forms();
        let known = |c: &str| forms.all.contains_key(c) || self.segmenter.knows(c);
        // A run of one letter (`kkkkk`, a laugh) squeezes to no word; a possessive
        // is read on its noun (`musliims's` -> `muslims`).
        squeezed(word)
            .into_iter()
            .filter(|c| cp_len(c) >= 2)
            .find_map(|c| {
                let noun = self.possessive_stripped(&c).map(str::to_owned);
                match noun {
                    Some(noun) if known(&noun) => Some(noun),
                    _ => known(&c).then_some(c),
                }
            })
    }

    /// The word a token ending in leet digits stands for when it is no term (`j3` ->
    /// `je`, `t3` -> `te`, `v4` -> `va`, `vai5` -> `vais`): the digits (one or two)
    /// decoded give a word the packs know, or, after two letters or more, a word of a
    /// general list.  A token that is itself a word (`mp3` when listed) stays, and so
    /// do numbers and units, which start with a digit (`3rd`, `10h`).
    pub fn edge_digits_word(&self, word: &str) -> Option<String> {
        if self.index.contains_key(word) || self.segmenter.knows(word) {
            return None;
        }
        let letters = word.trim_end_matches(|c: char| crate::unicode::is_digit(c as u32));
        if letters.is_empty() {
            return None;
        }
        let alpha = |c: char| crate::unicode::is_alpha(c as u32);
        let tail = &word[letters.len()..];
        if tail.chars().count() > 2 || !letters.chars().all(alpha) {
            return None;
        }
        let mut decoded = letters.to_owned();
        for c in tail.chars() {
            decoded.push_str(self.tables.leet.get(&c)?);
        }
        if !decoded.chars().all(alpha) {
            return None;
        }
        if self.known_forms().all.contains_key(&decoded) || self.index.contains_key(&decoded) {
            return Some(decoded);
        }
        (cp_len(letters) >= 2 && self.segmenter.knows(&decoded)).then_some(decoded)
    }
}

/// A scan's words with word `q` read as `word` (a form tried in a token's place).
struct Replaced<'a> {
    words: &'a Words,
    q: usize,
    word: &'a str,
}

impl TokenList for Replaced<'_> {
    fn count(&self) -> usize {
        self.words.len()
    }
    fn token(&self, k: usize) -> &str {
        if k == self.q {
            self.word
        } else {
            &self.words[k]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Entry;
    use proptest::prelude::*;

    /// Each shape's list of forms, and every form with its languages.
    type Listed = (Vec<((usize, char), Vec<String>)>, Vec<(String, u32)>);

    /// The forms as one sort of them all listed them (before round 18): each shape's
    /// list, and every word with its languages, in that order.
    fn sorted_at_once(lex: &Lexicon) -> Listed {
        let mut says_of: FxMap<&str, bool> = FxMap::default();
        let keys = lex
            .index
            .iter()
            .map(|(k, &e)| (k, lex.entries[e as usize].says_something()));
        let phrase_words = lex.phrases.all_tokens().map(|t| (t, false));
        for (word, says) in keys.chain(phrase_words) {
            if word != GAP && !word.starts_with(':') && cp_len(word) >= 3 {
                *says_of.entry(word).or_insert(false) |= says;
            }
        }
        let mut weighed: Vec<(bool, &str)> = says_of.into_iter().map(|(w, s)| (!s, w)).collect();
        weighed.sort_unstable();
        let langs = pack_word_langs(lex);
        let mut shapes: FxMap<(usize, char), Vec<String>> = FxMap::default();
        let mut all = Vec::new();
        for (_, word) in weighed {
            let first = word.chars().next().unwrap_or_default();
            shapes
                .entry((cp_len(word), first))
                .or_default()
                .push(word.to_owned());
            all.push((
                word.to_owned(),
                langs.get(word).copied().unwrap_or(ANY_LANGUAGE),
            ));
        }
        let mut shapes: Vec<_> = shapes.into_iter().collect();
        shapes.sort_unstable();
        (shapes, all)
    }

    /// [`Lexicon::masked_words`] as it was before the ends' filter: every form of the
    /// token's shape walked.
    fn masked_words_walked(lex: &Lexicon, word: &str) -> Vec<String> {
        let chars: Vec<char> = letters_of(word);
        let hidden = chars.iter().filter(|&&c| c == '*').count();
        let edge = |c: Option<&char>| c.is_none_or(|&c| c == '*');
        if edge(chars.first()) || edge(chars.last()) || hidden * LETTERS_PER_MASK > chars.len() {
            return Vec::new();
        }
        let shape = (chars.len(), chars[0]);
        let forms = lex.known_forms().by_shape.get(&shape).into_iter().flatten();
        let fits = |f: &&String| f.chars().zip(&chars).all(|(f, &c)| c == '*' || c == f);
        forms.filter(fits).cloned().collect()
    }

    /// `word` with the letters `masks` marks (in turn, from its first) masked, and one
    /// other letter changed when `change` names one (a token that fits no form often).
    fn masked(word: &str, masks: &[bool], change: Option<(usize, char)>) -> String {
        let mut letters: Vec<char> = word.chars().collect();
        if let Some((at, c)) = change {
            let at = at % letters.len().max(1);
            if let Some(l) = letters.get_mut(at) {
                *l = c;
            }
        }
        for (l, &m) in letters.iter_mut().zip(masks) {
            if m {
                *l = '*';
            }
        }
        letters.into_iter().collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        /// The ends' filter refuses no token a form fits: `masked_forms` and
        /// `masked_words`, which ask it first, give what walking every form of the
        /// token's shape gave, for tokens made of the lexicon's own words (keys, phrase
        /// words and term forms, a letter beyond ASCII among them) with letters masked
        /// and often one changed; and every word of the tables with any one letter
        /// masked is let through.  (Checked to fail when a token with a masked end is
        /// keyed as if the `*` were a letter.)
        #[test]
        fn masked_tokens_the_ends_filter_refuses_fit_no_form(
            keys in proptest::collection::vec(("[abcé]{3,7}", any::<bool>()), 1..30),
            phrases in proptest::collection::vec(proptest::collection::vec("[abcé]{3,6}", 2..4), 0..4),
            tokens in proptest::collection::vec(
                (0usize..40, proptest::collection::vec(any::<bool>(), 7),
                 proptest::option::of((0usize..7, "[abcéd]"))),
                1..20),
            free in "[abcé*]{0,8}",
        ) {
            let mut lex = crate::lexicon::tests::tiny();
            for (key, says) in &keys {
                if lex.index.contains_key(key) {
                    continue;
                }
                let e = Entry {
                    terms: if *says { vec![(0, "")] } else { Vec::new() },
                    ..Default::default()
                };
                lex.index.insert(key.clone(), lex.entries.len() as u32);
                lex.entries.push(e);
                if *says {
                    let first = key.chars().next().unwrap_or('a');
                    lex.masked.entry((cp_len(key), first)).or_default().push((key.clone(), 0));
                }
            }
            for words in &phrases {
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                lex.phrases.push(&words, None, 1, None, "");
            }
            let listed: Vec<String> = keys
                .iter()
                .map(|(k, _)| k.clone())
                .chain(phrases.iter().flatten().cloned())
                .collect();
            let mut asked = vec![free];
            for (i, masks, change) in &tokens {
                let change = change.as_ref().and_then(|(at, c)| Some((*at, c.chars().next()?)));
                asked.push(masked(&listed[i % listed.len()], masks, change));
            }
            for word in &asked {
                prop_assert_eq!(
                    lex.masked_forms(word),
                    crate::lexicon::tests::masked_forms_listed(&lex, word),
                    "{}", word
                );
                let words: Vec<String> = lex.masked_words(word).map(str::to_owned).collect();
                prop_assert_eq!(words, masked_words_walked(&lex, word), "{}", word);
            }
            for word in &listed {
                for at in 0..cp_len(word) {
                    let mut masks = [false; 7];
                    masks[at] = true;
                    let token = masked(word, &masks, None);
                    prop_assert!(lex.mask_may_fit(&token), "{} refused", token);
                }
            }
        }
    }

    proptest! {
        /// Each shape's words sorted apart are listed as one sort of them all listed
        /// them, and every word keeps its languages (checked to fail when a shape's
        /// words are not sorted).
        #[test]
        fn forms_sorted_by_shape_are_listed_as_one_sort_listed_them(
            keys in proptest::collection::vec(("[abé]{2,5}", any::<bool>(), 0u32..4), 0..40),
            phrases in proptest::collection::vec(proptest::collection::vec("[abé]{2,5}", 2..4), 0..6),
        ) {
            let mut lex = crate::lexicon::tests::tiny();
            for (key, says, langs) in &keys {
                if lex.index.contains_key(key) {
                    continue;
                }
                let e = Entry {
                    terms: if *says { vec![(0, "")] } else { Vec::new() },
                    langs: *langs,
                    ..Default::default()
                };
                lex.index.insert(key.clone(), lex.entries.len() as u32);
                lex.entries.push(e);
            }
            for words in &phrases {
                let words: Vec<&str> = words.iter().map(String::as_str).collect();
                lex.phrases.push(&words, None, 1, None, "");
            }
            let (shapes, all) = sorted_at_once(&lex);
            let forms = KnownForms::of(&lex);
            let mut by_shape: Vec<_> = forms.by_shape.clone().into_iter().collect();
            by_shape.sort_unstable();
            prop_assert_eq!(by_shape, shapes);
            let mut listed: Vec<(String, u32)> =
                forms.all.iter().map(|(k, &v)| (k.to_owned(), v)).collect();
            let mut want = all;
            listed.sort_unstable();
            want.sort_unstable();
            prop_assert_eq!(listed, want);
        }
    }
}
