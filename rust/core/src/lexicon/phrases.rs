//! The lexicon's phrases (multi-token terms, identity and context phrases: some 4,300
//! for two packs) in one table.
//!
//! A `Vec` of phrases each holding a `Vec<String>` of tokens spends a heap block and 24
//! bytes on every token and 24 more on every list: about 1.8 MB for en + fr. Here every
//! token lives in one text, a token is one `u32` bound into it, and a phrase is a few
//! `u32`s: about 40 bytes a phrase. The identity groups and languages phrases name are
//! kept once each (a handful of labels), so Python can be handed back exactly the
//! phrases it compiled (`nudge._corewords.CorePhrases`) and keep none of its own.

use std::ops::Index;

/// No label (a phrase that names no identity group).
pub const NO_LABEL: u32 = u32::MAX;

/// One phrase: what the scan and the scorer read, and where its tokens and labels are.
#[derive(Clone, Debug, PartialEq)]
pub struct Phrase {
    /// Index into [`super::Lexicon::terms`].
    pub term: Option<u32>,
    pub roles: super::role::Roles,
    /// Whether the phrase names an identity group (its label: [`Phrases::group`]; an
    /// empty group names none, as the Python core read it).
    pub identity: bool,
    /// Bit of the language whose context word this is (`0`: any).
    pub lang_bit: u32,
    /// The identity group's label ([`NO_LABEL`]: none).
    group: u32,
    /// The language's label (the empty label: any language).
    lang: u32,
    /// The first token's index in [`Phrases::bounds`], and how many tokens.
    first: u32,
    count: u32,
}

/// Every phrase of a lexicon (see the module's documentation).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Phrases {
    /// Every token of every phrase, one after the other.
    text: String,
    /// Token `i` is `text[bounds[i]..bounds[i + 1]]` (`bounds[0]` is 0 once one is added).
    bounds: Vec<u32>,
    items: Vec<Phrase>,
    /// The identity groups and language codes the phrases name, each once.
    labels: Vec<String>,
}

fn offset(n: usize) -> u32 {
    // A lexicon's phrases are a few hundred kilobytes of text.
    u32::try_from(n).expect("a phrase table under 4 GiB")
}

impl Phrases {
    /// How many phrases there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there is no phrase.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn label(&mut self, text: &str) -> u32 {
        match self.labels.iter().position(|l| l == text) {
            Some(at) => offset(at),
            None => {
                self.labels.push(text.to_owned());
                offset(self.labels.len() - 1)
            }
        }
    }

    /// Add a phrase of `tokens` (its index is the number of phrases before it).
    ///
    /// # Panics
    /// When the text would pass 4 GiB.
    pub fn push<S: AsRef<str>>(
        &mut self,
        tokens: &[S],
        term: Option<u32>,
        roles: super::role::Roles,
        group: Option<&str>,
        lang: &str,
    ) {
        if self.bounds.is_empty() {
            self.bounds.push(0);
        }
        let first = offset(self.bounds.len() - 1);
        for t in tokens {
            self.text.push_str(t.as_ref());
            self.bounds.push(offset(self.text.len()));
        }
        let label = group.map_or(NO_LABEL, |g| self.label(g));
        let lang = self.label(lang);
        self.items.push(Phrase {
            term,
            roles,
            identity: group.is_some_and(|g| !g.is_empty()),
            lang_bit: 0,
            group: label,
            lang,
            first,
            count: offset(tokens.len()),
        });
    }

    /// The tokens of phrase `p`.
    pub fn tokens(&self, p: u32) -> Tokens<'_> {
        let item = &self.items[p as usize];
        let (from, to) = (item.first as usize, (item.first + item.count) as usize);
        Tokens {
            text: &self.text,
            bounds: &self.bounds[from..=to],
        }
    }

    /// The identity group phrase `p` names, if any.
    pub fn group(&self, p: u32) -> Option<&str> {
        let label = self.items[p as usize].group;
        (label != NO_LABEL).then(|| self.labels[label as usize].as_str())
    }

    /// The language code of phrase `p` (`""`: any language).
    pub fn lang(&self, p: u32) -> &str {
        &self.labels[self.items[p as usize].lang as usize]
    }

    /// Set every phrase's language bit from its code (`bit("")` is asked too).
    pub fn set_lang_bits(&mut self, bit: impl Fn(&str) -> u32) {
        let bits: Vec<u32> = self.labels.iter().map(|l| bit(l)).collect();
        for item in &mut self.items {
            item.lang_bit = bits[item.lang as usize];
        }
    }

    /// The token phrases are filed under in their first token's entry: the second
    /// token, or [`super::GAP`] for a phrase with a gap (tried one by one).
    pub fn second_key(&self, p: u32) -> &str {
        let tokens = self.tokens(p);
        if tokens.iter().any(|t| t == super::GAP) {
            super::GAP
        } else {
            tokens.get(1)
        }
    }

    /// Every token of every phrase (repeats included).
    pub fn all_tokens(&self) -> impl Iterator<Item = &str> + '_ {
        self.bounds
            .windows(2)
            .map(|w| &self.text[w[0] as usize..w[1] as usize])
    }

    /// Give back the room growing left over (after the last push).
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.bounds.shrink_to_fit();
        self.items.shrink_to_fit();
    }
}

impl Index<usize> for Phrases {
    type Output = Phrase;

    fn index(&self, p: usize) -> &Phrase {
        &self.items[p]
    }
}

/// The tokens of one phrase.
#[derive(Clone, Copy)]
pub struct Tokens<'a> {
    text: &'a str,
    /// One more bound than tokens.
    bounds: &'a [u32],
}

impl<'a> Tokens<'a> {
    /// How many tokens.
    pub fn len(&self) -> usize {
        self.bounds.len() - 1
    }

    /// Whether there is no token.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Token `k`.
    ///
    /// # Panics
    /// When `k` is not below [`Tokens::len`].
    pub fn get(&self, k: usize) -> &'a str {
        &self.text[self.bounds[k] as usize..self.bounds[k + 1] as usize]
    }

    /// Every token, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let (text, bounds) = (self.text, self.bounds);
        bounds
            .windows(2)
            .map(move |w| &text[w[0] as usize..w[1] as usize])
    }
}

/// A list of tokens a phrase match reads ([`Tokens`], or a plain slice in tests).
pub trait TokenList {
    /// How many tokens.
    fn count(&self) -> usize;
    /// Token `k` (below [`TokenList::count`]).
    fn token(&self, k: usize) -> &str;
}

impl TokenList for Tokens<'_> {
    fn count(&self) -> usize {
        self.len()
    }
    fn token(&self, k: usize) -> &str {
        self.get(k)
    }
}

impl TokenList for crate::words::Words {
    fn count(&self) -> usize {
        self.len()
    }
    fn token(&self, k: usize) -> &str {
        &self[k]
    }
}

impl<S: AsRef<str>> TokenList for [S] {
    fn count(&self) -> usize {
        self.len()
    }
    fn token(&self, k: usize) -> &str {
        self[k].as_ref()
    }
}

impl<S: AsRef<str>> TokenList for Vec<S> {
    fn count(&self) -> usize {
        self.len()
    }
    fn token(&self, k: usize) -> &str {
        self[k].as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_keep_their_tokens_labels_and_keys() {
        let mut p = Phrases::default();
        assert!(p.is_empty() && p.all_tokens().next().is_none());
        p.push(&["fuck", "you"], Some(3), 0, None, "");
        p.push(&["make", "...", "suffer"], None, 64, None, "en");
        p.push(&["les", "juifs"], None, 1024, Some("jewish"), "fr");
        p.set_lang_bits(|l| match l {
            "en" => 1,
            "fr" => 2,
            _ => 0,
        });
        assert_eq!(p.len(), 3);
        assert_eq!(
            p.tokens(1).iter().collect::<Vec<_>>(),
            ["make", "...", "suffer"]
        );
        assert_eq!((p.tokens(0).len(), p.tokens(0).get(1)), (2, "you"));
        assert_eq!((p.second_key(0), p.second_key(1)), ("you", "..."));
        assert_eq!((p.group(0), p.group(2)), (None, Some("jewish")));
        assert_eq!((p.lang(0), p.lang(1), p.lang(2)), ("", "en", "fr"));
        assert_eq!((p[0].lang_bit, p[1].lang_bit, p[2].lang_bit), (0, 1, 2));
        assert!(p[2].identity && !p[0].identity && p[0].term == Some(3));
        assert_eq!(p.all_tokens().count(), 7);
        let mut q = p.clone();
        q.shrink_to_fit();
        assert_eq!(p, q);
    }
}
