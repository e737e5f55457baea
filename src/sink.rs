//! What a run hands each document to as soon as it is analysed, so that
//! nothing of a document need be kept once its outputs are written.
//!
//! A [`Sink`] works in two steps: [`render`](Sink::render) runs on the
//! worker that analysed the document, in parallel with other documents (it
//! may write files that depend on that document alone), and
//! [`write`](Sink::write) takes what it made, one document at a time in
//! input order (rows appended to the run's tables). The CLI's sink is
//! [`export::OutputWriter`](crate::export::OutputWriter).

use crate::citation::DocumentCitations;
use crate::corpus::{DocumentSource, Probe};
use crate::error::Result;
use crate::gazetteer::Gazetteer;
use crate::mention::Mentions;
use crate::scanner::Matcher;
use crate::{DocumentInfo, graph, metrics};

/// One document's results: its facts, mentions (in text order), citations,
/// and its co-mention graph with the graph's metrics.
#[derive(Debug, Clone, Copy)]
pub struct DocumentView<'a> {
    pub info: &'a DocumentInfo,
    pub mentions: Mentions<'a>,
    pub citations: &'a DocumentCitations,
    /// `None` when the run builds no graph of its own for this document
    /// ([`Config::document_graphs`](crate::Config::document_graphs)).
    pub graph: Option<(&'a graph::CoMentionGraph, &'a metrics::Metrics)>,
    /// The document as found, when the run read it (not for an
    /// [`Analysis`](crate::Analysis) written afterwards), for a sink that
    /// reads it again.
    pub source: Option<&'a DocumentSource>,
    /// How a file too large to hold was read, a chunk at a time, and the
    /// automaton whose aliases its cuts avoid, so that a sink that reads it
    /// again reads the same chunks; `None`: read whole.
    pub streamed: Option<(Probe, &'a Matcher)>,
}

/// Receives the documents of a run as they are analysed.
pub trait Sink {
    /// What [`render`](Sink::render) needs, shared by the workers.
    type Plan: Sync;
    /// What [`render`](Sink::render) makes of one document.
    type Rendered: Send;

    /// The plan for this run, taken once before the first document is read,
    /// with the run's gazetteer (an error stops the run before it reads).
    fn plan(&self, gazetteer: &Gazetteer) -> Result<Self::Plan>;

    /// Prepares one document's outputs, on a worker, in parallel with
    /// other documents.
    fn render(
        plan: &Self::Plan,
        gazetteer: &Gazetteer,
        doc: &DocumentView,
    ) -> Result<Self::Rendered>;

    /// Takes one document's rendered outputs, in input order.
    fn write(&mut self, rendered: Self::Rendered) -> Result<()>;
}

/// Keeps nothing: for runs whose results are all in the
/// [`Analysis`](crate::Analysis).
impl Sink for () {
    type Plan = ();
    type Rendered = ();

    fn plan(&self, _: &Gazetteer) -> Result<()> {
        Ok(())
    }

    fn render(_: &(), _: &Gazetteer, _: &DocumentView) -> Result<()> {
        Ok(())
    }

    fn write(&mut self, _: ()) -> Result<()> {
        Ok(())
    }
}
