//! Invariants and `pactum explore`: a broken copy of the seed warrant is
//! caught by an invariant and shrunk to one event; the seed keeps its
//! invariants; boundary cases cover the thresholds a lawyer would test; the
//! written cases pass `pactum test`; the same seed gives the same output.

use std::process::{Command, Output};

use pactum::explore::random::{DEFAULT_RUNS, DEFAULT_SEED};
use pactum::explore::{boundary_cases, explore_random, RandomOptions};
use pactum::program::Program;
use pactum::report::{entry_json, render_entry};

use crate::support::{check_text, read, root, run_text};

/// The refusal the broken copy leaves out.
const REFUSAL: &str = "    refuse \"the Notice asks for more Warrant Shares than remain under this Warrant\"\n      when n.shares > remaining\n";

fn seed_text() -> String {
    read(&root().join("examples/focus-warrant-2001/warrant.pactum"))
}

fn seed() -> Program {
    check_text("warrant.pactum", &seed_text()).unwrap()
}

fn broken() -> Program {
    let text = seed_text();
    assert!(text.contains(REFUSAL), "the seed no longer has the refusal");
    check_text("warrant.pactum", &text.replace(REFUSAL, "")).unwrap()
}

fn defaults() -> RandomOptions {
    RandomOptions {
        seed: DEFAULT_SEED,
        runs: DEFAULT_RUNS,
    }
}

fn pactum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn a_broken_copy_of_the_seed_is_caught_by_an_invariant_and_shrunk() {
    let program = broken();
    let cases = boundary_cases(&program);
    let found = explore_random(&program, &cases, defaults(), "warrant.pactum");
    let first = found.first().expect("no invariant broke");
    assert_eq!(
        program.invariants[first.invariant].words,
        "the Warrant Shares remaining are never negative"
    );
    assert_eq!(first.steps.len(), 1, "{}", first.scenario);
    insta::assert_snapshot!(first.scenario);
    // Read back as a scenario, it fails `pactum test` on the invariant.
    let run = run_text(&program, "found.scenario", &first.scenario);
    assert!(
        run.failures
            .iter()
            .any(|f| f.expectation.contains("never negative")),
        "{:?}",
        run.failures
    );
}

#[test]
fn the_seed_keeps_its_invariants_under_random_sequences() {
    let program = seed();
    let cases = boundary_cases(&program);
    let found = explore_random(&program, &cases, defaults(), "warrant.pactum");
    let scenarios: Vec<&str> = found.iter().map(|f| f.scenario.as_str()).collect();
    assert!(found.is_empty(), "{}", scenarios.join("\n"));
}

#[test]
fn the_seed_has_boundary_cases_for_each_threshold_and_deadline() {
    let program = seed();
    let cases = boundary_cases(&program);
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let decided_by = |number: &str| {
        cases
            .iter()
            .filter(|c| program.clause_number(c.deciding) == number)
            .count()
    };
    for number in ["1", "2(a)", "2(c)", "6.3", "7.2(b)"] {
        assert!(decided_by(number) >= 2, "no cases decided by §{number}");
    }
    let deemed = cases
        .iter()
        .filter(|c| c.deemed_by.is_some_and(|d| program.clause_number(d) == "8"))
        .count();
    assert!(deemed >= 4, "only {deemed} cases about §8 deemed receipt");
    let table: Vec<String> = cases
        .iter()
        .map(|c| {
            format!(
                "{} => {} [§{}]",
                c.title,
                c.outcome,
                program.clause_number(c.deciding)
            )
        })
        .collect();
    insta::assert_snapshot!(table.join("\n"));
}

#[test]
fn exploring_twice_with_one_seed_gives_the_same_output() {
    let program = broken();
    let options = RandomOptions { seed: 7, runs: 60 };
    let once = explore_random(&program, &boundary_cases(&program), options, "w.pactum");
    let again = explore_random(&program, &boundary_cases(&program), options, "w.pactum");
    let text = |found: &[pactum::explore::Found]| {
        found.iter().map(|f| f.scenario.clone()).collect::<Vec<_>>()
    };
    assert_eq!(text(&once), text(&again));
}

#[test]
fn a_broken_invariant_is_reported_after_the_event_in_text_and_json() {
    let program = broken();
    let run = run_text(
        &program,
        "over.scenario",
        "scenario \"over\"\ncontract \"warrant.pactum\"\n\n2002-06-03 10:00  Notice of Exercise { by: fax, shares: 25,001 shares }\n",
    );
    let text: String = run
        .entries
        .iter()
        .map(|e| render_entry(&program, e))
        .collect();
    assert!(
        text.contains("  INVARIANT BROKEN: \"the Warrant Shares remaining are never negative\" no longer holds: remaining >= 0 shares\n    state changed by §2(a) Exercise\n"),
        "{text}"
    );
    let json = serde_json::to_value(entry_json(&program, run.entries.last().unwrap())).unwrap();
    assert_eq!(
        json["invariants_broken"][0]["invariant"],
        "the Warrant Shares remaining are never negative"
    );
    assert_eq!(json["invariants_broken"][0]["sections"][0], "2(a)");
    assert_eq!(run.failures.len(), 2, "{:?}", run.failures);
    // A seed scenario's JSON has no such field.
    let fine = run_text(
        &seed(),
        "fine.scenario",
        "scenario \"fine\"\ncontract \"warrant.pactum\"\n\n2002-06-03 10:00  Notice of Exercise { by: fax, shares: 25,000 shares }\n",
    );
    let json = serde_json::to_value(entry_json(&seed(), fine.entries.last().unwrap())).unwrap();
    assert!(json.get("invariants_broken").is_none());
}

#[test]
fn pactum_run_prints_the_whole_report_then_exits_1_on_a_broken_invariant() {
    let dir = std::env::temp_dir().join(format!("pactum-explore-run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("warrant.pactum"), seed_text().replace(REFUSAL, "")).unwrap();
    std::fs::write(
        dir.join("over.scenario"),
        "scenario \"over\"\ncontract \"warrant.pactum\"\n\n2002-06-03 10:00  Notice of Exercise { by: fax, shares: 25,001 shares }\n",
    )
    .unwrap();
    let contract = dir.join("warrant.pactum");
    let scenario = dir.join("over.scenario");
    let output = pactum(&[
        "run",
        contract.to_str().unwrap(),
        scenario.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout.contains("INVARIANT BROKEN"), "{stdout}");
    assert!(stdout.contains("final state:"), "{stdout}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("an invariant broke") || stderr.contains("invariants broke"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn written_boundary_cases_pass_pactum_test_after_accept() {
    let dir = std::env::temp_dir().join(format!("pactum-explore-write-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("contract")).unwrap();
    let contract = dir.join("contract/warrant.pactum");
    std::fs::write(&contract, seed_text()).unwrap();
    let cases = dir.join("explored");
    let output = pactum(&[
        "explore",
        "--runs",
        "5",
        "--write",
        cases.to_str().unwrap(),
        contract.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    let first = std::fs::read_dir(&cases)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("01-"))
        })
        .unwrap();
    assert!(read(&first).contains("contract \"../contract/warrant.pactum\""));
    // Every written case holds its expectations (checked in process: the
    // clause file is checked once, not once per scenario).
    let program = seed();
    let mut written: Vec<_> = std::fs::read_dir(&cases)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    written.sort();
    assert!(written.len() >= 40, "{}", written.len());
    for path in &written {
        let run = run_text(&program, "case.scenario", &read(path));
        assert!(
            run.failures.is_empty(),
            "{}: {:?}",
            path.display(),
            run.failures
        );
    }
    // And `pactum test` accepts them and then passes them (a few, for time).
    for path in written.iter().skip(4) {
        std::fs::remove_file(path).unwrap();
    }
    let accepted = pactum(&["test", "--accept", cases.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&accepted.stdout);
    assert!(text.trim_end().ends_with("4 passed, 0 failed"), "{text}");
    let checked = pactum(&["test", "--check", cases.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
