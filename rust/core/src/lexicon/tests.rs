//! Unit and property tests of the lookup fallbacks and the scan.
use std::collections::HashMap;

use proptest::prelude::*;

use super::*;
use crate::normalize::{Normalized, Token, TokenKind};

fn term(id: i64, word: &str, category: Category, severity: u8) -> TermRef {
    TermRef {
        id,
        lang_bit: 1,
        lang: "en".into(),
        ..TermRef::plain(word.into(), category, severity)
    }
}

/// Give `lex` an entry for each word, of the lexicon's first language (bit 1), with
/// those roles: a context word of a rule under test.
pub(crate) fn add_context_words(lex: &mut Lexicon, words: &[(&str, role::Roles)]) {
    for &(word, roles) in words {
        lex.index.insert(word.into(), lex.entries.len() as u32);
        lex.entries.push(Entry {
            roles,
            lang_roles: vec![(1, roles)],
            langs: 1,
            ..Default::default()
        });
    }
}

/// A tiny lexicon: "fuck" (3), "feck" (1), "idiot" (1), a "fuck you" phrase, a stem
/// "connard", a typo form, "you" as a second-person word.
pub(crate) fn tiny() -> Lexicon {
    let mut lex = Lexicon {
        languages: vec!["en".into()],
        ..Default::default()
    };
    lex.terms = vec![
        term(0, "fuck", Category::Profanity, 3),
        term(1, "feck", Category::Profanity, 1),
        term(2, "idiot", Category::Insult, 1),
        term(3, "fuck you", Category::Harassment, 2),
        term(4, "connard", Category::Insult, 2),
    ];
    lex.phrases.push(&["fuck", "you"], Some(3), 0, None, "");
    let mut add = |key: &str, e: Entry| {
        lex.index.insert(key.into(), lex.entries.len() as u32);
        lex.entries.push(e);
    };
    let mut fuck = Entry {
        terms: vec![(0, "")],
        ..Default::default()
    };
    fuck.phrases.insert("you".into(), vec![0]);
    add("fuck", fuck);
    add(
        "feck",
        Entry {
            terms: vec![(1, "")],
            ..Default::default()
        },
    );
    add(
        "idiot",
        Entry {
            terms: vec![(2, "")],
            ..Default::default()
        },
    );
    add(
        "you",
        Entry {
            roles: role::SECOND_PERSON,
            lang_roles: vec![(1, role::SECOND_PERSON)],
            langs: 1,
            ..Default::default()
        },
    );
    lex.masked
        .insert((4, 'f'), vec![("feck".into(), 1), ("fuck".into(), 0)]);
    lex.typos.insert("idoit", "idiot");
    lex.stem_index.insert("connar".into(), 0);
    lex.stems = vec![vec![4]];
    lex.stem_lengths = vec![6];
    lex.min_stem = 6;
    lex.stem_prefixes.insert("connar".into());
    lex.triggers.extend(["fuck", "feck", "idiot", "idoit"]);
    lex.tables = Tables {
        possessives: vec!["'s".into()],
        plurals: vec!["s".into()],
        standalone: ['a', 'i'].into_iter().collect(),
        leet: HashMap::from([('0', "o".into()), ('7', "t".into())]),
        mask_letters: "etaoinshrdlcumwfgypbvkjxqz".chars().collect(),
    };
    lex
}

#[test]
fn fallbacks_find_what_the_python_core_found() {
    let lex = tiny();
    let idiot = Some(Look::Index(lex.index["idiot"]));
    assert_eq!(lex.lookup("idiot", false), (idiot, ""));
    assert_eq!(lex.lookup("idiot's", false), (idiot, ""));
    assert_eq!(lex.lookup("idoit", false), (idiot, "fuzzy"));
    assert_eq!(lex.lookup("idio7", false), (idiot, "leet"));
    assert_eq!(
        lex.lookup("f*ck", false),
        (Some(Look::Index(lex.index["fuck"])), "masks")
    );
    assert_eq!(
        lex.lookup("fuuck", true),
        (Some(Look::Index(lex.index["fuck"])), "stretched")
    );
    assert_eq!(lex.lookup("fuuck", false), (None, ""));
    assert_eq!(lex.lookup("connards", false), (Some(Look::Stem(0)), "stem"));
    assert_eq!(lex.canonical("fuuck"), "fuck");
    assert_eq!(
        lex.masked_forms("f**k"),
        vec!["fuck".to_string(), "feck".to_string()]
    );
}

#[test]
fn squeezed_and_leet_helpers() {
    assert_eq!(squeezed("fuuckk"), vec!["fuckk", "fuuck", "fuck"]);
    assert!(squeezed("abc").is_empty());
    let table = HashMap::from([('7', "t".to_string())]);
    assert_eq!(
        decode_trailing_leet("slu7", &table).as_deref(),
        Some("slut")
    );
    assert_eq!(decode_trailing_leet("a7", &table), None);
}

#[test]
fn phrases_with_and_without_gaps() {
    let lex = tiny();
    let words = ["fuck", "you"];
    assert_eq!(
        lex.phrases_at(&words[..], 0, &lex.entries[lex.index["fuck"] as usize]),
        vec![(0, 2)]
    );
    let tokens: Vec<String> = ["make", GAP, "suffer"].map(String::from).to_vec();
    assert_eq!(
        match_with_gaps(&["make", "those", "people", "suffer"][..], 0, &tokens),
        Some(4)
    );
    assert_eq!(
        match_with_gaps(&["make", "a", "b", "c", "d", "suffer"][..], 0, &tokens),
        None
    );
}

pub(crate) fn plain(text: &str) -> (Normalized, Vec<Token>) {
    let cps: Vec<u32> = text.chars().map(|c| c as u32).collect();
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut start = None;
    for (p, c) in text.chars().chain([' ']).enumerate() {
        let inside = c.is_alphanumeric() || c == '*' || c == '-' || c == '\'';
        match (inside, start) {
            (true, None) => start = Some(p),
            (false, Some(a)) => {
                tokens.push(Token {
                    word: chars[a..p].iter().collect(),
                    start: a,
                    end: p,
                    kind: TokenKind::Word,
                });
                start = None;
            }
            _ => {}
        }
    }
    (
        Normalized {
            given: None,
            text: cps,
            ..Default::default()
        },
        tokens,
    )
}

#[test]
fn scan_splits_hyphens_and_keeps_offsets() {
    let lex = tiny();
    let (n, tokens) = plain("an idiot-fuck f*ck");
    let s = lex.scan(&n, &tokens);
    assert_eq!(s.words, vec!["an", "idiot", "fuck", "fuck"]);
    assert_eq!(s.starts, vec![0, 3, 9, 14]);
    assert_eq!(s.steps.to_vec(), vec!["", "", "", "masks"]);
}

proptest! {
    #[test]
    fn lookup_and_scan_never_panic(text in "\\PC{0,40}") {
        let lex = tiny();
        let (n, tokens) = plain(&text);
        let s = lex.scan(&n, &tokens);
        for q in 0..s.words.len() {
            prop_assert!(s.starts[q] < s.ends[q] && s.ends[q] <= n.text.len());
            let _ = lex.canonical(&s.words[q]);
        }
    }
}

#[test]
fn masked_and_stretched_context_words_are_read() {
    let lex = tiny();
    let you = Some(Look::Index(lex.index["you"]));
    // A term wins; then any word the packs know, of the same shape.
    assert_eq!(lex.lookup("y*u", false), (you, "masks"));
    assert_eq!(lex.canonical("y*u"), "you");
    assert_eq!(lex.lookup("yoou", true), (you, "stretched"));
    assert_eq!(lex.canonical("yoou"), "you");
    // Too much hidden, a hidden first letter, no such word: nothing.
    assert_eq!(lex.lookup("y**", false), (None, ""));
    assert_eq!(lex.lookup("*ou", false), (None, ""));
    assert_eq!(lex.lookup("z*u", false), (None, ""));
    assert_eq!(lex.lookup("yo*", false), (None, ""));
    // Not stretched: no squeezing.
    assert_eq!(lex.lookup("yoou", false), (None, ""));
    assert_eq!(lex.stretched_word("kk"), None);
    // A possessive is read on its noun.
    assert_eq!(lex.stretched_word("yoou's").as_deref(), Some("you"));
    assert_eq!(lex.masked_word("i*iot"), Some("idiot"));
}

#[test]
fn a_phrase_settles_what_a_mask_hides() {
    use crate::normalize::{normalize, Config};
    let mut lex = tiny();
    // A phrase "feck off": "f*ck off" is "feck off", though "f*ck" alone is "fuck".
    lex.phrases.push(&["feck", "off"], Some(1), 0, None, "");
    let feck = lex.index["feck"] as usize;
    lex.entries[feck].phrases.insert("off".into(), vec![1]);
    let cps = |t: &str| t.chars().map(|c| c as u32).collect::<Vec<_>>();
    for (text, word) in [
        ("f*ck", "fuck"),
        ("f*ck you", "fuck"),
        ("f*ck off", "feck"),
        ("y*u", "you"),
    ] {
        let n = normalize(&cps(text), Config::ALL);
        let s = lex.scan(&n, &n.tokens());
        assert_eq!(&s.words[0], word, "{text}");
    }
}

#[test]
fn an_at_sign_typed_for_a_is_read_when_a_term_follows() {
    use crate::normalize::{normalize, Config};
    let lex = tiny_with_mentions_and_hyphens();
    let cps = |t: &str| t.chars().map(|c| c as u32).collect::<Vec<_>>();
    let n = normalize(&cps("you @sshole @user @bob_1"), Config::ALL);
    let tokens = n.tokens();
    let read: Vec<Option<String>> = tokens
        .iter()
        .map(|t| lex.mention_as_word(&t.word, t.kind))
        .collect();
    assert_eq!(read, vec![None, Some("asshole".into()), None, None]);
    let s = lex.scan(&n, &tokens);
    assert_eq!(&s.words[1], "asshole");
    assert_eq!(s.kinds[1], TokenKind::Word);
    assert_eq!(s.steps.get(1), "leet");
    assert_eq!((s.starts[1], s.ends[1]), (4, 11));
    assert_eq!(s.kinds[2], TokenKind::Mention);
}

/// [`tiny`] with a term behind an `@` (`asshole`) and a hyphenated entry (`well-known`).
fn tiny_with_mentions_and_hyphens() -> Lexicon {
    let mut lex = tiny();
    lex.terms.push(term(5, "asshole", Category::Insult, 2));
    lex.index.insert("asshole".into(), lex.entries.len() as u32);
    lex.entries.push(Entry {
        terms: vec![(5, "")],
        ..Default::default()
    });
    lex.index
        .insert("well-known".into(), lex.entries.len() as u32);
    lex.entries.push(Entry::default());
    lex
}

proptest! {
    /// The scan's lists moved from the tokens as they are (`whole_tokens`, when no word
    /// is split at a hyphen) are what the general path (`split_hyphens`) makes of the
    /// same tokens, mentions read as words and their places included; and the tokens
    /// by column are the tokens one by one.
    #[test]
    fn tokens_moved_whole_are_what_the_general_path_makes(
        pieces in prop::collection::vec(prop::sample::select(vec![
            "you", "@sshole", "@user", "@bob_1", "@ss", "well-known", "casse-toi", "-",
            "a-", "x-y", "\u{1F602}", "#tag", "l'idiot", "fuck", "f*ck", "Well-Known",
        ]), 0..10),
        glue in prop::sample::select(vec![" ", "-", ", ", ""]),
    ) {
        use crate::normalize::{normalize, Config, Tokens};
        let lex = tiny_with_mentions_and_hyphens();
        let text: Vec<u32> = pieces.join(glue).chars().map(|c| c as u32).collect();
        let n = normalize(&text, Config::ALL);
        let tokens = n.token_columns();
        prop_assert_eq!(&Tokens::from(&n.tokens()[..]), &tokens);
        let hyphens = n.text.iter().filter(|&&c| c == '-' as u32).count();
        let split = (0..tokens.len())
            .any(|q| lex.splits_at_hyphens(&tokens.words[q], tokens.kinds[q]));
        let (mut general_at, mut moved_at) = (Vec::new(), Vec::new());
        let mut room = crate::scratch::Scratch::default();
        let general =
            lex.split_hyphens(tokens.clone(), hyphens, &mut general_at, &mut Vec::new(), &mut room);
        // The tokens' lists went back to the scratch: their room, for the next comment.
        prop_assert!(room.starts.capacity() >= tokens.len());
        prop_assert!(room.ends.capacity() >= tokens.len());
        prop_assert!(room.kinds.capacity() >= tokens.len());
        // Given the tokens' prints, the same scan, and the prints become its words'.
        use crate::segment::Print;
        let mut given: Vec<Print> = tokens.words.iter().map(Print::of).collect();
        let mut printed_at = Vec::new();
        let printed =
            lex.split_hyphens(tokens.clone(), hyphens, &mut printed_at, &mut given, &mut room);
        prop_assert_eq!(&printed, &general);
        prop_assert_eq!(&printed_at, &general_at);
        let words: Vec<Print> = printed.words.iter().map(Print::of).collect();
        prop_assert_eq!(given, words);
        if split {
            prop_assert!(general.words.len() > tokens.len());
        } else {
            let moved = lex.whole_tokens(tokens, &mut moved_at);
            prop_assert_eq!(&moved.words, &general.words);
            prop_assert_eq!(&moved.starts, &general.starts);
            prop_assert_eq!(&moved.ends, &general.ends);
            prop_assert_eq!(&moved.kinds, &general.kinds);
            prop_assert_eq!(moved_at, general_at);
        }
    }
}

#[test]
fn digits_ending_a_word_the_packs_know_are_leet() {
    let mut lex = tiny();
    lex.tables.leet.insert('3', "e".into());
    for word in ["je", "te"] {
        lex.index.insert(word.into(), lex.entries.len() as u32);
        lex.entries.push(Entry::default());
    }
    let je = Some(Look::Index(lex.index["je"]));
    assert_eq!(lex.lookup("j3", false), (je, "leet"));
    assert_eq!(lex.canonical("t3"), "te");
    // No word of the packs: the digits stay (a model, a grade, a unit).
    for word in ["a4", "b2", "mp3", "x3", "j333"] {
        assert_eq!(lex.edge_digits_word(word), None, "{word}");
    }
}

#[test]
fn one_separator_inside_a_word_is_read_through() {
    use crate::normalize::{normalize, Config};
    let lex = tiny();
    let cps = |t: &str| t.chars().map(|c| c as u32).collect::<Vec<_>>();
    let scan = |t: &str| {
        let n = normalize(&cps(t), Config::ALL);
        lex.scan(&n, &n.tokens())
    };
    // Joined: a term; with the separator as a masked letter: a term of four letters.
    let s = scan("you con.nard");
    assert_eq!(s.words, vec!["you", "connard"]);
    assert_eq!(
        (s.starts[1], s.ends[1], s.steps.get(1)),
        (4, 12, "split_letters")
    );
    let s = scan("f.ck you");
    assert_eq!(s.words, vec!["fuck", "you"]);
    assert_eq!(s.steps.get(0), "masks");
    // Chains, a pack word on both sides, no term: left alone.
    for text in ["a.f.ck", "you.you", "e.g. this", "id.iot.x"] {
        let s = scan(text);
        assert!(
            s.steps.iter().all(|st| st.is_empty()),
            "{text}: {:?}",
            s.words
        );
    }
}

proptest! {
    /// A pack word with one inner letter masked reads as a pack word of the same shape
    /// (itself, or a term or word that fits better), and the scan takes that form.
    #[test]
    fn one_inner_mask_reads_as_a_word_that_fits(word in "[a-z]{4,10}", at in 1usize..9) {
        let mut lex = tiny();
        if !lex.index.contains_key(&word) {
            lex.index.insert(word.clone(), lex.entries.len() as u32);
            lex.entries.push(Entry { roles: role::PERSON_NOUN, ..Default::default() });
        }
        let at = 1 + at % (word.len() - 2);
        let mut masked: Vec<char> = word.chars().collect();
        masked[at] = '*';
        let masked: String = masked.into_iter().collect();
        let (found, step) = lex.lookup(&masked, false);
        prop_assert_eq!(step, "masks");
        prop_assert!(found.is_some());
        let form = lex.canonical(&masked);
        prop_assert_eq!(form.len(), word.len());
        prop_assert!(form.chars().zip(masked.chars()).all(|(f, m)| m == '*' || f == m));
    }

    /// Scanning normalised text of separators, masks, digits and mentions keeps every
    /// token's span inside the text, in order and apart.
    #[test]
    fn scans_of_normalised_text_keep_ordered_spans(text in "[a-z.*_@3 ]{0,40}") {
        use crate::normalize::{normalize, Config};
        let lex = tiny();
        let cps: Vec<u32> = text.chars().map(|c| c as u32).collect();
        let n = normalize(&cps, Config::ALL);
        let s = lex.scan(&n, &n.tokens());
        for q in 0..s.words.len() {
            prop_assert!(s.starts[q] < s.ends[q] && s.ends[q] <= n.text.len());
            if q > 0 {
                prop_assert!(s.ends[q - 1] <= s.starts[q]);
            }
        }
    }
}

#[test]
fn a_typo_is_read_as_the_comments_languages_read_it() {
    // Bits: 1 English, 2 French, 4 Spanish.  `futre`: a French typo, a Spanish word.
    let futre = TypoLangs {
        refused: 4,
        forms: vec![(2, "foutre".into())],
    };
    assert_eq!(futre.reading(2), Some("foutre"));
    assert_eq!(futre.reading(4), None);
    assert_eq!(futre.reading(2 | 4), None); // a comment that may be Spanish
    assert_eq!(futre.reading(1), None); // another language's reading, and a refusal
                                        // Two languages, two words: each comment takes its own; both or neither, none.
    let two = TypoLangs {
        refused: 0,
        forms: vec![(2, "assassiner".into()), (4, "assassinar".into())],
    };
    assert_eq!(two.reading(2), Some("assassiner"));
    assert_eq!(two.reading(4), Some("assassinar"));
    assert_eq!(two.reading(2 | 4), None);
    assert_eq!(two.reading(1), None);
    // No refusal: the one reading counts whatever the comment's language.
    let one = TypoLangs {
        refused: 0,
        forms: vec![(2, "connard".into())],
    };
    assert_eq!(one.reading(1), Some("connard"));
}

proptest! {
    /// Adding a language to a comment's voted ones never gives a reading where every
    /// language agreed there was none, unless that language reads it itself: a
    /// refusal is never lifted by more languages.
    #[test]
    fn more_voted_languages_never_lift_a_refusal(
        refused in 0u32..8,
        masks in proptest::collection::vec(1u32..8, 1..3),
        voted in 1u32..8,
        extra in 1u32..8,
    ) {
        let forms = masks.iter().enumerate().map(|(i, &m)| (m, format!("w{i}"))).collect();
        let t = TypoLangs { refused, forms };
        if t.reading(voted).is_none() && refused & voted != 0 {
            prop_assert!(t.reading(voted | extra).is_none());
        }
    }

    /// `read_alone_in(voted)` is false exactly when no language of `voted`, asked
    /// alone, reads the form: the typo reading's tie break (which names one of
    /// `voted`) is skipped only when its leader could read nothing.
    #[test]
    fn a_form_no_voted_language_reads_alone_reads_as_nothing_whoever_leads(
        refused in 0u32..64,
        masks in proptest::collection::vec(1u32..64, 1..4),
        voted in 1u32..64,
    ) {
        let forms = masks.iter().enumerate().map(|(i, &m)| (m, format!("w{i}"))).collect();
        let t = TypoLangs { refused, forms };
        let leaders = (0..6).filter(|l| voted >> l & 1 == 1);
        let some = leaders.clone().any(|l| t.reading(1 << l).is_some());
        prop_assert_eq!(t.read_alone_in(voted), some);
        if !t.read_alone_in(voted) {
            for l in leaders {
                prop_assert!(t.reading(1 << l).is_none());
            }
        }
    }
}

#[test]
fn phrases_read_from_bytes_are_filed_under_their_first_token_or_refused() {
    let mut lex = tiny();
    let fuck = lex.index["fuck"] as usize;
    lex.entries[fuck].phrases.clear();
    lex.phrases = Phrases::default();
    lex.phrases.push(&["fuck", "you"], Some(3), 0, None, "");
    lex.phrases
        .push(&["fuck", "...", "off"], None, 64, None, "en");
    lex.phrases
        .push(&["fuck", "you", "all"], Some(0), 0, Some("g"), "");
    assert_eq!(lex.file_phrases(), Ok(()));
    let e = &lex.entries[fuck];
    assert_eq!(
        (e.phrases["you"].as_slice(), e.phrases[GAP].as_slice()),
        (&[0, 2][..], &[1][..])
    );
    assert_eq!((lex.phrases[1].lang_bit, lex.phrases[0].lang_bit), (1, 0));
    assert!(lex.phrases[2].identity);
    let words = ["fuck", "you", "all"];
    assert_eq!(lex.phrases_at(&words[..], 0, e), vec![(0, 2), (2, 3)]);

    let mut stray = tiny();
    stray.phrases.push(&["nobody", "knows"], None, 64, None, "");
    assert!(stray.file_phrases().unwrap_err().contains("no index key"));
    let mut no_term = tiny();
    no_term.phrases = Phrases::default();
    no_term
        .phrases
        .push(&["fuck", "off"], Some(99), 0, None, "");
    assert!(no_term.file_phrases().unwrap_err().contains("no term"));
}

#[test]
fn a_mask_over_a_typo_reads_the_typo_and_an_everyday_word_wins_in_its_language() {
    use crate::normalize::{normalize, Config};
    use crate::segment::{Limits, Segmenter};
    let mut lex = tiny();
    // English list: "that" is an everyday word, "idiom" a rarer one; "thot" is a term.
    lex.segmenter = Segmenter::of(
        vec![(vec!["the", "that", "you", "this"], vec!["idiom"])],
        Limits::default(),
    );
    lex.terms.push(term(5, "thot", Category::Insult, 2));
    lex.terms[5].lang_bit = 1;
    lex.index.insert("thot".into(), lex.entries.len() as u32);
    lex.entries.push(Entry {
        terms: vec![(5, "")],
        ..Default::default()
    });
    lex.masked.insert((4, 't'), vec![("thot".into(), 5)]);
    lex.typos.insert("idoi", "idiot");
    // A mask over a typo form is read as the typo ("i*oi" filled is "idoi").
    assert_eq!(lex.masked_typo("i*oi"), Some(("idoi".to_owned(), "idiot")));
    assert_eq!(lex.lookup("i*oi", false).1, "fuzzy");
    assert_eq!(lex.canonical("i*oi"), "idiot");
    // A filling that is a word of the lists: no typo reading ("idiom" fits "idio*").
    lex.typos.insert("idoom", "idiot");
    assert_eq!(lex.masked_typo("id*om"), None);
    // `th*t` fits the term "thot", but "that" is the everyday word it makes.
    assert_eq!(
        lex.everyday_filling("th*t", u32::MAX).as_deref(),
        Some("that")
    );
    assert_eq!(lex.everyday_filling("th*t", 0b10), None); // not a word of language 1
    let cps = |t: &str| t.chars().map(|c| c as u32).collect::<Vec<_>>();
    let n = normalize(&cps("you th*t"), Config::ALL);
    let s = lex.scan(&n, &n.tokens());
    assert_eq!(&s.words[1], "that");
    assert!(s.entries[1].is_none());
    // Two masks are deliberate censoring: the term reading stands.
    assert_eq!(lex.everyday_filling("t**t", u32::MAX), None);
}

proptest! {
    /// A run of emoji is looked up once an emoji (the scan keeps the last one's
    /// answer): every emoji gets what looking its word up alone gives.
    #[test]
    fn each_emoji_of_a_run_is_found_as_alone(
        picks in proptest::collection::vec(0usize..7, 0..40)
    ) {
        use crate::normalize::{emoji_name, normalize, Config};
        const PIECES: [&str; 7] = ["🖕", "🖕🏿", "😂", "💩", " ", "fuck", "🖕🏿🖕🏿"];
        let mut lex = tiny();
        for seq in [&[0x1F595][..], &[0x1F4A9]] {
            lex.index.insert(emoji_name(seq), lex.entries.len() as u32);
            lex.entries.push(Entry {
                terms: vec![(0, "")],
                ..Default::default()
            });
        }
        let text: String = picks.iter().map(|&k| PIECES[k]).collect();
        let n = normalize(&text.chars().map(|c| c as u32).collect::<Vec<_>>(), Config::ALL);
        let s = lex.scan(&n, &n.tokens());
        for q in 0..s.words.len() {
            if s.kinds[q] == TokenKind::Emoji {
                prop_assert_eq!((s.entries[q], s.steps.get(q)), lex.lookup(&s.words[q], false));
            }
        }
    }
}

#[test]
fn every_step_has_one_place() {
    // A step is kept as its place in STEPS: every name reads back as itself, each listed
    // once, the entries' own steps among them.
    for (at, &step) in super::STEPS.iter().enumerate() {
        assert_eq!(usize::from(super::step_place(step)), at);
    }
    assert!(super::ENTRY_STEPS.iter().all(|s| super::STEPS.contains(s)));
}

/// One change to a scan's steps: push a name, set token `q % len` to a name, or pop.
#[derive(Clone, Debug)]
enum StepEdit {
    Push(usize),
    Set(usize, usize),
    Pop,
}

fn step_edit() -> impl Strategy<Value = StepEdit> {
    let names = super::STEPS.len();
    prop_oneof![
        (0..names).prop_map(StepEdit::Push),
        (any::<usize>(), 0..names).prop_map(|(q, s)| StepEdit::Set(q, s)),
        Just(StepEdit::Pop),
    ]
}

proptest! {
    /// The scan's steps, a byte each, read as a list of names edited the same way does.
    #[test]
    fn steps_read_as_a_list_of_names(edits in prop::collection::vec(step_edit(), 0..64)) {
        let mut steps = super::scan::Steps::default();
        let mut names: Vec<&'static str> = Vec::new();
        for edit in edits {
            match edit {
                StepEdit::Push(s) => {
                    steps.push(super::STEPS[s]);
                    names.push(super::STEPS[s]);
                }
                StepEdit::Set(q, s) if !names.is_empty() => {
                    let q = q % names.len();
                    steps.set(q, super::STEPS[s]);
                    names[q] = super::STEPS[s];
                }
                StepEdit::Set(..) => {}
                StepEdit::Pop => {
                    steps.pop();
                    names.pop();
                }
            }
        }
        prop_assert_eq!(steps.len(), names.len());
        prop_assert_eq!(steps.to_vec(), names.clone());
        for (q, name) in names.iter().enumerate() {
            prop_assert_eq!(steps.get(q), *name);
        }
    }
}

/// [`Lexicon::masked_typo`] as it was first written: every filling spelled out and asked
/// of the index, the lists and the typo forms in one pass (the reference of the
/// property test below).
fn masked_typo_spelled<'l>(lex: &'l Lexicon, word: &str) -> Option<(String, &'l str)> {
    let (mut filled, at) = lex.one_inner_mask(word)?;
    let mut found = None;
    for &c in &lex.tables.mask_letters {
        filled[at] = c;
        let form: String = filled.iter().collect();
        if lex.index.contains_key(&form) || lex.segmenter.knows(&form) {
            return None;
        }
        if found.is_none() {
            found = lex.typos.get(&form).map(|word| (form, word));
        }
    }
    found
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// The masked readings found through the fillings' prints and the typo forms'
    /// filter are those of spelling every filling out: over small alphabets, so that
    /// fillings are often typo forms, index keys, list words (frequent or rare) and
    /// context words, each alone or together.
    #[test]
    fn masked_readings_by_prints_are_those_spelled_out(
        typos in proptest::collection::vec("[abcé]{4,6}", 0..30),
        keys in proptest::collection::vec("[abcé]{4,6}", 0..6),
        listed in proptest::collection::vec("[abcé]{4,6}", 0..20),
        rare in proptest::collection::vec("[abcé]{4,6}", 0..4),
        word in "[abcé]{1,3}\\*[abcé]{1,3}",
        langs in 0u32..4,
    ) {
        use crate::segment::{Limits, Segmenter};
        let mut lex = tiny();
        lex.tables.mask_letters = "abcdé".chars().collect();
        let english: Vec<&str> = listed.iter().map(String::as_str).collect();
        let french: Vec<&str> = listed.iter().rev().map(String::as_str).collect();
        let rare: Vec<&str> = rare.iter().map(String::as_str).collect();
        lex.segmenter = Segmenter::of(
            vec![(english, rare.clone()), (french, rare)],
            Limits { mask_word_rank: 5, ..Limits::default() },
        );
        for t in &typos {
            lex.typos.insert(t, "idiot");
        }
        for (i, k) in keys.iter().enumerate() {
            if !lex.index.contains_key(k) {
                lex.index.insert(k.clone(), lex.entries.len() as u32);
                // Every other key is a context word with no term.
                let roles = if i % 2 == 0 { role::SECOND_PERSON } else { 0 };
                lex.entries.push(Entry { roles, ..Default::default() });
            }
        }
        prop_assert_eq!(lex.masked_typo(&word), masked_typo_spelled(&lex, &word));
        // `everyday_filling` reads each filling's rank by the same prints, and spells
        // out only the fillings ranked everyday: a word of the lists in the languages
        // asked, among the most frequent.
        if let Some(found) = lex.everyday_filling(&word, langs) {
            let print = crate::segment::Print::of(&found);
            let rank = lex.segmenter.best_rank_in(print, langs);
            prop_assert!(rank.is_some_and(|r| r < lex.segmenter.limits.mask_word_rank));
        }
    }

    /// A filling's print made around the mask is the print of the word spelled out.
    #[test]
    fn mask_prints_are_the_prints_of_the_fillings(
        word in "[a-zé]{0,6}\\*[a-zé]{0,6}",
        c in "[a-zéàœß]",
    ) {
        let letters: Vec<char> = word.chars().collect();
        let at = letters.iter().position(|&l| l == '*').unwrap_or(0);
        let c = c.chars().next().unwrap_or('a');
        let filled: String = letters
            .iter()
            .enumerate()
            .map(|(k, &l)| if k == at { c } else { l })
            .collect();
        let prints = crate::segment::MaskPrints::around(&letters, at);
        prop_assert_eq!(prints.print(c), crate::segment::Print::of(&filled));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// `exact_or_stem` (two tokens joined across a separator) finds what `lookup` finds
    /// as the word itself or a stem, with terms: a masked word is asked its entry
    /// alone.  Keys, typo forms and words over a small alphabet with a mask and a
    /// possessive ending, so that masked keys, masked readings and entries without
    /// terms (a context word, an identity) all come up.
    #[test]
    fn exact_or_stem_is_what_lookup_gives(
        keys in proptest::collection::vec("[fuckeid]{1,3}\\*[fuckeid*]{1,3}", 0..12),
        typos in proptest::collection::vec("[fuckeid*]{4,6}", 0..12),
        word in "[fuckeid]{0,4}\\*[fuckeid*]{0,4}",
        pick in proptest::option::of(0usize..12),
        possessive in any::<bool>(),
    ) {
        // Often a key itself, so that masked keys of each kind are asked.
        let mut word = match pick {
            Some(i) if !keys.is_empty() => keys[i % keys.len()].clone(),
            _ => word,
        };
        if possessive {
            word.push_str("'s");
        }
        let mut lex = tiny();
        for (i, k) in keys.iter().enumerate() {
            if !lex.index.contains_key(k) {
                lex.index.insert(k.clone(), lex.entries.len() as u32);
                // A term, a context word, an identity word, in turn.
                let entry = match i % 3 {
                    0 => Entry { terms: vec![(2, "")], ..Default::default() },
                    1 => Entry { roles: role::SECOND_PERSON, ..Default::default() },
                    _ => Entry { identity: true, ..Default::default() },
                };
                lex.entries.push(entry);
            }
        }
        for t in &typos {
            lex.typos.insert(t, "idiot");
        }
        let expected = match lex.lookup(&word, false) {
            (Some(look), "" | "stem") if !lex.look_terms(look).is_empty() => Some(look),
            _ => None,
        };
        prop_assert_eq!(lex.exact_or_stem(&word), expected);
    }
}

/// `masked_forms` as first written: the word copied into a list of its letters.
pub(crate) fn masked_forms_listed(lex: &Lexicon, word: &str) -> Vec<String> {
    let chars: Vec<char> = letters_of(word);
    let known = chars.iter().filter(|&&c| c != '*').count();
    if known < 2 || chars[0] == '*' {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    if let Some(forms) = lex.masked.get(&(chars.len(), chars[0])) {
        for (form, _) in forms {
            let fits = form.chars().zip(&chars).all(|(f, &c)| c == '*' || c == f);
            if fits && !out.contains(form) {
                out.push(form.clone());
            }
        }
    }
    let most = |f: &String| {
        let e = &lex.entries[lex.index[f.as_str()] as usize];
        e.terms
            .iter()
            .map(|&(t, _)| lex.terms[t as usize].severity)
            .max()
    };
    out.sort_by_key(|f| std::cmp::Reverse(most(f).unwrap_or(0)));
    out
}

/// `join_pair` as first written: the first part asked first, the parts glued by
/// `format!`, the masked forms listed.
fn join_pair_formatted(lex: &Lexicon, a: &str, b: &str) -> Option<(String, Look, &'static str)> {
    let known = |w: &str| lex.index.contains_key(w) || lex.segmenter.frequent(w);
    if known(a) && known(b) {
        return None;
    }
    let joined = format!("{a}{b}");
    if cp_len(&joined) >= 3 && !lex.allow.contains(&joined) {
        if let Some(look) = lex.exact_or_stem(&joined) {
            return Some((joined, look, "split_letters"));
        }
    }
    let masked = format!("{a}*{b}");
    if cp_len(&masked) < 4 {
        return None;
    }
    let form = masked_forms_listed(lex, &masked).into_iter().next()?;
    let look = Look::Index(lex.get(&form)?);
    Some((form, look, "masks"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// `masked_forms` reading the word in place, and `join_pair` gluing its parts with
    /// `concat` and asking the second part first, give what the slow ways gave.  Forms
    /// over a small alphabet (with a letter beyond ASCII: a word's letters and bytes
    /// then differ in number) of several severities; words with no mask to several,
    /// often a form with some letters masked, cut in two at any letter.
    #[test]
    fn masked_forms_read_in_place_are_the_listed_ones(
        forms in proptest::collection::vec(("[fuké]{2,5}", 0u8..4), 0..12),
        word in "[fuké*]{0,6}",
        pick in proptest::option::of((0usize..12, proptest::collection::vec(any::<bool>(), 6))),
        cut in 0usize..7,
    ) {
        let mut lex = tiny();
        for (form, severity) in &forms {
            if lex.index.contains_key(form) {
                continue;
            }
            let t = lex.terms.len() as u32;
            lex.terms.push(term(t.into(), form, Category::Insult, *severity));
            lex.index.insert(form.clone(), lex.entries.len() as u32);
            lex.entries.push(Entry { terms: vec![(t, "")], ..Default::default() });
            let first = form.chars().next().unwrap_or('f');
            lex.masked.entry((cp_len(form), first)).or_default().push((form.clone(), t));
        }
        let word: String = match pick {
            Some((i, masks)) if !forms.is_empty() => forms[i % forms.len()]
                .0
                .chars()
                .zip(masks)
                .map(|(c, masked)| if masked { '*' } else { c })
                .collect(),
            _ => word,
        };
        prop_assert_eq!(lex.masked_forms(&word), masked_forms_listed(&lex, &word));
        let at = word.char_indices().nth(cut).map_or(word.len(), |(i, _)| i);
        let (a, b) = word.split_at(at);
        prop_assert_eq!(lex.join_pair(a, b), join_pair_formatted(&lex, a, b));
    }
}

#[test]
fn a_batch_keeps_a_word_stretched_and_not_apart() {
    // `fuuck` stretched is `fuck`; typed so, it is no word: one memo, both orders, each
    // answer what a fresh lookup gives, kept and then read back.
    let lex = tiny();
    let word = "fuuck";
    let print = crate::segment::Print::of(word);
    let hash = print.value();
    let fresh = |long: bool| lex.lookup_hashed(word, hash, long);
    assert_ne!(fresh(true), fresh(false));
    for first in [true, false] {
        let mut memo = BatchMemo::for_comments(1);
        for long in [first, !first, first, !first] {
            let (found, _) = lex.lookup_memo(&mut memo, word, print, long);
            assert_eq!(found, fresh(long), "stretched {long}, first {first}");
        }
    }
}

#[test]
fn a_batch_keeps_a_words_trigger_and_meaning_gate_apart() {
    // The two answers share a byte of the memo's slot: each kept, in either order, is
    // read back as given (a `make` that would answer otherwise is not asked), whatever
    // the other is, and a lookup kept after them leaves both as they were.
    let lex = tiny();
    let words = ["idiot", "hello", "connard"];
    let triggers = words.map(|w| lex.triggers.contains(w));
    assert!(triggers.contains(&true) && triggers.contains(&false));
    for word in words {
        let print = crate::segment::Print::of(word);
        let hash = print.value();
        let trigger = lex.triggers.contains_hashed(word, hash);
        for (meaning, trigger_first) in [(true, true), (false, true), (true, false), (false, false)]
        {
            let mut memo = BatchMemo::for_comments(1);
            if trigger_first {
                assert_eq!(memo.trigger_or(word, hash, || trigger), trigger);
            }
            assert_eq!(memo.meaning_or(word, hash, || meaning), meaning);
            // Kept already: the answer read back, not `make`'s (which would differ).
            let asked = if trigger_first { !trigger } else { trigger };
            assert_eq!(memo.trigger_or(word, hash, || asked), trigger, "{word}");
            assert_eq!(memo.meaning_or(word, hash, || !meaning), meaning, "{word}");
            let (found, _) = lex.lookup_memo(&mut memo, word, print, false);
            assert_eq!(found, lex.lookup_hashed(word, hash, false));
            assert_eq!(memo.trigger_or(word, hash, || !trigger), trigger);
            assert_eq!(memo.meaning_or(word, hash, || !meaning), meaning);
        }
    }
}
