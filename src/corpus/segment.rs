//! Segmentation of normalised text into sections, paragraphs and sentences,
//! as sorted lists of start positions, and words, counted without a list
//! ([`word_indexes`]).
//!
//! - Paragraphs are the non-empty pieces between `\n` separators (placed by
//!   [`normalize`](super::normalize)). In a document without any line break, a
//!   sentence glued to the previous one ("International.The October
//!   Revolution") also starts a paragraph: on web pages flattened to one line,
//!   that is where a paragraph or heading used to break.
//! - A section starts at a heading paragraph: "Chapter one", "Chapter 2: ...",
//!   "CHAPTER IV", or a Roman numeral and a colon ("II: The Bolshevik
//!   programme"), at most 100 characters long. Without headings the document is
//!   one section.
//! - Sentences end at `.`, `!` or `?` followed by white space and a capital,
//!   digit or opening quote, or glued directly to a capitalised word. A period
//!   after an initial ("J. V. Stalin"), after an abbreviation ("p.", "pp.",
//!   "Vol.", "St.", "cf." ...) or in an ellipsis does not end a sentence.
//! - A word is a run of letters and digits; an apostrophe between letters
//!   ("Trotsky's") does not split it, and a combining mark that NFC left
//!   standing belongs to the character before it ("x\u{302}yz" is one word,
//!   as the scanner's boundaries read it).

use unicode_normalization::char::is_combining_mark;

use super::masks::{BLOCK, Masks, block_at, masks};

/// Abbreviations after which a period does not end a sentence (lower case).
const ABBREVIATIONS: &[&str] = &[
    "p", "pp", "vol", "vols", "st", "ste", "cf", "mr", "mrs", "ms", "dr", "ed", "eds", "trans",
    "jr", "sr", "gen", "col", "lt", "capt", "prof", "rev", "op", "cit", "ch", "chap", "fig", "vs",
    "viz", "ca", "approx", "esp", "ff", "comp",
];

/// A paragraph that starts a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub start: usize,
    pub title: String,
}

/// Start positions of the segments of one normalised text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Segments {
    pub paragraphs: Vec<usize>,
    pub sentences: Vec<usize>,
    pub headings: Vec<Heading>,
}

/// The 0-based index of the segment that holds `pos`, given sorted starts;
/// a position before the first start belongs to the first segment.
pub fn index_at(starts: &[usize], pos: usize) -> usize {
    starts.partition_point(|&s| s <= pos).saturating_sub(1)
}

/// Segments normalised text; `glued_paragraphs` is set for documents with no
/// line breaks at all.
pub fn segment(text: &str, glued_paragraphs: bool) -> Segments {
    let mut seg = Segments::default();
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    for end in ends {
        let piece = &text[start..end];
        let lead = piece.len() - piece.trim_start().len();
        let body = piece.trim();
        if !body.is_empty() {
            paragraph(text, start + lead, body, glued_paragraphs, &mut seg);
        }
        start = end + 1;
    }
    seg
}

fn paragraph(text: &str, at: usize, body: &str, glued: bool, seg: &mut Segments) {
    seg.paragraphs.push(at);
    if is_heading(body) {
        seg.headings.push(Heading {
            start: at,
            title: body.to_string(),
        });
    }
    seg.sentences.push(at);
    for (pos, was_glued) in sentence_breaks(&text[at..at + body.len()]) {
        seg.sentences.push(at + pos);
        if glued && was_glued {
            seg.paragraphs.push(at + pos);
        }
    }
}

/// Whether a paragraph is a chapter heading; see the module documentation.
pub fn is_heading(body: &str) -> bool {
    // A character takes at most 4 bytes: only mid-length bodies need counting.
    if body.len() > 400 || (body.len() > 100 && body.chars().count() > 100) {
        return false;
    }
    let mut words = body.split_whitespace();
    let first = words.next().unwrap_or("");
    if first == "Chapter" || first == "CHAPTER" {
        return words
            .next()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_alphanumeric));
    }
    let Some(numeral) = first.strip_suffix(':') else {
        return false;
    };
    let roman = !numeral.is_empty() && numeral.chars().all(|c| "IVXLC".contains(c));
    roman
        && words
            .next()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Positions (within `p`) where a new sentence starts, and whether that
/// sentence is glued to the previous one without a space.
///
/// Terminators, closing quotes and spaces are ASCII, so they are found and
/// stepped over as bytes (with `memchr`); only the characters whose case
/// matters are decoded.
fn sentence_breaks(p: &str) -> Vec<(usize, bool)> {
    let bytes = p.as_bytes();
    let mut breaks = Vec::new();
    for k in memchr::memchr3_iter(b'.', b'!', b'?', bytes) {
        if ends_no_sentence(p, k) {
            continue;
        }
        let mut j = k + 1;
        while j < bytes.len() && matches!(bytes[j], b'"' | b'\'' | b')' | b']') {
            j += 1;
        }
        if j >= bytes.len() {
            continue;
        }
        if bytes[j] == b' ' {
            let mut m = j;
            while m < bytes.len() && bytes[m] == b' ' {
                m += 1;
            }
            if let Some(c2) = p[m..].chars().next()
                && (c2.is_uppercase()
                    || c2.is_ascii_digit()
                    || matches!(c2, '"' | '\'' | '(' | '['))
            {
                breaks.push((m, false));
            }
        } else {
            let mut rest = p[j..].chars();
            if rest.next().is_some_and(char::is_uppercase)
                && rest.next().is_some_and(char::is_lowercase)
            {
                breaks.push((j, true));
            }
        }
    }
    breaks
}

/// Whether the terminator at byte `k` of `p` is part of an ellipsis, or a
/// period after an initial or an abbreviation.
fn ends_no_sentence(p: &str, k: usize) -> bool {
    let bytes = p.as_bytes();
    if bytes[k] != b'.' {
        return false;
    }
    if (k > 0 && bytes[k - 1] == b'.') || bytes.get(k + 1) == Some(&b'.') {
        return true; // ellipsis
    }
    // The word before the period.
    let start = p[..k]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric())
        .last()
        .map_or(k, |(i, _)| i);
    let word = &p[start..k];
    let mut chars = word.chars();
    let initial = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic());
    if initial {
        return true;
    }
    let mut buf = [0u8; LONGEST_ABBREVIATION];
    let Some(lower) = ascii_lowercase(word, &mut buf) else {
        return false; // longer than any abbreviation, or not ASCII once lowercased
    };
    // "No. 5" is an abbreviation, "said No." ends a sentence.
    let number_sign = || {
        (lower == b"no" || lower == b"nos")
            && bytes[k + 1..]
                .iter()
                .find(|&&b| b != b' ')
                .is_some_and(u8::is_ascii_digit)
    };
    number_sign() || ABBREVIATIONS.iter().any(|a| a.as_bytes() == lower)
}

/// The length of the longest entry of [`ABBREVIATIONS`].
const LONGEST_ABBREVIATION: usize = 6;

/// `word` lowercased character by character (as `char::to_lowercase` does),
/// when the result is ASCII and fits in `buf`; the abbreviations are all
/// such, so any other word is none of them.
fn ascii_lowercase<'b>(word: &str, buf: &'b mut [u8; LONGEST_ABBREVIATION]) -> Option<&'b [u8]> {
    let mut n = 0;
    for l in word.chars().flat_map(char::to_lowercase) {
        if !l.is_ascii() {
            return None;
        }
        *buf.get_mut(n)? = l as u8;
        n += 1;
    }
    Some(&buf[..n])
}

/// Word classes of a character: `WORD` for letters and digits, with `ALPHA`
/// for letters; `MARK` for a combining mark, which takes the class of the
/// character before it.
const WORD: u8 = 1;
const ALPHA: u8 = 2;
const MARK: u8 = 4;

/// The word class of the character at byte `i` (a character boundary), and
/// its length in bytes.
#[inline(never)]
fn decoded_class(text: &str, i: usize) -> (u8, usize) {
    text[i..].chars().next().map_or((0, 1), |c| {
        let class = match (c.is_alphanumeric(), c.is_alphabetic()) {
            (true, true) => WORD | ALPHA,
            (true, false) => WORD,
            _ if is_combining_mark(c) => MARK,
            _ => 0,
        };
        (class, c.len_utf8())
    })
}

/// Calls `f(start, starts)` for each block of [`BLOCK`] bytes of `text`
/// (the last one shorter), where bit k of `starts` is set when a word starts
/// at byte `start + k`.
///
/// A character starts a word when it is a letter or digit, the character
/// before it is not, and that one is not an apostrophe after a letter
/// ("Trotsky's" is one word): with per-byte masks, `W & !W₋₁ & !(Q₋₁ &
/// A₋₂)`. Every byte of a non-ASCII character carries the character's
/// class, so "the character before" is "the byte before" throughout; a block
/// with such bytes decodes them, the others are classified sixteen bytes at a
/// time.
fn for_each_word_block(text: &str, mut f: impl FnMut(usize, u64)) {
    let bytes = text.as_bytes();
    let (mut prev, mut carried) = (Masks::default(), (0u8, 0usize));
    let mut start = 0;
    while start < bytes.len() {
        let (block, len) = block_at(bytes, start);
        let mut m = masks(&block);
        if m.high != 0 {
            carried = decode_block(text, start, len, &mut m, carried, class_at(&prev, 63));
        }
        let word_before = (m.word << 1) | (prev.word >> 63);
        let quote_before = (m.quote << 1) | (prev.quote >> 63);
        let alpha_two_before = (m.alpha << 2) | (prev.alpha >> 62);
        let mut starts = m.word & !word_before & !(quote_before & alpha_two_before);
        if len < BLOCK {
            starts &= (1u64 << len) - 1;
        }
        f(start, starts);
        prev = m;
        start += len;
    }
}

/// The word class (`WORD`, `ALPHA`) that the masks give byte `k` of a block.
fn class_at(m: &Masks, k: usize) -> u8 {
    let bit = |mask: u64| u8::from(mask >> k & 1 == 1);
    (bit(m.word) * WORD) | (bit(m.alpha) * ALPHA)
}

/// Sets the `word` and `alpha` bits of every byte of the non-ASCII
/// characters of the block at `start` (`len` bytes), as their characters'
/// classes (a combining mark's is that of the byte before it; `before` is
/// the class of the previous block's last byte). `carried` is the class and
/// the bytes left of a character that the previous block cut; returns the
/// same for the next block.
#[inline(never)]
fn decode_block(
    text: &str,
    start: usize,
    len: usize,
    m: &mut Masks,
    carried: (u8, usize),
    before: u8,
) -> (u8, usize) {
    let bytes = text.as_bytes();
    let (mut class, mut left) = carried;
    for k in 0..len {
        if left == 0 {
            if bytes[start + k] < 0x80 {
                continue;
            }
            let (mut c, n) = decoded_class(text, start + k);
            if c == MARK {
                c = k.checked_sub(1).map_or(before, |j| class_at(m, j));
            }
            (class, left) = (c, n);
        }
        m.word |= u64::from(class & WORD != 0) << k;
        m.alpha |= u64::from(class & ALPHA != 0) << k;
        left -= 1;
    }
    (class, left)
}

/// Start positions of the words of `text`.
#[cfg(test)]
fn word_starts(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    for_each_word_block(text, |start, mut bits| {
        while bits != 0 {
            out.push(start + bits.trailing_zeros() as usize);
            bits &= bits - 1;
        }
    });
    out
}

/// The number of words of `text`, and for each of `positions` the 0-based
/// index of the word that holds it (as [`index_at`] over the words' starts
/// gives it), without making the list of starts.
pub fn word_indexes(text: &str, positions: &[usize]) -> (usize, Vec<usize>) {
    let mut order: Vec<usize> = (0..positions.len()).collect();
    order.sort_by_key(|&i| positions[i]);
    let mut indexes = vec![0; positions.len()];
    let (mut next, mut before) = (0, 0);
    for_each_word_block(text, |start, bits| {
        while let Some(&i) = order.get(next) {
            let k = positions[i].saturating_sub(start);
            if k >= BLOCK {
                break;
            }
            // Starts at or before the position, within this block.
            let upto = bits & (u64::MAX >> (BLOCK - 1 - k));
            indexes[i] = (before + upto.count_ones() as usize).saturating_sub(1);
            next += 1;
        }
        before += bits.count_ones() as usize;
    });
    for &i in &order[next..] {
        indexes[i] = before.saturating_sub(1);
    }
    (before, indexes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let s = segment(text, false).sentences;
        let mut out = Vec::new();
        for (i, &a) in s.iter().enumerate() {
            let b = s.get(i + 1).copied().unwrap_or(text.len());
            out.push(text[a..b].trim());
        }
        out
    }

    #[test]
    fn sentence_rules() {
        let cases: &[(&str, &[&str])] = &[
            (
                "J. V. Stalin won. Trotsky lost.",
                &["J. V. Stalin won.", "Trotsky lost."],
            ),
            (
                "See p. 82 and pp. 3-4. Then Vol. 2.",
                &["See p. 82 and pp. 3-4.", "Then Vol. 2."],
            ),
            (
                "In St. Petersburg. Cf. Carr.",
                &["In St. Petersburg.", "Cf. Carr."],
            ),
            (
                "Wait... Then cf. Marx. Done",
                &["Wait... Then cf. Marx.", "Done"],
            ),
            (
                "the International.The October Revolution",
                &["the International.", "The October Revolution"],
            ),
            ("J.V.Stalin spoke.", &["J.V.Stalin spoke."]),
            (
                "He said \"No.\" Then left!",
                &["He said \"No.\"", "Then left!"],
            ),
            ("In 1917. 1918 came.", &["In 1917.", "1918 came."]),
            ("e.g. this. Yes?", &["e.g. this.", "Yes?"]),
            (
                "See No. 5 here. No. It was.",
                &["See No. 5 here.", "No.", "It was."],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(sentences(text), *want, "text {text:?}");
        }
    }

    #[test]
    fn paragraphs_and_glued_paragraphs() {
        let s = segment("One.\nTwo. Three.\n\n", false);
        assert_eq!(s.paragraphs, vec![0, 5]);
        let s = segment("Intro text.The October Revolution began.", true);
        assert_eq!(s.paragraphs, vec![0, 11]);
    }

    #[test]
    fn headings() {
        let cases = [
            ("Chapter one", true),
            ("Chapter 2: THE CAMPAIGN AGAINST TROtSKY", true),
            ("II: The Bolshevik programme", true),
            ("I: Trotsky in exile", true),
            ("V:,Uhammously. The Executive Committee", false),
            ("Chapter", false),
            ("The chapter one", false),
            ("MIX: nope", false),
        ];
        for (text, want) in cases {
            assert_eq!(is_heading(text), want, "{text:?}");
        }
    }

    #[test]
    fn longest_abbreviation() {
        let longest = ABBREVIATIONS.iter().map(|a| a.len()).max();
        assert_eq!(longest, Some(LONGEST_ABBREVIATION));
        assert!(
            ABBREVIATIONS
                .iter()
                .all(|a| a.bytes().all(|b| b.is_ascii_lowercase()))
        );
    }

    #[test]
    fn words() {
        assert_eq!(word_starts("Trotsky's own-line 1923"), vec![0, 10, 14, 19]);
        let cases: &[(&str, &[usize])] = &[
            ("", &[]),
            ("'s", &[1]),
            ("1923's x", &[0, 5, 7]),
            ("a''b", &[0, 3]),
            ("Trotsky's' x", &[0, 11]),
            ("Trotsky'", &[0]),
            ("Bront\u{eb}'s \u{2014}Сталин", &[0, 13]),
            ("\u{eb}'s", &[0]),
            ("x\u{2019}s", &[0, 4]),
            // Marks NFC left standing belong to the character before them.
            ("x\u{302}yz q", &[0, 6]),
            ("x\u{302}\u{323}'s", &[0]),
            (" \u{302}ab", &[3]),
            ("1\u{20e3}2", &[0]),
        ];
        for (text, want) in cases {
            assert_eq!(word_starts(text), *want, "{text:?}");
        }
        assert_eq!(index_at(&[0, 10, 14], 12), 1);
        assert_eq!(index_at(&[3], 0), 0);
    }

    /// The character-by-character implementation these functions replaced,
    /// kept as the reference they must agree with.
    mod reference {
        use super::super::ABBREVIATIONS;

        pub fn sentence_breaks(p: &str) -> Vec<(usize, bool)> {
            let mut breaks = Vec::new();
            if !p.bytes().any(|b| matches!(b, b'.' | b'!' | b'?')) {
                return breaks;
            }
            let chars: Vec<(usize, char)> = p.char_indices().collect();
            for (k, &(_, c)) in chars.iter().enumerate() {
                if !matches!(c, '.' | '!' | '?') || ends_no_sentence(&chars, k) {
                    continue;
                }
                let mut j = k + 1;
                while j < chars.len() && matches!(chars[j].1, '"' | '\'' | ')' | ']') {
                    j += 1;
                }
                let Some(&(pos, next)) = chars.get(j) else {
                    continue;
                };
                if next == ' ' {
                    let mut m = j;
                    while m < chars.len() && chars[m].1 == ' ' {
                        m += 1;
                    }
                    if let Some(&(pos, c2)) = chars.get(m) {
                        if c2.is_uppercase()
                            || c2.is_ascii_digit()
                            || matches!(c2, '"' | '\'' | '(' | '[')
                        {
                            breaks.push((pos, false));
                        }
                    }
                } else if next.is_uppercase()
                    && chars.get(j + 1).is_some_and(|&(_, c)| c.is_lowercase())
                {
                    breaks.push((pos, true));
                }
            }
            breaks
        }

        /// Whether the terminator at `k` is part of an ellipsis, or a period after an
        /// initial or an abbreviation.
        fn ends_no_sentence(chars: &[(usize, char)], k: usize) -> bool {
            let c = chars[k].1;
            let prev = k.checked_sub(1).map(|i| chars[i].1);
            let next = chars.get(k + 1).map(|&(_, c)| c);
            if c != '.' {
                return false;
            }
            if prev == Some('.') || next == Some('.') {
                return true; // ellipsis
            }
            // The word before the period, compared lowercased without building it.
            let run = chars[..k]
                .iter()
                .rev()
                .take_while(|&&(_, c)| c.is_alphanumeric())
                .count();
            let word = &chars[k - run..k];
            let initial = run == 1 && word[0].1.is_alphabetic();
            let is = |s: &str| {
                s.chars()
                    .eq(word.iter().flat_map(|&(_, c)| c.to_lowercase()))
            };
            // "No. 5" is an abbreviation, "said No." ends a sentence.
            let number_sign = || {
                (is("no") || is("nos"))
                    && chars[k + 1..]
                        .iter()
                        .map(|&(_, c)| c)
                        .find(|c| *c != ' ')
                        .is_some_and(|c| c.is_ascii_digit())
            };
            initial || number_sign() || ABBREVIATIONS.iter().any(|a| is(a))
        }

        pub fn word_starts(text: &str) -> Vec<usize> {
            // Each character with its (word, letter) class; a combining mark
            // takes the class of the character before it.
            let mut starts = Vec::with_capacity(text.len() / 6);
            let mut prev: Option<(char, bool, bool)> = None;
            let mut before_prev: Option<(char, bool, bool)> = None;
            for (i, c) in text.char_indices() {
                let (is_word, is_alpha) = if c.is_alphanumeric() {
                    (true, c.is_alphabetic())
                } else if unicode_normalization::char::is_combining_mark(c) {
                    prev.map_or((false, false), |(_, w, a)| (w, a))
                } else {
                    (false, false)
                };
                let prev_word = prev.is_some_and(|(_, w, _)| w);
                let joined = prev.is_some_and(|(p, _, _)| p == '\'')
                    && before_prev.is_some_and(|(_, _, a)| a);
                if is_word && !prev_word && !joined {
                    starts.push(i);
                }
                before_prev = prev;
                prev = Some((c, is_word, is_alpha));
            }
            starts
        }
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_reference(
            text in "[a-zA-Z0-9 .!?'\"()\\[\\]\u{eb}\u{c9}\u{130}\u{212a}\u{2019}\u{2014}Σς\u{302}]{0,40}"
        ) {
            proptest::prop_assert_eq!(sentence_breaks(&text), reference::sentence_breaks(&text));
            proptest::prop_assert_eq!(word_starts(&text), reference::word_starts(&text));
        }

        #[test]
        fn word_starts_agree_across_blocks(
            text in "[a-z0-9 '\u{eb}\u{2014}\u{1d504}\u{b2}\u{3000}Σ\u{302}\u{20e3}]{0,300}"
        ) {
            // Long enough to cross blocks, with 2-, 3- and 4-byte characters
            // (letters, a digit, dashes and spaces) cut by a block's end.
            proptest::prop_assert_eq!(word_starts(&text), reference::word_starts(&text));
        }

        #[test]
        fn word_indexes_agree_with_index_at(
            text in "[a-z '\u{eb}\u{1d504}\u{302}]{0,200}",
            picks in proptest::collection::vec(0usize..220, 0..20),
        ) {
            // Any positions, in any order, inside the text or past its end.
            let starts = reference::word_starts(&text);
            let (count, indexes) = word_indexes(&text, &picks);
            proptest::prop_assert_eq!(count, starts.len());
            let want: Vec<usize> = picks.iter().map(|&p| index_at(&starts, p)).collect();
            proptest::prop_assert_eq!(indexes, want);
        }

        #[test]
        fn agrees_on_abbreviations(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "No.", "no.", "Nos.", "p.", "PP.", "Vol.", "St.", "J.", "\u{212a}.", "\u{130}.",
                    "approx.", "approxx.", "5", "12", "Stalin", "Said", "a", " ", "...", "?", "!",
                ]),
                0..12,
            )
        ) {
            let text = words.join(" ");
            proptest::prop_assert_eq!(sentence_breaks(&text), reference::sentence_breaks(&text));
        }
    }
}
