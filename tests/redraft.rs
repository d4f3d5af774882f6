//! `pactum test --contract NEW`: a suite run against a redraft writes
//! nothing, fails where outcomes change (showing how), passes where they do
//! not, and refuses the options that would write snapshots.

use crate::support::{listing, pactum, root};

/// Every file under the example, with its bytes.
fn listing_of_the_example() -> Vec<(String, Vec<u8>)> {
    listing(&root().join("examples/focus-warrant-2001"))
}

const REDRAFT: &str = "examples/focus-warrant-2001-v2/warrant.pactum";
const SUITE: &str = "examples/focus-warrant-2001";

#[test]
fn a_redraft_fails_the_scenarios_it_changes_and_writes_nothing() {
    let before = listing_of_the_example();
    let output = pactum(&["test", "--contract", REDRAFT, SUITE]);
    assert_eq!(
        listing_of_the_example(),
        before,
        "--contract must write nothing"
    );
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    // The same fourteen scenarios `pactum diff` finds changed.
    assert!(stdout.ends_with("21 passed, 14 failed\n"), "{stdout}");
    assert!(
        stdout.contains("PASS  examples/focus-warrant-2001/scenarios/01-full-exercise.scenario")
    );
    let scenario_21 = stdout
        .split("FAIL  examples/focus-warrant-2001/scenarios/21-exercise-2000-shares.scenario\n")
        .nth(1)
        .unwrap();
    assert!(scenario_21.starts_with(
        "  line 5: expect accepted\n    found: refused by §2(c) Minimum exercise: Holder may not exercise Warrants for less than 5,000 shares\n"
    ));
    assert!(scenario_21.contains("    +   REFUSED by §2(c) Minimum exercise"));
    assert!(
        !stdout.contains("review with"),
        "nothing is pending to review"
    );
}

#[test]
fn a_failed_expectation_is_quoted_without_the_comment_after_it() {
    let output = pactum(&[
        "test",
        "--contract",
        REDRAFT,
        &format!("{SUITE}/scenarios/18-notice-rules.scenario"),
    ]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("  line 9: expect exercise 1.notice_date = 2002-06-03\n    found: there is no exercise 1\n"),
        "{stdout}"
    );
}

#[test]
fn the_accepted_contract_given_as_the_redraft_passes_everything() {
    let output = pactum(&[
        "test",
        "--contract",
        "examples/focus-warrant-2001/warrant.pactum",
        SUITE,
    ]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.ends_with("35 passed, 0 failed\n"), "{stdout}");
}

#[test]
fn a_redraft_that_does_not_check_runs_no_scenario() {
    let output = pactum(&[
        "test",
        "--contract",
        "tests/fixtures/check/unknown-currency.pactum",
        SUITE,
    ]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!stdout.contains("PASS"), "{stdout}");
    assert!(
        stdout.contains("FAIL  tests/fixtures/check/unknown-currency.pactum"),
        "{stdout}"
    );
    assert!(stderr.contains("pactum::"), "{stderr}");
}

#[test]
fn options_that_write_snapshots_are_refused_with_a_redraft() {
    for option in ["--accept", "--review", "--check", "--readings"] {
        let output = pactum(&["test", "--contract", REDRAFT, option, SUITE]);
        assert_eq!(output.status.code(), Some(2), "{option}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains("cannot be used with"), "{option}: {stderr}");
    }
}

#[test]
fn json_and_junit_results_name_the_redraft() {
    let scenario = format!("{SUITE}/scenarios/02-below-minimum.scenario");
    let output = pactum(&["test", "--contract", REDRAFT, &scenario, "--format", "json"]);
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(results["contract"], REDRAFT);
    assert_eq!(results["scenarios"][0]["status"], "failed");
    let plain = pactum(&["test", &scenario, "--format", "json"]);
    let results: serde_json::Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert!(results["contract"].is_null(), "{results}");

    let output = pactum(&[
        "test",
        "--contract",
        REDRAFT,
        &scenario,
        "--format",
        "junit",
    ]);
    let xml = String::from_utf8(output.stdout).unwrap();
    assert!(
        xml.contains(&format!(
            "<property name=\"contract\" value=\"{REDRAFT}\"/>"
        )),
        "{xml}"
    );
}
