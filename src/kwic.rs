//! Keyword-in-context lines for the mentions of one entity, read back from the
//! original files through the mentions' byte offsets, document by document
//! as the corpus is analysed ([`Kwic`], a [`Sink`]).

use crate::Config;
use crate::config::DocumentGraphs;
use crate::corpus::{self, Content, DocumentSource, decode};
use crate::document::CHUNK_BYTES;
use crate::error::{Error, Result};
use crate::export::Spool;
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
/// document is analysed (on its worker, from the file it was read from)
/// and hands them to `each` in corpus order: nothing is kept, so memory
/// does not grow with the corpus, and the first lines come while the rest
/// is still being read.
pub struct Kwic<F> {
    /// The entity: its id, label or one of its aliases.
    entity: String,
    width: usize,
    each: F,
}

/// The widest context a line is given, in characters each side.
pub const MAX_WIDTH: usize = 10_000;

impl<F: FnMut(KwicLine) -> Result<()>> Kwic<F> {
    /// The lines of `entity` (its id, label or an alias, looked up in the
    /// run's gazetteer before the corpus is read) with `width` characters
    /// of context (at most [`MAX_WIDTH`]); a run with this sink should not
    /// keep mentions (see [`config`]).
    pub fn new(entity: &str, width: usize, each: F) -> Kwic<F> {
        Kwic {
            entity: entity.to_string(),
            width: width.min(MAX_WIDTH),
            each,
        }
    }
}

/// `config` as a run for [`Kwic`] needs it: no mentions, graphs,
/// references or documents' entity counts kept, no graph of a document's own.
pub fn config(config: &Config) -> Config {
    Config {
        keep_mentions: false,
        keep_graphs: false,
        keep_references: false,
        entity_counts_kept: 0,
        document_graphs: DocumentGraphs::None,
        ..config.clone()
    }
}

impl<F: FnMut(KwicLine) -> Result<()>> Sink for Kwic<F> {
    /// The entity's index, and the width.
    type Plan = (u32, usize);
    type Rendered = Lines;

    fn plan(&self, gazetteer: &Gazetteer) -> Result<(u32, usize)> {
        let entity = gazetteer
            .find(&self.entity)
            .ok_or_else(|| Error::UnknownEntity(self.entity.clone()))?;
        Ok((entity as u32, self.width))
    }

    fn render(&(entity, width): &(u32, usize), _: &Gazetteer, doc: &DocumentView) -> Result<Lines> {
        let mut spans = Vec::new();
        doc.mentions.for_each(|m| {
            if m.entity == entity {
                spans.push((m.start as usize, m.end as usize));
            }
            Ok(())
        })?;
        let Some(source) = doc.source.filter(|_| !spans.is_empty()) else {
            return Ok(Lines(Held(Vec::new())));
        };
        // A file the scan streamed is read back as the scan read it, its
        // lines spooled.
        match (&source.content, doc.streamed) {
            (Content::File(path), Some((probe, matcher))) => {
                let mut spool = Spool::create(&std::env::temp_dir())?;
                let mut count = 0;
                streamed_lines(source, (path, probe, matcher), &spans, width, &mut |line| {
                    count += 1;
                    spool.append(&encode(&line))
                })?;
                Ok(Lines(Spooled {
                    path: source.display.clone(),
                    count,
                    rows: spool.read_back()?,
                }))
            }
            _ => Ok(Lines(Held(document_lines(source, &spans, width)?))),
        }
    }

    fn write(&mut self, Lines(lines): Lines) -> Result<()> {
        match lines {
            Held(lines) => lines.into_iter().try_for_each(&mut self.each),
            Spooled {
                path,
                count,
                mut rows,
            } => (0..count).try_for_each(|_| (self.each)(decode_line(&mut rows, &path)?)),
        }
    }
}

/// One document's lines, until its turn to be handed on.
pub struct Lines(Waiting);

/// Where a document's lines wait.
enum Waiting {
    Held(Vec<KwicLine>),
    /// A streamed file's, which may be many (every mention of a common name
    /// in a file of gigabytes): in a temporary file, `count` of them, each
    /// as [`encode`] wrote it.
    Spooled {
        path: String,
        count: usize,
        rows: std::io::BufReader<std::fs::File>,
    },
}

use Waiting::{Held, Spooled};

/// A line without its path (the document's): its number, then its left
/// context, keyword and right context, each as a little-endian `u32`
/// length and the bytes.
fn encode(line: &KwicLine) -> Vec<u8> {
    let mut out = (line.line as u64).to_le_bytes().to_vec();
    for part in [&line.left, &line.keyword, &line.right] {
        out.extend((part.len() as u32).to_le_bytes());
        out.extend(part.as_bytes());
    }
    out
}

/// The next line of a spool that [`encode`] wrote, in document `path`.
fn decode_line(rows: &mut impl std::io::Read, path: &str) -> Result<KwicLine> {
    let err = |source| Error::Read {
        path: std::env::temp_dir(),
        source,
    };
    let mut number = [0u8; 8];
    rows.read_exact(&mut number).map_err(err)?;
    let mut part = || -> Result<String> {
        let mut len = [0u8; 4];
        rows.read_exact(&mut len).map_err(err)?;
        let mut bytes = vec![0u8; u32::from_le_bytes(len) as usize];
        rows.read_exact(&mut bytes).map_err(err)?;
        String::from_utf8(bytes).map_err(|e| err(std::io::Error::other(e)))
    };
    Ok(KwicLine {
        path: path.to_string(),
        line: u64::from_le_bytes(number) as usize,
        left: part()?,
        keyword: part()?,
        right: part()?,
    })
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
    let window = Window::new(text, 0, 0);
    Ok(spans
        .iter()
        .map(|&(start, end)| {
            let span = (decoded.map.derived(start), decoded.map.derived(end));
            window.line(&source.display, span, width)
        })
        .collect())
}

/// The context lines of [`document_lines`], handed to `emit` in order, for
/// a file too large to hold, read back a chunk at a time (as the scan read
/// it): a mention's chunk gives its position in the text, and a window of
/// the text, the end of the chunks before and those still needed for its
/// right context, gives its line. The file is cut as the scan cut it, by
/// the same automaton.
fn streamed_lines(
    source: &DocumentSource,
    (path, probe, matcher): (&std::path::Path, corpus::Probe, &crate::scanner::Matcher),
    spans: &[(usize, usize)],
    width: usize,
    emit: &mut dyn FnMut(KwicLine) -> Result<()>,
) -> Result<()> {
    let mut reader = corpus::ChunkReader::open(path, probe, CHUNK_BYTES, matcher)?;
    let reach = 8 * width;
    let (mut text, mut at, mut lines_before) = (String::new(), 0, 0);
    // Mentions placed in the text, waiting for their right context.
    let mut placed = std::collections::VecDeque::new();
    let mut next = spans.iter().peekable();
    loop {
        let chunk = reader.next_chunk()?;
        if let Some(c) = &chunk {
            let end = c.file_range().end;
            while let Some(&(s, e)) = next.next_if(|&&(s, _)| s < end) {
                placed.push_back((c.map.derived(s), c.map.derived(e)));
            }
            text.push_str(&c.text);
        }
        let complete = chunk.is_none();
        let window = Window::new(&text, at, lines_before);
        let text_end = at + text.len();
        while let Some(&span) = placed
            .front()
            .filter(|(_, e)| complete || e + reach <= text_end)
        {
            emit(window.line(&source.display, span, width))?;
            placed.pop_front();
        }
        if complete {
            return Ok(());
        }
        // Keep what a later mention's left context may need.
        let keep_from = placed.front().map_or(text_end, |&(s, _)| s).min(text_end);
        let cut = char_floor(
            &text,
            keep_from
                .saturating_sub(reach)
                .saturating_sub(at)
                .min(text.len()),
        );
        lines_before += window.newlines.partition_point(|&n| n < cut);
        text.drain(..cut);
        at += cut;
    }
}

/// A stretch of a document's decoded text, from position `at`, with the
/// line feeds before it and in it.
struct Window<'t> {
    text: &'t str,
    at: usize,
    lines_before: usize,
    /// Where the text's line feeds are, counted in the decoded text: a byte
    /// 0x0A of a UTF-16 file is not always a line feed.
    newlines: Vec<usize>,
}

impl<'t> Window<'t> {
    fn new(text: &'t str, at: usize, lines_before: usize) -> Window<'t> {
        let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
        Window {
            text,
            at,
            lines_before,
            newlines,
        }
    }

    /// The line of the mention at text positions `(start, end)`, whose
    /// context is in the window.
    fn line(&self, path: &str, (start, end): (usize, usize), width: usize) -> KwicLine {
        let text = self.text;
        let (start, end) = (start - self.at, end - self.at);
        // The context is cut at character boundaries (8 bytes a character
        // is room enough for `width` of them in any script).
        let from = char_floor(text, start.saturating_sub(8 * width));
        let to = char_floor(text, (end + 8 * width).min(text.len()));
        let before = squeeze(&text[from..start]);
        let after = squeeze(&text[end..to]);
        let skip = before.chars().count().saturating_sub(width);
        KwicLine {
            path: path.to_string(),
            line: 1 + self.lines_before + self.newlines.partition_point(|&n| n < start),
            left: format!("{:>width$}", before.chars().skip(skip).collect::<String>()),
            keyword: collapse_whitespace(&text[start..end]),
            right: after.chars().take(width).collect(),
        }
    }
}
