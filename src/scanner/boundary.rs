//! Whole-word rules, applied after the automaton has found a match.
//!
//! A match whose first character is a letter or digit must not follow a
//! letter or digit; one whose last character is a letter or digit must not be
//! followed by one (Unicode classes). So "Stalin" is not found in "Stalinist",
//! but "Trotsky" is found in "Trotsky's" and "anti-Trotsky". A combining mark
//! (Unicode category M) is part of the character before it: "Lenin" is not
//! found in "Lenin\u{308}" (an n with a diaeresis, which has no precomposed
//! form that NFC could make of it) nor in "x\u{308}Lenin", while a stray
//! mark after white space is no letter.

use unicode_normalization::char::is_combining_mark;

use crate::corpus::LOOK_BACK;

fn is_mark(c: char) -> bool {
    !c.is_ascii() && is_combining_mark(c)
}

/// A letter, digit or combining mark.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// Whether the match `[start, end)` of `text` begins at a word boundary.
pub fn starts_word(text: &str, start: usize) -> bool {
    let first = text[start..].chars().next();
    // The character that the marks before the match, if any, belong to.
    let before = text[..start]
        .chars()
        .rev()
        .take(LOOK_BACK)
        .find(|&c| !is_mark(c));
    !(first.is_some_and(is_word) && before.is_some_and(char::is_alphanumeric))
}

/// Whether the match `[start, end)` of `text` ends at a word boundary.
pub fn ends_word(text: &str, end: usize) -> bool {
    let last = text[..end].chars().next_back();
    let after = text[end..].chars().next();
    !(last.is_some_and(is_word) && after.is_some_and(is_word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        let cases = [
            ("Stalinist", 0, 6, true, false),
            ("Trotsky's", 0, 7, true, true),
            ("anti-Trotsky", 5, 12, true, true),
            ("xStalin", 1, 7, false, true),
            ("Сталин,", 0, 12, true, true),
            ("Сталинизм", 0, 12, true, false),
            ("1923x", 0, 4, true, false),
            // A combining mark that composes with nothing is part of the
            // letter before it, either side of the match.
            ("Lenin\u{308}", 0, 5, true, false),
            ("x\u{308}Lenin", 3, 8, false, true),
            (" \u{308}Lenin", 3, 8, true, true),
            ("\u{308}Lenin", 2, 7, true, true),
            ("Lenin\u{308}", 0, 7, true, true),
        ];
        for (text, s, e, start, end) in cases {
            assert_eq!(
                (starts_word(text, s), ends_word(text, e)),
                (start, end),
                "{text:?}"
            );
        }
    }
}
