//! The outputs `analyze` writes while the corpus is read: the same bytes as
//! writing a whole analysis at the end, nothing left by a run that stops
//! early, and no document of an earlier run left behind.

use namegraph::document::CHUNK_BYTES;
use namegraph::export::{self, OutputOptions, OutputWriter};
use namegraph::{Config, Sink, citation};

use crate::util::{
    files, founding_texts, hidden_entries, namegraph, same_files, stderr, tempdir, utf16, write,
};

#[test]
fn streamed_outputs_equal_a_whole_analysis_written_at_the_end() {
    let dir = tempdir();
    let cli = namegraph(dir.path(), &["analyze", "-q", "--out", "cli"]);
    assert!(cli.status.success(), "{}", stderr(&cli));
    let analysis = namegraph::analyze(&Config::default()).expect("analysis");
    export::write_all(
        &analysis,
        &dir.path().join("lib"),
        &OutputOptions::default(),
    )
    .expect("write_all");
    let cli = same_files(
        &dir.path().join("cli"),
        &dir.path().join("lib"),
        "the CLI and write_all",
    );
    assert!(cli.len() > 40, "only {} files", cli.len());
}

#[test]
fn a_writer_that_is_not_finished_leaves_nothing() {
    let dir = tempdir();
    let out = dir.path().join("out");
    let analysis = namegraph::analyze(&Config::default()).expect("analysis");
    let window = analysis.graph_options.window;
    let mut writer = OutputWriter::create(&out, &OutputOptions::default(), window).expect("create");
    let plan = writer.plan(&analysis.gazetteer).expect("plan");
    let info = &analysis.documents[0];
    let view = namegraph::DocumentView {
        info,
        mentions: namegraph::mention::Mentions::Held(&analysis.mentions[..10]),
        citations: &analysis.citations.documents[0],
        graph: Some((&analysis.graphs[1], &analysis.metrics[1])),
        source: None,
        streamed: None,
    };
    let rendered = OutputWriter::render(&plan, &analysis.gazetteer, &view).expect("render");
    writer.write(rendered).expect("write");
    // The run stops here (an error in a later document).
    drop(writer);
    // The writer made the directory, and takes it away again.
    assert!(!out.exists(), "left behind: {:?}", files(&out));
    // One that was there before stays, as it was.
    std::fs::create_dir(&out).expect("dir");
    write(&out, "notes.txt", b"mine");
    let writer = OutputWriter::create(&out, &OutputOptions::default(), window).expect("create");
    drop(writer);
    let left: Vec<_> = std::fs::read_dir(&out)
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(left, ["notes.txt"], "left behind: {left:?}");
}

#[test]
fn documents_of_an_earlier_run_are_replaced_not_mixed() {
    let dir = tempdir();
    write(dir.path(), "texts/a.txt", b"Trotsky and Stalin met Lenin.");
    write(dir.path(), "texts/b.txt", b"Zinoviev and Kamenev.");
    let first = namegraph(dir.path(), &["analyze", "texts", "-q"]);
    assert!(first.status.success(), "{}", stderr(&first));
    let documents = dir.path().join("out/documents");
    assert!(documents.join("a").join("graph.gexf").exists());
    assert!(documents.join("b").join("graph.gexf").exists());
    std::fs::remove_file(dir.path().join("texts/b.txt")).expect("remove");
    let second = namegraph(dir.path(), &["analyze", "texts", "-q"]);
    assert!(second.status.success(), "{}", stderr(&second));
    assert!(documents.join("a").join("graph.gexf").exists());
    assert!(!documents.join("b").exists(), "b's files stayed");
    let hidden = hidden_entries(&dir.path().join("out"));
    assert!(hidden.is_empty(), "left behind: {hidden:?}");
}

#[test]
fn released_references_leave_the_citation_tables_as_they_were() {
    // The CLI spools each document's rows of citations.csv, releases its
    // references and merges its works as it comes; the tables must be those
    // of an analysis that kept everything.
    let dir = tempdir();
    let cli = namegraph(dir.path(), &["analyze", "-q", "--out", "cli"]);
    assert!(cli.status.success(), "{}", stderr(&cli));
    let full = namegraph::analyze(&Config::default()).expect("analysis");
    let lean = namegraph::analyze(&Config {
        keep_mentions: false,
        keep_graphs: false,
        keep_references: false,
        ..Config::default()
    })
    .expect("analysis");
    let read = |name: &str| std::fs::read(dir.path().join("cli").join(name)).expect("read");
    let expected = citation::csv::citations(&full.citations).expect("citations");
    assert!(expected.iter().filter(|&&b| b == b'\n').count() > 300);
    assert!(read("citations.csv") == expected, "citations.csv differs");
    assert!(read("works.csv") == citation::csv::works(&full.citations).expect("works"));
    let (a, b) = (&lean.citations, &full.citations);
    assert_eq!(a.works, b.works);
    assert_eq!(a.authors, b.authors);
    assert_eq!(a.units, b.units);
    assert_eq!(a.work_of, b.work_of);
    assert_eq!(a.unit_of, b.unit_of);
    assert_eq!(a.kind_counts(), b.kind_counts());
    assert!(
        a.documents
            .iter()
            .all(|d| d.references.is_empty() && d.works.is_empty() && d.notes.is_empty())
    );
    // What was released cannot be written: an error, not an empty table.
    assert!(matches!(
        citation::csv::citations(a),
        Err(namegraph::Error::Incomplete(_))
    ));
}

#[test]
fn entity_counts_of_later_documents_need_not_be_kept() {
    // The corpus totals are counted as documents come; summed from every
    // document's counts at the end, they must be the same.
    let full = namegraph::analyze(&Config::default()).expect("analysis");
    let lean = namegraph::analyze(&Config {
        entity_counts_kept: 2,
        ..Config::default()
    })
    .expect("analysis");
    let mut summed = vec![(0u64, 0u32); full.gazetteer.len()];
    for document in &full.document_entities {
        for &(e, n) in document {
            summed[e as usize].0 += n;
            summed[e as usize].1 += 1;
        }
    }
    assert!(summed.iter().filter(|c| c.1 > 1).count() > 100);
    assert_eq!(full.entity_counts(), summed);
    assert_eq!(lean.entity_counts(), summed);
    assert_eq!(lean.document_entities.len(), 5);
    assert_eq!(lean.document_entities[..2], full.document_entities[..2]);
    assert!(lean.document_entities[2..].iter().all(Vec::is_empty));
    assert!(full.document_entities[2..].iter().all(|d| !d.is_empty()));
    assert_eq!(lean.top_entities(1, 5), full.top_entities(1, 5));
    assert!(lean.top_entities(3, 5).is_empty());
}

#[test]
fn a_file_too_large_to_hold_is_streamed_to_the_same_outputs() {
    // One file of the founding texts end to end, twice (3 MB): streamed in
    // 1 MiB chunks with its mentions spilled, it must give the files a run
    // that holds everything gives; in UTF-8, and written as Windows-1252,
    // UTF-16LE and UTF-16BE, with a byte-order mark and without.
    let utf8 = &founding_texts(2);
    let (latin, _, _) = encoding_rs::WINDOWS_1252.encode(utf8);
    streamed_equals_held(utf8.as_bytes());
    streamed_equals_held(&latin);
    for big_endian in [false, true] {
        let bytes = utf16(utf8, big_endian);
        streamed_equals_held(&bytes);
        streamed_equals_held(&bytes[2..]);
    }
}

#[test]
fn a_damaged_utf8_file_is_streamed_as_it_is_read_whole() {
    // The founding texts twice with a stray byte every 300 KB, one in a
    // name ("Bolshev\xE9ik"), one in the second block's first bytes, and
    // a truncated character at the end: repaired UTF-8, held or streamed.
    let mut bytes = founding_texts(2).into_bytes();
    let (mut at, mut stray) = (1 << 20, 0);
    while at < bytes.len() {
        let start = (at..).find(|&i| bytes[i] == b' ').expect("a space");
        bytes.insert(start, 0xE9);
        at = start + 300_000;
        stray += 1;
    }
    let name = memchr::memmem::find(&bytes, b"Bolshevik").expect("a name");
    bytes.insert(name + 7, 0x93);
    bytes.extend_from_slice(b"\xE2\x80");
    let held = streamed_equals_held(&bytes);
    let doc = &held.documents[0];
    assert_eq!(doc.encoding.as_str(), "UTF-8 (repaired)");
    let warning = held
        .diagnostics
        .iter()
        .find(|d| d.message.starts_with("not valid UTF-8"));
    let warning = warning.expect("the damage reported").message.clone();
    let (places, invalid, first) = (stray + 2, stray + 3, name + 7);
    assert!(first < 1 << 20, "{first}");
    let want =
        format!("not valid UTF-8 at {places} places ({invalid} bytes, the first at byte {first})");
    assert!(warning.starts_with(&want), "{warning}");
}

#[test]
fn a_file_that_changes_while_it_is_streamed_is_skipped_and_the_rest_kept() {
    // The big file is cut short after its first chunks were scanned (at
    // its first progress report, the first of a megabyte or more): that
    // document is skipped with a warning naming it; the small one is
    // analysed; the run succeeds.
    let dir = tempdir();
    let big = write(dir.path(), "texts/big.txt", founding_texts(4).as_bytes());
    write(dir.path(), "texts/small.txt", b"Leon Trotsky and Lenin.");
    let config = Config {
        inputs: vec![dir.path().join("texts")],
        keep_mentions: false,
        stream_above: 1 << 20,
        threads: Some(1),
        ..Config::default()
    };
    let cut = std::sync::Once::new();
    let progress = |n: u64| {
        if n < 1 << 20 {
            return;
        }
        cut.call_once(|| {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&big)
                .expect("open");
            file.set_len(1000).expect("truncate");
        })
    };
    let analysis = namegraph::analyze_with_progress(&config, &progress).expect("analysis");
    let ids: Vec<&str> = analysis
        .documents
        .iter()
        .map(|d| d.meta.id.as_str())
        .collect();
    assert_eq!(ids, ["small"]);
    let warning = analysis
        .diagnostics
        .iter()
        .find(|d| d.path.ends_with("big.txt"))
        .expect("big.txt reported");
    assert_eq!(
        warning.message,
        "skipped: cannot read: the file changed while it was read"
    );
}

/// Analyses `text` as one file, held and streamed, and compares every
/// output; returns the held analysis.
fn streamed_equals_held(text: &[u8]) -> namegraph::Analysis {
    let dir = tempdir();
    write(dir.path(), "texts/big.txt", text);
    let held_config = Config {
        inputs: vec![dir.path().join("texts")],
        ..Config::default()
    };
    let options = OutputOptions::default();
    let held = namegraph::analyze(&held_config).expect("analysis");
    export::write_all(&held, &dir.path().join("held"), &options).expect("write_all");
    let config = Config {
        keep_mentions: false,
        keep_graphs: false,
        keep_references: false,
        stream_above: 1 << 20,
        ..held_config
    };
    let mut writer =
        OutputWriter::create(&dir.path().join("streamed"), &options, config.graph.window)
            .expect("writer");
    let streamed = namegraph::analyze_into(&config, &|_| {}, &mut writer).expect("analysis");
    writer.finish(&streamed).expect("finish");
    assert_eq!(streamed.documents, held.documents);
    // The notes on the endnotes name the same lines.
    assert_eq!(streamed.diagnostics, held.diagnostics);
    assert!(held.diagnostics.iter().any(|d| d.line.is_some()));
    let a = same_files(
        &dir.path().join("held"),
        &dir.path().join("streamed"),
        "held and streamed",
    );
    let rows = a["mentions.csv"].iter().filter(|&&c| c == b'\n').count();
    assert!(rows > 20_000, "{rows} mention rows");
    held
}

/// `kwic` of a file too large to hold reads it back a chunk at a time and
/// prints the lines of reading it whole: UTF-8 and UTF-16, with a narrow
/// and a wide context (wider than a line, so that contexts cross chunks).
#[test]
fn kwic_of_a_streamed_file_is_kwic_of_it_read_whole() {
    let utf8 = &founding_texts(3);
    for bytes in [utf8.as_bytes().to_vec(), utf16(utf8, false)] {
        let dir = tempdir();
        write(dir.path(), "texts/big.txt", &bytes);
        let whole = Config {
            inputs: vec![dir.path().join("texts")],
            ..Config::default()
        };
        let streamed = Config {
            stream_above: 1 << 20,
            ..whole.clone()
        };
        for (name, width) in [("Trotsky", 40), ("Stalin", 1000)] {
            let lines = |config: &Config| {
                let mut lines = Vec::new();
                let config = namegraph::kwic::config(config);
                let mut sink = namegraph::kwic::Kwic::new(name, width, |l| {
                    lines.push(l);
                    Ok(())
                });
                namegraph::analyze_into(&config, &|_| {}, &mut sink).expect("analysis");
                drop(sink);
                lines
            };
            let (a, b) = (lines(&whole), lines(&streamed));
            assert!(a.len() > 1000, "{} lines of {name}", a.len());
            assert!(a.last().expect("a line").line > 50_000);
            assert!(a == b, "{name}, width {width}: streamed lines differ");
        }
    }
}

/// A streamed file's bytes are reported to `progress` as its chunks are
/// scanned, not all at the end, and the reports add up to the corpus's size.
#[test]
fn a_streamed_file_reports_progress_as_it_goes() {
    let dir = tempdir();
    write(
        dir.path(),
        "texts/big.txt",
        &utf16(&founding_texts(2), false),
    );
    write(dir.path(), "texts/small.txt", b"Trotsky and Lenin.");
    let config = Config {
        inputs: vec![dir.path().join("texts")],
        keep_mentions: false,
        stream_above: 1 << 20,
        // One worker: the 3 MB of text are read two 1 MiB chunks at a time.
        threads: Some(1),
        ..Config::default()
    };
    let reports = std::sync::Mutex::new(Vec::new());
    let progress = |n: u64| reports.lock().expect("lock").push(n);
    namegraph::analyze_into(&config, &progress, &mut ()).expect("analysis");
    let reports = reports.into_inner().expect("lock");
    let total: u64 = ["big.txt", "small.txt"]
        .iter()
        .map(|f| {
            std::fs::metadata(dir.path().join("texts").join(f))
                .expect("size")
                .len()
        })
        .sum();
    assert_eq!(reports.iter().sum::<u64>(), total);
    // The small file, the big one's two batches and its byte-order mark.
    assert_eq!(reports.len(), 4, "{reports:?}");
}

/// Mentions, words, paragraphs and sentences of `text` as one file, held
/// or streamed in 1 MiB chunks.
fn counts(text: &str, stream: bool) -> (u64, u64, u32, u32) {
    let dir = tempdir();
    write(dir.path(), "texts/t.txt", text.as_bytes());
    let config = Config {
        inputs: vec![dir.path().join("texts")],
        stream_above: if stream { 1 << 20 } else { u64::MAX },
        keep_mentions: !stream,
        ..Config::default()
    };
    let a = namegraph::analyze(&config).expect("analysis");
    let d = &a.documents[0];
    (d.mentions, d.words, d.paragraphs, d.sentences)
}

/// A document without paragraph breaks (hard-wrapped without blank lines,
/// or one line) is cut into chunks where no mention, hyphenated word or
/// sentence crosses the cut: its counts are those of its repeated piece
/// times the repeats, held or streamed. Cuts used to fall at any white
/// space after 64 KB without a sentence end, splitting "Trot-\nsky", and
/// after initials, splitting "J. V. Stalin".
#[test]
fn a_document_without_paragraph_breaks_is_cut_between_mentions() {
    let pieces = [
        "the exile of Trot-\nsky was decided by J. V. Stalin and\nL. D. Trotsky in Mos-\ncow and Bukha-\nrin agreed and ",
        "The speech of J. V. Stalin and of L. D. Trotsky and then ",
    ];
    for piece in pieces {
        let repeats = (3 << 20) / piece.len();
        let one = counts(piece, false);
        assert!(one.0 >= 2, "{one:?}");
        let n = repeats as u64;
        let want = (n * one.0, n * one.1, 1, 1);
        let text = piece.repeat(repeats);
        assert_eq!(counts(&text, false), want, "held: {piece:?}");
        assert_eq!(counts(&text, true), want, "streamed: {piece:?}");
    }
}

/// Chunks are put in NFC apart: a cut (at white space, where nothing
/// composes) never falls between a letter and its combining marks, even
/// where the text after it starts with a mark. A document in NFD (names of
/// the default gazetteer) gives as many mentions and words as its piece
/// times the repeats, held or streamed, in a document cut at blank lines
/// and in one cut at white space.
#[test]
fn a_document_in_nfd_is_cut_where_nothing_composes() {
    // Every paragraph, and every white space that no alias spans, is
    // followed by a stray mark (which does not hide the name after it).
    let pieces = [
        "\u{301}Le\u{301}on Blum met Andre\u{301}s Nin.\n\n\u{301}Broue\u{301} went to Coyoaca\u{301}n\n\n",
        "Le\u{301}on Blum \u{301}met \u{301}Andre\u{301}s Nin \u{301}and \u{301}then \u{301}Broue\u{301} \u{301}went \u{301}to \u{301}Coyoaca\u{301}n \u{301}",
    ];
    for piece in pieces {
        let repeats = (3 << 20) / piece.len();
        let one = counts(piece, false);
        assert_eq!(one.0, 4, "{piece:?}");
        let n = repeats as u64;
        let text = piece.repeat(repeats);
        let gazetteer = namegraph::gazetteer::load(&[]).expect("default gazetteer");
        let matcher = namegraph::scanner::Matcher::new(&gazetteer, false).expect("matcher");
        let mode = namegraph::corpus::ParagraphMode::detect(&text);
        let cuts = namegraph::corpus::chunks(&text, mode, CHUNK_BYTES, &matcher);
        assert!(
            cuts.iter()
                .any(|c| text[c.range.clone()].starts_with('\u{301}')),
            "no chunk starts with a mark: {piece:?}"
        );
        let held = counts(&text, false);
        assert_eq!((held.0, held.1), (n * one.0, n * one.1), "{piece:?}");
        assert_eq!(counts(&text, true), held, "streamed: {piece:?}");
    }
}

/// A run that fails while it writes (here Graphviz failing on the corpus
/// graph, after every document and mentions.csv is written) leaves the previous run's
/// outputs exactly as they were, not a mix of the two runs; a run that
/// succeeds replaces them all, removing the pictures it does not draw.
#[cfg(unix)]
#[test]
fn a_failed_run_leaves_the_previous_outputs_whole() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    write(dir.path(), "a/a.txt", b"Trotsky and Stalin met Lenin.");
    write(dir.path(), "b/b.txt", b"Zinoviev and Kamenev met Radek.");
    let run = |args: &[&str], path: Option<&std::path::Path>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_namegraph"));
        command.args(args).current_dir(dir.path());
        if let Some(path) = path {
            command.env("PATH", path);
        }
        command.output().expect("the binary runs")
    };
    let first = run(&["analyze", "a", "-q", "--render", "svg"], None);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = files(&dir.path().join("out"));
    assert!(before.contains_key("graph.svg") && before.contains_key("mentions.csv"));
    // A `dot` that fails on every graph.
    let bin = dir.path().join("bin");
    write(
        &bin,
        "dot",
        b"#!/bin/sh\necho 'dot: out of memory' >&2\nexit 3\n",
    );
    std::fs::set_permissions(bin.join("dot"), std::fs::Permissions::from_mode(0o755))
        .expect("chmod");
    // Without documents' pictures, the first drawing is in the last step.
    let failed = run(
        &[
            "analyze",
            "b",
            "-q",
            "--render",
            "svg",
            "--per-document",
            "tables",
        ],
        Some(&bin),
    );
    assert!(!failed.status.success());
    assert!(
        stderr(&failed).contains("out of memory"),
        "{}",
        stderr(&failed)
    );
    let after = files(&dir.path().join("out"));
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &before {
        assert!(bytes == &after[name], "{name} changed");
    }
    assert!(hidden_entries(&dir.path().join("out")).is_empty());
    // Without --render: no picture of the earlier run is left, at the top
    // or in citations/.
    let second = run(&["analyze", "b", "-q"], None);
    assert!(second.status.success(), "{}", stderr(&second));
    let now = files(&dir.path().join("out"));
    let stale: Vec<&String> = now.keys().filter(|n| n.ends_with(".svg")).collect();
    assert!(stale.is_empty(), "{stale:?}");
    assert!(
        now.contains_key("documents/b/graph.gexf") && !now.contains_key("documents/a/graph.gexf")
    );
}
