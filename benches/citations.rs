//! Citations at archive scale: finding, parsing, resolving and merging the
//! endnotes of synthetic books whose every note cites a work of its own
//! (four books of 50 chapters; 10, 40 or 100 notes a chapter, so 2,000,
//! 8,000 or 20,000 works), with the default gazetteer. Throughput is in
//! works: the time per work should not grow with the number of works. Each
//! iteration checks that every work was kept apart.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use namegraph::citation;
use namegraph::gazetteer::{self, Gazetteer};

const BOOKS: usize = 4;
const CHAPTERS: usize = 50;

/// One book: chapters with one sentence each, then their notes, each note
/// a full reference to a work of its own ("B. Carr, Party Soviet State
/// History 2x07x031, London 1951, p. 120.").
fn book(b: usize, notes_per_chapter: usize) -> String {
    const SURNAMES: [&str; 16] = [
        "Deutscher",
        "Carr",
        "Serge",
        "Eastman",
        "Cliff",
        "Broue",
        "Rees",
        "Haynes",
        "Daniels",
        "Cohen",
        "Fitzpatrick",
        "Pipes",
        "Service",
        "Lewin",
        "Tucker",
        "Medvedev",
    ];
    const WORDS: [&str; 20] = [
        "Revolution",
        "Party",
        "Opposition",
        "Soviet",
        "State",
        "Bureaucracy",
        "Workers",
        "History",
        "Russia",
        "Lenin",
        "Stalin",
        "Power",
        "Struggle",
        "Socialism",
        "Congress",
        "Peasants",
        "Industry",
        "Culture",
        "Army",
        "Theory",
    ];
    let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ b as u64;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % n
    };
    let mut text = String::new();
    for c in 1..=CHAPTERS {
        text.push_str(&format!(
            "Chapter {c}: THE STRUGGLE {c}\n\nTrotsky and Stalin argued.1\n\n"
        ));
    }
    text.push_str("Notes\n\n");
    for c in 1..=CHAPTERS {
        text.push_str(&format!("Chapter {c}: THE STRUGGLE {c}\n\n"));
        for i in 1..=notes_per_chapter {
            let title: Vec<&str> = (0..4).map(|_| WORDS[next(WORDS.len())]).collect();
            text.push_str(&format!(
                "{i}. {}. {}, {} {b}x{c:02}x{i:03}, London {}, p. {}.\n",
                char::from(b'A' + next(20) as u8),
                SURNAMES[next(SURNAMES.len())],
                title.join(" "),
                1920 + next(70),
                1 + next(400),
            ));
        }
        text.push('\n');
    }
    text
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
        let books: Vec<(String, String)> = (0..BOOKS)
            .map(|b| (format!("book-{b}"), book(b, notes_per_chapter)))
            .collect();
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
