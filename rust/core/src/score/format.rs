//! Python's number and string formatting, byte for byte: `repr()` of a word, `{:g}`,
//! `{:.2f}` and `round(x, 4)`.

use crate::unicode::is_printable;

/// Python's `repr()` of a string: single quotes unless the text holds one and no double
/// quote; escapes for the quote, backslash, `\t \n \r` and non-printable characters.
pub fn py_repr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_repr(&mut out, s);
    out
}

/// [`py_repr`] written at the end of `out` (explain()'s lines are written in one pass).
pub fn push_repr(out: &mut String, s: &str) {
    use std::fmt::Write;
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        let u = c as u32;
        // Writing to a String cannot fail.
        let _ = match c {
            '\\' => out.write_str("\\\\"),
            '\t' => out.write_str("\\t"),
            '\n' => out.write_str("\\n"),
            '\r' => out.write_str("\\r"),
            _ if c == quote => out.write_fmt(format_args!("\\{c}")),
            _ if u < 0x20 || u == 0x7f => write!(out, "\\x{u:02x}"),
            _ if u < 0x7f || is_printable(u) => out.write_char(c),
            _ if u <= 0xff => write!(out, "\\x{u:02x}"),
            _ if u <= 0xffff => write!(out, "\\u{u:04x}"),
            _ => write!(out, "\\U{u:08x}"),
        };
    }
    out.push(quote);
}

/// Python's `format(x, "g")`: six significant digits, trailing zeros dropped, an
/// exponent below 1e-4 or from 1e6.
pub fn py_g(x: f64) -> String {
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    if !x.is_finite() {
        return if x.is_nan() {
            "nan".into()
        } else if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    let sci = format!("{:.5e}", x);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let m = strip_zeros(mantissa);
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{m}e{sign}{:02}", exp.abs());
    }
    let decimals = (5 - exp).max(0) as usize;
    strip_zeros(&format!("{:.*}", decimals, x))
}

fn strip_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s.to_owned()
    }
}

/// Python's `format(x, ".2f")` (round half to even on the exact binary value).
pub fn fixed2(x: f64) -> String {
    let mut out = String::with_capacity(8);
    push_fixed2(&mut out, x);
    out
}

/// [`fixed2`] written at the end of `out` (no string made on the way: every reason line
/// ends with one).
pub fn push_fixed2(out: &mut String, x: f64) {
    // Fast path as in round4: a value clearly off the half-way point between two
    // hundredths rounds the same whichever way it is computed.
    let y = x * 100.0;
    if x >= 0.0 && y < 1e9 {
        let frac = y - y.trunc();
        if (frac - 0.5).abs() > 1e-6 {
            let r = y.round() as u64;
            push_digits(out, r / 100);
            out.push('.');
            out.push(char::from(b'0' + (r / 10 % 10) as u8));
            out.push(char::from(b'0' + (r % 10) as u8));
            return;
        }
    }
    use std::fmt::Write;
    // Writing to a String cannot fail.
    let _ = write!(out, "{:.2}", x);
}

/// The decimal digits of `n`, appended (by hand: the formatting machinery costs more
/// than the rest of a reason line, and a comment can hold hundreds of thousands).
pub fn push_digits(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let (mut k, mut n) = (digits.len(), n);
    loop {
        k -= 1;
        digits[k] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits: always UTF-8.
    out.push_str(std::str::from_utf8(&digits[k..]).unwrap_or("0"));
}

/// Python's `round(x, 4)` (correctly rounded through the decimal form).
pub fn round4(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    // Fast path: when x * 10^4 is clearly not half-way between two integers, the
    // rounding direction is certain and r / 10^4 (one correctly rounded division) is the
    // double nearest the rounded decimal, as Python's round gives.  Otherwise, or for
    // huge values, the exact decimal form decides.
    let y = x * 1e4;
    if y.abs() < 1e9 {
        // `trunc` and `round` without their library calls (the baseline x86-64 target
        // has no rounding instruction; every weighed hit rounds two or three times):
        // below 1e9 in size, `y` converts to an `i64` truncated toward zero, which is
        // `y.trunc()` (the sign copied back keeps a zero's: `-0.3` truncates to `-0.0`).
        let whole = (y as i64 as f64).copysign(y);
        let frac = (y - whole).abs();
        if (frac - 0.5).abs() > 1e-6 {
            // Not half-way: `y.round()` (half away from zero) moves one away from zero
            // exactly when the fraction is over a half; the sum is exact below 1e9.
            let rounded = if frac > 0.5 {
                whole + 1f64.copysign(y)
            } else {
                whole
            };
            return rounded / 1e4;
        }
    }
    format!("{:.4}", x).parse().unwrap_or(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_picks_quotes_and_escapes() {
        assert_eq!(py_repr("i'm"), "\"i'm\"");
        assert_eq!(py_repr("a'\"b"), "'a\\'\"b'");
        assert_eq!(py_repr("a\\b\n"), "'a\\\\b\\n'");
        assert_eq!(py_repr("\u{7f}\u{85}"), "'\\x7f\\x85'");
        assert_eq!(
            py_repr("\u{ad}\u{200b}\u{e0001}é"),
            "'\\xad\\u200b\\U000e0001é'"
        );
    }

    #[test]
    fn g_and_round_follow_python() {
        assert_eq!(py_g(0.15000000000000002), "0.15");
        assert_eq!(py_g(0.2), "0.2");
        assert_eq!(py_g(1.0), "1");
        assert_eq!(py_g(0.00001), "1e-05");
        assert_eq!(py_g(0.0425), "0.0425");
        assert_eq!(round4(0.123456), 0.1235);
        assert_eq!(format!("{:.2}", 0.125), "0.12");
        for x in [
            0.0, 0.004, 0.005, 0.125, 0.135, 1.0, 2.3, 3.456, 0.995, 12.3449999,
        ] {
            assert_eq!(fixed2(x), format!("{:.2}", x));
        }
    }

    /// The rounding [`round4`] had before its fast path lost the library calls: `trunc`
    /// and `round` of the standard library, the decimal form when half-way.
    fn round4_by_library(x: f64) -> f64 {
        if !x.is_finite() {
            return x;
        }
        let y = x * 1e4;
        if y.abs() < 1e9 {
            let frac = (y - y.trunc()).abs();
            if (frac - 0.5).abs() > 1e-6 {
                return y.round() / 1e4;
            }
        }
        format!("{:.4}", x).parse().unwrap_or(x)
    }

    /// The same bits as the library's rounding: sign of zero included (`to_bits`).
    /// Catches a truncation that loses a zero's sign (`-0.00003` rounded to `+0.0`), a
    /// fraction over a half rounded toward zero, and a step taken toward zero for a
    /// negative number.
    fn same_as_library(x: f64) -> Result<(), proptest::test_runner::TestCaseError> {
        proptest::prop_assert_eq!(round4(x).to_bits(), round4_by_library(x).to_bits(), "{}", x);
        Ok(())
    }

    proptest::proptest! {
        #[test]
        fn round4_rounds_as_the_library(
            x in proptest::num::f64::ANY,
            small in -2e5f64..2e5,
            ten_thousandths in -2_000_000i64..2_000_000,
            nudge in -3i32..=3,
        ) {
            same_as_library(x)?;
            same_as_library(small)?;
            // Near the half-way points and the integers, where the paths part.
            let near = (ten_thousandths as f64 + 0.5 * f64::from(nudge % 2)) / 1e4;
            same_as_library(near)?;
            same_as_library(near + f64::from(nudge) * 1e-12)?;
            same_as_library(-near)?;
        }
    }

    #[test]
    fn round4_keeps_the_sign_of_zero() {
        for x in [0.0, -0.0, -0.00003, 0.00003, -0.00007, 1e-300, -1e-300] {
            assert_eq!(round4(x).to_bits(), round4_by_library(x).to_bits(), "{x}");
        }
    }
}
