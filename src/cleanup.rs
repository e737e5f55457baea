//! The temporary files and directories of the run in progress, so that a
//! run stopped by a signal (Ctrl-C, `kill`) can remove them before it exits.
//! Destructors do not run then: without this, a stopped run would leave its
//! staged `documents/` (as large as the outputs) and its half-written files
//! hidden in the output directory, and its spilled mentions in `$TMPDIR`,
//! one more set for every stopped run.
//!
//! The owners ([`AtomicFile`](crate::export::AtomicFile), the output
//! writer's staging directory, a spill file) register their paths while they
//! exist; the command line's signal handler calls [`remove_all`].

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

static PATHS: Mutex<BTreeMap<u64, PathBuf>> = Mutex::new(BTreeMap::new());
static NEXT: AtomicU64 = AtomicU64::new(0);
/// Held while the outputs are moved into place.
static CRITICAL: Mutex<()> = Mutex::new(());

fn paths() -> MutexGuard<'static, BTreeMap<u64, PathBuf>> {
    // A panic elsewhere while the lock was held leaves the map usable.
    PATHS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A path that [`remove_all`] would remove; dropping it takes the path off
/// the list (its owner removes or keeps the file itself).
#[derive(Debug)]
pub struct Registered(u64);

/// Puts `path` (a file or a directory) on the list.
pub fn register(path: PathBuf) -> Registered {
    let key = NEXT.fetch_add(1, Ordering::Relaxed);
    paths().insert(key, path);
    Registered(key)
}

impl Drop for Registered {
    fn drop(&mut self) {
        paths().remove(&self.0);
    }
}

/// Runs `f` (moving a run's outputs into place) with [`remove_all`] held
/// off until it is done, so that a signal cannot leave half of the outputs
/// moved: a stop then comes just after.
pub fn critical<T>(f: impl FnOnce() -> T) -> T {
    let _held = CRITICAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    f()
}

/// Removes every path on the list and returns how many there were; waits
/// for a [`critical`] step in progress first. The list stays locked
/// afterwards, so that no thread of the run can put a new file on it, nor
/// start a critical step: for a handler that exits the process next.
pub fn remove_all() -> usize {
    std::mem::forget(
        CRITICAL
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()),
    );
    let list = paths();
    for path in list.values() {
        // Threads still writing may add a file to a directory being
        // removed; a few tries outlast them.
        for _ in 0..10 {
            let gone = match std::fs::symlink_metadata(path) {
                Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
                Ok(_) => std::fs::remove_file(path),
                Err(_) => break,
            };
            if gone.is_ok() {
                break;
            }
        }
    }
    let count = list.len();
    std::mem::forget(list);
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_registration_is_off_the_list() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("x");
        std::fs::write(&path, "x").expect("write");
        let key = {
            let r = register(path.clone());
            assert_eq!(paths().get(&r.0), Some(&path));
            r.0
        };
        assert!(!paths().contains_key(&key));
        assert!(path.exists());
    }
}
