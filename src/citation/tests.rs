//! Tests across the stages: small notes sections with the OCR damage of the
//! founding book, run through [`extract`] and checked one reference per
//! line, as `unit note.ref kind author [work title] <- resolved from`.

use super::{DocumentCitations, build, extract, inline};
use crate::gazetteer::{self, Gazetteer, Source};

fn gazetteer() -> Gazetteer {
    let rows = "id,type,label,aliases,wikidata,description,author,shared\n\
        leon_trotsky,person,Leon Trotsky,Trotsky|Trotslgr,,,,\n\
        joseph_stalin,person,Joseph Stalin,Stalin,,,,\n\
        max_eastman,person,Max Eastman,Eastman,,,,\n\
        my_life,work,My Life,MyLife,,,leon_trotsky,\n\
        revolution_betrayed,work,The Revolution Betrayed,Revolution Betrayed,,,leon_trotsky,\n";
    gazetteer::parse(&[Source {
        path: "test.csv".into(),
        text: rows.into(),
    }])
    .unwrap_or_else(|e| panic!("test gazetteer: {e}"))
}

fn render(doc: &DocumentCitations) -> Vec<String> {
    doc.references
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let unit = r.unit.map_or("-", |u| doc.units[u].id.as_str());
            let authors: Vec<&str> = r.authors.iter().map(|a| a.surname.as_str()).collect();
            let work = r
                .work
                .and_then(|w| doc.works[w].title.clone())
                .unwrap_or_default();
            let mut line = format!(
                "{unit} {}.{} {} {} [{work}]",
                r.note.unwrap_or(0),
                r.index,
                r.kind.as_str(),
                authors.join("+"),
            );
            if r.resolved_from.is_some() {
                line.push_str(&format!(" <- {}", doc.locate(r.resolved_from.unwrap_or(i))));
            }
            line
        })
        .collect()
}

/// (case name, notes text, expected references)
type Case = (&'static str, &'static str, &'static [&'static str]);

const CASES: &[Case] = &[
    (
        "ibid across a page header",
        "Notes\n\nChapter 1: ONE\n\n1. M. Eastman, Since Lenin Died, London 1925, p. 53\n\n\
         Notes 283\n\n\n2. Ibid., p. 54\n3. Ibid.,p. 55\n",
        &[
            "chapter-1 1.1 full Eastman [Since Lenin Died]",
            "chapter-1 2.1 ibid  [Since Lenin Died] <- chapter-1 note 1",
            "chapter-1 3.1 ibid  [Since Lenin Died] <- chapter-1 note 2",
        ],
    ),
    (
        "ibid after a missing page is left unresolved; a short form still resolves",
        "Notes\nChapter 1: ONE\n1. M. Eastman, Since Lenin Died, London 1925, p. 53\n\
         2. Ibid., p. 54\nNotes 281\n12. Ibid., p. 60\n13. Ibid., p. 61\n14. Eastman, p. 82\n",
        &[
            "chapter-1 1.1 full Eastman [Since Lenin Died]",
            "chapter-1 2.1 ibid  [Since Lenin Died] <- chapter-1 note 1",
            "chapter-1 12.1 ibid  []",
            "chapter-1 13.1 ibid  [] <- chapter-1 note 12",
            "chapter-1 14.1 short Eastman [Since Lenin Died] <- chapter-1 note 1",
        ],
    ),
    (
        "lost heading inferred from a numbering restart; short forms cross chapters",
        "Notes\nChapter 4: FOUR\n1. Trotsky, My Life, New York 1960, p. 1\n2. Ibid., p. 2\n\
         3. Stalin, Works, Moscow 1949, Vol. 5, p. 3\nNotes 285\n2. Ibid., p. 52\n\
         3. Trotsl^, My life, p. 9\n",
        &[
            "chapter-4 1.1 full Trotsky [My Life]",
            "chapter-4 2.1 ibid  [My Life] <- chapter-4 note 1",
            "chapter-4 3.1 full Stalin [Works]",
            "chapter-5 2.1 ibid  []",
            "chapter-5 3.1 short Trotsky [My Life] <- chapter-4 note 1",
        ],
    ),
    (
        "block after a lost page given the chapter the next heading skips",
        "Notes\nChapter 7; SEVEN\n1. Serge, p. 212\n2. Serge, p. 220\nNotes\n289\n\
         33. Ibid.\n34. G. Hardy, Those Stormy Years, London 1956, p. 188\n\
         Chapter 9; NINE\n1. Serge, p. 216\n",
        &[
            "chapter-7 1.1 short Serge []",
            "chapter-7 2.1 short Serge []",
            "chapter-8 33.1 ibid  []",
            "chapter-8 34.1 full Hardy [Those Stormy Years]",
            "chapter-9 1.1 short Serge []",
        ],
    ),
    (
        "damaged note numbers and a number lost at the margin",
        "Notes\nINTRODUCTION\n7. Trotsky, Writings (1933-34), New York 1972, pp. 117-8\n\
         ■ 8. Trotsky, Writings (1929), New York 1975, p. 60\n\n\
         \\9. Trotsl^, The Challenge of the Left Opposition (1923-25),\n\n\
         : , hereafter referred to as Chall^ge (1923-25), New York 1980, p. 78\n\
         10> Trotsky Challenge (1923-25). p. 158\n\
         11. Ibid., pp. 100-1,106\n\n\
         Partiia V borbe zavosstanovlenienarodnogokhoziaistva\n\\ 1921-25 gg. Moscow 1961, pp. 536-7\n\n\
         13. Trotsky, ChaUenge ( 1923 - 25 ), pp. 385-6\n",
        &[
            "introduction 7.1 full Trotsky [Writings (1933-34)]",
            "introduction 8.1 full Trotsky [Writings (1929)]",
            "introduction 9.1 full Trotsky [The Challenge of the Left Opposition (1923-25)]",
            "introduction 10.1 short Trotsky [The Challenge of the Left Opposition (1923-25)] <- introduction note 9",
            "introduction 11.1 ibid  [The Challenge of the Left Opposition (1923-25)] <- introduction note 10",
            "introduction 12.1 full  [Partiia V borbe zavosstanovlenienarodnogokhoziaistva \\ 1921-25 gg]",
            "introduction 13.1 short Trotsky [The Challenge of the Left Opposition (1923-25)] <- introduction note 9",
        ],
    ),
    (
        "short forms: title, author only, et al, quoted in, newspaper, archive",
        "Notes\nChapter 2: TWO\n1. E.H. Carr, The Interregnum, London 1954, p. 1\n\
         2. C. Brandt, B. Schwartz and J.K. Fairbank, A Documentary History of Chinese Communism, London, 1952, p. 52\n\
         3. C. Brandt, Stalin's Failure in China, Cambridge Mass., 1958, pp. 32-33\n\
         4. Brandt et al, p. 75\n5. Pravda, 30 January 1924, quoted in Carr, The Interregnum, p. 349\n\
         6. Ibid., p. 350\n7. T. 933, Arkhiv Trotskogo, Moscow 1990, Vol. 2, pp. 192-3\n\
         8. T.lOlO, ArWiiv Trotskogo, Vol 4, p. 99\n9. Carr, p. 12\n",
        &[
            "chapter-2 1.1 full Carr [The Interregnum]",
            "chapter-2 2.1 full Brandt+Schwartz+Fairbank [A Documentary History of Chinese Communism]",
            "chapter-2 3.1 full Brandt [Stalin's Failure in China]",
            "chapter-2 4.1 short Brandt [A Documentary History of Chinese Communism] <- chapter-2 note 2",
            "chapter-2 5.1 newspaper  [Pravda]",
            "chapter-2 5.2 short Carr [The Interregnum] <- chapter-2 note 1",
            "chapter-2 6.1 ibid  [The Interregnum] <- chapter-2 note 5 ref 2",
            "chapter-2 7.1 archive  [Arkhiv Trotskogo]",
            "chapter-2 8.1 archive  [Arkhiv Trotskogo]",
            "chapter-2 9.1 short Carr [The Interregnum] <- chapter-2 note 1",
        ],
    ),
    (
        "a document without notes",
        "Trotsky wrote My Life in 1929.\n1. Not a note.\n",
        &[],
    ),
    (
        "odd input",
        "Notes\n\n\n^^^\n1.\n2. \n\u{feff}Notes 12\n",
        &[],
    ),
];

#[test]
fn notes_to_resolved_references() {
    let g = gazetteer();
    let mut failures = Vec::new();
    for (name, text, want) in CASES {
        let got = render(&extract("doc", text, &g));
        if got != *want {
            failures.push(format!("case {name:?}:\n   got {got:#?}\n  want {want:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_newspaper_is_not_its_article_authors_work() {
    let text = "Notes\nChapter 3: THREE\n1. J. Smith, Pravda, 18 December 1923\n\
                2. J. Smith, The Long Road, London 1950, p. 4\n3. Smith, Pravda, p. 2\n\
                4. Pravda, 19 December 1923\n";
    let doc = extract("d", text, &gazetteer());
    let work = |i: usize| doc.references[i].work;
    // The newspaper is one work, cited twice, and has no author...
    assert_eq!(work(0), work(3));
    let newspaper = work(0).expect("the newspaper is a work");
    assert!(doc.works[newspaper].authors.is_empty());
    // ...so Smith's "Pravda" is a work of Smith's, not the newspaper.
    assert_ne!(work(2), work(0));
    let smiths = work(2).expect("Smith's Pravda is a work");
    assert_eq!(doc.works[smiths].authors.len(), 1);
}

#[test]
fn lost_headings_and_unresolved_ibid_are_reported() {
    let doc = extract("doc", CASES[2].1, &gazetteer());
    let messages: Vec<&str> = doc.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("chapter heading lost, inferred chapter 5")),
        "{messages:?}"
    );
    assert!(messages.iter().any(|m| m.contains("Ibid.")), "{messages:?}");
    assert!(doc.diagnostics.iter().all(|d| d.path == "doc"));
}

#[test]
fn spans_point_into_the_text() {
    let text = CASES[5].1;
    let doc = extract("doc", text, &gazetteer());
    for r in &doc.references {
        let span = &text[r.span.clone()];
        let first = r.raw.split_whitespace().next().unwrap_or("");
        assert!(span.contains(first), "{span:?} does not hold {:?}", r.raw);
    }
    for n in &doc.notes {
        assert!(text[n.span.clone()].starts_with(&n.number.to_string()));
    }
}

#[test]
fn graphs_rankings_and_inline_citations() {
    let g = gazetteer();
    let notes = extract("book", CASES[2].1, &g);
    let my_life = g.index_of("my_life").unwrap_or(0);
    let betrayed = g.index_of("revolution_betrayed").unwrap_or(0);
    let trotsky = g.index_of("leon_trotsky").unwrap_or(0);
    let web = inline("web", &[(my_life, 3), (betrayed, 2), (trotsky, 9)], &g);
    assert_eq!(web.references.len(), 2, "a person is not a work");
    let a = build(vec![notes, web], &g);
    let ids: Vec<&str> = a.works.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(ids, ["my_life", "revolution_betrayed", "stalin-works"]);
    let my_life_work = &a.works[0];
    // book: chapter-4 notes 1, 2 and chapter-5 note 3; web: 3 mentions.
    assert_eq!((my_life_work.citations, my_life_work.units), (6, 3));
    let trotsky_author = a.authors.iter().position(|x| x.id == "leon_trotsky");
    assert_eq!(a.top_authors(None, 1), [(trotsky_author.unwrap_or(99), 8)]);
    assert_eq!(a.top_works(Some(1), 5), [(0, 3), (1, 2)]);
    // Units: chapter-4, chapter-5 (book), the web document.
    assert_eq!(a.units.len(), 3);
    let cg = &a.citation_graph;
    assert_eq!(cg.node_count(), 3 + 3 + 2);
    // chapter-4 → my_life (2), chapter-4 → works (1), chapter-5 → my_life (1),
    // web → my_life (3), web → betrayed (2), and three work → author edges.
    assert_eq!(cg.edge_count(), 8);
    let weights: Vec<u64> = cg.edge_weights().copied().collect();
    assert_eq!(weights, [2, 1, 1, 3, 2, 1, 1, 1]);
    // My Life and Works are cited together in chapter-4, My Life and The
    // Revolution Betrayed in the web document.
    let wc = &a.work_cocitation;
    assert_eq!(wc.edge_count(), 2);
    assert!(wc.edge_weights().all(|&w| w == 1.0));
    // Trotsky and Stalin together in chapter-4 only.
    assert_eq!(a.author_cocitation.edge_count(), 1);
    let export = super::graph::to_export(cg, "citation graph");
    assert!(export.directed);
    assert_eq!(export.nodes[0].id, "unit:book/chapter-4");
    assert_eq!(
        export.nodes[3].attrs[..2],
        [
            crate::export::model::AttrValue::Str("work".into()),
            crate::export::model::AttrValue::Str("my_life".into())
        ]
    );
}

#[test]
fn tables_are_deterministic() {
    let g = gazetteer();
    let docs = [
        extract("book", CASES[5].1, &g),
        extract("other", CASES[0].1, &g),
    ];
    let a = build(docs.to_vec(), &g);
    let b = build(docs.to_vec(), &g);
    let csv_a = super::csv::citations(&a).unwrap_or_default();
    assert_eq!(csv_a, super::csv::citations(&b).unwrap_or_default());
    let text = String::from_utf8(csv_a).unwrap_or_default();
    assert!(text.starts_with(
        "document,unit,note,ref,kind,author,title,year,volume,pages,work,resolved_from,raw\n"
    ));
    assert!(text.contains(
        "book,chapter-2,6,1,ibid,,,,,350,carr-the-interregnum,chapter-2 note 5 ref 2,\"Ibid., p. 350\"\n"
    ));
    let works = String::from_utf8(super::csv::works(&a).unwrap_or_default()).unwrap_or_default();
    assert!(works.starts_with("work,author,title,year,citations,units\ncarr-the-interregnum,E.H. Carr,The Interregnum,1954,4,1\n"), "{works}");
}

proptest::proptest! {
    /// No input makes extraction panic, and every span is inside the text
    /// on character boundaries.
    #[test]
    fn odd_input_never_panics(
        lines in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::string::string_regex("[0-9^(■\\\\ ]{0,4}[.>,V ]{0,2}[A-Za-z ,;.'’^]{0,30}")
                    .unwrap_or_else(|e| panic!("{e}")),
                proptest::sample::select(vec![
                    "Notes".to_string(), "INTRODUCTION".into(), "Chapter 3: X".into(),
                    "Notes 283".into(), "Ibid., p. 5".into(), "".into(), "Index".into(),
                    "hereafter referred to as Ch (1923-25)".into(), "ü€»".into(),
                ]),
            ],
            0..40,
        )
    ) {
        let text = lines.join("\n");
        let doc = extract("doc", &text, &gazetteer());
        for r in &doc.references {
            proptest::prop_assert!(r.span.start <= r.span.end && r.span.end <= text.len());
            proptest::prop_assert!(text.get(r.span.clone()).is_some());
        }
        let _ = build(vec![doc], &gazetteer());
    }
}

/// A work's label in the citation graphs joins its authors as works.csv
/// and citations.csv do, with "; " (it used ", ", which also ends the
/// authors before the title, and is inside names written "Cliff, Tony").
#[test]
fn a_works_label_joins_its_authors_as_works_csv_does() {
    let g = gazetteer();
    let notes = "Notes\n\nChapter 1: ONE\n\n\
                 1. T. Cliff and D. Gluckstein, Marxism and the Trade Unions, London 1986, p. 5\n";
    let a = build(vec![extract("book", notes, &g)], &g);
    let works = String::from_utf8(super::csv::works(&a).unwrap_or_default()).unwrap_or_default();
    let row = works.lines().nth(1).unwrap_or_default().to_string();
    assert!(
        row.contains(",T. Cliff; D. Gluckstein,Marxism and the Trade Unions,"),
        "{works}"
    );
    let export = super::graph::to_export(&a.citation_graph, "citation graph");
    let labels: Vec<&str> = export.nodes.iter().map(|n| n.label.as_str()).collect();
    assert!(
        labels.contains(&"T. Cliff; D. Gluckstein, Marxism and the Trade Unions"),
        "{labels:?}"
    );
}
