//! Checking a gazetteer: everything `namegraph gazetteer check` reports, and
//! what makes loading fail.
//!
//! Errors: no entities at all, duplicate ids, empty ids, labels or aliases,
//! labels or aliases without a letter or digit, unknown types, works
//! whose author is missing or not a person, an `author` on a row that is not a
//! work or publication, aliases shared by two entities unless both rows list the
//! alias in `shared`, malformed Wikidata ids. Warnings: an alias repeated within
//! one row, a `shared` alias that no other entity has, unknown columns.
//!
//! Since an alias with lower-case letters also matches in ALL CAPITALS,
//! letter case counts as the scanner sees it: two entities' aliases that
//! are the same in capitals ("Trotsky" and "TROTSKY") meet there, which is
//! a shared alias like any other; in one row, an all-capitals alias that is
//! another's capitals is repeated.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::file::{Row, read_rows};
use super::{Entity, EntityType, Gazetteer, Problem, Source};
use crate::corpus::normalize_alias;

/// Parses and checks every source; returns the entities that could be read and
/// every problem found, in file and line order.
pub fn check(sources: &[Source]) -> (Gazetteer, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut entities = Vec::new();
    // Each entity's aliases normalised, computed once for both checks.
    let mut normalized: Vec<Vec<String>> = Vec::new();
    // Id → index in `entities` of the row that first defined it.
    let mut first: HashMap<String, usize> = HashMap::new();
    for source in sources {
        for row in read_rows(&source.path, &source.text, &mut problems) {
            if let Some((entity, forms)) = check_row(row, &mut problems) {
                if let Some(&previous) = first.get(&entity.id) {
                    let previous: &Entity = &entities[previous];
                    problems.push(Problem::error(
                        &entity.origin,
                        format!(
                            "duplicate id {:?} (first defined at {})",
                            entity.id, previous.origin
                        ),
                    ));
                    continue;
                }
                first.insert(entity.id.clone(), entities.len());
                entities.push(entity);
                normalized.push(forms);
            }
        }
    }
    if entities.is_empty() && problems.iter().all(|p| !p.is_error) {
        if let Some(source) = sources.first() {
            let origin = super::Origin {
                path: source.path.clone(),
                line: 1,
            };
            problems.push(Problem::error(
                &origin,
                "no entities: the gazetteer has a header but no rows",
            ));
        }
    }
    let gazetteer = Gazetteer::new(entities);
    check_authors(&gazetteer, &mut problems);
    let met_in_capitals = check_capitals(&gazetteer, &normalized, &mut problems);
    check_shared_aliases(&gazetteer, &normalized, &met_in_capitals, &mut problems);
    problems.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    (gazetteer, problems)
}

/// Whether a normalised alias has something to match besides punctuation
/// and white space (a zero-width character normalises to nothing).
fn has_letter_or_digit(form: &str) -> bool {
    form.chars().any(char::is_alphanumeric)
}

/// Checks one row on its own and turns it into an entity, with its aliases
/// normalised.
fn check_row(row: Row, problems: &mut Vec<Problem>) -> Option<(Entity, Vec<String>)> {
    let origin = row.origin.clone();
    let mut errors = Vec::new();
    let mut fail = |message: String| errors.push(Problem::error(&origin, message));
    let mut warnings = Vec::new();
    let id = row.id.trim().to_string();
    if id.is_empty() {
        fail("empty id".into());
    } else if id.chars().any(|c| c.is_whitespace() || c == '|') {
        fail(format!("id {id:?} contains white space or '|'"));
    }
    let kind = EntityType::parse(&row.kind);
    if kind.is_none() {
        let known: Vec<&str> = EntityType::ALL.iter().map(|t| t.as_str()).collect();
        fail(format!(
            "unknown type {:?}; expected one of {}",
            row.kind,
            known.join(", ")
        ));
    }
    let label = row.label.trim().to_string();
    if label.is_empty() {
        fail(format!("entity {id:?} has an empty label"));
    }
    let mut aliases = vec![label.clone()];
    let mut normalized = vec![normalize_alias(&label)];
    if !label.is_empty() && !has_letter_or_digit(&normalized[0]) {
        fail(format!(
            "the label {label:?} of {id:?} has no letter or digit, so it would match punctuation"
        ));
    }
    if !row.aliases.trim().is_empty() {
        for alias in row.aliases.split('|') {
            let alias = alias.trim();
            if alias.is_empty() {
                fail(format!(
                    "entity {id:?} has an empty alias (look for '||' or a '|' at either end)"
                ));
                continue;
            }
            let form = normalize_alias(alias);
            if !has_letter_or_digit(&form) {
                fail(format!(
                    "alias {alias:?} of {id:?} has no letter or digit, so it would match punctuation"
                ));
                continue;
            }
            if normalized.contains(&form) {
                warnings.push(Problem::warning(
                    &origin,
                    format!("alias {alias:?} repeated in entity {id:?}"),
                ));
            } else {
                aliases.push(alias.to_string());
                normalized.push(form);
            }
        }
    }
    warnings.extend(capitals_repeated(&id, &aliases, &normalized, &origin));
    let wikidata = row.wikidata.trim().to_string();
    let valid_qid = wikidata.len() > 1
        && wikidata.starts_with('Q')
        && wikidata[1..].chars().all(|c| c.is_ascii_digit());
    if !wikidata.is_empty() && !valid_qid {
        fail(format!(
            "wikidata {wikidata:?} is not a Wikidata id like Q33391"
        ));
    }
    let shared: Vec<String> = row
        .shared
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    for s in &shared {
        if !normalized.contains(&normalize_alias(s)) {
            fail(format!(
                "shared alias {s:?} is not among the aliases of {id:?}"
            ));
        }
    }
    let author = row.author.trim().to_string();
    if let Some(kind) = kind
        .filter(|k| !author.is_empty() && !matches!(k, EntityType::Work | EntityType::Publication))
    {
        fail(format!(
            "author given for {id:?}, which is a {kind}, not a work"
        ));
    }
    let ok = errors.is_empty();
    problems.append(&mut errors);
    problems.append(&mut warnings);
    let kind = kind?;
    ok.then(|| {
        let entity = Entity {
            id,
            kind,
            label,
            aliases,
            wikidata: (!wikidata.is_empty()).then_some(wikidata),
            description: row.description.trim().to_string(),
            author: (!author.is_empty()).then_some(author),
            shared,
            origin,
        };
        (entity, normalized)
    })
}

/// Every work's author must be a person of the gazetteer.
fn check_authors(gazetteer: &Gazetteer, problems: &mut Vec<Problem>) {
    for entity in gazetteer.entities() {
        let Some(author) = &entity.author else {
            continue;
        };
        match gazetteer.index_of(author).map(|i| gazetteer.get(i)) {
            None => problems.push(Problem::error(
                &entity.origin,
                format!(
                    "author {author:?} of {:?} is not an id in the gazetteer",
                    entity.id
                ),
            )),
            Some(a) if a.kind != EntityType::Person => problems.push(Problem::error(
                &entity.origin,
                format!(
                    "author {author:?} of {:?} is a {}, not a person",
                    entity.id, a.kind
                ),
            )),
            Some(_) => {}
        }
    }
}

/// A warning for each alias of a row (not its label) that is all capitals
/// and another of its aliases in capitals ("TROTSKY" beside "Trotsky"),
/// which matches as written and in capitals already.
fn capitals_repeated(
    id: &str,
    aliases: &[String],
    normalized: &[String],
    origin: &super::Origin,
) -> Vec<Problem> {
    let has_lower = |f: &str| f.chars().any(char::is_lowercase);
    (1..aliases.len())
        .filter(|&k| !has_lower(&normalized[k]))
        .filter_map(|k| {
            let of = normalized
                .iter()
                .position(|f| has_lower(f) && f.to_uppercase() == normalized[k])?;
            Some(Problem::warning(
                origin,
                format!(
                    "alias {:?} repeated in entity {id:?}: it is {:?} in capitals, which matches as written and in ALL CAPITALS",
                    aliases[k], aliases[of]
                ),
            ))
        })
        .collect()
}

/// Aliases of two entities that are the same in ALL CAPITALS (where an
/// alias with lower-case letters matches too) are shared there: an error
/// on each row that does not list it in `shared`, as for an alias written
/// twice. Two entities that also have an alias as written in common are
/// left to [`check_shared_aliases`]. Returns the capitals so shared, for
/// that check's warning of a `shared` alias that no other entity has.
fn check_capitals(
    gazetteer: &Gazetteer,
    normalized: &[Vec<String>],
    problems: &mut Vec<Problem>,
) -> BTreeSet<String> {
    // Capitals → entity → its aliases that are those capitals.
    let mut by_caps: HashMap<String, BTreeMap<usize, Vec<&str>>> = HashMap::new();
    for (i, forms) in normalized.iter().enumerate() {
        for form in forms {
            let owners = by_caps.entry(form.to_uppercase()).or_default();
            owners.entry(i).or_default().push(form);
        }
    }
    let mut met: Vec<(String, BTreeMap<usize, Vec<&str>>)> = by_caps
        .into_iter()
        .filter(|(_, owners)| owners.len() > 1)
        .collect();
    met.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut shared = BTreeSet::new();
    for (caps, owners) in met {
        let declared = |i: usize| {
            gazetteer
                .get(i)
                .shared
                .iter()
                .any(|s| normalize_alias(s).to_uppercase() == caps)
        };
        let mut conflict = false;
        for (&i, forms) in &owners {
            // Entities with this alias as written are the other check's.
            let others: Vec<String> = owners
                .iter()
                .filter(|(j, theirs)| **j != i && theirs.iter().all(|f| !forms.contains(f)))
                .map(|(&j, theirs)| {
                    let o = gazetteer.get(j);
                    format!("{:?} of {:?} ({})", theirs[0], o.id, o.origin)
                })
                .collect();
            conflict |= !others.is_empty();
            if others.is_empty() || declared(i) {
                continue;
            }
            let e = gazetteer.get(i);
            problems.push(Problem::error(
                &e.origin,
                format!(
                    "alias {:?} of {:?} and alias {} are the same in ALL CAPITALS ({caps:?}), where both match; list it in the `shared` column of every row that has it, or remove one",
                    forms[0],
                    e.id,
                    others.join(", ")
                ),
            ));
        }
        if conflict {
            shared.insert(caps);
        }
    }
    shared
}

/// An alias may belong to two entities only when both list it in `shared`.
/// `normalized` holds each entity's aliases normalised; `met_in_capitals`
/// the capitals that [`check_capitals`] found shared.
fn check_shared_aliases(
    gazetteer: &Gazetteer,
    normalized: &[Vec<String>],
    met_in_capitals: &BTreeSet<String>,
    problems: &mut Vec<Problem>,
) {
    let mut owners: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, forms) in normalized.iter().enumerate() {
        for alias in forms {
            owners.entry(alias.as_str()).or_default().push(i);
        }
    }
    // Only aliases with several owners or declared shared can give a
    // problem; they are reported in alias order.
    let mut suspects: Vec<(&str, Vec<usize>)> = owners
        .into_iter()
        .filter(|(_, owners)| owners.len() > 1 || !gazetteer.get(owners[0]).shared.is_empty())
        .collect();
    suspects.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (alias, owners) in suspects {
        let declared = |i: usize| {
            gazetteer
                .get(i)
                .shared
                .iter()
                .any(|s| normalize_alias(s) == alias)
        };
        if owners.len() == 1 {
            if declared(owners[0]) && !met_in_capitals.contains(&alias.to_uppercase()) {
                let e = gazetteer.get(owners[0]);
                problems.push(Problem::warning(
                    &e.origin,
                    format!(
                        "alias {alias:?} of {:?} is marked shared but no other entity has it",
                        e.id
                    ),
                ));
            }
            continue;
        }
        for &i in &owners {
            if declared(i) {
                continue;
            }
            let e = gazetteer.get(i);
            let others: Vec<String> = owners
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| {
                    let o = gazetteer.get(j);
                    format!("{:?} ({})", o.id, o.origin)
                })
                .collect();
            problems.push(Problem::error(
                &e.origin,
                format!(
                    "alias {alias:?} of {:?} is also an alias of {}; list it in the `shared` column of every row that has it, or remove it",
                    e.id,
                    others.join(", ")
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "id,type,label,aliases,wikidata,description,author,shared\n";

    /// Every problem of a gazetteer made of `rows`, as `gazetteer check`
    /// prints them.
    fn problems(rows: &str) -> Vec<String> {
        let source = Source {
            path: "g.csv".into(),
            text: format!("{HEADER}{rows}"),
        };
        check(&[source]).1.iter().map(|p| p.to_string()).collect()
    }

    /// Aliases that differ only in letter case: one row's all-capitals
    /// alias that is its other alias in capitals is repeated (a warning);
    /// between two rows, aliases the same in capitals are shared there, as
    /// an alias written twice is (an error unless both rows list it).
    #[test]
    fn aliases_the_same_in_capitals() {
        let cases: [(&str, &str, &[&str]); 8] = [
            (
                "capitals of its own alias",
                "t,person,Leon Trotsky,Trotsky|TROTSKY,,,,\n",
                &[
                    "g.csv:2: warning: alias \"TROTSKY\" repeated in entity \"t\": it is \"Trotsky\" in capitals, which matches as written and in ALL CAPITALS",
                ],
            ),
            (
                "capitals of its label, written first",
                "t,person,Trotsky,TROTSKY,,,,\n",
                &[
                    "g.csv:2: warning: alias \"TROTSKY\" repeated in entity \"t\": it is \"Trotsky\" in capitals, which matches as written and in ALL CAPITALS",
                ],
            ),
            ("an acronym and another form", "k,party,KPD,Kpd,,,,\n", &[]),
            (
                "two rows",
                "t,person,Leon Trotsky,Trotsky,,,,\nu,person,Other,TROTSKY,,,,\n",
                &[
                    "g.csv:2: error: alias \"Trotsky\" of \"t\" and alias \"TROTSKY\" of \"u\" (g.csv:3) are the same in ALL CAPITALS (\"TROTSKY\"), where both match; list it in the `shared` column of every row that has it, or remove one",
                    "g.csv:3: error: alias \"TROTSKY\" of \"u\" and alias \"Trotsky\" of \"t\" (g.csv:2) are the same in ALL CAPITALS (\"TROTSKY\"), where both match; list it in the `shared` column of every row that has it, or remove one",
                ],
            ),
            (
                "two rows, both mixed case",
                "a,person,McCarthy,,,,,\nb,person,Mccarthy,,,,,\n",
                &[
                    "g.csv:2: error: alias \"McCarthy\" of \"a\" and alias \"Mccarthy\" of \"b\" (g.csv:3) are the same in ALL CAPITALS (\"MCCARTHY\"), where both match; list it in the `shared` column of every row that has it, or remove one",
                    "g.csv:3: error: alias \"Mccarthy\" of \"b\" and alias \"McCarthy\" of \"a\" (g.csv:2) are the same in ALL CAPITALS (\"MCCARTHY\"), where both match; list it in the `shared` column of every row that has it, or remove one",
                ],
            ),
            (
                "two rows, one lists it",
                "t,person,Leon Trotsky,Trotsky,,,,Trotsky\nu,person,Other,TROTSKY,,,,\n",
                &[
                    "g.csv:3: error: alias \"TROTSKY\" of \"u\" and alias \"Trotsky\" of \"t\" (g.csv:2) are the same in ALL CAPITALS (\"TROTSKY\"), where both match; list it in the `shared` column of every row that has it, or remove one",
                ],
            ),
            (
                "two rows, both list it",
                "t,person,Leon Trotsky,Trotsky,,,,Trotsky\nu,person,Other,TROTSKY,,,,TROTSKY\n",
                &[],
            ),
            (
                "written twice: the duplicate's error only",
                "t,person,Leon Trotsky,Trotsky,,,,\nu,person,Other,Trotsky|TROTSKY,,,,\n",
                &[
                    "g.csv:2: error: alias \"Trotsky\" of \"t\" is also an alias of \"u\" (g.csv:3); list it in the `shared` column of every row that has it, or remove it",
                    "g.csv:3: warning: alias \"TROTSKY\" repeated in entity \"u\": it is \"Trotsky\" in capitals, which matches as written and in ALL CAPITALS",
                    "g.csv:3: error: alias \"Trotsky\" of \"u\" is also an alias of \"t\" (g.csv:2); list it in the `shared` column of every row that has it, or remove it",
                ],
            ),
        ];
        for (name, rows, want) in cases {
            assert_eq!(problems(rows), want, "{name}");
        }
    }

    /// The default gazetteer has neither errors nor warnings (it had
    /// "VKP" beside "VkP").
    #[test]
    fn the_default_gazetteer_is_clean() {
        let (_, problems) = check(&super::super::embedded_sources());
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown, Vec::<String>::new());
    }
}
