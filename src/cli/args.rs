//! The clap definitions: every subcommand's arguments, and their translation
//! into the library's plain [`Config`].

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use namegraph::graph::{GraphOptions, Window};
use namegraph::{Config, EntityType};

/// Find the people, parties, places and works of a gazetteer in historical
/// texts, and trace every mention to its file and byte offsets.
///
/// With no PATH, the founding corpus and the default gazetteer embedded in the
/// binary are used.
#[derive(Debug, Parser)]
#[command(name = "namegraph", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Analyze(crate::cli::cmd::analyze::Args),
    Rank(crate::cli::cmd::rank::Args),
    Cite(crate::cli::cmd::cite::Args),
    Kwic(crate::cli::cmd::kwic::Args),
    Render(crate::cli::cmd::render::Args),
    /// Work with gazetteer files.
    Gazetteer {
        #[command(subcommand)]
        command: GazetteerCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum GazetteerCommand {
    Check(crate::cli::cmd::gazetteer::Args),
}

/// What to read and how to match: shared by the subcommands that scan.
#[derive(Debug, Clone, Args)]
pub struct CorpusArgs {
    /// Files or directories to analyse (directories are searched recursively).
    /// Default: the founding corpus embedded in the binary.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Which files to read from directories, by name or relative path.
    #[arg(long, default_value = "*.txt", value_name = "GLOB", value_parser = parse_glob)]
    pub glob: String,

    /// Gazetteer CSV file or directory (repeatable); replaces the default.
    #[arg(long = "gazetteer", short = 'g', value_name = "PATH")]
    pub gazetteers: Vec<PathBuf>,

    /// Match aliases in any letter case (default: as written or in ALL CAPITALS).
    #[arg(long, short = 'i')]
    pub ignore_case: bool,

    /// Worker threads (default: one per core). Output does not depend on it.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

impl CorpusArgs {
    pub fn config(&self) -> Config {
        Config {
            inputs: self.paths.clone(),
            glob: self.glob.clone(),
            gazetteers: self.gazetteers.clone(),
            ignore_case: self.ignore_case,
            threads: self.threads.map(usize::from),
            graph: GraphOptions::default(),
            keep_mentions: true,
            keep_graphs: true,
            document_graphs: namegraph::config::DocumentGraphs::All,
            keep_references: true,
            ..Config::default()
        }
    }
}

/// How the co-mention graph is built: shared by `analyze` and `rank`.
#[derive(Debug, Clone, Args)]
pub struct GraphArgs {
    /// What counts as a co-mention: sentence, paragraph, section, document, or
    /// words:N (mentions at most N words apart).
    #[arg(long, default_value = "sentence", value_name = "WINDOW")]
    pub window: Window,

    /// Only entities of these types, comma-separated (person, party,
    /// organisation, place, work, publication, event). Default: all.
    #[arg(long, value_delimiter = ',', value_parser = parse_type, value_name = "TYPES")]
    pub types: Vec<EntityType>,

    /// Drop edges lighter than this before any metric is computed (nodes stay).
    #[arg(long, default_value_t = 0.0, value_name = "N")]
    pub min_weight: f64,
}

impl GraphArgs {
    pub fn options(&self) -> GraphOptions {
        GraphOptions {
            window: self.window,
            types: self.types.clone(),
            min_weight: self.min_weight,
        }
    }
}

/// A `--glob` pattern, checked here so that a malformed one is a usage
/// error (exit status 2) like any other bad argument.
fn parse_glob(s: &str) -> Result<String, String> {
    namegraph::corpus::glob_matcher(s)
        .map(|_| s.to_string())
        .map_err(|e| match e {
            namegraph::Error::Glob { message, .. } => format!("not a valid glob: {message}"),
            other => other.to_string(),
        })
}

fn parse_type(s: &str) -> Result<EntityType, String> {
    EntityType::parse(s).ok_or_else(|| {
        let names: Vec<&str> = EntityType::ALL.iter().map(|t| t.as_str()).collect();
        format!("unknown type {s:?}; expected one of {}", names.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_valid() {
        super::Cli::command().debug_assert();
    }
}
