//! `pactum fmt`: rewrite clause files and scenarios in the canonical layout
//! (`pactum::format`), or with `--check` only show what would change. A file
//! that does not parse is reported and never rewritten.

use std::path::{Path, PathBuf};

use pactum::errors::{FormatError, InputError};
use pactum::format::{format_file_knowing, FileKind};
use pactum::store::write_atomically;
use similar::TextDiff;

use super::load::read_source;
use super::output::eprint_diagnostic;

/// Lines of context around each change `--check` shows.
const DIFF_CONTEXT: usize = 1;

pub fn run(paths: &[PathBuf], check: bool) -> bool {
    let roots = match super::project::paths_or_roots(paths, "fmt") {
        Ok(roots) => roots,
        Err(error) => {
            eprint_diagnostic(&error);
            return false;
        }
    };
    let mut files = Vec::new();
    let mut failed = 0;
    for root in &roots {
        match files_to_format(root) {
            Ok(found) => files.extend(found),
            Err(error) => {
                eprint_diagnostic(&error);
                failed += 1;
            }
        }
    }
    let mut changed = 0;
    for file in &files {
        match format_one(file, check) {
            Ok(true) => changed += 1,
            Ok(false) => {}
            Err(()) => failed += 1,
        }
    }
    let verb = if check {
        "would be reformatted"
    } else {
        "reformatted"
    };
    let count = files.len();
    let files_word = if count == 1 { "file" } else { "files" };
    let summary = format!("{count} {files_word}, {changed} {verb}, {failed} failed");
    if failed > 0 || (check && changed > 0) {
        eoutln!("{summary}");
        false
    } else {
        outln!("{summary}");
        true
    }
}

/// Formats one file; whether it changed (or, with `check`, would change).
fn format_one(file: &Path, check: bool) -> Result<bool, ()> {
    let source = read_source(file).map_err(|error| eprint_diagnostic(&error))?;
    let kind = FileKind::of_name(source.name());
    // A scenario's `expect` lines may use its clause file's names with keyword words.
    let known = match kind {
        FileKind::Scenario => super::load::contract_keyword_names(file, &source),
        FileKind::ClauseFile => Vec::new(),
    };
    let formatted = format_file_knowing(source.text(), source.name(), kind, &known)
        .map_err(|error| eprint_diagnostic(&error))?;
    // The file as it is on disk (a byte-order mark and all), to compare and diff against.
    let on_disk = std::fs::read_to_string(file).unwrap_or_default();
    if formatted == on_disk {
        return Ok(false);
    }
    if check {
        outln!("would reformat: {}", file.display());
        let name = file.display().to_string();
        let diff = TextDiff::from_lines(on_disk.as_str(), formatted.as_str())
            .unified_diff()
            .context_radius(DIFF_CONTEXT)
            .header(&name, &name)
            .to_string();
        out!("{diff}");
        if !diff.ends_with('\n') {
            outln!();
        }
    } else {
        write_atomically(file, &formatted).map_err(|error| {
            eprint_diagnostic(&FormatError::Unwritable {
                path: file.display().to_string(),
                reason: error.to_string(),
            })
        })?;
        outln!("formatted: {}", file.display());
    }
    Ok(true)
}

/// `root` itself if it is a file, else the `*.pactum` and `*.scenario` files
/// under it, sorted, skipping hidden folders and `target/`.
fn files_to_format(root: &Path) -> Result<Vec<PathBuf>, InputError> {
    let unreadable = |error: std::io::Error| InputError::Unreadable {
        path: root.display().to_string(),
        reason: error.to_string(),
    };
    if std::fs::metadata(root).map_err(unreadable)?.is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    let wanted = |name: &str| name.ends_with(".pactum") || name.ends_with(".scenario");
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).map_err(unreadable)?.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            // Not following links to folders: a link back up would loop.
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                if !name.starts_with('.') && name != "target" {
                    folders.push(path);
                }
            } else if wanted(&name) && !name.starts_with('.') {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}
