//! Keyword-in-context lines for the mentions of one entity, read back from the
//! original files through the mentions' byte offsets, document by document
//! as the corpus is analysed ([`Kwic`], a [`Sink`]).

use std::collections::HashMap;
use std::sync::Arc;

use crate::Config;
use crate::config::DocumentGraphs;
use crate::corpus::{self, DocumentSource, decode};
use crate::error::Result;
use crate::gazetteer::Gazetteer;
use crate::mention::collapse_whitespace;
use crate::sink::{DocumentView, Sink};

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

/// A [`Sink`] that makes the context lines of one entity's mentions as each
/// document is analysed (on its worker) and hands them to `each` in corpus
/// order: nothing is kept, so memory does not grow with the corpus, and
/// the first lines come while the rest is still being read.
pub struct Kwic<F> {
    plan: Arc<Plan>,
    each: F,
}

/// What the workers share: the entity, the width, and the sources to read
/// the contexts back from, by the path shown.
pub struct Plan {
    entity: u32,
    width: usize,
    sources: HashMap<String, DocumentSource>,
}

impl<F: FnMut(KwicLine) -> Result<()>> Kwic<F> {
    /// The lines of `entity` (a gazetteer index) with `width` characters of
    /// context, for the corpus `config` reads; a run with this sink should
    /// not keep mentions (see [`config`]).
    pub fn new(config: &Config, entity: u32, width: usize, each: F) -> Result<Kwic<F>> {
        let sources = if config.inputs.is_empty() {
            corpus::embedded()?
        } else {
            corpus::discover(&config.inputs, &config.glob)?
        };
        let sources = sources
            .into_iter()
            .map(|s| (s.display.clone(), s))
            .collect();
        Ok(Kwic {
            plan: Arc::new(Plan {
                entity,
                width,
                sources,
            }),
            each,
        })
    }
}

/// `config` as a run for [`Kwic`] needs it: no mentions, graphs or
/// references kept, no graph of a document's own.
pub fn config(config: &Config) -> Config {
    Config {
        keep_mentions: false,
        keep_graphs: false,
        keep_references: false,
        document_graphs: DocumentGraphs::None,
        ..config.clone()
    }
}

impl<F: FnMut(KwicLine) -> Result<()>> Sink for Kwic<F> {
    type Plan = Arc<Plan>;
    type Rendered = Vec<KwicLine>;

    fn plan(&self) -> Arc<Plan> {
        Arc::clone(&self.plan)
    }

    fn render(plan: &Arc<Plan>, _: &Gazetteer, doc: &DocumentView) -> Result<Vec<KwicLine>> {
        let mut spans = Vec::new();
        doc.mentions.for_each(|m| {
            if m.entity == plan.entity {
                spans.push((m.start as usize, m.end as usize));
            }
            Ok(())
        })?;
        match plan.sources.get(&doc.info.path) {
            Some(source) if !spans.is_empty() => document_lines(source, &spans, plan.width),
            _ => Ok(Vec::new()),
        }
    }

    fn write(&mut self, lines: Vec<KwicLine>) -> Result<()> {
        lines.into_iter().try_for_each(&mut self.each)
    }
}

/// The context lines of the mentions at file byte ranges `spans` (in text
/// order) of one document, read back from its file.
fn document_lines(
    source: &DocumentSource,
    spans: &[(usize, usize)],
    width: usize,
) -> Result<Vec<KwicLine>> {
    let bytes = source.read()?;
    let Ok(decoded) = decode(&bytes) else {
        return Ok(Vec::new());
    };
    let text = decoded.text.as_ref();
    // Lines are counted in the decoded text: a byte 0x0A of a UTF-16 file
    // is not always a line feed.
    let newlines: Vec<usize> = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
    let lines = spans
        .iter()
        .map(|&(start, end)| {
            let (start, end) = (decoded.map.derived(start), decoded.map.derived(end));
            // The context is cut at character boundaries (8 bytes a
            // character is room enough for `width` of them in any script).
            let from = char_floor(text, start.saturating_sub(8 * width));
            let to = char_floor(text, (end + 8 * width).min(text.len()));
            let before = squeeze(&text[from..start]);
            let after = squeeze(&text[end..to]);
            let skip = before.chars().count().saturating_sub(width);
            KwicLine {
                path: source.display.clone(),
                line: 1 + newlines.partition_point(|&n| n < start),
                left: format!("{:>width$}", before.chars().skip(skip).collect::<String>()),
                keyword: collapse_whitespace(&text[start..end]),
                right: after.chars().take(width).collect(),
            }
        })
        .collect();
    Ok(lines)
}
