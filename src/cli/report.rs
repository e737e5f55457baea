//! What the terminal shows: diagnostics on stderr, the end-of-run summary on
//! stdout.

use std::io::Write;
use std::path::Path;

use namegraph::diagnostic::count;
use namegraph::export::{OutputOptions, Written};
use namegraph::{Analysis, Diagnostic, Level};

/// Prints warnings (and notes when `verbose`) to stderr.
pub fn diagnostics(diagnostics: &[Diagnostic], verbose: bool) {
    for d in diagnostics {
        if d.level == Level::Warning || verbose {
            warn!("namegraph: {d}");
        }
    }
}

/// A metric value for a table: whole numbers as such, others to 4 significant digits.
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        format!("{x:.4}")
    }
}

/// Prints the run's summary: counts and time, then per document the ten most
/// mentioned entities beside the most central ones by the ranking metric
/// (when documents have graphs of their own, `document_graphs`), and the
/// corpus graph's size and modularity.
pub fn summary(
    a: &Analysis,
    options: &OutputOptions,
    document_graphs: bool,
    written: &Written,
    out_dir: &Path,
) -> std::io::Result<()> {
    let files = written.files.len();
    let mut out = std::io::stdout().lock();
    let bytes: u64 = a.documents.iter().map(|d| d.bytes).sum();
    let secs = a.elapsed.as_secs_f64();
    let distinct = a.entity_counts().iter().filter(|c| c.0 > 0).count();
    let skipped = a
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("skipped"))
        .count();
    writeln!(
        out,
        "Read {}, {:.2} MB ({} skipped); found {} of {} in {:.2} s ({:.1} MB/s).",
        count(a.documents.len() as u64, "document", "documents"),
        bytes as f64 / 1e6,
        skipped,
        count(
            a.documents.iter().map(|d| d.mentions).sum::<u64>(),
            "mention",
            "mentions"
        ),
        count(distinct as u64, "entity", "entities"),
        secs,
        bytes as f64 / 1e6 / secs.max(1e-9),
    )?;
    let metric = options.rank_by;
    for (i, doc) in a.documents.iter().enumerate().take(SUMMARY_DOCUMENTS) {
        writeln!(
            out,
            "\n{} ({}, {}, {})",
            doc.meta.id,
            count(doc.mentions, "mention", "mentions"),
            count(doc.words, "word", "words"),
            count(doc.sections.into(), "section", "sections"),
        )?;
        let (central_heading, metric_heading) = if document_graphs {
            ("most central", metric.as_str())
        } else {
            ("", "")
        };
        let heading = format!(
            "  {:<38} {:>8}   {:<38} {:>10}",
            "most mentioned", "mentions", central_heading, metric_heading
        );
        writeln!(out, "{}", heading.trim_end())?;
        let mentioned = a.top_entities(i as u32, 10);
        let central = written.central.get(i).map_or(&[][..], Vec::as_slice);
        for k in 0..mentioned.len().max(central.len()) {
            let left = mentioned
                .get(k)
                .map_or((String::new(), String::new()), |&(e, n)| {
                    (a.gazetteer.get(e).label.clone(), n.to_string())
                });
            let right = central
                .get(k)
                .map_or((String::new(), String::new()), |&(e, v)| {
                    (a.gazetteer.get(e as usize).label.clone(), number(v))
                });
            let line = format!(
                "  {:<38} {:>8}   {:<38} {:>10}",
                clip(&left.0),
                left.1,
                clip(&right.0),
                right.1
            );
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    if let Some(more) = a
        .documents
        .len()
        .checked_sub(SUMMARY_DOCUMENTS)
        .filter(|&n| n > 0)
    {
        let central = if document_graphs {
            "; each one's most central entities are in rankings.csv"
        } else {
            ""
        };
        writeln!(
            out,
            "\n… and {more} more documents (documents.csv has them all{central})."
        )?;
    }
    let corpus = &a.graphs[0].graph;
    writeln!(
        out,
        "\nCorpus co-mention graph (window {}): {}, {}, {}, modularity {:.4}.",
        a.graph_options.window,
        count(corpus.node_count() as u64, "entity", "entities"),
        count(corpus.edge_count() as u64, "edge", "edges"),
        count(
            a.metrics[0]
                .nodes
                .iter()
                .map(|n| n.community + 1)
                .max()
                .unwrap_or(0) as u64,
            "community",
            "communities"
        ),
        a.metrics[0].modularity,
    )?;
    let c = &a.citations;
    let references: usize = c.documents.iter().map(|d| d.cites.len()).sum();
    writeln!(
        out,
        "Citations: {} to {} by {} (citations.csv, works.csv).",
        count(references as u64, "reference", "references"),
        count(c.works.len() as u64, "work", "works"),
        count(c.authors.len() as u64, "author", "authors")
    )?;
    let notes = a
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Note)
        .count();
    if notes > 0 {
        writeln!(
            out,
            "{} on how the texts were read (lost headings, shared aliases): -v shows them, diagnostics.csv keeps them.",
            count(notes as u64, "note", "notes")
        )?;
    }
    let documents = if options.document_files {
        ", of each document (documents/)"
    } else {
        ""
    };
    writeln!(
        out,
        "Wrote {files} files to {}/: tables; graph files of the corpus{documents} and of citations (citations/).",
        out_dir.display()
    )?;
    if options.document_files && a.documents.len() > SUMMARY_DOCUMENTS {
        writeln!(
            out,
            "(--per-document tables writes the same tables without the {} document directories, in a fraction of the time.)",
            a.documents.len()
        )?;
    }
    Ok(())
}

/// Documents shown one by one in the summary; a larger corpus is summed up.
pub const SUMMARY_DOCUMENTS: usize = 20;

/// A label cut to fit its column.
fn clip(s: &str) -> String {
    if s.chars().count() <= 38 {
        s.to_string()
    } else {
        s.chars().take(37).collect::<String>() + "…"
    }
}
