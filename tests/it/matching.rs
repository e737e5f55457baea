//! One test per matching rule of the README; each fails if its rule breaks.

use crate::util::{pairs, scan, utf16};

const PEOPLE: &str = "\
leon_trotsky,person,Leon Trotsky,Trotsky|Lev Trotsky|L. D. Trotsky,,,,
leon,person,Leon,,,,,
joseph_stalin,person,Joseph Stalin,Stalin,,,,
lenin,person,Lenin,,,,,
lenin_school,organisation,Lenin School,,,,,
kpd,party,Communist Party of Germany,KPD,,,,
testament,work,Lenin's Testament,,,,lenin,
pravda,publication,Правда,Pravda,,,,
lenine,person,L\u{e9}nine,,,,,
broue,person,Broue\u{301},,,,,
";

fn p(entity: &str, text: &str) -> (String, String) {
    (entity.to_string(), text.to_string())
}

#[test]
fn leftmost_longest_across_all_aliases() {
    let found = scan(
        PEOPLE,
        b"the Lenin School and Leon Trotsky met Lenin",
        false,
    );
    assert_eq!(
        pairs(&found),
        vec![
            p("lenin_school", "Lenin School"),
            p("leon_trotsky", "Leon Trotsky"),
            p("lenin", "Lenin")
        ]
    );
}

#[test]
fn whole_words_only() {
    let found = scan(
        PEOPLE,
        "Stalinist Stalingrad Stalinism, Trotsky\u{2019}s anti-Stalin KPDs".as_bytes(),
        false,
    );
    assert_eq!(
        pairs(&found),
        vec![p("leon_trotsky", "Trotsky"), p("joseph_stalin", "Stalin")]
    );
}

#[test]
fn a_rejected_match_resumes_inside_its_span() {
    // "Leon Trotsky" is rejected in "Leon Trotskyist"; "Leon" still starts there.
    let found = scan(PEOPLE, b"Leon Trotskyist; xStalin Stalin", false);
    assert_eq!(
        pairs(&found),
        vec![p("leon", "Leon"), p("joseph_stalin", "Stalin")]
    );
}

#[test]
fn non_ascii_letters_are_word_characters() {
    let found = scan(PEOPLE, "Правда, Правдаист, Stalinовский".as_bytes(), false);
    assert_eq!(pairs(&found), vec![p("pravda", "Правда")]);
}

#[test]
fn aliases_match_as_written_and_in_all_capitals() {
    let found = scan(
        PEOPLE,
        b"TROTSKY and Trotsky but not trotsky or TrOtSkY",
        false,
    );
    assert_eq!(
        pairs(&found),
        vec![p("leon_trotsky", "TROTSKY"), p("leon_trotsky", "Trotsky")]
    );
}

/// An alias of one entity that is another's in capitals meets it there:
/// with both rows listing it in `shared` (the gazetteer check requires
/// it), a mention in capitals is a shared alias, resolved by the context
/// like any other; the alias as written no longer takes it alone.
#[test]
fn an_alias_that_is_another_entitys_in_capitals_is_shared_there() {
    let rows = "\
leon_trotsky,person,Leon Trotsky,Trotsky,,,,Trotsky
trotsky_paper,publication,TROTSKY,The Trotsky Paper,,,,TROTSKY
";
    let found = scan(rows, b"Leon Trotsky spoke.\n\nTROTSKY, Trotsky.", false);
    assert_eq!(
        pairs(&found),
        vec![
            p("leon_trotsky", "Leon Trotsky"),
            p("leon_trotsky", "TROTSKY"),
            p("leon_trotsky", "Trotsky"),
        ]
    );
    let found = scan(rows, b"The Trotsky Paper wrote.\n\nTROTSKY", false);
    assert_eq!(
        pairs(&found),
        vec![
            p("trotsky_paper", "The Trotsky Paper"),
            p("trotsky_paper", "TROTSKY"),
        ]
    );
}

#[test]
fn acronyms_match_only_as_written() {
    let found = scan(PEOPLE, b"KPD, Kpd, kpd", false);
    assert_eq!(pairs(&found), vec![p("kpd", "KPD")]);
}

#[test]
fn ignore_case_matches_any_case() {
    let found = scan(PEOPLE, "trotsky, kpd, TrOtSkY, ПРАВДА".as_bytes(), true);
    assert_eq!(
        pairs(&found),
        vec![
            p("leon_trotsky", "trotsky"),
            p("kpd", "kpd"),
            p("leon_trotsky", "TrOtSkY"),
            p("pravda", "ПРАВДА")
        ]
    );
}

#[test]
fn any_white_space_run_matches_one_space() {
    for text in [
        "Leon\tTrotsky",
        "Leon\nTrotsky",
        "Leon \r\n\t Trotsky",
        "Leon\u{a0}Trotsky",
        "L.\tD.\nTrotsky",
    ] {
        let found = scan(PEOPLE, text.as_bytes(), false);
        assert_eq!(found.len(), 1, "{text:?}");
        assert_eq!(found[0].entity, "leon_trotsky", "{text:?}");
        assert_eq!(
            (found[0].start, found[0].end),
            (0, text.len() as u64),
            "{text:?}"
        );
    }
}

#[test]
fn curly_and_straight_quotes_are_equal() {
    for text in [
        "Lenin's Testament",
        "Lenin\u{2019}s Testament",
        "Lenin\u{2018}s Testament",
    ] {
        let found = scan(PEOPLE, text.as_bytes(), false);
        assert_eq!(pairs(&found), vec![p("testament", text)], "{text:?}");
    }
}

#[test]
fn canonically_equivalent_forms_are_equal() {
    // Decomposed text (e and a combining acute) finds the precomposed alias,
    // and the offsets take in the whole decomposed letter.
    for text in ["Le\u{301}nine et Broue\u{301}", "L\u{e9}nine et Brou\u{e9}"] {
        let found = scan(PEOPLE, text.as_bytes(), false);
        assert_eq!(found.len(), 2, "{text:?}: {found:?}");
        let spans: Vec<(&str, &str)> = found
            .iter()
            .map(|f| (f.entity.as_str(), &text[f.start as usize..f.end as usize]))
            .collect();
        let (lenine, broue) = text.split_once(" et ").unwrap();
        assert_eq!(spans, vec![("lenine", lenine), ("broue", broue)]);
    }
    // In capitals, and in UTF-16: the offsets are the file's.
    let found = scan(PEOPLE, "LE\u{301}NINE".as_bytes(), false);
    assert_eq!((found.len(), found[0].end), (1, 8));
    let found = scan(PEOPLE, &utf16("a Le\u{301}nine", false), false);
    assert_eq!((found[0].start, found[0].end), (6, 20));
    // A mark that composes with nothing is part of the letter before it.
    assert!(scan(PEOPLE, "Lenin\u{308} Lenin\u{331}\u{308}".as_bytes(), false).is_empty());
}

#[test]
fn a_word_hyphenated_across_a_line_break_is_joined() {
    let text = "said Trot-\nsky and Sta- \n lin.";
    let found = scan(PEOPLE, text.as_bytes(), false);
    assert_eq!(
        pairs(&found),
        vec![
            p("leon_trotsky", "Trot- sky"),
            p("joseph_stalin", "Sta- lin")
        ]
    );
    assert_eq!(
        &text[found[0].start as usize..found[0].end as usize],
        "Trot-\nsky"
    );
}

#[test]
fn no_mention_spans_a_paragraph_break() {
    let found = scan(PEOPLE, b"Leon\n\nTrotsky", false);
    assert_eq!(
        pairs(&found),
        vec![p("leon", "Leon"), p("leon_trotsky", "Trotsky")]
    );
}

#[test]
fn offsets_are_into_the_original_bytes_whatever_the_encoding() {
    // Windows-1252: "é" is one byte in the file.
    let found = scan(PEOPLE, b"caf\xe9 \x93Trotsky\x94", false);
    assert_eq!((found[0].start, found[0].end), (6, 13));
    // UTF-16LE with BOM: two bytes per character, after the two-byte BOM.
    let found = scan(PEOPLE, &utf16("a Stalin", false), false);
    assert_eq!((found[0].start, found[0].end), (6, 18));
}

/// Ten thousand more patterns, none of which occurs in the text, must not
/// change the mentions.
#[test]
fn a_large_gazetteer_matches_as_the_small_one_does() {
    let mut large = PEOPLE.to_string();
    let mut n = 0;
    while n < 5_100 {
        large.push_str(&format!("synthetic_{n},person,Qzx{n} Vwk{n},,,,,\n"));
        n += 1;
    }
    let g = crate::util::gazetteer(&large);
    let matcher = namegraph::scanner::Matcher::new(&g, false).expect("matcher");
    assert!(matcher.patterns().len() > 10_000);
    let text = "Leon Trotsky met STALIN at the Lenin School; Trotsky\u{2019}s KPD \
                read Pravda and Lenin's Testament, not a Stalinist paper. Leon\n\tTrotsky.";
    let small = scan(PEOPLE, text.as_bytes(), false);
    assert!(small.len() >= 8, "{small:?}");
    assert_eq!(scan(&large, text.as_bytes(), false), small);
}
