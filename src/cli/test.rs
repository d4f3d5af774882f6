//! `pactum test`: run every scenario under the given paths, check its
//! expectations and its accepted snapshot, and end with `N passed, N failed`.
//!
//! Modes: by default a report that differs from the accepted snapshot is
//! written beside it as a pending snapshot, never over it; `--accept` accepts
//! every new report; `--check` (for CI) writes nothing and also fails on
//! pending and orphaned snapshots; `--review` then walks the pending ones.
//! With `--html DIR`, each scenario's run is also written to DIR as an HTML
//! report, with an index of them all (see `test_html.rs`).
//! `--format json` and `--format junit` print the same results as one
//! document at the end instead of a line per scenario (notes go to stderr).
//! With `--contract NEW`, every scenario runs against the redraft NEW instead
//! of the clause file its `contract` line names, and nothing is written: a
//! report that differs from the accepted snapshot fails with the difference.

use std::collections::HashSet;
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use pactum::check::check_scenario;
use pactum::errors::InputError;
use pactum::snapshot::{diff_reports, render_snapshot};
use pactum::store::{
    is_stale_temporary, pending_path, scenario_of, snapshot_path, write_atomically,
    TEMPORARY_SUFFIX,
};
use pactum::test_results::{junit_xml, ExpectationFailure, ScenarioResult, Status, TestResults};
use pactum::testing::{judge_check_failure, run_plan, Failure};

use super::contracts::Contracts;
use super::load::{files_under, load_contract, print_all, read_bounded_if_there, read_scenario};
use super::output::{colour_on_stdout, eprint_diagnostic};
use super::TestFormat;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Accept,
    Check,
    Review,
    /// Against a redraft (`--contract`): write nothing, fail on differences.
    Compare,
}

/// Where results go: printed a line at a time (text), or gathered and
/// printed as one document at the end (JSON, JUnit XML).
struct Results {
    format: TestFormat,
    gathered: TestResults,
}

impl Results {
    fn text(&self) -> bool {
        self.format == TestFormat::Text
    }

    /// A note: on standard output in text, else on standard error, so that
    /// standard output holds only the document.
    fn note(&self, line: &str) {
        if self.text() {
            outln!("{line}");
        } else {
            eoutln!("{line}");
        }
    }

    /// A failure outside any scenario.
    fn problem(&mut self, path: &Path, message: &str) {
        if self.text() {
            outln!("FAIL  {}: {message}", path.display());
        }
        self.gathered
            .add_problem(path.display().to_string(), message.to_string());
    }

    /// Ends the run: the `N passed, N failed` line, or the whole document.
    /// True if nothing failed.
    fn finish(self) -> bool {
        let counts = &self.gathered.counts;
        let all_well = counts.failed == 0;
        match self.format {
            TestFormat::Text => outln!("{} passed, {} failed", counts.passed, counts.failed),
            TestFormat::Json => match serde_json::to_string_pretty(&self.gathered) {
                Ok(text) => outln!("{text}"),
                Err(error) => {
                    eoutln!("error: cannot write the test results as JSON: {error}");
                    return false;
                }
            },
            TestFormat::Junit => match junit_xml(&self.gathered) {
                Ok(xml) => out!("{xml}"),
                Err(error) => {
                    eoutln!("error: cannot write the test results as JUnit XML: {error}");
                    return false;
                }
            },
        }
        all_well
    }
}

/// What to run and how: the paths to search (none: the project's test
/// roots), what to do with reports, the output format, where to write HTML
/// reports, and the redraft to run against (which makes the mode
/// [`Mode::Compare`]).
pub struct Request<'a> {
    pub paths: &'a [PathBuf],
    pub mode: Mode,
    pub format: TestFormat,
    pub html: Option<&'a Path>,
    pub contract: Option<&'a Path>,
}

pub fn run(request: &Request) -> bool {
    let Request {
        paths,
        mut mode,
        format,
        html,
        contract,
    } = *request;
    if mode == Mode::Review && !std::io::stdin().is_terminal() {
        eprint_diagnostic(&InputError::NoTerminal);
        return false;
    }
    let mut results = Results {
        format,
        gathered: TestResults::default(),
    };
    let mut contracts = match contract {
        None => Contracts::default(),
        Some(path) => match load_contract(path) {
            Ok(program) => {
                mode = Mode::Compare;
                results.gathered.contract = Some(path.display().to_string());
                results.note(&format!(
                    "running every scenario against {} instead of its `contract` line; writing nothing",
                    path.display()
                ));
                Contracts::replaced_by(program)
            }
            Err(diagnostics) => {
                print_all(&diagnostics);
                let summary = diagnostics
                    .first()
                    .map(|d| diagnostic_summary(d.as_ref()))
                    .unwrap_or_default();
                results.problem(path, &summary);
                return results.finish();
            }
        },
    };
    // With no path, the project file's test roots, else the current folder.
    let roots = match super::project::paths_or_roots(paths, "test") {
        Ok(roots) => roots,
        Err(error) => {
            eprint_diagnostic(&error);
            results.gathered.add_problem(
                super::project::PROJECT_FILE.to_string(),
                diagnostic_summary(&error),
            );
            return results.finish();
        }
    };
    let mut scenarios = Vec::new();
    let mut snapshots = Vec::new();
    let mut temporaries = Vec::new();
    for root in &roots {
        // One walk of the folder for scenarios, snapshots and temporary files.
        let wanted = [".scenario", ".report", ".report.pending", TEMPORARY_SUFFIX];
        let (found, reports) = match files_under(root, &wanted) {
            Ok(files) => {
                let ends = |path: &Path, suffix: &str| {
                    path.file_name()
                        .is_some_and(|name| name.to_string_lossy().ends_with(suffix))
                };
                let mut found = Vec::new();
                let mut reports = Vec::new();
                for file in files {
                    if ends(&file, ".scenario") {
                        found.push(file);
                    } else if ends(&file, TEMPORARY_SUFFIX) {
                        temporaries.push(file);
                    } else {
                        reports.push(file);
                    }
                }
                (found, reports)
            }
            Err(error) => {
                eprint_diagnostic(&error);
                results
                    .gathered
                    .add_problem(root.display().to_string(), diagnostic_summary(&error));
                return results.finish();
            }
        };
        snapshots.extend(reports);
        if found.is_empty() {
            let error = InputError::NoScenarios {
                path: root.display().to_string(),
            };
            eprint_diagnostic(&error);
            results
                .gathered
                .add_problem(root.display().to_string(), diagnostic_summary(&error));
            return results.finish();
        }
        scenarios.extend(found);
    }
    // A scenario the walk found needs no second look to know it exists.
    let walked: HashSet<&PathBuf> = scenarios.iter().collect();
    let mut pages = Vec::new();
    for scenario in &scenarios {
        let (result, page) = run_one(
            scenario,
            &mut contracts,
            (mode, results.text()),
            html.is_some(),
        );
        pages.push(super::test_html::Page {
            scenario: scenario.clone(),
            passed: result.status == Status::Passed,
            html: page,
        });
        results.gathered.add(result);
    }
    for orphan in snapshots.iter().filter(|s| {
        scenario_of(s).is_none_or(|scenario| !walked.contains(&scenario) && !scenario.exists())
    }) {
        if mode == Mode::Check {
            results.problem(orphan, "its scenario no longer exists");
        } else if mode != Mode::Compare {
            // Against a redraft, snapshots are the accepted version's business.
            results.note(&format!(
                "note: {} belongs to no scenario; delete it",
                orphan.display()
            ));
        }
    }
    stale_temporaries(&temporaries, mode, &mut results);
    // `pactum run` and `check` print a clause file's warnings; a test run
    // only says they are there, once per file.
    for (path, count) in contracts.warned() {
        let noun = if *count == 1 { "warning" } else { "warnings" };
        results.note(&format!(
            "note: {} has {count} {noun} nobody acknowledged; see `pactum check {}`",
            path.display(),
            path.display()
        ));
    }
    if let Some(dir) = html {
        if !super::test_html::write_pages(dir, &pages) {
            results.problem(dir, "the HTML reports could not all be written");
        }
    }
    if mode == Mode::Review {
        review(&scenarios);
    }
    results.finish()
}

/// A diagnostic in one line, for the JSON and JUnit results: its code and
/// message (the whole diagnostic goes to standard error).
fn diagnostic_summary(diagnostic: &dyn miette::Diagnostic) -> String {
    match diagnostic.code() {
        Some(code) => format!("{code}: {diagnostic}"),
        None => diagnostic.to_string(),
    }
}

/// Temporary files left by a snapshot write that was killed part-way: a
/// failure under `--check`, removed (with a note) otherwise.
fn stale_temporaries(temporaries: &[PathBuf], mode: Mode, results: &mut Results) {
    for stale in temporaries.iter().filter(|t| is_stale_temporary(t)) {
        if mode == Mode::Check {
            results.problem(
                stale,
                "a temporary file left by an interrupted write; delete it",
            );
        } else if mode == Mode::Compare {
            results.note(&format!(
                "note: {} was left by an interrupted write; not removed, as --contract writes nothing",
                stale.display()
            ));
        } else if let Err(error) = std::fs::remove_file(stale) {
            results.note(&format!(
                "note: cannot remove {}, left by an interrupted write: {error}",
                stale.display()
            ));
        } else {
            results.note(&format!(
                "note: removed {}, left by an interrupted write",
                stale.display()
            ));
        }
    }
}

/// A scenario's report for its snapshot, what did not hold, and how many
/// expectations were judged; or, after printing the diagnostics (and, in
/// text, an `ERROR` line), the first diagnostic in one line.
/// With `html`, also the HTML report of its run, when it ran.
fn judged(
    path: &Path,
    contracts: &mut Contracts,
    text: bool,
    html: bool,
) -> Result<(String, Vec<Failure>, usize, Option<String>), String> {
    let error_line = || {
        if text {
            outln!("ERROR {}", path.display());
        }
    };
    let loaded = read_scenario(path).and_then(|(source, file)| {
        let program = contracts.for_scenario(path, &source, &file)?;
        Ok((source, file, program))
    });
    let (source, file, program) = match loaded {
        Ok(found) => found,
        Err(diagnostics) => {
            error_line();
            print_all(&diagnostics);
            return Err(diagnostics
                .first()
                .map(|d| diagnostic_summary(d.as_ref()))
                .unwrap_or_default());
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
                return Ok((
                    diagnosed.report,
                    diagnosed.failures,
                    diagnosed.checked,
                    None,
                ));
            }
            error_line();
            for error in &errors {
                eprint_diagnostic(error);
            }
            return Err(errors
                .first()
                .map(|e| diagnostic_summary(e))
                .unwrap_or_default());
        }
    };
    match run_plan(&program, &plan) {
        Ok(run) => {
            let page = html.then(|| super::test_html::render_page(&program, &plan, path, &run));
            Ok((
                render_snapshot(&program, &plan.title, &plan.contract, run.outcome()),
                run.failures,
                run.checked,
                page,
            ))
        }
        Err(error) => {
            error_line();
            eprint_diagnostic(&error);
            Err(diagnostic_summary(&error))
        }
    }
}

/// Runs one scenario, compares its report with the accepted snapshot as
/// `mode` says, and (in text) prints its `PASS`, `FAIL` or `ERROR` lines.
/// With `html`, also its HTML report, if it ran.
pub(super) fn run_one(
    path: &Path,
    contracts: &mut Contracts,
    (mode, text): (Mode, bool),
    html: bool,
) -> (ScenarioResult, Option<String>) {
    let mut result = ScenarioResult {
        path: path.display().to_string(),
        status: Status::Error,
        expectations: 0,
        failed_expectations: Vec::new(),
        problems: Vec::new(),
        error: None,
    };
    let (report, failures, checked, page) = match judged(path, contracts, text, html) {
        Ok(judged) => judged,
        Err(error) => {
            result.error = Some(error);
            return (result, None);
        }
    };
    result.expectations = checked;
    let snapshot = snapshot_path(path);
    let pending = pending_path(path);
    // Read as carefully as any input: a snapshot linked to a device or a
    // pipe must not hang the run.
    let accepted = match read_bounded_if_there(&snapshot) {
        Ok(None) => None,
        Ok(Some(bytes)) => Some(
            String::from_utf8(bytes)
                .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
        ),
        Err(error) => {
            if text {
                outln!("ERROR {}", path.display());
            }
            eprint_diagnostic(&error);
            result.error = Some(diagnostic_summary(&error));
            return (result, page);
        }
    };
    // Whether a pending snapshot is there, kept up to date below rather than
    // asked of the file system again.
    let mut pending_there = pending.exists();
    let problems = &mut result.problems;
    let matches = accepted.as_deref() == Some(report.as_str());
    let mut diff = String::new();
    if matches {
        if pending_there {
            if mode == Mode::Check {
                problems.push(format!(
                    "a pending snapshot {} awaits review",
                    pending.display()
                ));
            } else if mode != Mode::Compare {
                // The run now agrees with the accepted snapshot: the pending one is stale.
                pending_there = std::fs::remove_file(&pending).is_err();
            }
        }
    } else {
        match (&accepted, mode) {
            (_, Mode::Accept) => {
                if let Err(error) = write_atomically(&snapshot, &report) {
                    problems.push(format!("cannot write {}: {error}", snapshot.display()));
                } else if pending_there {
                    pending_there = std::fs::remove_file(&pending).is_err();
                }
            }
            (None, Mode::Check) => {
                problems.push(format!("no accepted snapshot {}", snapshot.display()))
            }
            (Some(old), Mode::Check) => {
                problems.push("the report differs from the accepted snapshot".to_string());
                diff = diff_reports(old, &report, text && colour_on_stdout());
            }
            (None, Mode::Compare) => problems.push(format!(
                "no accepted snapshot {} to compare with",
                snapshot.display()
            )),
            (Some(old), Mode::Compare) => {
                problems.push(
                    "against the redraft, the report differs from the accepted snapshot"
                        .to_string(),
                );
                diff = diff_reports(old, &report, text && colour_on_stdout());
            }
            (old, Mode::Write | Mode::Review) => {
                // Say "wrote" only of a write that happened.
                let outcome = match write_atomically(&pending, &report) {
                    Ok(()) => {
                        pending_there = true;
                        format!("wrote {}", pending.display())
                    }
                    Err(error) => format!("could not write {}: {error}", pending.display()),
                };
                match old {
                    None => problems.push(format!("no accepted snapshot yet; {outcome}")),
                    Some(old) => {
                        problems.push(format!(
                            "the report differs from the accepted snapshot; {outcome}"
                        ));
                        diff = diff_reports(old, &report, text && colour_on_stdout());
                    }
                }
            }
        }
    }
    result.failed_expectations = failures
        .into_iter()
        .map(|failure| ExpectationFailure {
            line: failure.line,
            expectation: failure.expectation,
            found: failure.found,
        })
        .collect();
    result.status = if result.failed_expectations.is_empty() && result.problems.is_empty() {
        Status::Passed
    } else {
        Status::Failed
    };
    if text {
        let review_hint = pending_there && !matches!(mode, Mode::Check | Mode::Compare);
        print_result(&result, &diff, review_hint);
    }
    (result, page)
}

/// A scenario's `PASS` line, or its `FAIL` line with what failed, the
/// report's differences from the snapshot, and how to review them.
fn print_result(result: &ScenarioResult, diff: &str, review_hint: bool) {
    if result.status == Status::Passed {
        let checked = result.expectations;
        let noun = if checked == 1 {
            "expectation"
        } else {
            "expectations"
        };
        outln!("PASS  {}  ({checked} {noun})", result.path);
        return;
    }
    // A scenario whose expectations all hold fails only on its snapshot (a
    // new scenario's first run, say): saying so spares a search.
    let checked = result.expectations;
    if result.failed_expectations.is_empty() && checked > 0 {
        let all = if checked == 1 {
            "its 1 expectation holds".to_string()
        } else {
            format!("all {checked} expectations hold")
        };
        outln!("FAIL  {}  ({all})", result.path);
    } else {
        outln!("FAIL  {}", result.path);
    }
    for failure in &result.failed_expectations {
        outln!(
            "  line {}: {}\n    found: {}",
            failure.line,
            failure.expectation,
            failure.found
        );
    }
    for problem in &result.problems {
        outln!("  {problem}");
    }
    for line in diff.lines() {
        outln!("    {line}");
    }
    if review_hint {
        outln!("  review with `pactum test --review`, or accept all with `pactum test --accept`");
    }
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
