//! Character properties exactly as the pure-Python core saw them.
//!
//! Two sources, on purpose: Python's `str` methods (`isalpha`, `isdigit`, `casefold`,
//! `unicodedata` 14.0 for CPython 3.11) and the `regex` module's property classes
//! (`\p{L}`, `\p{Latin}`, `\p{Extended_Pictographic}`...), which follow a newer Unicode.
//! Every function takes a code point ([`Cp`]); surrogates are valid input.
//!
//! CONTRACT (shared by the normaliser and the scorer): the signatures below are fixed.
//! The first implementation uses Rust's `char` methods as stand-ins; the normaliser work
//! replaces them with tables generated from CPython (tools/gen_unicode_tables.py).

use crate::Cp;

fn ch(c: Cp) -> Option<char> {
    char::from_u32(c)
}

/// `str.isalpha()` of one character (categories Lu, Ll, Lt, Lm, Lo).
pub fn is_alpha(c: Cp) -> bool {
    ch(c).is_some_and(char::is_alphabetic)
}

/// `str.isdigit()` of one character.
pub fn is_digit(c: Cp) -> bool {
    ch(c).is_some_and(|x| x.is_ascii_digit())
}

/// `str.isdecimal()` of one character.
pub fn is_decimal(c: Cp) -> bool {
    ch(c).is_some_and(|x| x.is_ascii_digit())
}

/// `str.isalnum()` of one character.
pub fn is_alnum(c: Cp) -> bool {
    ch(c).is_some_and(char::is_alphanumeric)
}

/// `str.isspace()` of one character.
pub fn is_space(c: Cp) -> bool {
    ch(c).is_some_and(char::is_whitespace)
}

/// `str.islower()` of one character (Python's `Py_UNICODE_ISLOWER`).
pub fn is_lower(c: Cp) -> bool {
    ch(c).is_some_and(char::is_lowercase)
}

/// `str.isupper()` of one character (Python's `Py_UNICODE_ISUPPER`).
pub fn is_upper(c: Cp) -> bool {
    ch(c).is_some_and(char::is_uppercase)
}

/// Python's `Py_UNICODE_ISTITLE` (category Lt).
pub fn is_title(c: Cp) -> bool {
    matches!(c, 0x01C5 | 0x01C8 | 0x01CB | 0x01F2)
}

/// `str.isprintable()` of one character (what `repr()` leaves unescaped).
pub fn is_printable(c: Cp) -> bool {
    ch(c).is_some_and(|x| !x.is_control())
}

/// `str.islower()` of a whole string: some cased character, and none upper or title.
pub fn str_is_lower(s: &[Cp]) -> bool {
    let mut cased = false;
    for &c in s {
        if is_upper(c) || is_title(c) {
            return false;
        }
        cased |= is_lower(c);
    }
    cased
}

/// `str.isupper()` of a whole string.
pub fn str_is_upper(s: &[Cp]) -> bool {
    let mut cased = false;
    for &c in s {
        if is_lower(c) || is_title(c) {
            return false;
        }
        cased |= is_upper(c);
    }
    cased
}

/// `str.istitle()` of a whole string.
pub fn str_is_title(s: &[Cp]) -> bool {
    let mut cased = false;
    let mut previous_cased = false;
    for &c in s {
        if is_upper(c) || is_title(c) {
            if previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else if is_lower(c) {
            if !previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else {
            previous_cased = false;
        }
    }
    cased
}
