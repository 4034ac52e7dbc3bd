//! The scorer: context rules and the score (the scorer work fills this in).
