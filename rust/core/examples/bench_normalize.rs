//! Time the normaliser from Rust (no Python conversion): each line of a UTF-8 file is a
//! comment; prints the median over `--repeat` passes of the time per comment to
//! `normalize` it, and to `normalize` and list its tokens.
//!
//!     cargo run --release -p nudge-core --example bench_normalize -- FILE [REPEAT]

use std::time::Instant;

use nudge_core::normalize::{normalize, Config};
use nudge_core::Cp;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: bench_normalize FILE [REPEAT]");
        std::process::exit(2);
    };
    let repeat: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let source = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let texts: Vec<Vec<Cp>> = source
        .lines()
        .map(|l| l.chars().map(|c| c as u32).collect())
        .collect();
    if texts.is_empty() {
        eprintln!("{path}: no lines");
        std::process::exit(1);
    }
    let mut plain = Vec::new();
    let mut with_tokens = Vec::new();
    let mut sink = 0usize;
    for _ in 0..repeat {
        let t = Instant::now();
        for text in &texts {
            sink += normalize(text, Config::ALL).text.len();
        }
        plain.push(t.elapsed().as_secs_f64() / texts.len() as f64);
        let t = Instant::now();
        for text in &texts {
            sink += normalize(text, Config::ALL).tokens().len();
        }
        with_tokens.push(t.elapsed().as_secs_f64() / texts.len() as f64);
    }
    if std::env::var("NUDGE_BENCH_STEPS").is_ok() {
        for (k, step) in nudge_core::normalize::Step::ALL.iter().enumerate() {
            let t = Instant::now();
            for text in &texts {
                sink += normalize(text, Config(1 << k)).text.len();
            }
            let per = t.elapsed().as_secs_f64() / texts.len() as f64;
            println!("  only {:>14}: {:.2} us", step.name(), per * 1e6);
        }
    }
    println!(
        "{} comments: normalize {:.2} us, normalize + tokens {:.2} us (median of {repeat}; {sink})",
        texts.len(),
        median(plain) * 1e6,
        median(with_tokens) * 1e6,
    );
}
