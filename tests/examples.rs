//! Every scenario under `examples/` runs and meets its expectations.

use std::path::{Path, PathBuf};

use pactum::check::check_scenario;
use pactum::render::render_diagnostic;
use pactum::source::Source;
use pactum::syntax::parse_scenario;
use pactum::testing::{judge_check_failure, run_plan, Failure};

use crate::support::{check_text, plan_text, read, root};

fn scenarios(folder: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            scenarios(&entry, found);
        } else if entry.extension().is_some_and(|e| e == "scenario") {
            found.push(entry);
        }
    }
}

fn contract_of(scenario: &Path, text: &str) -> PathBuf {
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("contract"))
        .unwrap();
    let quoted = line.split('"').nth(1).unwrap();
    scenario.parent().unwrap().join(quoted)
}

#[test]
fn every_example_scenario_passes() {
    let mut found = Vec::new();
    scenarios(&root().join("examples"), &mut found);
    assert!(
        found.len() >= 17,
        "expected the seed's scenarios, found {}",
        found.len()
    );
    let mut failures = Vec::new();
    for path in &found {
        let text = read(path);
        let contract = contract_of(path, &text);
        let program = check_text(&contract.display().to_string(), &read(&contract))
            .unwrap_or_else(|e| panic!("{e}"));
        // A scenario may expect its check to stop with a diagnostic, as
        // `pactum test` judges it.
        let source = Source::new(path.display().to_string(), text.clone());
        let mut file = parse_scenario(&source).unwrap_or_else(|e| panic!("{e}"));
        // Price files are read by whoever does IO, as the command line does.
        for prices in &mut file.price_files {
            let named = path.parent().unwrap().join(&prices.path.value);
            prices.contents = Some(Source::new(named.display().to_string(), read(&named)));
        }
        let (checked, found): (usize, Vec<Failure>) = match check_scenario(&program, &source, &file)
        {
            Ok(plan) => {
                let run = run_plan(&program, &plan)
                    .unwrap_or_else(|e| panic!("{}", render_diagnostic(&e, false)));
                (run.checked, run.failures)
            }
            Err(errors) => {
                let diagnosed = judge_check_failure(&program, &source, &file, &errors, "s")
                    .unwrap_or_else(|| panic!("{}", render_diagnostic(&errors[0], false)));
                (diagnosed.checked, diagnosed.failures)
            }
        };
        assert!(checked > 0, "{} has no expectations", path.display());
        for failure in found {
            failures.push(format!(
                "{}:{}: {} — found {}",
                path.display(),
                failure.line,
                failure.expectation,
                failure.found
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The seed example's scenarios cover every operative section: each section
/// with rules decides at least one event somewhere in the scenarios.
#[test]
fn seed_scenarios_exercise_every_operative_section() {
    let folder = root().join("examples/focus-warrant-2001");
    let program = check_text("warrant.pactum", &read(&folder.join("warrant.pactum"))).unwrap();
    let mut found = Vec::new();
    scenarios(&folder.join("scenarios"), &mut found);
    let mut decided = std::collections::BTreeSet::new();
    for path in &found {
        let plan = plan_text(&program, "s", &read(path)).unwrap();
        let run = run_plan(&program, &plan).unwrap();
        for entry in &run.entries {
            if let pactum::report::Entry::Event(event) = entry {
                match &event.outcome {
                    pactum::report::Outcome::Accepted { clauses } => {
                        decided.extend(clauses.iter().copied())
                    }
                    pactum::report::Outcome::Refused { clause, .. } => {
                        decided.extend(*clause);
                    }
                    pactum::report::Outcome::Noted => {}
                }
                if let Some(deemed) = &event.deemed {
                    decided.insert(deemed.clause);
                }
            }
        }
    }
    let operative: Vec<usize> = (0..program.clauses.len())
        .filter(|clause| {
            program.reactions.iter().any(|r| r.clause == *clause)
                || program.change_reactions.iter().any(|r| r.clause == *clause)
                || program.notice_rules.iter().any(|r| r.clause == *clause)
        })
        .collect();
    let missing: Vec<&str> = operative
        .iter()
        .filter(|clause| !decided.contains(clause))
        .map(|clause| program.clause_number(*clause))
        .collect();
    assert!(
        missing.is_empty(),
        "sections never exercised by a scenario: {missing:?}"
    );
}

/// Roundings in defined terms and in refusal conditions are shown too.
#[test]
fn every_rounding_is_in_the_report() {
    let contract = "contract \"R\"\n  holder Holder = \"H\"\n  business days: nyse\n  local time: UTC\ndefine Fee = round(USD 10 / 3, 2 places, half up)\nevent Pay { amount: USD }\nsection 1 \"Pay\"\n  on Pay as p:\n    refuse \"too much\" when round(p.amount, 0 places, half up) > USD 10\n";
    let program = check_text("r.pactum", contract).unwrap();
    let plan = plan_text(&program, "r.scenario", "scenario \"r\"\ncontract \"r.pactum\"\n2025-01-02 10:00  Pay { amount: USD 10.50 }\n  expect refused by 1\n").unwrap();
    let run = run_plan(&program, &plan).unwrap();
    assert!(run.failures.is_empty());
    let report = pactum::snapshot::render_snapshot(&program, "r", "r.pactum", run.outcome());
    assert!(
        report.contains(
            "defined term Fee: rounded USD 3 1/3 (≈3.3333333333) to 2 places, half up → USD 3.33"
        ),
        "{report}"
    );
    assert!(
        report.contains("§1 rounded USD 10.50 to 0 places, half up → USD 11.00"),
        "{report}"
    );
}
