//! Normalisation: the text the automaton scans, and a map back to the decoded
//! text.
//!
//! - A run of white space (spaces, tabs, line breaks, no-break spaces) becomes
//!   one space, or one `\n` when it separates paragraphs (see
//!   [`ParagraphMode`]); aliases never contain `\n`, so no mention spans a
//!   paragraph break.
//! - Curly apostrophes and quotes become straight ones.
//! - A word hyphenated across a line break is joined: `Trot-\nsky` becomes
//!   `Trotsky`; when the next word starts with a capital, the hyphen is kept and
//!   only the break dropped (`Alma-\nAta` becomes `Alma-Ata`).
//! - Soft hyphens and zero-width characters are dropped.
//! - The text is put in Unicode normalisation form C (NFC), so canonically
//!   equivalent spellings are one: `Le\u{301}nine` (an `e` and a combining
//!   acute, as macOS file names and some PDF extractions have it) becomes
//!   `Lénine` (one precomposed `é`). Only the characters that NFC may change
//!   (combining marks and the like, never ASCII nor Latin-1) go through
//!   composition, with the character before them: a composed character maps
//!   to the start of the characters it was made of, its end to their end.

use std::sync::OnceLock;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::offsets::OffsetMap;

/// What separates paragraphs in a document, decided once per document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphMode {
    /// Blank lines separate paragraphs (most texts).
    BlankLine,
    /// No blank lines anywhere: every line break separates paragraphs.
    Line,
    /// No line breaks at all: paragraphs are found by the segmenter.
    None,
}

impl ParagraphMode {
    /// Whether a run of white space holding `breaks` line breaks separates
    /// paragraphs in this mode.
    pub fn breaks_paragraph(self, breaks: usize) -> bool {
        match self {
            ParagraphMode::BlankLine => breaks >= 2,
            ParagraphMode::Line => breaks >= 1,
            ParagraphMode::None => false,
        }
    }

    /// Looks at the whole document to choose its mode: blank lines if it has
    /// any; otherwise one paragraph per line when lines are long (a web page
    /// saved as text); otherwise (hard-wrapped text without blank lines, or a
    /// single line) line breaks are plain white space.
    pub fn detect(text: &str) -> ParagraphMode {
        let mut detector = ModeDetector::default();
        detector.feed(text.as_bytes());
        detector.finish()
    }
}

/// [`ParagraphMode::detect`] over a text fed piece by piece (a file too
/// large to hold).
#[derive(Debug, Clone)]
pub struct ModeDetector {
    len: usize,
    /// Line breaks so far.
    breaks: usize,
    /// The line being read is blank so far.
    blank: bool,
    /// A blank line after the first line was seen.
    found: bool,
    ends_with_break: bool,
}

impl Default for ModeDetector {
    fn default() -> Self {
        ModeDetector {
            len: 0,
            breaks: 0,
            blank: true,
            found: false,
            ends_with_break: false,
        }
    }
}

impl ModeDetector {
    pub fn feed(&mut self, bytes: &[u8]) {
        self.len += bytes.len();
        if self.found || bytes.is_empty() {
            return;
        }
        let white = |b: &u8| matches!(b, b' ' | b'\t' | b'\r');
        let mut line_start = 0;
        for nl in memchr::memchr_iter(b'\n', bytes) {
            if self.blank && bytes[line_start..nl].iter().all(white) && self.breaks > 0 {
                self.found = true;
                return;
            }
            self.breaks += 1;
            self.blank = true;
            line_start = nl + 1;
        }
        self.blank = self.blank && bytes[line_start..].iter().all(white);
        self.ends_with_break = bytes.last() == Some(&b'\n');
    }

    pub fn finish(self) -> ParagraphMode {
        if self.found {
            return ParagraphMode::BlankLine;
        }
        // A break that ends the text does not start a line.
        let lines = self.breaks - usize::from(self.ends_with_break);
        if lines > 0 && self.len / (lines + 1) >= 150 {
            ParagraphMode::Line
        } else {
            ParagraphMode::None
        }
    }
}

/// Normalised text and the map from its positions to the input's.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub text: String,
    pub map: OffsetMap,
}

/// What a character becomes.
fn replacement(c: char) -> Option<&'static str> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => Some("'"),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => Some("\""),
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => Some(""),
        _ => None,
    }
}

/// Line breaks in a run of white space; a form feed or paragraph separator
/// counts as a paragraph break.
fn line_breaks(run: &str) -> usize {
    let mut n = 0;
    let mut prev_cr = false;
    for c in run.chars() {
        n += match c {
            '\n' if prev_cr => 0,
            '\n' | '\r' | '\u{2028}' | '\u{85}' => 1,
            '\u{0C}' | '\u{2029}' => 2,
            _ => 0,
        };
        prev_cr = c == '\r';
    }
    n
}

/// Normalises `src`; see the module documentation.
pub fn normalize(src: &str, mode: ParagraphMode) -> Normalized {
    let mut out = String::with_capacity(src.len());
    let mut map = OffsetMap::default();
    let mut i = 0;
    while i < src.len() {
        map.push(out.len(), i);
        let plain = plain_run(src, i, mode, &mut out, &mut map);
        if plain > i {
            i = plain;
            continue;
        }
        let c = src[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        if c.is_whitespace() {
            let end = whitespace_end(src, i);
            let paragraph = mode.breaks_paragraph(line_breaks(&src[i..end]));
            map.push(out.len(), i);
            out.push(if paragraph { '\n' } else { ' ' });
            map.push(out.len(), end);
            i = end;
        } else if c == '-' {
            map.push(out.len(), i);
            out.push('-');
            if let Some((next, join)) = hyphen_break(src, i, &out, mode) {
                if join {
                    out.pop();
                }
                i = next;
            } else {
                i += 1;
            }
            map.push(out.len(), i);
        } else if let Some(r) = replacement(c) {
            map.push(out.len(), i);
            out.push_str(r);
            map.push(out.len(), i + len);
            i += len;
        } else if stable(c) {
            map.push(out.len(), i);
            out.push(c);
            i += len;
            // With the non-ASCII characters after it that stay as they
            // are (a Cyrillic word), in one go.
            if src.as_bytes().get(i).is_some_and(|&b| b >= 0x80) {
                let end = src[i..]
                    .char_indices()
                    .find(|&(_, c)| c.is_ascii() || c.is_whitespace() || !stays(c))
                    .map_or(src.len(), |(k, _)| i + k);
                out.push_str(&src[i..end]);
                i = end;
            }
        } else {
            i = compose(src, i, &mut out, &mut map);
        }
    }
    map.push(out.len(), src.len());
    Normalized { text: out, map }
}

/// Whether NFC leaves what comes before `c` as it is, whatever follows: `c`
/// is a starter (canonical combining class 0) that never composes with a
/// character before it (NFC_Quick_Check=Yes), as everything below U+0300 is.
/// Asked of every non-ASCII character: one bit of a table below U+10000.
fn stable(c: char) -> bool {
    let u = c as usize;
    if u < 0x300 {
        true
    } else if u < 0x10000 {
        STABLE_BMP.get_or_init(stable_bmp)[u / 64] >> (u % 64) & 1 == 1
    } else {
        stable_by_lookup(c)
    }
}

/// Whether a character that is not white space is copied as it is.
fn stays(c: char) -> bool {
    replacement(c).is_none() && stable(c)
}

fn stable_by_lookup(c: char) -> bool {
    canonical_combining_class(c) == 0 && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// [`stable`] below U+10000, a bit a character (8 KiB), made at first use
/// (two look-ups in the crate's tables cost as much as the rest of the
/// normalisation of a Cyrillic text).
static STABLE_BMP: OnceLock<Box<[u64; 1024]>> = OnceLock::new();

fn stable_bmp() -> Box<[u64; 1024]> {
    let mut bits = Box::new([0u64; 1024]);
    for (u, c) in (0..0x10000u32).filter_map(|u| Some((u as usize, char::from_u32(u)?))) {
        if stable_by_lookup(c) {
            bits[u / 64] |= 1 << (u % 64);
        }
    }
    bits
}

/// How many characters of the normalised text a composition looks back
/// at for a stable starter, and the word rule for the letter that marks
/// belong to (Unicode's stream-safe text has at most 30 combining marks in
/// a row), so that a pathological run of marks costs linear time.
pub const LOOK_BACK: usize = 32;

/// NFC at a character at `at` of `src` that is not [`stable`] (a combining
/// mark, a Hangul vowel, a character NFC replaces): recomposes the text from
/// the last stable character of `out` to the next one of `src` (no
/// composition crosses a stable character). What composition changes is a
/// replacement in the map: its start maps to the start of the source of
/// the characters it was made from, its end (and any position inside it,
/// which no whole-word match starts or ends at) to their end. Returns where
/// in `src` it stopped.
fn compose(src: &str, at: usize, out: &mut String, map: &mut OffsetMap) -> usize {
    let end = src[at..]
        .char_indices()
        .find(|&(_, c)| stable(c))
        .map_or(src.len(), |(k, _)| at + k);
    let mut base = out.len();
    for (k, c) in out.char_indices().rev().take(LOOK_BACK) {
        base = k;
        if stable(c) {
            break;
        }
    }
    if let Some(composed) = letter_and_accent(&out[base..], &src[at..end]) {
        let from = map.source(base);
        out.truncate(base);
        map.truncate(base);
        map.push(base, from);
        out.push(composed);
        map.push(out.len(), end);
        return end;
    }
    let old = || out[base..].chars().chain(src[at..end].chars());
    let composed: String = old().nfc().collect();
    // The characters that stay as they were, as bytes from `base`.
    let kept: usize = old()
        .zip(composed.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum();
    let tail = out.len() - base;
    if kept == composed.len() && kept == tail + end - at {
        map.push(out.len(), at);
        out.push_str(&src[at..end]);
        return end;
    }
    let from = if kept <= tail {
        let from = map.source(base + kept);
        out.truncate(base + kept);
        map.truncate(base + kept);
        from
    } else {
        map.push(out.len(), at);
        out.push_str(&src[at..at + kept - tail]);
        at + kept - tail
    };
    map.push(out.len(), from);
    for (k, c) in composed[kept..].char_indices() {
        if k > 0 {
            map.push(out.len(), end);
        }
        out.push(c);
    }
    map.push(out.len(), end);
    end
}

/// The common case of [`compose`], without its allocations: an ASCII
/// letter and one accent (of Combining Diacritical Marks) that NFC composes
/// with it (`e` and U+0301 are `é`). An ASCII character has no
/// decomposition, nor has a mark of that block whose NFC_Quick_Check is
/// Maybe, so NFC is their composition, if they have one.
fn letter_and_accent(base: &str, marks: &str) -> Option<char> {
    let (&[b], mut marks) = (base.as_bytes(), marks.chars()) else {
        return None;
    };
    let (Some(mark), None) = (marks.next(), marks.next()) else {
        return None;
    };
    if mark >= '\u{370}' || is_nfc_quick(std::iter::once(mark)) != IsNormalized::Maybe {
        return None;
    }
    unicode_normalization::char::compose(char::from(b), mark)
}

/// `s` in NFC: a case mapping of NFC text need not be (the capitals of
/// `ΐ` are `Ϊ́`, three characters, two in NFC).
pub fn to_nfc(s: String) -> String {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s
    } else {
        s.nfc().collect()
    }
}

/// ASCII white space, as `char::is_whitespace` has it (with the vertical
/// tab, which `u8::is_ascii_whitespace` leaves out).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | 0x09..=0x0d)
}

/// The fast path of [`normalize`]: from `start`, copies to `out` the ASCII
/// text that needs no change, as whole runs, and applies the white-space
/// rule to runs of ASCII white space followed by ASCII (the map gets the
/// same breakpoints the general path would give). Returns where it stopped:
/// at a hyphen, a non-ASCII byte, or white space followed by one or by the
/// end of the text (`start` if nothing was done).
fn plain_run(
    src: &str,
    start: usize,
    mode: ParagraphMode,
    out: &mut String,
    map: &mut OffsetMap,
) -> usize {
    let bytes = src.as_bytes();
    let (mut from, mut j) = (start, start);
    while j < bytes.len() {
        // Past the bytes that stay as they are, back to the first of the
        // spaces before what stopped the search (they are part of its run).
        let stop = next_to_change(bytes, j);
        // A lone tab or line break between bytes that stay (the tabs
        // between the words of some PDF extractions, the line ends of
        // hard-wrapped text) becomes one byte: no breakpoint to record, as
        // the map would imply it.
        if (stop == j || bytes[stop - 1] != b' ')
            && bytes.get(stop).is_some_and(|&b| is_ascii_space(b))
            && bytes
                .get(stop + 1)
                .is_some_and(|&b| b < 0x80 && !is_ascii_space(b))
        {
            let paragraph = mode.breaks_paragraph(ascii_line_breaks(&bytes[stop..stop + 1]));
            out.push_str(&src[from..stop]);
            out.push(if paragraph { '\n' } else { ' ' });
            (from, j) = (stop + 1, stop + 1);
            continue;
        }
        j = stop
            - bytes[j..stop]
                .iter()
                .rev()
                .take_while(|&&b| b == b' ')
                .count();
        // A hyphen or a non-ASCII byte is left to the general path.
        if !bytes.get(j).is_some_and(|&b| is_ascii_space(b)) {
            break;
        }
        let end = bytes[j..]
            .iter()
            .position(|&b| !is_ascii_space(b))
            .map_or(bytes.len(), |k| j + k);
        if end == bytes.len() || bytes[end] >= 0x80 {
            break; // the run may go on with non-ASCII white space
        }
        let paragraph = mode.breaks_paragraph(ascii_line_breaks(&bytes[j..end]));
        let with = if paragraph { b'\n' } else { b' ' };
        if end == j + 1 && bytes[j] == with {
            j = end; // unchanged: part of the copied run
            continue;
        }
        out.push_str(&src[from..j]);
        map.push(out.len(), j);
        out.push(char::from(with));
        map.push(out.len(), end);
        (from, j) = (end, end);
    }
    out.push_str(&src[from..j]);
    j
}

/// Whether normalisation may change the text at byte `b`: ASCII white
/// space other than the space, a hyphen, a non-ASCII byte.
fn may_change(b: u8) -> bool {
    matches!(b, 0x09..=0x0d | b'-' | 0x80..)
}

/// The first byte from `from` at which normalisation may change the text
/// ([`may_change`], or a space followed by a space or by the end), or the
/// text's length: a single space between bytes that stay is kept. Sixteen
/// bytes at a time where SSE2 is there (always on x86_64).
fn next_to_change(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    #[cfg(target_arch = "x86_64")]
    while i + 17 <= bytes.len() {
        use std::arch::x86_64::*;
        // SAFETY: bytes i..i + 17 are inside `bytes`; SSE2 is always there
        // on x86_64.
        let mask = unsafe {
            let v = _mm_loadu_si128(bytes.as_ptr().add(i).cast());
            let next = _mm_loadu_si128(bytes.as_ptr().add(i + 1).cast());
            let space = _mm_set1_epi8(b' ' as i8);
            // Bytes from 0x80 are negative as i8: neither in the range nor equal.
            let control = _mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8(0x08)),
                _mm_cmplt_epi8(v, _mm_set1_epi8(0x0e)),
            );
            let hyphen = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'-' as i8));
            let spaces = _mm_and_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(next, space));
            let any = _mm_or_si128(_mm_or_si128(control, hyphen), spaces);
            _mm_movemask_epi8(any) | _mm_movemask_epi8(v)
        };
        if mask != 0 {
            return i + mask.trailing_zeros() as usize;
        }
        i += 16;
    }
    while i < bytes.len() {
        let b = bytes[i];
        if may_change(b) || (b == b' ' && bytes.get(i + 1).is_none_or(|&n| n == b' ')) {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

/// [`line_breaks`] of a run of ASCII white space.
fn ascii_line_breaks(run: &[u8]) -> usize {
    let mut n = 0;
    let mut prev_cr = false;
    for &b in run {
        n += match b {
            b'\n' if prev_cr => 0,
            b'\n' | b'\r' => 1,
            0x0c => 2,
            _ => 0,
        };
        prev_cr = b == b'\r';
    }
    n
}

fn whitespace_end(src: &str, start: usize) -> usize {
    src[start..]
        .char_indices()
        .find(|&(_, c)| !c.is_whitespace())
        .map_or(src.len(), |(k, _)| start + k)
}

/// For a hyphen at `at` that ends a line inside a paragraph, between letters:
/// where the next word starts, and whether to drop the hyphen (next word in
/// lower case) or keep it.
fn hyphen_break(src: &str, at: usize, out: &str, mode: ParagraphMode) -> Option<(usize, bool)> {
    let before = out[..out.len() - 1].chars().next_back()?;
    if !before.is_alphabetic() {
        return None;
    }
    let end = whitespace_end(src, at + 1);
    let breaks = line_breaks(&src[at + 1..end]);
    if breaks == 0 || mode.breaks_paragraph(breaks) {
        return None;
    }
    let next = src[end..].chars().next()?;
    next.is_alphabetic().then_some((end, next.is_lowercase()))
}

/// Normalises an alias the way text is normalised (in NFC too), so the two
/// compare equal.
pub fn normalize_alias(alias: &str) -> String {
    normalize(alias.trim(), ParagraphMode::None).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        let cases = [
            ("Leon\tTrotsky", "Leon Trotsky"),
            ("Leon\nTrotsky", "Leon Trotsky"),
            ("Leon \r\n  Trotsky", "Leon Trotsky"),
            ("Leon\u{a0}Trotsky", "Leon Trotsky"),
            ("Trotsky\u{2019}s", "Trotsky's"),
            ("\u{201C}Left\u{201D}", "\"Left\""),
            ("Trot-\nsky", "Trotsky"),
            ("Trot- \n sky", "Trotsky"),
            ("Alma-\nAta", "Alma-Ata"),
            ("Trot-\n\nsky", "Trot-\nsky"),
            ("a - b", "a - b"),
            ("1923-\n27", "1923- 27"),
            ("para one.\n\npara two", "para one.\npara two"),
            ("Sta\u{ad}lin", "Stalin"),
        ];
        for (input, want) in cases {
            let n = normalize(input, ParagraphMode::BlankLine);
            assert_eq!(n.text, want, "input {input:?}");
        }
    }

    #[test]
    fn map_points_to_the_input() {
        let input = "x Trot-\nsky\u{2019}s  Leon\t\tTrotsky";
        let n = normalize(input, ParagraphMode::BlankLine);
        assert_eq!(n.text, "x Trotsky's Leon Trotsky");
        let s = n.text.find("Trotsky").unwrap();
        assert_eq!((n.map.source(s), n.map.source(s + 7)), (2, 11));
        let s = n.text.find("Leon").unwrap();
        assert_eq!(
            &input[n.map.source(s)..n.map.source(s + 12)],
            "Leon\t\tTrotsky"
        );
        let s = n.text.find('\'').unwrap();
        assert_eq!(&input[n.map.source(s)..n.map.source(s + 1)], "\u{2019}");
    }

    #[test]
    fn canonically_equivalent_forms_are_one() {
        let cases = [
            // An e and a combining acute are one é, as written precomposed.
            ("Le\u{301}nine", "L\u{e9}nine"),
            ("L\u{e9}nine", "L\u{e9}nine"),
            ("Broue\u{301}", "Brou\u{e9}"),
            // Two marks on one letter, in either order.
            ("a\u{323}\u{302}", "\u{1ead}"),
            ("a\u{302}\u{323}", "\u{1ead}"),
            // A mark with no precomposed form stays, put in canonical order
            // (below, 220, before above, 230).
            ("n\u{308}", "n\u{308}"),
            ("q\u{301}\u{331}", "q\u{331}\u{301}"),
            ("e\u{301}\u{301}", "\u{e9}\u{301}"),
            // Characters NFC replaces (the angstrom sign), Hangul jamo.
            ("\u{212b}ngstr\u{f6}m", "\u{c5}ngstr\u{f6}m"),
            (
                "\u{1112}\u{1161}\u{11ab}\u{1100}\u{116e}\u{11a8}",
                "\u{d55c}\u{ad6d}",
            ),
            // Nothing composes with white space; a dropped soft hyphen is
            // not there.
            ("a \u{301}b", "a \u{301}b"),
            ("a\t\u{301}b", "a \u{301}b"),
            ("\u{301}b", "\u{301}b"),
            ("Le\u{ad}\u{301}nine", "L\u{e9}nine"),
            ("Le\u{301}-\nnine", "L\u{e9}nine"),
        ];
        for (input, want) in cases {
            let n = normalize(input, ParagraphMode::BlankLine);
            assert_eq!(n.text, want, "input {input:?}");
        }
        assert_eq!(normalize_alias("Le\u{301}on Blum"), "L\u{e9}on Blum");
    }

    #[test]
    fn a_composed_character_maps_to_its_source_sequence() {
        let input = "x Le\u{301}nine, Brou\u{e9} and q\u{301}\u{331}.";
        let n = normalize(input, ParagraphMode::BlankLine);
        assert_eq!(n.text, "x L\u{e9}nine, Brou\u{e9} and q\u{331}\u{301}.");
        let source = |s: &str| {
            let at = n.text.find(s).unwrap();
            &input[n.map.source(at)..n.map.source(at + s.len())]
        };
        assert_eq!(source("L\u{e9}nine"), "Le\u{301}nine");
        assert_eq!(source("\u{e9}"), "e\u{301}");
        assert_eq!(source("L"), "L");
        assert_eq!(source("nine"), "nine");
        assert_eq!(source("Brou\u{e9}"), "Brou\u{e9}");
        assert_eq!(source("q\u{331}\u{301}"), "q\u{301}\u{331}");
        assert_eq!(source("."), ".");
    }

    /// What the shortcuts of [`stable`] and [`letter_and_accent`] take for
    /// granted, of every character.
    #[test]
    fn what_the_shortcuts_assume() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if c < '\u{300}' {
                assert!(stable_by_lookup(c), "{c:?}");
            }
            assert_eq!(stable(c), stable_by_lookup(c), "{c:?}");
            if c < '\u{370}' && is_nfc_quick(std::iter::once(c)) == IsNormalized::Maybe {
                assert!(c.nfd().eq([c]), "{c:?} decomposes");
            }
        }
    }

    #[test]
    fn paragraph_modes() {
        assert_eq!(ParagraphMode::detect("a\n\nb"), ParagraphMode::BlankLine);
        assert_eq!(ParagraphMode::detect("a\n \t\nb"), ParagraphMode::BlankLine);
        let long = "x".repeat(200);
        assert_eq!(
            ParagraphMode::detect(&format!("{long}\n{long}\n")),
            ParagraphMode::Line
        );
        assert_eq!(ParagraphMode::detect("a\nb\n"), ParagraphMode::None);
        assert_eq!(ParagraphMode::detect("a b c"), ParagraphMode::None);
        assert_eq!(normalize("a\nb", ParagraphMode::Line).text, "a\nb");
        assert_eq!(normalize("a\nb", ParagraphMode::None).text, "a b");
        assert_eq!(normalize("Trot-\nsky", ParagraphMode::None).text, "Trotsky");
        assert_eq!(
            normalize("Trot-\nsky", ParagraphMode::Line).text,
            "Trot-\nsky"
        );
    }

    /// The implementation before the fast path handled white space, kept as
    /// the reference the new one must agree with (text and map).
    mod reference {
        use super::super::{
            Normalized, OffsetMap, ParagraphMode, hyphen_break, line_breaks, replacement,
            whitespace_end,
        };

        pub fn normalize(src: &str, mode: ParagraphMode) -> Normalized {
            let mut out = String::with_capacity(src.len());
            let mut map = OffsetMap::default();
            let bytes = src.as_bytes();
            let mut i = 0;
            while i < src.len() {
                // Fast path: copy a run of plain ASCII that needs no change.
                let plain = bytes[i..]
                    .iter()
                    .position(|&b| b >= 0x80 || b.is_ascii_whitespace() || b == b'-' || b == 0x0b)
                    .unwrap_or(bytes.len() - i);
                if plain > 0 {
                    map.push(out.len(), i);
                    out.push_str(&src[i..i + plain]);
                    i += plain;
                    continue;
                }
                let c = src[i..].chars().next().unwrap_or(' ');
                let len = c.len_utf8();
                if c.is_whitespace() {
                    let end = whitespace_end(src, i);
                    let breaks = line_breaks(&src[i..end]);
                    let paragraph = match mode {
                        ParagraphMode::BlankLine => breaks >= 2,
                        ParagraphMode::Line => breaks >= 1,
                        ParagraphMode::None => false,
                    };
                    map.push(out.len(), i);
                    out.push(if paragraph { '\n' } else { ' ' });
                    map.push(out.len(), end);
                    i = end;
                } else if c == '-' {
                    map.push(out.len(), i);
                    out.push('-');
                    if let Some((next, join)) = hyphen_break(src, i, &out, mode) {
                        if join {
                            out.pop();
                        }
                        i = next;
                    } else {
                        i += 1;
                    }
                    map.push(out.len(), i);
                } else if let Some(r) = replacement(c) {
                    map.push(out.len(), i);
                    out.push_str(r);
                    map.push(out.len(), i + len);
                    i += len;
                } else {
                    map.push(out.len(), i);
                    out.push(c);
                    i += len;
                }
            }
            map.push(out.len(), src.len());
            Normalized { text: out, map }
        }
    }

    fn modes() -> impl proptest::strategy::Strategy<Value = ParagraphMode> {
        proptest::sample::select(vec![
            ParagraphMode::BlankLine,
            ParagraphMode::Line,
            ParagraphMode::None,
        ])
    }

    /// The fast normalise gives the old one's text and map.
    fn agrees(text: &str, mode: ParagraphMode) -> Result<(), proptest::test_runner::TestCaseError> {
        let (new, old) = (normalize(text, mode), reference::normalize(text, mode));
        proptest::prop_assert_eq!(&new.text, &old.text);
        proptest::prop_assert_eq!(&new.map, &old.map);
        Ok(())
    }

    proptest::proptest! {
        #[test]
        fn agrees_with_the_reference(
            text in "[a-zA-Z .\\-'\t\n\r\u{b}\u{c}\u{a0}\u{85}\u{2028}\u{2029}\u{2019}\u{ad}\u{eb}]{0,40}",
            mode in modes(),
        ) {
            agrees(&text, mode)?;
        }

        #[test]
        fn agrees_on_long_plain_runs(
            // Runs of bytes that stay (control characters and DEL among
            // them) long enough for the sixteen-byte search, between a few
            // that change.
            text in "([a-zA-Z.,'\u{1}\u{7f}]{0,40}( |  |-|\t|\n|\r\n|\n\n| \n|\u{eb}|\u{a0}|\u{2019}| \u{2028}|-\n)){0,12}[a-z ]{0,20}",
            mode in modes(),
        ) {
            agrees(&text, mode)?;
        }

        /// Canonically equivalent texts normalise to one text, in NFC, and
        /// its map takes every character boundary to one of the input's,
        /// in order.
        #[test]
        fn canonical_equivalents_normalise_alike(
            text in "[aenAE .\\-\n\u{ad}\u{e9}\u{c5}\u{212b}\u{301}\u{308}\u{323}\u{331}\u{302}\u{1100}\u{1161}\u{11a8}\u{ac00}]{0,30}",
            mode in modes(),
        ) {
            let n = normalize(&text, mode);
            proptest::prop_assert!(unicode_normalization::is_nfc(&n.text), "{:?}", n.text);
            for other in [text.nfc().collect::<String>(), text.nfd().collect()] {
                proptest::prop_assert_eq!(&normalize(&other, mode).text, &n.text);
            }
            let mut last = 0;
            for k in (0..=n.text.len()).filter(|&k| n.text.is_char_boundary(k)) {
                let at = n.map.source(k);
                proptest::prop_assert!(at >= last && text.is_char_boundary(at), "{} -> {}", k, at);
                last = at;
            }
            proptest::prop_assert_eq!(last, text.len());
        }

        #[test]
        fn detects_as_the_reference(text in "[a \t\r\n]{0,30}") {
            proptest::prop_assert_eq!(ParagraphMode::detect(&text), reference_detect(&text));
        }

        #[test]
        fn detects_the_same_fed_in_pieces(
            text in "[a \t\r\n]{0,40}",
            cuts in proptest::collection::vec(0usize..40, 0..4),
            long in proptest::bool::ANY,
        ) {
            // Long lines too, so that Line mode is reached.
            let text = if long { text.replace('a', &"a".repeat(200)) } else { text };
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(text.len())).collect();
            cuts.sort_unstable();
            let mut detector = ModeDetector::default();
            let mut at = 0;
            for cut in cuts.into_iter().chain([text.len()]) {
                detector.feed(&text.as_bytes()[at..cut]);
                at = cut;
            }
            proptest::prop_assert_eq!(detector.finish(), reference_detect(&text));
        }
    }

    fn reference_detect(text: &str) -> ParagraphMode {
        let mut lines = 0usize;
        let mut blank = true;
        for (i, b) in text.bytes().enumerate() {
            match b {
                b'\n' => {
                    if lines > 0 && blank {
                        return ParagraphMode::BlankLine;
                    }
                    lines += usize::from(i + 1 < text.len());
                    blank = true;
                }
                b' ' | b'\t' | b'\r' => {}
                _ => blank = false,
            }
        }
        if lines > 0 && text.len() / (lines + 1) >= 150 {
            ParagraphMode::Line
        } else {
            ParagraphMode::None
        }
    }
}
