//! Names of documents: their ids, unique in a run, and the folder each
//! document's graph files go to, unique on any file system.

use std::collections::BTreeSet;

use super::DocumentSource;

/// The longest folder name made from an id, in bytes (file systems allow
/// 255; the rest is room for a `-N` suffix).
const FOLDER_MAX_BYTES: usize = 120;

/// Makes document ids unique by adding `-2`, `-3` ... to later duplicates,
/// then gives each document its folder (see [`folder_name`]), likewise
/// unique: two ids that differ only in characters a file name cannot hold
/// ("a b", "a,b") or only in case ("Intro", "intro", one folder on macOS
/// and Windows) get `a_b` and `a_b-2`.
pub(super) fn unique(mut docs: Vec<DocumentSource>) -> Vec<DocumentSource> {
    let mut ids = BTreeSet::new();
    let mut folders = BTreeSet::new();
    for doc in &mut docs {
        doc.meta.id = first_free(&doc.meta.id, |id| ids.insert(id.to_string()));
        doc.folder = first_free(&folder_name(&doc.meta.id), |folder| {
            folders.insert(folder.to_lowercase())
        });
    }
    docs
}

/// `base`, or else the first of `base-2`, `base-3` ... that `take` accepts.
fn first_free(base: &str, mut take: impl FnMut(&str) -> bool) -> String {
    let mut name = base.to_string();
    let mut n = 1;
    while !take(&name) {
        n += 1;
        name = format!("{base}-{n}");
    }
    name
}

/// A folder name for an id: letters, digits, `-`, `_` and `.` are kept,
/// anything else becomes `_`; a leading or trailing `.` (a hidden folder,
/// or one Windows cannot open) becomes `_`; a name Windows reserves
/// (`CON`, `NUL`, `COM1` ...) gets a leading `_`; at most 120 bytes.
pub fn folder_name(id: &str) -> String {
    let mut safe = String::new();
    for c in id.chars() {
        let c = if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            c
        } else {
            '_'
        };
        if safe.len() + c.len_utf8() > FOLDER_MAX_BYTES {
            break;
        }
        safe.push(c);
    }
    if safe.starts_with('.') {
        safe.replace_range(..1, "_");
    }
    if safe.ends_with('.') {
        safe.replace_range(safe.len() - 1.., "_");
    }
    if safe.is_empty() || reserved_on_windows(&safe) {
        safe.insert(0, '_');
    }
    safe
}

/// Device names Windows will not use for a file or folder, with or
/// without an extension.
fn reserved_on_windows(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_uppercase();
    matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Content, Metadata};
    use std::path::Path;

    fn sources(names: &[&str]) -> Vec<DocumentSource> {
        names
            .iter()
            .map(|n| {
                DocumentSource::new(
                    n.to_string(),
                    Content::File(n.into()),
                    Metadata::from_file_name(Path::new(n)),
                )
            })
            .collect()
    }

    #[test]
    fn folders_are_unique_whatever_the_ids_hold() {
        let docs = unique(sources(&[
            "a b.txt",
            "a,b.txt",
            "Intro.txt",
            "intro.txt",
            "x/a b.txt",
        ]));
        let got: Vec<(&str, &str)> = docs
            .iter()
            .map(|d| (d.meta.id.as_str(), d.folder.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("a b", "a_b"),
                ("a,b", "a_b-2"),
                ("Intro", "Intro"),
                ("intro", "intro-2"),
                ("a b-2", "a_b-2-2"),
            ]
        );
    }

    #[test]
    fn folder_names_are_safe_on_every_file_system() {
        assert_eq!(folder_name(".hidden"), "_hidden");
        assert_eq!(folder_name("vol. 2."), "vol._2_");
        assert_eq!(folder_name("..."), "_._");
        assert_eq!(folder_name(""), "_");
        assert_eq!(folder_name("con"), "_con");
        assert_eq!(folder_name("LPT1.notes"), "_LPT1.notes");
        assert_eq!(folder_name("COM0"), "COM0");
        assert_eq!(folder_name("Троцкий"), "Троцкий");
        assert_eq!(folder_name(&"й".repeat(100)).len(), FOLDER_MAX_BYTES);
    }
}
