//! The per-comment work of nudge, in one place: the normaliser, the lexicon scan, the
//! context rules and the score.  Python (`nudge`) keeps pack loading and validation,
//! prompts, policies, research tools and the CLI; it reaches this crate through the
//! private extension module `nudge._core` (crate `nudge-python`).
//!
//! Text is handled as Python sees it: a sequence of code points ([`Cp`]), lone
//! surrogates included, so every offset is an index into the Python string as given.
//!
//! No `unsafe` but two audited blocks: [`words::Words`] reads a word from its buffer
//! without checking the span's `char` boundaries again (every span was a whole `&str`
//! when it was stored; the reason is argued there, and a debug build asserts it), and
//! [`prefetch`] asks for a cache line (a hint that reads nothing).
#![deny(unsafe_code)]

pub mod blob;
pub mod lexicon;
pub mod listindex;
pub mod long;
pub mod normalize;
pub mod prefetch;
pub mod score;
pub mod scratch;
pub mod segment;
pub mod tagfilter;
pub mod unicode;
pub mod words;

/// One code point of a Python string (lone surrogates included: not always a `char`).
pub type Cp = u32;

/// The crate version, for the Python side to check it was built with this source.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
