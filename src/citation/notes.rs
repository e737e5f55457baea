//! Finding the endnotes of a document: the "Notes" section, the units it is
//! divided into (an introduction, one block per chapter) and the numbered
//! notes, each with its byte span in the decoded text.
//!
//! This is separate from reference parsing because it is about the *layout*
//! of an OCR'd page, not about bibliographic syntax. It copes with the OCR as
//! it is:
//!
//! - note numbers damaged at the left margin ("10>", "\9.", "■ 8.", "^3.",
//!   "214." for 24, "(0." for 10): a damaged number is read as the one the
//!   sequence expects when it can be;
//! - notes that run over several lines, and words hyphenated across lines;
//! - running page headers and page numbers ("Notes 285", "Notes -^ 283",
//!   "291") between notes, and junk lines after them;
//! - missing pages: numbering jumps; note numbers lost at the margin are
//!   recovered when the lines of the previous note hold exactly as many
//!   entry-like lines as numbers are missing;
//! - chapter headings that are lost: a restart of the numbering after a page
//!   break opens the next chapter ([`UnitOrigin::Restart`]); a block after a
//!   page break whose numbering jumps forward, when the next heading skips a
//!   chapter number, is given the skipped chapter ([`UnitOrigin::Skipped`]).
//!   Both are reported as diagnostics.
//!
//! The section starts at a line "Notes" (or "Endnotes") closely followed by a
//! unit heading or a note numbered 1, and ends at an "Index" or
//! "Bibliography" heading, or after 80 lines without a note.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::reference::re;

/// How a unit of the notes was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitOrigin {
    /// A heading ("INTRODUCTION", "Chapter 2: ...").
    Heading,
    /// No heading: the numbering restarted after a page break.
    Restart,
    /// No heading: the block after a page break, where the next heading skips
    /// this chapter's number.
    Skipped,
    /// Notes before any heading.
    Untitled,
}

impl UnitOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitOrigin::Heading => "heading",
            UnitOrigin::Restart => "inferred from numbering restart",
            UnitOrigin::Skipped => "inferred from the next heading",
            UnitOrigin::Untitled => "untitled",
        }
    }
}

/// A citing unit of a document's notes: the introduction, a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// `introduction`, `chapter-2`, or `notes` when there is no heading.
    pub id: String,
    /// The heading as printed, or a description of how the unit was inferred.
    pub label: String,
    /// The chapter number, 0 for an introduction or preface.
    pub number: Option<u32>,
    pub origin: UnitOrigin,
}

/// One numbered note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Index into the units.
    pub unit: usize,
    pub number: u32,
    /// Byte span in the document text, from the number to the end of the
    /// note's last line.
    pub span: Range<usize>,
    /// The note's text without its number, lines joined.
    pub text: String,
    /// `(offset in text, offset in the document)` at the start of each piece
    /// of `text`, to map spans back to the document.
    pub(crate) pieces: Vec<(usize, usize)>,
    /// The number was damaged or lost and inferred from the sequence.
    pub number_inferred: bool,
    /// The note is the first after a page header or page number.
    pub after_page_break: bool,
    /// The 1-based line of the document where it starts, for messages.
    pub line: usize,
}

impl Note {
    /// Maps a byte offset in [`Note::text`] to one in the document.
    pub fn doc_offset(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|&(t, _)| t <= at);
        match i.checked_sub(1).map(|i| self.pieces[i]) {
            Some((t, d)) => (d + (at - t)).min(self.span.end),
            None => self.span.start,
        }
    }
}

/// What [`find`] returns.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    pub units: Vec<Unit>,
    pub notes: Vec<Note>,
    /// Messages for diagnostics (heading lost, numbers recovered), each
    /// with the 1-based line of the document it is about.
    pub messages: Vec<(usize, String)>,
}

/// A line of the document: its trimmed byte range.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    /// 1-based line number, for messages.
    number: usize,
}

/// The lines of `text`, numbered from `first` + 1.
fn lines(text: &str, first: usize) -> Vec<Line> {
    // Sized once: doubling would leave up to half of a long book's list
    // unused while the document is in flight.
    let mut out = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
    let mut at = 0;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let body = raw.trim_end();
        let lead = body.len() - body.trim_start().len();
        out.push(Line {
            start: at + lead,
            end: at + body.len(),
            number: first + i + 1,
        });
        at += raw.len();
    }
    out
}

/// The words a notes section's heading starts with (what the pattern of
/// [`is_section_start`] can match first).
const OPENERS: [&str; 4] = ["Notes", "NOTES", "Endnotes", "ENDNOTES"];

fn is_section_start(s: &str) -> bool {
    // Every line is asked: the cheap prefix test first.
    if !OPENERS.iter().any(|p| s.starts_with(p)) {
        return false;
    }
    static R: OnceLock<Regex> = OnceLock::new();
    re(
        &R,
        r"^(?:Notes|NOTES|Endnotes|ENDNOTES|Notes and references)[\s^.:]*$",
    )
    .is_match(s)
}

fn is_section_end(s: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^(?:Index|INDEX|Bibliography|BIBLIOGRAPHY)[\s^.:]*$").is_match(s)
}

/// A page header or footer: "Notes 285", "Notes -^ 283", "291", "Notes".
fn is_page_marker(s: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^[^\w]*(?:Notes[^\w]*)?\d{0,4}[^\w]*$").is_match(s) && !s.trim().is_empty()
}

/// A unit heading: its id, label and number.
fn heading(s: &str) -> Option<(String, String, Option<u32>)> {
    static NAMED: OnceLock<Regex> = OnceLock::new();
    static CHAPTER: OnceLock<Regex> = OnceLock::new();
    let named = re(
        &NAMED,
        r"^(?i:introduction|preface|foreword|prologue)[\s^.:]*$",
    );
    if named.is_match(s) {
        let word = s.trim_end_matches(|c: char| !c.is_alphabetic());
        let label = title_case(word);
        return Some((label.to_lowercase(), label, Some(0)));
    }
    let chapter = re(
        &CHAPTER,
        r"^[^\w]*(?i:chapter)\s+(\d{1,3})\s*(?:[:;,.]|s\b)?\s*(.*)$",
    );
    let caps = chapter.captures(s)?;
    let number: u32 = caps[1].parse().ok()?;
    let title = clean_heading(&caps[2]);
    let label = if title.is_empty() {
        format!("Chapter {number}")
    } else {
        format!("Chapter {number}: {title}")
    };
    Some((format!("chapter-{number}"), label, Some(number)))
}

fn title_case(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn clean_heading(s: &str) -> String {
    let s = s.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')');
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A heading's continuation line: all capitals.
fn is_caps_line(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 3
        && s.chars().all(|c| !c.is_lowercase())
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

/// A note number as printed: digits, `None` for a damaged one.
#[derive(Debug, Clone, PartialEq, Eq)]
struct NumberToken {
    digits: Vec<Option<u8>>,
    terminated: bool,
    /// Byte offset of the note's text in the line.
    rest: usize,
}

impl NumberToken {
    fn value(&self) -> Option<u32> {
        self.digits
            .iter()
            .try_fold(0u32, |acc, d| d.map(|d| acc * 10 + u32::from(d)))
    }

    /// Does the token read as `n`, damaged digits matching any digit?
    fn matches(&self, n: u32) -> bool {
        if self.digits.iter().all(Option::is_none) {
            return true;
        }
        let s = n.to_string();
        s.len() == self.digits.len()
            && s.bytes()
                .zip(&self.digits)
                .all(|(b, d)| d.is_none_or(|d| d == b - b'0'))
    }

    /// Does the token read as `n` with one digit too many ("214" for 24)?
    fn matches_with_extra_digit(&self, n: u32) -> bool {
        let Some(v) = self.value() else { return false };
        let s = v.to_string();
        (0..s.len()).any(|i| {
            let mut t = s.clone();
            t.remove(i);
            t == n.to_string()
        })
    }
}

/// Reads the note number at the start of a line, if it looks like one.
fn number_token(line: &str) -> Option<NumberToken> {
    let b = line.as_bytes();
    let mut i = 0;
    for (at, c) in line.char_indices() {
        let caret_junk = c == '^' && b.get(at + 1) == Some(&b' ');
        if !(" ■\\';.,-‘’\"•|".contains(c) || caret_junk) {
            break;
        }
        i = at + c.len_utf8();
    }
    // A stray letter in the margin: "V 5. Reiman", "i 20. Ibid."
    if i + 2 < b.len()
        && b[i].is_ascii_alphabetic()
        && b[i + 1] == b' '
        && b[i + 2].is_ascii_digit()
    {
        i += 2;
    }
    let mut digits = Vec::new();
    while i < b.len() && digits.len() < 4 {
        match b[i] {
            c @ b'0'..=b'9' => digits.push(Some(c - b'0')),
            b'^' => digits.push(None),
            b'(' if digits.is_empty() => digits.push(None),
            _ => break,
        }
        i += 1;
    }
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let after_digits = i;
    if i < b.len() && b[i] == b' ' && b.get(i + 1).is_some_and(|&c| c == b'.' || c == b',') {
        i += 1;
    }
    let terminated = match b.get(i) {
        Some(b'.' | b'>' | b',') => {
            i += 1;
            true
        }
        Some(b'V') if b.get(i + 1) == Some(&b' ') => {
            i += 1;
            true
        }
        Some(b' ') => false,
        _ => return None,
    };
    if !terminated && digits.iter().any(Option::is_none) {
        return None;
    }
    while i < b.len() && (b[i] == b' ' || b[i] == b',' || b[i] == b'.') {
        i += 1;
    }
    if i >= b.len() || (i == after_digits && !terminated) {
        return None;
    }
    let first = line[i..].chars().next()?;
    if first.is_ascii_digit() {
        return None;
    }
    Some(NumberToken {
        digits,
        terminated,
        rest: i,
    })
}

/// Where a note's lines are, before they are joined.
#[derive(Debug, Clone)]
struct RawNote {
    unit: usize,
    number: u32,
    inferred: bool,
    after_page_break: bool,
    /// Document byte ranges of its lines; the first starts after the number.
    lines: Vec<(Range<usize>, bool)>,
    start: usize,
    /// The 1-based line of the document where it starts.
    line: usize,
}

/// Finds the endnotes of `text`; empty when there are none.
pub fn find(text: &str) -> Notes {
    find_from(text, Origin::default()).0
}

/// Where a piece of a document starts in the whole: its byte offset and
/// the number of lines before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Origin {
    pub byte: usize,
    pub line: usize,
}

/// How far the scan of a notes section went in the text it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extent {
    /// No line opens a section.
    NoSection,
    /// The section ended at the line starting at this byte (in the text).
    Stopped(usize),
    /// The section runs to the end of the text.
    ToEnd,
}

/// [`find`] over a piece of a document that starts at `origin`: spans and
/// line numbers are the whole document's.
fn find_from(text: &str, origin: Origin) -> (Notes, Extent) {
    // Most documents have no notes section: nothing else is done.
    if !may_open(text) {
        return (Notes::default(), Extent::NoSection);
    }
    let all = lines(text, origin.line);
    let Some(first) = section_start(text, &all) else {
        return (Notes::default(), Extent::NoSection);
    };
    let mut extent = Extent::ToEnd;
    let mut scan = Scan::default();
    let mut idle = 0;
    let mut i = first;
    while i < all.len() {
        let line = all[i];
        let s = &text[line.start..line.end];
        if is_section_end(s) || idle > 80 {
            extent = Extent::Stopped(line.start);
            break;
        }
        i += 1;
        if s.is_empty() {
            scan.blank = true;
            continue;
        }
        idle += 1;
        if let Some((id, mut label, number)) = heading(s) {
            // A heading may continue on the next non-blank line in capitals.
            if let Some(k) = all[i..].iter().position(|l| l.end > l.start) {
                let t = &text[all[i + k].start..all[i + k].end];
                if number.is_some_and(|n| n > 0) && is_caps_line(t) && number_token(t).is_none() {
                    label = format!("{label} {}", clean_heading(t));
                    i += k + 1;
                }
            }
            scan.open_unit(id, label, number, UnitOrigin::Heading);
            idle = 0;
            continue;
        }
        if is_page_marker(s) && !scan.expects_more(text) {
            scan.page_break = true;
            scan.blank = false;
            continue;
        }
        if let Some(tok) = number_token(s)
            && scan.accept(&tok, text, line)
        {
            idle = 0;
            continue;
        }
        scan.continuation(line, s);
    }
    let mut notes = scan.finish(text);
    for note in &mut notes.notes {
        note.span = note.span.start + origin.byte..note.span.end + origin.byte;
        note.pieces.iter_mut().for_each(|p| p.1 += origin.byte);
    }
    (notes, extent)
}

/// Finds the notes section of a document read piece by piece, in order,
/// as [`find`] finds it in the whole text, while holding only the text
/// from the first line that may open a section to a little past its end:
/// for a file too large to hold.
#[derive(Debug)]
pub struct SectionReader {
    /// The start of a line whose end has not been read yet.
    pending: String,
    /// Where `pending` starts.
    at: Origin,
    /// The text held from a line that may open the section, and its origin.
    held: Option<(String, Origin)>,
    /// The held length at which to look for the section's end again.
    next_check: usize,
    first_check: usize,
    done: Option<Notes>,
}

/// Text read past the line that ended a section before the section is
/// known to end there (what the scan may have looked ahead at).
const MARGIN: usize = 64 * 1024;

/// Non-blank lines after a possible opening line that decide whether it
/// opens the section (see `section_start`).
const LOOKAHEAD: usize = 12;

impl Default for SectionReader {
    fn default() -> Self {
        SectionReader::checking_from(1 << 20)
    }
}

impl SectionReader {
    /// A reader that first looks for the section's end once `bytes` are held.
    pub fn checking_from(bytes: usize) -> Self {
        SectionReader {
            pending: String::new(),
            at: Origin::default(),
            held: None,
            next_check: bytes,
            first_check: bytes,
            done: None,
        }
    }

    /// Reads the next piece of the text.
    pub fn push(&mut self, piece: &str) {
        if self.done.is_some() {
            return;
        }
        let Some(end) = memchr::memrchr(b'\n', piece.as_bytes()) else {
            self.pending.push_str(piece);
            return;
        };
        let (complete, rest) = piece.split_at(end + 1);
        if self.pending.is_empty() {
            self.take(complete);
        } else {
            let mut lines = std::mem::take(&mut self.pending);
            lines.push_str(complete);
            self.take(&lines);
        }
        self.pending.push_str(rest);
    }

    /// The notes section, once the whole text is read.
    pub fn finish(mut self) -> Notes {
        if self.done.is_none() {
            let last = std::mem::take(&mut self.pending);
            self.take(&last);
            if self.held.is_some() {
                self.check(true);
            }
        }
        self.done.unwrap_or_default()
    }

    /// Takes whole lines (the last one may lack its end at the end of text).
    fn take(&mut self, lines: &str) {
        let start = self.at;
        self.at.byte += lines.len();
        self.at.line += memchr::memchr_iter(b'\n', lines.as_bytes()).count();
        let from = match self.held {
            Some(_) => 0,
            None if !may_open(lines) => return,
            None => match opening_lines(lines).next() {
                Some((offset, line)) => {
                    let origin = Origin {
                        byte: start.byte + offset,
                        line: start.line + line,
                    };
                    self.held = Some((String::new(), origin));
                    offset
                }
                None => return,
            },
        };
        let Some((held, _)) = self.held.as_mut() else {
            return;
        };
        held.push_str(&lines[from..]);
        if held.len() >= self.next_check {
            self.check(false);
        }
    }

    /// Looks for the section in the held text; `end`: no more text comes.
    fn check(&mut self, end: bool) {
        let Some((held, origin)) = self.held.take() else {
            return;
        };
        let (notes, extent) = find_from(&held, origin);
        let len = held.len();
        match extent {
            Extent::Stopped(at) if end || len - at >= MARGIN => self.done = Some(notes),
            _ if end => self.done = Some(notes),
            Extent::NoSection => {
                // Drop the lines that were seen not to open a section: keep
                // from the first one that may yet, if any.
                let all = lines(&held, 0);
                let undecided = opening_lines(&held).find(|&(_, i)| {
                    all[i + 1..].iter().filter(|l| l.end > l.start).count() < LOOKAHEAD
                });
                if let Some((offset, line)) = undecided {
                    let origin = Origin {
                        byte: origin.byte + offset,
                        line: origin.line + line,
                    };
                    self.held = Some((held[offset..].to_string(), origin));
                }
                self.next_check = self
                    .first_check
                    .max(2 * (len - undecided.map_or(len, |u| u.0)));
            }
            _ => {
                self.held = Some((held, origin));
                self.next_check = 2 * len;
            }
        }
    }
}

/// Whether any line of `text` may open a notes section: without a word that
/// opens one, no line can (see `is_section_start`).
fn may_open(text: &str) -> bool {
    OPENERS
        .iter()
        .any(|w| memchr::memmem::find(text.as_bytes(), w.as_bytes()).is_some())
}

/// The lines of `text` that may open a notes section: (byte offset of the
/// line, its index).
fn opening_lines(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut offset = 0;
    text.split_inclusive('\n')
        .enumerate()
        .filter_map(move |(i, raw)| {
            let at = offset;
            offset += raw.len();
            is_section_start(raw.trim()).then_some((at, i))
        })
}

fn section_start(text: &str, all: &[Line]) -> Option<usize> {
    for (i, line) in all.iter().enumerate() {
        if !is_section_start(&text[line.start..line.end]) {
            continue;
        }
        let next = all[i + 1..]
            .iter()
            .filter(|l| l.end > l.start)
            .take(LOOKAHEAD)
            .any(|l| {
                let s = &text[l.start..l.end];
                heading(s).is_some() || number_token(s).is_some_and(|t| t.matches(1))
            });
        if next {
            return Some(i + 1);
        }
    }
    None
}

#[derive(Debug, Default)]
struct Scan {
    units: Vec<Unit>,
    notes: Vec<RawNote>,
    messages: Vec<(usize, String)>,
    /// A heading was just read: the next note may have any number.
    after_heading: bool,
    page_break: bool,
    blank: bool,
}

impl Scan {
    fn open_unit(&mut self, id: String, label: String, number: Option<u32>, origin: UnitOrigin) {
        let mut unique = id.clone();
        let mut n = 1;
        while self.units.iter().any(|u| u.id == unique) {
            n += 1;
            unique = format!("{id}-{n}");
        }
        self.units.push(Unit {
            id: unique,
            label,
            number,
            origin,
        });
        self.after_heading = origin == UnitOrigin::Heading;
    }

    fn current(&self) -> Option<&RawNote> {
        self.notes.last()
    }

    /// The open note ends with "p.", "pp." or a comma: a bare number on the
    /// next line continues it rather than being a page number.
    fn expects_more(&self, text: &str) -> bool {
        if self.page_break {
            return false;
        }
        self.current()
            .and_then(|n| n.lines.last())
            .is_some_and(|(r, _)| {
                let t = text[r.clone()].trim_end();
                t.ends_with(" p.") || t.ends_with("pp.") || t.ends_with(',') || t.ends_with(" p")
            })
    }

    fn expected(&self) -> u32 {
        match self.current() {
            Some(n) if !self.after_heading && n.unit + 1 == self.units.len() => n.number + 1,
            _ => 1,
        }
    }

    /// Decides whether `tok` starts a note; opens it (and a unit) if so.
    fn accept(&mut self, tok: &NumberToken, text: &str, line: Line) -> bool {
        let expected = self.expected();
        let rest_start = line.start + tok.rest;
        let first = text[rest_start..line.end]
            .trim_start_matches(|c: char| " -–—^■".contains(c))
            .chars()
            .next()
            .unwrap_or(' ');
        let capital = first.is_uppercase() || "'‘\"“*".contains(first);
        let (number, inferred) = if tok.matches(expected) {
            (expected, tok.value() != Some(expected))
        } else if let Some(v) = tok.value().filter(|_| tok.terminated) {
            if self.after_heading || self.units.is_empty() {
                (v, false)
            } else if v > expected
                && !self.page_break
                && tok.digits.len() == expected.to_string().len() + 1
                && tok.matches_with_extra_digit(expected)
            {
                (expected, true)
            } else if v > expected && v < expected + 100 && capital {
                (v, false)
            } else if v < expected && capital && (self.page_break || v == 1) {
                let chapter = self
                    .units
                    .last()
                    .and_then(|u| u.number)
                    .map_or(1, |n| n + 1);
                self.messages.push((
                    line.number,
                    format!(
                        "notes numbering restarts at {v} after note {} with no heading: \
                         chapter heading lost, inferred chapter {chapter}",
                        expected - 1,
                    ),
                ));
                self.open_unit(
                    format!("chapter-{chapter}"),
                    format!("Chapter {chapter} (heading lost, inferred from numbering restart)"),
                    Some(chapter),
                    UnitOrigin::Restart,
                );
                (v, false)
            } else {
                return false;
            }
        } else {
            return false;
        };
        if self.units.is_empty() {
            self.open_unit("notes".into(), "Notes".into(), None, UnitOrigin::Untitled);
        }
        self.notes.push(RawNote {
            unit: self.units.len() - 1,
            number,
            inferred,
            after_page_break: self.page_break,
            lines: vec![(rest_start..line.end, false)],
            start: line.start,
            line: line.number,
        });
        self.after_heading = false;
        self.page_break = false;
        self.blank = false;
        true
    }

    fn continuation(&mut self, line: Line, s: &str) {
        let blank = std::mem::take(&mut self.blank);
        if self.page_break {
            return; // junk after a page header, before the next note
        }
        if let Some(note) = self.notes.last_mut() {
            let has_letters = s.chars().any(char::is_alphanumeric);
            if has_letters {
                note.lines.push((line.start..line.end, blank));
            }
        }
    }

    fn finish(mut self, text: &str) -> Notes {
        self.recover_lost_numbers(text);
        self.infer_skipped_chapters();
        let notes = self.notes.iter().map(|n| join(n, text)).collect();
        Notes {
            units: self.units,
            notes,
            messages: self.messages,
        }
    }

    /// Note `n` followed by `n + k`: if note `n` holds exactly `k - 1`
    /// entry-like lines, they are the notes whose numbers were lost.
    fn recover_lost_numbers(&mut self, text: &str) {
        let mut i = 0;
        while i + 1 < self.notes.len() {
            let (a, b) = (&self.notes[i], &self.notes[i + 1]);
            let missing = b.number.saturating_sub(a.number + 1) as usize;
            if a.unit != b.unit || missing == 0 || b.after_page_break {
                i += 1;
                continue;
            }
            let splits: Vec<usize> = (1..a.lines.len())
                .filter(|&j| is_entry_start(text, &a.lines[j - 1].0, &a.lines[j].0))
                .collect();
            if splits.len() != missing {
                i += 1;
                continue;
            }
            let mut head = self.notes[i].clone();
            let mut tails = Vec::new();
            for (k, &j) in splits.iter().enumerate().rev() {
                let mut lines = head.lines.split_off(j);
                let start = lines[0].0.start;
                let skip = text[start..lines[0].0.end]
                    .find(|c: char| c.is_alphabetic())
                    .unwrap_or(0);
                lines[0].0.start = start + skip;
                let line = head.line
                    + memchr::memchr_iter(b'\n', &text.as_bytes()[head.start..start]).count();
                tails.push(RawNote {
                    number: head.number + k as u32 + 1,
                    inferred: true,
                    after_page_break: false,
                    lines,
                    start,
                    line,
                    ..head.clone()
                });
            }
            tails.reverse();
            for t in &tails {
                self.messages.push((
                    t.line,
                    format!(
                        "note {} of {}: number lost at the margin, recovered from the sequence",
                        t.number, self.units[t.unit].id
                    ),
                ));
            }
            let count = tails.len();
            self.notes[i] = head;
            self.notes.splice(i + 1..i + 1, tails);
            i += count + 1;
        }
    }

    /// A block after a page break whose numbering jumps forward belongs to
    /// the next chapter when the next heading skips that chapter's number.
    fn infer_skipped_chapters(&mut self) {
        let mut i = 1;
        while i < self.notes.len() {
            let (prev, note) = (&self.notes[i - 1], &self.notes[i]);
            let unit = note.unit;
            let this = self.units[unit].number;
            let next_heading = self.units[unit + 1..]
                .iter()
                .find(|u| u.origin == UnitOrigin::Heading)
                .and_then(|u| u.number);
            let skips = matches!((this, next_heading), (Some(t), Some(h)) if t > 0 && h >= t + 2);
            if prev.unit != unit
                || !note.after_page_break
                || note.number <= prev.number + 1
                || !skips
            {
                i += 1;
                continue;
            }
            let chapter = this.map_or(1, |t| t + 1);
            self.messages.push((
                note.line,
                format!(
                    "note {} after a page break: numbering jumps from {} and the next heading \
                     is chapter {}: chapter {chapter} heading lost, inferred",
                    note.number,
                    prev.number,
                    next_heading.unwrap_or(0),
                ),
            ));
            let new = Unit {
                id: format!("chapter-{chapter}"),
                label: format!("Chapter {chapter} (heading lost, inferred from the next heading)"),
                number: Some(chapter),
                origin: UnitOrigin::Skipped,
            };
            self.units.insert(unit + 1, new);
            for n in &mut self.notes[i..] {
                if n.unit >= unit {
                    n.unit += 1;
                }
            }
            i += 1;
        }
    }
}

/// Does line `cur` start a new entry (its number lost), given line `prev`?
fn is_entry_start(text: &str, prev: &Range<usize>, cur: &Range<usize>) -> bool {
    let p = text[prev.clone()].trim_end();
    let c = &text[cur.clone()];
    let ends_entry = p.ends_with(|ch: char| ch.is_ascii_digit() || ch == ')');
    let body = c.trim_start_matches(|ch: char| !ch.is_alphabetic());
    let junk = &c[..c.len() - body.len()];
    // "^latnadtsaiia": the first letter itself lost to a margin mark.
    let starts_entry = (body.starts_with(|ch: char| ch.is_uppercase()) || junk.ends_with('^'))
        && junk.chars().filter(char::is_ascii_digit).count() <= 1;
    ends_entry && starts_entry
}

/// Joins a note's lines into its text, undoing hyphenation at line ends.
fn join(raw: &RawNote, text: &str) -> Note {
    let mut out = String::new();
    let mut pieces = Vec::new();
    for (range, _) in &raw.lines {
        let piece = text[range.clone()].trim();
        if piece.is_empty() {
            continue;
        }
        let lead = text[range.clone()].len() - text[range.clone()].trim_start().len();
        let hyphenated = out.ends_with('-')
            && out[..out.len() - 1].ends_with(char::is_alphabetic)
            && piece.starts_with(char::is_lowercase);
        if hyphenated {
            out.pop();
        } else if !out.is_empty() {
            out.push(' ');
        }
        pieces.push((out.len(), range.start + lead));
        out.push_str(piece);
    }
    let end = raw
        .lines
        .iter()
        .map(|(r, _)| r.end)
        .max()
        .unwrap_or(raw.start);
    Note {
        unit: raw.unit,
        number: raw.number,
        span: raw.start..end,
        text: out,
        pieces,
        number_inferred: raw.inferred,
        after_page_break: raw.after_page_break,
        line: raw.line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOOK: &str =
        include_str!("../../corpus/cliff-trotsky-fighting-the-rising-stalinist-bureaucracy.txt");

    fn assert_same(got: &Notes, want: &Notes, what: &str) {
        assert_eq!(got.units, want.units, "{what}: units");
        assert_eq!(got.notes, want.notes, "{what}: notes");
        assert_eq!(got.messages, want.messages, "{what}: messages");
    }

    /// The text read in pieces of `size` bytes (cut at character boundaries).
    fn read_in_pieces(text: &str, size: usize, first_check: usize) -> Notes {
        let mut reader = SectionReader::checking_from(first_check);
        let mut at = 0;
        while at < text.len() {
            let mut end = (at + size).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            reader.push(&text[at..end]);
            at = end;
        }
        reader.finish()
    }

    #[test]
    fn a_section_read_in_pieces_is_the_one_found_in_the_whole_text() {
        // Lines that look like openings but are not (no notes follow), a
        // page of prose, then the book twice: the first section is found,
        // with the whole text's offsets and line numbers.
        let decoy =
            "Notes\n\nThe notes below are ours.\n".to_string() + &"Prose line.\n".repeat(30);
        let text = format!("{decoy}{BOOK}\n{BOOK}");
        let want = find(&text);
        assert!(want.notes.len() > 100, "{} notes", want.notes.len());
        assert!(!want.messages.is_empty());
        for (size, check) in [
            (1 << 20, 1 << 20),
            (4096, 1 << 14),
            (777, 1000),
            (65_536, 1),
        ] {
            let got = read_in_pieces(&text, size, check);
            assert_same(
                &got,
                &want,
                &format!("pieces of {size}, check from {check}"),
            );
        }
    }

    #[test]
    fn a_text_without_a_section_gives_none_in_pieces() {
        let text = "Notes\n\nNone here.\n".repeat(200) + "No notes.";
        assert!(find(&text).notes.is_empty());
        let got = read_in_pieces(&text, 100, 256);
        assert!(got.notes.is_empty() && got.units.is_empty());
    }

    #[test]
    fn number_tokens() {
        // (line, expected number it should read as, or None for "not a note")
        let cases: &[(&str, Option<u32>)] = &[
            ("1. Trotsky, My Life, p. 482", Some(1)),
            ("10> Trotsky, The Challenge", Some(10)),
            ("\\9. Trotsl^, The Challenge", Some(9)),
            ("■ 8. Trotsky, Writings (1929)", Some(8)),
            ("^3. Stalin, Works, Vol. 11", Some(13)),
            ("(0. International Press", Some(10)),
            ("V 5. Reiman, p. 32", Some(5)),
            ("i 20. Ibid., p. 24", Some(20)),
            ("27., Trotsky, The Revolution Betrayed", Some(27)),
            ("21 . Trotsl^, ChaUenge", Some(21)),
            ("15V Stalin, Works", Some(15)),
            ("14 Writings of Leon Troteky", Some(14)),
            ("1948, p. 42", None),
            ("147", None),
            ("152-6", None),
            ("1931, pp. 32-4; quoted in Carr", None),
        ];
        for &(line, want) in cases {
            let got = number_token(line);
            match want {
                None => assert!(got.is_none(), "{line:?} read as a note number: {got:?}"),
                Some(n) => {
                    let tok = got.unwrap_or_else(|| panic!("{line:?}: no note number"));
                    assert!(tok.matches(n), "{line:?}: {tok:?} does not read as {n}");
                }
            }
        }
    }

    #[test]
    fn headings() {
        let cases: &[(&str, Option<&str>)] = &[
            ("INTRODUCTION", Some("introduction")),
            ("Chapter 1: THE NEW COURSE CONTROVERSY^", Some("chapter-1")),
            ("Chapter 7; THE UNITED OPPOSITION", Some("chapter-7")),
            (
                "Chapter 11s THE UNITED OPPOSITION IS SMASHED",
                Some("chapter-11"),
            ),
            ("Chapter one", None),
            ("Notes 285", None),
        ];
        for &(line, want) in cases {
            assert_eq!(
                heading(line).map(|h| h.0),
                want.map(String::from),
                "{line:?}"
            );
        }
    }

    #[test]
    fn page_markers() {
        for s in ["Notes 285", "Notes -^ 283", "291", "Notes", "281"] {
            assert!(is_page_marker(s), "{s:?}");
        }
        for s in ["Notes on the text", "12. Ibid., p. 52", "p. 394"] {
            assert!(!is_page_marker(s), "{s:?}");
        }
    }
}
