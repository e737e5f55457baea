//! The command line as a user meets it: metadata, globs, kwic, rank, cite,
//! a hostile gazetteer through every output format, and whole-tree
//! determinism.

use std::process::Command;

use crate::util::{
    files, founding_texts, hidden_entries, namegraph, root, same_files, stderr, tempdir, utf16,
    write,
};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn ok(out: std::process::Output) -> std::process::Output {
    assert!(out.status.success(), "{}", stderr(&out));
    out
}

#[test]
fn metadata_from_corpus_toml_or_the_file_name_and_glob() {
    let dir = tempdir();
    write(dir.path(), "texts/a-first_text.txt", b"Trotsky wrote.");
    write(dir.path(), "texts/sub/b.md", b"Stalin wrote.");
    write(dir.path(), "texts/sub/c.txt", b"Lenin wrote.");
    let toml = "[[document]]\nfile = \"c.txt\"\nid = \"lenin-text\"\ntitle = \"On Lenin, \\\"quoted\\\"\"\nauthor = \"A. N. Other\"\nyear = 1924\n";
    write(dir.path(), "texts/sub/corpus.toml", toml.as_bytes());
    ok(namegraph(dir.path(), &["analyze", "texts", "-q"]));
    let docs = std::fs::read_to_string(dir.path().join("out/documents.csv")).unwrap();
    let lines: Vec<&str> = docs.lines().collect();
    assert_eq!(lines.len(), 3, "{docs}");
    assert!(
        lines[1]
            .starts_with("a-first_text,texts/a-first_text.txt,UTF-8,a-first_text,a first text,,,"),
        "{docs}"
    );
    assert!(
        lines[2].starts_with(
            "lenin-text,texts/sub/c.txt,UTF-8,lenin-text,\"On Lenin, \"\"quoted\"\"\",A. N. Other,1924,"
        ),
        "{docs}"
    );
    ok(namegraph(
        dir.path(),
        &["analyze", "texts", "--glob", "*.md", "-q", "-o", "md"],
    ));
    let docs = std::fs::read_to_string(dir.path().join("md/documents.csv")).unwrap();
    assert_eq!(docs.lines().count(), 2);
    assert!(docs.contains("\nb,texts/sub/b.md,UTF-8,b,b,"), "{docs}");
}

/// The summary counts in words that fit the number: "1 mention", "2 mentions".
#[test]
fn summary_counts_read_as_english() {
    let dir = tempdir();
    write(dir.path(), "texts/a.txt", b"Leon Trotsky met Lenin.");
    write(dir.path(), "texts/b.txt", b"Stalin.");
    let text = stdout(&ok(namegraph(dir.path(), &["analyze", "texts"])));
    for wanted in [
        "Read 2 documents, 0.00 MB (0 skipped); found 3 mentions of 3 entities in ",
        "\na (2 mentions, 4 words, 1 section)\n",
        "\nb (1 mention, 1 word, 1 section)\n",
        "): 3 entities, 1 edge, 2 communities, modularity ",
        "Citations: 0 references to 0 works by 0 authors ",
    ] {
        assert!(text.contains(wanted), "{wanted:?} in\n{text}");
    }
}

#[test]
fn a_shared_alias_note_names_the_candidates_and_their_other_mentions() {
    let dir = tempdir();
    let gazetteer = format!(
        "{}vladimir_smirnov,person,Vladimir Smirnov,Smirnov,,,,Smirnov\nivan_smirnov,person,Ivan Smirnov,Smirnov,,,,Smirnov\n",
        crate::util::HEADER
    );
    write(dir.path(), "g.csv", gazetteer.as_bytes());
    write(
        dir.path(),
        "texts/a.txt",
        b"Ivan Smirnov and Ivan Smirnov met Vladimir Smirnov. Smirnov left.",
    );
    write(dir.path(), "texts/b.txt", b"Smirnov spoke. Smirnov left.");
    let run = ok(namegraph(
        dir.path(),
        &["analyze", "texts", "-g", "g.csv", "-q", "-v"],
    ));
    let err = stderr(&run);
    for wanted in [
        "a.txt: shared alias \"Smirnov\": 1 mention resolved to Ivan Smirnov (ivan_smirnov), \
         mentioned 2 other times in this document; Vladimir Smirnov (vladimir_smirnov): 1\n",
        "b.txt: shared alias \"Smirnov\": 2 mentions resolved to Vladimir Smirnov \
         (vladimir_smirnov), mentioned 0 other times in this document; Ivan Smirnov \
         (ivan_smirnov): 0 (a tie: the first in the gazetteer is taken)\n",
    ] {
        assert!(err.contains(wanted), "{wanted:?} in\n{err}");
    }
}

#[test]
fn malformed_corpus_toml_names_file_and_line() {
    let dir = tempdir();
    write(dir.path(), "texts/a.txt", b"Trotsky");
    write(
        dir.path(),
        "texts/corpus.toml",
        b"[[document]]\nfile = \"a.txt\"\nyear = \"nineteen\"\n",
    );
    let out = namegraph(dir.path(), &["analyze", "texts"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("corpus.toml:3:"), "{}", stderr(&out));
    // An unknown key at the start of its line is on that line (it was
    // reported one line up); a table without `file` and a file described
    // twice are named by their table's line (the first was line 0).
    for (toml, want) in [
        (
            "[[document]]\nfile = \"a.txt\"\nbogus = 1\n",
            "corpus.toml:3: unknown field `bogus`",
        ),
        (
            "[[document]]\nfile = \"a.txt\"\n\n[[document]]\nid = \"x\"\n",
            "corpus.toml:4: a [[document]] has no `file` (id \"x\")",
        ),
        (
            "[[document]]\nfile = \"a.txt\"\n[[document]]\nfile = \"a.txt\"\n",
            "corpus.toml:3: file \"a.txt\" is described a second time (first at line 1)",
        ),
    ] {
        write(dir.path(), "texts/corpus.toml", toml.as_bytes());
        let out = namegraph(dir.path(), &["analyze", "texts"]);
        assert!(!out.status.success());
        assert!(stderr(&out).contains(want), "{}", stderr(&out));
    }
}

#[test]
fn kwic_prints_file_line_and_context() {
    let dir = tempdir();
    write(
        dir.path(),
        "a.txt",
        "first line\nthen Leon\nTrotsky spoke, and Trotsky\u{2019}s friends.\n".as_bytes(),
    );
    let out = ok(namegraph(
        dir.path(),
        &["kwic", "Trotsky", "a.txt", "--width", "10"],
    ));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        vec![
            "a.txt:2: line then [Leon Trotsky] spoke, an",
            "a.txt:3: poke, and [Trotsky]\u{2019}s friends"
        ]
    );
    // The count, in English, on stderr.
    assert!(
        stderr(&out).ends_with("2 mentions of Leon Trotsky (leon_trotsky)\n"),
        "{}",
        stderr(&out)
    );
    let unknown = namegraph(dir.path(), &["kwic", "Nobody", "a.txt"]);
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("unknown entity \"Nobody\""));
    // A context too wide is a usage error, not a crash; the widest works.
    let wide = namegraph(
        dir.path(),
        &["kwic", "Trotsky", "a.txt", "--width", "65536"],
    );
    assert_eq!(wide.status.code(), Some(2), "{}", stderr(&wide));
    assert!(
        stderr(&wide).contains("65536 is not in 0..=10000"),
        "{}",
        stderr(&wide)
    );
    let widest = ok(namegraph(
        dir.path(),
        &["kwic", "Trotsky", "a.txt", "--width", "10000"],
    ));
    assert!(stdout(&widest).contains("[Leon Trotsky]"));
}

/// Standard error gone (a full disk, a closed pipe) stops no command with a
/// panic: it ends with the status it would have had.
#[cfg(target_os = "linux")]
#[test]
fn a_closed_standard_error_is_no_crash() {
    let dir = tempdir();
    write(dir.path(), "g/bad.csv", b"id,type,label\nx,person,\n");
    for args in [
        &["gazetteer", "check", "g"][..],
        &["analyze", "nowhere"][..],
    ] {
        let full = std::fs::File::create("/dev/full").expect("/dev/full");
        let out = Command::new(env!("CARGO_BIN_EXE_namegraph"))
            .args(args)
            .current_dir(dir.path())
            .stderr(full)
            .output()
            .expect("the binary runs");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
    }
}

/// Lines are those of the text: in UTF-16, a byte 0x0A that is half of a
/// character ("Њ" is 0A 04 in UTF-16LE, "ਅ" 0A 05 in UTF-16BE) is not a
/// line feed.
#[test]
fn kwic_counts_the_lines_of_a_utf16_file() {
    let dir = tempdir();
    let text = "\u{40A} \u{A05} Trotsky\nand Trotsky\n";
    write(dir.path(), "le.txt", &utf16(text, false));
    write(dir.path(), "be.txt", &utf16(text, true));
    for name in ["le.txt", "be.txt"] {
        let out = ok(namegraph(
            dir.path(),
            &["kwic", "Trotsky", name, "--width", "4"],
        ));
        let lines: Vec<String> = stdout(&out).lines().map(String::from).collect();
        assert_eq!(
            lines,
            vec![
                format!("{name}:1: \u{40A} \u{A05} [Trotsky] and"),
                format!("{name}:2: and [Trotsky] "),
            ]
        );
    }
}

/// The context is cut at a character boundary, not inside a multi-byte
/// character (it once panicked on the book's curly quotes).
#[test]
fn kwic_cuts_context_between_characters() {
    let dir = tempdir();
    // "‘" is 3 bytes: with --width 1 the 8-byte cut lands inside one.
    let text = "\u{2018}\u{2018}\u{2018}\u{2018} Trotsky \u{2019}\u{2019}\u{2019}\u{2019}\n";
    write(dir.path(), "a.txt", text.as_bytes());
    for width in ["1", "2", "3"] {
        let out = ok(namegraph(
            dir.path(),
            &["kwic", "Trotsky", "a.txt", "--width", width],
        ));
        assert!(stdout(&out).contains("[Trotsky]"), "{}", stdout(&out));
    }
}

#[test]
fn rank_prints_a_ranking_and_rejects_unknown_names() {
    let dir = tempdir();
    let out = ok(namegraph(
        dir.path(),
        &["rank", "--by", "degree", "--top", "3", "--types", "person"],
    ));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(
        text.lines().nth(1).unwrap().contains("Leon Trotsky"),
        "{text}"
    );
    let doc = ok(namegraph(
        dir.path(),
        &[
            "rank",
            "--document",
            "trotsky-an-introduction",
            "--top",
            "1",
        ],
    ));
    assert!(stdout(&doc).contains("Leon Trotsky"));
    let bad = namegraph(dir.path(), &["rank", "--document", "nope"]);
    assert!(!bad.status.success() && stderr(&bad).contains("no document \"nope\""));
    let bad = namegraph(dir.path(), &["rank", "--by", "fame"]);
    assert!(!bad.status.success() && stderr(&bad).contains("unknown metric"));
    let bad = namegraph(dir.path(), &["analyze", "--window", "words:0"]);
    assert!(!bad.status.success() && stderr(&bad).contains("unknown window"));
}

#[test]
fn rank_prints_what_rankings_csv_holds() {
    let dir = tempdir();
    ok(namegraph(
        dir.path(),
        &["analyze", "-q", "--rank-by", "betweenness_w", "--top", "7"],
    ));
    let table = std::fs::read_to_string(dir.path().join("out/rankings.csv")).unwrap();
    // scope,rank,entity,label,metric,value: the labels of one scope, in order.
    let labels = |scope: &str| -> Vec<String> {
        table
            .lines()
            .filter(|l| l.starts_with(&format!("{scope},")))
            .map(|l| l.split(',').nth(3).unwrap().trim_matches('"').to_string())
            .collect()
    };
    for scope in ["corpus", "russia-how-the-bureaucracy-seized-power"] {
        let mut args = vec!["rank", "--by", "betweenness_w", "--top", "7"];
        if scope != "corpus" {
            args.extend(["--document", scope]);
        }
        let printed = stdout(&ok(namegraph(dir.path(), &args)));
        let want = labels(scope);
        assert_eq!(want.len(), 7, "{table}");
        let got: Vec<String> = printed
            .lines()
            .skip(1)
            .map(|l| l[6..43].trim_end().to_string())
            .collect();
        assert_eq!(got, want, "{scope}: {printed}");
    }
}

#[test]
fn min_weight_drops_edges_before_metrics_and_keeps_nodes() {
    let dir = tempdir();
    ok(namegraph(dir.path(), &["analyze", "-q", "-o", "all"]));
    ok(namegraph(
        dir.path(),
        &["analyze", "-q", "-o", "strong", "--min-weight", "5"],
    ));
    let read = |d: &str, f: &str| std::fs::read_to_string(dir.path().join(d).join(f)).unwrap();
    let weights: Vec<f64> = read("strong", "edges.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(3).unwrap().parse().unwrap())
        .collect();
    assert!(!weights.is_empty() && weights.iter().all(|&w| w >= 5.0));
    assert_eq!(
        read("strong", "metrics.csv").lines().count(),
        read("all", "metrics.csv").lines().count()
    );
    assert_ne!(read("strong", "metrics.csv"), read("all", "metrics.csv"));
}

#[test]
fn every_output_file_is_identical_at_one_and_two_threads() {
    let dir = tempdir();
    ok(namegraph(
        dir.path(),
        &["analyze", "-q", "-j", "1", "-o", "one"],
    ));
    ok(namegraph(
        dir.path(),
        &["analyze", "-q", "-j", "2", "-o", "two"],
    ));
    let one = same_files(
        &dir.path().join("one"),
        &dir.path().join("two"),
        "1 and 2 threads",
    );
    assert!(one.len() > 50, "{} files", one.len());
}

#[test]
fn a_hostile_gazetteer_comes_through_every_format() {
    let dir = tempdir();
    let text = "Vladimir \"Ilyich\" Ulyanov met Ленин in Backslash Town with Labour & Co.\n\
                =SUM(A1:A9) and +Plus Organisation, -Minus Event, @At Journal, Zürich and Line two.\n";
    write(dir.path(), "t.txt", text.as_bytes());
    let gazetteer = root().join("tests/fixtures/hostile-gazetteer.csv");
    let gazetteer = gazetteer.to_str().unwrap();
    ok(namegraph(
        dir.path(),
        &[
            "analyze", "t.txt", "-g", gazetteer, "--window", "document", "-q",
        ],
    ));
    let out = dir.path().join("out");
    let mut reader = csv::Reader::from_path(out.join("metrics.csv")).unwrap();
    let labels: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[2].to_string())
        .collect();
    for want in [
        "Vladimir \"Ilyich\" Ulyanov",
        "Party <of> Labour & Co",
        "C:\\Temp\\new\\",
        "Владимир Ильич Ленин",
        "'=SUM(A1:A9)",
        "Line one\nline two",
    ] {
        assert!(
            labels.iter().any(|l| l == want),
            "{want:?} not in {labels:?}"
        );
    }
    let python = Command::new("python3")
        .args(["-c", "import networkx"])
        .status()
        .is_ok_and(|s| s.success());
    if !python {
        eprintln!(
            "note: python3 with networkx not found; the interop check of the hostile gazetteer's files was skipped"
        );
        return;
    }
    let check = Command::new("python3")
        .arg(root().join("tests/interop/check_exports.py"))
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
}

#[test]
fn render_without_graphviz_says_what_to_install() {
    let dir = tempdir();
    write(dir.path(), "g.dot", b"graph { a -- b }");
    let out = Command::new(env!("CARGO_BIN_EXE_namegraph"))
        .args(["render", "g.dot", "--format", "svg"])
        .current_dir(dir.path())
        .env("PATH", dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(
        err.contains("Graphviz is not installed") && err.contains("apt-get install graphviz"),
        "{err}"
    );
    assert!(!dir.path().join("g.svg").exists());
}

/// A run stopped by a signal (here `kill`, as Ctrl-C or a closed terminal
/// would) while it is writing: its staged documents, its files not yet in
/// place and its spilled mentions are removed, and it says so.
#[cfg(unix)]
#[test]
fn a_run_stopped_by_a_signal_leaves_no_temporary_files() {
    let dir = tempdir();
    let spill = dir.path().join("tmp");
    std::fs::create_dir_all(&spill).expect("tmp dir");
    // One file above the 16 MiB streaming threshold, so that its mentions
    // are spilled to $TMPDIR.
    let big = founding_texts(12);
    assert!(big.len() > 17 << 20);
    write(dir.path(), "texts/big.txt", big.as_bytes());
    let mut child = Command::new(env!("CARGO_BIN_EXE_namegraph"))
        .args(["analyze", "texts", "-o", "out", "-q", "-j1"])
        .current_dir(dir.path())
        .env("TMPDIR", &spill)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let entries = |d: &std::path::Path| std::fs::read_dir(d).map_or(0, |r| r.count());
    let staged = || {
        let out = dir.path().join("out");
        let hidden = hidden_entries(&out);
        hidden.first().map_or(0, |h| entries(&out.join(h)))
    };
    let started = std::time::Instant::now();
    // The staging directory holds its owner file, mentions.csv and the
    // tables' spools.
    while entries(&spill) == 0 || staged() < 3 {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the run ended first"
        );
        assert!(started.elapsed().as_secs() < 120, "no temporary files seen");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let pid = child.id().to_string();
    let kill = Command::new("sh")
        .args(["-c", &format!("kill -TERM {pid}")])
        .status();
    assert!(kill.expect("kill").success());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("stopped by a signal"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        hidden_entries(&dir.path().join("out")),
        Vec::<String>::new()
    );
    assert_eq!(entries(&spill), 0);
}

/// `rank` and `kwic` say which files they skipped or decoded with a
/// fallback, as `analyze` does (they used to say nothing).
#[test]
fn rank_and_kwic_report_skipped_files() {
    let dir = tempdir();
    write(dir.path(), "texts/binary.txt", b"\x00\x01\x02binary");
    write(dir.path(), "texts/w.txt", b"Trotsky met Stalin \xe9.\n");
    for args in [&["rank", "texts"][..], &["kwic", "Trotsky", "texts"][..]] {
        let err = stderr(&ok(namegraph(dir.path(), args)));
        for want in [
            "binary.txt: skipped: binary file (contains NUL bytes)",
            "w.txt: not UTF-8: decoded as Windows-1252",
        ] {
            assert!(err.contains(want), "{args:?}: {err}");
        }
    }
}

/// A staging directory left by a run killed outright (no handler runs on
/// SIGKILL or a power cut) is removed by the next run into the same
/// directory, which says so; one whose owner may still be running (here
/// the test itself), or whose owner cannot be told, is left alone.
#[cfg(target_os = "linux")]
#[test]
fn a_run_removes_the_staging_directories_of_killed_runs_only() {
    let dir = tempdir();
    write(dir.path(), "texts/a.txt", b"Trotsky met Stalin.");
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").expect("hostname");
    let namespace = std::fs::read_link("/proc/self/ns/pid").expect("pid namespace");
    let start_of = |pid: u32| {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
        let (_, rest) = stat.rsplit_once(')').expect("stat");
        rest.split_whitespace().nth(19).expect("start").to_string()
    };
    let owner = |start: &str| {
        format!(
            "host={}\nnamespace={}\nstart={start}\n",
            host.trim(),
            namespace.display()
        )
    };
    let dead = {
        let mut child = Command::new("true").spawn().expect("true");
        child.wait().expect("wait");
        child.id()
    };
    let me = std::process::id();
    let mine = start_of(me);
    let stale = [
        (format!(".namegraph-{dead}-killed"), owner(&mine)),
        // The test's id, but a start time that is not the test's: the id
        // of a killed run given to a later process.
        (format!(".namegraph-{me}-reused"), owner("1")),
    ];
    let kept = [
        (format!(".namegraph-{me}-live"), owner(&mine)),
        (
            format!(".namegraph-{dead}-elsewhere"),
            owner(&mine).replace("host=", "host=x"),
        ),
        (format!(".namegraph-{dead}-unowned"), String::new()),
    ];
    for (name, text) in stale.iter().chain(&kept) {
        write(dir.path(), &format!("out/{name}/mentions.csv"), b"half");
        if !text.is_empty() {
            write(dir.path(), &format!("out/{name}/owner"), text.as_bytes());
        }
    }
    let out = ok(namegraph(dir.path(), &["analyze", "texts", "-q"]));
    let mut left = hidden_entries(&dir.path().join("out"));
    left.sort();
    let mut want: Vec<String> = kept.iter().map(|(name, _)| name.clone()).collect();
    want.sort();
    assert_eq!(left, want);
    let err = stderr(&out);
    for (name, _) in &stale {
        let pid = name.split('-').nth(1).expect("pid");
        let line = format!(
            "warning: out/{name}: removed: the staging directory of an earlier run \
             (process {pid}) that was killed before it finished"
        );
        assert!(err.contains(&line), "{err}");
    }
    assert_eq!(err.lines().count(), 2, "{err}");
}

/// A malformed `--glob` is a usage error (exit status 2, as clap gives for
/// any bad argument), naming the pattern and what is wrong with it, before
/// anything is read or written; it was a run error (status 1).
#[test]
fn an_invalid_glob_is_a_usage_error() {
    let dir = tempdir();
    write(dir.path(), "texts/a.txt", b"Trotsky met Stalin.");
    for args in [
        &["analyze", "texts", "--glob", "[a-"][..],
        &["rank", "texts", "--glob", "[a-"][..],
        &["kwic", "Trotsky", "texts", "--glob", "[a-"][..],
        &["cite", "texts", "--glob", "[a-"][..],
    ] {
        let out = namegraph(dir.path(), args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("invalid value '[a-' for '--glob <GLOB>': not a valid glob: unclosed"),
            "{args:?}: {err}"
        );
    }
    assert!(!dir.path().join("out").exists());
}

/// A `corpus.toml` entry whose file is not in its directory (a misspelt
/// name) is a warning naming corpus.toml and the entry's line, on the
/// terminal and in diagnostics.csv; its metadata used to be dropped
/// without a word. A file there that `--glob` passes over is no typo.
#[test]
fn a_corpus_toml_entry_for_a_missing_file_is_a_warning() {
    let dir = tempdir();
    write(dir.path(), "texts/lenin.txt", b"Lenin wrote.");
    write(dir.path(), "texts/notes.md", b"Stalin wrote.");
    write(dir.path(), "single.txt", b"Trotsky wrote.");
    let toml = "[[document]]\nfile = \"lenin.txt\"\ntitle = \"Lenin\"\n\n\
                [[document]]\nfile = \"trotksy.txt\"\ntitle = \"Trotsky\"\n\n\
                [[document]]\nfile = \"notes.md\"\n\n\
                [[document]]\nfile = \"Lenin.txt\"\n";
    write(dir.path(), "texts/corpus.toml", toml.as_bytes());
    write(
        dir.path(),
        "corpus.toml",
        b"[[document]]\nfile = \"single.text\"\n",
    );
    let out = ok(namegraph(
        dir.path(),
        &["analyze", "texts", "single.txt", "-q"],
    ));
    let err = stderr(&out);
    let want = [
        "warning: texts/corpus.toml:5: file \"trotksy.txt\" is not in texts: this [[document]] describes no document",
        "warning: texts/corpus.toml:12: file \"Lenin.txt\" is not in texts: this [[document]] describes no document",
        "warning: corpus.toml:1: file \"single.text\" is not in .: this [[document]] describes no document",
    ];
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), want.len(), "{err}");
    for (line, want) in lines.iter().zip(want) {
        assert!(line.ends_with(want), "{err}");
    }
    let diagnostics = std::fs::read_to_string(dir.path().join("out/diagnostics.csv")).unwrap();
    assert!(
        diagnostics.contains(
            "warning,texts/corpus.toml,5,\"file \"\"trotksy.txt\"\" is not in texts: this [[document]] describes no document\"\n"
        ),
        "{diagnostics}"
    );
}

/// `--csv-bom` puts a UTF-8 byte-order mark first in every CSV table, not
/// in Gephi's `gephi-*.csv` (Gephi 0.9.2 misreads it) nor in any other
/// file, and changes nothing else; `cite --csv-bom` too.
#[test]
fn csv_bom_marks_every_csv_file_and_changes_nothing_else() {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let dir = tempdir();
    write(
        dir.path(),
        "texts/a.txt",
        "Trotsky met Lenin. Lenin wrote to Stalin in Moscow.".as_bytes(),
    );
    write(dir.path(), "texts/b.txt", "Сталин and Trotsky.".as_bytes());
    ok(namegraph(
        dir.path(),
        &["analyze", "texts", "-q", "-o", "plain"],
    ));
    ok(namegraph(
        dir.path(),
        &["analyze", "texts", "-q", "-o", "bom", "--csv-bom"],
    ));
    let (plain, bom) = (
        files(&dir.path().join("plain")),
        files(&dir.path().join("bom")),
    );
    assert_eq!(
        plain.keys().collect::<Vec<_>>(),
        bom.keys().collect::<Vec<_>>()
    );
    let table =
        |n: &str| n.ends_with(".csv") && !n.rsplit('/').next().unwrap().starts_with("gephi-");
    let tables = plain.keys().filter(|n| table(n)).count();
    assert!(tables >= 9, "{tables} tables");
    assert!(
        plain
            .keys()
            .any(|n| n.ends_with("documents/b/gephi-nodes.csv"))
    );
    for (name, bytes) in &plain {
        let marked = &bom[name];
        if table(name) {
            assert!(!bytes.starts_with(BOM), "{name}");
            assert!(marked.starts_with(BOM), "{name} has no BOM");
            assert!(
                marked[BOM.len()..] == bytes[..],
                "{name} differs after the BOM"
            );
        } else {
            assert!(marked == bytes, "{name} differs");
        }
    }
    ok(namegraph(
        dir.path(),
        &["cite", "texts", "-o", "cite", "--csv-bom"],
    ));
    for name in ["citations.csv", "works.csv"] {
        let bytes = std::fs::read(dir.path().join("cite").join(name)).unwrap();
        assert!(
            bytes.starts_with(BOM) && bytes[BOM.len()..] == plain[name][..],
            "{name}"
        );
    }
}
