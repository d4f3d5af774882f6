//! `pactum test`: run every scenario under the given paths, check its
//! expectations and its accepted snapshot, and end with `N passed, N failed`.
//!
//! Modes: by default a report that differs from the accepted snapshot is
//! written beside it as a pending snapshot, never over it; `--accept` accepts
//! every new report; `--check` (for CI) writes nothing and also fails on
//! pending and orphaned snapshots; `--review` then walks the pending ones.
//! With `--html DIR`, each scenario's run is also written to DIR as an HTML
//! report, with an index of them all (see `test_html.rs`).

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use pactum::check::check_scenario;
use pactum::errors::InputError;
use pactum::snapshot::{diff_reports, render_snapshot};
use pactum::store::{
    is_stale_temporary, pending_path, scenario_of, snapshot_path, write_atomically,
    TEMPORARY_SUFFIX,
};
use pactum::testing::{judge_check_failure, run_plan, Failure};

use super::load::{files_under, load_scenario_file, print_all, read_bounded};
use super::output::{colour_on_stdout, eprint_diagnostic};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Accept,
    Check,
    Review,
}

pub fn run(paths: &[PathBuf], mode: Mode, html: Option<&Path>) -> bool {
    if mode == Mode::Review && !std::io::stdin().is_terminal() {
        eprint_diagnostic(&InputError::NoTerminal);
        return false;
    }
    // With no path, the project file's test roots, else the current folder.
    let roots = if paths.is_empty() {
        match super::project::test_roots(Path::new(".")) {
            Ok(Some(roots)) => roots,
            Ok(None) => vec![PathBuf::from(".")],
            Err(error) => {
                eprint_diagnostic(&error);
                outln!("0 passed, 1 failed");
                return false;
            }
        }
    } else {
        paths.to_vec()
    };
    let mut scenarios = Vec::new();
    let mut snapshots = Vec::new();
    let mut temporaries = Vec::new();
    for root in &roots {
        let found = files_under(root, &[".scenario"]).and_then(|found| {
            let reports = files_under(root, &[".report", ".report.pending"])?;
            temporaries.extend(files_under(root, &[TEMPORARY_SUFFIX])?);
            Ok((found, reports))
        });
        let (found, reports) = match found {
            Ok(found) => found,
            Err(error) => {
                eprint_diagnostic(&error);
                outln!("0 passed, 1 failed");
                return false;
            }
        };
        snapshots.extend(reports);
        if found.is_empty() {
            eprint_diagnostic(&InputError::NoScenarios {
                path: root.display().to_string(),
            });
            outln!("0 passed, 1 failed");
            return false;
        }
        scenarios.extend(found);
    }
    let (mut passed, mut failed) = (0, 0);
    let mut pages = Vec::new();
    for scenario in &scenarios {
        let (ok, page) = run_one(scenario, mode, html.is_some());
        if ok {
            passed += 1;
        } else {
            failed += 1;
        }
        pages.push(super::test_html::Page {
            scenario: scenario.clone(),
            passed: ok,
            html: page,
        });
    }
    for orphan in snapshots
        .iter()
        .filter(|s| scenario_of(s).is_none_or(|scenario| !scenario.exists()))
    {
        if mode == Mode::Check {
            outln!("FAIL  {}: its scenario no longer exists", orphan.display());
            failed += 1;
        } else {
            outln!(
                "note: {} belongs to no scenario; delete it",
                orphan.display()
            );
        }
    }
    failed += stale_temporaries(&temporaries, mode);
    if let Some(dir) = html {
        if !super::test_html::write_pages(dir, &pages) {
            failed += 1;
        }
    }
    let all_well = failed == 0;
    if mode == Mode::Review {
        review(&scenarios);
    }
    outln!("{passed} passed, {failed} failed");
    all_well
}

/// Temporary files left by a snapshot write that was killed part-way: a
/// failure under `--check`, removed (with a note) otherwise. Returns how
/// many count as failures.
fn stale_temporaries(temporaries: &[PathBuf], mode: Mode) -> usize {
    let mut failures = 0;
    for stale in temporaries.iter().filter(|t| is_stale_temporary(t)) {
        if mode == Mode::Check {
            outln!(
                "FAIL  {}: a temporary file left by an interrupted write; delete it",
                stale.display()
            );
            failures += 1;
        } else if let Err(error) = std::fs::remove_file(stale) {
            outln!(
                "note: cannot remove {}, left by an interrupted write: {error}",
                stale.display()
            );
        } else {
            outln!(
                "note: removed {}, left by an interrupted write",
                stale.display()
            );
        }
    }
    failures
}

/// A scenario's report for its snapshot, what did not hold, how many
/// expectations were judged, and (if `html`) the HTML report of its run;
/// `None` after printing an error.
fn judged(path: &Path, html: bool) -> Option<(String, Vec<Failure>, usize, Option<String>)> {
    let (source, file, program) = match load_scenario_file(path) {
        Ok(found) => found,
        Err(diagnostics) => {
            outln!("ERROR {}", path.display());
            print_all(&diagnostics);
            return None;
        }
    };
    let plan = match check_scenario(&program, &source, &file) {
        Ok(plan) => plan,
        Err(errors) => {
            let file_name = path.file_name().map_or_else(
                || path.display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            );
            // Only `test` counts an expected diagnostic as a pass; `run`
            // and `check` report it as the error it is.
            if let Some(diagnosed) =
                judge_check_failure(&program, &source, &file, &errors, &file_name)
            {
                return Some((
                    diagnosed.report,
                    diagnosed.failures,
                    diagnosed.checked,
                    None,
                ));
            }
            outln!("ERROR {}", path.display());
            for error in &errors {
                eprint_diagnostic(error);
            }
            return None;
        }
    };
    match run_plan(&program, &plan) {
        Ok(run) => {
            let page = html.then(|| super::test_html::render_page(&program, &plan, path, &run));
            Some((
                render_snapshot(&program, &plan.title, &plan.contract, run.outcome()),
                run.failures,
                run.checked,
                page,
            ))
        }
        Err(error) => {
            outln!("ERROR {}", path.display());
            eprint_diagnostic(&error);
            None
        }
    }
}

/// Whether the scenario passed, and its HTML report if asked for and it ran.
fn run_one(path: &Path, mode: Mode, html: bool) -> (bool, Option<String>) {
    let Some((report, failures, checked, page)) = judged(path, html) else {
        return (false, None);
    };
    (passes(path, mode, &report, &failures, checked), page)
}

/// Judges a report against the accepted snapshot, writing or accepting
/// snapshots as the mode says, and prints PASS or FAIL.
fn passes(path: &Path, mode: Mode, report: &str, failures: &[Failure], checked: usize) -> bool {
    let snapshot = snapshot_path(path);
    let pending = pending_path(path);
    // Read as carefully as any input: a snapshot linked to a device or a
    // pipe must not hang the run.
    let accepted = if std::fs::symlink_metadata(&snapshot).is_err() {
        None
    } else {
        match read_bounded(&snapshot) {
            Ok(bytes) => Some(String::from_utf8_lossy(&bytes).into_owned()),
            Err(error) => {
                outln!("ERROR {}", path.display());
                eprint_diagnostic(&error);
                return false;
            }
        }
    };
    let mut problems = Vec::new();
    for failure in failures {
        problems.push(format!(
            "line {}: {}\n    found: {}",
            failure.line, failure.expectation, failure.found
        ));
    }
    let matches = accepted.as_deref() == Some(report);
    let mut diff = String::new();
    if matches {
        if pending.exists() {
            if mode == Mode::Check {
                problems.push(format!(
                    "a pending snapshot {} awaits review",
                    pending.display()
                ));
            } else {
                // The run now agrees with the accepted snapshot: the pending one is stale.
                let _ = std::fs::remove_file(&pending);
            }
        }
    } else {
        match (&accepted, mode) {
            (_, Mode::Accept) => {
                if let Err(error) = write_atomically(&snapshot, report) {
                    problems.push(format!("cannot write {}: {error}", snapshot.display()));
                } else {
                    let _ = std::fs::remove_file(&pending);
                }
            }
            (None, Mode::Check) => {
                problems.push(format!("no accepted snapshot {}", snapshot.display()))
            }
            (Some(old), Mode::Check) => {
                problems.push("the report differs from the accepted snapshot".to_string());
                diff = diff_reports(old, report, colour_on_stdout());
            }
            (old, Mode::Write | Mode::Review) => {
                // Say "wrote" only of a write that happened.
                let outcome = match write_atomically(&pending, report) {
                    Ok(()) => format!("wrote {}", pending.display()),
                    Err(error) => format!("could not write {}: {error}", pending.display()),
                };
                match old {
                    None => problems.push(format!("no accepted snapshot yet; {outcome}")),
                    Some(old) => {
                        problems.push(format!(
                            "the report differs from the accepted snapshot; {outcome}"
                        ));
                        diff = diff_reports(old, report, colour_on_stdout());
                    }
                }
            }
        }
    }
    if problems.is_empty() {
        let noun = if checked == 1 {
            "expectation"
        } else {
            "expectations"
        };
        outln!("PASS  {}  ({checked} {noun})", path.display());
        return true;
    }
    outln!("FAIL  {}", path.display());
    for problem in problems {
        outln!("  {problem}");
    }
    for line in diff.lines() {
        outln!("    {line}");
    }
    if pending.exists() && mode != Mode::Check {
        outln!("  review with `pactum test --review`, or accept all with `pactum test --accept`");
    }
    false
}

/// Walks pending snapshots one by one: accept, reject or skip.
fn review(scenarios: &[PathBuf]) {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let (mut accepted, mut rejected, mut skipped) = (0, 0, 0);
    for scenario in scenarios {
        let pending = pending_path(scenario);
        let Ok(new) = std::fs::read_to_string(&pending) else {
            continue;
        };
        let snapshot = snapshot_path(scenario);
        outln!("\npending snapshot for {}", scenario.display());
        match std::fs::read_to_string(&snapshot) {
            Ok(old) => out!("{}", diff_reports(&old, &new, colour_on_stdout())),
            Err(_) => out!("(new)\n{new}"),
        }
        loop {
            out!("[a]ccept, [r]eject, [s]kip? ");
            let _ = std::io::stdout().flush();
            let answer = match lines.next() {
                Some(Ok(answer)) => answer,
                _ => {
                    outln!();
                    outln!("reviewed: {accepted} accepted, {rejected} rejected, {skipped} skipped");
                    return;
                }
            };
            match answer.trim() {
                "a" | "accept" => {
                    match std::fs::rename(&pending, &snapshot) {
                        Ok(()) => accepted += 1,
                        Err(error) => outln!("cannot accept: {error}"),
                    }
                    break;
                }
                "r" | "reject" => {
                    let _ = std::fs::remove_file(&pending);
                    rejected += 1;
                    break;
                }
                "s" | "skip" | "" => {
                    skipped += 1;
                    break;
                }
                _ => outln!("please answer a, r or s"),
            }
        }
    }
    outln!("reviewed: {accepted} accepted, {rejected} rejected, {skipped} skipped");
}
