//! End-to-end throughput, in MB/s of input: `analyze` (read, decode,
//! normalise, segment, scan, graphs, metrics, citations) writing every table
//! and graph file (layouts included) as the CLI does, and the same with
//! `--per-document tables` and `--per-document none`, over a
//! scaled corpus, beside a bare aho-corasick `find_iter` (DFA,
//! leftmost-longest, the same patterns) over the same files read from disk,
//! at the same thread count (1 and 2), in the same group. Each iteration
//! checks its answer: the mention count, and the raw match count.
//!
//! The corpus is `target/bench-corpus` (the founding texts copied until it
//! holds `NAMEGRAPH_BENCH_MB` megabytes, default 90), made by
//! `benches/make_corpus.py` when missing. A run of the whole group takes
//! about eight minutes on two cores; see `benches/README.md` for figures.

mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use aho_corasick::AhoCorasick;
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use namegraph::config::DocumentGraphs;
use namegraph::export::{OutputOptions, OutputWriter};
use namegraph::scanner::Matcher;
use namegraph::{Config, analyze_into};
use rayon::prelude::*;

/// The corpus directory, made if missing, and its files in name order.
fn corpus() -> (PathBuf, Vec<PathBuf>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mb: f64 = std::env::var("NAMEGRAPH_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(90.0);
    let dir = root.join("target").join(format!("bench-corpus-{mb}"));
    if !dir.is_dir() {
        let status = Command::new("python3")
            .arg(root.join("benches/make_corpus.py"))
            .arg(&dir)
            .arg(mb.to_string())
            .status()
            .expect("python3 benches/make_corpus.py");
        assert!(status.success(), "make_corpus.py failed");
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    (dir, files)
}

/// Raw matches over every file, each read from disk.
fn raw_matches(files: &[PathBuf], ac: &AhoCorasick) -> usize {
    files
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).expect("read");
            ac.find_iter(&bytes).count()
        })
        .sum()
}

/// What each document gets of its own, as `analyze --per-document` says.
#[derive(Debug, Clone, Copy)]
enum PerDocument {
    All,
    Tables,
    None,
}

impl PerDocument {
    fn name(self) -> &'static str {
        match self {
            PerDocument::All => "namegraph analyze, all outputs",
            PerDocument::Tables => "namegraph analyze --per-document tables",
            PerDocument::None => "namegraph analyze --per-document none",
        }
    }
}

/// Mentions found by a full run whose outputs are written to `out`, as
/// `namegraph analyze --per-document <per_document>` does it: each
/// document's outputs written as soon as it is analysed, nothing of it kept.
fn run(config: &Config, per_document: PerDocument, out: &Path) -> usize {
    let config = Config {
        keep_mentions: false,
        keep_graphs: false,
        keep_references: false,
        document_graphs: match per_document {
            PerDocument::None => DocumentGraphs::None,
            _ => DocumentGraphs::All,
        },
        ..config.clone()
    };
    let options = OutputOptions {
        document_files: matches!(per_document, PerDocument::All),
        ..OutputOptions::default()
    };
    let mut writer = OutputWriter::create(out, &options, config.graph.window).expect("writer");
    let analysis = analyze_into(&config, &|_| {}, &mut writer).expect("analysis");
    writer.finish(&analysis).expect("outputs");
    analysis.documents.iter().map(|d| d.mentions as usize).sum()
}

fn end_to_end(c: &mut Criterion) {
    let (dir, files) = corpus();
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).expect("metadata").len())
        .sum();
    let gazetteer = namegraph::gazetteer::load(&[]).expect("default gazetteer");
    let matcher = Matcher::new(&gazetteer, false).expect("matcher");
    let ac = common::baseline(&matcher);
    let out = tempfile::tempdir().expect("output directory");
    let config = |threads| Config {
        inputs: vec![dir.clone()],
        threads: Some(threads),
        ..Config::default()
    };
    let expected = run(&config(2), PerDocument::All, out.path());
    assert!(expected > 0);
    let expected_raw = raw_matches(&files, &ac);
    println!(
        "{} files, {bytes} bytes, {} patterns, {expected} mentions, {expected_raw} raw matches",
        files.len(),
        matcher.patterns().len()
    );

    let mut group = c.benchmark_group("analyze");
    group.throughput(Throughput::Bytes(bytes));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(5));
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        group.bench_with_input(
            BenchmarkId::new("aho-corasick find_iter (baseline)", threads),
            &threads,
            |b, _| {
                b.iter(|| {
                    let n = pool.install(|| raw_matches(black_box(&files), &ac));
                    assert_eq!(n, expected_raw);
                })
            },
        );
        for per_document in [PerDocument::All, PerDocument::Tables, PerDocument::None] {
            group.bench_with_input(
                BenchmarkId::new(per_document.name(), threads),
                &threads,
                |b, &threads| {
                    b.iter(|| {
                        // analyze builds its own pool from `threads`; the pool
                        // here bounds the corpus scope's writing after it.
                        let config = config(threads);
                        let n = pool.install(|| run(black_box(&config), per_document, out.path()));
                        assert_eq!(n, expected);
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, end_to_end);
criterion_main!(benches);
