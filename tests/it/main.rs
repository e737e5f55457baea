//! The integration tests: one binary, one module per concern.

mod bad_input;
mod citations;
mod cli;
mod determinism;
mod exports;
mod graph;
mod matching;
mod metrics;
mod per_document;
mod provenance;
mod regression;
mod streaming;
mod util;
