//! Scenarios that expect a diagnostic (`expect error CODE`): bad input kept
//! in a suite as a passing test, judged as `pactum test` judges it.

use pactum::check::check_scenario;
use pactum::program::Program;
use pactum::source::Source;
use pactum::syntax::parse_scenario;
use pactum::testing::{judge_check_failure, DiagnosedRun};

use crate::support::{check_text, read, root};

fn contract() -> Program {
    let path = root().join("tests/fixtures/scenario/contract.pactum");
    check_text("contract.pactum", &read(&path)).unwrap()
}

/// `None` when the scenario checks; else how its diagnostics were judged.
fn judged(program: &Program, text: &str) -> Option<DiagnosedRun> {
    let source = Source::new("dir/s.scenario", text);
    let file = parse_scenario(&source).unwrap();
    match check_scenario(program, &source, &file) {
        Ok(_) => None,
        Err(errors) => Some(
            judge_check_failure(program, &source, &file, &errors, "s.scenario")
                .expect("the scenario expects a diagnostic"),
        ),
    }
}

const HEAD: &str = "scenario \"gap\"\ncontract \"contract.pactum\"\n";

#[test]
fn the_expected_diagnostic_on_its_event_line_passes() {
    let program = contract();
    let text = format!(
        "{HEAD}2003-04-06 02:30  Board Meeting\n  expect error pactum::check::nonexistent_time\n"
    );
    let diagnosed = judged(&program, &text).unwrap();
    assert!(diagnosed.failures.is_empty(), "{:?}", diagnosed.failures);
    assert_eq!(diagnosed.checked, 1);
    // The snapshot is the rendered diagnostic, naming the scenario by its
    // file name only, so it reads the same wherever `pactum test` runs.
    assert!(
        diagnosed
            .report
            .starts_with("scenario: gap\ncontract: contract.pactum (Share Sale Agreement)\n"),
        "{}",
        diagnosed.report
    );
    assert!(diagnosed.report.contains("pactum::check::nonexistent_time"));
    assert!(diagnosed.report.contains("[s.scenario:3:1]"));
    assert!(!diagnosed.report.contains("dir/"));
}

#[test]
fn a_field_value_on_the_event_line_counts_as_that_line() {
    let program = contract();
    let text = format!(
        "{HEAD}2003-04-07 10:00  Payment {{ amount: USD 5, method: cheque }}\n  expect error pactum::check::unknown_name\n"
    );
    let diagnosed = judged(&program, &text).unwrap();
    assert!(diagnosed.failures.is_empty(), "{:?}", diagnosed.failures);
}

#[test]
fn another_code_fails() {
    let program = contract();
    let text = format!(
        "{HEAD}2003-04-06 02:30  Board Meeting\n  expect error pactum::check::ambiguous_time\n"
    );
    let failures = judged(&program, &text).unwrap().failures;
    // The expected code is missing, and the one found was not expected.
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert_eq!(failures[0].line, 4);
    assert!(
        failures[0]
            .found
            .contains("the diagnostics: pactum::check::nonexistent_time on line 3"),
        "{failures:?}"
    );
    assert_eq!(failures[1].line, 3);
}

#[test]
fn the_right_code_on_another_event_line_fails() {
    let program = contract();
    let text = format!(
        "{HEAD}2003-04-05 10:00  Board Meeting\n  expect error pactum::check::nonexistent_time\n2003-04-06 02:30  Board Meeting\n"
    );
    let failures = judged(&program, &text).unwrap().failures;
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert_eq!(failures[0].line, 4);
    assert_eq!(failures[1].line, 5);
}

#[test]
fn an_unexpected_diagnostic_beside_an_expected_one_fails() {
    let program = contract();
    let text = format!(
        "{HEAD}2003-04-06 02:30  Board Meeting\n  expect error pactum::check::nonexistent_time\n2003-04-07 10:00  Board Meting\n"
    );
    let failures = judged(&program, &text).unwrap().failures;
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0].line, 5);
    assert!(failures[0].found.starts_with("pactum::check::unknown_name"));
}

#[test]
fn a_scenario_without_expect_error_is_an_ordinary_error() {
    let program = contract();
    let text = format!("{HEAD}2003-04-06 02:30  Board Meeting\n");
    let source = Source::new("s.scenario", text.as_str());
    let file = parse_scenario(&source).unwrap();
    let errors = check_scenario(&program, &source, &file).unwrap_err();
    assert!(judge_check_failure(&program, &source, &file, &errors, "s.scenario").is_none());
}

#[test]
fn an_expected_diagnostic_that_does_not_occur_fails_when_run() {
    let program = contract();
    let text = format!(
        "{HEAD}2003-04-07 10:00  Board Meeting\n  expect error pactum::check::nonexistent_time\n"
    );
    assert!(judged(&program, &text).is_none());
    let run = crate::support::run_text(&program, "s.scenario", &text);
    assert_eq!(run.failures.len(), 1);
    assert!(
        run.failures[0].found.starts_with("no diagnostic"),
        "{:?}",
        run.failures
    );
}
