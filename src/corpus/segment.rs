//! Segmentation of normalised text into sections, paragraphs, sentences and
//! words, as sorted lists of start positions.
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
//!   ("Trotsky's") does not split it.

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
    pub words: Vec<usize>,
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
    for piece in text.split('\n') {
        let lead = piece.len() - piece.trim_start().len();
        let body = piece.trim();
        if !body.is_empty() {
            paragraph(text, start + lead, body, glued_paragraphs, &mut seg);
        }
        start += piece.len() + 1;
    }
    seg.words = word_starts(text);
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
    if body.chars().count() > 100 {
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
fn sentence_breaks(p: &str) -> Vec<(usize, bool)> {
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
                if c2.is_uppercase() || c2.is_ascii_digit() || matches!(c2, '"' | '\'' | '(' | '[')
                {
                    breaks.push((pos, false));
                }
            }
        } else if next.is_uppercase() && chars.get(j + 1).is_some_and(|&(_, c)| c.is_lowercase()) {
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

fn word_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::with_capacity(text.len() / 6);
    let mut prev: Option<char> = None;
    let mut before_prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let is_word = c.is_alphanumeric();
        let prev_word = prev.is_some_and(char::is_alphanumeric);
        let joined = prev == Some('\'') && before_prev.is_some_and(char::is_alphabetic);
        if is_word && !prev_word && !joined {
            starts.push(i);
        }
        before_prev = prev;
        prev = Some(c);
    }
    starts
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
    fn words() {
        assert_eq!(word_starts("Trotsky's own-line 1923"), vec![0, 10, 14, 19]);
        assert_eq!(index_at(&[0, 10, 14], 12), 1);
        assert_eq!(index_at(&[3], 0), 0);
    }
}
