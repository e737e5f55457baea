//! Keyword-in-context lines for the mentions of one entity, read back from the
//! original files through the mentions' byte offsets.

use std::collections::HashMap;

use crate::corpus::{self, DocumentSource, decode};
use crate::error::Result;
use crate::mention::collapse_whitespace;
use crate::{Analysis, Config};

/// One mention in its context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KwicLine {
    pub path: String,
    /// 1-based line of the original file where the mention starts.
    pub line: usize,
    /// Up to `width` characters before, white space collapsed.
    pub left: String,
    pub keyword: String,
    pub right: String,
}

/// Each run of white space as one space, kept at either end (so that
/// "Trotsky's" stays joined to its context and "Leon Trotsky" does not).
fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !c.is_whitespace() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out
}

/// The largest character boundary of `s` at or before `i`.
fn char_floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The context lines of every mention of `entity`, in corpus order.
pub fn lines(
    analysis: &Analysis,
    config: &Config,
    entity: u32,
    width: usize,
) -> Result<Vec<KwicLine>> {
    let sources = if config.inputs.is_empty() {
        corpus::embedded()?
    } else {
        corpus::discover(&config.inputs, &config.glob)?
    };
    let by_path: HashMap<&str, &DocumentSource> =
        sources.iter().map(|s| (s.display.as_str(), s)).collect();
    let mut out = Vec::new();
    for (index, doc) in analysis.documents.iter().enumerate() {
        let mentions: Vec<_> = analysis
            .mentions
            .iter()
            .filter(|m| m.document == index as u32 && m.entity == entity)
            .collect();
        let Some(source) = by_path
            .get(doc.path.as_str())
            .filter(|_| !mentions.is_empty())
        else {
            continue;
        };
        let bytes = source.read()?;
        let Ok(decoded) = decode(&bytes) else {
            continue;
        };
        let text = decoded.text.as_ref();
        let newlines: Vec<usize> = memchr::memchr_iter(b'\n', &bytes).collect();
        for m in mentions {
            let (start, end) = (
                decoded.map.derived(m.start as usize),
                decoded.map.derived(m.end as usize),
            );
            // The context is cut at character boundaries (8 bytes a
            // character is room enough for `width` of them in any script).
            let from = char_floor(text, start.saturating_sub(8 * width));
            let to = char_floor(text, (end + 8 * width).min(text.len()));
            let before = squeeze(&text[from..start]);
            let after = squeeze(&text[end..to]);
            let skip = before.chars().count().saturating_sub(width);
            out.push(KwicLine {
                path: doc.path.clone(),
                line: 1 + newlines.partition_point(|&n| n < m.start as usize),
                left: format!("{:>width$}", before.chars().skip(skip).collect::<String>()),
                keyword: collapse_whitespace(&text[start..end]),
                right: after.chars().take(width).collect(),
            });
        }
    }
    Ok(out)
}
