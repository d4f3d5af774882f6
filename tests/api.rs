//! The library's public API (`pactum::api`) gives what the command line
//! gives: the same text and JSON reports as `pactum run`, and the steps and
//! final state as data.

use std::process::Command;

use pactum::api::{Contract, Decision};

use crate::support::{read, root};

const SEED: &str = "examples/focus-warrant-2001/warrant.pactum";

fn seed() -> Contract {
    Contract::from_text(SEED, &read(&root().join(SEED))).unwrap()
}

fn pactum_run(events: &str, json: bool) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pactum"));
    command.current_dir(root()).args(["run", SEED, events]);
    if json {
        command.args(["--format", "json"]);
    }
    let output = command.output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn a_scenario_through_the_api_reports_as_pactum_run_does() {
    let contract = seed();
    assert_eq!(contract.title(), "Common Stock Purchase Warrant");
    assert!(contract.defined_terms().contains(&(
        "Exercise Price".to_string(),
        "USD 1.54 per share".to_string()
    )));
    let events = "examples/focus-warrant-2001/scenarios/04b-tender-late.scenario";
    let run = contract
        .run_scenario(events, &read(&root().join(events)))
        .unwrap();
    assert_eq!(run.text(), pactum_run(events, false));
    assert_eq!(run.json(), pactum_run(events, true));
    assert!(run.failed_expectations().is_empty());
    let steps = run.steps();
    assert!(steps
        .iter()
        .any(|step| step.decision == Decision::DeadlinePassed));
    let text = run.text();
    let state = run.final_state();
    assert!(state.iter().any(|(name, _)| name == "remaining"));
    for (name, value) in state {
        assert!(
            text.contains(&format!("\n  {name} {value}\n")),
            "{name} {value}"
        );
    }
}

#[test]
fn json_lines_through_the_api() {
    let contract = seed();
    let stream = "{\"time\": \"2002-06-03T14:00:00Z\", \"event\": \"Notice of Exercise\", \"fields\": {\"by\": \"fax\", \"shares\": 500}}\n\
                  {\"time\": \"2002-06-04T14:00:00Z\", \"event\": \"Notice of Exercise\", \"fields\": {\"by\": \"fax\", \"shares\": 2000}}\n";
    let run = contract.run_json_lines("events.jsonl", stream).unwrap();
    let steps = run.steps();
    assert_eq!(steps.len(), 2);
    assert!(
        matches!(&steps[0].decision, Decision::Refused { section: Some(s), .. } if s == "2(c)"),
        "{steps:?}"
    );
    assert!(matches!(&steps[1].decision, Decision::Accepted { .. }));
    assert_eq!(steps[1].line, 2);

    let broken = contract.run_json_lines("events.jsonl", "{\"time\": 3}\n");
    let diagnostics = broken.err().unwrap();
    assert!(diagnostics[0]
        .code()
        .unwrap()
        .to_string()
        .starts_with("pactum::input::"));
}

#[test]
fn a_clause_file_that_does_not_check_gives_its_diagnostics() {
    let diagnostics =
        Contract::from_text("x.pactum", "contract \"X\"\n  local time: Mars/Olympus\n")
            .err()
            .unwrap();
    assert!(!diagnostics.is_empty());
    assert!(diagnostics[0].code().is_some());
}
