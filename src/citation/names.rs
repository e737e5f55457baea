//! Correcting OCR-damaged author surnames ("Trotsl^", "Trotslgr",
//! "Deuitecher", "Jtalin") against a lexicon: the surnames of the
//! gazetteer's people, and the surnames the document's own references spell
//! often.
//!
//! A surname is replaced by a lexicon entry when the two are close (an edit
//! distance, where OCR marks such as `^` or `»` cost half) and the entry is
//! much better attested: it is a gazetteer surname, or it occurs at least
//! three times as often in the document. The closest such entry wins; a tie
//! leaves the surname as written.

use std::collections::{BTreeMap, BTreeSet};

use crate::gazetteer::{EntityType, Gazetteer};

/// Edit distance between two strings, case-insensitive; a non-letter on
/// either side costs half.
pub fn edit_distance(a: &str, b: &str) -> f64 {
    // Short names (nearly all) are lowercased and compared on the stack.
    let (mut ab, mut bb) = (['\0'; SHORT], ['\0'; SHORT]);
    if let (Some(a), Some(b)) = (lower_into(a, &mut ab), lower_into(b, &mut bb)) {
        let (mut prev, mut row) = ([0.0; SHORT + 1], [0.0; SHORT + 1]);
        return table(a, b, &mut prev, &mut row);
    }
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let (mut prev, mut row) = (vec![0.0; b.len() + 1], vec![0.0; b.len() + 1]);
    table(&a, &b, &mut prev, &mut row)
}

/// Names of at most this many characters are compared without allocating.
const SHORT: usize = 32;

/// `s` lowercased into `buf`, as `str::to_lowercase` would (a capital sigma,
/// which it lowercases by position, takes the other path), or `None`.
fn lower_into<'a>(s: &str, buf: &'a mut [char; SHORT]) -> Option<&'a [char]> {
    let mut n = 0;
    for c in s.chars() {
        if c == 'Σ' {
            return None;
        }
        for l in c.to_lowercase() {
            *buf.get_mut(n)? = l;
            n += 1;
        }
    }
    Some(&buf[..n])
}

/// The dynamic-programming table, row by row, in `prev` and `row` (each at
/// least `b.len() + 1` long).
fn table(a: &[char], b: &[char], prev: &mut [f64], row: &mut [f64]) -> f64 {
    let cost = |c: char| if c.is_alphabetic() { 1.0 } else { 0.5 };
    prev[0] = 0.0;
    for (j, &cb) in b.iter().enumerate() {
        prev[j + 1] = prev[j] + cost(cb);
    }
    let (mut prev, mut row) = (prev, row);
    for &ca in a {
        // The cost of `ca` is looked up once per row, not per cell.
        let ka = cost(ca);
        row[0] = prev[0] + ka;
        for (j, &cb) in b.iter().enumerate() {
            let kb = cost(cb);
            let sub = if ca == cb { 0.0 } else { ka.min(kb) };
            row[j + 1] = (prev[j] + sub).min(prev[j + 1] + ka).min(row[j] + kb);
        }
        std::mem::swap(&mut prev, &mut row);
    }
    prev[b.len()]
}

/// The surnames of the gazetteer's people as `(form, canonical)`: the last
/// word of the label is the canonical surname; it, one-word aliases and the
/// last words of longer aliases are its forms (the gazetteer lists OCR
/// spellings such as "Trotslgr" as aliases). A form shared by two people
/// with different surnames is left out.
pub fn gazetteer_surnames(gazetteer: &Gazetteer) -> Vec<(String, String)> {
    let is_word = |w: &str| {
        w.chars().all(|c| c.is_alphabetic() || c == '-') && w.starts_with(char::is_uppercase)
    };
    let mut forms: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for e in gazetteer.entities() {
        if e.kind != EntityType::Person {
            continue;
        }
        let Some(canonical) = e.label.split_whitespace().last().filter(|w| is_word(w)) else {
            continue;
        };
        for alias in std::iter::once(&e.label).chain(&e.aliases) {
            if let Some(last) = alias
                .split_whitespace()
                .last()
                .filter(|w| is_word(w) && w.len() > 2)
            {
                forms
                    .entry(last.to_string())
                    .or_default()
                    .insert(canonical.to_string());
            }
        }
    }
    forms
        .into_iter()
        .filter_map(|(form, c)| match c.len() {
            1 => c.into_iter().next().map(|c| (form, c)),
            _ => None,
        })
        .collect()
}

/// A lexicon of surnames and how often each is attested.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Surname → count; `u64::MAX` for gazetteer forms.
    counts: BTreeMap<String, u64>,
    /// Gazetteer form → canonical surname.
    canonical: BTreeMap<String, String>,
}

impl Lexicon {
    pub fn new(gazetteer_surnames: &[(String, String)]) -> Self {
        Lexicon {
            counts: gazetteer_surnames
                .iter()
                .map(|(f, _)| (f.clone(), u64::MAX))
                .collect(),
            canonical: gazetteer_surnames.iter().cloned().collect(),
        }
    }

    /// Counts a surname as written in the document.
    pub fn attest(&mut self, surname: &str) {
        let c = self.counts.entry(surname.to_string()).or_insert(0);
        *c = c.saturating_add(1);
    }

    fn count(&self, surname: &str) -> u64 {
        self.counts.get(surname).copied().unwrap_or(0)
    }

    /// The form a candidate stands for: its canonical surname if it is a
    /// gazetteer form.
    fn target(&self, form: &str) -> String {
        self.canonical
            .get(form)
            .cloned()
            .unwrap_or_else(|| form.to_string())
    }

    /// The corrected form of `surname`, or `None` if it stands as written.
    pub fn correct(&self, surname: &str) -> Option<String> {
        if let Some(c) = self.canonical.get(surname) {
            return (c != surname).then(|| c.clone());
        }
        let own = self.count(surname);
        if surname.chars().count() < 3 {
            return None;
        }
        let mut best: Option<(f64, String)> = None;
        let mut tie = false;
        for (cand, &n) in &self.counts {
            if cand == surname || n < own.saturating_mul(3).max(2) {
                continue;
            }
            let len = cand.chars().count().max(surname.chars().count()) as f64;
            let limit = (0.4 * len).max(1.0);
            // Each letter more on one side costs at least 0.5 (ASCII keeps
            // its length when lowercased), so far-apart lengths need no table.
            let ascii = cand.is_ascii() && surname.is_ascii();
            if ascii && 0.5 * cand.len().abs_diff(surname.len()) as f64 > limit {
                continue;
            }
            let d = edit_distance(surname, cand);
            if d > limit {
                continue;
            }
            let target = self.target(cand);
            match &best {
                Some((bd, _)) if d > *bd => {}
                Some((bd, t)) if d == *bd => tie |= *t != target,
                _ => {
                    best = Some((d, target));
                    tie = false;
                }
            }
        }
        // A better-attested form may itself be damaged ("Trotslgr" →
        // "Trotslqr" → "Trotsky"): follow it; counts grow at each step.
        // A gazetteer form is final.
        let (_, target) = best.filter(|_| !tie)?;
        if self.canonical.values().any(|c| *c == target) {
            return Some(target);
        }
        Some(self.correct(&target).unwrap_or(target))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocr_surnames_are_corrected() {
        let gazetteer: Vec<(String, String)> = [
            ("Trotsky", "Trotsky"),
            ("Trotslqr", "Trotsky"),
            ("Krupskaya", "Krupskaya"),
            ("Stalin", "Stalin"),
        ]
        .iter()
        .map(|(f, c)| (f.to_string(), c.to_string()))
        .collect();
        let mut lex = Lexicon::new(&gazetteer);
        for s in [
            "Deutscher",
            "Deutscher",
            "Deutscher",
            "Cliff",
            "Cliff",
            "Cliff",
        ] {
            lex.attest(s);
        }
        for s in ["Carr", "Carr", "Carr", "Marx"] {
            lex.attest(s);
        }
        let cases: &[(&str, Option<&str>)] = &[
            ("Trotsl^", Some("Trotsky")),
            ("Trotslgr", Some("Trotsky")),
            ("Trotsiqr", Some("Trotsky")),
            ("Trotslqr", Some("Trotsky")),
            ("Troteky", Some("Trotsky")),
            ("Trots^", Some("Trotsky")),
            ("Trotsty", Some("Trotsky")),
            ("TrptsIcy", Some("Trotsky")),
            ("Jtalin", Some("Stalin")),
            ("Deuitecher", Some("Deutscher")),
            ("aiff", Some("Cliff")),
            ("Trotsky", None),
            ("Marx", None),
            ("Carr", None),
            ("Serge", None),
        ];
        for &(written, want) in cases {
            assert_eq!(lex.correct(written).as_deref(), want, "{written:?}");
        }
    }

    #[test]
    fn distance_weights_ocr_marks_half() {
        assert_eq!(edit_distance("Trotsl^", "Trotsky"), 1.5);
        assert_eq!(edit_distance("abc", "abc"), 0.0);
        assert_eq!(edit_distance("", "ab"), 2.0);
        // The stack path and the long path agree.
        let long = "Trotsky-Bronstein-Davidovich-Sedova-Lunacharsky";
        assert_eq!(edit_distance(long, &long.to_uppercase()), 0.0);
        assert_eq!(edit_distance("ΟΔΥΣΣΕΥΣ", "οδυσσευς"), 0.0);
        assert_eq!(edit_distance(&format!("{long}x"), long), 1.0);
    }
}
