//! Mentions: where an entity of the gazetteer is named in a document.

mod spill;

pub use spill::{SpillWriter, Spilled};

/// One mention, traceable to the original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Index of the entity in the gazetteer.
    pub entity: u32,
    /// Index of the document in [`Analysis::documents`](crate::Analysis).
    pub document: u32,
    /// 0-based section, paragraph, sentence and word indexes within the
    /// document (the word is the one the mention starts with).
    pub section: u32,
    pub paragraph: u32,
    pub sentence: u32,
    pub word: u64,
    /// Byte offsets `[start, end)` into the original file.
    pub start: u64,
    pub end: u64,
    /// The surface form as written, with white space collapsed.
    pub text: String,
}

/// Collapses each run of white space to one space.
pub fn collapse_whitespace(s: &str) -> String {
    // Nearly every mention is printable ASCII with single inner spaces: as is.
    let bytes = s.as_bytes();
    let mut prev_space = true; // a leading space is not plain either
    let plain = bytes.iter().all(|&b| {
        let ok = b.is_ascii_graphic() || (b == b' ' && !prev_space);
        prev_space = b == b' ';
        ok
    }) && !prev_space;
    if plain || s.is_empty() {
        return s.to_string();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::collapse_whitespace;

    #[test]
    fn collapses_white_space() {
        let cases = [
            ("Leon Trotsky", "Leon Trotsky"),
            (" Leon  Trotsky ", "Leon Trotsky"),
            ("Leon\n\tTrotsky", "Leon Trotsky"),
            ("Leon\u{a0}Trotsky", "Leon Trotsky"),
            ("Bront\u{eb}", "Bront\u{eb}"),
            ("", ""),
            ("Trotsky ", "Trotsky"),
            (" Trotsky", "Trotsky"),
        ];
        for (input, want) in cases {
            assert_eq!(collapse_whitespace(input), want, "{input:?}");
        }
    }
}

/// A document's mentions, in text order: in memory, or in a temporary file
/// for a file too large to hold them.
#[derive(Debug, Clone, Copy)]
pub enum Mentions<'a> {
    Held(&'a [Mention]),
    Spilled(&'a Spilled),
}

impl Mentions<'_> {
    /// Calls `f` with each mention, in text order.
    pub fn for_each(&self, mut f: impl FnMut(&Mention) -> crate::Result<()>) -> crate::Result<()> {
        match self {
            Mentions::Held(mentions) => mentions.iter().try_for_each(f),
            Mentions::Spilled(s) => s.for_each(&mut f),
        }
    }
}
