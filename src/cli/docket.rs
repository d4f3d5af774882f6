//! `pactum docket CLAUSE_FILE [SCENARIO]`: every deadline and key date, as a
//! table, CSV, iCalendar or JSON.

use std::path::Path;

use pactum::eval::Machine;
use pactum::report::{docket, docket_csv, docket_ics, docket_text, When};

use super::load::{load_contract, load_scenario_against, print_all};
use super::output::eprint_diagnostic;

#[derive(Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum DocketFormat {
    Text,
    Csv,
    Ics,
    Json,
}

pub fn run(contract: &Path, scenario: Option<&Path>, format: DocketFormat) -> bool {
    let program = match load_contract(contract) {
        Ok(program) => program,
        Err(diagnostics) => {
            print_all(&diagnostics);
            return false;
        }
    };
    let mut entries = Vec::new();
    if let Some(scenario) = scenario {
        let plan = match load_scenario_against(scenario, &program) {
            Ok(plan) => plan,
            Err(diagnostics) => {
                print_all(&diagnostics);
                return false;
            }
        };
        let mut machine = Machine::new(&program).with_market(plan.market.clone());
        for step in &plan.steps {
            match machine.apply(&step.input) {
                Ok(produced) => entries.extend(produced),
                Err(error) => {
                    // A docket cut short would hide the deadlines after the error.
                    eprint_diagnostic(&error);
                    return false;
                }
            }
        }
    }
    let items = docket(&program, &entries);
    match format {
        DocketFormat::Text => out!("{}", docket_text(&program, &items)),
        DocketFormat::Ics => out!("{}", docket_ics(&program, &items)),
        DocketFormat::Csv => match docket_csv(&program, &items) {
            Ok(text) => out!("{text}"),
            Err(error) => {
                eoutln!("error: cannot write the CSV: {error}");
                return false;
            }
        },
        DocketFormat::Json => {
            let rows: Vec<serde_json::Value> = items
                .iter()
                .map(|item| {
                    let (date, time) = match item.when {
                        When::Day(date) => (date.to_string(), None),
                        When::At(at) => (at.date_in(program.zone).to_string(), Some(at.rfc3339())),
                    };
                    serde_json::json!({
                        "date": date,
                        "time": time,
                        "section": item.clause.map(|c| program.clause_number(c)),
                        "what": item.what,
                        "basis": item.basis,
                    })
                })
                .collect();
            out!(
                "{}\n",
                serde_json::json!({ "contract": program.title, "zone": program.zone.name(), "docket": rows })
            );
        }
    }
    true
}
