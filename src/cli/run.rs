//! `pactum run`: apply a scenario's or a stream's events to a clause file and
//! print the report as it goes. A stream is read, applied and reported one
//! record at a time, so memory does not grow with it. If evaluation fails
//! part-way, or a stream's record cannot be read, the report is closed with
//! an explicit INCOMPLETE line (text) or left unterminated (JSON), and the
//! command exits 1: partial output is never passed off as complete. A stream
//! whose first record cannot be read prints nothing.
//!
//! HTML and Markdown reports need the whole run before they can be written
//! (the timeline spans it), so for those the entries are kept and the page
//! written at the end; a run that stopped part-way gets a page that says
//! REPORT INCOMPLETE at its top and where it stopped.

use std::io::{BufWriter, Write};
use std::path::Path;

use miette::Diagnostic;

use pactum::eval::Machine;
use pactum::program::{EventInput, Program};
use pactum::report::{
    header_json, render_entry, render_header, render_html, render_markdown, render_summary,
    summary_json, write_json, Entry, StateCache, WholeRun,
};
use pactum::stream::EventReader;

use super::load::{input_limit, load_contract, load_scenario_against, open_stream, print_all};
use super::output::eprint_diagnostic;
use super::ReportFormat as Format;

/// One event to apply, or the diagnostic that stopped the stream.
type Next = Result<EventInput, Box<dyn Diagnostic + Send + Sync>>;

/// With `summary`, only the entries [`pactum::report::is_exception`] keeps are written,
/// then the end state. With `quiet`, a long stream shows no progress line.
pub fn run(
    contract_path: &Path,
    events_path: &Path,
    format: Format,
    (summary, quiet): (bool, bool),
) -> bool {
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
    let stream = events_path.display().to_string();
    if is_stream {
        let opened = open_stream(events_path).and_then(|opened| Ok((opened, input_limit()?)));
        let ((name, reader, is_file), limit) = match opened {
            Ok(opened) => opened,
            Err(error) => {
                eprint_diagnostic(&error);
                return false;
            }
        };
        let mut events = EventReader::new(&program, reader, &name, limit);
        if !is_file {
            events = events.without_context_after();
        }
        let inputs = events.map(|next| next.map_err(|e| Box::new(e) as Box<_>));
        let inputs = Counted::new(inputs, super::progress::wanted(quiet));
        let market = pactum::compute::MarketData::default();
        return report(&program, None, &stream, market, inputs, (format, summary));
    }
    match load_scenario_against(events_path, &program) {
        Ok(plan) => {
            let inputs = plan.steps.into_iter().map(|step| Ok(step.input));
            report(
                &program,
                Some(&plan.title),
                &stream,
                plan.market,
                inputs,
                (format, summary),
            )
        }
        Err(diagnostics) => {
            print_all(&diagnostics);
            false
        }
    }
}

/// The text report's line under the header with `--summary`.
const SUMMARY_LINE: &str =
    "listed:   only refused events, breached or late obligations and broken invariants (--summary)";

/// Applies the events and writes the report as it goes. The header waits for
/// the first event (or the end), so that a stream that cannot be read at all
/// prints no report.
fn report(
    program: &Program,
    title: Option<&str>,
    stream: &str,
    market: pactum::compute::MarketData,
    inputs: impl Iterator<Item = Next>,
    (format, summary): (Format, bool),
) -> bool {
    if matches!(format, Format::Html | Format::Markdown) {
        return report_whole(program, title, stream, market, inputs, format);
    }
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut machine = Machine::new(program).with_market(market);
    let mut started = false;
    let mut first = true;
    let mut states = StateCache::default();
    let header = |out: &mut BufWriter<_>| match format {
        Format::Text => write!(out, "{}", render_header(program, title, stream)).and_then(|()| {
            if summary {
                writeln!(out, "{SUMMARY_LINE}")
            } else {
                Ok(())
            }
        }),
        Format::Json => {
            let mut header = header_json(program, title, stream);
            header.exceptions_only = summary;
            out.write_all(b"{\"report\":")
                .and_then(|()| write_json(&mut *out, &header))
                .and_then(|()| out.write_all(b",\"entries\":["))
        }
        // Written whole by `report_whole`.
        Format::Html | Format::Markdown => Ok(()),
    };
    let mut inputs = inputs;
    while let Some(next) = inputs.next() {
        let input = match next {
            Ok(input) => input,
            Err(diagnostic) => {
                if started && format == Format::Text {
                    let _ = writeln!(
                        out,
                        "\nREPORT INCOMPLETE: the stream could not be read past this point"
                    );
                }
                let _ = out.flush();
                eprint_diagnostic(diagnostic.as_ref());
                return false;
            }
        };
        if !started {
            started = true;
            if let Err(error) = header(&mut out) {
                super::output::report_write_failure(&error);
                return false;
            }
        }
        let entries = match machine.apply(&input) {
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
                // The progress line, if any, is cleared before the diagnostic.
                drop(inputs);
                eprint_diagnostic(&error);
                return false;
            }
        };
        for entry in entries
            .iter()
            .filter(|entry| !summary || pactum::report::is_exception(entry))
        {
            // Straight into the buffered output: no formatting pass over
            // the rendered text, and JSON serialised without a string or a tree.
            let result = match format {
                Format::Text => out.write_all(render_entry(program, entry).as_bytes()),
                Format::Html | Format::Markdown => Ok(()),
                Format::Json => {
                    let separator: &[u8] = if first { b"" } else { b"," };
                    first = false;
                    // The state's JSON is written again from the cache
                    // while the state stays the same.
                    out.write_all(separator).and_then(|()| {
                        let json = states.entry_json(program, entry)?;
                        write_json(&mut out, &json)
                    })
                }
            };
            if let Err(error) = result {
                super::output::report_write_failure(&error);
                return false;
            }
        }
    }
    if !started {
        if let Err(error) = header(&mut out) {
            super::output::report_write_failure(&error);
            return false;
        }
    }
    let summary = machine.summary();
    let closed = match format {
        Format::Text => write!(out, "{}", render_summary(program, &summary)),
        Format::Json => out
            .write_all(b"],\"summary\":")
            .and_then(|()| write_json(&mut out, &summary_json(program, &summary)))
            .and_then(|()| out.write_all(b",\"complete\":true}\n")),
        Format::Html | Format::Markdown => Ok(()),
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

/// Applies every event, keeping the entries, then writes the HTML or
/// Markdown report of the whole run: marked incomplete if evaluation failed
/// or the stream could not be read past some record (the diagnostic follows
/// on standard error, and the command fails). A stream whose first record
/// cannot be read writes no report.
fn report_whole(
    program: &Program,
    title: Option<&str>,
    stream: &str,
    market: pactum::compute::MarketData,
    inputs: impl Iterator<Item = Next>,
    format: Format,
) -> bool {
    let mut machine = Machine::new(program).with_market(market);
    let mut entries: Vec<Entry> = Vec::new();
    let mut started = false;
    let mut failure: Option<(String, Box<dyn Diagnostic + Send + Sync>)> = None;
    for next in inputs {
        let input = match next {
            Ok(input) => input,
            Err(diagnostic) => {
                if !started {
                    eprint_diagnostic(diagnostic.as_ref());
                    return false;
                }
                failure = Some((
                    "the stream could not be read past this point".to_string(),
                    diagnostic,
                ));
                break;
            }
        };
        started = true;
        match machine.apply(&input) {
            Ok(applied) => entries.extend(applied),
            Err(error) => {
                failure = Some((
                    format!("evaluation stopped at line {}", input.line),
                    Box::new(error),
                ));
                break;
            }
        }
    }
    let summary = machine.summary();
    let run = WholeRun {
        scenario: title,
        stream,
        entries: &entries,
        summary: &summary,
        stopped: failure.as_ref().map(|(why, _)| why.as_str()),
    };
    let page = match format {
        Format::Markdown => render_markdown(program, &run),
        _ => render_html(program, &run),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if let Err(error) = out.write_all(page.as_bytes()).and_then(|()| out.flush()) {
        super::output::report_write_failure(&error);
        return false;
    }
    if let Some((_, diagnostic)) = failure {
        eprint_diagnostic(diagnostic.as_ref());
        return false;
    }
    if machine.invariants_broken() > 0 {
        eoutln!(
            "{}",
            pactum::errors::invariants_broken_words(machine.invariants_broken())
        );
        return false;
    }
    true
}

/// A stream's events, counted for the progress line (see `progress.rs` in
/// the CLI): the line is cleared when the stream ends, fails, or is dropped,
/// so that it never runs into a diagnostic or the shell's prompt.
struct Counted<I> {
    inputs: I,
    progress: Option<pactum::progress::Progress>,
}

impl<I> Counted<I> {
    fn new(inputs: I, shown: bool) -> Self {
        Self {
            inputs,
            progress: shown.then(|| pactum::progress::Progress::new(std::time::Instant::now())),
        }
    }

    fn clear(&mut self) {
        if let Some(text) = self.progress.as_mut().and_then(|p| p.clear()) {
            super::progress::write(&text);
        }
    }
}

impl<I: Iterator<Item = Next>> Iterator for Counted<I> {
    type Item = Next;

    fn next(&mut self) -> Option<Next> {
        let next = self.inputs.next();
        match &next {
            Some(Ok(_)) => {
                if let Some(progress) = self.progress.as_mut() {
                    if progress.event() {
                        if let Some(text) = progress.tick(std::time::Instant::now()) {
                            super::progress::write(&text);
                        }
                    }
                }
            }
            Some(Err(_)) | None => self.clear(),
        }
        next
    }
}

impl<I> Drop for Counted<I> {
    fn drop(&mut self) {
        self.clear();
    }
}
