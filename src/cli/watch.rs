//! `pactum test --watch`: run the suite, then run again the scenarios a
//! saved file affects, until Ctrl-C. Which scenarios a change affects is
//! decided by `pactum::watch` (pure); this file does the IO: watching the
//! folders (notify, with editors' bursts of events debounced into one),
//! reading each scenario's `contract` and `prices` lines, and running.
//!
//! Everything arrives on one channel: batches of changed paths from the
//! watcher, and a stop from the Ctrl-C handler, so that the loop ends
//! between two runs, never in the middle of a snapshot write.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use pactum::errors::InputError;
use pactum::test_results::Status;
use pactum::watch::{affected, header, Scenario};

use super::contracts::Contracts;
use super::load::{contract_path, files_under, read_source};
use super::output::eprint_diagnostic;
use super::test::{run_one, Mode};

/// How long the watcher waits for a burst of events (an editor's write,
/// rename and chmod of one save) to end before reporting it.
const QUIET_PERIOD: Duration = Duration::from_millis(200);

enum Message {
    Changed(Vec<PathBuf>),
    WatchFailed(String),
    Stop,
}

pub fn run(paths: &[PathBuf]) -> bool {
    let roots = match super::project::paths_or_roots(paths, "test --watch") {
        Ok(roots) => roots,
        Err(error) => {
            eprint_diagnostic(&error);
            return false;
        }
    };
    // The first run is the whole suite, as `pactum test` runs it; whether it
    // passed does not stop the watching.
    let _ = super::test::run(&super::test::Request {
        paths: &roots,
        mode: Mode::Write,
        format: super::TestFormat::Text,
        html: None,
        contract: None,
    });
    // A path that is not there has had its diagnostic: there is nothing to watch.
    if roots
        .iter()
        .any(|root| std::fs::symlink_metadata(root).is_err())
    {
        return false;
    }

    let (sender, receiver) = channel();
    let stopper = sender.clone();
    if let Err(error) = ctrlc::set_handler(move || {
        let _ = stopper.send(Message::Stop);
    }) {
        eoutln!("warning: Ctrl-C will stop pactum without a last line: {error}");
    }
    let handler = move |result: DebounceEventResult| {
        let message = match result {
            Ok(events) => Message::Changed(
                events
                    .into_iter()
                    .filter(|event| is_change(&event.kind))
                    .flat_map(|event| event.event.paths)
                    .collect(),
            ),
            Err(errors) => Message::WatchFailed(
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        };
        let _ = sender.send(message);
    };
    let mut debouncer = match new_debouncer(QUIET_PERIOD, None, handler) {
        Ok(debouncer) => debouncer,
        Err(error) => {
            eprint_diagnostic(&InputError::CannotWatch {
                path: roots_shown(&roots),
                reason: error.to_string(),
            });
            return false;
        }
    };
    let mut watched: Vec<(PathBuf, RecursiveMode)> = Vec::new();
    let mut scenarios = known(&roots);
    for (path, mode) in targets(&roots, &scenarios) {
        if let Err(error) = debouncer.watch(&path, mode) {
            eprint_diagnostic(&InputError::CannotWatch {
                path: path.display().to_string(),
                reason: error.to_string(),
            });
            return false;
        }
        watched.push((path, mode));
    }
    outln!(
        "watching {} for changes; Ctrl-C to stop",
        roots_shown(&roots)
    );
    flush();
    while let Some(changed) = next_changes(&receiver) {
        let changed: Vec<PathBuf> = changed.iter().map(|path| canonical(path)).collect();
        let found = affected(&scenarios, &changed);
        let mut to_run: Vec<PathBuf> = found
            .scenarios
            .into_iter()
            .chain(found.new.iter().map(|path| shown(path)))
            .filter(|path| path.is_file())
            .collect();
        to_run.dedup();
        if !to_run.is_empty() {
            let causes: Vec<String> = found
                .causes
                .iter()
                .map(|path| shown(path).display().to_string())
                .collect();
            outln!("{}", header(to_run.len(), &causes));
            let (mut passed, mut failed) = (0, 0);
            // Read afresh for each batch: a clause file may just have changed.
            let mut contracts = Contracts::default();
            for scenario in &to_run {
                let (result, _) = run_one(scenario, &mut contracts, (Mode::Write, true), false);
                if result.status == Status::Passed {
                    passed += 1;
                } else {
                    failed += 1;
                }
            }
            outln!("{passed} passed, {failed} failed");
            flush();
        }
        // A scenario may now name another clause file or price file, or be
        // new: read them all again (parsing only), and watch what is new.
        scenarios = known(&roots);
        for (path, mode) in targets(&roots, &scenarios) {
            if !watched.iter().any(|(done, _)| *done == path)
                && debouncer.watch(&path, mode).is_ok()
            {
                watched.push((path, mode));
            }
        }
    }
    outln!("stopped watching");
    true
}

/// The next batch of changes, with any batches already waiting behind it
/// (changes made during a run) merged in; None on Ctrl-C.
fn next_changes(receiver: &Receiver<Message>) -> Option<Vec<PathBuf>> {
    let mut changed = Vec::new();
    let mut waiting = true;
    loop {
        let message = if waiting {
            receiver.recv().ok()?
        } else {
            match receiver.try_recv() {
                Ok(message) => message,
                Err(_) => return Some(changed),
            }
        };
        match message {
            Message::Stop => return None,
            Message::Changed(paths) => {
                changed.extend(paths);
                waiting = changed.is_empty();
            }
            Message::WatchFailed(reason) => eoutln!("warning: watching for changes: {reason}"),
        }
    }
}

/// Creating, writing, renaming or removing a file; not opening or reading
/// it (which the runs themselves do to every scenario).
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
    }
}

/// Every scenario under the roots and what it reads. A scenario that
/// cannot be read or parsed is known by its own path only: it runs again
/// when it is saved.
fn known(roots: &[PathBuf]) -> Vec<Scenario> {
    roots
        .iter()
        .flat_map(|root| files_under(root, &[".scenario"]).unwrap_or_default())
        .map(|path| {
            let parsed = read_source(&path)
                .ok()
                .and_then(|source| super::load::parse_knowing_contract(&path, &source).ok());
            let (contract, prices) = match parsed {
                Some(file) => (
                    Some(canonical(&contract_path(&path, &file.contract.value))),
                    file.price_files
                        .iter()
                        .map(|price| canonical(&contract_path(&path, &price.path.value)))
                        .collect(),
                ),
                None => (None, Vec::new()),
            };
            Scenario {
                path: canonical(&path),
                shown: path,
                contract,
                prices,
            }
        })
        .collect()
}

/// What to watch: each folder root and everything below it; the folder of
/// each file root; and the folder of each clause or price file that lies
/// outside them (watching folders rather than files, since an editor that
/// saves by renaming a new file over the old one ends a watch on the file).
fn targets(roots: &[PathBuf], scenarios: &[Scenario]) -> Vec<(PathBuf, RecursiveMode)> {
    let mut targets: Vec<(PathBuf, RecursiveMode)> = Vec::new();
    let mut add = |path: PathBuf, mode: RecursiveMode| {
        if !targets.iter().any(|(done, _)| *done == path) {
            targets.push((path, mode));
        }
    };
    let folders: Vec<PathBuf> = roots
        .iter()
        .map(|root| canonical(root))
        .filter(|root| root.is_dir())
        .collect();
    for folder in &folders {
        add(folder.clone(), RecursiveMode::Recursive);
    }
    let files = roots
        .iter()
        .map(|root| canonical(root))
        .filter(|root| !root.is_dir())
        .chain(
            scenarios
                .iter()
                .flat_map(|scenario| scenario.contract.iter().chain(&scenario.prices).cloned()),
        );
    for file in files {
        if folders.iter().any(|folder| file.starts_with(folder)) {
            continue;
        }
        if let Some(parent) = file.parent().filter(|parent| parent.is_dir()) {
            add(parent.to_path_buf(), RecursiveMode::NonRecursive);
        }
    }
    targets
}

/// A path made absolute and free of links and `..`, so that the same file
/// reached two ways compares equal; as absolute as can be for a file that
/// is gone.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// A watched path as the user would write it: relative to the current
/// folder when it is under it.
fn shown(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .map(|here| canonical(&here))
        .and_then(|here| path.strip_prefix(here).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

fn roots_shown(roots: &[PathBuf]) -> String {
    roots
        .iter()
        .map(|root| root.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn flush() {
    if let Err(error) = super::output::flush_stdout() {
        super::output::report_write_failure(&error);
    }
}
