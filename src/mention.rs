//! Mentions: where an entity of the gazetteer is named in a document.

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
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
