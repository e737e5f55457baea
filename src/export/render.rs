//! Drawing a DOT file with Graphviz, through graphviz-rust's `exec_dot`
//! (which runs the `dot` program with `-K{engine} -T{format}`). Graphviz is
//! an optional run-time tool, not a build dependency: without it every other
//! output still works and [`render`] says how to install it.
//!
//! The picture is produced in memory and then written with
//! [`write_atomic`](super::write_atomic), so a failed run leaves no
//! half-written file.

use std::fmt;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use graphviz_rust::cmd::{CommandArg, Format as GvFormat, Layout as GvLayout};

/// Output format of the picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
}

/// Graphviz layout engine. `sfdp` suits large undirected graphs; `neato` and
/// `fdp` small ones; `dot` draws hierarchies (citation graphs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sfdp,
    Neato,
    Fdp,
    Dot,
}

impl Format {
    /// The name used on the command line and as the file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
        }
    }
}

impl Engine {
    /// The name of the Graphviz program.
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Sfdp => "sfdp",
            Engine::Neato => "neato",
            Engine::Fdp => "fdp",
            Engine::Dot => "dot",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "svg" => Ok(Format::Svg),
            "png" => Ok(Format::Png),
            _ => Err(format!("unknown format {s:?}; expected svg or png")),
        }
    }
}

impl FromStr for Engine {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "sfdp" => Ok(Engine::Sfdp),
            "neato" => Ok(Engine::Neato),
            "fdp" => Ok(Engine::Fdp),
            "dot" => Ok(Engine::Dot),
            _ => Err(format!(
                "unknown engine {s:?}; expected sfdp, neato, fdp or dot"
            )),
        }
    }
}

/// Why a picture could not be made.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The `dot` program is not on `PATH`.
    #[error(
        "Graphviz is not installed (no `dot` program on PATH), so no picture can be drawn; \
         install it with `apt-get install graphviz` (Debian, Ubuntu), `brew install graphviz` \
         (macOS) or from https://graphviz.org/download/"
    )]
    GraphvizMissing,

    /// Graphviz ran and failed.
    #[error("Graphviz ({engine}, {format}) failed to draw {}: {message}", out.display())]
    Failed {
        engine: Engine,
        format: Format,
        out: PathBuf,
        message: String,
    },

    /// The picture could not be written.
    #[error(transparent)]
    Write(#[from] crate::error::Error),
}

/// Draws the DOT text `dot` with `engine` as `format` into `out`.
pub fn render(dot: &str, format: Format, engine: Engine, out: &Path) -> Result<(), RenderError> {
    let args = vec![
        CommandArg::Layout(gv_layout(engine)),
        CommandArg::Format(gv_format(format)),
    ];
    let bytes = graphviz_rust::exec_dot(dot.to_string(), args).map_err(|e| {
        if e.kind() == ErrorKind::NotFound {
            RenderError::GraphvizMissing
        } else {
            RenderError::Failed {
                engine,
                format,
                out: out.to_path_buf(),
                message: e.to_string().trim().to_string(),
            }
        }
    })?;
    super::write_atomic(out, &bytes)?;
    Ok(())
}

fn gv_layout(engine: Engine) -> GvLayout {
    match engine {
        Engine::Sfdp => GvLayout::Sfdp,
        Engine::Neato => GvLayout::Neato,
        Engine::Fdp => GvLayout::Fdp,
        Engine::Dot => GvLayout::Dot,
    }
}

fn gv_format(format: Format) -> GvFormat {
    match format {
        Format::Svg => GvFormat::Svg,
        Format::Png => GvFormat::Png,
    }
}
