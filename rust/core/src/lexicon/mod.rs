//! The compiled lexicon and its scan (the scorer work fills this in).
