//! Unit and property tests of the scorer on a tiny lexicon.
use crate::words::Words;
use proptest::prelude::*;

use super::*;
use crate::lexicon::tests::{plain, tiny};

pub(super) fn settings() -> Settings {
    let k = Constants {
        severity: vec![0.0, 1.0, 2.0, 3.0],
        targeted: 1.0,
        slur: 0.5,
        identity_attack: 1.0,
        threat: 2.0,
        intensifier: 0.3,
        others_share: 0.3,
        derogatory_severity: 2,
        threat_severity: 2,
        merit_severity: 2,
        split_verb_severity: 2,
        implied_severity: 2,
        profanity: 0.5,
        enthusiasm: 0.4,
        ambiguous_alone: 0.85,
        self_reference: 0.2,
        negated: 0.2,
        reported: 0.15,
        counter_speech: 0.3,
        reclaimed: 0.3,
        attributive: 0.2,
        slope: 0.946,
        intercept: -1.585,
        target_window: 6,
        targeted_window: 4,
        benign_window: 10,
        intent_window: 12,
        negation_window: 9,
        negation_near: 2,
        negation_after: 4,
        subject_leads: 2,
        subject_between: 3,
        pronoun_adjectives: 3,
        pronoun_antecedent: 8,
        split_verb_window: 6,
        split_place_window: 4,
        command_lead: 4,
        compound_modifier: 3,
        self_window: 8,
        intensifier_window: 2,
        enthusiasm_window: 3,
        in_group_window: 2,
        threat_reach: 6,
        merit_reach: 4,
        implied_near: 4,
        implied_reach: 8,
        threat_object: 2,
        coordination: 4,
        other_language: 0.8,
        high: 0.85,
        low: 0.15,
    };
    Settings {
        k,
        threshold: 0.5,
        phrasing: Arc::new(explain::bundled()),
        explain: true,
        ..Default::default()
    }
}

fn run(text: &str) -> Outcome {
    let (n, tokens) = plain(text);
    score(&tiny(), &settings(), &n, &tokens, None, &mut |_, _| {})
}

#[test]
fn an_aimed_insult_is_flagged_with_its_reason() {
    let o = run("you idiot");
    assert!(o.flagged);
    assert_eq!(o.matches.len(), 1);
    assert_eq!((o.matches[0].start, o.matches[0].end), (4, 9));
    let reason = o.reasons[0].text();
    assert_eq!(
        reason,
        "idiot (insult, severity 1) \"idiot\" at 4-9: aimed at a person ('you') -> evidence 2.00"
    );
}

#[test]
fn a_possessive_of_a_trigger_is_no_comment_to_skip() {
    let lex = tiny();
    let cps = |t: &str| t.chars().map(Cp::from).collect::<Vec<Cp>>();
    let skipped = |t: &str| quick_reject(&lex, &cps(t), false, t.split(' '));
    assert!(skipped("so what's up"));
    assert!(!skipped("the idiot's car"), "the lookup strips the ending");
    // So the term is read, and weighed, as it is without the ending.
    let lines = |t: &str| {
        run(t)
            .reasons
            .iter()
            .map(|r| r.text().into_owned())
            .collect::<Vec<_>>()
    };
    let reads = lines("the idiot's car");
    assert!(
        reads.iter().any(|l| l.starts_with("idiot (insult")),
        "{reads:?}"
    );
    assert!(run("you idiot's").flagged);
}

#[test]
fn a_word_hyphened_between_two_names_is_part_of_a_name() {
    let vetoed = |text: &str| {
        let o = run(text);
        assert_eq!(o.matches.len(), 0, "{text}: no match kept");
        o.reasons.iter().any(|r| r.text().contains("proper name"))
    };
    // "Plessis-lez-Tours": both sides Title case and joined by one hyphen each.
    assert!(vetoed("we met in Paris-idiot-Tours"));
    assert!(!run("we met in Paris-idiot-Tours").flagged);
    // One side only, a space instead of a hyphen, or a lower-case side: no name.
    for text in [
        "you Paris-idiot",
        "you Paris - idiot - Tours",
        "you paris-idiot-Tours",
    ] {
        assert!(run(text).flagged, "{text}");
    }
}

#[test]
fn a_phrase_swallows_its_words_and_quick_reject_skips_clean_text() {
    let o = run("fuck you");
    let lex = tiny();
    assert_eq!(
        o.matches.iter().map(|m| m.term(&lex)).collect::<Vec<_>>(),
        vec!["fuck you"]
    );
    let clean = run("lovely day");
    assert_eq!(
        (clean.score, clean.language.as_deref(), clean.reasons.len()),
        (0.0, None, 0)
    );
}

#[test]
fn long_inputs_stay_linear() {
    // Many hits in one unpunctuated sentence: each hit's work is bounded.
    let text = "idiot ".repeat(50_000);
    let o = run(&text);
    assert_eq!(o.matches.len(), 50_000);
}

proptest! {
    #[test]
    fn never_panics_and_spans_stay_inside(text in "[ a-z*'.,!?\"idotfuckyou-]{0,60}") {
        let o = run(&text);
        let size = text.chars().count();
        for m in &o.matches {
            prop_assert!(m.start <= m.end && m.end <= size);
        }
        prop_assert!((0.0..=1.0).contains(&o.score));
    }
}

#[test]
fn lines_left_unwritten_are_counted_and_change_nothing_else() {
    let (n, tokens) = plain("you idiot, you are not stupid");
    let lex = tiny();
    let on = settings();
    let off = Settings {
        explain: false,
        ..on.clone()
    };
    let written = score(&lex, &on, &n, &tokens, None, &mut |_, _| {});
    let counted = score(&lex, &off, &n, &tokens, None, &mut |_, _| {});
    assert!(!written.reasons.is_empty());
    assert_eq!((written.unwritten, counted.reasons.len()), (0, 0));
    assert_eq!(counted.unwritten, written.reasons.len());
    let same = Outcome {
        reasons: written.reasons.clone(),
        unwritten: 0,
        ..counted
    };
    assert_eq!(same, written);
}

#[test]
fn matches_found_by_the_same_steps_share_one_list() {
    let (n, tokens) = plain("idiot, you idiot");
    let o = score(&tiny(), &settings(), &n, &tokens, None, &mut |_, out| {
        out.push("leet")
    });
    assert_eq!(o.matches.len(), 2);
    assert_eq!(o.steps(&o.matches[0]), ["leet"]);
    assert_eq!(o.matches[0].steps, o.matches[1].steps);
}

#[test]
fn a_kept_match_stays_small() {
    // A long comment keeps hundreds of thousands of matches: no copied term, the steps
    // and the rules shared.
    assert!(std::mem::size_of::<MatchOut>() <= 56);
    // And a comment finds up to a million hits (two packs' `🖕`) before half are dropped:
    // token positions as `u32`, the step as a place in `STEPS`.
    assert!(std::mem::size_of::<Hit>() <= 56);
    // The matches are made in the hits' own room (`Kept::into_matches`): a match no
    // larger than a hit, aligned alike.
    assert!(std::mem::size_of::<MatchOut>() <= std::mem::size_of::<Hit>());
    assert_eq!(
        std::mem::align_of::<MatchOut>(),
        std::mem::align_of::<Hit>()
    );
}

#[test]
fn matches_changed_by_the_same_rules_share_one_list() {
    let (n, tokens) = plain("you idiot, you idiot");
    let o = score(&tiny(), &settings(), &n, &tokens, None, &mut |_, _| {});
    assert_eq!(o.matches.len(), 2);
    assert_eq!(o.matches[0].rules, o.matches[1].rules);
    assert!(!o.rules(&o.matches[0]).is_empty());
}

/// `letter_then_digit` as first written, a test at every character: the oracle.
fn letter_then_digit_at_every_char(text: &[Cp]) -> bool {
    use crate::unicode::{is_alnum, is_decimal};
    let word = |c: Cp| is_alnum(c) || c == '_' as u32;
    (0..text.len()).any(|p| {
        let c = text[p];
        if !word(c) || is_decimal(c) || c == '_' as u32 {
            return false;
        }
        (1..=2).any(|d| {
            let end = p + 1 + d;
            end <= text.len()
                && text[p + 1..end].iter().all(|&x| is_decimal(x))
                && (end == text.len() || !word(text[end]))
        })
    })
}

#[test]
fn letter_then_digit_reads_runs_of_digits() {
    let cps = |s: &str| s.chars().map(u32::from).collect::<Vec<Cp>>();
    for (text, found) in [
        ("b1tch", false),
        ("b1", true),
        ("h8 you", true),
        ("a12.", true),
        ("a123", false),
        ("_1 ", false),
        ("12 a", false),
        ("&#128514;", false),
        ("x²1 ", true),
        ("é٣", true),
    ] {
        assert_eq!(letter_then_digit(&cps(text)), found, "{text:?}");
        assert_eq!(
            letter_then_digit_at_every_char(&cps(text)),
            found,
            "{text:?}"
        );
    }
}

proptest! {
    #[test]
    fn letter_then_digit_answers_as_the_test_at_every_char(
        text in "[a-z_0-9²٣é#&; .-]{0,24}"
    ) {
        let cps: Vec<Cp> = text.chars().map(u32::from).collect();
        prop_assert_eq!(letter_then_digit(&cps), letter_then_digit_at_every_char(&cps));
    }
}

/// A hit on tokens `i..j` (of at most 16) of a term of its own (`drop_nested` reads the
/// span, the category and the severity).
fn own_hit(i: usize, j: usize, category: Category, severity: u8) -> Hit<'static> {
    let words = vec!["x".to_owned(); 16];
    Hit::structural(&words.iter().collect::<Words>(), i, j, category, severity)
}

/// The hits inside a longer one, found with a map from each longer hit's start to its
/// ends (how `drop_nested` first read them): the oracle of the sorted pairs.
fn nested_by_map(hits: &[Hit]) -> Vec<bool> {
    let mut ends_by_start: FxMap<usize, Vec<usize>> = FxMap::default();
    let mut longest = 0;
    for h in hits.iter().filter(|h| h.j() - h.i() > 1) {
        ends_by_start.entry(h.i()).or_default().push(h.j());
        longest = longest.max(h.j() - h.i());
    }
    (hits.iter())
        .map(|h| {
            (h.i().saturating_sub(longest)..=h.i()).any(|a| {
                ends_by_start
                    .get(&a)
                    .is_some_and(|ends| ends.iter().any(|&b| h.j() <= b && b - a > h.j() - h.i()))
            })
        })
        .collect()
}

proptest! {
    /// `drop_nested` keeps what the map of longer hits kept: the hits inside no longer
    /// one, the most severe of each place and category (among equals the first), in order.
    #[test]
    fn nested_hits_drop_as_with_the_map(
        mut spans in proptest::collection::vec((0usize..12, 1usize..5, 0usize..3, 0u8..4), 0..40),
        sorted in any::<bool>(),
    ) {
        // Sorted spans as the scan makes them, often in strictly increasing order (the
        // groups of one that are all kept at once), or in any order.
        if sorted {
            spans.sort_unstable();
        }
        let cats = [Category::Insult, Category::Profanity, Category::Slur];
        let make = || -> Vec<Hit<'static>> {
            (spans.iter())
                .map(|&(i, len, c, sev)| own_hit(i, i + len, cats[c], sev))
                .collect()
        };
        let hits = make();
        let nested = nested_by_map(&hits);
        let outside: Vec<(usize, usize, Category, u8)> = (hits.iter().zip(&nested))
            .filter(|(_, &n)| !n)
            .map(|(h, _)| (h.i(), h.j(), h.term.category, h.term.severity))
            .collect();
        let mut want: Vec<(usize, usize, Category, u8)> = Vec::new();
        for (x, &(i, j, c, sev)) in outside.iter().enumerate() {
            let same = |&&(a, b, d, _): &&(usize, usize, Category, u8)| (a, b, d) == (i, j, c);
            let best = outside.iter().filter(same).map(|t| t.3).max();
            let first = outside.iter().position(|t| same(&t) && Some(t.3) == best);
            if first == Some(x) {
                want.push((i, j, c, sev));
            }
        }
        let got: Vec<(usize, usize, Category, u8)> = (drop_nested(make(), &mut crate::scratch::Scratch::default()).iter())
            .map(|h| (h.i(), h.j(), h.term.category, h.term.severity))
            .collect();
        prop_assert_eq!(got, want);
    }
}

/// `tiny()` with a word for each role the rules read, an ambiguous term with a benign
/// sense and a bare threat: the weighing memo's test ground.
fn roles_lexicon() -> Lexicon {
    let mut lex = tiny();
    let add = |lex: &mut Lexicon, key: &str, e: Entry| {
        lex.index.insert(key.into(), lex.entries.len() as u32);
        lex.entries.push(e);
    };
    let words = [
        ("so", role::INTENSIFIER),
        ("not", role::NEGATOR),
        ("great", role::POSITIVE),
        ("my", role::IN_GROUP),
        ("idea", role::THING),
        ("is", role::COPULA),
        ("said", role::REPORTING),
        ("i", role::SELF),
        ("and", coordination::COORDINATOR),
        ("muslims", role::IDENTITY),
        ("people", role::PERSON_NOUN),
        ("him", role::OBJECT),
        ("these", role::DEMONSTRATIVE),
        ("will", role::INTENT),
        ("racist", role::COUNTER),
        ("that", role::FACTIVE | role::SUBORDINATOR),
        ("am", role::SELF_AFTER),
    ];
    for (word, r) in words {
        let e = Entry {
            roles: r,
            lang_roles: vec![(1, r)],
            langs: 1,
            ..Default::default()
        };
        add(&mut lex, word, e);
    }
    let base = lex.terms[2].clone(); // "idiot"
    let bum = TermRef {
        id: 5,
        term: "bum".into(),
        ambiguous: true,
        benign_context: ["cigarette".to_string()].into_iter().collect(),
        ..base.clone()
    };
    let kill = TermRef {
        id: 6,
        term: "kill".into(),
        category: Category::Threat,
        targeted: true,
        ..base
    };
    for (word, t) in [("bum", bum), ("kill", kill)] {
        let id = lex.terms.len() as u32;
        lex.terms.push(t);
        let e = Entry {
            terms: vec![(id, "")],
            ..Default::default()
        };
        add(&mut lex, word, e);
        lex.triggers.insert(word);
    }
    lex
}

/// Score `text` with `lex` and the test [`settings`], as typed (the normaliser folds
/// capitals, and the rules that read case look at the original): the rule modules'
/// tests share it.
pub(super) fn scored(lex: &Lexicon, text: &str) -> Outcome {
    use crate::normalize::{normalize_with, Config};
    let cps: Vec<Cp> = text.chars().map(Cp::from).collect();
    let n = normalize_with(&cps, Config::default(), &lex.normalizer_tables());
    let tokens = n.tokens();
    score(lex, &settings(), &n, &tokens, None, &mut |_, _| {})
}

/// Score `text` (normalised: capitals folded, so Title-case words are read as typed)
/// with the weighing memo on or off.
fn scored_with_memo(lex: &Lexicon, s: &Settings, text: &str, on: bool) -> Outcome {
    use crate::normalize::{normalize_with, Config};
    let cps: Vec<Cp> = text.chars().map(Cp::from).collect();
    let n = normalize_with(&cps, Config::default(), &lex.normalizer_tables());
    let tokens = n.tokens();
    memo::OFF.with(|off| off.set(!on));
    let o = score(lex, s, &n, &tokens, None, &mut |_, out| out.push("leet"));
    memo::OFF.with(|off| off.set(false));
    o
}

/// Texts of many hits among words of every role, Title-case words, quotes and stops.
fn memo_text() -> impl Strategy<Value = String> {
    const HITS: &[&str] = &[
        "idiot",
        "fuck",
        "feck",
        "bum",
        "kill",
        "Idiot",
        "IDIOT",
        "idoit",
        // Inside a hyphened name, or hyphened to one name only: a proper name reads
        // the neighbours, so the memo must not answer these from another hit.
        "Cat-idiot-Cat",
        "cat-idiot-Cat",
        "Cat-idiot",
    ];
    const OTHERS: &[&str] = &[
        "so",
        "not",
        "great",
        "my",
        "idea",
        "is",
        "said",
        "i",
        "and",
        "muslims",
        "people",
        "him",
        "these",
        "will",
        "racist",
        "that",
        "am",
        "you",
        "cigarette",
        "the",
        "cat",
        "Cat",
        ",",
        ".",
        "\"",
        "!",
        "fuck you",
    ];
    let word = prop_oneof![
        6 => proptest::sample::select(HITS),
        1 => proptest::sample::select(OTHERS),
    ];
    proptest::collection::vec(word, 0..120).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3_000))]

    /// The weighing memo gives what weighing every hit gives: score, categories,
    /// matches (spans, steps, rules, targeted) and explain()'s lines, with and without
    /// the lines written and with intent read or not.
    #[test]
    fn the_weighing_memo_gives_what_weighing_gives(text in memo_text(), intent in any::<bool>()) {
        let lex = roles_lexicon();
        let on = Settings { has_intent: intent, has_copulas: true, ..settings() };
        let quiet = Settings { explain: false, ..on.clone() };
        for s in [&on, &quiet] {
            let fast = scored_with_memo(&lex, s, &text, true);
            let slow = scored_with_memo(&lex, s, &text, false);
            prop_assert_eq!(fast, slow);
        }
    }
}

#[test]
fn a_self_after_verb_makes_the_insult_before_it_the_authors() {
    let lex = roles_lexicon();
    let s = settings();
    let mine = |t: &str| {
        let o = scored_with_memo(&lex, &s, t, false);
        o.reasons
            .iter()
            .any(|r| r.text().contains("about the author"))
    };
    assert!(mine("what idiot am"));
    assert!(mine("what idiot what am"), "the exclamative said again");
    assert!(mine("idiot i am"), "a first-person pronoun before the verb");
    assert!(!mine("what idiot am these"), "others named after the verb");
    assert!(!mine("what idiot am people"));
    assert!(!mine("what idiot , am"), "another clause");
    assert!(!mine("what idiot you am"), "someone else before the verb");
    assert!(!mine("am idiot"), "only after the match");
}

/// Score `text` asking every rule of every hit, or only those whose needs hold.
fn scored_asking(lex: &Lexicon, s: &Settings, text: &str, every: bool) -> Outcome {
    rules::EVERY_RULE.with(|e| e.set(every));
    let o = scored_with_memo(lex, s, text, false);
    rules::EVERY_RULE.with(|e| e.set(false));
    o
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Asking only the rules whose needs hold (`rules::Needs`) gives what asking every
    /// rule gives: the same score, matches, rules and lines.  A need declared wrongly
    /// (say `negated` needing `SELF` rather than `NEGATOR`, or `attributive` left out of
    /// `Insult`) drops an effect from a text holding that role or category.
    #[test]
    fn asking_only_the_rules_that_may_apply_gives_what_asking_all_gives(
        text in memo_text(),
        intent in any::<bool>(),
    ) {
        let lex = roles_lexicon();
        let s = Settings { has_intent: intent, has_copulas: true, ..settings() };
        prop_assert_eq!(scored_asking(&lex, &s, &text, false), scored_asking(&lex, &s, &text, true));
    }
}

#[test]
fn every_rule_needs_what_its_table_row_says() {
    // The skipping must leave some rules unasked, or it would be worth nothing.
    // Rules by name: a rule added to the table moves the others' places.
    let at = |name: &str| rules::ORDER.iter().position(|r| r.0 == name).unwrap_or(99);
    let none = rules::live_rules(0);
    assert_eq!(none & 1 << at("negated"), 0, "negated needs a negator");
    assert_eq!(none & 1 << at("dropped_subject"), 0, "a plural copula");
    assert_ne!(none & 1, 0, "benign_sense needs no role");
    let slur = rules::asked(u32::MAX, Category::Slur);
    assert_eq!(
        slur & 1 << at("profanity"),
        0,
        "profanity is for swearing only"
    );
    assert_eq!(
        slur & 1 << at("clitic_object"),
        0,
        "glued pronouns are verbs' objects"
    );
    assert_eq!(rules::ORDER[rules::ORDER.len() - 1].0, "counter_speech");
}

#[test]
fn a_long_quiet_run_is_answered_by_the_memo_alike() {
    let lex = roles_lexicon();
    let text = format!("{} you idiot. {}", "idiot ".repeat(40), "fuck ".repeat(40));
    for s in [
        settings(),
        Settings {
            explain: false,
            ..settings()
        },
    ] {
        memo::ANSWERED.with(|n| n.set(0));
        let fast = scored_with_memo(&lex, &s, &text, true);
        // Each run but its first hit and those near "you" (a target in reach).
        assert!(memo::ANSWERED.with(|n| n.get()) >= 60);
        assert!(fast.matches.len() > 60);
        assert_eq!(fast, scored_with_memo(&lex, &s, &text, false));
    }
}

#[test]
fn a_hit_reads_its_step_back() {
    // A hit keeps its step as a place in STEPS.
    for &step in STEPS.iter() {
        let h = Hit::new(0, 1, own_hit(0, 1, Category::Insult, 1).term, None, step);
        assert_eq!(h.step(), step);
    }
}

proptest! {
    /// A hit's token positions read back as given (below 2^32, as every comment's are).
    #[test]
    fn hit_positions_read_back(i in 0usize..(u32::MAX as usize), len in 0usize..64) {
        let j = (i + len).min(u32::MAX as usize);
        let h = Hit::new(i, j, own_hit(0, 1, Category::Insult, 1).term, None, "");
        prop_assert_eq!((h.i(), h.j()), (i, j));
    }
}

#[test]
fn a_position_past_u32_saturates() {
    // Past 2^32 tokens a position is read as the last one a hit can name: never
    // wrapped to a small one.
    assert_eq!(position(u32::MAX as usize), u32::MAX);
    assert_eq!(position(u32::MAX as usize + 5), u32::MAX);
}

/// A term as [`kept_singles`] reads it: its group (none: it has distinct letters) and
/// its severity, drawn from few steps, categories and languages so that groups meet.
fn single_rank() -> impl Strategy<Value = Rank> {
    let category = proptest::sample::select(vec![Category::Insult, Category::Slur]);
    let step = proptest::sample::select(vec!["", "fuzzy", "stem"]);
    let group = (step, category, 0u32..3);
    (proptest::option::weighted(0.85, group), 0u8..4)
}

proptest! {
    /// The one-pass kept set of the terms on a token is the set no other term outranks,
    /// asked pair by pair as the rule reads (checked to fail when the first of the most
    /// severe is not kept on a tie: `g.1 <= severity` in place of `<`).
    #[test]
    fn the_kept_singles_are_those_no_other_outranks(
        ranks in proptest::collection::vec(single_rank(), 2..=64),
    ) {
        let n = ranks.len();
        let pairwise = (0..n)
            .filter(|&k| !(0..n).any(|o| o != k && outranks_rank((o, ranks[o]), (k, ranks[k]))))
            .fold(0u64, |bits, k| bits | 1 << k);
        let mut groups = Vec::new();
        prop_assert_eq!(kept_singles(ranks.iter().copied(), &mut groups), pairwise);
    }
}

/// A term of the tiny lexicon's kind: its category, its language and whether it has
/// distinct letters (the fields [`kept_singles`] groups by), and its severity.
fn term_like(category: Category, lang_bit: u32, letters: bool, severity: u8) -> TermRef {
    TermRef {
        lang_bit,
        letters: if letters {
            vec![vec![0xe9]]
        } else {
            Vec::new()
        },
        ..TermRef::plain("t".into(), category, severity)
    }
}

proptest! {
    /// An entry's terms that [`never_grouped`] passes are all kept by [`kept_singles`]
    /// whatever the steps, and [`Singles::of`] gives them as listed (checked to fail
    /// when `never_grouped` lets a pair of one group through: `|| true` after its
    /// pair's test).
    #[test]
    fn terms_never_grouped_are_all_kept(
        terms in proptest::collection::vec(
            (
                proptest::sample::select(vec![Category::Insult, Category::Slur]),
                0u32..3,
                proptest::bool::weighted(0.2),
                0u8..4,
                proptest::sample::select(vec!["", "fuzzy", "stem"]),
            ),
            2..=9,
        ),
        step in proptest::sample::select(vec!["", "mask", "fuzzy"]),
    ) {
        let mut lex = Lexicon::default();
        let mut entry = Entry::default();
        for (t, &(category, lang_bit, letters, severity, how)) in terms.iter().enumerate() {
            lex.terms.push(term_like(category, lang_bit, letters, severity));
            entry.terms.push((t as u32, how));
        }
        lex.entries.push(entry);
        let listed = lex.entries[0].terms.clone();
        if never_grouped(&lex, &listed) {
            let ranks = listed.iter().map(|&(t, how)| {
                let term = &lex.terms[t as usize];
                let how = if how.is_empty() { step } else { how };
                let group = (how, term.category, term.lang_bit);
                (term.letters.is_empty().then_some(group), term.severity)
            });
            let mut groups = Vec::new();
            prop_assert_eq!(kept_singles(ranks, &mut groups), (1u64 << listed.len()) - 1);
            let mut singles = Singles::default();
            prop_assert_eq!(singles.of(&lex, Look::Index(0), step).to_vec(), listed);
        }
    }
}

/// The tiny lexicon with general word lists, so that the segmenter (and its gate, which
/// a batch's memo keeps) runs.
fn tiny_with_lists() -> Lexicon {
    use crate::segment::{Limits, Segmenter};
    let mut lex = tiny();
    let keys: Vec<&str> = lex.index.keys().collect();
    lex.segmenter = Segmenter::with_pack_words(
        vec![
            (
                vec!["you", "the", "is", "stupid", "big", "man", "are"],
                vec!["idiom"],
            ),
            (vec!["le", "les", "un", "tu", "stupide"], vec!["mec"]),
        ],
        &keys,
        Limits::default(),
    );
    lex
}

/// Words a batch's comments are made of: terms, their masked, stretched, possessive,
/// typo, leet and stem forms, glued words, list words and unknown ones.
const BATCH_WORDS: [&str; 25] = [
    "fuck",
    "f*ck",
    "fuuuuck",
    "fuuck",
    "FUCK",
    "idiot's",
    "idoit",
    "idio7",
    "connards",
    "you",
    "youidiot",
    "stupidfuck",
    "lesconnard",
    "#fuckyou",
    "the",
    "man",
    "are",
    "stupide",
    "f.ck",
    "con-nard",
    "@sshole",
    "idiom",
    "zorglub",
    "😀",
    "f u c k",
];

proptest! {
    /// A batch scored with one memo for all its comments (the answers about its words
    /// kept from comment to comment) gives each comment the scan and the outcome it
    /// gets alone, with no memo.
    #[test]
    fn a_batch_memo_answers_like_fresh_scans(
        batch in proptest::collection::vec(
            proptest::collection::vec((0usize..BATCH_WORDS.len(), 0usize..3), 1..10),
            1..12,
        ),
    ) {
        use crate::lexicon::BatchMemo;
        use crate::normalize::{normalize_with, Config};
        let lex = tiny_with_lists();
        let s = settings();
        let mut memo = BatchMemo::for_comments(batch.len());
        for picks in &batch {
            let seps = [" ", ", ", "! "];
            let text: String = picks
                .iter()
                .map(|&(w, sep)| format!("{}{}", BATCH_WORDS[w], seps[sep]))
                .collect();
            let cps: Vec<Cp> = text.chars().map(|c| c as Cp).collect();
            let n = normalize_with(&cps, Config::default(), &lex.normalizer_tables());
            let tokens = n.token_columns();
            let kept = lex.scan_memo(&n, tokens.clone(), Vec::new(), &mut memo);
            let fresh = lex.scan_columns(&n, tokens);
            prop_assert_eq!(&kept, &fresh, "{}", text);
            let batched = score_text_memo(&lex, &s, &cps, None, &mut memo);
            prop_assert_eq!(batched, score_text(&lex, &s, &cps, None), "{}", text);
        }
        prop_assert!(!memo.is_empty());
    }
}

/// A comment of `picks` from [`BATCH_WORDS`], each followed by one of three separators.
fn batch_comment(picks: &[(usize, usize)]) -> Vec<Cp> {
    let seps = [" ", ", ", "! "];
    let text: String = picks
        .iter()
        .map(|&(w, sep)| format!("{}{}", BATCH_WORDS[w], seps[sep]))
        .collect();
    text.chars().map(|c| c as Cp).collect()
}

proptest! {
    // A long comment is some ten thousand tokens: fewer cases than the other checks.
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A batch scored with one memo, and so one scratch, for all its comments (each
    /// comment's working buffers taken from the one before, `crate::scratch`) gives
    /// each comment the outcome it gets scored alone with a fresh scratch; and after a
    /// long comment (its lists past the bound) the scratch holds no more than its
    /// bound, while the short comments after it still answer as alone.
    #[test]
    fn a_batch_reusing_its_scratch_answers_like_fresh_scoring(
        batch in proptest::collection::vec(
            proptest::collection::vec((0usize..BATCH_WORDS.len(), 0usize..3), 1..10),
            1..12,
        ),
        long_at in 0usize..12,
        long_times in 9_000usize..10_000,
    ) {
        use crate::lexicon::BatchMemo;
        use crate::scratch::{LISTS, MOST_BYTES};
        let lex = tiny_with_lists();
        let s = settings();
        let mut memo = BatchMemo::for_comments(batch.len());
        for (k, picks) in batch.iter().enumerate() {
            let mut cps = batch_comment(picks);
            if k == long_at {
                // Some ten thousand tokens: every token-long list past the bound.
                cps = cps.repeat(long_times.div_ceil(picks.len()));
            }
            let batched = score_text_memo(&lex, &s, &cps, None, &mut memo);
            let alone = score_text(&lex, &s, &cps, None);
            prop_assert_eq!(batched, alone, "comment {}", k);
            prop_assert!(memo.scratch.held_bytes() <= LISTS * MOST_BYTES);
        }
    }
}

/// A name-calling noun set off by a comma at either end of its sentence is said to the
/// reader (rule `vocative`); between two commas, in a list, with another word or
/// another mark, it is not.
#[test]
fn a_noun_set_off_by_a_comma_is_said_to_the_reader() {
    for text in [
        "read before commenting, idiot",
        "read before commenting, idiot!",
        "shut up already, idiot?! ok",
        "idiot, read it first then",
        "ok. idiot, read it first",
    ] {
        let o = run(text);
        assert_eq!(o.matches.len(), 1, "{text}");
        assert!(o.matches[0].targeted, "{text}");
        assert_eq!(o.rules(&o.matches[0]), ["vocative"], "{text}");
        assert!(
            o.reasons[0].text().contains("set off by commas ('idiot')"),
            "{text}"
        );
    }
    for text in [
        "the book, idiot, by a russian",
        "apples, pears, idiot.",
        "idiot, apples",
        "read before commenting, stupid idiot",
        "the film \"idiot\", from 2019",
        "read before commenting: idiot",
        "idiot",
        "idiot, fuck",
    ] {
        let o = run(text);
        assert!(o.matches.iter().all(|m| !m.targeted), "{text}");
        assert!(
            o.matches.iter().all(|m| !o.rules(m).contains(&"vocative")),
            "{text}"
        );
    }
}

/// [`tiny`] with a few Spanish words: `son` a plural copula (and a copula), `es` a
/// copula, `pero` a contrast word, `nunca` a negator, `reglas` a thing; `basura` an
/// insult counted only when aimed, and the phrase `son escoria` (an insult).
fn tiny_with_copulas() -> Lexicon {
    use crate::lexicon::{role, Entry, TermRef};
    let mut lex = tiny();
    let at = lex.terms.len() as u32;
    let aimed = TermRef {
        id: i64::from(at),
        targeted: true,
        lang_bit: 1,
        lang: "en".into(),
        ..TermRef::plain("basura".into(), Category::Insult, 2)
    };
    let phrase = TermRef {
        id: i64::from(at) + 1,
        lang_bit: 1,
        lang: "en".into(),
        ..TermRef::plain("son escoria".into(), Category::Insult, 3)
    };
    lex.terms.extend([aimed, phrase]);
    let first = lex.phrases.len() as u32;
    lex.phrases
        .push(&["son", "escoria"], Some(at + 1), 0, None, "");
    let mut add = |key: &str, roles: role::Roles, terms: Vec<(u32, &'static str)>| {
        let mut e = Entry {
            terms,
            roles,
            lang_roles: vec![(1, roles)],
            ..Default::default()
        };
        if key == "son" {
            e.phrases.insert("escoria".into(), vec![first]);
        }
        lex.index.insert(key.into(), lex.entries.len() as u32);
        lex.entries.push(e);
    };
    add("son", role::COPULA | dropped::PLURAL_COPULA, vec![]);
    add("es", role::COPULA, vec![]);
    add("pero", role::CONTRAST, vec![]);
    add("nunca", role::NEGATOR, vec![]);
    add("reglas", role::THING, vec![]);
    add("basura", 0, vec![(at, "")]);
    add("no", role::NEGATOR, vec![]);
    add("mas", dropped::RESTRICTIVE | role::INTENSIFIER, vec![]);
    add("sono", role::COPULA | dropped::AMBIGUOUS_COPULA, vec![]);
    add("dei", dropped::PLURAL_MARKER, vec![]);
    add("proprio", role::INTENSIFIER, vec![]);
    add("los", dropped::SUBJECT_ARTICLE, vec![]);
    add("mosquitos", 0, vec![]);
    add("vecinos", role::PERSON_NOUN, vec![]);
    add("basuras", 0, vec![(at, "")]);
    add("basures", dropped::SINGULAR, vec![(at, "")]);
    lex.tables.plurals = vec!["s".into()];
    lex.triggers.extend(["basura", "son", "basuras", "basures"]);
    lex
}

fn run_copulas(text: &str) -> Outcome {
    let (n, tokens) = plain(text);
    score(
        &tiny_with_copulas(),
        &settings(),
        &n,
        &tokens,
        None,
        &mut |_, _| {},
    )
}

/// A plural copula opening its sentence, after nothing but words that name no one, aims
/// its predicate at a group (rule `dropped_subject`); a word before it, another copula
/// between, a later clause or a sentence of its own leave the predicate unaimed.
#[test]
fn a_plural_copula_opening_the_sentence_names_a_group() {
    for text in [
        "son basura",
        "pero son pura basura",
        "ok. son basura",
        "son una basura total",
    ] {
        let o = run_copulas(text);
        assert_eq!(o.matches.len(), 1, "{text}");
        assert!(o.matches[0].targeted, "{text}");
        assert_eq!(o.rules(&o.matches[0]), ["dropped_subject"], "{text}");
        assert!(
            o.reasons[0]
                .text()
                .contains("named only by the verb ('son')"),
            "{text}"
        );
    }
    for text in [
        "estos moviles son basura",
        "son las diez y esto es basura",
        "compre cascos, son basura",
        "son. basura",
        "son de verdad una gran basura",
    ] {
        let o = run_copulas(text);
        assert!(o.matches.is_empty(), "{text}: {:?}", o.reasons);
    }
}

/// "no son más que": the predicate is read through a restrictive word after the copula,
/// and the negator before that word denies nothing; a plain negation still does.
#[test]
fn a_restricting_negation_aims_and_denies_nothing() {
    let o = run_copulas("no son mas que basura");
    assert_eq!(o.matches.len(), 1);
    assert_eq!(o.rules(&o.matches[0]), ["dropped_subject"]);
    assert!(o.flagged);
    let o = run_copulas("no son basura");
    assert_eq!(o.rules(&o.matches[0]), ["dropped_subject", "negated"]);
    assert!(!o.flagged);
}

/// A subject article right after the predicate opens its subject: a word naming no one
/// after it (past intensifiers) makes the predicate a thing's; people keep it aimed.
#[test]
fn a_subject_after_the_predicate_naming_no_one_is_a_thing() {
    for text in [
        "son basura los mosquitos",
        "son basura los proprio mosquitos",
    ] {
        let o = run_copulas(text);
        assert!(o.matches.is_empty(), "{text}: {:?}", o.reasons);
    }
    for text in [
        "son basura los vecinos",
        "son basura los",
        "son basura. los mosquitos",
    ] {
        let o = run_copulas(text);
        assert!(o.flagged, "{text}: {:?}", o.reasons);
    }
}

/// An ambiguous copula ("sono": "I am" and "they are") is a plural one only before a
/// plural marker, after intensifiers at most.
#[test]
fn an_ambiguous_copula_is_plural_before_a_plural_marker() {
    for text in ["sono dei basura", "sono proprio dei basura"] {
        let o = run_copulas(text);
        assert_eq!(o.rules(&o.matches[0])[0], "dropped_subject", "{text}");
        assert!(o.flagged, "{text}");
    }
    // The match right after it in the plural, unless the pack's forms make it singular.
    let o = run_copulas("sono basuras");
    assert_eq!(o.rules(&o.matches[0]), ["dropped_subject"]);
    for text in [
        "sono basura",
        "sono un basura",
        "sono basura dei",
        "sono basures",
    ] {
        let o = run_copulas(text);
        assert!(o.matches.is_empty(), "{text}: {:?}", o.reasons);
    }
}

/// A phrase that holds its plural copula ("son escoria") is read as the words after the
/// copula by `attributive` and `negated`, as if the copula stood before the match.
#[test]
fn a_phrase_holding_its_copula_is_read_after_it() {
    let o = run_copulas("las reglas son escoria");
    assert_eq!(o.matches.len(), 1);
    assert_eq!(o.rules(&o.matches[0]), ["attributive"]);
    assert!(!o.flagged);
    let o = run_copulas("nunca dije que todos ellos son escoria");
    assert_eq!(o.rules(&o.matches[0]), ["negated"]);
    assert!(!o.flagged);
    // Opening the sentence, the phrase is said of a group.
    let o = run_copulas("son escoria");
    assert_eq!(o.rules(&o.matches[0]), ["dropped_subject"]);
    assert!(o.flagged);
}

/// [`tiny_with_copulas`] with `matarlos`, a threat counted only when aimed, and settings
/// whose glued pronoun is `los`, doubled by `a todos` or `todos`.
fn clitics_lexicon() -> (Lexicon, Settings) {
    use crate::lexicon::{Entry, TermRef};
    let mut lex = tiny_with_copulas();
    let at = lex.terms.len() as u32;
    lex.terms.push(TermRef {
        id: i64::from(at),
        targeted: true,
        lang_bit: 1,
        lang: "en".into(),
        ..TermRef::plain("matar".into(), Category::Threat, 3)
    });
    lex.index
        .insert("matarlos".into(), lex.entries.len() as u32);
    lex.entries.push(Entry {
        terms: vec![(at, "")],
        ..Default::default()
    });
    lex.triggers.extend(["matarlos"]);
    // A glued verb's phrase whose last word opens a clause (Portuguese "embora").
    let echar = lex.terms.len() as u32;
    lex.terms.push(TermRef {
        id: i64::from(echar),
        targeted: true,
        lang_bit: 1,
        lang: "en".into(),
        ..TermRef::plain("echar fuera".into(), Category::Harassment, 2)
    });
    let first = lex.phrases.len() as u32;
    lex.phrases
        .push(&["echarlos", "fuera"], Some(echar), 0, None, "");
    let mut e = Entry::default();
    e.phrases.insert("fuera".into(), vec![first]);
    lex.index
        .insert("echarlos".into(), lex.entries.len() as u32);
    lex.entries.push(e);
    let contrast = Entry {
        roles: crate::lexicon::role::CONTRAST,
        lang_roles: vec![(1, crate::lexicon::role::CONTRAST)],
        ..Default::default()
    };
    lex.index.insert("fuera".into(), lex.entries.len() as u32);
    lex.entries.push(contrast);
    lex.triggers.extend(["echarlos"]);
    let s = Settings {
        clitics: Arc::new(Clitics {
            clitics: vec!["los".into()],
            doubles: vec![vec!["a".into(), "todos".into()], vec!["todos".into()]],
        }),
        ..settings()
    };
    (lex, s)
}

fn run_clitics(text: &str) -> Outcome {
    let (lex, s) = clitics_lexicon();
    let (n, tokens) = plain(text);
    score(&lex, &s, &n, &tokens, None, &mut |_, _| {})
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    /// The weighing memo gives what weighing every hit gives when the same verb with a
    /// glued pronoun is doubled by people in one place and not in another, and when a
    /// plural copula opens some sentences and not others.
    #[test]
    fn the_memo_reads_glued_pronouns_and_dropped_subjects_alike(
        words in proptest::collection::vec(proptest::sample::select(vec![
            "matarlos", "matarlos", "basura", "basura", "todos", "a", "son", "es", "pero",
            "x", ",", ".",
        ]), 0..80),
    ) {
        let (lex, s) = clitics_lexicon();
        let text = words.join(" ");
        prop_assert_eq!(
            scored_with_memo(&lex, &s, &text, true),
            scored_with_memo(&lex, &s, &text, false)
        );
    }
}

/// A verb with a glued object pronoun doubled by people right after it is aimed at
/// them (rule `clitic_object`); the pronoun alone, or a double past a clause mark, is
/// not.
#[test]
fn a_glued_pronoun_doubled_by_people_aims_the_verb() {
    for text in ["matarlos a todos", "hay que matarlos todos ya"] {
        let o = run_clitics(text);
        assert_eq!(o.matches.len(), 1, "{text}");
        assert!(o.matches[0].targeted, "{text}");
        assert_eq!(
            o.rules(&o.matches[0]),
            ["clitic_object", "threat"],
            "{text}"
        );
        assert!(
            o.reasons[0].text().contains(if text.contains(" a todos") {
                "glued to the verb, is people ('a todos')"
            } else {
                "glued to the verb, is people ('todos')"
            }),
            "{}",
            o.reasons[0].text()
        );
    }
    for text in [
        "hay que matarlos en el horno",
        "matarlos, todos lo saben",
        "matarlos a",
        "matarlos",
    ] {
        let o = run_clitics(text);
        assert!(o.matches.is_empty(), "{text}: {:?}", o.reasons);
    }
}

/// A person before a verb whose object pronoun is glued to it, in its clause, is its
/// subject ("los vecinos van a matarlos"): not whom it is aimed at; after the verb, or in
/// a clause of its own before it, a person still aims it.
#[test]
fn a_person_before_a_glued_verb_is_its_subject() {
    let o = run_clitics("los vecinos van a matarlos");
    assert!(o.matches.is_empty(), "{:?}", o.reasons);
    for text in [
        "van a matarlos los vecinos",
        "los vecinos, pero van a matarlos",
    ] {
        let o = run_clitics(text);
        assert_eq!(o.matches.len(), 1, "{text}: {:?}", o.reasons);
        assert_eq!(o.rules(&o.matches[0]), ["targeted", "threat"], "{text}");
    }
}

/// A glued verb's phrase is doubled after its last word, in that word's clause, which
/// the phrase may open ("mandem-nos embora todos").
#[test]
fn a_glued_phrase_is_doubled_after_its_last_word() {
    let o = run_clitics("hay que echarlos fuera a todos");
    assert_eq!(o.matches.len(), 1, "{:?}", o.reasons);
    assert_eq!(o.rules(&o.matches[0]), ["clitic_object"]);
    assert!(o.reasons[0]
        .text()
        .contains("glued to the verb, is people ('a todos')"));
    let o = run_clitics("hay que echarlos fuera del horno");
    assert!(o.matches.is_empty(), "{:?}", o.reasons);
}

/// A copula of any person opening the sentence, then "nothing but", names someone for
/// a term with no benign sense (rule `restricted_subject`); not without the restrictive,
/// not with a thing between, not for an ambiguous term.
#[test]
fn a_copula_through_nothing_but_names_someone() {
    let o = run_copulas("no es mas que basura");
    assert_eq!(o.matches.len(), 1, "{:?}", o.reasons);
    assert_eq!(o.rules(&o.matches[0]), ["restricted_subject"]);
    assert!(o.reasons[0]
        .text()
        .contains("through \"nothing but\" ('es')"));
    for text in [
        "es basura",
        "no es mas que reglas basura",
        "x no es mas que basura",
    ] {
        let o = run_copulas(text);
        assert!(o.matches.is_empty(), "{text}: {:?}", o.reasons);
    }
    let mut lex = tiny_with_copulas();
    for t in &mut lex.terms {
        t.ambiguous = true;
    }
    let (n, tokens) = plain("no es mas que basura");
    let o = score(&lex, &settings(), &n, &tokens, None, &mut |_, _| {});
    assert!(
        o.matches
            .iter()
            .all(|m| !o.rules(m).contains(&"restricted_subject")),
        "{:?}",
        o.reasons
    );
}

/// A term with a benign sense after an existential and "nothing but" is what there is
/// (rule `existential`, a veto); not without the restrictive, not in another sentence,
/// nor a term with no benign sense.
#[test]
fn a_benign_sense_term_after_an_existential_is_a_thing() {
    use crate::lexicon::{Entry, TermRef};
    let mut lex = tiny_with_copulas();
    let at = lex.terms.len() as u32;
    lex.terms.push(TermRef {
        id: i64::from(at),
        ambiguous: true,
        lang_bit: 1,
        lang: "en".into(),
        ..TermRef::plain("mugre".into(), Category::Insult, 2)
    });
    for (key, roles, terms) in [
        ("habia", dropped::EXISTENTIAL, vec![]),
        ("mugre", 0, vec![(at, "")]),
    ] {
        lex.index.insert(key.into(), lex.entries.len() as u32);
        lex.entries.push(Entry {
            terms,
            roles,
            lang_roles: vec![(1, roles)],
            ..Default::default()
        });
    }
    lex.triggers.extend(["mugre", "habia"]);
    let run = |text: &str| {
        let (n, tokens) = plain(text);
        score(&lex, &settings(), &n, &tokens, None, &mut |_, _| {})
    };
    for text in ["no habia mas que mugre", "habia nada mas que mugre"] {
        let o = run(text);
        assert!(o.matches.is_empty(), "{text}: {:?}", o.reasons);
        assert!(o.reasons[0]
            .text()
            .contains("what there is, no one ('habia')"));
    }
    // Another sentence, or a term with no benign sense: read as before.
    for text in [
        "habia x. no es mas que basura",
        "habia x. son mugre",
        "son mugre, habia mugre",
    ] {
        let o = run(text);
        assert!(!o.matches.is_empty(), "{text}: {:?}", o.reasons);
    }
}
