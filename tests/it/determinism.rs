//! Same input, any thread count, same bytes; large documents cut into chunks
//! give the same answer as their parts.

use crate::util::{namegraph, root, stderr, tempdir, write};

const OUTPUTS: [&str; 4] = [
    "mentions.csv",
    "entities.csv",
    "documents.csv",
    "diagnostics.csv",
];

#[test]
fn outputs_are_identical_at_one_and_two_threads() {
    let dir = tempdir();
    for threads in ["1", "2"] {
        let out = namegraph(
            dir.path(),
            &["analyze", "-q", "--threads", threads, "--out", threads],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    for name in OUTPUTS {
        let one = std::fs::read(dir.path().join("1").join(name)).unwrap();
        let two = std::fs::read(dir.path().join("2").join(name)).unwrap();
        assert!(one == two, "{name} differs between 1 and 2 threads");
    }
}

const COPIES: usize = 4;

/// The book repeated four times is cut into chunks scanned in parallel; each
/// copy must give the same mentions, shifted by the copy's offset.
#[test]
fn chunked_large_document_equals_its_copies() {
    let book = std::fs::read(
        root().join("corpus/cliff-trotsky-fighting-the-rising-stalinist-bureaucracy.txt"),
    )
    .unwrap();
    let mut big = Vec::new();
    for _ in 0..COPIES {
        big.extend_from_slice(&book);
        big.extend_from_slice(b"\n\n");
    }
    assert!(big.len() > 2 * namegraph::document::CHUNK_BYTES);
    let dir = tempdir();
    write(dir.path(), "one/book.txt", &[&book[..], b"\n\n"].concat());
    write(dir.path(), "three/book.txt", &big);
    for name in ["one", "three"] {
        let out = namegraph(
            dir.path(),
            &["analyze", name, "-q", "--out", &format!("out-{name}")],
        );
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let rows = |name: &str| -> Vec<Vec<String>> {
        let text =
            std::fs::read_to_string(dir.path().join(format!("out-{name}/mentions.csv"))).unwrap();
        text.lines()
            .skip(1)
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    };
    let (one, three) = (rows("one"), rows("three"));
    assert!(one.len() > 1000, "the book has {} mentions", one.len());
    assert_eq!(three.len(), COPIES * one.len());
    let doc = |name: &str| -> Vec<u64> {
        let text =
            std::fs::read_to_string(dir.path().join(format!("out-{name}/documents.csv"))).unwrap();
        let line = text.lines().nth(1).unwrap().to_string();
        line.split(',')
            .skip(7)
            .map(|v| v.parse().unwrap())
            .collect()
    };
    let (d1, d3) = (doc("one"), doc("three"));
    // bytes, words, sections, paragraphs, sentences, mentions
    let n = COPIES as u64;
    assert_eq!(d3[1], n * d1[1], "words");
    assert_eq!(d3[3], n * d1[3], "paragraphs");
    assert_eq!(d3[4], n * d1[4], "sentences");
    let len = (book.len() + 2) as u64;
    for (k, copy) in three.chunks(one.len()).enumerate() {
        for (a, b) in one.iter().zip(copy) {
            let shift = |row: &Vec<String>, col: usize| row[col].parse::<u64>().unwrap();
            assert_eq!(shift(b, 5), shift(a, 5) + k as u64 * len, "start, copy {k}");
            assert_eq!(
                shift(b, 4),
                shift(a, 4) + k as u64 * d1[1],
                "word, copy {k}"
            );
            assert_eq!(
                shift(b, 3),
                shift(a, 3) + k as u64 * d1[4],
                "sentence, copy {k}"
            );
            assert_eq!(
                shift(b, 2),
                shift(a, 2) + k as u64 * d1[3],
                "paragraph, copy {k}"
            );
            assert_eq!(a[7..], b[7..], "entity and text, copy {k}");
        }
    }
}
