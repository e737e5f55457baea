//! Merging the works of all documents into one table, linking works and
//! authors to the gazetteer, and counting citations: [`build`].
//!
//! A document's works become corpus works by key: the gazetteer entity when
//! the title matches a work (or publication) entity's label or alias (and
//! its author, when both are known); otherwise the authors' surnames and the
//! title's letters and digits (see [`title_key`]). An author is a gazetteer
//! person when exactly one person has that surname (label's last word or a
//! one-word alias), otherwise the surname itself.
//!
//! Ids: the gazetteer id for linked works and authors, else a slug
//! (`trotsky-my-life`, `pravda`, `serge-untitled`, `eastman`). Works and
//! authors are sorted by id; citing units follow the documents (input order)
//! and their units (text order).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use petgraph::graph::{DiGraph, UnGraph};

use super::graph;
use super::reference::{Kind, title_key};
use super::{CitationNode, DocumentCitations, LocalWork};
use crate::diagnostic::Diagnostic;
use crate::gazetteer::{EntityType, Gazetteer};

/// A work cited somewhere in the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Work {
    pub id: String,
    pub title: String,
    /// Indexes into [`CitationAnalysis::authors`].
    pub authors: Vec<usize>,
    pub year: Option<u16>,
    /// The gazetteer entity (index), when linked.
    pub entity: Option<usize>,
    /// How it was first cited: full, short (no full reference seen),
    /// newspaper, archive or inline.
    pub kind: Kind,
    /// References (inline: mentions) resolved to it.
    pub citations: u64,
    /// Citing units that cite it.
    pub units: u64,
}

/// An author of cited works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorEntry {
    pub id: String,
    pub label: String,
    pub entity: Option<usize>,
    /// References to their works.
    pub citations: u64,
}

/// A citing unit: a chapter (or introduction) of a document with notes, or
/// a whole document citing inline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitingUnit {
    /// `document/unit`, or the document id.
    pub id: String,
    /// Index into [`CitationAnalysis::documents`].
    pub document: usize,
    /// Index into the document's units; `None` for the whole document.
    pub unit: Option<usize>,
    pub label: String,
}

/// The citations of a corpus.
#[derive(Debug, Clone, Default)]
pub struct CitationAnalysis {
    /// Each document's units, references (unless released), cites and
    /// local works, in input order.
    pub documents: Vec<DocumentCitations>,
    /// Sorted by id.
    pub works: Vec<Work>,
    /// Sorted by id.
    pub authors: Vec<AuthorEntry>,
    pub units: Vec<CitingUnit>,
    /// Per document, per reference: the corpus work (index into `works`).
    pub work_of: Vec<Vec<Option<usize>>>,
    /// Per document, per reference: the citing unit (index into `units`).
    pub unit_of: Vec<Vec<usize>>,
    /// Citing unit → work (weight: references), work → author (weight 1).
    pub citation_graph: DiGraph<CitationNode, u64>,
    /// Works cited in the same unit; weight: number of such units.
    pub work_cocitation: UnGraph<CitationNode, f64>,
    /// Authors cited in the same unit; weight: number of such units.
    pub author_cocitation: UnGraph<CitationNode, f64>,
    /// The documents' diagnostics, in document order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Gazetteer look-ups for linking.
struct Links<'g> {
    gazetteer: &'g Gazetteer,
    person_by_surname: HashMap<String, Vec<usize>>,
    work_by_title: HashMap<(String, String), Vec<usize>>,
}

impl<'g> Links<'g> {
    fn new(gazetteer: &'g Gazetteer) -> Self {
        let mut person_by_surname: HashMap<String, Vec<usize>> = HashMap::new();
        let mut work_by_title: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, e) in gazetteer.entities().iter().enumerate() {
            match e.kind {
                EntityType::Person => {
                    let mut keys = BTreeSet::new();
                    if let Some(last) = e.label.split_whitespace().last() {
                        keys.insert(last.to_lowercase());
                    }
                    for a in &e.aliases {
                        if !a.contains(' ') {
                            keys.insert(a.to_lowercase());
                        }
                    }
                    for k in keys {
                        person_by_surname.entry(k).or_default().push(i);
                    }
                }
                EntityType::Work | EntityType::Publication => {
                    let keys: BTreeSet<(String, String)> = e
                        .aliases
                        .iter()
                        .chain([&e.label])
                        .map(|a| title_key(a))
                        .collect();
                    for k in keys.into_iter().filter(|k| !k.0.is_empty()) {
                        work_by_title.entry(k).or_default().push(i);
                    }
                }
                _ => {}
            }
        }
        Links {
            gazetteer,
            person_by_surname,
            work_by_title,
        }
    }

    fn person(&self, surname: &str) -> Option<usize> {
        match self
            .person_by_surname
            .get(&surname.to_lowercase())?
            .as_slice()
        {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// The work entity for a local work: same title, and the same author
    /// when both name one.
    fn work(&self, w: &LocalWork) -> Option<usize> {
        let title = w.title.as_deref()?;
        let candidates = self.work_by_title.get(&title_key(title))?;
        let persons: Vec<Option<usize>> =
            w.authors.iter().map(|a| self.person(&a.surname)).collect();
        let fits = |&&e: &&usize| {
            let author = self.gazetteer.get(e).author.as_deref();
            match (
                author.and_then(|id| self.gazetteer.index_of(id)),
                persons.is_empty(),
            ) {
                (Some(p), false) => persons.contains(&Some(p)),
                _ => true,
            }
        };
        let fitting: Vec<&usize> = candidates.iter().filter(fits).collect();
        match fitting.as_slice() {
            [one] => Some(**one),
            _ => None,
        }
    }
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Working state of a corpus work while documents are merged.
struct Draft {
    title: Option<String>,
    authors: Vec<(String, String, Option<usize>)>,
    year: Option<u16>,
    entity: Option<usize>,
    kind: Kind,
    has_full: bool,
}

/// Merges the documents' citations into a [`CitationAnalysis`].
pub fn build(docs: Vec<DocumentCitations>, gazetteer: &Gazetteer) -> CitationAnalysis {
    let mut merger = Merger::new(gazetteer);
    docs.into_iter().for_each(|doc| merger.add(doc));
    merger.finish()
}

/// Merges documents' citations one at a time, as a run reads them: each
/// document's works are merged by key at once, so that a document whose
/// references were released ([`DocumentCitations::release_references`])
/// keeps only its cites and units, not its works.
pub struct Merger<'g> {
    links: Links<'g>,
    /// Key → (the order it was first seen in, the work so far).
    drafts: BTreeMap<String, (usize, Draft)>,
    docs: Vec<DocumentCitations>,
    /// Per document, per local work: its draft (the order in `drafts`).
    local_keys: Vec<Vec<usize>>,
}

impl<'g> Merger<'g> {
    pub fn new(gazetteer: &'g Gazetteer) -> Self {
        Merger {
            links: Links::new(gazetteer),
            drafts: BTreeMap::new(),
            docs: Vec::new(),
            local_keys: Vec::new(),
        }
    }

    /// Adds the next document (input order).
    pub fn add(&mut self, mut doc: DocumentCitations) {
        let mut keys = Vec::with_capacity(doc.works.len());
        for w in &doc.works {
            let (key, draft) = draft(w, &self.links);
            let seen = self.drafts.len();
            let (order, slot) = self.drafts.entry(key).or_insert_with(|| {
                let first = Draft {
                    has_full: false,
                    ..draft.clone_shallow()
                };
                (seen, first)
            });
            if !slot.has_full && w.full.is_some() {
                *slot = Draft {
                    has_full: true,
                    ..draft
                };
            }
            keys.push(*order);
        }
        if !doc.has_references() {
            doc.works = Vec::new();
        }
        self.local_keys.push(keys);
        self.docs.push(doc);
    }

    /// The corpus's works, authors, counts and graphs.
    pub fn finish(self) -> CitationAnalysis {
        let Merger {
            links,
            drafts,
            docs,
            local_keys,
        } = self;
        let gazetteer = links.gazetteer;
        let mut key_of = vec![""; drafts.len()];
        for (key, (order, _)) in &drafts {
            key_of[*order] = key.as_str();
        }
        let drafts: BTreeMap<&str, &Draft> =
            drafts.iter().map(|(k, (_, d))| (k.as_str(), d)).collect();
        merge(docs, &drafts, &key_of, &local_keys, gazetteer)
    }
}

/// The merge proper, once every document's works have a key: the key of
/// document `d`'s local work `w` is `key_of[local_keys[d][w]]`.
fn merge(
    docs: Vec<DocumentCitations>,
    drafts: &BTreeMap<&str, &Draft>,
    key_of: &[&str],
    local_keys: &[Vec<usize>],
    gazetteer: &Gazetteer,
) -> CitationAnalysis {
    // Authors: key → (label, entity).
    let mut author_keys: BTreeMap<String, (String, Option<usize>)> = BTreeMap::new();
    for d in drafts.values() {
        for (key, label, entity) in &d.authors {
            let slot = author_keys
                .entry(key.clone())
                .or_insert_with(|| (label.clone(), *entity));
            if label.len() > slot.0.len() || (label.len() == slot.0.len() && *label < slot.0) {
                slot.0 = label.clone();
            }
        }
    }
    let author_ids = ids(author_keys.iter().map(|(k, (label, e))| {
        (
            k.clone(),
            e.map_or_else(
                || slug(label.rsplit(' ').next().unwrap_or(label)),
                |e| gazetteer.get(e).id.clone(),
            ),
        )
    }));
    let mut authors: Vec<AuthorEntry> = author_keys
        .iter()
        .map(|(k, (label, entity))| AuthorEntry {
            id: author_ids[k].clone(),
            label: entity.map_or_else(|| label.clone(), |e| gazetteer.get(e).label.clone()),
            entity: *entity,
            citations: 0,
        })
        .collect();
    authors.sort_by(|a, b| a.id.cmp(&b.id));
    let author_index: HashMap<String, usize> = author_keys
        .keys()
        .map(|k| {
            (
                k.clone(),
                sorted_position(&authors, &author_ids[k], |a| &a.id),
            )
        })
        .collect();
    let work_ids = ids(drafts
        .iter()
        .map(|(k, d)| (k.to_string(), work_slug(d, gazetteer))));
    let mut works: Vec<Work> = drafts
        .iter()
        .map(|(k, d)| {
            let mut a: Vec<usize> = d.authors.iter().map(|x| author_index[&x.0]).collect();
            a.dedup();
            Work {
                id: work_ids[*k].clone(),
                title: d
                    .title
                    .clone()
                    .or_else(|| d.entity.map(|e| gazetteer.get(e).label.clone()))
                    .unwrap_or_default(),
                authors: a,
                year: d.year,
                entity: d.entity,
                kind: d.kind,
                citations: 0,
                units: 0,
            }
        })
        .collect();
    works.sort_by(|a, b| a.id.cmp(&b.id));
    let work_index: HashMap<&str, usize> = drafts
        .keys()
        .map(|k| (*k, sorted_position(&works, &work_ids[*k], |w| &w.id)))
        .collect();

    let mut units = Vec::new();
    let mut work_of = Vec::new();
    let mut unit_of = Vec::new();
    let mut diagnostics = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let first_unit = units.len();
        for (u, unit) in doc.units.iter().enumerate() {
            units.push(CitingUnit {
                id: format!("{}/{}", doc.document, unit.id),
                document: d,
                unit: Some(u),
                label: format!("{}: {}", doc.document, unit.label),
            });
        }
        let whole = doc.cites.iter().any(|r| r.unit.is_none()).then(|| {
            units.push(CitingUnit {
                id: doc.document.clone(),
                document: d,
                unit: None,
                label: doc.document.clone(),
            });
            units.len() - 1
        });
        work_of.push(
            doc.cites
                .iter()
                .map(|r| r.work.map(|w| work_index[key_of[local_keys[d][w]]]))
                .collect::<Vec<_>>(),
        );
        unit_of.push(
            doc.cites
                .iter()
                .map(|r| r.unit.map_or(whole.unwrap_or(0), |u| first_unit + u))
                .collect::<Vec<_>>(),
        );
        diagnostics.extend(doc.diagnostics.iter().cloned());
    }
    // Counts.
    let mut cited_in: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (d, doc) in docs.iter().enumerate() {
        for (r, reference) in doc.cites.iter().enumerate() {
            if let Some(w) = work_of[d][r] {
                works[w].citations += reference.count;
                for &a in &works[w].authors.clone() {
                    authors[a].citations += reference.count;
                }
                cited_in.insert((w, unit_of[d][r]));
            }
        }
    }
    for &(w, _) in &cited_in {
        works[w].units += 1;
    }
    let mut analysis = CitationAnalysis {
        documents: docs,
        works,
        authors,
        units,
        work_of,
        unit_of,
        citation_graph: DiGraph::new(),
        work_cocitation: UnGraph::new_undirected(),
        author_cocitation: UnGraph::new_undirected(),
        diagnostics,
    };
    analysis.citation_graph = graph::citation_graph(&analysis, gazetteer);
    analysis.work_cocitation = graph::work_cocitation(&analysis, gazetteer);
    analysis.author_cocitation = graph::author_cocitation(&analysis, gazetteer);
    analysis
}

impl Draft {
    fn clone_shallow(&self) -> Draft {
        Draft {
            title: self.title.clone(),
            authors: self.authors.clone(),
            year: self.year,
            entity: self.entity,
            kind: self.kind,
            has_full: self.has_full,
        }
    }
}

/// The corpus key of a local work and what it contributes.
fn draft(w: &LocalWork, links: &Links) -> (String, Draft) {
    let entity = links.work(w);
    let g = links.gazetteer;
    let mut authors: Vec<(String, String, Option<usize>)> = w
        .authors
        .iter()
        .map(|a| match links.person(&a.surname) {
            Some(p) => (format!("e:{}", g.get(p).id), a.display(), Some(p)),
            None => (format!("s:{}", a.surname.to_lowercase()), a.display(), None),
        })
        .collect();
    if authors.is_empty()
        && let Some(p) = entity
            .and_then(|e| g.get(e).author.as_deref())
            .and_then(|id| g.index_of(id))
    {
        authors.push((
            format!("e:{}", g.get(p).id),
            g.get(p).label.clone(),
            Some(p),
        ));
    }
    let key = match entity {
        Some(e) => format!("e:{}", g.get(e).id),
        None => {
            let names: Vec<&str> = authors.iter().map(|a| a.0.as_str()).collect();
            let (letters, digits) = w.title.as_deref().map(title_key).unwrap_or_default();
            format!("k:{}|{letters}|{digits}", names.join(";"))
        }
    };
    let draft = Draft {
        title: w.title.clone(),
        authors,
        year: w.year,
        entity,
        kind: w.kind,
        has_full: w.full.is_some(),
    };
    (key, draft)
}

fn work_slug(d: &Draft, g: &Gazetteer) -> String {
    if let Some(e) = d.entity {
        return g.get(e).id.clone();
    }
    let surnames: Vec<String> = d
        .authors
        .iter()
        .map(|a| slug(a.1.rsplit(' ').next().unwrap_or(&a.1)))
        .collect();
    let title = d.title.as_deref().map(slug).unwrap_or_default();
    match (surnames.is_empty(), title.is_empty()) {
        (true, _) => title,
        (false, true) => format!("{}-untitled", surnames.join("-")),
        (false, false) => format!("{}-{title}", surnames.join("-")),
    }
}

/// Makes ids unique in key order by adding `-2`, `-3` ...
fn ids(pairs: impl Iterator<Item = (String, String)>) -> HashMap<String, String> {
    let mut used = BTreeSet::new();
    // Per base, the last suffix it took: every smaller one is taken, and
    // stays taken, so the search for a free one starts after it (thousands
    // of untitled works would otherwise try every suffix each time).
    let mut last: HashMap<String, u32> = HashMap::new();
    let mut out = HashMap::new();
    for (key, base) in pairs {
        let base = if base.is_empty() {
            "untitled".to_string()
        } else {
            base
        };
        // Suffix 1 is the base itself.
        let n = last.entry(base.clone()).or_insert(0);
        let id = loop {
            *n += 1;
            let id = if *n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            if used.insert(id.clone()) {
                break id;
            }
        };
        out.insert(key, id);
    }
    out
}

/// Where the item whose id is `id` is in `items`, sorted by `id_of` with
/// unique ids (as [`ids`] makes them); 0 when it is not there.
fn sorted_position<T>(items: &[T], id: &str, id_of: impl Fn(&T) -> &String) -> usize {
    items
        .binary_search_by(|item| id_of(item).as_str().cmp(id))
        .unwrap_or(0)
}

impl CitationAnalysis {
    /// The `k` most cited works, of one document or (with `None`) of the
    /// corpus: `(work index, references)`, most first, ties by id.
    pub fn top_works(&self, document: Option<usize>, k: usize) -> Vec<(usize, u64)> {
        let mut counts = vec![0u64; self.works.len()];
        self.each_citation(document, |w, n| counts[w] += n);
        rank(counts, k)
    }

    /// The `k` most cited authors (references to their works), as
    /// [`CitationAnalysis::top_works`].
    pub fn top_authors(&self, document: Option<usize>, k: usize) -> Vec<(usize, u64)> {
        let mut counts = vec![0u64; self.authors.len()];
        self.each_citation(document, |w, n| {
            for &a in &self.works[w].authors {
                counts[a] += n;
            }
        });
        rank(counts, k)
    }

    fn each_citation(&self, document: Option<usize>, mut f: impl FnMut(usize, u64)) {
        for (d, doc) in self.documents.iter().enumerate() {
            if document.is_some_and(|x| x != d) {
                continue;
            }
            for (r, reference) in doc.cites.iter().enumerate() {
                if let Some(w) = self.work_of[d][r] {
                    f(w, reference.count);
                }
            }
        }
    }

    /// How many references of each kind, in [`Kind::ALL`] order.
    pub fn kind_counts(&self) -> Vec<(Kind, u64)> {
        Kind::ALL
            .iter()
            .map(|&k| {
                let n = self
                    .documents
                    .iter()
                    .flat_map(|d| &d.cites)
                    .filter(|r| r.kind == k)
                    .count() as u64;
                (k, n)
            })
            .collect()
    }
}

/// Non-zero counts, highest first; ties by index (ids are sorted).
fn rank(counts: Vec<u64>, k: usize) -> Vec<(usize, u64)> {
    let mut ranked: Vec<(usize, u64)> = counts
        .into_iter()
        .enumerate()
        .filter(|&(_, n)| n > 0)
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(k);
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids_of(pairs: &[(&str, &str)]) -> Vec<String> {
        let made = ids(pairs.iter().map(|(k, b)| (k.to_string(), b.to_string())));
        pairs.iter().map(|(k, _)| made[*k].clone()).collect()
    }

    #[test]
    fn ids_take_the_first_free_suffix_of_their_base() {
        let pairs = [
            ("k1", "b"),
            ("k2", "b"),
            ("k3", "b-2"),
            ("k4", "b-4"),
            ("k5", "b"),
            ("k6", "b"),
            ("k7", ""),
            ("k8", "untitled"),
            ("k9", ""),
        ];
        let want = [
            "b",
            "b-2",
            "b-2-2",
            "b-4",
            "b-3",
            "b-5",
            "untitled",
            "untitled-2",
            "untitled-3",
        ];
        assert_eq!(ids_of(&pairs), want);
    }

    #[test]
    fn many_works_of_one_base_are_numbered_in_order() {
        let keys: Vec<String> = (0..3000).map(|i| format!("k{i}")).collect();
        let pairs: Vec<(&str, &str)> = keys.iter().map(|k| (k.as_str(), "")).collect();
        let got = ids_of(&pairs);
        assert_eq!(got[0], "untitled");
        for (i, id) in got.iter().enumerate().skip(1) {
            assert_eq!(*id, format!("untitled-{}", i + 1));
        }
    }

    #[test]
    fn a_sorted_position_is_the_index_of_the_id() {
        let items: Vec<String> = ["alpha", "beta", "beta-2", "gamma"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        for (i, id) in items.iter().enumerate() {
            assert_eq!(sorted_position(&items, id, |s| s), i);
        }
        assert_eq!(sorted_position(&items, "delta", |s| s), 0);
    }
}
