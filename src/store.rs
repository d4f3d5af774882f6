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
pub fn scenario_of(snapshot: &Path) -> Option<PathBuf> {
    let name = snapshot.file_name()?.to_str()?;
    let stem = name
        .strip_suffix(".report.pending")
        .or_else(|| name.strip_suffix(".report"))?;
    Some(snapshot.with_file_name(format!("{stem}.scenario")))
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
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("snapshot");
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
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
