//! Bad input: a clear message, a non-zero exit, no panic, nothing half-written.

use crate::util::{HEADER, namegraph, stderr, tempdir, utf16, write};

const GOOD: &str = "leon_trotsky,person,Leon Trotsky,Trotsky,,,,\n";

fn assert_clean_failure(out: &std::process::Output, needle: &str) {
    let err = stderr(out);
    assert!(!out.status.success(), "should fail: {err}");
    assert!(
        err.contains(needle),
        "message should contain {needle:?}: {err}"
    );
    assert!(!err.contains("panicked"), "no panic: {err}");
}

#[test]
fn missing_path() {
    let dir = tempdir();
    let out = namegraph(dir.path(), &["analyze", "no-such-dir"]);
    assert_clean_failure(&out, "no-such-dir: no such file or directory");
    assert!(!dir.path().join("out/mentions.csv").exists());
}

#[test]
fn broken_symlink_is_a_missing_path() {
    let dir = tempdir();
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), dir.path().join("link.txt")).unwrap();
    let out = namegraph(dir.path(), &["analyze", "link.txt"]);
    assert_clean_failure(&out, "link.txt: no such file or directory");
}

#[test]
fn empty_corpus() {
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("texts")).unwrap();
    write(dir.path(), "texts/notes.md", b"Trotsky");
    write(dir.path(), "texts/sub/more.md", b"Lenin");
    write(dir.path(), "texts/page.html", b"Stalin");
    write(dir.path(), "texts/README", b"About");
    write(dir.path(), "texts/corpus.toml", b"");
    let out = namegraph(dir.path(), &["analyze", "texts"]);
    // What was passed over, and the glob that would read it; the catalog
    // is not counted.
    assert_clean_failure(
        &out,
        "no documents to analyse: no files matching \"*.txt\" under texts (it passed over \
         4 other files: *.md 2, *.html 1, README 1; --glob \"*.md\" reads the first kind)",
    );
    std::fs::create_dir(dir.path().join("none")).unwrap();
    let out = namegraph(dir.path(), &["analyze", "none"]);
    assert_clean_failure(&out, "no files matching \"*.txt\" under none\n");
}

#[test]
fn every_file_skipped_is_an_empty_corpus() {
    let dir = tempdir();
    write(dir.path(), "texts/a.txt", b"\x00\x01\x02binary");
    write(dir.path(), "texts/b.txt", b"");
    let out = namegraph(dir.path(), &["analyze", "texts"]);
    assert_clean_failure(
        &out,
        "no documents to analyse: all 2 files found were skipped:\n  \
         warning: texts/a.txt: skipped: binary file",
    );
    assert!(stderr(&out).contains("\n  warning: texts/b.txt: skipped: no text"));
}

/// Inside a directory, what cannot be followed is skipped with a warning
/// naming it, and the rest of the archive is analysed.
#[test]
fn unfollowable_entries_in_a_directory_are_skipped() {
    let dir = tempdir();
    write(dir.path(), "texts/good.txt", b"Leon Trotsky spoke.");
    let texts = dir.path().join("texts");
    std::os::unix::fs::symlink(dir.path().join("gone.txt"), texts.join("broken.txt")).unwrap();
    // A broken link whose name `--glob` does not take is none of its business.
    std::os::unix::fs::symlink(dir.path().join("gone.png"), texts.join("picture.png")).unwrap();
    std::fs::create_dir(texts.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", texts.join("sub/up")).unwrap();
    let out = namegraph(dir.path(), &["analyze", "texts"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let broken = format!(
        "warning: texts/broken.txt: skipped: broken symbolic link (to {})",
        dir.path().join("gone.txt").display()
    );
    assert!(err.contains(&broken), "{err}");
    assert!(
        err.contains(
            "warning: texts/sub/up: skipped: a link back to the directory texts \
             (a file-system loop)"
        ),
        "{err}"
    );
    assert!(!err.contains("picture.png"), "{err}");
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("Read 1 document, 0.00 MB (2 skipped)"),
        "{summary}"
    );
    let mentions = std::fs::read_to_string(dir.path().join("out/mentions.csv")).unwrap();
    assert!(mentions.contains("leon_trotsky"), "{mentions}");
}

#[test]
fn only_broken_links_is_an_empty_corpus() {
    let dir = tempdir();
    std::fs::create_dir(dir.path().join("texts")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", dir.path().join("texts/a.txt")).unwrap();
    let out = namegraph(dir.path(), &["analyze", "texts"]);
    assert_clean_failure(
        &out,
        "the only file found was skipped:\n  warning: texts/a.txt: skipped: broken symbolic link",
    );
    assert!(!dir.path().join("out/mentions.csv").exists());
}

#[test]
fn malformed_gazetteer_names_file_and_line() {
    let dir = tempdir();
    write(dir.path(), "a.txt", b"Trotsky");
    let cases = [
        (
            "unknown type",
            format!("{HEADER}{GOOD}x,persn,X,,,,,\n"),
            "g.csv:3: error: unknown type \"persn\"",
        ),
        (
            "duplicate id",
            format!("{HEADER}{GOOD}leon_trotsky,person,L,,,,,\n"),
            "g.csv:3: error: duplicate id",
        ),
        (
            "empty alias",
            format!("{HEADER}x,person,X,A||B,,,,\n"),
            "g.csv:2: error: entity \"x\" has an empty alias",
        ),
        (
            "empty label",
            format!("{HEADER}x,person,,A,,,,\n"),
            "g.csv:2: error: entity \"x\" has an empty label",
        ),
        (
            "shared alias",
            format!("{HEADER}{GOOD}x,person,X,Trotsky,,,,\n"),
            "g.csv:3: error: alias \"Trotsky\"",
        ),
        (
            "alias the same as another row's in capitals",
            format!("{HEADER}{GOOD}x,person,X,TROTSKY,,,,\n"),
            "g.csv:3: error: alias \"TROTSKY\" of \"x\" and alias \"Trotsky\" of",
        ),
        (
            "author not a person",
            format!("{HEADER}kpd,party,KPD,,,,,\nw,work,W,,,,kpd,\n"),
            "g.csv:3: error: author \"kpd\"",
        ),
        (
            "field count",
            format!("{HEADER}x,person,X\n"),
            "g.csv:2: error: row has 3 fields",
        ),
        (
            "punctuation alias",
            format!("{HEADER}x,person,X,X.|-,,,,\n"),
            "g.csv:2: error: alias \"-\" of \"x\" has no letter or digit, so it would match punctuation",
        ),
        (
            "zero-width alias",
            format!("{HEADER}x,person,X,\u{200b},,,,\n"),
            "g.csv:2: error: alias \"\\u{200b}\" of \"x\" has no letter or digit",
        ),
        (
            "no rows",
            HEADER.to_string(),
            "g.csv:1: error: no entities: the gazetteer has a header but no rows",
        ),
        (
            "column twice",
            "id,type,label,aliases,wikidata,description,aliases\nx,person,X,,,,\n".to_string(),
            "g.csv:1: error: the header has the column \"aliases\" 2 times (columns 4, 7)",
        ),
        (
            "header",
            "id,kind,label\nx,person,X\n".to_string(),
            "g.csv:1: error: header lacks the columns type, aliases, wikidata, description; \
             expected id,type,label,aliases,wikidata,description",
        ),
    ];
    for (name, csv, needle) in cases {
        write(dir.path(), "g.csv", csv.as_bytes());
        let out = namegraph(dir.path(), &["analyze", "a.txt", "-g", "g.csv"]);
        assert_clean_failure(&out, needle);
        assert!(
            !dir.path().join("out/mentions.csv").exists(),
            "{name}: no output"
        );
        let check = namegraph(dir.path(), &["gazetteer", "check", "g.csv"]);
        assert_clean_failure(&check, needle);
    }
}

#[test]
fn shared_aliases_declared_on_both_rows_are_accepted() {
    let dir = tempdir();
    let csv = format!(
        "{HEADER}ivan_smirnov,person,Ivan Smirnov,Smirnov,,,,Smirnov\nvladimir_smirnov,person,Vladimir Smirnov,Smirnov,,,,Smirnov\n"
    );
    write(dir.path(), "g.csv", csv.as_bytes());
    let check = namegraph(dir.path(), &["gazetteer", "check", "g.csv"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(said.starts_with("1 file, 2 entities (person 2, "), "{said}");
    assert!(said.ends_with(": 0 errors, 0 warnings\n"), "{said}");
}

#[test]
fn unwritable_output_directory() {
    let dir = tempdir();
    write(dir.path(), "a.txt", b"Trotsky");
    write(dir.path(), "file", b"not a directory");
    let out = namegraph(dir.path(), &["analyze", "a.txt", "--out", "file/sub"]);
    assert_clean_failure(&out, "file/sub");
}

#[test]
fn an_output_that_cannot_be_written_is_named_with_its_cause_once() {
    let dir = tempdir();
    write(dir.path(), "a.txt", b"Trotsky");
    // A directory where mentions.csv must go: the rename onto it fails.
    std::fs::create_dir_all(dir.path().join("out/mentions.csv/x")).unwrap();
    let out = namegraph(dir.path(), &["analyze", "a.txt", "--out", "out", "-q"]);
    assert_clean_failure(&out, "cannot write");
    let err = stderr(&out);
    assert!(err.contains("mentions.csv"), "{err}");
    let cause = "Is a directory";
    assert_eq!(err.matches(cause).count(), 1, "the cause once: {err}");
}

#[test]
fn bad_files_are_reported_and_skipped_good_ones_kept() {
    let dir = tempdir();
    write(
        dir.path(),
        "texts/good.txt",
        "Leon Trotsky spoke.".as_bytes(),
    );
    write(
        dir.path(),
        "texts/binary.txt",
        b"\x7fELF\x02\x01\x01\x00\x00\x00Trotsky",
    );
    write(
        dir.path(),
        "texts/latin1.txt",
        b"Trotsky \xe9crivait \x93Stalin\x94.",
    );
    write(dir.path(), "texts/utf16.txt", &utf16("Trotsky", false));
    // Without a byte-order mark: read as UTF-16 for its NUL bytes, or, cut
    // short by a byte, refused as binary with what it looks like.
    let unmarked = utf16("Trotsky and Lenin", true);
    write(dir.path(), "texts/unmarked.txt", &unmarked[2..]);
    write(
        dir.path(),
        "texts/truncated.txt",
        &unmarked[2..unmarked.len() - 1],
    );
    write(dir.path(), "texts/empty.txt", b"");
    let out = namegraph(dir.path(), &["analyze", "texts", "-q"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("binary.txt: skipped: binary file"), "{err}");
    assert!(err.contains("empty.txt: skipped: no text"), "{err}");
    assert!(
        err.contains("latin1.txt: not UTF-8: decoded as Windows-1252"),
        "{err}"
    );
    assert!(
        err.contains("utf16.txt: not UTF-8: decoded as UTF-16LE\n"),
        "{err}"
    );
    assert!(
        err.contains("unmarked.txt: not UTF-8: decoded as UTF-16BE without BOM"),
        "{err}"
    );
    assert!(
        err.contains(
            "truncated.txt: skipped: binary file (contains NUL bytes; \
             read as UTF-16BE without BOM: odd number of bytes)"
        ),
        "{err}"
    );
    let docs = std::fs::read_to_string(dir.path().join("out/documents.csv")).unwrap();
    let ids: Vec<&str> = docs
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert_eq!(ids, vec!["good", "latin1", "unmarked", "utf16"]);
    // The warnings are kept with the outputs, one row each, in the order
    // the terminal showed them.
    let kept = std::fs::read_to_string(dir.path().join("out/diagnostics.csv")).unwrap();
    let rows: Vec<&str> = kept.lines().collect();
    assert_eq!(rows[0], "level,file,line,message");
    let shown: Vec<&str> = err.lines().collect();
    assert_eq!(rows.len() - 1, shown.len(), "{kept}\n{err}");
    assert!(
        rows.contains(&"warning,texts/empty.txt,,skipped: no text (empty file)"),
        "{kept}"
    );
    assert!(
        rows.contains(&"warning,texts/latin1.txt,,not UTF-8: decoded as Windows-1252"),
        "{kept}"
    );
    let mentions = std::fs::read_to_string(dir.path().join("out/mentions.csv")).unwrap();
    // Offsets from the file's first byte, two bytes a character.
    let spans: Vec<(&str, &str, &str)> = mentions
        .lines()
        .filter(|l| l.starts_with("unmarked,"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[5], f[6], f[7])
        })
        .collect();
    assert_eq!(
        spans,
        [("0", "14", "leon_trotsky"), ("24", "34", "vladimir_lenin")]
    );
}

#[test]
fn a_damaged_utf8_file_is_read_as_utf8_and_the_damage_reported() {
    // UTF-8 (curly quotes, Cyrillic) with one stray Windows-1252 byte: it
    // stays UTF-8 (read as Windows-1252 throughout, every curly quote would
    // become three characters), the byte is read as "é", and the warning
    // says where it was.
    let dir = tempdir();
    let text = b"\xE2\x80\x9CLeon Trotsky\xE2\x80\x9D (\xD0\xA2\xD1\x80\xD0\xBE\xD1\x86\xD0\xBA\xD0\xB8\xD0\xB9) \
                 caf\xE9 Lenin";
    write(dir.path(), "texts/damaged.txt", text);
    let out = namegraph(dir.path(), &["analyze", "texts", "-q"]);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let cafe = memchr::memmem::find(text, b"caf").unwrap() + 3;
    assert!(
        err.contains(&format!(
            "damaged.txt: not valid UTF-8 at 1 place (1 byte, at byte {cafe}): \
             decoded as UTF-8 with that byte as Windows-1252"
        )),
        "{err}"
    );
    let docs = std::fs::read_to_string(dir.path().join("out/documents.csv")).unwrap();
    assert!(docs.contains(",UTF-8 (repaired),"), "{docs}");
    let mentions = std::fs::read_to_string(dir.path().join("out/mentions.csv")).unwrap();
    let spans: Vec<(usize, usize)> = mentions
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[5].parse().unwrap(), f[6].parse().unwrap())
        })
        .collect();
    let lenin = text.len() - 5;
    assert_eq!(spans, [(3, 15), (lenin, text.len())]);
}

#[test]
fn a_failed_run_keeps_the_previous_outputs_whole() {
    let dir = tempdir();
    write(dir.path(), "a.txt", b"Trotsky");
    let ok = namegraph(dir.path(), &["analyze", "a.txt", "-q"]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    let before = std::fs::read(dir.path().join("out/mentions.csv")).unwrap();
    let bad = namegraph(dir.path(), &["analyze", "missing.txt"]);
    assert!(!bad.status.success());
    assert_eq!(
        std::fs::read(dir.path().join("out/mentions.csv")).unwrap(),
        before
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// A file that cannot be read when its turn comes (here: gone since it was
/// found) is skipped with the reason.
#[test]
fn a_file_that_cannot_be_read_is_skipped_with_the_reason() {
    use namegraph::corpus::{Content, DocumentSource, Metadata};
    use namegraph::document::{Outcome, scan};
    let dir = tempdir();
    let path = dir.path().join("gone.txt");
    let g = crate::util::gazetteer(GOOD);
    let matcher = namegraph::scanner::Matcher::new(&g, false).unwrap();
    let source = DocumentSource::new(
        "texts/gone.txt".into(),
        Content::File(path.clone()),
        Metadata::from_file_name(&path),
    );
    match scan(&source, &matcher, &g, None, &|_| ()).unwrap() {
        Outcome::Skipped(d) => assert_eq!(
            d.to_string(),
            "warning: texts/gone.txt: skipped: cannot read: \
             No such file or directory (os error 2)"
        ),
        Outcome::Scanned(_) => panic!("a missing file was scanned"),
    }
}

/// A gazetteer directory's files are read whatever the case of `.csv`.
#[test]
fn a_gazetteer_file_in_capitals_is_read() {
    let dir = tempdir();
    write(dir.path(), "a.txt", b"Trotsky");
    write(
        dir.path(),
        "g/People.CSV",
        format!("{HEADER}{GOOD}").as_bytes(),
    );
    let check = namegraph(dir.path(), &["gazetteer", "check", "g"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(String::from_utf8_lossy(&check.stdout).starts_with("1 file, 1 entity"));
}

/// Outputs written among the texts are not read back as texts on the next
/// run, even by a glob that takes every file; a pipe the glob takes is
/// reported, not waited on; a run that fails leaves no output directory it
/// made.
#[cfg(unix)]
#[test]
fn the_output_directory_is_not_read_and_a_pipe_is_reported() {
    let dir = tempdir();
    write(dir.path(), "texts/a.txt", b"Trotsky met Lenin.");
    for _ in 0..2 {
        let out = namegraph(
            dir.path(),
            &["analyze", "texts", "-o", "texts/out", "-q", "--glob", "*"],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let documents = std::fs::read_to_string(dir.path().join("texts/out/documents.csv")).unwrap();
    assert_eq!(documents.lines().count(), 2, "{documents}");
    let fifo = dir.path().join("texts/pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let out = namegraph(dir.path(), &["analyze", "texts", "-o", "elsewhere", "-q"]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out)
                .contains("pipe.txt: skipped: not a regular file (a pipe, socket or device)"),
            "{}",
            stderr(&out)
        );
    }
    let failed = namegraph(dir.path(), &["analyze", "missing", "-o", "new-out"]);
    assert!(!failed.status.success());
    assert!(
        !dir.path().join("new-out").exists(),
        "a failed run left its directory"
    );
}
