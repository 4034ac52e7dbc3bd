"""Long comments: from 65,536 code points on, the extension scores a comment with the
pages it frees given back to the system at once (``alloc::GiveBack``, a process-wide
allocator setting while such a comment is scored).  The answers must not depend on it:
a long comment's matches are its pieces' matches, and short comments scored meanwhile
on another thread get the answers they get alone."""

from __future__ import annotations

import threading

from nudge import Scorer

PIECE = "you are such an idiot and nobody likes you "
# Past the extension's threshold (65,536 code points).
REPEAT = 2_000


def test_a_long_comment_has_its_pieces_matches() -> None:
    scorer = Scorer.load()
    piece = scorer.score(PIECE)
    long = scorer.score(PIECE * REPEAT)
    assert len(PIECE * REPEAT) >= 1 << 16
    assert len(long.matches) == REPEAT * len(piece.matches)
    terms = {m.term for m in long.matches}
    assert terms == {m.term for m in piece.matches}
    # Each match's text is the slice of the comment it names.
    text = PIECE * REPEAT
    assert all(text[m.start : m.end] == m.text for m in long.matches)
    assert scorer.score(PIECE * REPEAT) == long


def test_short_comments_scored_beside_a_long_one_keep_their_answers() -> None:
    scorer = Scorer.load()
    short = ["you idiot", "have a nice day", "t'es qu'un b0uffon", "f*ck you", "🖕🏿"]
    alone = [scorer.score(t) for t in short]
    done = threading.Event()
    found: list[int] = []

    def long_ones() -> None:
        for _ in range(3):
            found.append(len(scorer.score(PIECE * REPEAT).matches))
        done.set()

    worker = threading.Thread(target=long_ones)
    worker.start()
    beside = [[scorer.score(t) for t in short]]
    while not done.is_set():
        beside.append([scorer.score(t) for t in short])
    worker.join()
    assert all(answers == alone for answers in beside)
    assert found == [found[0]] * 3
