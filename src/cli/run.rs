//! `pactum run`: apply a scenario's or a stream's events to a clause file and
//! print the report as it goes. If evaluation fails part-way, the report is
//! closed with an explicit INCOMPLETE line (text) or left unterminated
//! (JSON), and the command exits 1: partial output is never passed off as
//! complete.

use std::io::{BufWriter, Write};
use std::path::Path;

use pactum::eval::Machine;
use pactum::report::{
    entry_json, header_json, render_entry, render_header, render_summary, summary_json,
};

use super::load::{load_contract, load_scenario_against, load_stream, print_all};
use super::output::eprint_diagnostic;
use super::Format;

pub fn run(contract_path: &Path, events_path: &Path, format: Format) -> bool {
    let program = match load_contract(contract_path) {
        Ok(program) => {
            for lint in &program.lints {
                eprint_diagnostic(lint);
            }
            program
        }
        Err(diagnostics) => {
            print_all(&diagnostics);
            return false;
        }
    };
    let is_stream =
        events_path.extension().is_some_and(|ext| ext == "jsonl") || events_path == Path::new("-");
    let (title, inputs, market) = if is_stream {
        match load_stream(events_path, &program) {
            Ok(inputs) => (None, inputs, pactum::compute::MarketData::default()),
            Err(diagnostics) => {
                print_all(&diagnostics);
                return false;
            }
        }
    } else {
        match load_scenario_against(events_path, &program) {
            Ok(plan) => (
                Some(plan.title.clone()),
                plan.steps.into_iter().map(|step| step.input).collect(),
                plan.market,
            ),
            Err(diagnostics) => {
                print_all(&diagnostics);
                return false;
            }
        }
    };
    let stream = events_path.display().to_string();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut machine = Machine::new(&program).with_market(market);
    let written = match format {
        Format::Text => write!(
            out,
            "{}",
            render_header(&program, title.as_deref(), &stream)
        ),
        Format::Json => write!(
            out,
            "{{\"report\":{},\"entries\":[",
            header_json(&program, title.as_deref(), &stream)
        ),
    };
    if let Err(error) = written {
        super::output::report_write_failure(&error);
        return false;
    }
    let mut first = true;
    for input in &inputs {
        let entries = match machine.apply(input) {
            Ok(entries) => entries,
            Err(error) => {
                if format == Format::Text {
                    let _ = writeln!(
                        out,
                        "\nREPORT INCOMPLETE: evaluation stopped at line {}",
                        input.line
                    );
                }
                let _ = out.flush();
                eprint_diagnostic(&error);
                return false;
            }
        };
        for entry in &entries {
            let result = match format {
                Format::Text => write!(out, "{}", render_entry(&program, entry)),
                Format::Json => {
                    let separator = if first { "" } else { "," };
                    first = false;
                    write!(out, "{separator}{}", entry_json(&program, entry))
                }
            };
            if let Err(error) = result {
                super::output::report_write_failure(&error);
                return false;
            }
        }
    }
    let summary = machine.summary();
    let closed = match format {
        Format::Text => write!(out, "{}", render_summary(&program, &summary)),
        Format::Json => writeln!(
            out,
            "],\"summary\":{},\"complete\":true}}",
            summary_json(&program, &summary)
        ),
    };
    match closed.and_then(|()| out.flush()) {
        // The whole report is printed first; a broken invariant then fails the run.
        Ok(()) if machine.invariants_broken() > 0 => {
            eoutln!(
                "{}",
                pactum::errors::invariants_broken_words(machine.invariants_broken())
            );
            false
        }
        Ok(()) => true,
        Err(error) => {
            super::output::report_write_failure(&error);
            false
        }
    }
}
