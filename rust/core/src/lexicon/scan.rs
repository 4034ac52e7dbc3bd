//! The scan of a comment: every token looked up, hyphenated words split, canonical
//! forms for phrases, and the article glued by split letters taken off.

use super::memo::WordMemo;
use super::BatchMemo;
use super::{
    cp_len, squeezed, step_name, step_place, word_hash, Lexicon, Look, TypoLangs, GAP, MAX_GAP,
};
use crate::normalize::{Normalized, Step, Token, TokenKind, Tokens};
use crate::scratch::{self, Scratch};
use crate::segment::Print;
use crate::unicode::is_space;
use crate::words::Words;

/// A comment's tokens, each with the entry the lexicon has for it and the matcher step
/// that found it.  `words` holds the forms the entries were found under (a stretched
/// `fuuck` is `fuck` here, so phrases see it).
#[derive(Clone, Debug, Default)]
pub struct Scan {
    pub words: Words,
    pub starts: Vec<usize>,
    pub ends: Vec<usize>,
    pub kinds: Vec<TokenKind>,
    pub entries: Vec<Option<Look>>,
    pub steps: Steps,
    /// The print of each word ([`Print::of`]), worked out once when the scan looked the
    /// word up, for the segmenter's gate to ask the word lists with.  Invariant: either
    /// empty (a scan built field by field, as the segmenter's copies are) or one print
    /// per word, each that of the word as it stands now: a word of the scan is changed
    /// through [`Scan::set_word`], which keeps it.  Read through [`Scan::print`].
    prints: Vec<Print>,
    /// The segmenter's gate of each word ([`Lexicon::may_segment_print`]) when the
    /// batch's memo knew it as the scan looked the word up ([`Gate`]).  Invariant:
    /// either empty or one a word, each that of the word as it stands now
    /// ([`Scan::set_word`] forgets it).  Read through [`Scan::gate`] and
    /// [`Scan::settled`].
    gates: Vec<Gate>,
}

/// What the scan knew of a word's segmenter gate ([`Lexicon::may_segment_print`], a
/// function of the word alone) when it looked the word up: the batch's memo answers
/// both with one probe.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Gate {
    /// Not known (no memo, a word the memo had no room for, a word rewritten since).
    #[default]
    Unknown,
    /// The gate lets the word through: the segmenter may split it.
    May,
    /// The gate keeps the word whole; the segmenter still asks whether it is another
    /// language's pieces (`Lexicon::foreign_pieces`).
    Whole,
    /// The segmenter has nothing to ask of the token (an elided run aside, which it
    /// asks first): a token of a kind it never splits (a number, an emoji, a mention,
    /// a link: neither `Lexicon::split_token` nor `Lexicon::foreign_pieces` reads one),
    /// or a word the gate keeps whole that has fewer bytes than a word read as another
    /// language's pieces needs letters (`Limits::foreign_letters`; most function words).
    Settled,
}

/// Whether the segmenter reads a token of `kind` at all: a word or a hashtag.
#[inline]
fn splits_kind(kind: TokenKind) -> bool {
    matches!(kind, TokenKind::Word | TokenKind::Hashtag)
}

impl Gate {
    /// The state of a word whose gate the memo answered `known` (`None`: not known),
    /// of `bytes` bytes, under the segmenter's `foreign_letters`; `split`: whether its
    /// token is of a kind the segmenter splits ([`splits_kind`]).
    #[inline]
    fn of(known: Option<bool>, bytes: usize, foreign_letters: usize, split: bool) -> Gate {
        if !split {
            return Gate::Settled;
        }
        match known {
            None => Gate::Unknown,
            Some(true) => Gate::May,
            Some(false) if bytes < foreign_letters => Gate::Settled,
            Some(false) => Gate::Whole,
        }
    }

    /// The gate's answer, when known.  A settled token reads as kept whole, also one of
    /// a kind whose gate was never worked out: the segmenter asks it nothing more, and
    /// no one else reads a gate.
    #[inline]
    pub fn known(self) -> Option<bool> {
        match self {
            Gate::Unknown => None,
            Gate::May => Some(true),
            Gate::Whole | Gate::Settled => Some(false),
        }
    }
}

/// The matcher step of each token of a scan, one byte a token: a place in [`super::STEPS`]
/// (a long comment holds a step a token through its scan, and a `&str` was 16 bytes).
/// Read and written as names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Steps(Vec<u8>);

impl Steps {
    /// The step of token `q`.
    #[inline]
    pub fn get(&self, q: usize) -> &'static str {
        step_name(self.0[q])
    }

    /// Token `q` found by `step` now.
    #[inline]
    pub fn set(&mut self, q: usize, step: &'static str) {
        self.0[q] = step_place(step);
    }

    #[inline]
    pub fn push(&mut self, step: &'static str) {
        self.0.push(step_place(step));
    }

    pub fn pop(&mut self) {
        self.0.pop();
    }

    /// The steps of tokens `range` of `other` appended, in order (the segmenter's copy
    /// of a scan's tokens kept whole, a run at a time).
    pub fn extend_from(&mut self, other: &Steps, range: std::ops::Range<usize>) {
        self.0.extend_from_slice(&other.0[range]);
    }

    pub fn reserve(&mut self, more: usize) {
        self.0.reserve(more);
    }

    pub fn reserve_exact(&mut self, more: usize) {
        self.0.reserve_exact(more);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The steps in order, as names.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'static str> + '_ {
        self.0.iter().map(|&at| step_name(at))
    }

    /// The steps as a list of names (for callers outside the core).
    pub fn to_vec(&self) -> Vec<&'static str> {
        self.iter().collect()
    }
}

/// A scan's words and their places in the normalised text ([`Scan::into_spans`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spans {
    pub words: Words,
    pub starts: Vec<usize>,
    pub ends: Vec<usize>,
}

impl Spans {
    /// The lists' room given back to `scratch`, for a later comment.
    pub fn give_back(self, scratch: &mut Scratch) {
        scratch.keep_places(self.words, self.starts, self.ends);
    }
}

/// Two scans are equal when their tokens are: the prints are derived from the words.
impl PartialEq for Scan {
    fn eq(&self, other: &Self) -> bool {
        self.words == other.words
            && self.starts == other.starts
            && self.ends == other.ends
            && self.kinds == other.kinds
            && self.entries == other.entries
            && self.steps == other.steps
    }
}

/// Matcher steps after which a token stands for another form (phrases see that form).
const CANONICAL_STEPS: [&str; 4] = ["stretched", "fuzzy", "masks", "leet"];

impl Lexicon {
    /// Look up every token of a normalised text (`tokens` as `n.tokens()` lists them).
    pub fn scan(&self, n: &Normalized, tokens: &[Token]) -> Scan {
        self.scan_printed(n, Tokens::from(tokens), Vec::new())
    }

    /// [`Lexicon::scan`] of the tokens by column (`n.token_columns()`): the lists move
    /// into the scan.
    pub fn scan_columns(&self, n: &Normalized, tokens: Tokens) -> Scan {
        self.scan_printed(n, tokens, Vec::new())
    }

    /// [`Lexicon::scan_columns`] given the tokens' prints (`Print::of(word)` each, as
    /// the quick reject worked them out; any other length: none given).  They are kept
    /// when every token stands whole in the scan, and worked out afresh otherwise.
    pub fn scan_printed(&self, n: &Normalized, tokens: Tokens, given: Vec<Print>) -> Scan {
        self.scan_memo(n, tokens, given, &mut BatchMemo::off())
    }

    /// [`Lexicon::scan_printed`] with a batch's memo: each word's lookup and segmenter
    /// gate asked of it first ([`BatchMemo`]: the same answers, kept across comments).
    pub fn scan_memo(
        &self,
        n: &Normalized,
        tokens: Tokens,
        given: Vec<Print>,
        memo: &mut BatchMemo,
    ) -> Scan {
        let mut given = given;
        let mut at_words: Vec<usize> = Vec::new();
        let marks = TextMarks::of(&n.text);
        let hyphens = marks.hyphens;
        let hyphen = hyphens > 0 && tokens.words.iter().any(|w| w.contains('-'));
        let splits = |q: usize| self.splits_at_hyphens(&tokens.words[q], tokens.kinds[q]);
        let split = hyphen && (0..tokens.len()).any(splits);
        let mut s = if split {
            self.split_hyphens(
                tokens,
                hyphens,
                &mut at_words,
                &mut given,
                &mut memo.scratch,
            )
        } else {
            self.whole_tokens(tokens, &mut at_words)
        };
        // Every token as it stands, none read as another word, or the words split at
        // hyphens given their prints there: the prints given are the scan's.
        let whole = (split || at_words.is_empty()) && given.len() == s.words.len();
        // The lookups' lists are made once the tokens are given back: a long comment
        // does not hold both.  Made in the room an earlier comment left
        // ([`crate::scratch::Scratch`]), or afresh.
        let room = &mut memo.scratch;
        s.entries = scratch::take(&mut room.entries);
        s.steps = Steps(scratch::take(&mut room.steps));
        s.entries.reserve_exact(s.words.len());
        s.steps.reserve_exact(s.words.len());
        // Tokens holding squeezed letters are looked up with the stretched fallback.
        let mut stretched = scratch::take(&mut room.stretched);
        stretched.resize(s.words.len(), false);
        for &mark in &n.stretched {
            let t = s.starts.partition_point(|&a| a <= mark);
            if t > 0 && mark < s.ends[t - 1] {
                stretched[t - 1] = true;
            }
        }
        // Masked tokens as typed: the phrases around them may settle what they hide.
        let mut masked: Vec<(usize, String)> = Vec::new();
        let mut dropped: Vec<(usize, String)> = Vec::new();
        // Each token hashed once: the index, the typo forms and (in `segment`) the
        // segmenter's lists and the pack words are asked with this print.
        s.prints = if whole {
            debug_assert!(s.words.iter().zip(&given).all(|(w, &p)| p == Print::of(w)));
            given
        } else {
            scratch::keep(&mut memo.scratch.prints, given);
            let mut prints = scratch::take(&mut memo.scratch.prints);
            prints.extend(s.words.iter().map(Print::of));
            prints
        };
        // A masked word's lookup fills its mask every way: once a word typed the same.
        let mut masked_looks: WordMemo<super::Found> = WordMemo::default();
        // The last emoji looked up, when its lookup left its word as it is (what was
        // found is its entry and step in the scan): emoji come in runs of one, and a
        // lookup is a function of the word and of `long` (a stretched emoji is looked up
        // afresh).  Its place only: a lookup's answer kept here was written out on
        // every token (a select the compiler made of the update).
        let mut last_emoji: Option<usize> = None;
        // The gates the batch's memo knows, kept for the segmenter (none without a memo:
        // a comment scored alone pays nothing for them).
        let keep_gates = memo.is_on();
        let foreign_letters = self.segmenter.limits.foreign_letters;
        // The words found as no entry that are typo forms read by language, with their
        // choices: noted as each is looked up (its print at hand), not in a walk of the
        // words after.
        let typo_forms = !self.typo_langs.is_empty();
        let mut pending: Vec<(usize, &TypoLangs)> = Vec::new();
        // The map's filter answers most words no from a few bytes; a word rewritten
        // below (its canonical form) is asked as it ends up.
        let maybe_typo = |entry: Option<Look>, word: &str| {
            typo_forms && entry.is_none() && self.typo_langs.may_hold(word)
        };
        // The language whose word list the segmenter's gate asks first: the last that
        // listed a word of the batch (a batch's words are mostly of one language).
        let mut lead = memo.lead;
        if keep_gates {
            s.gates = scratch::take_with(&mut memo.scratch.gates, s.words.len());
            // The memo's lines of the tokens were asked for before the quick reject read
            // them (`score::score_tokens`, [`crate::prefetch`]).
        }
        for (q, &long) in stretched.iter().enumerate() {
            let (word, hash) = (&s.words[q], s.prints[q].value());
            let kind = s.kinds[q];
            let emoji = kind == TokenKind::Emoji && !long;
            let split = splits_kind(kind);
            if let Some(p) = last_emoji.filter(|&p| emoji && s.words[p] == *word) {
                let (entry, step) = (s.entries[p], s.steps.get(p));
                s.entries.push(entry);
                s.steps.push(step);
                if keep_gates {
                    s.gates.push(s.gates[p]);
                }
                if maybe_typo(entry, word) {
                    pending.extend(self.typo_choices(&s, q));
                }
                continue;
            }
            // A word of the text holds a `*` only when the text does (an emoji's name,
            // `:keycap_*:`, is no stretch of it): most comments have none to look for.
            let has_mask = (marks.stars || kind == TokenKind::Emoji) && word.contains('*');
            debug_assert_eq!(has_mask, word.contains('*'));
            // A word's lookup is a function of the word and `long` alone: asked of the
            // batch's memo first (a stretched word's under a key of its own).
            let ((entry, step), gate) = if !long && has_mask {
                memo.lookup_or(word, hash, || {
                    *masked_looks.get_or(word, || self.lookup_hashed(word, hash, false))
                })
            } else if keep_gates {
                // The gate is worked out for a new word only when its token may be split.
                self.lookup_memo_valued(memo, word, s.prints[q], hash, long, split, &mut lead)
            } else {
                // No memo (a comment scored alone): the lookup as it was, not through
                // the memo's off branch, which the compiler does not reduce to it.
                (self.lookup_hashed(word, hash, long), None)
            };
            let rewritten = !step.is_empty() && CANONICAL_STEPS.contains(&step);
            let typo = match rewritten {
                true => typo_forms && entry.is_none(),
                false => maybe_typo(entry, word),
            };
            if keep_gates {
                s.gates
                    .push(Gate::of(gate, word.len(), foreign_letters, split));
            }
            if emoji && !has_mask && !CANONICAL_STEPS.contains(&step) {
                last_emoji = Some(q);
            }
            s.entries.push(entry);
            s.steps.push(step);
            if has_mask {
                masked.push((q, s.words[q].to_owned()));
            }
            if rewritten {
                let form = self.canonical(&s.words[q]);
                let key = (step == "fuzzy")
                    .then(|| self.typo_key(&s.words[q]))
                    .flatten();
                if key.is_some_and(|key| cp_len(&form) > cp_len(&key)) {
                    dropped.push((q, s.words[q].to_owned()));
                }
                s.set_word(q, &form);
                if keep_gates {
                    s.gates[q] = Gate::Unknown; // the gate known was the typed word's
                }
            }
            if typo {
                pending.extend(self.typo_choices(&s, q));
            }
        }
        if !pending.is_empty() {
            self.read_typos_by_language(&mut s, &pending, &mut dropped);
        }
        if !dropped.is_empty() {
            self.keep_deletions_in_known_languages(&mut s, dropped, &stretched);
        }
        if !n.stretched.is_empty() {
            // Only a comment the normaliser squeezed has a stretched token to read again.
            self.stretches_by_language(&mut s, &stretched);
        }
        if !masked.is_empty() {
            self.masks_by_language(&mut s, &masked);
            self.masks_by_phrases(&mut s, &masked);
        }
        for q in at_words {
            if s.steps.get(q).is_empty() {
                s.steps.set(q, "leet");
            }
        }
        memo.lead = lead;
        if marks.seps {
            self.join_separated(n, &mut s);
        }
        self.segment_in_place(n, &mut s, memo); // glued words and hashtags: crate::segment
        if n.steps.contains(&Step::SplitLetters) {
            self.split_articles(n, &mut s);
        }
        // Nothing reads the prints once the scan is made ([`Scan::print`] works one out
        // when none is kept): given back now, they are not held while the hits are
        // found and weighed, where a long comment's peak is (8 bytes a token).
        let room = &mut memo.scratch;
        scratch::keep(&mut room.prints, std::mem::take(&mut s.prints));
        scratch::keep(&mut room.gates, std::mem::take(&mut s.gates));
        scratch::keep(&mut room.stretched, stretched);
        s
    }

    /// Whether a token is split into its parts at its hyphens ("casse-toi"): a word
    /// holding one, whose whole form is no entry of the packs.
    pub(super) fn splits_at_hyphens(&self, word: &str, kind: TokenKind) -> bool {
        kind == TokenKind::Word && word.contains('-') && !self.index.contains_key(word)
    }

    /// The scan's token lists when no token is split at a hyphen: the tokens' own
    /// lists, moved (a long comment's tokens are not copied, nor held twice); a mention
    /// read as a word (`@sshole`, [`Lexicon::mention_as_word`]) is rewritten in place
    /// and its place noted in `at_words`.
    pub(super) fn whole_tokens(&self, tokens: Tokens, at_words: &mut Vec<usize>) -> Scan {
        let Tokens {
            mut words,
            starts,
            ends,
            mut kinds,
        } = tokens;
        for q in 0..words.len() {
            if kinds[q] != TokenKind::Mention {
                continue;
            }
            if let Some(word) = self.mention_as_word(&words[q], kinds[q]) {
                at_words.push(q);
                words.set(q, &word);
                kinds[q] = TokenKind::Word;
            }
        }
        Scan {
            words,
            starts,
            ends,
            kinds,
            ..Scan::default()
        }
    }

    /// The scan's token lists when some word is split at its hyphens ("casse-toi" into
    /// its parts, unless the whole form is an entry; the comment holds `hyphens`
    /// hyphens); a mention read as a word is placed as [`Lexicon::whole_tokens`] does.
    /// `given` holds the tokens' prints (`Print::of` of each word, as the quick reject
    /// worked them out; any other length: none given) and becomes the scan's words'
    /// prints: the ones given for the tokens kept whole, the parts and
    /// the mentions read as words hashed (a French comment with one hyphenated word
    /// hashed all of its words again).  Prints not given for every token are emptied.
    /// Out of line: few comments split a word at a hyphen (68 of 2,000 tweets, one
    /// French sentence in six), and `scan_memo`'s loop is the common path.
    #[inline(never)]
    pub(super) fn split_hyphens(
        &self,
        tokens: Tokens,
        hyphens: usize,
        at_words: &mut Vec<usize>,
        given: &mut Vec<Print>,
        scratch: &mut Scratch,
    ) -> Scan {
        // A hyphen splits a word into one more part at most: room for every part at
        // once, rather than growing (and keeping up to twice the room of) a long
        // comment's lists, which stay until its matches are made.
        let mut s = Scan::with_capacity(tokens.len() + hyphens, tokens.words.bytes());
        let printed = !given.is_empty() && given.len() == tokens.len();
        let mut prints = Vec::new();
        if printed {
            prints.reserve_exact(tokens.len() + hyphens);
        }
        let Tokens {
            words,
            starts,
            ends,
            kinds,
        } = tokens;
        let fields = starts.iter().zip(&ends).zip(&kinds);
        for (q, (word, ((&start, &end), &kind))) in words.iter().zip(fields).enumerate() {
            if self.splits_at_hyphens(word, kind) {
                let mut pos = start;
                for part in word.split('-') {
                    let size = cp_len(part);
                    if size > 0 {
                        s.push(part, pos, pos + size, kind);
                        if printed {
                            prints.push(Print::of(part));
                        }
                    }
                    pos += size + 1;
                }
            } else if let Some(word) = self.mention_as_word(word, kind) {
                // "@sshole": a term behind an "@" typed for "a" is no mention.
                at_words.push(s.words.len());
                s.push(&word, start, end, TokenKind::Word);
                if printed {
                    prints.push(Print::of(&word));
                }
            } else {
                s.push(word, start, end, kind);
                if printed {
                    prints.push(given[q]);
                }
            }
        }
        // The tokens' lists (and the prints given) came from the batch's scratch: their
        // room goes back to it, so that the next comment's lists are not grown again
        // from the size of this comment's new ones.
        scratch.keep_places(words, starts, ends);
        scratch::keep(&mut scratch.kinds, kinds);
        scratch::keep(&mut scratch.prints, std::mem::replace(given, prints));
        s
    }

    /// Typo forms whose reading depends on the comment's languages
    /// ([`super::TypoLangs`]), read once the function words found so far have voted: a
    /// language refuses a typo form only in a comment that may be written in it, so a
    /// pack loaded beside others never unreads another pack's typos (`futre` stays
    /// French `foutre` in "aller se faire futre" with Spanish loaded).  A deletion read
    /// here is checked like the others (`keep_deletions_in_known_languages`).
    ///
    /// `pending`: each word found as no entry that is such a form, with its choices
    /// ([`Lexicon::typo_choices`]), in the order of the words.
    fn read_typos_by_language(
        &self,
        s: &mut Scan,
        pending: &[(usize, &TypoLangs)],
        dropped: &mut Vec<(usize, String)>,
    ) {
        let voters = s.entries.iter().filter_map(|&e| match e {
            Some(Look::Index(i)) if self.entries[i as usize].langs != 0 => Some(i),
            _ => None,
        });
        // The leader is not asked: only when a form needs it, below.
        let voted = self.voted_languages(voters);
        // Worked out at most once a comment (linear), when first needed.
        let mut leader: Option<Option<usize>> = None;
        for &(q, choices) in pending {
            // A voted language refuses the form while another voted one reads it ("Oido
            // le donne": Spanish `oido`, Italian `odio`): the comment's other words say
            // which of them it is written in, as they break a tie of the guess.
            let form = choices.reading(voted).or_else(|| {
                // The leader is one of `voted` (`break_tie` names one of the tied):
                // when no voted language alone reads the form, it reads as nothing
                // whoever leads, and the tie is not broken.
                if choices.refused & voted == 0 || !choices.read_alone_in(voted) {
                    return None;
                }
                let lead = (*leader.get_or_insert_with(|| {
                    let mut typo = vec![false; s.words.len()];
                    pending.iter().for_each(|&(i, _)| typo[i] = true);
                    let others: Vec<&str> = (0..s.words.len())
                        .filter(|&i| !typo[i])
                        .map(|i| &s.words[i])
                        .collect();
                    self.break_tie(voted, &others)
                }))?;
                choices.reading(1 << lead)
            });
            let Some(form) = form else {
                continue;
            };
            let typed = s.words[q].to_owned();
            s.set_word(q, form);
            s.entries[q] = self.get(form).map(Look::Index);
            s.steps.set(q, "fuzzy");
            if cp_len(form) > cp_len(&typed) {
                dropped.push((q, typed));
            }
        }
    }

    /// Word `q` of the scan and its choices when it is a typo form whose reading depends
    /// on the comment's languages ([`super::TypoLangs`]); asked with the word's print.
    #[inline]
    fn typo_choices(&self, s: &Scan, q: usize) -> Option<(usize, &TypoLangs)> {
        let choices = self
            .typo_langs
            .get_hashed(&s.words[q], s.print(q).value())?;
        Some((q, choices))
    }

    /// A typo form with a letter left out (`stupd`) is read as its word only in a
    /// comment written in a language of the general word lists: those lists say the
    /// form is no word of English or French, and nothing says so of a Spanish `pues`
    /// (`putes` less its `t`) or a German `damit` (`damnit`).  `deletions` lists each
    /// such token's index and its form as typed; in a comment of no listed language
    /// they go back to what they are, unknown words.  So does a stretched token that,
    /// squeezed another way, is a listed word (`baaaaars` is `bars`, not `batars` less
    /// a letter).
    fn keep_deletions_in_known_languages(
        &self,
        s: &mut Scan,
        mut deletions: Vec<(usize, String)>,
        stretched: &[bool],
    ) {
        if self.segmenter.languages.is_empty() {
            return; // no lists (a research word list): nothing says the form is no word
        }
        let words_of_lists = |q: usize, typed: &str| {
            stretched[q] && squeezed(typed).iter().any(|w| self.segmenter.knows(w))
        };
        for (q, typed) in &deletions {
            if words_of_lists(*q, typed) {
                s.set_word(*q, typed);
                s.entries[*q] = None;
                s.steps.set(*q, "");
            }
        }
        deletions.retain(|(q, _)| !s.steps.get(*q).is_empty());
        if deletions.is_empty() {
            return;
        }
        // A mask, not a search of the list per word: a long text has thousands of each.
        let mut typo = vec![false; s.words.len()];
        for (q, _) in &deletions {
            typo[*q] = true;
        }
        let words = (0..s.words.len())
            .filter(|&i| s.kinds[i] == TokenKind::Word && !typo[i])
            .map(|i| &s.words[i]);
        // Every other word counts (the typo forms themselves are left out).
        let percent = self.segmenter.limits.typo_known_percent;
        if self
            .segmenter
            .written_in(words, percent, &|w| self.index.contains_key(w))
        {
            return;
        }
        for (q, typed) in deletions {
            s.set_word(q, &typed);
            s.entries[q] = None;
            s.steps.set(q, "");
        }
    }

    /// Every term of a scanned comment, words and phrases, with no context rules:
    /// (term index, first token, token after the last, step).
    pub fn find(&self, s: &Scan) -> Vec<(u32, usize, usize, &'static str)> {
        let mut out = Vec::new();
        for (i, look) in s.entries.iter().enumerate() {
            let Some(look) = *look else { continue };
            for (t, how) in self.look_terms(look) {
                out.push((
                    t,
                    i,
                    i + 1,
                    if how.is_empty() { s.steps.get(i) } else { how },
                ));
            }
            let Some(entry) = self.entry(look) else {
                continue;
            };
            for (p, end) in self.phrases_at(&s.words, i, entry) {
                if let Some(t) = self.phrases[p as usize].term {
                    out.push((t, i, end, ""));
                }
            }
        }
        out
    }

    /// "you're a c u n t" folds to "acunt": try a joined word without its article.
    fn split_articles(&self, n: &Normalized, s: &mut Scan) {
        for q in 0..s.words.len() {
            let w = &s.words[q];
            let Some(first) = w.chars().next() else {
                continue;
            };
            if cp_len(w) < 4 || !self.tables.standalone.contains(&first) {
                continue;
            }
            if s.entries[q].is_some_and(|e| self.says_something(e)) {
                continue;
            }
            let Some((a, b)) = n.to_original(s.starts[q], s.ends[q]) else {
                continue;
            };
            let glued = n.original()[a..b]
                .iter()
                .any(|&c| is_space(c) || c == '.' as u32 || c == '-' as u32 || c == '_' as u32);
            if !glued {
                continue;
            }
            let rest = w[first.len_utf8()..].to_owned();
            let (found, step) = self.lookup(&rest, false);
            if let Some(f) = found {
                if self.has_terms_or_identity(f) {
                    s.set_word(q, &rest);
                    s.entries[q] = Some(f);
                    s.steps.set(q, step);
                }
            }
        }
    }
}

/// A separator typed inside a word: `con.nard`, `con_nard`, `f.ck`.
fn is_inner_sep(c: u32) -> bool {
    c == '.' as u32 || c == '_' as u32
}

/// What the scan asks of a comment's text as a whole, read in one walk without a
/// branch a character: three searches, one of them a count, walked it in turn, and a
/// search for `*` ran in every word.
#[derive(Clone, Copy, Debug, PartialEq)]
struct TextMarks {
    /// How many hyphens the text holds.
    hyphens: usize,
    /// Whether it holds a `*`: a token's word holds one only then (a word is a stretch
    /// of the text, or an emoji's name, asked apart).
    stars: bool,
    /// Whether it holds a separator typed inside a word ([`is_inner_sep`]).
    seps: bool,
}

impl TextMarks {
    fn of(text: &[u32]) -> TextMarks {
        // Counted in blocks, a block's count in 32 bits (measured: a third fewer
        // instructions than one `usize` count for the whole text; the compiler does not
        // make either a vector loop on the baseline target).
        let (mut hyphens, mut stars, mut seps) = (0usize, 0u32, 0u32);
        for block in text.chunks(64) {
            let mut in_block = 0u32;
            for &c in block {
                in_block += u32::from(c == '-' as u32);
                stars |= u32::from(c == '*' as u32);
                seps |= u32::from(c == '.' as u32) | u32::from(c == '_' as u32);
            }
            hyphens += in_block as usize;
        }
        TextMarks {
            hyphens,
            stars: stars != 0,
            seps: seps != 0,
        }
    }
}

impl Lexicon {
    /// Two word tokens with one separator between them (`con.nard`, `f.ck`), and no
    /// such separator on either side (`a.b.c`, `e.g.`), read as one word: joined when
    /// that is a term (`connard`), or with the separator as a masked letter when a term
    /// of four letters or more fits (`f*ck`).  Only when the two parts are not both
    /// words of their own (pack words or frequent words: `it.dick` stays two; `con` is
    /// one, `nard` is none).  The joined token spans both parts.  `scan` is replaced by
    /// the joined scan when a pair joins, and left as it is otherwise (not moved in and
    /// out: a copy of its lists' heads each way).
    fn join_separated(&self, n: &Normalized, scan: &mut Scan) {
        let s: &Scan = scan;
        let text = &n.text;
        let size = s.words.len();
        // The separator again after the second part goes on to a third (`a.b.c`), unless
        // it ends the sentence (`a can.cer.`: a full stop, then a space or the end).
        let continues = |at: usize, sep: u32| {
            text.get(at) == Some(&sep) && text.get(at + 1).is_some_and(|&c| !is_space(c))
        };
        // The character between the two asked first: most pairs of tokens are apart by
        // a space, and most of those that touch are a word and a mark.
        let joinable = |q: usize| {
            let (a, b) = (s.ends[q], s.starts[q + 1]);
            b == a + 1
                && text.get(a).is_some_and(|&c| is_inner_sep(c))
                && s.kinds[q] == TokenKind::Word
                && s.kinds[q + 1] == TokenKind::Word
                && (s.starts[q] == 0 || text[s.starts[q] - 1] != text[a])
                && !continues(s.ends[q + 1], text[a])
        };
        let pairs: Vec<(usize, String, Look, &'static str)> = (0..size.saturating_sub(1))
            .filter(|&q| joinable(q))
            .filter_map(|q| {
                let (w, look, step) = self.join_pair(&s.words[q], &s.words[q + 1])?;
                Some((q, w, look, step))
            })
            .collect();
        if pairs.is_empty() {
            return;
        }
        let mut out = Scan::with_capacity(size, s.words.bytes());
        out.prints.reserve_exact(size);
        out.entries.reserve_exact(size);
        out.steps.reserve_exact(size);
        let mut next = pairs.iter().peekable();
        let mut q = 0;
        while q < size {
            if let Some(&&(p, ref word, look, step)) = next.peek() {
                if p == q {
                    next.next();
                    out.push(word, s.starts[q], s.ends[q + 1], TokenKind::Word);
                    out.prints.push(Print::of(word));
                    out.entries.push(Some(look));
                    out.steps.push(step);
                    // A pair overlapping this one (`a.b.c` is excluded, but be safe).
                    while next.peek().is_some_and(|x| x.0 <= q + 1) {
                        next.next();
                    }
                    q += 2;
                    continue;
                }
            }
            out.push(&s.words[q], s.starts[q], s.ends[q], s.kinds[q]);
            out.prints.push(s.print(q));
            out.entries.push(s.entries[q]);
            out.steps.push(s.steps.get(q));
            q += 1;
        }
        *scan = out;
    }

    /// Whether two tokens of a comment would be read as one (`Lexicon::join_separated`):
    /// the quick reject then lets the comment through (`f.ck` holds no trigger).
    pub fn joins_separated(&self, n: &Normalized, tokens: &Tokens) -> bool {
        let text = &n.text;
        if !text.iter().any(|&c| is_inner_sep(c)) {
            return false;
        }
        let t = tokens;
        (1..t.len()).any(|q| {
            let (a, b) = (t.ends[q - 1], t.starts[q]);
            b == a + 1
                && text.get(a).is_some_and(|&c| is_inner_sep(c))
                && t.kinds[q - 1] == TokenKind::Word
                && t.kinds[q] == TokenKind::Word
                && self.join_pair(&t.words[q - 1], &t.words[q]).is_some()
        })
    }

    /// The word two separated parts form (`con`+`nard`, `f`+`ck`) and the matcher step
    /// that says how, if any: see [`Lexicon::join_separated`].
    pub(super) fn join_pair(&self, a: &str, b: &str) -> Option<(String, Look, &'static str)> {
        let known = |w: &str| self.index.contains_key(w) || self.segmenter.frequent(w);
        // The second part asked first (the same answer: both must be known): it is the
        // one a mask is typed into (`coffee_*ouse`), seldom a word, so one question is
        // asked where two were.  The words are glued by `concat`, which sizes the word
        // once, where `format!` grew it a piece at a time (a third of this function).
        if known(b) && known(a) {
            return None;
        }
        let joined = [a, b].concat();
        if cp_len(&joined) >= 3 && !self.allow.contains(&joined) {
            // The exact form or a stem of the packs (not a typo or a mask reading).
            if let Some(look) = self.exact_or_stem(&joined) {
                return Some((joined, look, "split_letters"));
            }
        }
        let masked = [a, "*", b].concat();
        if cp_len(&masked) < 4 {
            return None;
        }
        let form = self.masked_forms(&masked).into_iter().next()?;
        let look = Look::Index(self.get(&form)?);
        Some((form, look, "masks"))
    }

    /// What [`Lexicon::lookup`] of `word` finds as the word itself or a stem of the
    /// packs (its step `""` or `stem`), and with terms when it is an entry.
    ///
    /// A word holding a mask (`coffee*ouse`, two tokens joined across a `_` or a `.`)
    /// is asked its entry alone: every other reading `lookup` gives it is a mask's, a
    /// typo's or a leet one (the stem readings are asked of words without a mask
    /// only), so the masked readings it would work out, the costly part of a masked
    /// word's lookup, would be dropped here.  An entry `lookup` answers with the step
    /// `""` after a masked reading found nothing has no terms (an entry with terms
    /// says something, and is answered first), and is none here either.  The
    /// property test `exact_or_stem_is_what_lookup_gives` compares the two.
    pub(crate) fn exact_or_stem(&self, word: &str) -> Option<Look> {
        if word.as_bytes().contains(&b'*') {
            let e = self.entry_of_hashed(word, word_hash(word))?;
            return (!self.entries[e as usize].terms.is_empty()).then_some(Look::Index(e));
        }
        match self.lookup(word, false) {
            (Some(look), "" | "stem") if !self.look_terms(look).is_empty() => Some(look),
            _ => None,
        }
    }

    /// The word a mention token stands for when its `@` is an `a` (`@sshole`,
    /// `@ss`): the `a` and the rest (letters only, two or more) form a term of the
    /// packs.  A handle (`@user`, `@bob`, `@marie_88`) forms none and stays a mention.
    pub fn mention_as_word(&self, word: &str, kind: TokenKind) -> Option<String> {
        if kind != TokenKind::Mention {
            return None;
        }
        let rest = word.strip_prefix('@')?;
        let letter = |c: char| crate::unicode::is_alpha(c as u32);
        if cp_len(rest) < 2 || !rest.chars().all(|c| letter(c) || c == '*') {
            return None;
        }
        // The word behind an `a`, spelled on the stack when short (most handles are no
        // entry: no `String` is made for them).
        let mut room = [0u8; 64];
        let spelled;
        let word = match room.get_mut(..rest.len() + 1) {
            Some(place) => {
                place[0] = b'a';
                place[1..].copy_from_slice(rest.as_bytes());
                // `a` and a whole `&str` after it: UTF-8, the check cannot fail.
                std::str::from_utf8(place).ok()?
            }
            None => {
                spelled = format!("a{rest}");
                &spelled
            }
        };
        if word.contains('*') {
            // `@ssh*le`: the masked handle may still be a term behind an `a`.
            return self.masked_forms(word).into_iter().next();
        }
        let e = self.get(word)?;
        let known = !self.entries[e as usize].terms.is_empty() && !self.allow.contains(word);
        known.then(|| word.to_owned())
    }
}

impl Scan {
    /// A scan with room for `size` tokens in the lists [`Scan::push`] fills; the
    /// lookups' lists and the prints are made when they are filled (the prints are
    /// most often the ones the quick reject worked out, moved in).
    fn with_capacity(size: usize, bytes: usize) -> Scan {
        Scan {
            words: Words::with_capacity(size, bytes),
            starts: Vec::with_capacity(size),
            ends: Vec::with_capacity(size),
            kinds: Vec::with_capacity(size),
            ..Scan::default()
        }
    }

    /// The print of word `q` ([`Print::of`]): the one the scan worked out, or worked out
    /// now for a scan that keeps none.
    #[inline]
    pub fn print(&self, q: usize) -> Print {
        match self.prints.get(q) {
            Some(&p) if self.prints.len() == self.words.len() => {
                debug_assert_eq!(p, Print::of(&self.words[q]), "a stale print");
                p
            }
            _ => Print::of(&self.words[q]),
        }
    }

    /// The segmenter's gate of word `q` when the scan knew it ([`Scan::gates`]).
    #[inline]
    pub fn gate(&self, q: usize) -> Option<bool> {
        self.gate_state(q).known()
    }

    /// Whether the segmenter has nothing to ask of word `q` but an elided run
    /// ([`Gate::Settled`]).
    #[inline]
    pub fn settled(&self, q: usize) -> bool {
        self.gate_state(q) == Gate::Settled
    }

    /// What the scan knew of word `q`'s gate ([`Scan::gates`]).
    #[inline]
    fn gate_state(&self, q: usize) -> Gate {
        match self.gates.get(q) {
            Some(&g) if self.gates.len() == self.words.len() => g,
            _ => Gate::Unknown,
        }
    }

    /// Set word `q` to `word` (its print too, when the scan keeps them; its gate is
    /// forgotten).
    pub fn set_word(&mut self, q: usize, word: &str) {
        if self.prints.len() == self.words.len() {
            self.prints[q] = Print::of(word);
        }
        if self.gates.len() == self.words.len() {
            self.gates[q] = Gate::Unknown;
        }
        self.words.set(q, word);
    }

    /// The words and their places, the rest given back: what the weighing reads once
    /// the hits are found.  The entries, steps, kinds and prints are a token long each
    /// (about half the scan's room); a long comment's peak is reached while its hits
    /// are weighed and its matches made, so they are not kept until then.
    pub fn into_spans(self) -> Spans {
        self.into_spans_keeping(&mut Scratch::default())
    }

    /// [`Scan::into_spans`], the lists not kept given back to `scratch` (their room,
    /// for a later comment).
    pub fn into_spans_keeping(self, scratch: &mut Scratch) -> Spans {
        scratch::keep(&mut scratch.kinds, self.kinds);
        scratch::keep(&mut scratch.entries, self.entries);
        scratch::keep(&mut scratch.steps, self.steps.0);
        scratch::keep(&mut scratch.prints, self.prints);
        scratch::keep(&mut scratch.gates, self.gates);
        Spans {
            words: self.words,
            starts: self.starts,
            ends: self.ends,
        }
    }

    fn push(&mut self, word: &str, start: usize, end: usize, kind: TokenKind) {
        self.words.push(word);
        self.starts.push(start);
        self.ends.push(end);
        self.kinds.push(kind);
    }
}

/// Where a phrase with gaps ends when it starts at `words[i]`, or `None`.
pub fn match_with_gaps<W: super::TokenList + ?Sized, T: super::TokenList + ?Sized>(
    words: &W,
    i: usize,
    tokens: &T,
) -> Option<usize> {
    let mut pos = i;
    let size = words.count();
    let mut k = 0;
    while k < tokens.count() {
        let token = tokens.token(k);
        if token == GAP {
            let following = (k + 1 < tokens.count()).then(|| tokens.token(k + 1))?;
            // The shortest gap after which the next word of the phrase stands.
            let skip = (0..=MAX_GAP)
                .find(|skip| pos + skip < size && words.token(pos + skip) == following)?;
            pos += skip;
            k += 1;
            continue;
        }
        if pos >= size || words.token(pos) != token {
            return None;
        }
        pos += 1;
        k += 1;
    }
    Some(pos)
}
