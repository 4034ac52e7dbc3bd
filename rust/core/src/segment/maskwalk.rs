//! The programme of [`Segmenter::split`] over a glued token with one masked letter,
//! walked once a language for all of its fillings.
//!
//! Why: a masked glued word (`coffee*ouse`) is split once for each filling of the
//! mask (38 with two packs) that may mean something, and each split walked the whole
//! token.  Only the pieces across the mask differ from one filling to the next: the
//! best covers of the letters before it, and the known pieces among the letters after
//! it, are the same for every filling.  So they are worked out once
//! ([`Segmenter::masked_walk`]), and a filling costs the pieces across the mask and
//! a pass of additions over the pieces after it ([`Segmenter::cover_filled`]).
//!
//! Why the cover is the one [`Segmenter::split`] gives for the filled letters (the
//! same table, entry by entry, at every entry a cover path reads):
//! * the programme fills entry `i` from the pieces ending at `i`, offered in the order
//!   of their starts, the cheaper kept and the first on a tie ([`offer`]);
//! * an entry up to the mask (`i <= at`) is offered only pieces of the letters before
//!   it, the same under every filling: the head rows are that table's first rows;
//! * which pieces start at `j > at` (and their ranks) depends only on the letters
//!   after the mask; whether they are offered, and at what cost, depends on entry `j`,
//!   which every piece ending at `j` has been offered before (they start before `j`):
//!   the pieces after the mask, kept in the order of their starts, are offered in the
//!   programme's order;
//! * the pieces across the mask start at most `max_word - 1` letters before it, and
//!   are grown from where the walk of the head left each start (its print over the
//!   letters up to the mask, the lanes still open: [`Walker::grow`] goes on from
//!   there as a walk from the start does), before the pieces after the mask, as in the
//!   programme.
//!
//! A piece ending where the letters after it have no cover is not looked up: the entry
//! it reaches leads to no cover of the token, so no cover path reads it, and the
//! entries it feeds are such entries too.  So a filling with no piece across the mask
//! that ends where the letters after it have a cover gets none: every cover holds one
//! piece across the mask, and what follows that piece is a cover of the letters after
//! it.

use super::{cover_path, offer, Grown, PieceSet, Segmenter, Walker, LANES};

/// One language's walk of a token's letters around one masked letter, shared by the
/// fillings ([`Segmenter::masked_walk`]).
#[derive(Clone, Debug)]
pub struct MaskedWalk {
    lang: usize,
    at: usize,
    size: usize,
    /// The programme's table up to the mask: `head[i]`, the cost of the best cover of
    /// the letters `..i` (`i <= at`) and the start of its last piece.
    head: Vec<Option<(u64, usize)>>,
    /// Where each piece across the mask stands at the mask: started where the head
    /// has a cover, grown over the letters before the mask, still open.
    across: Vec<Grown>,
    /// The known pieces of the letters after the mask (start, end, rank) that end
    /// where the letters after them have a cover, in the order of their starts, then of
    /// their ends.
    after: Vec<(usize, usize, u32)>,
    /// `reach[i - at - 1]`: the letters `i..` (`i > at`) have a cover (the end has).
    reach: Vec<bool>,
}

impl Segmenter {
    /// The walk of `letters` around the mask at `at` in language `lang` (`None`: a
    /// language the segmenter lacks, or letters [`Segmenter::split`] would not walk).
    pub fn masked_walk(
        &self,
        lang: usize,
        letters: &[char],
        at: usize,
        pack_word: &dyn PieceSet,
    ) -> Option<MaskedWalk> {
        let n = letters.len();
        if lang >= self.languages.len() || n == 0 || n > self.limits.max_token || at >= n {
            return None;
        }
        let langs = [lang];
        let mut walker = Walker::new(self, &langs, pack_word);
        let mut head: Vec<Option<(u64, usize)>> = vec![None; at + 1];
        head[0] = Some((0, 0));
        let mut across = Vec::new();
        for j in 0..=at {
            let open = u64::from(head[j].is_some());
            let grown = walker.grow(
                letters,
                Grown::new(j, open),
                at,
                |_| true,
                |_, i, rank| {
                    if let Some((before, _)) = head[j] {
                        offer(&mut head[i], before, rank, j);
                    }
                },
            );
            // A piece that reached the mask with room to grow goes on across it.
            if grown.open != 0 && grown.end == at && at - j < self.limits.max_word {
                across.push(grown);
            }
        }
        // The letters after the mask, walked from the end: a piece is kept only when
        // the letters after it have a cover (the others lead to no cover of the token,
        // so no cover path reads the entries they reach), and not looked up otherwise.
        let mut reach = vec![false; n - at];
        reach[n - at - 1] = true;
        let mut after = Vec::new();
        for j in (at + 1..n).rev() {
            let kept = after.len();
            let covered = |i: usize| reach[i - at - 1];
            walker.grow(letters, Grown::new(j, 1), n, covered, |_, i, rank| {
                after.push((j, i, rank));
            });
            reach[j - at - 1] = after.len() > kept;
        }
        // In the programme's order: by start, then by end.
        after.sort_unstable_by_key(|&(j, i, _)| (j, i));
        Some(MaskedWalk {
            lang,
            at,
            size: n,
            head,
            across,
            after,
            reach,
        })
    }

    /// [`Segmenter::split`] of `filled` in the walk's language: the letters the walk
    /// was made of with a filling in the mask's place.  `best`: room for the table.
    pub fn cover_filled(
        &self,
        walk: &MaskedWalk,
        filled: &[char],
        pack_word: &dyn PieceSet,
        best: &mut Vec<Option<(u64, usize)>>,
    ) -> Option<Vec<(usize, usize)>> {
        let mut joint = JointWalk::default();
        let lane = joint.join(walk)?;
        self.grow_across(&mut joint, filled, pack_word, 1 << lane);
        self.cover_of_lane(walk, &joint, lane, best)
    }

    /// Grows the pieces across the mask of `filled` (the joint walk's letters with a
    /// filling in the mask's place) in the lanes `lanes` of `joint`, all of them in one
    /// walk, and keeps in `joint` the known pieces that end where the letters after
    /// them have a cover in their lane (for [`Segmenter::cover_of_lane`]).
    pub fn grow_across(
        &self,
        joint: &mut JointWalk,
        filled: &[char],
        pack_word: &dyn PieceSet,
        lanes: u64,
    ) {
        let JointWalk {
            at,
            langs,
            across,
            reach,
            found,
        } = joint;
        let at = *at;
        found.clear();
        let mut walker = Walker::new(self, langs, pack_word);
        // A piece is looked up where some lane's letters after it have a cover, and
        // kept for the lanes whose letters after it have one: the entries the others
        // reach are read by no cover path.
        let wanted = |i: usize| reach[i - at - 1] & lanes != 0;
        for &grown in across.iter() {
            let open = grown.open & lanes;
            if open == 0 {
                continue;
            }
            let j = grown.start;
            let grown = Grown { open, ..grown };
            walker.grow(filled, grown, filled.len(), wanted, |x, i, rank| {
                if reach[i - at - 1] >> x & 1 == 1 {
                    found.push((x, j, i, rank));
                }
            });
        }
    }

    /// [`Segmenter::split`] of the letters last grown across the mask
    /// ([`Segmenter::grow_across`]) in the language of `walk`, lane `lane` of `joint`.
    /// `best`: room for the table.
    pub fn cover_of_lane(
        &self,
        walk: &MaskedWalk,
        joint: &JointWalk,
        lane: usize,
        best: &mut Vec<Option<(u64, usize)>>,
    ) -> Option<Vec<(usize, usize)>> {
        debug_assert_eq!(joint.langs.get(lane), Some(&walk.lang));
        let mut across = joint.found.iter().filter(|&&(x, ..)| x == lane).peekable();
        // Every cover holds one piece across the mask: with none, no cover.
        across.peek()?;
        best.clear();
        best.extend_from_slice(&walk.head);
        best.resize(walk.size + 1, None);
        // The pieces across the mask in the order of their starts, then of their ends
        // (as grown), before the pieces after the mask: the programme's order.
        for &(_, j, i, rank) in across {
            if let Some((before, _)) = best[j] {
                offer(&mut best[i], before, rank, j);
            }
        }
        for &(j, i, rank) in &walk.after {
            if let Some((before, _)) = best[j] {
                offer(&mut best[i], before, rank, j);
            }
        }
        cover_path(best)
    }
}

/// Several languages' walks of one masked token ([`MaskedWalk`]), a lane each, whose
/// pieces across the mask are grown together for a filling
/// ([`Segmenter::grow_across`]).
///
/// Why: a filling is tried in each language, and most fillings make no piece across
/// the mask in any; grown a language at a time, each language paid for the piece's
/// print, the index's probe and the walk's set-up.  The print of a piece across the
/// mask is its letters' whatever the language, and the index answers for every
/// language at once, so a lane of [`Walker::grow`] a language gives each language the
/// pieces its own walk gives: the lanes close and look up as one walk a language does.
#[derive(Clone, Debug, Default)]
pub struct JointWalk {
    at: usize,
    /// `langs[x]`: the language of lane `x`.
    langs: Vec<usize>,
    /// The pieces across the mask, one a start in the order of the starts, standing at
    /// the mask; `open`: the lanes whose walk has that piece across.
    across: Vec<Grown>,
    /// `reach[i - at - 1]`: the lanes whose letters `i..` (`i > at`) have a cover.
    reach: Vec<u64>,
    /// The pieces across the mask last grown: lane, start, end, rank.
    found: Vec<(usize, usize, usize, u32)>,
}

impl JointWalk {
    /// The lane of language `lang`, if it has joined.
    pub fn lane_of(&self, lang: usize) -> Option<usize> {
        self.langs.iter().position(|&l| l == lang)
    }

    /// The languages of the lanes, lane 0 first.
    pub fn langs(&self) -> &[usize] {
        &self.langs
    }

    /// Adds `walk` as a lane and gives its number; `None` when every lane is taken.
    /// The walks joined are of the same letters and mask.
    pub fn join(&mut self, walk: &MaskedWalk) -> Option<usize> {
        let lane = self.langs.len();
        if lane >= LANES {
            return None;
        }
        if lane == 0 {
            self.at = walk.at;
            self.reach = vec![0; walk.reach.len()];
        }
        debug_assert_eq!((self.at, self.reach.len()), (walk.at, walk.reach.len()));
        self.langs.push(walk.lang);
        for (lanes, &covered) in self.reach.iter_mut().zip(&walk.reach) {
            *lanes |= u64::from(covered) << lane;
        }
        // A piece across from the same start has the same print in every walk (its
        // letters' up to the mask): one piece, open in each lane that has it.
        for &grown in &walk.across {
            match self.across.binary_search_by_key(&grown.start, |g| g.start) {
                Ok(k) => self.across[k].open |= 1 << lane,
                Err(k) => self.across.insert(
                    k,
                    Grown {
                        open: 1 << lane,
                        ..grown
                    },
                ),
            }
        }
        Some(lane)
    }
}
