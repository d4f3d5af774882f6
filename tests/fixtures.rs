//! Fixture files under `tests/fixtures/`: each says in its first line what it
//! expects; the rendered diagnostic or report is snapshotted beside its source.

use std::path::Path;

use pactum::render::render_diagnostic;
use pactum::testing::{render_run, run_plan};

use crate::support::{check_text, expected_header, fixture_name, plan_text, read, root};

fn snapshot_body(source: &str, result: &str) -> String {
    format!("{source}\n----- result -----\n{result}")
}

/// The report, and the expected diagnostic that stopped the run, if one did.
fn run_text_of(program: &pactum::program::Program, run: &pactum::testing::ScenarioRun) -> String {
    match &run.stopped {
        Some(stopped) => format!(
            "{}\n----- stopped -----\n{stopped}",
            render_run(program, run)
        ),
        None => render_run(program, run),
    }
}

/// "ok", then the warnings `pactum check` would print, if any.
fn ok_with_warnings(program: &pactum::program::Program) -> String {
    if program.lints.is_empty() {
        return "ok".to_string();
    }
    let warnings: Vec<String> = program
        .lints
        .iter()
        .map(|lint| render_diagnostic(lint, false))
        .collect();
    format!("ok\n----- warnings -----\n{}", warnings.join("\n"))
}

fn assert_code(path: &Path, expected: &str, rendered: &str) {
    assert!(
        rendered.contains(expected),
        "{}: expected a diagnostic with code {expected}, got:\n{rendered}",
        path.display()
    );
}

#[test]
fn syntax_and_check_fixtures() {
    insta::glob!("fixtures/{syntax,check}/*.pactum", |path| {
        let text = read(path);
        let expected = expected_header(&text);
        let result = check_text(&fixture_name(path), &text);
        let rendered = match (&result, expected.as_str()) {
            // Warnings do not stop a file: an `ok` fixture's snapshot shows any it has.
            (Ok(program), "ok") => ok_with_warnings(program),
            (Ok(program), code) if code.starts_with("pactum::lint::") => {
                let rendered = ok_with_warnings(program);
                assert_code(path, code, &rendered);
                rendered
            }
            (Ok(_), _) => panic!("{}: expected {expected}, but it checked", path.display()),
            (Err(rendered), _) => {
                assert_code(path, &expected, rendered);
                rendered.clone()
            }
        };
        insta::assert_snapshot!(snapshot_body(&text, &rendered));
    });
}

#[test]
fn scenario_fixtures() {
    let contract_path = root().join("tests/fixtures/scenario/contract.pactum");
    let program =
        check_text("contract.pactum", &read(&contract_path)).unwrap_or_else(|e| panic!("{e}"));
    insta::glob!("fixtures/scenario/*.scenario", |path| {
        let text = read(path);
        let expected = expected_header(&text);
        let rendered = match plan_text(&program, &fixture_name(path), &text) {
            Ok(plan) => {
                assert_eq!(
                    expected,
                    "ok",
                    "{}: expected {expected}, but it checked",
                    path.display()
                );
                let run = run_plan(&program, &plan)
                    .unwrap_or_else(|e| panic!("{}", render_diagnostic(&e, false)));
                render_run(&program, &run)
            }
            Err(rendered) => {
                assert_code(path, &expected, &rendered);
                rendered
            }
        };
        insta::assert_snapshot!(snapshot_body(&text, &rendered));
    });
}

#[test]
fn eval_fixtures() {
    let contract_path = root().join("tests/fixtures/eval/contract.pactum");
    let program =
        check_text("contract.pactum", &read(&contract_path)).unwrap_or_else(|e| panic!("{e}"));
    insta::glob!("fixtures/eval/*.scenario", |path| {
        let text = read(path);
        let expected = expected_header(&text);
        let plan =
            plan_text(&program, &fixture_name(path), &text).unwrap_or_else(|e| panic!("{e}"));
        let rendered = match (run_plan(&program, &plan), expected.as_str()) {
            (Ok(run), "pass") => {
                assert!(
                    run.failures.is_empty(),
                    "{}: {:?}",
                    path.display(),
                    run.failures
                );
                run_text_of(&program, &run)
            }
            (Ok(run), "fail") => {
                assert!(
                    !run.failures.is_empty(),
                    "{}: expected a failed expectation",
                    path.display()
                );
                let failures: Vec<String> = run
                    .failures
                    .iter()
                    .map(|f| format!("line {}: {}\n  found: {}", f.line, f.expectation, f.found))
                    .collect();
                format!(
                    "{}\n----- failures -----\n{}",
                    run_text_of(&program, &run),
                    failures.join("\n")
                )
            }
            (Ok(_), _) => panic!("{}: expected {expected}, but it ran", path.display()),
            (Err(error), _) => {
                let rendered = render_diagnostic(&error, false);
                assert_code(path, &expected, &rendered);
                rendered
            }
        };
        insta::assert_snapshot!(snapshot_body(&text, &rendered));
    });
}
