//! What counts as a co-mention: the window two mentions must share.

use std::fmt;
use std::str::FromStr;

/// The co-mention window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Window {
    /// Both entities are mentioned in the same sentence (the default).
    #[default]
    Sentence,
    Paragraph,
    Section,
    Document,
    /// Two mentions whose word indexes differ by at most N.
    Words(u64),
}

impl Window {
    /// Whether the window is a set of segments (weights count windows, and
    /// Jaccard and NPMI are defined) rather than a word distance.
    pub fn is_set_based(self) -> bool {
        !matches!(self, Window::Words(_))
    }
}

impl FromStr for Window {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "sentence" => Ok(Window::Sentence),
            "paragraph" => Ok(Window::Paragraph),
            "section" => Ok(Window::Section),
            "document" => Ok(Window::Document),
            other => other
                .strip_prefix("words:")
                .and_then(|n| n.parse::<u64>().ok())
                .filter(|&n| n > 0)
                .map(Window::Words)
                .ok_or_else(|| {
                    format!("unknown window {other:?}: use sentence, paragraph, section, document or words:N (N > 0)")
                }),
        }
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Window::Sentence => f.write_str("sentence"),
            Window::Paragraph => f.write_str("paragraph"),
            Window::Section => f.write_str("section"),
            Window::Document => f.write_str("document"),
            Window::Words(n) => write!(f, "words:{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_print() {
        for s in ["sentence", "paragraph", "section", "document", "words:5"] {
            assert_eq!(s.parse::<Window>().unwrap().to_string(), s);
        }
        for bad in ["words:0", "words:x", "line", ""] {
            assert!(bad.parse::<Window>().is_err(), "{bad:?}");
        }
    }
}
