//! Helpers shared by the integration tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use namegraph::corpus::{Content, DocumentSource, Metadata};
use namegraph::document::{Outcome, scan_bytes};
use namegraph::gazetteer::{self, Gazetteer, Source};
use namegraph::scanner::Matcher;

/// The header of every test gazetteer.
pub const HEADER: &str = "id,type,label,aliases,wikidata,description,author,shared\n";

/// A gazetteer parsed from CSV rows (the header is added).
pub fn gazetteer(rows: &str) -> Gazetteer {
    gazetteer::parse(&[Source {
        path: "test.csv".into(),
        text: format!("{HEADER}{rows}"),
    }])
    .expect("test gazetteer is valid")
}

/// A found mention: entity id, surface text, original byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub entity: String,
    pub text: String,
    pub start: u64,
    pub end: u64,
}

/// Scans `bytes` as one document with the gazetteer `rows`.
pub fn scan(rows: &str, bytes: &[u8], ignore_case: bool) -> Vec<Found> {
    let g = gazetteer(rows);
    let matcher = Matcher::new(&g, ignore_case).expect("matcher builds");
    let source = DocumentSource::new(
        "test.txt".into(),
        Content::File("test.txt".into()),
        Metadata::from_file_name(Path::new("test.txt")),
    );
    match scan_bytes(&source, bytes, &matcher, &g) {
        Outcome::Scanned(doc) => doc
            .mentions
            .iter()
            .map(|m| Found {
                entity: g.get(m.entity as usize).id.clone(),
                text: m.text.clone(),
                start: m.start,
                end: m.end,
            })
            .collect(),
        Outcome::Skipped(d) => panic!("document skipped: {d}"),
    }
}

/// Entity ids and texts only, for compact assertions.
pub fn pairs(found: &[Found]) -> Vec<(String, String)> {
    found
        .iter()
        .map(|f| (f.entity.clone(), f.text.clone()))
        .collect()
}

/// Runs the binary with `args` in `dir`.
pub fn namegraph(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_namegraph"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// Standard error as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Writes `bytes` to `dir/name`, creating parents, and returns the path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create dir");
    }
    std::fs::write(&path, bytes).expect("write file");
    path
}

/// The founding texts end to end, `times` over, each followed by a blank
/// line: one large file of real text.
pub fn founding_texts(times: usize) -> String {
    let mut text = String::new();
    for _ in 0..times {
        for (_, bytes) in namegraph::corpus::EMBEDDED {
            text.push_str(std::str::from_utf8(bytes).expect("UTF-8"));
            text.push_str("\n\n");
        }
    }
    text
}

/// `text` as a UTF-16 file, little- or big-endian, with its byte-order mark.
pub fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let unit = |u: u16| {
        if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        }
    };
    let bom = if big_endian {
        [0xFE, 0xFF]
    } else {
        [0xFF, 0xFE]
    };
    bom.into_iter()
        .chain(text.encode_utf16().flat_map(unit))
        .collect()
}

/// Every file under `dir`, by relative path.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk the directory");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("inside");
            let bytes = std::fs::read(entry.path()).expect("read");
            out.insert(rel.display().to_string(), bytes);
        }
    }
    out
}

/// Asserts that `a` and `b` hold the same files with the same bytes (a
/// failure names the first file that differs and says how, from `what`), and
/// returns `a`'s files.
pub fn same_files(a: &Path, b: &Path, what: &str) -> BTreeMap<String, Vec<u8>> {
    let (left, right) = (files(a), files(b));
    assert_eq!(
        left.keys().collect::<Vec<_>>(),
        right.keys().collect::<Vec<_>>(),
        "the file lists differ ({what})"
    );
    for (name, bytes) in &left {
        assert!(bytes == &right[name], "{name} differs ({what})");
    }
    left
}

/// The names of the hidden entries of `dir` (a run's staging directory
/// and temporary files start with a dot): what a run left behind.
pub fn hidden_entries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
