//! Every mention of the founding corpus can be traced to its original bytes,
//! and those bytes normalise to one of its entity's aliases.

use namegraph::corpus::{self, normalize_alias};
use namegraph::{Config, analyze};

#[test]
fn original_bytes_of_every_mention_normalise_to_an_alias() {
    let analysis = analyze(&Config::default()).unwrap();
    let sources = corpus::embedded().unwrap();
    assert!(
        analysis.mentions.len() > 5000,
        "{} mentions",
        analysis.mentions.len()
    );
    for (index, doc) in analysis.documents.iter().enumerate() {
        let source = sources.iter().find(|s| s.display == doc.path).unwrap();
        let bytes = source.read().unwrap();
        for m in analysis
            .mentions
            .iter()
            .filter(|m| m.document == index as u32)
        {
            let original = std::str::from_utf8(&bytes[m.start as usize..m.end as usize]).unwrap();
            let form = normalize_alias(original);
            let entity = analysis.gazetteer.get(m.entity as usize);
            let ok = entity.aliases.iter().any(|a| {
                let a = normalize_alias(a);
                a == form || a.to_uppercase() == form
            });
            assert!(
                ok,
                "{}:{}..{} {original:?} is not an alias of {}",
                doc.path, m.start, m.end, entity.id
            );
            assert_eq!(
                m.text,
                original.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
    }
}
