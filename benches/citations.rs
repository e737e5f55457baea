//! Citations at archive scale: finding, parsing, resolving and merging the
//! endnotes of synthetic books whose every note cites a work of its own
//! (four books of 50 chapters; 10, 40 or 100 notes a chapter, so 2,000,
//! 8,000 or 20,000 works), made by `benches/make_notes.py` into
//! `target/bench-notes-4x<N>` when missing, with the default gazetteer.
//! Throughput is in works: the time per work should not grow with the
//! number of works. Each iteration checks that every work was kept apart.

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use namegraph::citation;
use namegraph::gazetteer::{self, Gazetteer};

const BOOKS: usize = 4;
const CHAPTERS: usize = 50;

/// The books of `notes_per_chapter` notes a chapter: (id, text), in order.
fn books(notes_per_chapter: usize) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root
        .join("target")
        .join(format!("bench-notes-{BOOKS}x{notes_per_chapter}"));
    let name = |b: usize| format!("book{b:03}.txt");
    if !dir.join(name(BOOKS - 1)).is_file() {
        let status = Command::new("python3")
            .arg(root.join("benches/make_notes.py"))
            .arg(&dir)
            .arg(BOOKS.to_string())
            .arg(notes_per_chapter.to_string())
            .arg(format!("--chapters={CHAPTERS}"))
            .status()
            .expect("python3 benches/make_notes.py");
        assert!(status.success(), "make_notes.py failed");
    }
    (0..BOOKS)
        .map(|b| {
            let text = std::fs::read_to_string(dir.join(name(b))).expect("a book");
            (format!("book-{b}"), text)
        })
        .collect()
}

/// The works of `books`, merged.
fn works(books: &[(String, String)], gazetteer: &Gazetteer) -> usize {
    let docs = books
        .iter()
        .map(|(id, text)| citation::extract(id, text, gazetteer))
        .collect();
    citation::build(docs, gazetteer).works.len()
}

fn bench(c: &mut Criterion) {
    let gazetteer =
        gazetteer::parse(&gazetteer::embedded_sources()).expect("the default gazetteer");
    let mut group = c.benchmark_group("citations");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    for notes_per_chapter in [10, 40, 100] {
        let books = books(notes_per_chapter);
        let expected = BOOKS * CHAPTERS * notes_per_chapter;
        assert_eq!(works(&books, &gazetteer), expected, "works kept apart");
        group.throughput(Throughput::Elements(expected as u64));
        group.bench_with_input(
            BenchmarkId::new("extract + resolve + merge", expected),
            &books,
            |b, books| {
                b.iter(|| {
                    let n = works(black_box(books), &gazetteer);
                    assert_eq!(n, expected);
                    n
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
