//! Rankings: the most central entities of a scope by one metric.

use std::fmt;
use std::str::FromStr;

use crate::gazetteer::Gazetteer;
use crate::graph::CoMentionGraph;
use crate::metrics::{Metrics, NodeMetrics};

/// A numeric column of `metrics.csv` that entities can be ranked by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Metric {
    Mentions,
    Degree,
    Strength,
    Betweenness,
    Closeness,
    BetweennessW,
    ClosenessW,
    Eigenvector,
    #[default]
    Pagerank,
}

impl Metric {
    pub const ALL: [Metric; 9] = [
        Metric::Mentions,
        Metric::Degree,
        Metric::Strength,
        Metric::Betweenness,
        Metric::Closeness,
        Metric::BetweennessW,
        Metric::ClosenessW,
        Metric::Eigenvector,
        Metric::Pagerank,
    ];

    /// The column name.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Mentions => "mentions",
            Metric::Degree => "degree",
            Metric::Strength => "strength",
            Metric::Betweenness => "betweenness",
            Metric::Closeness => "closeness",
            Metric::BetweennessW => "betweenness_w",
            Metric::ClosenessW => "closeness_w",
            Metric::Eigenvector => "eigenvector",
            Metric::Pagerank => "pagerank",
        }
    }

    /// The value of this metric for a node with `mentions` mentions.
    pub fn value(self, m: &NodeMetrics, mentions: u64) -> f64 {
        match self {
            Metric::Mentions => mentions as f64,
            Metric::Degree => m.degree as f64,
            Metric::Strength => m.strength,
            Metric::Betweenness => m.betweenness,
            Metric::Closeness => m.closeness,
            Metric::BetweennessW => m.betweenness_w,
            Metric::ClosenessW => m.closeness_w,
            Metric::Eigenvector => m.eigenvector,
            Metric::Pagerank => m.pagerank,
        }
    }

    /// Whether values are whole numbers (written without a fraction).
    pub fn is_count(self) -> bool {
        matches!(self, Metric::Mentions | Metric::Degree)
    }
}

impl FromStr for Metric {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Metric::ALL
            .into_iter()
            .find(|m| m.as_str() == s.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = Metric::ALL.iter().map(|m| m.as_str()).collect();
                format!("unknown metric {s:?}; expected one of {}", names.join(", "))
            })
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One ranked entity: its node in the graph and its value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    pub node: usize,
    pub value: f64,
}

/// The `top` nodes of a graph by `metric`, highest first; ties by entity id.
pub fn rank(
    graph: &CoMentionGraph,
    metrics: &Metrics,
    gazetteer: &Gazetteer,
    metric: Metric,
    top: usize,
) -> Vec<Ranked> {
    let g = &graph.graph;
    let id = |node: usize| {
        gazetteer
            .get(g.raw_nodes()[node].weight.entity as usize)
            .id
            .as_str()
    };
    let mut ranked: Vec<Ranked> = metrics
        .nodes
        .iter()
        .enumerate()
        .map(|(node, m)| Ranked {
            node,
            value: metric.value(m, g.raw_nodes()[node].weight.mentions),
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then_with(|| id(a.node).cmp(id(b.node)))
    });
    ranked.truncate(top);
    ranked
}
