//! The citation graph on the founding book: accuracy against the
//! hand-checked sample in `tests/citations/sample.csv` (see the README
//! there), resolution across page breaks and lost pages, the graphs and the
//! tables.

use namegraph::citation::{self, DocumentCitations};
use namegraph::{corpus, gazetteer};

use crate::util;

const BOOK: &str = "cliff-trotsky-fighting-the-rising-stalinist-bureaucracy";
const SAMPLE: &str = include_str!("../citations/sample.csv");

fn book_text() -> String {
    let sources = corpus::embedded().expect("embedded corpus");
    let source = sources
        .iter()
        .find(|s| s.meta.id == BOOK)
        .expect("the book is in the corpus");
    let bytes = source.read().expect("read");
    corpus::decode(&bytes).expect("decode").text.into_owned()
}

fn book(g: &namegraph::Gazetteer) -> DocumentCitations {
    citation::extract(BOOK, &book_text(), g)
}

/// A gazetteer with no entities: no surname lexicon, no OCR aliases (as
/// checked; loading one is refused).
fn empty_gazetteer() -> namegraph::Gazetteer {
    gazetteer::check(&[gazetteer::Source {
        path: "empty.csv".into(),
        text: "id,type,label,aliases,wikidata,description,author,shared\n".into(),
    }])
    .0
}

#[derive(Debug)]
struct Row {
    unit: String,
    note: u32,
    index: u32,
    kind: String,
    author: String,
    work_title: String,
}

fn sample() -> Vec<Row> {
    let mut r = csv::Reader::from_reader(SAMPLE.as_bytes());
    r.records()
        .map(|rec| {
            let rec = rec.expect("sample row");
            Row {
                unit: rec[1].to_string(),
                note: rec[2].parse().expect("note number"),
                index: rec[3].parse().expect("ref index"),
                kind: rec[4].to_string(),
                author: rec[5].to_string(),
                work_title: rec[7].to_string(),
            }
        })
        .collect()
}

fn surnames(r: &citation::Reference) -> String {
    let names: Vec<&str> = r.authors.iter().map(|a| a.surname.as_str()).collect();
    names.join("; ")
}

fn same_title(a: &str, b: &str) -> bool {
    (a.is_empty() && b.is_empty()) || citation::reference::titles_match_strict(a, b, 0.2)
}

/// Checks the sample with the default gazetteer (whose people list the OCR
/// spellings of their names) and with none (surnames corrected from the
/// book's own spelling only).
#[test]
fn accuracy_on_the_hand_checked_sample() {
    accuracy(
        &gazetteer::load(&[]).expect("default gazetteer"),
        "default gazetteer",
    );
    accuracy(&empty_gazetteer(), "empty gazetteer");
}

fn accuracy(g: &namegraph::Gazetteer, which: &str) {
    let doc = book(g);
    let rows = sample();
    assert!(
        rows.len() >= 80,
        "the sample must hold at least 80 references"
    );
    let (mut kind_ok, mut author_ok, mut title_ok, mut all_ok) = (0, 0, 0, 0);
    let (mut resolvable, mut resolved_ok) = (0, 0);
    let mut misses = Vec::new();
    for row in &rows {
        let found = doc.references.iter().find(|r| {
            r.unit.map(|u| doc.units[u].id.as_str()) == Some(row.unit.as_str())
                && r.note == Some(row.note)
                && r.index == row.index
        });
        let Some(r) = found else {
            misses.push(format!(
                "{} {} ref {}: not found",
                row.unit, row.note, row.index
            ));
            if row.kind == "ibid" || row.kind == "short" {
                resolvable += 1;
            }
            continue;
        };
        let work_title = r
            .work
            .and_then(|w| doc.works[w].title.clone())
            .unwrap_or_default();
        let k = r.kind.as_str() == row.kind;
        let a = surnames(r).eq_ignore_ascii_case(&row.author);
        let t = same_title(&work_title, &row.work_title);
        kind_ok += usize::from(k);
        author_ok += usize::from(a);
        title_ok += usize::from(t);
        all_ok += usize::from(k && a && t);
        if row.kind == "ibid" || row.kind == "short" {
            resolvable += 1;
            resolved_ok += usize::from(t);
        }
        if !(k && a && t) {
            misses.push(format!(
                "{} {} ref {}: kind {} (want {}), author {:?} (want {:?}), work {:?} (want {:?})  raw {:?}",
                row.unit,
                row.note,
                row.index,
                r.kind.as_str(),
                row.kind,
                surnames(r),
                row.author,
                work_title,
                row.work_title,
                r.raw
            ));
        }
    }
    let n = rows.len() as f64;
    let pct = |x: usize, of: f64| 100.0 * x as f64 / of;
    let report = format!(
        "{which}: {} references: kind {:.1}%, author {:.1}%, title {:.1}%, all three {:.1}%; \
         ibid+short resolved {:.1}% of {resolvable}\n{}",
        rows.len(),
        pct(kind_ok, n),
        pct(author_ok, n),
        pct(title_ok, n),
        pct(all_ok, n),
        pct(resolved_ok, resolvable as f64),
        misses.join("\n")
    );
    eprintln!("{report}");
    assert!(pct(kind_ok, n) >= 95.0, "{report}");
    assert!(pct(author_ok, n) >= 95.0, "{report}");
    assert!(pct(title_ok, n) >= 95.0, "{report}");
    assert!(pct(resolved_ok, resolvable as f64) >= 95.0, "{report}");
}

#[test]
fn book_units_and_inferred_headings() {
    let doc = book(&gazetteer::load(&[]).expect("default gazetteer"));
    let units: Vec<(&str, &str)> = doc
        .units
        .iter()
        .map(|u| (u.id.as_str(), u.origin.as_str()))
        .collect();
    assert_eq!(
        units,
        [
            ("introduction", "heading"),
            ("chapter-1", "heading"),
            ("chapter-2", "heading"),
            ("chapter-4", "heading"),
            ("chapter-5", "inferred from numbering restart"),
            ("chapter-6", "inferred from numbering restart"),
            ("chapter-7", "heading"),
            ("chapter-8", "inferred from the next heading"),
            ("chapter-9", "heading"),
            ("chapter-10", "heading"),
            ("chapter-11", "heading"),
        ]
    );
    // The back-of-book index is not notes.
    let last = doc.notes.last().expect("notes");
    assert_eq!(
        (doc.units[last.unit].id.as_str(), last.number),
        ("chapter-11", 33)
    );
    let text = book_text();
    assert!(text[last.span.clone()].starts_with("33. Pravda and Izvestiia"));
}

#[test]
fn cite_writes_both_tables_deterministically() {
    let dir = util::tempdir();
    let run = |out: &str| {
        let o = util::namegraph(dir.path(), &["cite", "--out", out]);
        assert!(o.status.success(), "{}", util::stderr(&o));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let summary = run("a");
    run("b");
    assert!(summary.contains("resolved to"), "{summary}");
    // Counts read as English: "361 references (...) ... to 130 works by 42 authors."
    let first = summary.lines().next().unwrap_or_default();
    let (n, rest) = first.split_once(' ').unwrap_or_default();
    assert!(n.parse::<u32>().is_ok_and(|n| n > 1), "{first}");
    assert!(rest.starts_with("references (full "), "{first}");
    assert!(
        first.contains(" works by ") && first.ends_with(" authors."),
        "{first}"
    );
    assert!(summary.contains("Most cited works:"), "{summary}");
    for name in ["citations.csv", "works.csv"] {
        let a = std::fs::read(dir.path().join("a").join(name)).expect("written");
        let b = std::fs::read(dir.path().join("b").join(name)).expect("written");
        assert_eq!(a, b, "{name} differs between runs");
    }
    let citations = std::fs::read_to_string(dir.path().join("a/citations.csv")).expect("read");
    assert!(citations.starts_with(
        "document,unit,note,ref,kind,author,title,year,volume,pages,work,resolved_from,raw\n"
    ));
    // Documents without notes cite inline.
    assert!(
        citations
            .lines()
            .any(|l| l.starts_with("trotsky-an-introduction,,,,inline,"))
    );
    // Their raw text counts the mentions in English.
    assert!(citations.contains(",animal_farm,,1 mention of Animal Farm\n"));
    assert!(citations.contains(",transitional_programme,,16 mentions of Transitional Programme\n"));
    let works = std::fs::read_to_string(dir.path().join("a/works.csv")).expect("read");
    assert!(works.starts_with("work,author,title,year,citations,units\n"));
}

/// What the reading of the endnotes notes (a lost heading, a number lost at
/// the margin, an unresolved Ibid.) names the file and the line to check:
/// the lines are those of the book as printed in `corpus/`.
#[test]
fn notes_on_the_endnotes_name_the_file_and_line() {
    let dir = util::tempdir();
    let text = book_text();
    util::write(dir.path(), "texts/book.txt", text.as_bytes());
    let run = util::namegraph(dir.path(), &["analyze", "texts", "-q", "-v"]);
    assert!(run.status.success(), "{}", util::stderr(&run));
    let err = util::stderr(&run);
    let lines: Vec<&str> = text.lines().collect();
    for (line, message, printed) in [
        (
            15067,
            "notes numbering restarts at 12 after note 35",
            "12. Ibid., p. 52",
        ),
        (
            15364,
            "note 12 of chapter-9: number lost at the margin",
            "^latnadtsaiia",
        ),
        (
            15305,
            "Ibid. at chapter-8 note 33 not resolved",
            "33. Ibid.",
        ),
    ] {
        let wanted = format!("namegraph: note: texts/book.txt:{line}: {message}");
        assert!(err.contains(&wanted), "{wanted:?} in\n{err}");
        assert!(
            lines[line - 1].starts_with(printed),
            "line {line}: {:?}",
            lines[line - 1]
        );
    }
}
