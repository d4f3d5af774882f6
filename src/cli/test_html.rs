//! `pactum test --html DIR`: write each scenario's run as an HTML report
//! into DIR, named after the scenario file, and DIR/index.html listing them
//! all with pass or fail. Nothing else is written.

use std::path::{Path, PathBuf};

use pactum::check::Plan;
use pactum::program::Program;
use pactum::report::{render_html, render_index, IndexRow, WholeRun};
use pactum::store::write_atomically;
use pactum::testing::ScenarioRun;

/// One scenario's result, and its report if it ran.
pub struct Page {
    pub scenario: PathBuf,
    pub passed: bool,
    pub html: Option<String>,
}

/// The HTML report of a scenario's run. A run stopped by the diagnostic
/// the scenario expects is shown as incomplete, with that diagnostic's message.
pub fn render_page(program: &Program, plan: &Plan, path: &Path, run: &ScenarioRun) -> String {
    let stopped = run.stopped.as_deref().map(|diagnostic| {
        format!(
            "stopped by the expected diagnostic: {}",
            message(diagnostic)
        )
    });
    let stream = path.display().to_string();
    render_html(
        program,
        &WholeRun {
            scenario: Some(&plan.title),
            stream: &stream,
            entries: &run.entries,
            summary: &run.summary,
            stopped: stopped.as_deref(),
        },
    )
}

/// Writes the reports and the index; false (after saying why) if any
/// could not be written.
pub fn write_pages(dir: &Path, pages: &[Page]) -> bool {
    if let Err(error) = std::fs::create_dir_all(dir) {
        outln!("cannot create {}: {error}", dir.display());
        return false;
    }
    // `index` is the index's own name; two scenarios with the same name
    // in different folders get `-2`, `-3`, … in the order they ran.
    let mut used: Vec<String> = vec!["index".to_string()];
    let mut rows = Vec::new();
    let mut all_written = true;
    for page in pages {
        let report = page.html.as_ref().and_then(|html| {
            let stem = page.scenario.file_stem().map_or_else(
                || "scenario".to_string(),
                |s| s.to_string_lossy().into_owned(),
            );
            let name = (1..)
                .map(|n| {
                    if n == 1 {
                        stem.clone()
                    } else {
                        format!("{stem}-{n}")
                    }
                })
                .find(|name| !used.contains(name))?;
            used.push(name.clone());
            let file = format!("{name}.html");
            match write_atomically(&dir.join(&file), html) {
                Ok(()) => Some(file),
                Err(error) => {
                    outln!("cannot write {}: {error}", dir.join(&file).display());
                    all_written = false;
                    None
                }
            }
        });
        rows.push(IndexRow {
            scenario: page.scenario.display().to_string(),
            passed: page.passed,
            report,
        });
    }
    let index = dir.join("index.html");
    match write_atomically(&index, &render_index(&rows)) {
        Ok(()) => {
            let written = rows.iter().filter(|r| r.report.is_some()).count();
            let plural = if written == 1 { "" } else { "s" };
            outln!("wrote {} and {written} report{plural}", index.display());
            all_written
        }
        Err(error) => {
            outln!("cannot write {}: {error}", index.display());
            false
        }
    }
}

/// A rendered diagnostic's message (`× there is no Closing Price …`), its
/// wrapped lines joined, without the source excerpt around it.
fn message(diagnostic: &str) -> String {
    let mut lines = diagnostic.lines().map(str::trim);
    let Some(first) = lines.find(|line| line.starts_with('×')) else {
        return diagnostic.lines().next().unwrap_or_default().to_string();
    };
    let mut words = vec![first.trim_start_matches('×').trim()];
    // Wrapped lines follow, some behind a `│`; the source excerpt begins with `╭`.
    words.extend(
        lines
            .map(|line| line.trim_start_matches('│').trim())
            .take_while(|line| {
                line.chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric() || c == '`' || c == '(')
            }),
    );
    words.join(" ")
}
