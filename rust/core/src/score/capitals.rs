//! Languages that capitalise every noun (German; a pack's `nouns_capitalised` in
//! `tokens.toml`): there a Title-case word beside another is how nouns are written
//! ("ein Haufen Idioten", "Du Vollidiot"), not the sign of a proper name, so the
//! proper-name rule stands down for such a language's terms and for the comments
//! guessed in it.  Real names keep their protection where the rule still reads them:
//! in the other languages, and beside words no loaded pack or list knows (see
//! [`Nouns::stands_down`]).

use super::Hit;
use crate::lexicon::Lexicon;

/// Where the comment being scored capitalises its nouns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Nouns {
    /// The capitalising languages among the comment's active ones: their terms are
    /// read as nouns, whatever the guess says of the rest of the comment.
    pub terms: u32,
    /// Whether the comment may be read in a capitalising language (its guessed leader;
    /// with no leader, one of its active languages; the language forced on it): every
    /// term of it is then read as a noun ("Du Bitch" borrows an English noun,
    /// capitalised the German way; "TypischNigger." has too few words for a guess).
    pub comment: bool,
}

/// The languages a comment may be read in, for what only some languages write: its
/// guessed leader; with no leader, its active languages; the language forced on it.
pub fn reading(active: u32, lead: u32, forced: bool) -> u32 {
    if forced || lead == 0 {
        active
    } else {
        lead
    }
}

impl Nouns {
    /// The comment's capitalising languages: `active`, the languages whose terms
    /// count; `lead`, the guessed leader's bit (`0` when none or forced); `forced`,
    /// whether the caller named the language (then `active` is it).
    pub fn of(lex: &Lexicon, active: u32, lead: u32, forced: bool) -> Self {
        let reading = reading(active, lead, forced);
        Nouns {
            terms: lex.capitalised & active,
            comment: reading & lex.capitalised != 0,
        }
    }

    /// Whether the proper-name rule stands down for hit `h`: its term is of a
    /// capitalising language the comment may be in, or the comment is read in one.
    /// Not for a typo reading: a Title-case word one letter off a term, beside another
    /// Title-case word, is more often a name than a misspelt noun ("Frau Doktor
    /// Luger" is no `lügner`).
    pub fn stands_down(&self, h: &Hit) -> bool {
        h.step() != "fuzzy" && (self.comment || h.term.lang_bit & self.terms != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::scored;
    use super::super::*;
    use crate::lexicon::tests::tiny;

    /// Whether `lex` flags `text`, folded by the normaliser (case matters here).
    fn flagged(lex: &Lexicon, text: &str) -> bool {
        scored(lex, text).flagged
    }

    #[test]
    fn a_title_case_insult_beside_a_noun_counts_where_nouns_are_capitalised() {
        let mut lex = tiny();
        let text = "What a Stupid Idiot, you know that well enough";
        // Read as a name ("Stupid Idiot") where only names are capitalised...
        assert!(!flagged(&lex, text));
        lex.capitalised = 1;
        // ... and as a noun in a language that capitalises its nouns.
        assert!(flagged(&lex, text));
    }

    #[test]
    fn another_language_keeps_its_proper_names() {
        let mut lex = tiny();
        lex.languages.push("de".into());
        lex.capitalised = 2; // the second language, not the term's
        let text = "What a Stupid Idiot, you know that well enough";
        // "you" votes for the first language: the comment is guessed in it.
        assert!(!flagged(&lex, text));
        assert!(flagged(&lex, &text.to_lowercase()));
        // With no function word the comment may be in the second language, which
        // reads its nouns capitalised.
        let you = lex.index["you"] as usize;
        lex.entries[you].langs = 0;
        assert!(flagged(&lex, text));
    }

    #[test]
    fn a_typo_reading_beside_a_title_case_word_stays_a_name() {
        let mut lex = tiny();
        lex.capitalised = 1;
        // `idoit` is the tiny lexicon's typo form of `idiot`.
        assert!(!flagged(
            &lex,
            "What a Stupid Idoit, you know that well enough"
        ));
        assert!(flagged(
            &lex,
            "what a stupid idoit, you know that well enough"
        ));
    }
}
