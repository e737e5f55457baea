//! `analyze --per-document`: what each document gets of its own. `tables`
//! leaves out only the graph files of `documents/`, `none` also the
//! documents' rows of the graph tables; everything else must be the bytes
//! that `all` writes.

use namegraph::Config;
use namegraph::config::DocumentGraphs;

use crate::util::{files, hidden_entries, namegraph, stderr, tempdir, write};

/// The tables that hold one block of rows per scope.
const SCOPE_TABLES: [&str; 3] = ["edges.csv", "metrics.csv", "rankings.csv"];

fn run(dir: &std::path::Path, args: &[&str]) -> String {
    let mut all = vec!["analyze"];
    all.extend_from_slice(args);
    let out = namegraph(dir, &all);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn tables_and_none_leave_out_only_what_they_say() {
    let dir = tempdir();
    run(dir.path(), &["-q", "-o", "all"]);
    run(
        dir.path(),
        &["-q", "-o", "tables", "--per-document", "tables"],
    );
    let summary = run(dir.path(), &["-o", "none", "--per-document", "none"]);
    let all = files(&dir.path().join("all"));
    let tables = files(&dir.path().join("tables"));
    let none = files(&dir.path().join("none"));
    let outside_documents = |name: &&String| !name.starts_with("documents/");
    assert!(all.keys().filter(|n| !outside_documents(n)).count() >= 30);
    // `tables`: every file of `all` but documents/, byte for byte.
    assert_eq!(
        tables.keys().collect::<Vec<_>>(),
        all.keys().filter(outside_documents).collect::<Vec<_>>()
    );
    for (name, bytes) in &tables {
        assert!(
            bytes == &all[name],
            "{name} differs from --per-document all"
        );
    }
    // `none`: the same files, and the scope tables hold the corpus's rows only.
    assert_eq!(
        none.keys().collect::<Vec<_>>(),
        tables.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &none {
        let expected = if SCOPE_TABLES.contains(&name.as_str()) {
            corpus_rows(&all[name])
        } else {
            all[name].clone()
        };
        assert!(
            bytes == &expected,
            "{name} is not what --per-document all has"
        );
    }
    assert!(
        corpus_rows(&all["edges.csv"]).len() < all["edges.csv"].len() / 2,
        "the documents' rows should be most of edges.csv"
    );
    // The summary has no column of most central entities per document.
    assert!(summary.contains("most mentioned"), "{summary}");
    assert!(!summary.contains("most central"), "{summary}");
    assert!(!summary.contains("documents/"), "{summary}");
}

/// The header and the rows of scope `corpus` (which come first) of a table.
fn corpus_rows(table: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(table).expect("UTF-8");
    let mut lines = text.split_inclusive('\n');
    let mut kept: String = lines.next().expect("a header").to_string();
    kept.extend(lines.take_while(|l| l.starts_with("corpus,")));
    kept.into_bytes()
}

#[test]
fn a_run_without_document_files_removes_those_of_an_earlier_run() {
    let dir = tempdir();
    write(dir.path(), "texts/a.txt", b"Trotsky and Stalin met Lenin.");
    run(dir.path(), &["texts", "-q"]);
    let documents = dir.path().join("out/documents");
    assert!(documents.join("a").join("graph.gexf").exists());
    run(dir.path(), &["texts", "-q", "--per-document", "tables"]);
    assert!(!documents.exists(), "the earlier run's documents/ stayed");
    let left = hidden_entries(&dir.path().join("out"));
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// A run over an earlier one's outputs replaces each file whole: every
/// file of the new run has one name (the second that kept the earlier
/// file alive while it was replaced is gone), and says what this run found.
#[cfg(unix)]
#[test]
fn a_run_over_an_earlier_one_leaves_one_name_per_file() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempdir();
    write(dir.path(), "texts/a.txt", b"Trotsky and Stalin met Lenin.");
    run(dir.path(), &["texts", "-q"]);
    let out = dir.path().join("out");
    let before = std::fs::read_to_string(out.join("mentions.csv")).expect("mentions");
    write(dir.path(), "texts/a.txt", b"Trotsky met Zinoviev.");
    run(dir.path(), &["texts", "-q"]);
    let after = std::fs::read_to_string(out.join("mentions.csv")).expect("mentions");
    assert!(
        before.contains("stalin") && !after.contains("stalin"),
        "{after}"
    );
    assert!(after.contains("zinoviev"), "{after}");
    for entry in std::fs::read_dir(&out).expect("out") {
        let path = entry.expect("entry").path();
        let meta = std::fs::metadata(&path).expect("metadata");
        if meta.is_file() {
            assert_eq!(meta.nlink(), 1, "{}", path.display());
        }
    }
    let left = hidden_entries(&out);
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn without_document_graphs_the_corpus_graph_is_unchanged() {
    let full = namegraph::analyze(&Config::default()).expect("analysis");
    let lean = namegraph::analyze(&Config {
        document_graphs: DocumentGraphs::None,
        ..Config::default()
    })
    .expect("analysis");
    assert_eq!(full.graphs.len(), full.documents.len() + 1);
    assert_eq!((lean.graphs.len(), lean.metrics.len()), (1, 1));
    let edges = |a: &namegraph::Analysis| {
        let g = &a.graphs[0].graph;
        g.raw_edges()
            .iter()
            .map(|e| (e.source().index(), e.target().index(), e.weight.weight))
            .collect::<Vec<_>>()
    };
    assert!(edges(&full).len() > 1000);
    assert_eq!(edges(&lean), edges(&full));
    assert_eq!(lean.metrics[0], full.metrics[0]);
    assert_eq!(lean.document_entities, full.document_entities);
    // One document alone: its graph and metrics, as the full run has them.
    let id = full.documents[1].meta.id.clone();
    let one = namegraph::analyze(&Config {
        document_graphs: DocumentGraphs::Only(id.clone()),
        ..Config::default()
    })
    .expect("analysis");
    assert_eq!(one.graphs.len(), 2, "{id}");
    let nodes = |g: &namegraph::graph::CoMentionGraph| {
        g.graph
            .raw_nodes()
            .iter()
            .map(|n| n.weight.entity)
            .collect::<Vec<_>>()
    };
    assert_eq!(nodes(&one.graphs[1]), nodes(&full.graphs[2]));
    assert_eq!(one.metrics[1], full.metrics[2]);
    assert_eq!(one.metrics[0], full.metrics[0]);
    // Writing every document's files needs their graphs.
    let out = tempdir();
    let err = namegraph::export::write_all(&lean, out.path(), &Default::default())
        .expect_err("no document graphs to write");
    assert!(err.to_string().contains("document_graphs"), "{err}");
}

#[test]
fn the_summary_of_a_large_corpus_shows_twenty_documents() {
    let dir = tempdir();
    for i in 0..25 {
        let text = format!("Trotsky and Stalin met Lenin in {i}.");
        write(dir.path(), &format!("texts/t{i:02}.txt"), text.as_bytes());
    }
    let summary = run(dir.path(), &["texts"]);
    assert!(summary.contains("\nt19 ("), "{summary}");
    assert!(!summary.contains("\nt20 ("), "{summary}");
    assert!(summary.contains("… and 5 more documents"), "{summary}");
    assert!(summary.contains("--per-document tables"), "{summary}");
    let lean = run(
        dir.path(),
        &["texts", "--per-document", "tables", "-o", "lean"],
    );
    assert!(lean.contains("… and 5 more documents"), "{lean}");
    assert!(!lean.contains("--per-document"), "{lean}");
}

/// Ids that differ only in characters a file name cannot hold, or only in
/// case, still get a folder each (one used to overwrite the other), and
/// `documents.csv` says which, and which file each document was read from.
#[test]
fn every_document_gets_its_own_folder() {
    let dir = tempdir();
    write(dir.path(), "texts/a b.txt", b"Trotsky met Stalin.");
    write(
        dir.path(),
        "texts/a,b.txt",
        b"Lenin met Zinoviev and Kamenev.",
    );
    write(dir.path(), "texts/a_b.txt", b"Bukharin met Rykov.");
    write(dir.path(), "texts/x/Intro.txt", b"Trotsky met Lenin.");
    write(dir.path(), "texts/y/intro.txt", b"Radek met Stalin.");
    for threads in ["1", "2"] {
        run(dir.path(), &["texts", "-q", "-j", threads, "-o", threads]);
    }
    let (one, two) = (files(&dir.path().join("1")), files(&dir.path().join("2")));
    assert_eq!(one, two, "outputs differ between 1 and 2 threads");
    let folders: Vec<Vec<String>> = csv::Reader::from_reader(one["documents.csv"].as_slice())
        .records()
        .map(|r| {
            let r = r.unwrap();
            vec![r[0].into(), r[1].into(), r[3].into()]
        })
        .collect();
    let row = |id: &str, file: &str, folder: &str| {
        let file = std::path::Path::new("texts").join(file);
        vec![
            id.to_string(),
            file.display().to_string(),
            folder.to_string(),
        ]
    };
    assert_eq!(
        folders,
        [
            row("a b", "a b.txt", "a_b"),
            row("a,b", "a,b.txt", "a_b-2"),
            row("a_b", "a_b.txt", "a_b-3"),
            row("Intro", "x/Intro.txt", "Intro"),
            row("intro", "y/intro.txt", "intro-2"),
        ]
    );
    // Each folder holds its own document's graph.
    for (folder, entity) in [
        ("a_b", "Stalin"),
        ("a_b-2", "Kamenev"),
        ("a_b-3", "Rykov"),
        ("Intro", "Lenin"),
        ("intro-2", "Radek"),
    ] {
        let json =
            String::from_utf8(one[&format!("documents/{folder}/graph.json")].clone()).unwrap();
        assert!(json.contains(entity), "{folder}: {json}");
    }
}
