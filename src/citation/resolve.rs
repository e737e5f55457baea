//! Resolving references to works, within one document.
//!
//! References are taken in the order of the notes:
//!
//! - **Ibid.** points to the previous reference of the same unit, and takes
//!   its work. When the previous note is not there (its number is missing:
//!   a lost page) or the unit has no reference before it, the Ibid. is left
//!   unresolved, with a diagnostic, rather than pointed at the wrong work.
//! - A **full** reference names a work: it joins an earlier work with the
//!   same authors and a matching title (OCR-tolerant, see
//!   [`titles_match`](super::reference::titles_match)), or creates one. "hereafter referred to as X" makes X
//!   an abbreviation of that work.
//! - A **short** form points to the earlier work of that author: with a
//!   title, the work whose title (or abbreviation) matches; without one, the
//!   author's latest full reference ("Eastman, p. 82"); "Brandt et al" looks
//!   for a work with several authors, Brandt first. An abbreviation
//!   ("Challenge (1923-25)") points to the work that defined it. A short form
//!   with nothing earlier to point to creates its work (the full reference is
//!   on a lost page, or in a part of the book that is not in the notes).
//! - **Newspapers** and **archives** are works keyed by their title.
//!
//! Short forms are resolved across the whole document, Ibid. only within a
//! unit. `resolved_from` is the reference an Ibid. or short form was resolved
//! to: the previous reference for an Ibid., the work's full reference for a
//! short form.

use std::collections::HashMap;

use super::notes::{Note, Unit};
use super::reference::{
    Author, Kind, Parsed, abbreviation_matches, key_similarity_from, same_start_keys, title_key,
    title_similarity,
};

/// A work cited in one document, before works are merged across documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalWork {
    pub authors: Vec<Author>,
    pub title: Option<String>,
    pub year: Option<u16>,
    /// The kind of the reference that created it.
    pub kind: Kind,
    pub abbreviation: Option<String>,
    /// The reference (index) that gave the work in full, if any.
    pub full: Option<usize>,
}

/// One reference, where it is, and what was parsed.
#[derive(Debug, Clone)]
pub struct Item {
    pub note: usize,
    pub parsed: Parsed,
}

/// What [`resolve`] decided for each reference.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub works: Vec<LocalWork>,
    /// Per reference: the work (index into `works`).
    pub work: Vec<Option<usize>>,
    /// Per reference: the reference it was resolved to.
    pub from: Vec<Option<usize>>,
    /// Messages for diagnostics, each with the line of the note it is about.
    pub messages: Vec<(usize, String)>,
    /// Per work: the [`title_key`] of its title, computed once (titles are
    /// compared with every later reference's).
    title_keys: Vec<Option<(String, String)>>,
    /// Per work: its authors' [`surnames`], computed once (they are
    /// compared with every later reference's).
    surnames: Vec<Vec<String>>,
    /// The works of each list of surnames, in order: a reference is compared
    /// with its authors' works, not with every work of a long book.
    by_surnames: HashMap<Vec<String>, Vec<usize>>,
}

impl Resolved {
    /// The works whose authors have exactly these surnames, in order.
    fn authored(&self, names: &[String]) -> &[usize] {
        self.by_surnames.get(names).map_or(&[], Vec::as_slice)
    }
}

fn surnames(authors: &[Author]) -> Vec<String> {
    authors.iter().map(|a| a.surname.to_lowercase()).collect()
}

/// Resolves the references of one document (see the module documentation).
pub fn resolve(units: &[Unit], notes: &[Note], items: &[Item]) -> Resolved {
    let mut r = Resolved {
        work: vec![None; items.len()],
        from: vec![None; items.len()],
        ..Resolved::default()
    };
    for (i, item) in items.iter().enumerate() {
        let p = &item.parsed;
        let (work, from) = match p.kind() {
            Kind::Ibid => ibid(&mut r, units, notes, items, i),
            Kind::Full => (Some(full(&mut r, p, i)), None),
            Kind::Short => short(&mut r, p, i),
            Kind::Newspaper | Kind::Archive => (Some(periodical(&mut r, p)), None),
            Kind::Other | Kind::Inline => (None, None),
        };
        r.work[i] = work;
        r.from[i] = from.filter(|&f| f != i);
    }
    r
}

fn place(units: &[Unit], notes: &[Note], item: &Item) -> String {
    let note = &notes[item.note];
    format!("{} note {}", units[note.unit].id, note.number)
}

fn ibid(
    r: &mut Resolved,
    units: &[Unit],
    notes: &[Note],
    items: &[Item],
    i: usize,
) -> (Option<usize>, Option<usize>) {
    let here = &notes[items[i].note];
    let prev = i
        .checked_sub(1)
        .filter(|&p| notes[items[p].note].unit == here.unit);
    let Some(prev) = prev else {
        let why = if here.number > 1 {
            format!(
                "notes 1-{} of its unit are missing (lost page?)",
                here.number - 1
            )
        } else {
            "nothing before it in its unit".to_string()
        };
        r.messages.push((
            here.line,
            format!(
                "Ibid. at {} not resolved: {why}",
                place(units, notes, &items[i])
            ),
        ));
        return (None, None);
    };
    let there = &notes[items[prev].note];
    let same_note = items[prev].note == items[i].note;
    if !same_note && there.number + 1 != here.number {
        r.messages.push((
            here.line,
            format!(
                "Ibid. at {} not resolved: the previous note ({}) is missing (lost page?)",
                place(units, notes, &items[i]),
                here.number.saturating_sub(1)
            ),
        ));
        return (None, None);
    }
    (r.work[prev], Some(prev))
}

/// A new work from reference `p`, by `authors` (a periodical has none of
/// its own), filed under their surnames.
fn new_work(r: &mut Resolved, p: &Parsed, full: Option<usize>, authors: Vec<Author>) -> usize {
    let w = r.works.len();
    let names = surnames(&authors);
    r.by_surnames.entry(names.clone()).or_default().push(w);
    r.surnames.push(names);
    r.title_keys.push(p.title.as_deref().map(title_key));
    r.works.push(LocalWork {
        authors,
        title: p.title.clone(),
        year: p.year,
        kind: p.kind(),
        abbreviation: p.defines.clone(),
        full,
    });
    w
}

/// The work whose title is most like `title` (within `tolerance`) among
/// the `candidates` (works in increasing order); `strict` also asks for the
/// same first letters (see [`super::reference::titles_match_strict`]). Ties
/// go to the earlier work.
fn best_title(
    r: &Resolved,
    title: &str,
    strict: bool,
    tolerance: f64,
    candidates: impl IntoIterator<Item = usize>,
) -> Option<usize> {
    let mut best: Option<(f64, usize)> = None;
    // Keys compared as `same_start` and `title_similarity` compare titles.
    let key = title_key(title);
    for i in candidates {
        let Some(theirs) = r.title_keys[i].as_ref() else {
            continue;
        };
        if strict && !same_start_keys(theirs, &key) {
            continue;
        }
        let least = best.map_or(1.0 - tolerance, |(b, _)| b.max(1.0 - tolerance));
        let Some(s) = key_similarity_from(theirs, &key, least) else {
            continue;
        };
        if s >= 1.0 - tolerance && best.is_none_or(|(b, _)| s > b) {
            best = Some((s, i));
        }
    }
    best.map(|(_, i)| i)
}

fn full(r: &mut Resolved, p: &Parsed, i: usize) -> usize {
    let names = surnames(&p.authors);
    let title = p.title.as_deref().unwrap_or("");
    let found = best_title(
        r,
        title,
        names.is_empty(),
        0.25,
        r.authored(&names).iter().copied(),
    );
    let w = match found {
        Some(w) => w,
        None => new_work(r, p, Some(i), p.authors.clone()),
    };
    let work = &mut r.works[w];
    if work.full.is_none() {
        work.full = Some(i);
        work.year = p.year;
        work.kind = Kind::Full;
    }
    if work.abbreviation.is_none() {
        work.abbreviation = p.defines.clone();
    }
    w
}

fn short(r: &mut Resolved, p: &Parsed, i: usize) -> (Option<usize>, Option<usize>) {
    let names = surnames(&p.authors);
    // The author's works, in order ("Brandt et al": several authors,
    // Brandt first).
    let several: Vec<usize>;
    let authored: &[usize] = if p.et_al {
        several = (0..r.works.len())
            .filter(|&w| r.surnames[w].len() > 1 && r.surnames[w].first() == names.first())
            .collect();
        &several
    } else {
        r.authored(&names)
    };
    let found = if let Some(title) = p.title.as_deref() {
        let abbreviated = r.works.iter().position(|w| {
            w.abbreviation
                .as_deref()
                .is_some_and(|a| abbreviation_matches(title, a))
        });
        let titled = || {
            if names.is_empty() {
                best_title(r, title, true, 0.3, 0..r.works.len())
            } else {
                best_title(r, title, false, 0.34, authored.iter().copied())
            }
        };
        // The author's only work, if its title is close enough.
        let only = || {
            let theirs: Vec<usize> = authored
                .iter()
                .copied()
                .filter(|&w| !names.is_empty() && r.works[w].title.is_some())
                .collect();
            match theirs.as_slice() {
                [w] if r.works[*w]
                    .title
                    .as_deref()
                    .is_some_and(|t| title_similarity(t, title) >= 0.5) =>
                {
                    Some(*w)
                }
                _ => None,
            }
        };
        // The author's only work with the same years ("GhaUense (1923-25)").
        let same_years = || {
            let (_, digits) = title_key(title);
            let theirs: Vec<usize> = authored
                .iter()
                .copied()
                .filter(|&w| {
                    !digits.is_empty()
                        && !names.is_empty()
                        && r.works[w]
                            .title
                            .as_deref()
                            .is_some_and(|t| title_key(t).1 == digits)
                })
                .collect();
            match theirs.as_slice() {
                [w] => Some(*w),
                _ => None,
            }
        };
        abbreviated
            .or_else(titled)
            .or_else(only)
            .or_else(same_years)
    } else if names.is_empty() {
        None
    } else {
        // The author's latest full reference, else an author-only work.
        let latest_full = authored
            .iter()
            .copied()
            .filter(|&w| r.works[w].full.is_some())
            .max_by_key(|&w| r.works[w].full);
        latest_full.or_else(|| {
            r.authored(&names)
                .iter()
                .copied()
                .find(|&w| r.works[w].title.is_none())
        })
    };
    match found {
        Some(w) => (Some(w), r.works[w].full.filter(|&f| f != i)),
        None => (Some(new_work(r, p, None, p.authors.clone())), None),
    }
}

fn periodical(r: &mut Resolved, p: &Parsed) -> usize {
    let title = p.title.as_deref().unwrap_or("");
    let found = best_title(
        r,
        title,
        true,
        0.3,
        (0..r.works.len()).filter(|&w| r.works[w].kind == p.kind()),
    );
    match found {
        Some(w) => w,
        None => {
            // A periodical is cited for itself, not for its article's author.
            let w = new_work(r, p, None, Vec::new());
            r.works[w].year = None;
            w
        }
    }
}
