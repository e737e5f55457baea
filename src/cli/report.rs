//! What the terminal shows: diagnostics on stderr, the end-of-run summary on
//! stdout.

use std::io::Write;
use std::path::PathBuf;

use namegraph::{Analysis, Diagnostic, Level};

/// Prints warnings (and notes when `verbose`) to stderr.
pub fn diagnostics(diagnostics: &[Diagnostic], verbose: bool) {
    for d in diagnostics {
        if d.level == Level::Warning || verbose {
            eprintln!("namegraph: {d}");
        }
    }
}

/// Prints the run's summary: counts, time, the ten most mentioned entities of
/// each document, and the files written.
pub fn summary(a: &Analysis, written: &[PathBuf]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let bytes: u64 = a.documents.iter().map(|d| d.bytes).sum();
    let secs = a.elapsed.as_secs_f64();
    let distinct = a.entity_counts().iter().filter(|c| c.0 > 0).count();
    let skipped = a
        .diagnostics
        .iter()
        .filter(|d| d.level == Level::Warning && d.message.starts_with("skipped"))
        .count();
    writeln!(
        out,
        "Read {} document(s), {:.2} MB ({} skipped); found {} mentions of {} entities in {:.2} s ({:.1} MB/s).",
        a.documents.len(),
        bytes as f64 / 1e6,
        skipped,
        a.mentions.len(),
        distinct,
        secs,
        bytes as f64 / 1e6 / secs.max(1e-9),
    )?;
    for (i, doc) in a.documents.iter().enumerate() {
        writeln!(
            out,
            "\n{} ({} mentions, {} words)",
            doc.meta.id, doc.mentions, doc.words
        )?;
        for (rank, (entity, n)) in a.top_entities(i as u32, 10).into_iter().enumerate() {
            let e = a.gazetteer.get(entity);
            writeln!(
                out,
                "  {:>2}. {:<40} {:<12} {:>6}",
                rank + 1,
                e.label,
                e.kind.as_str(),
                n
            )?;
        }
    }
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    writeln!(out, "\nWrote {}", names.join(", "))
}
