//! Parsing one note into its references.
//!
//! A note is split into references at `;` (unless what follows is only page
//! numbers, as in the OCR'd "p; 29") and before "quoted in". Each reference is
//! then cut at commas into segments, and each segment is classified: pages
//! ("p. 230", "pp. 117-8", "p.l26"), volume ("Vol. 2", "VoLlO", "xxiv",
//! "Nos. 29-30"), place and year ("London 1955", "New York, 1970"), a
//! newspaper date ("18 December 1923", "May 1924"), an abbreviation being
//! defined ("hereafter referred to as Challenge (1923-25)"), a container
//! ("in Za Leninizm", "ibid." after a title) or text. The text segments give
//! the author(s) and the title.
//!
//! The kind follows from what was found:
//!
//! | kind | when |
//! |---|---|
//! | `ibid` | the reference starts with "Ibid." (OCR: "Ibii", "Ibid.ip.") |
//! | `archive` | an archive document ("T. 933, Arkhiv Trotskogo") |
//! | `newspaper` | a date and no place of publication ("Pravda, 18 December 1923") |
//! | `full` | a title with publication details: place, year, "(n.d.)", a container, a thesis |
//! | `short` | an author and/or a title, nothing more ("Eastman, p. 82"), or an abbreviation |
//! | `other` | nothing usable |
//!
//! This module only reads syntax: OCR-damaged surnames are corrected in
//! `names`, and short forms and Ibid. are resolved in `resolve`.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

/// The kind of a reference; see the module documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Full,
    Short,
    Ibid,
    Newspaper,
    Archive,
    Other,
    /// A mention of a work of the gazetteer in running text (not from notes).
    Inline,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Full,
        Kind::Short,
        Kind::Ibid,
        Kind::Newspaper,
        Kind::Archive,
        Kind::Other,
        Kind::Inline,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Full => "full",
            Kind::Short => "short",
            Kind::Ibid => "ibid",
            Kind::Newspaper => "newspaper",
            Kind::Archive => "archive",
            Kind::Other => "other",
            Kind::Inline => "inline",
        }
    }
}

/// An author as cited: initials (possibly empty) and surname.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    pub initials: String,
    pub surname: String,
}

impl Author {
    fn parse(s: &str) -> Author {
        let s = s.trim().trim_start_matches(['\'', '‘', '’', '"', '^', '*']);
        let mut words: Vec<&str> = s.split_whitespace().collect();
        let surname = words.pop().unwrap_or("").to_string();
        Author {
            initials: words.join(" "),
            surname,
        }
    }

    /// "N.N. Sukhanov", or the surname alone.
    pub fn display(&self) -> String {
        if self.initials.is_empty() {
            self.surname.clone()
        } else {
            format!("{} {}", self.initials, self.surname)
        }
    }
}

/// One reference as written, before resolution.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    /// Byte range in the note's text.
    pub range: Range<usize>,
    pub kind: Option<Kind>,
    pub authors: Vec<Author>,
    /// "Brandt et al".
    pub et_al: bool,
    pub title: Option<String>,
    /// The collection or periodical an article is in; "ibid." for the
    /// previous reference's.
    pub container: Option<String>,
    pub place: Option<String>,
    pub year: Option<u16>,
    pub volume: Option<String>,
    pub pages: Option<String>,
    /// "hereafter referred to as X": X.
    pub defines: Option<String>,
    /// The reference is (or ends with) a known abbreviation: its index.
    pub abbreviation: Option<usize>,
}

impl Parsed {
    pub fn kind(&self) -> Kind {
        self.kind.unwrap_or(Kind::Other)
    }
}

/// What the parser knows from the rest of the document.
#[derive(Debug, Clone, Default)]
pub struct Known<'a> {
    /// Abbreviations defined anywhere in the notes ("Challenge (1923-25)").
    pub abbreviations: Vec<String>,
    /// The gazetteer's surname forms, which may open a reference without a
    /// comma ("Trotsky Challenge"); shared by every document, not copied.
    pub gazetteer_surnames: Option<&'a crate::citation::names::Surnames>,
    /// The document's own such surnames (those opening several notes).
    pub surnames: Vec<String>,
}

impl Known<'_> {
    /// Whether `word` is a known surname.
    fn is_surname(&self, word: &str) -> bool {
        self.gazetteer_surnames.is_some_and(|g| g.contains(word))
            || self.surnames.iter().any(|s| s == word)
    }
}

/// A constant pattern, compiled once. The patterns are literals covered by
/// the tests, so a failure to compile is a bug in this file, not bad input.
pub(super) fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|e| panic!("bad pattern: {e}")))
}

/// Every "hereafter referred to as X" in a text.
pub fn abbreviations_defined(text: &str) -> Vec<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    let r = re(&R, r"(?i)hereafter (?:referred to|cited) as\s+([^,;]+)");
    r.captures_iter(text)
        .map(|c| clean(&c[1]))
        .filter(|s| !s.is_empty())
        .collect()
}

/// Parses a note's text into its references.
pub fn parse_note(text: &str, known: &Known) -> Vec<Parsed> {
    split(text)
        .into_iter()
        .flat_map(|range| parse_chunk(text, range, known))
        .collect()
}

/// Splits a note into reference ranges (see the module documentation).
fn split(text: &str) -> Vec<Range<usize>> {
    static QUOTED: OnceLock<Regex> = OnceLock::new();
    let quoted = re(&QUOTED, r"(?i)[,;.]\s*(?:quoted|cited) in\b");
    let mut cuts: Vec<usize> = quoted.find_iter(text).map(|m| m.start()).collect();
    for (i, _) in text.match_indices(';') {
        let rest = &text[i + 1..];
        let until = rest.find(';').unwrap_or(rest.len());
        if !only_pages(&rest[..until]) {
            cuts.push(i);
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::new();
    let mut start = 0;
    for cut in cuts.into_iter().chain([text.len()]) {
        if cut > start {
            out.push(start..cut);
        }
        start = cut + 1;
    }
    out.into_iter()
        .filter_map(|r| trim_prefixes(text, r))
        .collect()
}

fn only_pages(s: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^\s*(?:pp?\b\.?)?[\s\dlIOxvi,.\-–]*$").is_match(s)
}

/// Drops what comes before the reference proper: "See", "quoted in",
/// "Quoted by X in his introduction to", "The fullest report ... is in".
fn trim_prefixes(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    static PREFIX: OnceLock<Regex> = OnceLock::new();
    static QUOTED_BY_IN: OnceLock<Regex> = OnceLock::new();
    static QUOTED_BY: OnceLock<Regex> = OnceLock::new();
    static PROSE: OnceLock<Regex> = OnceLock::new();
    let prefix = re(
        &PREFIX,
        r"^[\s,;.:'^\\\-–—]*(?:(?i:see also|see|cf\.|quoted in|cited in)\s+)?",
    );
    let by_in = re(&QUOTED_BY_IN, r"^(?i:quoted|cited) by [^,]*\s(?:in|to)\s+");
    let by = re(&QUOTED_BY, r"^(?i:quoted|cited) by [^,]*,\s*");
    let prose = re(&PROSE, r"^[^,]*?\s(?:is|are) (?:given |found )?in\s+");
    let s = &text[r.clone()];
    let mut start = r.start + prefix.find(s).map_or(0, |m| m.end());
    for pattern in [by_in, by, prose] {
        if let Some(m) = pattern.find(&text[start..r.end]) {
            start += m.end();
            break;
        }
    }
    let body = text[start..r.end].trim_end();
    (!body.is_empty()).then(|| start..start + body.len())
}

/// What a comma-separated segment is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Pages(String),
    Volume(String),
    Year(u16),
    Place(String, u16),
    Date(u16),
    Defines(String),
    Container(String),
    Ibid,
    /// "(n.d.)", "PhD Thesis", "ed. D. McLellan": publication details.
    Publication,
    Text(String),
}

const MONTHS: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";
const PLACES: &[&str] = &[
    "London",
    "Moscow",
    "New York",
    "Paris",
    "Oxford",
    "Cambridge",
    "Cambridge Mass.",
    "Hamburg",
    "Berlin",
    "Leningrad",
    "Petrograd",
    "Chicago",
    "Ann Arbor",
    "Harmondsworth",
    "Hassocks",
    "Boston",
    "Princeton",
    "Stanford",
];

fn parse_year(s: &str) -> Option<u16> {
    let digits: String = s
        .chars()
        .map(|c| {
            if matches!(c, 'i' | 'j' | 'l' | 'I') {
                '1'
            } else {
                c
            }
        })
        .filter(char::is_ascii_digit)
        .collect();
    let tail = &digits[digits.len().saturating_sub(4)..];
    tail.parse().ok().filter(|y| (1500..2100).contains(y))
}

fn classify(seg: &str) -> Seg {
    static PAGES: OnceLock<Regex> = OnceLock::new();
    static VOLUME: OnceLock<Regex> = OnceLock::new();
    static YEAR: OnceLock<Regex> = OnceLock::new();
    static PLACE: OnceLock<Regex> = OnceLock::new();
    static DATE: OnceLock<Regex> = OnceLock::new();
    static DEFINES: OnceLock<Regex> = OnceLock::new();
    static PUB: OnceLock<Regex> = OnceLock::new();
    static IBID: OnceLock<Regex> = OnceLock::new();
    let s = seg
        .trim()
        .trim_matches(|c: char| "^*\\■—".contains(c))
        .trim();
    let pages = re(&PAGES, r"^(?:pp?|ip)\b\s*[.,;:]?\s*([0-9lIOxviV^].*)?$");
    if let Some(c) = pages.captures(s) {
        // "pp. 12-14." ends the note, not the range.
        let pages = c.get(1).map_or("", |m| m.as_str()).trim();
        return Seg::Pages(pages.trim_end_matches('.').trim_end().to_string());
    }
    let volume = re(
        &VOLUME,
        r"^(?:(?:Vol|VoL|Vbl|vol)\b\.?\s*|(?:Nos?)\.\s*)([\w\-]+)\.?$|^([xvi]+|\d{1,2})$",
    );
    if let Some(c) = volume.captures(s) {
        let v = c.get(1).or(c.get(2)).map_or("", |m| m.as_str());
        let v = if s.starts_with("No") {
            s.to_string()
        } else {
            ocr_digits(v)
        };
        return Seg::Volume(v);
    }
    if re(&YEAR, r"^(?:1[5-9]\d\d|[ij]\d{3,4})$").is_match(s) {
        if let Some(y) = parse_year(s) {
            return Seg::Year(y);
        }
    }
    let date = re(
        &DATE,
        &format!(r"^(?:\d{{1,2}}(?:-\d{{1,2}})?\s+)?(?:{MONTHS})\s+((?:1[5-9]|[ij]j?)\d{{2,3}})$"),
    );
    if let Some(c) = date.captures(s) {
        if let Some(y) = parse_year(&c[1]) {
            return Seg::Date(y);
        }
    }
    let place = re(
        &PLACE,
        r"^([A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,2})\s+(1[5-9]\d\d)(?:\s*\(.*\))?$",
    );
    if let Some(c) = place.captures(s) {
        if let Some(y) = parse_year(&c[2]) {
            return Seg::Place(c[1].to_string(), y);
        }
    }
    let defines = re(
        &DEFINES,
        r"(?i)^[\s:,]*hereafter (?:referred to|cited) as\s+(.+)$",
    );
    if let Some(c) = defines.captures(s) {
        return Seg::Defines(clean(&c[1]));
    }
    if re(&IBID, r"^(?i:ibid|ibii)\b").is_match(s) {
        return Seg::Ibid;
    }
    if re(
        &PUB,
        r"(?i)^(?:\(n\.\s*d\.\)|phd thesis|.*\buniversity\b|ed\.\s|edited by\s)",
    )
    .is_match(s)
    {
        return Seg::Publication;
    }
    if let Some(rest) = s.strip_prefix("in ") {
        return Seg::Container(clean(rest));
    }
    Seg::Text(s.to_string())
}

/// "lO" → "10", "l" → "1" in volume numbers.
fn ocr_digits(s: &str) -> String {
    if s.chars().any(|c| c.is_ascii_digit()) || s.len() <= 2 && s.chars().all(|c| "lIO".contains(c))
    {
        s.chars()
            .map(|c| match c {
                'l' | 'I' => '1',
                'O' => '0',
                c => c,
            })
            .collect()
    } else {
        s.to_string()
    }
}

/// Strips quotes, stars and OCR marks around a title and collapses spaces.
pub fn clean(s: &str) -> String {
    let junk = |c: char| "'‘’\"“”*^\\■—-:;,.(".contains(c) || c.is_whitespace();
    let s = s.trim_matches(junk);
    let s = s.trim_end_matches(|c: char| c == ')' && !s.contains('('));
    let mut out: String = s
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !"‘’“”*^■\"".contains(*c))
        .collect();
    out = out
        .replace(" ( ", " ")
        .replace("( ", "(")
        .replace(" )", ")");
    out.trim().to_string()
}

fn parse_chunk(text: &str, range: Range<usize>, known: &Known) -> Vec<Parsed> {
    static IBID: OnceLock<Regex> = OnceLock::new();
    static ARCHIVE_NO: OnceLock<Regex> = OnceLock::new();
    static ARCHIVE: OnceLock<Regex> = OnceLock::new();
    let s = &text[range.clone()];
    let mut p = Parsed {
        range: range.clone(),
        ..Parsed::default()
    };
    if let Some(m) = re(&IBID, r"^['‘’\s]*(?:[Il1]b[il1][dl]|Ibii)\b\.?").find(s) {
        p.kind = Some(Kind::Ibid);
        fill_numbers(&mut p, &s[m.end()..]);
        return vec![p];
    }
    let archive_no = re(&ARCHIVE_NO, r"^T[\s.]*[0-9lIO]{3,4}\b");
    let archive = re(
        &ARCHIVE,
        r"(?i)\b(?:ar\w{0,2}iv|archives?)\s+\w+|\btrotskogo\b",
    );
    if archive_no.is_match(s) || archive.is_match(s) {
        p.kind = Some(Kind::Archive);
        p.title = archive.find(s).map(|m| clean(m.as_str()));
        fill_numbers(&mut p, s);
        return vec![p];
    }
    let segs = segments(s);
    // A newspaper date followed by a cited author starts a second reference
    // ("International Press Correspondence, 7 January 1926, H. R. Isaacs, ...").
    if let Some(d) = segs.iter().position(|(_, g)| matches!(g, Seg::Date(_))) {
        let next = segs[d + 1..]
            .iter()
            .find(|(_, g)| !matches!(g, Seg::Pages(_)));
        if let Some((at, Seg::Text(t))) = next
            && has_initials(t)
        {
            let cut = range.start + at;
            let mut out = parse_chunk(text, range.start..cut, known);
            out.extend(parse_chunk(text, cut..range.end, known));
            return out;
        }
    }
    interpret(&mut p, segs.into_iter().map(|(_, g)| g).collect(), known);
    vec![p]
}

/// Cuts a reference at commas and classifies the pieces, with their offsets.
fn segments(s: &str) -> Vec<(usize, Seg)> {
    let mut out: Vec<(usize, Seg)> = Vec::new();
    let mut at = 0;
    for piece in s.split(',') {
        let offset = at + (piece.len() - piece.trim_start().len());
        at += piece.len() + 1;
        if piece.trim().is_empty() {
            continue;
        }
        for (off, seg) in split_embedded(piece.trim()) {
            // Page lists: "pp. 583, 619", "p. 409, 636, 637".
            if let (Some((_, Seg::Pages(pages))), Seg::Volume(v)) = (out.last_mut(), &seg)
                && v.chars().all(|c| c.is_ascii_digit())
            {
                pages.push_str(", ");
                pages.push_str(v);
                continue;
            }
            if let Some((_, Seg::Pages(pages))) = out.last_mut()
                && let Seg::Text(t) = &seg
                && t.chars().all(|c| c.is_ascii_digit() || "-– ".contains(c))
            {
                if !pages.is_empty() {
                    pages.push_str(", ");
                }
                pages.push_str(t);
                continue;
            }
            out.push((offset + off, seg));
        }
    }
    // "p, 515": a lone "p" then the number.
    let mut merged: Vec<(usize, Seg)> = Vec::new();
    for (at, seg) in out {
        let number = match &seg {
            Seg::Volume(v) | Seg::Text(v) if v.starts_with(|c: char| c.is_ascii_digit()) => {
                Some(v.clone())
            }
            _ => None,
        };
        if let (Some((_, Seg::Text(t))), Some(v)) = (merged.last(), number)
            && (t == "p" || t == "pp")
        {
            merged.pop();
            merged.push((at, Seg::Pages(v)));
            continue;
        }
        merged.push((at, seg));
    }
    merged
}

/// Splits what OCR or the author ran together inside one comma segment:
/// trailing pages ("Za Leninizm pp.367,372", "Challenge (1923-25). p. 158"),
/// a volume ("Trotsky Vol.2", "Works. Vol. 6"), a place and year
/// ("... 1921-25 gg. Moscow 1961"), a quoted title and its container
/// ("'The Party and Trotskyism' in Za Leninizm").
fn split_embedded(piece: &str) -> Vec<(usize, Seg)> {
    static PAGES: OnceLock<Regex> = OnceLock::new();
    static VOLUME: OnceLock<Regex> = OnceLock::new();
    static PLACE: OnceLock<Regex> = OnceLock::new();
    static IN: OnceLock<Regex> = OnceLock::new();
    let whole = classify(piece);
    if !matches!(whole, Seg::Text(_)) {
        return vec![(0, whole)];
    }
    static UNDATED: OnceLock<Regex> = OnceLock::new();
    if let Some(m) = re(&UNDATED, r"\s*\(n\.\s*d\.\)$")
        .find(piece)
        .filter(|m| m.start() > 0)
    {
        let mut out = split_embedded(&piece[..m.start()]);
        out.push((m.start(), Seg::Publication));
        return out;
    }
    let pages = re(&PAGES, r"[\s.]+pp?\b\.?\s*[0-9lIOxvi][\w\-–\s]*$");
    if let Some(m) = pages.find(piece).filter(|m| m.start() > 0) {
        let mut out = split_embedded(&piece[..m.start()]);
        out.push((
            m.start(),
            classify(piece[m.start()..].trim_start_matches(['.', ' '])),
        ));
        return out;
    }
    let volume = re(&VOLUME, r"[\s.]+(?:Vol|VoL|Vbl)\b\.?\s*[\wlO]+$");
    if let Some(m) = volume.find(piece).filter(|m| m.start() > 0) {
        let mut out = split_embedded(&piece[..m.start()]);
        out.push((
            m.start(),
            classify(piece[m.start()..].trim_start_matches(['.', ' '])),
        ));
        return out;
    }
    let place = re(
        &PLACE,
        r"[\s.^]+([A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+)?)(?:\s+(1[5-9]\d\d))?$",
    );
    if let Some(c) = place.captures(piece) {
        let name = c.get(1).map_or("", |m| m.as_str());
        let at = c.get(0).map_or(0, |m| m.start());
        if at > 0 && PLACES.contains(&name) {
            let mut out = split_embedded(&piece[..at]);
            let seg = match c.get(2).and_then(|y| parse_year(y.as_str())) {
                Some(y) => Seg::Place(name.to_string(), y),
                None => Seg::Place(name.to_string(), 0),
            };
            out.push((at, seg));
            return out;
        }
    }
    let container = re(&IN, r"^(.*?['’‘”*])\s+in\s+(.+)$");
    if let Some(c) = container.captures(piece) {
        let at = c.get(2).map_or(0, |m| m.start());
        return vec![
            (0, Seg::Text(c[1].to_string())),
            (at, Seg::Container(clean(&c[2]))),
        ];
    }
    vec![(0, whole)]
}

fn fill_numbers(p: &mut Parsed, s: &str) {
    for (_, seg) in segments(s) {
        match seg {
            Seg::Pages(x) => p.pages = Some(x),
            Seg::Volume(x) => p.volume = Some(x),
            Seg::Year(y) | Seg::Place(_, y) | Seg::Date(y) if y > 0 => p.year = Some(y),
            _ => {}
        }
    }
}

/// Fills a reference from its classified segments.
fn interpret(p: &mut Parsed, segs: Vec<Seg>, known: &Known) {
    let mut texts: Vec<String> = Vec::new();
    let mut date = false;
    let mut publication = false;
    let mut in_container = false;
    for (i, seg) in segs.iter().enumerate() {
        match seg {
            Seg::Pages(x) => p.pages = Some(x.clone()),
            Seg::Volume(x) => p.volume = Some(x.clone()),
            Seg::Year(y) => {
                p.year = Some(*y);
                publication = true;
            }
            Seg::Place(place, y) => {
                p.place = Some(place.clone());
                if *y > 0 {
                    p.year = Some(*y);
                }
                publication = true;
            }
            Seg::Date(y) => {
                p.year = Some(*y);
                date = true;
            }
            Seg::Defines(x) => p.defines = Some(x.clone()),
            Seg::Ibid => p.container = Some("ibid.".into()),
            Seg::Publication => publication = true,
            Seg::Container(x) => {
                p.container = Some(x.clone());
                in_container = true;
            }
            Seg::Text(t) if in_container => {
                let c = p.container.get_or_insert_with(String::new);
                c.push_str(", ");
                c.push_str(t);
            }
            Seg::Text(t) => {
                // A place followed by a year segment: "New York, 1970".
                let next_is_year = matches!(segs.get(i + 1), Some(Seg::Year(_)));
                if next_is_year && !texts.is_empty() && PLACES.contains(&t.trim()) {
                    p.place = Some(t.trim().to_string());
                } else {
                    texts.push(t.clone());
                }
            }
        }
    }
    if let Some(k) = abbreviation_use(&texts, known) {
        p.abbreviation = Some(k.0);
        p.authors = k.1;
        p.title = Some(known.abbreviations[k.0].clone());
        p.kind = Some(Kind::Short);
        return;
    }
    // "M, Dobb": an initial cut off by a comma.
    if texts.len() > 1
        && texts[0].trim().len() == 1
        && texts[0].trim().starts_with(char::is_uppercase)
    {
        let initial = texts.remove(0);
        texts[0] = format!("{}. {}", initial.trim(), texts[0].trim());
    }
    // With publication details, a lone text segment is the title
    // ("Leon Trotsky Speaks, New York 1972"), not a surname.
    let lone_title = publication && texts.len() == 1 && !texts[0].contains(" and ");
    let more = p.container.is_some() && !lone_title;
    let (authors, et_al, title_texts) = authors_and_title(&texts, date || lone_title, more, known);
    p.authors = authors;
    p.et_al = et_al;
    // A quoted article title: what follows it is its container.
    let mut title_parts = title_texts.iter();
    let mut title = title_parts.next().map(|t| t.to_string());
    let quoted = title
        .as_deref()
        .is_some_and(|t| t.trim().ends_with(['\'', '’', '”', '*']));
    let rest: Vec<&String> = title_parts.collect();
    if quoted && !rest.is_empty() {
        let c: Vec<&str> = rest.iter().map(|s| s.as_str()).collect();
        p.container.get_or_insert_with(|| clean(&c.join(", ")));
    } else if let Some(t) = title.as_mut() {
        for r in rest {
            t.push_str(", ");
            t.push_str(r);
        }
    }
    p.title = title.map(|t| clean(&t)).filter(|t| !t.is_empty());
    let has_what = p.title.is_some() || !p.authors.is_empty();
    let issue = p.volume.as_deref().is_some_and(|v| v.starts_with("No"));
    p.kind = Some(if !has_what {
        Kind::Other
    } else if !publication && p.place.is_none() && (date || issue) {
        Kind::Newspaper
    } else if publication || p.container.is_some() {
        Kind::Full
    } else {
        Kind::Short
    });
    if p.kind == Some(Kind::Newspaper) && p.title.is_none() {
        // "Trotsky, in Biulletin Oppozitsii, Nos. 54-55": the periodical.
        p.title = p.container.take();
    }
}

/// A text segment that is a known abbreviation, or a surname and one.
fn abbreviation_use(texts: &[String], known: &Known) -> Option<(usize, Vec<Author>)> {
    if known.abbreviations.is_empty() {
        return None;
    }
    // Each title's key once, not once per comparison.
    let abbreviations: Vec<_> = known.abbreviations.iter().map(|a| title_key(a)).collect();
    for (i, t) in texts.iter().enumerate() {
        // "Trotsky Challenge (1923-25)": a surname with no comma.
        if let Some((first, rest)) = t.trim().split_once(' ') {
            let rest = title_key(rest);
            for (k, abbr) in abbreviations.iter().enumerate() {
                if abbreviation_keys_match(&rest, abbr) && is_name_list(first) {
                    return Some((k, vec![Author::parse(first)]));
                }
            }
        }
        let key = title_key(t);
        for (k, abbr) in abbreviations.iter().enumerate() {
            if abbreviation_keys_match(&key, abbr) {
                let authors = match i.checked_sub(1).map(|j| texts[j].as_str()) {
                    Some(prev) if is_name_list(prev) => names(prev).0,
                    _ => Vec::new(),
                };
                return Some((k, authors));
            }
        }
    }
    None
}

/// An abbreviation with years ("Challenge (1923-25)") is recognised through
/// heavy OCR damage ("GhaUense (1923-25)") since its years must match
/// exactly; one without years needs a closer spelling.
pub fn abbreviation_matches(t: &str, abbr: &str) -> bool {
    abbreviation_keys_match(&title_key(t), &title_key(abbr))
}

/// [`abbreviation_matches`] of two titles' [`title_key`]s.
fn abbreviation_keys_match(t: &(String, String), abbr: &(String, String)) -> bool {
    keys_match(t, abbr, if abbr.1.is_empty() { 0.25 } else { 0.55 })
}

/// Splits text segments into the authors and the title's segments.
fn authors_and_title(
    texts: &[String],
    date: bool,
    more: bool,
    known: &Known,
) -> (Vec<Author>, bool, Vec<String>) {
    let Some(first) = texts.first() else {
        return (Vec::new(), false, Vec::new());
    };
    let first = first.trim();
    let mut authors = Vec::new();
    let mut et_al = false;
    let mut used = 0;
    if let Some(name) = first
        .strip_suffix(" et al")
        .or_else(|| first.strip_suffix(" et al."))
    {
        authors.push(Author::parse(name));
        et_al = true;
        used = 1;
    } else if is_name_list(first)
        && (texts.len() > 1 || more || (!date && (!first.contains(' ') || first.contains(" and "))))
    {
        // Initialled names may run over several segments:
        // "C. Brandt, B. Schwartz and J.K. Fairbank, A Documentary History".
        authors = names(first).0;
        used = 1;
        while used + 1 < texts.len() && has_initials(&texts[used]) && is_name_list(&texts[used]) {
            authors.extend(names(&texts[used]).0);
            used += 1;
        }
    } else if let Some((word, rest)) = first.split_once(' ')
        && known.is_surname(word)
        && rest.starts_with(char::is_uppercase)
        && !date
    {
        // "Trotsky Challenge (1923-25)": the comma was lost.
        authors.push(Author::parse(word));
        return (
            authors,
            false,
            std::iter::once(rest.to_string())
                .chain(texts[1..].iter().cloned())
                .collect(),
        );
    }
    (authors, et_al, texts[used..].to_vec())
}

fn names(s: &str) -> (Vec<Author>, bool) {
    (s.split(" and ").map(Author::parse).collect(), false)
}

fn has_initials(s: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    re(&R, r"^\s*(?:[A-Z]\.\s*){1,3}\S").is_match(s)
}

/// A list of names: "N.N. Sukhanov", "Trotsl^", "A Ciliga", "Serge and
/// Sedova", "V. Serge and N. Sedova", "aiff".
fn is_name_list(s: &str) -> bool {
    static NAME: OnceLock<Regex> = OnceLock::new();
    let name = re(
        &NAME,
        r"^(?:[A-Z](?:\.\s*|\s+))*[\p{Lu}\p{Ll}^€>»][\p{L}'’^€>»\-]*$",
    );
    let s = s.trim().trim_start_matches(['\'', '‘', '^', '*']);
    if s.is_empty() || s.ends_with("’s") || s.ends_with("'s") || s.ends_with("»s") {
        return false;
    }
    let parts: Vec<&str> = s.split(" and ").collect();
    parts.iter().all(|p| {
        let p = p.trim();
        let words = p.split_whitespace().count();
        let initials = p
            .split_whitespace()
            .filter(|w| w.len() <= 2 || w.ends_with('.'))
            .count();
        name.is_match(p)
            && (words == 1 || initials + 1 == words)
            && (words > 1 || parts.len() > 1 || p.len() > 2)
            && (p.starts_with(char::is_uppercase) || words == 1)
    }) && parts
        .iter()
        .any(|p| p.trim().starts_with(char::is_uppercase) || parts.len() == 1)
}

/// Title comparison key: lower-case letters and, separately, digits, with
/// the words "the", "a", "an", "of" and "ute" dropped, as `str::to_lowercase`
/// lowercases them, without a string per word.
pub fn title_key(s: &str) -> (String, String) {
    let mut letters = String::with_capacity(s.len());
    let mut digits = String::new();
    let push = |letters: &mut String, digits: &mut String, c: char| {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if c.is_alphabetic() {
            letters.push(c);
        }
    };
    for word in s.split(|c: char| c.is_whitespace() || c == '.' || c == ',') {
        if word.is_ascii() {
            // No character outside ASCII lowercases to a letter of these
            // words, so only an ASCII word can be one.
            if ["the", "a", "an", "of", "ute"]
                .iter()
                .any(|stop| word.eq_ignore_ascii_case(stop))
            {
                continue;
            }
            for b in word.bytes() {
                if b.is_ascii_digit() {
                    digits.push(b as char);
                } else if b.is_ascii_alphabetic() {
                    letters.push(b.to_ascii_lowercase() as char);
                }
            }
        } else if word.contains('Σ') {
            // Lowercased by its place in the word: only `str` knows how.
            word.to_lowercase()
                .chars()
                .for_each(|c| push(&mut letters, &mut digits, c));
        } else {
            for c in word.chars().flat_map(char::to_lowercase) {
                push(&mut letters, &mut digits, c);
            }
        }
    }
    (letters, digits)
}

/// Do two titles match, digits exactly and letters within `tolerance`
/// (edit distance over length)?
pub fn titles_match(a: &str, b: &str, tolerance: f64) -> bool {
    keys_match(&title_key(a), &title_key(b), tolerance)
}

/// [`titles_match`] of two titles' [`title_key`]s; a comparison sure to
/// fall short stops early ([`key_similarity_from`]).
fn keys_match(a: &(String, String), b: &(String, String), tolerance: f64) -> bool {
    key_similarity_from(a, b, 1.0 - tolerance).is_some_and(|s| s >= 1.0 - tolerance)
}

/// Titles of works with no author to tell them apart: as [`titles_match`],
/// and the first two letters must agree, so that "Dvenadtsatii sezd" (12th
/// congress) is not taken for "Trinadtsatii sezd" (13th).
pub fn titles_match_strict(a: &str, b: &str, tolerance: f64) -> bool {
    same_start(a, b) && titles_match(a, b, tolerance)
}

/// Do the titles' keys start with the same two letters?
pub fn same_start(a: &str, b: &str) -> bool {
    same_start_keys(&title_key(a), &title_key(b))
}

/// [`same_start`] of two titles' [`title_key`]s.
pub fn same_start_keys((la, _): &(String, String), (lb, _): &(String, String)) -> bool {
    la.chars().take(2).eq(lb.chars().take(2))
}

/// 1 for equal titles, 0 for unrelated ones or different digits.
pub fn title_similarity(a: &str, b: &str) -> f64 {
    key_similarity(&title_key(a), &title_key(b))
}

/// [`title_similarity`] of two titles' [`title_key`]s.
pub fn key_similarity(a: &(String, String), b: &(String, String)) -> f64 {
    key_similarity_from(a, b, f64::NEG_INFINITY).unwrap_or(0.0)
}

/// [`key_similarity`] if it may be `least` or more; `None` when it is
/// surely below, found without finishing the edit distance. The distance
/// is cut off a whole unit beyond the bound, so rounding in the bound never
/// loses a similarity at `least`; callers compare the value as before.
pub fn key_similarity_from(
    (la, da): &(String, String),
    (lb, db): &(String, String),
    least: f64,
) -> Option<f64> {
    if da != db || la.is_empty() || lb.is_empty() {
        return (0.0 >= least).then_some(0.0);
    }
    let longest = la.chars().count().max(lb.chars().count()) as f64;
    let limit = (1.0 - least) * longest + 1.0;
    let d = crate::citation::names::edit_distance_within(la, lb, limit)?;
    Some(1.0 - d / longest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Known<'static> {
        Known {
            abbreviations: vec!["Challenge (1923-25)".into(), "Challenge (1926-27)".into()],
            gazetteer_surnames: None,
            surnames: vec!["Trotsky".into(), "Stalin".into()],
        }
    }

    /// (note text, [(kind, authors, title)] per reference)
    type Case = (
        &'static str,
        &'static [(&'static str, &'static str, &'static str)],
    );

    #[test]
    fn reference_patterns() {
        let cases: &[Case] = &[
            (
                "N.N. Sukhanov, The Russian Revolution 1917. A Personal Record, London 1955, p. 230",
                &[(
                    "full",
                    "N.N. Sukhanov",
                    "The Russian Revolution 1917. A Personal Record",
                )],
            ),
            (
                "K. Marx, The Class Struggle in France, in K. Marx and F. Engels, Collected Works, VoLlO, p. 99",
                &[("full", "K. Marx", "The Class Struggle in France")],
            ),
            (
                "See T. Cliff, Trotsky Vol.2, London 1990, p. 277",
                &[("full", "T. Cliff", "Trotsky")],
            ),
            (
                "Trotsky, The Challenge of the Left Opposition (1928-29), hereafter referred to as Challenge (1928-29), New York 1981, p. 147",
                &[(
                    "full",
                    "Trotsky",
                    "The Challenge of the Left Opposition (1928-29)",
                )],
            ),
            (
                "Trotsl^, The Challenge of the Left Opposition (1923-25), : , hereafter referred to as Chall^ge (1923-25), New York 1980, p. 78",
                &[(
                    "full",
                    "Trotsl",
                    "The Challenge of the Left Opposition (1923-25)",
                )],
            ),
            (
                "Dvenadtsatii sezd RKP(b), Moscow 1923, p. 320",
                &[("full", "", "Dvenadtsatii sezd RKP(b)")],
            ),
            (
                "M, Dobb, Soviet Economic Development since 1917, London 1948, p. 42",
                &[("full", "M. Dobb", "Soviet Economic Development since 1917")],
            ),
            (
                "J. V. Stalin, Works, Moscow 1949, Vol. 5, pp. 394-5",
                &[("full", "J. V. Stalin", "Works")],
            ),
            (
                "Carr, The Interregnum, pp. 319, 322-3",
                &[("short", "Carr", "The Interregnum")],
            ),
            (
                "I. Deutscher, The Prophet Unarmed, London 1959, p.l26",
                &[("full", "I. Deutscher", "The Prophet Unarmed")],
            ),
            (
                "Quoted by Trotsky at Thirteenth Party Congress, May 1924, Challenge (1923-25), p. 149",
                &[("short", "", "Challenge (1923-25)")],
            ),
            (
                "' Trinadtsaia konferentsiia RKP(b), p. 216",
                &[("short", "", "Trinadtsaia konferentsiia RKP(b)")],
            ),
            ("Ibid., p. 108", &[("ibid", "", "")]),
            ("Ibii,p.220", &[("ibid", "", "")]),
            ("Ibid.ip. 153 ^", &[("ibid", "", "")]),
            ("Hatch, pp. 406-412", &[("short", "Hatch", "")]),
            ("Pravda, 18 December 1923", &[("newspaper", "", "Pravda")]),
            (
                "T. E. Nisonger, The Leningrad Opposition of 1925-26 in the Communist Party of Ihe Soviet Union, PhD Thesis, Columbia University, 1976, p. Ill",
                &[(
                    "full",
                    "T. E. Nisonger",
                    "The Leningrad Opposition of 1925-26 in the Communist Party of Ihe Soviet Union",
                )],
            ),
            (
                "G. Zinoviev, Chetirenadtsatii sezd VkP(b), Moscow 1926, p 459",
                &[("full", "G. Zinoviev", "Chetirenadtsatii sezd VkP(b)")],
            ),
            ("Eastman, p. 82 —", &[("short", "Eastman", "")]),
            (
                "Stalin, Worksf, Vol. 6, pp. 24-5",
                &[("short", "Stalin", "Worksf")],
            ),
            (
                "KPSS V rez., Vol.l, p. 784-5",
                &[("short", "", "KPSS V rez")],
            ),
            (
                "Pravda, 30 January 1924, quoted in Carr, The Interregnum, p. 349",
                &[
                    ("newspaper", "", "Pravda"),
                    ("short", "Carr", "The Interregnum"),
                ],
            ),
            (
                "Leon Trotsl^ Speaks, New York 1972, p. 196",
                &[("full", "", "Leon Trotsl Speaks")],
            ),
            (
                "\\7he fullest report of this meeting is in B. Bazhanov, Stalin, Paris 1931, pp. 32-4; quoted in Carr, The Interregnum, pp. 360-1",
                &[
                    ("full", "B. Bazhanov", "Stalin"),
                    ("short", "Carr", "The Interregnum"),
                ],
            ),
            (
                "Trotsky Challenge (1923-25). p. 158",
                &[("short", "Trotsky", "Challenge (1923-25)")],
            ),
            (
                "Stalin, Works. Vol. 6, pp. 238-9",
                &[("short", "Stalin", "Works")],
            ),
            (
                "L.B. Kamenev, ‘The Party and Trotskyism’ in Za Leninizm, Moscow 1925, p. 70",
                &[("full", "L.B. Kamenev", "The Party and Trotskyism")],
            ),
            (
                "Zinoviev,‘Bolshevism or Trotskyism’, ibid., p. 132",
                &[("full", "Zinoviev", "Bolshevism or Trotskyism")],
            ),
            (
                "N.I. Bukharin, *The Theory of Permanent Revolution’, Za Leninizm pp.367,372",
                &[(
                    "full",
                    "N.I. Bukharin",
                    "The Theory of Permanent Revolution",
                )],
            ),
            (
                "Moskovskie bolsheviki v borbe s pravym i ‘levym* ( opportunizmom 1921-29, Moscow 1969, pp. 108-9",
                &[(
                    "full",
                    "",
                    "Moskovskie bolsheviki v borbe s pravym i levym opportunizmom 1921-29",
                )],
            ),
            (
                "Partiia V borbe zavosstanovlenienarodnogokhoziaistva \\ 1921-25 gg. Moscow 1961, pp. 536-7",
                &[(
                    "full",
                    "",
                    "Partiia V borbe zavosstanovlenienarodnogokhoziaistva \\ 1921-25 gg",
                )],
            ),
            (
                "Pravda, 13 December 1924, quoted in E.H. Carr, Socialism in One Country, Vol. 2, London 1964, p; 29",
                &[
                    ("newspaper", "", "Pravda"),
                    ("full", "E.H. Carr", "Socialism in One Country"),
                ],
            ),
            (
                "Trotsky, Women and the Family, New York, 1970, pp. 45, 42",
                &[("full", "Trotsky", "Women and the Family")],
            ),
            (
                "Cliff, TrptsIcy,Vol. 2, p. 234",
                &[("short", "Cliff", "TrptsIcy")],
            ),
            (
                "C. Ciaudin-Urondo, Lenin and the Cultural Revolution, Hassocks 1977,p.56n",
                &[(
                    "full",
                    "C. Ciaudin-Urondo",
                    "Lenin and the Cultural Revolution",
                )],
            ),
            (
                "Lenin, Sochineniia, xxiv, p. 305, Quoted in Carr, Socialism in One Countiy, Vol. 1, p. 50",
                &[
                    ("short", "Lenin", "Sochineniia"),
                    ("short", "Carr", "Socialism in One Countiy"),
                ],
            ),
            (
                "Trotsky, in Bitilletin Oppozitsii, Nos. 54-55, March 1937, pp. 11-12",
                &[("newspaper", "Trotsky", "Bitilletin Oppozitsii")],
            ),
            (
                "Serge and Sedova, p. 137",
                &[("short", "Serge; Sedova", "")],
            ),
            (
                "V. Serge and N. Sedova, The life and Death of Leon Trotsky, London 1975, p. 149",
                &[(
                    "full",
                    "V. Serge; N. Sedova",
                    "The life and Death of Leon Trotsky",
                )],
            ),
            ("Brandt et al, p. 70", &[("short", "Brandt", "")]),
            (
                "C. Brandt, B. Schwartz and J.K. Fairbank, A Documentaiy History of Chinese Communism^ London, 1952, p. 52",
                &[(
                    "full",
                    "C. Brandt; B. Schwartz; J.K. Fairbank",
                    "A Documentaiy History of Chinese Communism",
                )],
            ),
            (
                "T. 933, Arkhiv Trotskogo, Moscow 1990, Vol. 2, pp. 192-3",
                &[("archive", "", "Arkhiv Trotskogo")],
            ),
            (
                "T.lOlO, Arkhiv Trotskogo, Vol 4, p. 99",
                &[("archive", "", "Arkhiv Trotskogo")],
            ),
            (
                "The New International, November 1934, p. 124",
                &[("newspaper", "", "The New International")],
            ),
            (
                "Izvestiia Tsentralnogo Komiteta, 15 November ij927",
                &[("newspaper", "", "Izvestiia Tsentralnogo Komiteta")],
            ),
            (
                "Pravda and Izvestiia, 27 October 1927; Carr, The Foundations of Planned Economy, Vol. 2, p. 42",
                &[
                    ("newspaper", "", "Pravda and Izvestiia"),
                    ("short", "Carr", "The Foundations of Planned Economy"),
                ],
            ),
            (
                "International Press Correspondence, 7 January 1926, H. R. Isaacs, The Tragedy of the Chincsse Revolution, London 1938, p. ^4",
                &[
                    ("newspaper", "", "International Press Correspondence"),
                    (
                        "full",
                        "H. R. Isaacs",
                        "The Tragedy of the Chincsse Revolution",
                    ),
                ],
            ),
            (
                "Quoted by A Nove in his Introduction* to Preobrazhensky, The New Economics, p. xv",
                &[("short", "Preobrazhensky", "The New Economics")],
            ),
            (
                "Marx, Selected Writings, ed. D. McLellan, Oxford 1978, pp. 170-1",
                &[("full", "Marx", "Selected Writings")],
            ),
            (
                "Leon Trotsky on China, pp. 207-8",
                &[("short", "", "Leon Trotsky on China")],
            ),
            (
                "Protokoll: Fimfter Kongresses der Ko mirmnlicriiggh en Internationale (n.d.), Vol. 2, pp. 583, 619",
                &[(
                    "full",
                    "",
                    "Protokoll: Fimfter Kongresses der Ko mirmnlicriiggh en Internationale",
                )],
            ),
            (
                "Trotsky, The Stalin school of Falsification, New York 1962, pp. V 89-99",
                &[("full", "Trotsky", "The Stalin school of Falsification")],
            ),
            ("p. 138", &[("other", "", "")]),
        ];
        let mut failures = Vec::new();
        for (text, want) in cases {
            let got = parse_note(text, &known());
            let got: Vec<(String, String, String)> = got
                .iter()
                .map(|p| {
                    let authors: Vec<String> = p.authors.iter().map(Author::display).collect();
                    (
                        p.kind().as_str().to_string(),
                        authors.join("; "),
                        p.title.clone().unwrap_or_default(),
                    )
                })
                .collect();
            let want: Vec<(String, String, String)> = want
                .iter()
                .map(|(k, a, t)| (k.to_string(), a.to_string(), t.to_string()))
                .collect();
            if got != want {
                failures.push(format!("case {text:?}\n   got {got:?}\n  want {want:?}"));
            }
        }
        assert!(
            failures.is_empty(),
            "{} failing case(s):\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn pages_volume_and_year() {
        let p = &parse_note(
            "J. V. Stalin, Works, Moscow 1949, Vol. 5, pp. 394-5",
            &known(),
        )[0];
        assert_eq!(p.place.as_deref(), Some("Moscow"));
        assert_eq!(p.year, Some(1949));
        assert_eq!(p.volume.as_deref(), Some("5"));
        assert_eq!(p.pages.as_deref(), Some("394-5"));
        let p = &parse_note("Ibid., p, 515", &known())[0];
        assert_eq!(p.pages.as_deref(), Some("515"));
        let p = &parse_note("Trinadtsaia konferentsiia RKP(b), pp. 124,133", &known())[0];
        assert_eq!(p.pages.as_deref(), Some("124, 133"));
        // The note's final period is not part of the range.
        let p = &parse_note(
            "E. H. Carr, The Interregnum, London 1954, pp. 12-14.",
            &known(),
        )[0];
        assert_eq!(p.pages.as_deref(), Some("12-14"));
    }

    #[test]
    fn abbreviation_definitions() {
        let text = "Trotsky, The Challenge of the Left Opposition (1926-27), \
                    hereafter referred to as Challenge (1926-27), New York 1980";
        assert_eq!(abbreviations_defined(text), ["Challenge (1926-27)"]);
        let p = &parse_note(text, &Known::default())[0];
        assert_eq!(p.defines.as_deref(), Some("Challenge (1926-27)"));
    }

    /// `title_key` as first written, one lowercased string per word.
    fn title_key_by_words(s: &str) -> (String, String) {
        let mut letters = String::new();
        let mut digits = String::new();
        for word in s.split(|c: char| c.is_whitespace() || c == '.' || c == ',') {
            let w = word.to_lowercase();
            if matches!(w.as_str(), "the" | "a" | "an" | "of" | "ute") {
                continue;
            }
            for c in w.chars() {
                if c.is_ascii_digit() {
                    digits.push(c);
                } else if c.is_alphabetic() {
                    letters.push(c);
                }
            }
        }
        (letters, digits)
    }

    #[test]
    fn a_similarity_is_cut_short_only_below_its_bound() {
        let titles = [
            "My Life",
            "My Ufe",
            "MyLife",
            "The Revolution Betrayed",
            "Revolution Betraycd",
            "Tbe Revolution Betrayed",
            "Challenge (1923-25)",
            "GhaUense (1923-25)",
            "The Third International After Lenin",
            "Third Internationa1 after Lenin",
            "Stalin",
            "Stalin's Frame-Up System and the Moscow Trials",
            "Permanent Revolution",
            "Results and Prospects",
            "ΟΔΥΣΣΕΥΣ",
            "Историја",
            "a",
            "Dvenadtsatii sezd",
            "Trinadtsatii sezd",
            "A Very Long Title Indeed, Longer Than Thirty-Two Letters",
            "A Very Long Titel Indeed, Longer Than Thirty-Two Letters",
        ];
        let mut cut = 0;
        for a in titles {
            for b in titles {
                let (ka, kb) = (title_key(a), title_key(b));
                let s = key_similarity(&ka, &kb);
                for least in [0.0, 0.25, 0.45, 0.5, 0.6, 0.75, 0.8, 0.9, 1.0] {
                    match key_similarity_from(&ka, &kb, least) {
                        Some(t) => assert_eq!(t.to_bits(), s.to_bits(), "{a:?} {b:?}"),
                        None => {
                            assert!(s < least, "{a:?} {b:?} {s} cut at {least}");
                            cut += 1;
                        }
                    }
                }
            }
        }
        assert!(cut > 0, "no comparison was cut short");
    }

    #[test]
    fn title_keys_lowercase_as_str_does() {
        let words = [
            "The",
            "THE",
            "tHe",
            "A",
            "an",
            "AN",
            "Of",
            "UTE",
            "Ute",
            "ΣΟΦΙΑΣ",
            "ΣΑΣ",
            "Σ",
            "İstanbul",
            "\u{212A}elvin",
            "Straße",
            "ǅemal",
            "Lénine",
            "1923-25",
            "No.3",
            "Vol,IV",
            "ⅻ",
            "٣",
            "",
            "Trotsky's",
            "Révolution",
            "Ⅻ",
            "ΌΣΟΣ",
            "ΑΣ.",
            "then",
            "ofa",
            "a1",
        ];
        let separators = [" ", ".", ",", "\t", "-"];
        // Every pair of words, with every pair of separators.
        for (a, b) in words.iter().flat_map(|a| words.iter().map(move |b| (a, b))) {
            for (s, t) in separators
                .iter()
                .flat_map(|s| separators.iter().map(move |t| (s, t)))
            {
                let title = format!("{a}{s}{b}{t}{a}");
                assert_eq!(title_key(&title), title_key_by_words(&title), "{title:?}");
            }
        }
    }

    #[test]
    fn titles_compare_with_ocr_tolerance() {
        assert!(titles_match("MyLife", "My Life", 0.25));
        assert!(titles_match("My Ufe", "My Life", 0.34));
        assert!(titles_match(
            "Ute Prophet Unarmed",
            "The Prophet Unarmed",
            0.25
        ));
        assert!(titles_match(
            "ChaUenge ( 1923 - 25 )",
            "Challenge (1923-25)",
            0.3
        ));
        assert!(!titles_match(
            "Challenge (1926-27)",
            "Challenge (1923-25)",
            0.3
        ));
        assert!(!titles_match(
            "Trinadtsatii sezd RKP(b)",
            "Trinadtsaia konferentsiia RKP(b)",
            0.34
        ));
        assert!(titles_match(
            "The Foundations of Planned Economy",
            "Foundations of a Planned Economy",
            0.25
        ));
    }
}
