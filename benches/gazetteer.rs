//! Gazetteer size: load + compile time, and scan throughput (MB/s over the
//! founding corpus, two threads) with the default gazetteer (1,930 aliases)
//! and synthetic ones of 10,000, 30,000 and 100,000 aliases (the default
//! entities plus invented people, made by `benches/make_gazetteer.py` into
//! `target/bench-gazetteer-N` when missing). The synthetic names do not occur
//! in the texts, so every gazetteer finds the same mentions, which each
//! iteration checks.

mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{embedded_docs, mentions};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use namegraph::gazetteer::{self, Gazetteer};
use namegraph::scanner::Matcher;

/// The gazetteer files for `aliases` (none: the default gazetteer).
fn paths(aliases: Option<usize>) -> Vec<PathBuf> {
    let Some(n) = aliases else {
        return Vec::new();
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target").join(format!("bench-gazetteer-{n}"));
    if !dir.join("synthetic.csv").is_file() {
        let status = Command::new("python3")
            .arg(root.join("benches/make_gazetteer.py"))
            .arg(&dir)
            .arg(n.to_string())
            .status()
            .expect("python3 benches/make_gazetteer.py");
        assert!(status.success(), "make_gazetteer.py failed");
    }
    vec![dir]
}

fn load(paths: &[PathBuf]) -> (Gazetteer, Matcher) {
    let gazetteer = gazetteer::load(paths).expect("gazetteer");
    let matcher = Matcher::new(&gazetteer, false).expect("matcher");
    (gazetteer, matcher)
}

fn sizes(c: &mut Criterion) {
    let docs = embedded_docs();
    let bytes: usize = docs.iter().map(|(_, b)| b.len()).sum();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .expect("pool");
    let mut expected = None;
    for aliases in [None, Some(10_000), Some(30_000), Some(100_000)] {
        let name = aliases.map_or("default".to_string(), |n| n.to_string());
        let paths = paths(aliases);
        let (g, m) = load(&paths);
        let found = pool.install(|| mentions(&docs, &m, &g));
        assert_eq!(*expected.get_or_insert(found), found, "{name}");
        println!("{name}: {} patterns, {found} mentions", m.patterns().len());

        let mut group = c.benchmark_group("gazetteer");
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(3));
        group.bench_with_input(BenchmarkId::new("load+compile", &name), &paths, |b, p| {
            b.iter(|| load(black_box(p)))
        });
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_with_input(BenchmarkId::new("scan 2 threads", &name), &name, |b, _| {
            b.iter(|| {
                let n = pool.install(|| mentions(black_box(&docs), &m, &g));
                assert_eq!(n, found);
            })
        });
        group.finish();
    }
}

criterion_group!(benches, sizes);
criterion_main!(benches);
