//! Reading one gazetteer CSV file into rows, with the line of each row.
//!
//! Columns are found by name, so their order is free; `id`, `type`, `label`,
//! `aliases`, `wikidata` and `description` are required, `author` and `shared`
//! optional. A row that cannot be read (wrong number of fields, bad quoting)
//! becomes a problem and is left out.

use super::{Origin, Problem};

/// The columns every gazetteer file must have.
pub const REQUIRED: [&str; 6] = ["id", "type", "label", "aliases", "wikidata", "description"];
/// Columns a file may add.
pub const OPTIONAL: [&str; 2] = ["author", "shared"];

/// One row as written, before checking.
#[derive(Debug, Clone)]
pub struct Row {
    pub origin: Origin,
    pub id: String,
    pub kind: String,
    pub label: String,
    /// The raw `aliases` field, not yet split.
    pub aliases: String,
    pub wikidata: String,
    pub description: String,
    pub author: String,
    pub shared: String,
}

/// Parses a file's text into rows, adding what is wrong to `problems`.
pub fn read_rows(path: &str, text: &str, problems: &mut Vec<Problem>) -> Vec<Row> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let file_origin = Origin {
        path: path.to_string(),
        line: 1,
    };
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            problems.push(Problem::error(
                &file_origin,
                format!("cannot read the header: {e}"),
            ));
            return Vec::new();
        }
    };
    let column = |name: &str| headers.iter().position(|h| h.trim() == name);
    let missing: Vec<&str> = REQUIRED
        .into_iter()
        .filter(|c| column(c).is_none())
        .collect();
    if !missing.is_empty() {
        problems.push(Problem::error(
            &file_origin,
            format!(
                "header lacks the column{} {}; expected {}",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", "),
                REQUIRED.join(",")
            ),
        ));
        return Vec::new();
    }
    for name in REQUIRED.iter().chain(&OPTIONAL) {
        let at: Vec<String> = headers
            .iter()
            .enumerate()
            .filter(|(_, h)| h.trim() == *name)
            .map(|(k, _)| (k + 1).to_string())
            .collect();
        if at.len() > 1 {
            problems.push(Problem::error(
                &file_origin,
                format!(
                    "the header has the column {name:?} {} times (columns {}); which one holds the data is unclear",
                    at.len(),
                    at.join(", ")
                ),
            ));
            return Vec::new();
        }
    }
    for h in headers.iter() {
        let known = REQUIRED.contains(&h.trim()) || OPTIONAL.contains(&h.trim());
        if !known {
            problems.push(Problem::warning(
                &file_origin,
                format!("unknown column {h:?} ignored"),
            ));
        }
    }
    let columns: Vec<Option<usize>> = REQUIRED
        .iter()
        .chain(OPTIONAL.iter())
        .map(|c| column(c))
        .collect();

    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line());
                let field = |i: usize| {
                    columns[i]
                        .and_then(|c| record.get(c))
                        .unwrap_or("")
                        .to_string()
                };
                if record.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                rows.push(Row {
                    origin: Origin {
                        path: path.to_string(),
                        line,
                    },
                    id: field(0),
                    kind: field(1),
                    label: field(2),
                    aliases: field(3),
                    wikidata: field(4),
                    description: field(5),
                    author: field(6),
                    shared: field(7),
                });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let origin = Origin {
                    path: path.to_string(),
                    line,
                };
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!(
                        "row has {len} fields, the header has {expected_len} (quote fields that contain commas)"
                    ),
                    _ => format!("cannot read the row: {e}"),
                };
                problems.push(Problem::error(&origin, message));
            }
        }
    }
    rows
}
