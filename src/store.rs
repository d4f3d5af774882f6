//! Where snapshots live, and writing them so that an interrupted write
//! leaves the old file or the new one, never a torn one. This is the one
//! library module that touches the file system; the binary calls it.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// `scenarios/01-full-exercise.scenario` → `scenarios/01-full-exercise.report`.
pub fn snapshot_path(scenario: &Path) -> PathBuf {
    scenario.with_extension("report")
}

/// A report written by a run that did not match, awaiting review.
pub fn pending_path(scenario: &Path) -> PathBuf {
    scenario.with_extension("report.pending")
}

/// The scenario a snapshot or pending file belongs to, if the name is one of ours.
/// Works on names that are not UTF-8 too, so their snapshots are not orphans.
pub fn scenario_of(snapshot: &Path) -> Option<PathBuf> {
    let name = snapshot.file_name()?.to_string_lossy();
    let stem = if name.ends_with(".report.pending") {
        Path::new(snapshot.file_stem()?).file_stem()?
    } else if name.ends_with(".report") {
        snapshot.file_stem()?
    } else {
        return None;
    };
    let mut scenario = stem.to_os_string();
    scenario.push(".scenario");
    Some(snapshot.with_file_name(scenario))
}

/// What every temporary file of [`write_atomically`] ends with.
pub const TEMPORARY_SUFFIX: &str = ".pactum-tmp";

/// `.NAME.PID.pactum-tmp` beside `path`: hidden, named after the file it
/// will become and the process writing it, so a stale one can be recognised.
pub fn temporary_path(path: &Path) -> PathBuf {
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(".{}{TEMPORARY_SUFFIX}", std::process::id()));
    path.with_file_name(name)
}

/// Whether `path` is a temporary file of ours whose writer has gone (killed
/// part-way through a write): named by [`temporary_path`], and its process
/// is no longer running, or (where that cannot be known) it is over an
/// hour old.
pub fn is_stale_temporary(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    let Some(pid) = name
        .strip_suffix(TEMPORARY_SUFFIX)
        .and_then(|rest| rest.rsplit_once('.'))
        .and_then(|(_, pid)| pid.parse::<u32>().ok())
    else {
        return false;
    };
    if !name.starts_with('.') || pid == std::process::id() {
        return false;
    }
    let proc = Path::new("/proc");
    if proc.join("self").exists() {
        return !proc.join(pid.to_string()).exists();
    }
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|time| time.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 3600)
}

/// Writes `contents` to a temporary file beside `path`, flushes it to disk,
/// then renames it over `path`: rename is atomic on one file system.
pub fn write_atomically(path: &Path, contents: &str) -> io::Result<()> {
    write_atomically_with(path, contents, |file, bytes| file.write_all(bytes))
}

/// [`write_atomically`] with the writing step given, so tests can make it fail
/// part-way.
pub fn write_atomically_with(
    path: &Path,
    contents: &str,
    write: impl FnOnce(&mut File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let temporary = temporary_path(path);
    let result = (|| {
        let mut file = File::create(&temporary)?;
        write(&mut file, contents.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}
