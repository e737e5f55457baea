//! The hidden staging directory that `analyze` writes its outputs into
//! before moving them into place, and the removal of those that earlier
//! runs left behind.
//!
//! A run stopped by a signal removes its own staging directory
//! ([`crate::cleanup`]), but one killed outright (`kill -9`, the OOM
//! killer, a power cut) cannot, and its directory, as large as the
//! outputs, would stay hidden in the output directory for good. So each
//! staging directory says who owns it: its name carries the owner's
//! process id (`.namegraph-<pid>-<random>`) and an `owner` file inside it
//! the host, the process id namespace and the process's start time (which
//! tells a process from a later one given the same id). The next run into
//! the same directory removes a staging directory only when its owner is
//! known to be gone: same host and namespace, and no process with that id
//! started at that time. Whatever cannot be told (another machine sharing
//! the directory, another container, no `/proc`, a directory of an older
//! version without an `owner` file, one whose `owner` file is not yet
//! written) is left alone.

use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};

/// The start of every name this crate gives a temporary path.
const PREFIX: &str = ".namegraph-";
/// The file inside a staging directory that names its owner.
const OWNER: &str = "owner";

/// Creates a staging directory in `dir`, owned by this process.
pub(crate) fn create(dir: &Path) -> Result<tempfile::TempDir> {
    let err = |source| Error::Write {
        path: dir.to_path_buf(),
        source,
    };
    let staging = tempfile::Builder::new()
        .prefix(&format!("{PREFIX}{}-", std::process::id()))
        .tempdir_in(dir)
        .map_err(err)?;
    if let Some(me) = Owner::of(std::process::id()) {
        let path = staging.path().join(OWNER);
        std::fs::write(&path, me.to_text()).map_err(|source| Error::Write { path, source })?;
    }
    Ok(staging)
}

/// Removes the staging directories in `dir` whose owners are gone, and
/// says which (and any it could not remove) as warnings.
pub(crate) fn remove_stale(dir: &Path) -> Vec<Diagnostic> {
    let (Some(me), Ok(entries)) = (Owner::of(std::process::id()), std::fs::read_dir(dir)) else {
        return Vec::new();
    };
    let mut stale: Vec<(std::path::PathBuf, u32)> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|entry| {
            let pid = owner_pid(&entry.file_name().to_string_lossy())?;
            let path = entry.path();
            let text = std::fs::read_to_string(path.join(OWNER)).ok()?;
            let owner = Owner::from_text(&text)?;
            owner.is_gone(pid, &me).then_some((path, pid))
        })
        .collect();
    stale.sort();
    stale
        .into_iter()
        .map(|(path, pid)| {
            let shown = path.display().to_string();
            match std::fs::remove_dir_all(&path) {
                Ok(()) => Diagnostic::warning(
                    shown,
                    format!(
                        "removed: the staging directory of an earlier run \
                         (process {pid}) that was killed before it finished"
                    ),
                ),
                Err(e) => Diagnostic::warning(
                    shown,
                    format!(
                        "the staging directory of an earlier run (process {pid}) \
                         that was killed before it finished cannot be removed: {e}"
                    ),
                ),
            }
        })
        .collect()
}

/// Removes what the staging directory `dir` holds once its outputs are in
/// place, on the current rayon pool's threads, a folder or file each: the
/// earlier run's outputs set aside there, as large as a run's. Freeing a
/// file's pages is the kernel's work, file by file, so it scales with the
/// threads (on the 91 MB benchmark corpus, 1,800 files and 445 MB, most
/// of the serial tail of a run at two threads). What cannot be removed is left
/// for the directory's own removal, which reports nothing either.
pub(crate) fn empty(dir: &Path) {
    remove_entries(dir, Some(OWNER));
}

/// Removes everything in `dir` but the file `keep`, its entries in parallel.
fn remove_entries(dir: &Path, keep: Option<&str>) {
    use rayon::prelude::*;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<std::fs::DirEntry> = entries.filter_map(|e| e.ok()).collect();
    entries.into_par_iter().for_each(|entry| {
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            remove_entries(&path, None);
            let _ = std::fs::remove_dir(&path);
        } else if keep.is_none_or(|keep| entry.file_name() != keep) {
            let _ = std::fs::remove_file(&path);
        }
    });
}

/// The process id in a staging directory's name, `.namegraph-<pid>-<random>`.
fn owner_pid(name: &str) -> Option<u32> {
    let (pid, _) = name.strip_prefix(PREFIX)?.split_once('-')?;
    pid.parse().ok()
}

/// What tells one process from every other that may share a directory.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Owner {
    host: String,
    /// The process id namespace (`pid:[4026531836]`): a process id means
    /// nothing in another one.
    namespace: String,
    /// The process's start time, in clock ticks after boot.
    start: u64,
}

impl Owner {
    /// Process `pid`, seen from this process; `None` without `/proc` or
    /// when there is no such process.
    fn of(pid: u32) -> Option<Owner> {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname").ok()?;
        let namespace = std::fs::read_link("/proc/self/ns/pid").ok()?;
        Some(Owner {
            host: host.trim().to_string(),
            namespace: namespace.to_string_lossy().into_owned(),
            start: start_time(pid)?,
        })
    }

    fn to_text(&self) -> String {
        format!(
            "host={}\nnamespace={}\nstart={}\n",
            self.host, self.namespace, self.start
        )
    }

    fn from_text(text: &str) -> Option<Owner> {
        let mut fields = std::collections::BTreeMap::new();
        for line in text.lines() {
            let (key, value) = line.split_once('=')?;
            fields.insert(key, value);
        }
        Some(Owner {
            host: fields.get("host")?.to_string(),
            namespace: fields.get("namespace")?.to_string(),
            start: fields.get("start")?.parse().ok()?,
        })
    }

    /// Whether the process `pid` that wrote this is known to be gone, seen
    /// by `me`.
    fn is_gone(&self, pid: u32, me: &Owner) -> bool {
        self.host == me.host
            && self.namespace == me.namespace
            && start_time(pid) != Some(self.start)
    }
}

/// The start time of process `pid` (field 22 of `/proc/<pid>/stat`), or
/// `None` when there is no such process.
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) is in parentheses and may hold spaces or
    // parentheses itself; the fields after the last `)` start at 3.
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(22 - 3)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emptying_keeps_only_the_owner_file() {
        let dir = tempfile::tempdir().expect("dir");
        let d = dir.path();
        for folder in ["previous-documents/a", "previous-documents/b", "previous/x"] {
            std::fs::create_dir_all(d.join(folder)).expect("mkdir");
            std::fs::write(d.join(folder).join("graph.json"), "{}").expect("write");
            // A file of a document folder named like the owner file goes too.
            std::fs::write(d.join(folder).join(OWNER), "").expect("write");
        }
        std::fs::write(d.join("mentions.csv"), "x").expect("write");
        std::fs::write(d.join(OWNER), "host=h").expect("write");
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("pool");
        pool.install(|| empty(d));
        let left: Vec<String> = std::fs::read_dir(d)
            .expect("read")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, [OWNER]);
    }

    #[test]
    fn the_owner_pid_is_read_from_names_of_this_form_only() {
        for (name, pid) in [
            (".namegraph-123-abc", Some(123)),
            (".namegraph-123-", Some(123)),
            (".namegraph-abc123", None),
            (".namegraph-123456", None),
            (".namegraph--abc", None),
            (".namegraph-12x-abc", None),
            ("namegraph-123-abc", None),
        ] {
            assert_eq!(owner_pid(name), pid, "{name}");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn only_an_owner_known_to_be_gone_is_gone() {
        let me = Owner::of(std::process::id()).expect("/proc");
        assert_eq!(Owner::from_text(&me.to_text()), Some(me.clone()));
        let pid = std::process::id();
        let dead = {
            let mut child = std::process::Command::new("true").spawn().expect("true");
            child.wait().expect("wait");
            child.id()
        };
        let other = |f: fn(&mut Owner)| {
            let mut o = me.clone();
            f(&mut o);
            o
        };
        for (what, owner, pid, gone) in [
            ("this process", me.clone(), pid, false),
            ("a process that ended", me.clone(), dead, true),
            (
                "an earlier process with this id",
                other(|o| o.start += 1),
                pid,
                true,
            ),
            ("another host", other(|o| o.host.push('x')), dead, false),
            (
                "another namespace",
                other(|o| o.namespace.push('x')),
                dead,
                false,
            ),
        ] {
            assert_eq!(owner.is_gone(pid, &me), gone, "{what}");
        }
        for text in [
            "",
            "host=a\nnamespace=b\n",
            "host=a\nnamespace=b\nstart=x\n",
        ] {
            assert_eq!(Owner::from_text(text), None, "{text:?}");
        }
    }
}
