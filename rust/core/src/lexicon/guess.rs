//! The language guess: the packs' function words vote, each for less the more loaded
//! languages know it (docs/scoring.md, "Language").
//!
//! A one-line comment holds few function words, and the Romance languages share most of
//! theirs once accents are folded (`de`, `que`, `e`, `no`, `a`): counting them all alike
//! reads a Portuguese line as Spanish whenever the Spanish list has one more of its
//! words. So a word's vote is split between the loaded languages that know it (as a
//! function word, a context word or a term): `os`, Portuguese and Spanish, gives each
//! half a vote; `você`, Portuguese only, a whole one; and the English pronoun `i`, an
//! Italian article too, gives Italian only half. The shares are worked out once per
//! lexicon.
//!
//! The guess must never cost recall (a language left out has its terms count for less
//! and its context words not at all), so it keeps every language it is unsure of:
//! - every language within half of the best vote is active (code-mixed comments);
//! - a guess resting on less than one whole vote (only words other loaded languages
//!   know too) is weak: every loaded language stays active and no language is named;
//! - a tie names no language (the tied ones are all active).

use super::{Lexicon, TokenList};
use crate::segment::Print;

/// One whole vote: the share of a word only one loaded language knows. A word `k`
/// languages know gives each `VOTE / k`; 720,720 is the least common multiple of 1 to
/// 16, so the shares of up to 16 languages are exact and the sums deterministic.
pub const VOTE: u32 = 720_720;

/// The most languages a guess tells apart (the bit masks are `u32`).
const MAX_LANGUAGES: usize = 32;

/// Each entry's share of a vote (`0`: the entry is no language's function word).
pub(super) fn vote_shares(lex: &Lexicon) -> Vec<u32> {
    let mut shares = vec![0; lex.entries.len()];
    for (i, e) in lex.entries.iter().enumerate() {
        if e.langs != 0 {
            shares[i] = VOTE / knowers(lex, i as u32).count_ones();
        }
    }
    shares
}

/// The bit mask of the loaded languages whose pack knows the word of entry `i`: as a
/// function word, a context word, a term or the start of one. English knows `die` (the
/// start of `die in a fire`): the German article votes for German with half a vote.
/// The general word lists are left out: the English and French ones, drawn from the
/// web, list `que`, `os` and `um` too, and would blur every Romance word alike.
fn knowers(lex: &Lexicon, i: u32) -> u32 {
    let e = &lex.entries[i as usize];
    let term_bit = |t: u32| lex.terms[t as usize].lang_bit;
    let mut mask = e.langs;
    mask |= e.lang_roles.iter().fold(0, |a, &(b, _)| a | b);
    mask |= e.terms.iter().fold(0, |a, &(t, _)| a | term_bit(t));
    for p in e.phrases.values().flatten() {
        let p = &lex.phrases[*p as usize];
        mask |= p.lang_bit | p.term.map_or(0, term_bit);
    }
    mask
}

/// The bit mask of every language of a lexicon of `size` languages.
fn all_of(size: usize) -> u32 {
    if size >= MAX_LANGUAGES {
        u32::MAX
    } else {
        (1u32 << size) - 1
    }
}

/// What a guess's votes say before any tie is broken.
struct Count {
    /// The languages with the best vote (several: a tie).
    tied: u32,
    /// The languages within half of the best vote.
    voted: u32,
    /// The best vote is less than one whole vote.
    weak: bool,
}

impl Count {
    /// The count of the loaded languages' `votes`; `None` when no word voted.
    fn of(votes: &[u64]) -> Option<Count> {
        let best = votes.iter().copied().max().unwrap_or(0);
        if best == 0 {
            return None;
        }
        let mut count = Count {
            tied: 0,
            voted: 0,
            weak: best < u64::from(VOTE),
        };
        for (b, &v) in votes.iter().enumerate() {
            count.tied |= u32::from(v == best) << b;
            count.voted |= u32::from(v * 2 >= best) << b;
        }
        Some(count)
    }
}

impl Lexicon {
    /// Each index entry's share of a vote in the language guess, worked out on first use.
    pub fn vote_shares(&self) -> &[u32] {
        self.votes.get_or_init(|| vote_shares(self))
    }

    /// The language guess from the index entries of a comment's function words and its
    /// words (read only to break a tie). Returns the language's index (`None`: no vote,
    /// or a tie nothing breaks) and the bit mask of the active languages.
    pub fn guess_language<W: TokenList + ?Sized>(
        &self,
        entries: impl Iterator<Item = u32>,
        words: &W,
    ) -> (Option<usize>, u32) {
        let (leader, active, _) = self.guess_with_voted(entries, words);
        (leader, active)
    }

    /// [`Lexicon::guess_language`], and the languages the votes point to: those within
    /// half of the best vote, even when the guess is weak and every language stays
    /// active (all of them when no word voted).  A weak guess keeps every pack's terms
    /// (recall), but a context word is read only in a language the comment may be in:
    /// the German reporting verb `las` is no reporting verb in "Las mujeres dan asco".
    pub fn guess_with_voted<W: TokenList + ?Sized>(
        &self,
        entries: impl Iterator<Item = u32>,
        words: &W,
    ) -> (Option<usize>, u32, u32) {
        let size = self.languages.len().min(MAX_LANGUAGES);
        let all = all_of(size);
        if size <= 1 {
            return (if size == 1 { Some(0) } else { None }, all, all);
        }
        let votes = self.tally(entries);
        let Some(count) = Count::of(&votes[..size]) else {
            return (None, all, all);
        };
        let leader = if count.tied.count_ones() == 1 {
            Some(count.tied.trailing_zeros() as usize)
        } else {
            self.break_tie(count.tied, words)
        };
        if count.weak {
            return (leader, all, count.voted);
        }
        (leader, count.voted, count.voted)
    }

    /// The languages the votes point to, as [`Lexicon::guess_with_voted`] gives them
    /// (its third answer), without the leader: no tie is broken.  A caller that reads
    /// only these (the typo forms' reading, `scan.rs`) paid for a tie break it threw
    /// away, a walk of the comment's words and a table probe a word and tied language
    /// (six packs tie three times as often as two: `a`, `no`, `me` are function words
    /// of four or five of them).  The same answer by construction: `voted` is worked
    /// out from the votes alone ([`Count::of`]), before and apart from any tie break.
    pub fn voted_languages(&self, entries: impl Iterator<Item = u32>) -> u32 {
        let size = self.languages.len().min(MAX_LANGUAGES);
        let all = all_of(size);
        if size <= 1 {
            return all;
        }
        let votes = self.tally(entries);
        Count::of(&votes[..size]).map_or(all, |count| count.voted)
    }

    /// Each loaded language's votes from the index entries of a comment's function words.
    /// Each caller filters a scan's entries to its function words in a closure of its
    /// own, on purpose: one shared iterator (a `Lexicon::voters`, tried in round 33's
    /// review) made this one out-of-line function for all of them, +0.5 % instructions on
    /// Davidson, where each caller's own filter is inlined with it.
    fn tally(&self, entries: impl Iterator<Item = u32>) -> [u64; MAX_LANGUAGES] {
        let all = all_of(self.languages.len().min(MAX_LANGUAGES));
        let shares = self.vote_shares();
        let mut votes = [0u64; MAX_LANGUAGES];
        for e in entries {
            let share = u64::from(shares[e as usize]);
            let mut mask = self.entries[e as usize].langs & all;
            while mask != 0 {
                votes[mask.trailing_zeros() as usize] += share;
                mask &= mask - 1;
            }
        }
        votes
    }

    /// The languages the votes point to ([`Lexicon::guess_with_voted`]) when the guess
    /// rests on one whole vote at least and leaves some loaded language out; 0 when it
    /// is weak, when every language is voted for, or when one language is loaded.  No
    /// tie is broken (the leader is not asked for): the segmenter's cheap gate for words
    /// of languages a comment is not in (`Lexicon::foreign_pieces`).
    pub fn strong_votes(&self, entries: impl Iterator<Item = u32>) -> u32 {
        let size = self.languages.len().min(MAX_LANGUAGES);
        if size <= 1 {
            return 0;
        }
        let votes = self.tally(entries);
        match Count::of(&votes[..size]) {
            Some(count) if !count.weak && count.voted != all_of(size) => count.voted,
            _ => 0,
        }
    }

    /// Of the tied languages, the one whose general word list knows the most words of
    /// the comment ("got ya bitch tip toeing on my hardwood floors": `got` English, `on`
    /// French, every other word English); when the lists tie too, the one that knows
    /// the most of them in its list or its pack, as a function or a context word. The
    /// lists, drawn from the web, hold words of every language (the Spanish one has
    /// `adore`), a pack lists its own: the French elision `j'` (a context word) of
    /// "J'adore les homos" breaks the French-Spanish tie of `les`, which the lists leave
    /// (`adore`, `les`: two words each).  Only when every tied language has a list: a
    /// language without one would lose every tie. `None` when that is still a tie.
    pub(super) fn break_tie<W: TokenList + ?Sized>(&self, tied: u32, words: &W) -> Option<usize> {
        match self.break_tie_by(tied, words, false) {
            // The lists leave a tie of `first`: their words and the packs' (a lookup a
            // word, only then).
            (None, first) if first != 0 => self.break_tie_by(first, words, true).0,
            (leader, _) => leader,
        }
    }

    /// [`Lexicon::break_tie`] by the lists, and by the packs' own words too when
    /// `packs`: the leader, or `None` and the languages still tied (0: a tied language
    /// has no list).
    fn break_tie_by<W: TokenList + ?Sized>(
        &self,
        tied: u32,
        words: &W,
        packs: bool,
    ) -> (Option<usize>, u32) {
        let lists = &self.segmenter;
        let listed = |l: usize| l < lists.languages.len() && !lists.languages[l].is_empty();
        let tied_ones = || (0..MAX_LANGUAGES).filter(move |&l| tied >> l & 1 == 1);
        if !tied_ones().all(listed) {
            return (None, 0);
        }
        // Each word's print worked out once for every tied language (six packs tie
        // more languages, and a print walks the word's letters).
        let mut known = [0usize; MAX_LANGUAGES];
        for k in 0..words.count() {
            let word = words.token(k);
            let v = Print::of(word).value();
            let own = if packs {
                self.get(word).map_or(0, |e| {
                    let e = &self.entries[e as usize];
                    e.lang_roles.iter().fold(e.langs, |a, &(b, _)| a | b)
                })
            } else {
                0
            };
            let mut rest = tied;
            while rest != 0 {
                let l = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                known[l] += usize::from(own >> l & 1 == 1 || lists.knows_value_in(l, v));
            }
        }
        let most = tied_ones().map(|l| known[l]).max().unwrap_or(0);
        let first = tied_ones()
            .filter(|&l| known[l] == most)
            .fold(0u32, |m, l| m | 1 << l);
        if first.count_ones() == 1 {
            (Some(first.trailing_zeros() as usize), first)
        } else {
            (None, first)
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::lexicon::{role, Category, Entry, TermRef};

    /// A lexicon of `languages` whose function words are `(word, bit mask)`, with the
    /// English pronoun `i` a context word of the first language and `con` a term of the
    /// second.
    fn lexicon(languages: &[&str], words: &[(&str, u32)]) -> Lexicon {
        let mut lex = Lexicon {
            languages: languages.iter().map(|l| l.to_string()).collect(),
            ..Default::default()
        };
        lex.terms.push(TermRef {
            id: 0,
            term: "con".into(),
            category: Category::Insult,
            severity: 2,
            targeted: false,
            ambiguous: false,
            benign_context: Default::default(),
            benign_phrases: Vec::new(),
            lang_bit: 2,
            lang: "fr".into(),
            letters: Vec::new(),
        });
        for &(word, langs) in words {
            let mut e = Entry {
                langs,
                ..Default::default()
            };
            if word == "i" {
                e.lang_roles = vec![(1, role::SELF)];
            }
            if word == "con" {
                e.terms = vec![(0, "")];
            }
            lex.index.insert(word.into(), lex.entries.len() as u32);
            lex.entries.push(e);
        }
        lex
    }

    const EN: u32 = 1;
    const FR: u32 = 2;
    const ES: u32 = 4;
    const IT: u32 = 8;
    const PT: u32 = 16;

    fn six() -> Lexicon {
        lexicon(
            &["en", "fr", "es", "it", "pt", "de"],
            &[
                ("the", EN),
                ("and", EN),
                ("les", FR),
                ("de", FR | ES | PT),
                ("que", FR | ES | IT | PT),
                ("os", ES | PT),
                ("e", ES | IT | PT),
                ("o", ES | IT | PT),
                ("no", ES | PT),
                ("voce", PT),
                ("um", PT),
                ("el", ES),
                ("che", IT),
                ("i", IT),
                ("con", ES | IT),
            ],
        )
    }

    fn guess<'a>(lex: &'a Lexicon, words: &str) -> (Option<&'a str>, Vec<&'a str>) {
        let list: Vec<&str> = words.split(' ').collect();
        let entries = list.iter().filter_map(|w| lex.get(w));
        let (best, active) = lex.guess_language(entries, &list);
        let on = (0..lex.languages.len()).filter(|&b| active >> b & 1 == 1);
        (
            best.map(|b| lex.languages[b].as_str()),
            on.map(|b| lex.languages[b].as_str()).collect(),
        )
    }

    #[test]
    fn a_word_only_one_language_has_outweighs_words_many_share() {
        let lex = six();
        // os (es, pt), que (four), um (pt only): Portuguese, Spanish not within half.
        assert_eq!(guess(&lex, "os que um"), (Some("pt"), vec!["pt"]));
        // A word only Spanish has against one Spanish and Portuguese share.
        assert_eq!(guess(&lex, "el os"), (Some("es"), vec!["es"]));
    }

    #[test]
    fn shares_count_every_language_that_knows_the_word() {
        let lex = six();
        let shares = lex.vote_shares();
        let share = |w: &str| shares[lex.get(w).unwrap() as usize];
        assert_eq!(share("voce"), VOTE);
        assert_eq!(share("os"), VOTE / 2);
        assert_eq!(share("que"), VOTE / 4);
        // English knows `i` (a context word), French `con` (a term).
        assert_eq!(share("i"), VOTE / 2);
        assert_eq!(share("con"), VOTE / 3);
    }

    #[test]
    fn a_weak_guess_keeps_every_language() {
        let lex = six();
        let everyone = vec!["en", "fr", "es", "it", "pt", "de"];
        // "I hate women": the Italian article `i` is an English pronoun too.
        assert_eq!(guess(&lex, "i hate women"), (Some("it"), everyone.clone()));
        // `que`: a tie of four that no word list breaks.
        assert_eq!(guess(&lex, "que"), (None, everyone.clone()));
        assert_eq!(guess(&lex, "nothing here"), (None, everyone));
    }

    #[test]
    fn the_word_lists_break_a_tie_when_every_tied_language_has_one() {
        let mut lex = six();
        let list = |w: &[&str]| (w.iter().map(|s| s.to_string()).collect(), Vec::new());
        let lists = vec![
            list(&["the", "got", "my", "floors"]),
            list(&["on", "les"]),
            list(&[]),
            list(&[]),
            list(&[]),
            list(&[]),
        ];
        lex.segmenter = crate::segment::Segmenter::new(lists, Default::default());
        lex.index.insert("on".into(), lex.entries.len() as u32);
        lex.entries.push(Entry {
            langs: FR,
            ..Default::default()
        });
        // `the` English, `on` French: the English list knows more of the words.
        assert_eq!(
            guess(&lex, "got the on my floors"),
            (Some("en"), vec!["en", "fr"])
        );
        // Spanish and Portuguese have no list: their tie stays one.
        assert_eq!(guess(&lex, "o de e no").0, None);
    }

    #[test]
    fn a_tie_the_lists_leave_goes_to_the_pack_that_knows_more_words() {
        // `both` a function word of English and French and a word of both lists; the
        // English context word `i` (the pronoun) is no word of either list.
        let mut lex = lexicon(&["en", "fr"], &[("both", EN | FR), ("i", 0), ("x", 0)]);
        let list = |w: &[&str]| (w.iter().map(|s| s.to_string()).collect(), Vec::new());
        let lists = vec![list(&["both", "x"]), list(&["both", "x"])];
        lex.segmenter = crate::segment::Segmenter::new(lists, Default::default());
        assert_eq!(guess(&lex, "both i x").0, Some("en"));
        // The lists alone leave the tie, and so do the packs: no language named.
        assert_eq!(guess(&lex, "both x").0, None);
    }

    #[test]
    fn strong_votes_leave_a_language_out_or_say_nothing() {
        let lex = six();
        let strong = |words: &str| {
            let entries = words.split(' ').filter_map(|w| lex.get(w));
            lex.strong_votes(entries)
        };
        // `um` is a whole vote for Portuguese; Spanish (`os`, `que`) is not within half.
        assert_eq!(strong("os que um"), PT);
        // Two whole votes of two languages: both, no tie broken.
        assert_eq!(strong("the voce"), EN | PT);
        // Less than one whole vote, or none: a weak guess leaves no language out.
        assert_eq!(strong("que"), 0);
        assert_eq!(strong("nothing here"), 0);
        // One language loaded: no other language to leave out.
        assert_eq!(
            lexicon(&["en"], &[("the", EN)]).strong_votes([0].into_iter()),
            0
        );
    }

    #[test]
    fn a_tie_names_no_language_and_keeps_the_tied_ones() {
        let lex = six();
        // o, de, e, no: every one Spanish and Portuguese.
        let (best, active) = guess(&lex, "o de e no");
        assert_eq!(best, None);
        assert!(active.contains(&"es") && active.contains(&"pt"));
    }

    #[test]
    fn code_mixed_comments_keep_both_languages() {
        let lex = six();
        assert_eq!(guess(&lex, "the voce"), (None, vec!["en", "pt"]));
        assert_eq!(guess(&lex, "the and voce"), (Some("en"), vec!["en", "pt"]));
    }

    #[test]
    fn one_language_is_always_the_guess() {
        let lex = lexicon(&["en"], &[("the", EN)]);
        assert_eq!(guess(&lex, "que"), (Some("en"), vec!["en"]));
        let none = lexicon(&[], &[]);
        assert_eq!(
            none.guess_language(std::iter::empty(), &[""][..]),
            (None, 0)
        );
    }

    proptest! {
        #[test]
        fn the_guess_is_active_and_order_free(picks in prop::collection::vec(0usize..15, 0..40)) {
            let lex = six();
            let keys: Vec<&str> = {
                let mut k: Vec<(&str, &u32)> = lex.index.iter().collect();
                k.sort_by_key(|&(_, &e)| e);
                k.into_iter().map(|(w, _)| w).collect()
            };
            let entries: Vec<u32> = picks.iter().map(|&p| lex.index[keys[p]]).collect();
            let (best, active) = lex.guess_language(entries.iter().copied(), &[""][..]);
            prop_assert!(active != 0);
            if let Some(b) = best {
                prop_assert!(active >> b & 1 == 1);
            } else {
                // No language named: a weak guess keeps every one, a tie several.
                prop_assert!(active == all_of(6) || active.count_ones() >= 2);
            }
            let reversed = lex.guess_language(entries.iter().rev().copied(), &[""][..]);
            prop_assert_eq!((best, active), reversed);
        }

        #[test]
        fn the_voted_languages_are_the_guess_s_without_a_tie_break(
            picks in prop::collection::vec(0usize..15, 0..12),
        ) {
            // Words the lists know break some ties, so a tie break that changed `voted`
            // (or a shortcut that skipped a language) would show.
            let mut lex = six();
            let list = |w: &[&str]| (w.iter().map(|s| s.to_string()).collect(), Vec::new());
            let lists = vec![
                list(&["the", "and", "i"]),
                list(&["les", "de", "que"]),
                list(&["de", "que", "os", "el", "no"]),
                list(&["che", "e", "o", "i"]),
                list(&["voce", "um", "os", "no"]),
                list(&[]),
            ];
            lex.segmenter = crate::segment::Segmenter::new(lists, Default::default());
            let keys: Vec<&str> = {
                let mut k: Vec<(&str, &u32)> = lex.index.iter().collect();
                k.sort_by_key(|&(_, &e)| e);
                k.into_iter().map(|(w, _)| w).collect()
            };
            let words: Vec<&str> = picks.iter().map(|&p| keys[p]).collect();
            let entries = || words.iter().filter_map(|w| lex.get(w));
            let (_, _, voted) = lex.guess_with_voted(entries(), &words);
            prop_assert_eq!(lex.voted_languages(entries()), voted);
            let one = lexicon(&["en"], &[("the", EN)]);
            prop_assert_eq!(one.voted_languages(entries()), one.guess_with_voted(entries(), &words).2);
        }

        #[test]
        fn a_vote_for_a_language_never_drops_it(picks in prop::collection::vec(0usize..15, 0..20)) {
            // Adding a word only Portuguese has never takes Portuguese out of the active set.
            let lex = six();
            let mut entries: Vec<u32> = picks.iter().map(|&p| p as u32).collect();
            let (_, before) = lex.guess_language(entries.iter().copied(), &[""][..]);
            entries.push(lex.get("voce").unwrap());
            let (_, after) = lex.guess_language(entries.iter().copied(), &[""][..]);
            prop_assert!(before & PT == 0 || after & PT != 0);
        }
    }
}
