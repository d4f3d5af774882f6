//! Where `pactum run`'s progress line goes, and whether it is shown at all
//! (the counting and the wording are `pactum::progress`). It is written to
//! standard error only when that is a terminal, and not when standard output
//! is that same terminal: the line would be written into the report.

use std::io::{IsTerminal, Write};

/// Whether to show progress, `--quiet` aside, on this process's outputs.
pub fn wanted(quiet: bool) -> bool {
    // Asked first, so that `--quiet` costs no system call.
    !quiet && pactum::progress::wanted(quiet, std::io::stderr().is_terminal(), same_terminal())
}

/// Whether standard output is the terminal standard error is.
#[cfg(unix)]
fn same_terminal() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    if !std::io::stdout().is_terminal() {
        return false;
    }
    let device = |fd: std::os::fd::BorrowedFd<'_>| {
        fd.try_clone_to_owned()
            .map(std::fs::File::from)
            .and_then(|file| file.metadata())
            .map(|meta| (meta.dev(), meta.ino(), meta.rdev()))
    };
    match (
        device(std::io::stdout().as_fd()),
        device(std::io::stderr().as_fd()),
    ) {
        (Ok(out), Ok(err)) => out == err,
        // Unknown: assume the worst, a report with progress written into it.
        _ => true,
    }
}

/// Whether standard output is a terminal (which, elsewhere, is taken to be
/// the same one).
#[cfg(not(unix))]
fn same_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Writes progress text; a terminal that cannot take it loses only the
/// progress, which is no reason to fail the run.
pub fn write(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr
        .write_all(text.as_bytes())
        .and_then(|()| stderr.flush());
}
