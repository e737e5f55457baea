//! Scan throughput over the founding corpus, in MB/s, against a bare
//! aho-corasick `find_iter` (DFA, leftmost-longest, the same patterns) in the
//! same group and the same thread count. Each iteration checks its answer.

use std::hint::black_box;

mod common;

use aho_corasick::AhoCorasick;
use common::{baseline, embedded_docs, mentions};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use namegraph::corpus::DocumentSource;
use namegraph::scanner::Matcher;
use rayon::prelude::*;

fn raw_matches(docs: &[(DocumentSource, &'static [u8])], ac: &AhoCorasick) -> usize {
    docs.par_iter()
        .map(|(_, bytes)| ac.find_iter(*bytes).count())
        .sum()
}

fn scan(c: &mut Criterion) {
    let gazetteer = namegraph::gazetteer::load(&[]).expect("default gazetteer");
    let matcher = Matcher::new(&gazetteer, false).expect("matcher");
    let docs = embedded_docs();
    let bytes: usize = docs.iter().map(|(_, b)| b.len()).sum();
    let ac = baseline(&matcher);
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
