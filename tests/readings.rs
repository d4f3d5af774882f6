//! Reading alternatives (`either A | B per reading ID`) and `pactum test
//! --readings`: each alternative is checked and run in full, so whatever is
//! built on it sees it, and a reading without alternatives changes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use pactum::check::{check_contract, check_contract_under};
use pactum::readings::{reading_alternatives, summary, vary_readings, ReadingsReport};
use pactum::redline::ScenarioInput;
use pactum::source::Source;
use pactum::syntax::{parse_clause_file, parse_scenario};

use crate::support::{check_text, root, run_text};

/// Good Friday, 2003-04-18, closes the NYSE but not the banks: five business
/// days after Monday 2003-04-14 end on Tuesday 04-22 on `nyse` (15, 16, 17,
/// 21, 22) and on Monday 04-21 on `us-banks` (15, 16, 17, 18, 21).
const CONTRACT: &str = r#"contract "Alternatives"
  holder Holder = "Holder Inc."
  business days: either nyse | us-banks per reading R1
  local time: America/New_York

define Minimum        = either 1,000 shares | 3,000 shares per reading R2
define Double Minimum = Minimum * 2
define Tender Period  = 5 business days

state price : USD = USD 0

event Order from Holder { shares: shares }
event Confirmation from Holder

section 1 "Orders"
  text """Orders are confirmed within five business days."""
  reading R1 "business days": """Which days are business days."""
  reading R2 "minimum": """How many shares an order needs."""
  reading R3 "rounding": """How a half dollar rounds."""
  reading R4 "plain": """A reading with no alternatives."""
  on Order as o:
    refuse "an order is for at least twice the minimum" when o.shares < Double Minimum per reading R4
    set price = round(USD 2.50, 0 places, either half up | half even per reading R3)
    Holder must "confirm the order" as confirmation by Confirmation within Tender Period after o.date
"#;

const SCENARIO: &str = r#"scenario "an order confirmed on the fifth NYSE day after it, across Good Friday"
contract "alternatives.pactum"

2003-04-14 10:00  Order { shares: 5,000 shares }
  expect accepted
  expect price = USD 3.00
2003-04-22 10:00  Confirmation
  expect confirmation is met
"#;

fn report_for(contract: &str) -> ReadingsReport {
    let source = Source::new("alternatives.pactum", contract);
    let file = parse_clause_file(&source).unwrap();
    let chosen = check_contract(&source, &file).unwrap();
    let scenario_source = Source::new("order.scenario", SCENARIO);
    let scenario = ScenarioInput {
        name: "order.scenario".to_string(),
        file: parse_scenario(&scenario_source).unwrap(),
        source: scenario_source,
    };
    vary_readings("alternatives.pactum", &source, &file, &chosen, &[scenario])
}

#[test]
fn the_file_runs_its_first_alternatives() {
    let program = check_text("alternatives.pactum", CONTRACT).unwrap();
    assert_eq!(program.calendar.name(), "nyse");
    let run = run_text(&program, "order.scenario", SCENARIO);
    assert!(run.failures.is_empty(), "{:?}", run.failures);
}

#[test]
fn only_readings_that_name_alternatives_are_varied() {
    let program = check_text("alternatives.pactum", CONTRACT).unwrap();
    let found: Vec<(String, Vec<String>)> = reading_alternatives(&program)
        .into_iter()
        .map(|r| (r.id, r.labels))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "R1".to_string(),
                vec!["nyse".to_string(), "us-banks".to_string()]
            ),
            (
                "R2".to_string(),
                vec!["1,000 shares".to_string(), "3,000 shares".to_string()]
            ),
            (
                "R3".to_string(),
                vec!["half up".to_string(), "half even".to_string()]
            ),
        ]
    );
    let report = report_for(CONTRACT);
    let runs: Vec<String> = report.runs.iter().map(|run| run.label()).collect();
    assert_eq!(
        runs,
        ["R1 = us-banks", "R2 = 3,000 shares", "R3 = half even"]
    );
}

#[test]
fn a_business_day_alternative_changes_the_deadline_and_its_outcome() {
    let report = report_for(CONTRACT);
    let r1 = &report.runs[0];
    assert_eq!(r1.changed.len(), 1);
    let changed = &r1.changed[0];
    assert_eq!(changed.outcomes, ["confirmation LATE instead of MET"]);
    let text = report.render_text();
    assert!(
        text.contains("by 2003-04-22") && text.contains("by 2003-04-21"),
        "{text}"
    );
    assert_eq!(
        changed.expectations,
        ["line 8: expect confirmation is met (found: it does not hold)"]
    );
}

#[test]
fn a_defined_term_built_on_a_varied_one_sees_the_alternative() {
    let source = Source::new("alternatives.pactum", CONTRACT);
    let file = parse_clause_file(&source).unwrap();
    let varied = check_contract_under(&source, &file, Some(("R2", 1))).unwrap();
    // Twice 3,000 shares: the 5,000-share order is now refused.
    let run = run_text(&varied, "order.scenario", SCENARIO);
    assert_eq!(run.failures.first().map(|f| f.line), Some(5));
    let report = report_for(CONTRACT);
    let r2 = &report.runs[1];
    let terms: Vec<(String, Option<String>)> = r2
        .terms
        .iter()
        .map(|t| (t.name.clone(), t.after.clone()))
        .collect();
    assert_eq!(
        terms,
        [
            (
                "Double Minimum".to_string(),
                Some("6,000 shares".to_string())
            ),
            ("Minimum".to_string(), Some("3,000 shares".to_string())),
        ]
    );
    assert_eq!(r2.changed.len(), 1);
}

#[test]
fn a_rounding_mode_alternative_is_cited_and_varied() {
    let program = check_text("alternatives.pactum", CONTRACT).unwrap();
    let run = run_text(&program, "order.scenario", SCENARIO);
    let text = pactum::snapshot::render_snapshot(&program, "t", "c", run.outcome());
    assert!(text.contains("relied on reading R3 (rounding)"), "{text}");
    let report = report_for(CONTRACT);
    let r3 = &report.runs[2];
    assert_eq!(r3.changed.len(), 1);
    assert!(r3.changed[0].expectations[0].contains("expect price = USD 3.00"));
}

#[test]
fn a_reading_without_alternatives_changes_nothing() {
    let plain = CONTRACT
        .replace(
            "either nyse | us-banks per reading R1",
            "nyse per reading R1",
        )
        .replace(
            "either 1,000 shares | 3,000 shares per reading R2",
            "1,000 shares",
        )
        .replace("either half up | half even per reading R3", "half up");
    let report = report_for(&plain);
    assert!(report.readings.is_empty());
    assert!(report.runs.is_empty());
    assert_eq!(
        summary(&[report]),
        "0 of 1 scenario changed outcome under an alternative reading; no reading names alternatives"
    );
    // An alternative that no rule uses changes no outcome.
    let idle = plain.replace(
        "define Tender Period  = 5 business days",
        "define Tender Period  = 5 business days\ndefine Spare = either 1 share | 2 shares per reading R4",
    );
    let report = report_for(&idle);
    assert_eq!(report.runs.len(), 1);
    assert!(report.runs[0].changed.is_empty());
    assert_eq!(report.runs[0].unchanged, 1);
}

#[test]
fn alternatives_must_agree_in_number_and_type() {
    let mut three = CONTRACT.replace(
        "define Tender Period  = 5 business days",
        "define Tender Period  = either 5 business days | 6 business days | 7 business days per reading R1",
    );
    let error = check_text("alternatives.pactum", &three).unwrap_err();
    assert!(error.contains("pactum::check::alternatives"), "{error}");
    assert!(
        error.contains("reading R1 has 3 alternatives here, but 2"),
        "{error}"
    );
    three = CONTRACT.replace(
        "either 1,000 shares | 3,000 shares",
        "either 1,000 shares | USD 3",
    );
    let error = check_text("alternatives.pactum", &three).unwrap_err();
    assert!(error.contains("pactum::check::type_mismatch"), "{error}");
    let unknown = CONTRACT.replace("half even per reading R3", "half even per reading R9");
    let error = check_text("alternatives.pactum", &unknown).unwrap_err();
    assert!(error.contains("pactum::check::unknown_name"), "{error}");
    let calendar = CONTRACT.replace("nyse | us-banks", "nyse | us-bankz");
    let error = check_text("alternatives.pactum", &calendar).unwrap_err();
    assert!(error.contains("us-bankz"), "{error}");
}

#[test]
fn either_is_a_keyword_except_inside_a_declared_name() {
    // A defined term's name runs to `=`, so it may hold `either` (docs/language.md);
    // wherever else `either` is written, it is the keyword.
    let named = CONTRACT.replace("Double Minimum", "Minimum either way");
    check_text("alternatives.pactum", &named).unwrap_or_else(|e| panic!("{e}"));
    let used = CONTRACT.replace(
        "when o.shares < Double Minimum per",
        "when o.shares < Minimum either way per",
    );
    let error = check_text("alternatives.pactum", &used).unwrap_err();
    assert!(error.contains("pactum::syntax::"), "{error}");
}

fn listing(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn the_2001_warrant_depends_on_r1_and_nothing_is_written() {
    let folder = root().join("examples/focus-warrant-2001");
    let before = listing(&folder);
    let output = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["test", "--readings", "examples/focus-warrant-2001"])
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(
        text.contains(
            "  R1 (§2(a)) business days: nyse (chosen) | us-banks — varies business days"
        ),
        "{text}"
    );
    // Christmas Eve 2004 closes the NYSE, not the banks: the tender due
    // 2004-12-28 on `nyse` is due 2004-12-27 on `us-banks`, and is late.
    let r1 = text
        .split("under R1 = us-banks (instead of nyse):")
        .nth(1)
        .and_then(|rest| rest.split("\nunder ").next())
        .unwrap_or_else(|| panic!("no R1 = us-banks block in {text}"));
    assert!(
        r1.contains("scenario 28-two-exercises-in-flight.scenario")
            && r1.contains("outcome: exercise 1 tender LATE instead of MET"),
        "{r1}"
    );
    assert!(
        r1.contains("R1 = us-banks: 1 of 35 scenarios changed outcome, 34 unchanged"),
        "{r1}"
    );
    // "Thirty days" as business days: a notice faxed early, before the Spin
    // Off was announced, now answers a deadline thirteen days earlier.
    assert!(
        text.contains("scenario 26-spin-off-notice-early.scenario")
            && text.contains("outcome: spin off notice LATE instead of MET"),
        "{text}"
    );
    // R3 names no alternatives: it is never varied.
    assert!(!text.contains("under R3"), "{text}");
    let last = text.lines().last().unwrap_or_default();
    assert!(
        last.starts_with(
            "4 of 35 scenarios changed outcome under an alternative reading (R1 = us-banks: 1, "
        ),
        "{last}"
    );
    assert_eq!(listing(&folder), before, "--readings wrote a file");

    let json = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args([
            "test",
            "--readings",
            "--format",
            "json",
            "examples/focus-warrant-2001",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["contracts"][0]["runs"][0]["alternative"], "us-banks");
    assert_eq!(
        value["contracts"][0]["runs"][0]["changed"][0]["scenario"],
        "28-two-exercises-in-flight.scenario"
    );
}

#[test]
fn readings_conflicts_with_the_snapshot_modes() {
    let output = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["test", "--readings", "--accept", "examples/tutorial"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
