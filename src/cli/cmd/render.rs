//! `namegraph render`: draw a DOT file written by `analyze` with Graphviz.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use namegraph::export::render::{self, Engine, Format};

/// Draw a graph's DOT file (the best-ranked nodes of the co-mention graph) as
/// SVG or PNG with Graphviz, which must be installed (`apt-get install
/// graphviz`, `brew install graphviz`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The DOT file to draw.
    #[arg(default_value = "out/graph.dot", value_name = "DOT")]
    pub input: PathBuf,

    /// The picture to write. Default: the DOT file's path with the format's
    /// extension.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Picture format.
    #[arg(long, short = 'T', value_enum, default_value_t = FormatArg::Svg)]
    pub format: FormatArg,

    /// Graphviz layout engine: sfdp for large graphs, neato or fdp for small
    /// ones, dot for hierarchies.
    #[arg(long, short = 'K', value_enum, default_value_t = EngineArg::Sfdp)]
    pub engine: EngineArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    Svg,
    Png,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum EngineArg {
    Sfdp,
    Neato,
    Fdp,
    Dot,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Svg => Format::Svg,
            FormatArg::Png => Format::Png,
        }
    }
}

impl From<EngineArg> for Engine {
    fn from(e: EngineArg) -> Engine {
        match e {
            EngineArg::Sfdp => Engine::Sfdp,
            EngineArg::Neato => Engine::Neato,
            EngineArg::Fdp => Engine::Fdp,
            EngineArg::Dot => Engine::Dot,
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (format, engine): (Format, Engine) = (args.format.into(), args.engine.into());
    let dot = std::fs::read_to_string(&args.input)
        .with_context(|| format!("cannot read the DOT file {}", args.input.display()))?;
    let out = args
        .output
        .unwrap_or_else(|| args.input.with_extension(format.as_str()));
    render::render(&dot, format, engine, &out)?;
    warn!("wrote {}", out.display());
    Ok(ExitCode::SUCCESS)
}
