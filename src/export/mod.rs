//! Writing results. Every exporter is a pure function to bytes; [`write_atomic`]
//! is the one place that writes files: to a temporary file in the target
//! directory, then renamed, so a failed run never leaves a half-written file.

pub mod csv;
pub mod dot;
pub mod gephi;
pub mod gexf;
pub mod graphml;
pub mod json;
pub mod layout;
pub mod model;
pub mod palette;
pub mod render;
pub mod style;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Analysis;
use crate::error::{Error, Result};

/// Writes `bytes` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(err)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".namegraph-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    // A temporary file is created private (0600); outputs are ordinary files.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::Permissions::from_mode(0o644);
        tmp.as_file().set_permissions(mode).map_err(err)?;
    }
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// Renders every table first, then writes them; returns the paths written.
pub fn write_tables(analysis: &Analysis, out_dir: &Path) -> Result<Vec<PathBuf>> {
    let files = [
        ("mentions.csv", csv::mentions(analysis)),
        ("entities.csv", csv::entities(analysis)),
        ("documents.csv", csv::documents(analysis)),
    ];
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = out_dir.join(name);
        write_atomic(&path, &bytes?)?;
        written.push(path);
    }
    Ok(written)
}
