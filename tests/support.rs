//! Helpers shared by the test modules: running the pipeline on text and
//! rendering diagnostics without colour.

use std::path::{Path, PathBuf};

use pactum::check::{check_contract, check_scenario, Plan};
use pactum::program::Program;
use pactum::render::render_diagnostic;
use pactum::source::Source;
use pactum::syntax::{parse_clause_file, parse_scenario};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A clause file's program, or its diagnostics rendered as text.
pub fn check_text(name: &str, text: &str) -> Result<Program, String> {
    let source = Source::new(name, text);
    let file = parse_clause_file(&source).map_err(|e| render_diagnostic(&e, false))?;
    check_contract(&source, &file).map_err(|errors| {
        errors
            .iter()
            .map(|e| render_diagnostic(e, false))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

pub fn plan_text(program: &Program, name: &str, text: &str) -> Result<Plan, String> {
    let source = Source::new(name, text);
    let file = parse_scenario(&source).map_err(|e| render_diagnostic(&e, false))?;
    check_scenario(program, &source, &file).map_err(|errors| {
        errors
            .iter()
            .map(|e| render_diagnostic(e, false))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// Checks and runs a scenario written inline, failing the test on any diagnostic.
pub fn run_text(program: &Program, name: &str, text: &str) -> pactum::testing::ScenarioRun {
    let plan = plan_text(program, name, text).unwrap_or_else(|e| panic!("{e}"));
    pactum::testing::run_plan(program, &plan)
        .unwrap_or_else(|e| panic!("{}", render_diagnostic(&e, false)))
}

/// The file name a fixture is reported under: stable across machines.
pub fn fixture_name(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
        .replace('\\', "/")
}

/// The `-- expect: …` or `# expect: …` header line of a fixture.
pub fn expected_header(text: &str) -> String {
    text.lines()
        .next()
        .and_then(|line| line.split_once("expect:"))
        .map(|(_, rest)| rest.trim().to_string())
        .unwrap_or_else(|| panic!("fixture has no `expect:` header line"))
}

/// Every file under a folder, with its bytes, for before/after comparison.
pub fn listing(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

/// The built `pactum`, run in the repository's top folder without colour.
pub fn pactum(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}
