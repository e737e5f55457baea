//! Counting co-mentions per window and building the petgraph graphs.

use std::collections::BTreeMap;

use petgraph::graph::{NodeIndex, UnGraph};
use rustc_hash::FxHashMap as HashMap;

use super::{CoMentionGraph, EdgeData, GraphOptions, NodeData, Scope, Window};
use crate::gazetteer::Gazetteer;
use crate::{Analysis, DocumentInfo, Mention};

/// Co-mention counts of one scope: mentions and windows per entity, weight
/// per pair, and the number of windows. A document's counts are all the
/// graph needs of it, so its mentions can be released once counted. The
/// maps hash with FxHash (small integer keys, counted once per mention and
/// pair) and are never read in their own order: graphs are built sorted.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    mentions: HashMap<u32, u64>,
    windows_of: HashMap<u32, u64>,
    pairs: HashMap<(u32, u32), u64>,
    windows: u64,
}

impl Counts {
    /// Adds another scope's counts (all sums of integers, so the order in
    /// which documents are added does not matter).
    pub fn add(&mut self, other: &Counts) {
        for (&e, &n) in &other.mentions {
            *self.mentions.entry(e).or_default() += n;
        }
        for (&e, &n) in &other.windows_of {
            *self.windows_of.entry(e).or_default() += n;
        }
        for (&p, &n) in &other.pairs {
            *self.pairs.entry(p).or_default() += n;
        }
        self.windows += other.windows;
    }
}

/// The counts of one document's mentions (in text order), restricted to the
/// entity types of `options`.
pub fn count_document(
    mentions: &[Mention],
    doc: &DocumentInfo,
    gazetteer: &Gazetteer,
    options: &GraphOptions,
) -> Counts {
    let mut counter = Counter::new(gazetteer, options);
    mentions.iter().for_each(|m| counter.push(m));
    counter.finish(doc)
}

/// Counts a document's mentions fed one at a time in text order, so that a
/// document too large to hold its mentions is counted as it is read.
pub struct Counter<'a> {
    gazetteer: &'a Gazetteer,
    options: &'a GraphOptions,
    counts: Counts,
    /// The window being read (set-based windows): its key, and its
    /// entities in `group` (one buffer for every window).
    key: Option<u64>,
    group: Vec<u32>,
    /// The mentions within reach of the next one (`words:N`): word, entity.
    recent: std::collections::VecDeque<(u64, u32)>,
}

impl<'a> Counter<'a> {
    pub fn new(gazetteer: &'a Gazetteer, options: &'a GraphOptions) -> Self {
        Counter {
            gazetteer,
            options,
            counts: Counts::default(),
            key: None,
            group: Vec::new(),
            recent: std::collections::VecDeque::new(),
        }
    }

    /// Counts the next mention (ignored if its type is not counted).
    pub fn push(&mut self, m: &Mention) {
        let types = &self.options.types;
        if !types.is_empty() && !types.contains(&self.gazetteer.get(m.entity as usize).kind) {
            return;
        }
        *self.counts.mentions.entry(m.entity).or_default() += 1;
        let key = match self.options.window {
            Window::Words(n) => {
                while self.recent.front().is_some_and(|&(w, _)| m.word - w > n) {
                    self.recent.pop_front();
                }
                for &(_, a) in &self.recent {
                    if a != m.entity {
                        *self.counts.pairs.entry(ordered(a, m.entity)).or_default() += 1;
                    }
                }
                self.recent.push_back((m.word, m.entity));
                return;
            }
            Window::Sentence => u64::from(m.sentence),
            Window::Paragraph => u64::from(m.paragraph),
            Window::Section => u64::from(m.section),
            Window::Document => 0,
        };
        if self.key != Some(key) {
            self.close_group();
            self.key = Some(key);
        }
        self.group.push(m.entity);
    }

    /// Counts the pairs of the window just read.
    fn close_group(&mut self) {
        if self.key.take().is_none() {
            return;
        }
        let (set, counts) = (&mut self.group, &mut self.counts);
        set.sort_unstable();
        set.dedup();
        for (i, &a) in set.iter().enumerate() {
            *counts.windows_of.entry(a).or_default() += 1;
            for &b in &set[i + 1..] {
                *counts.pairs.entry((a, b)).or_default() += 1;
            }
        }
        set.clear();
    }

    /// The counts, once every mention of `doc` is pushed.
    pub fn finish(mut self, doc: &DocumentInfo) -> Counts {
        self.close_group();
        self.counts.windows = match self.options.window {
            Window::Sentence => u64::from(doc.sentences),
            Window::Paragraph => u64::from(doc.paragraphs),
            Window::Section => u64::from(doc.sections),
            Window::Document => 1,
            Window::Words(_) => 0,
        };
        self.counts
    }
}

/// The corpus graph first, then one graph per document, from each
/// document's counts (in document order).
pub fn build_from_counts(
    documents: &[Counts],
    gazetteer: &Gazetteer,
    options: &GraphOptions,
) -> Vec<CoMentionGraph> {
    let mut corpus = Counts::default();
    for counts in documents {
        corpus.add(counts);
    }
    let mut graphs = vec![build_scope(gazetteer, &corpus, Scope::Corpus, options)];
    for (index, counts) in documents.iter().enumerate() {
        graphs.push(build_scope(
            gazetteer,
            counts,
            Scope::Document(index as u32),
            options,
        ));
    }
    graphs
}

/// The graphs of an analysis that kept its mentions, built with `options`
/// (which may differ from the ones the analysis was run with).
pub fn build(analysis: &Analysis, options: &GraphOptions) -> Vec<CoMentionGraph> {
    let counts: Vec<Counts> = analysis
        .documents
        .iter()
        .zip(analysis.mentions_by_document())
        .map(|(doc, mine)| count_document(mine, doc, &analysis.gazetteer, options))
        .collect();
    build_from_counts(&counts, &analysis.gazetteer, options)
}

fn ordered(a: u32, b: u32) -> (u32, u32) {
    if a < b { (a, b) } else { (b, a) }
}

/// Builds the graph of one scope from its counts: nodes by entity id, edges
/// by (source id, target id) with source < target.
pub fn build_scope(
    gazetteer: &Gazetteer,
    c: &Counts,
    scope: Scope,
    options: &GraphOptions,
) -> CoMentionGraph {
    let id = |e: u32| gazetteer.get(e as usize).id.as_str();
    let mut entities: Vec<u32> = c.mentions.keys().copied().collect();
    entities.sort_by_key(|&e| id(e));
    let mut g = UnGraph::with_capacity(entities.len(), c.pairs.len());
    let mut node: HashMap<u32, NodeIndex> = HashMap::default();
    for &e in &entities {
        node.insert(
            e,
            g.add_node(NodeData {
                entity: e,
                mentions: c.mentions[&e],
            }),
        );
    }
    let mut edges: BTreeMap<(&str, &str), (u32, u32, u64)> = BTreeMap::new();
    for (&(a, b), &n) in &c.pairs {
        let (a, b) = if id(a) < id(b) { (a, b) } else { (b, a) };
        edges.insert((id(a), id(b)), (a, b, n));
    }
    for (a, b, n_ab) in edges.into_values() {
        let weight = n_ab as f64;
        if weight < options.min_weight {
            continue;
        }
        let data = if options.window.is_set_based() {
            let (n_a, n_b) = (c.windows_of[&a], c.windows_of[&b]);
            EdgeData {
                weight,
                jaccard: Some(n_ab as f64 / (n_a + n_b - n_ab) as f64),
                npmi: Some(npmi(n_ab, n_a, n_b, c.windows)),
            }
        } else {
            EdgeData {
                weight,
                jaccard: None,
                npmi: None,
            }
        };
        g.add_edge(node[&a], node[&b], data);
    }
    CoMentionGraph {
        scope,
        graph: g,
        windows: c.windows,
    }
}

/// Normalised pointwise mutual information; 1 when the pair fills every
/// window. Kept within [-1, 1], which rounding can overstep by an ulp when
/// a and b always come together (1.0000000000000002).
pub fn npmi(n_ab: u64, n_a: u64, n_b: u64, windows: u64) -> f64 {
    if n_ab >= windows {
        return 1.0;
    }
    let w = windows as f64;
    let pmi = (n_ab as f64 * w / (n_a as f64 * n_b as f64)).ln();
    (pmi / -(n_ab as f64 / w).ln()).clamp(-1.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::npmi;

    /// Entities that always come together have an npmi of 1, never an ulp
    /// above it (as the ten pairs of the founding corpus had).
    #[test]
    fn npmi_stays_within_its_bounds() {
        let mut exact = 0;
        for windows in 2..300u64 {
            for k in 1..windows {
                let v = npmi(k, k, k, windows);
                assert!(
                    (-1.0..=1.0).contains(&v),
                    "npmi({k}, {k}, {k}, {windows}) = {v}"
                );
                exact += usize::from(v == 1.0);
            }
        }
        assert!(exact > 30_000, "{exact}");
    }
}
