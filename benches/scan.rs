//! Scan throughput over the founding corpus, in MB/s, against a bare
//! aho-corasick `find_iter` (DFA, leftmost-longest, the same patterns) in the
//! same group and the same thread count. Each iteration checks its answer.

use std::hint::black_box;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use namegraph::corpus::{self, DocumentSource};
use namegraph::document::{Outcome, scan_bytes};
use namegraph::gazetteer::Gazetteer;
use namegraph::scanner::Matcher;
use rayon::prelude::*;

fn mentions(
    docs: &[(DocumentSource, &'static [u8])],
    matcher: &Matcher,
    gazetteer: &Gazetteer,
) -> usize {
    docs.par_iter()
        .map(
            |(source, bytes)| match scan_bytes(source, bytes, matcher, gazetteer) {
                Outcome::Scanned(d) => d.mentions.len(),
                Outcome::Skipped(_) => 0,
            },
        )
        .sum()
}

fn raw_matches(docs: &[(DocumentSource, &'static [u8])], ac: &AhoCorasick) -> usize {
    docs.par_iter()
        .map(|(_, bytes)| ac.find_iter(*bytes).count())
        .sum()
}

fn scan(c: &mut Criterion) {
    let gazetteer = namegraph::gazetteer::load(&[]).expect("default gazetteer");
    let matcher = Matcher::new(&gazetteer, false).expect("matcher");
    let docs: Vec<(DocumentSource, &'static [u8])> = corpus::embedded()
        .expect("embedded corpus")
        .into_iter()
        .zip(corpus::EMBEDDED.iter().map(|&(_, b)| b))
        .collect();
    let bytes: usize = docs.iter().map(|(_, b)| b.len()).sum();
    let ac = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&matcher.patterns().strings)
        .expect("baseline automaton");
    let expected = namegraph::analyze(&namegraph::Config::default())
        .expect("analysis")
        .mentions
        .len();
    let expected_raw = raw_matches(&docs, &ac);
    println!(
        "{} patterns, {bytes} bytes, {expected} mentions, {expected_raw} raw matches",
        matcher.patterns().len()
    );

    let mut group = c.benchmark_group("scan");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
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
                    let n = pool.install(|| raw_matches(black_box(&docs), &ac));
                    assert_eq!(n, expected_raw);
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("namegraph decode+normalise+segment+scan", threads),
            &threads,
            |b, _| {
                b.iter(|| {
                    let n = pool.install(|| mentions(black_box(&docs), &matcher, &gazetteer));
                    assert_eq!(n, expected);
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, scan);
criterion_main!(benches);
