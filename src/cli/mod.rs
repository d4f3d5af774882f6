//! Command-line interface: argument parsing and dispatch to one file per
//! command. Exit codes: 0 all well, 1 failed checks or diagnostics, 2 usage.

#[macro_use]
mod output;
mod calendar;
mod check;
mod contracts;
mod diff;
mod docket;
mod explore;
mod fmt;
mod load;
mod lsp;
mod manual;
mod progress;
mod project;
mod readings;
mod run;
mod schema;
mod test;
mod test_html;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "pactum",
    version,
    about = "Contract mechanics as code: check clause files, run dated events against them, test scenarios.",
    after_help = "Examples:\n  pactum check examples/focus-warrant-2001/warrant.pactum\n  pactum run examples/focus-warrant-2001/warrant.pactum examples/focus-warrant-2001/scenarios/01-full-exercise.scenario\n  pactum test examples/\n\nExit codes: 0 all well, 1 failed checks or diagnostics, 2 bad command line.\nColour is used only on a terminal, and never when NO_COLOR is set."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and check clause files (`*.pactum`) and scenarios (`*.scenario`).
    #[command(
        after_help = "Examples:\n  pactum check examples/focus-warrant-2001/warrant.pactum examples/focus-warrant-2001/scenarios/*.scenario\n  pactum check --deny warnings examples/focus-warrant-2001/warrant.pactum\n\nWarnings (`pactum::lint::…`) do not fail a file unless --deny warnings is given; those a\nsection acknowledges (`acknowledge CODE \"why\"`) are not printed, only counted."
    )]
    Check {
        /// Files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// `--deny warnings`: fail (exit 1) if any warning is not acknowledged.
        #[arg(long, value_name = "WHAT", value_parser = ["warnings"])]
        deny: Option<String>,
    },
    /// Run a scenario or a JSON Lines event stream against a clause file and report what happens.
    #[command(
        after_help = "Examples:\n  pactum run warrant.pactum scenarios/01-full-exercise.scenario\n  pactum run warrant.pactum events.jsonl --format json\n\nA `.jsonl` file (or `-`, standard input) is read as JSON Lines events (see docs/json.md); anything\nelse as a scenario, whose own `contract` line is ignored in favour of CONTRACT.\n\nInputs are limited to 64 MiB; set PACTUM_MAX_INPUT_MIB to raise the limit.\nA stream that takes over a second shows its progress on standard error when that is a terminal\n(and standard output is not the same one); --quiet turns it off."
    )]
    Run {
        /// The clause file.
        contract: PathBuf,
        /// A scenario script, a `.jsonl` event stream, or `-` for JSON Lines on standard input.
        events: PathBuf,
        /// Report format: text and JSON are written as the run goes; HTML (one
        /// self-contained page with a timeline) and Markdown once it has ended.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// List only what went wrong (refused events, breached or late obligations, broken
        /// invariants) and then the end state, as a whole report does (text and JSON only).
        #[arg(long)]
        summary: bool,
        /// Never show the progress line of a long JSON Lines stream on standard error.
        #[arg(long, short)]
        quiet: bool,
    },
    /// The behavioural redline of a redraft: which scenario outcomes and which clauses changed.
    #[command(
        after_help = "Example:\n  pactum diff examples/focus-warrant-2001/warrant.pactum examples/focus-warrant-2001-v2/warrant.pactum\n\nEvery scenario (by default those under `scenarios/` beside OLD) runs against both versions.\nChanged scenarios are listed event by event; unchanged ones are counted. Ends with a one-line summary."
    )]
    Diff {
        /// The clause file before the redraft.
        old: PathBuf,
        /// The clause file after it.
        new: PathBuf,
        /// Folder of scenarios to run against both.
        #[arg(long)]
        scenarios: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List a business-day calendar's closures, or count business days on it.
    #[command(
        after_help = "Examples:\n  pactum calendar nyse --from 2004 --to 2005\n  pactum calendar nyse --add-business-days 2002-11-22 5\n  pactum calendar us-banks --is-business-day 2004-12-24 --format json"
    )]
    Calendar {
        /// The calendar.
        #[arg(value_parser = ["nyse", "us-federal", "us-banks", "weekends-only"])]
        name: String,
        /// First year to list.
        #[arg(long, default_value_t = 2004)]
        from: i32,
        /// Last year to list (default: the `--from` year).
        #[arg(long)]
        to: Option<i32>,
        /// Whether DATE is a business day, and if not, why.
        #[arg(long, value_name = "DATE", value_parser = calendar::parse_date, conflicts_with = "add_business_days")]
        is_business_day: Option<chrono::NaiveDate>,
        /// The business day N business days after DATE (before it, if N is negative).
        #[arg(long, num_args = 2, value_names = ["DATE", "N"], allow_negative_numbers = true)]
        add_business_days: Option<Vec<String>>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Every deadline and key date: defined dates, and with a scenario each obligation's deadline.
    #[command(
        after_help = "Examples:\n  pactum docket examples/focus-warrant-2001/warrant.pactum\n  pactum docket warrant.pactum scenarios/01-full-exercise.scenario --format ics > deadlines.ics\n  pactum docket warrant.pactum scenarios/01-full-exercise.scenario --format csv\n\nThe iCalendar file (--format ics) imports into Outlook and Google Calendar: one event per date,\nin the contract's time zone, with the clause's text in the description."
    )]
    Docket {
        /// The clause file.
        contract: PathBuf,
        /// A scenario whose deadlines to add (its `contract` line is ignored in favour of CONTRACT).
        scenario: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = docket::DocketFormat::Text)]
        format: docket::DocketFormat,
    },
    /// Run the language server on standard input and output, for editors.
    #[command(
        after_help = "Editors start this themselves; see docs/editors.md for VS Code, Neovim, Helix and Emacs."
    )]
    Lsp,
    /// Print a shell completion script: `pactum completions bash > /etc/bash_completion.d/pactum`.
    #[command(
        after_help = "Examples:\n  pactum completions bash > ~/.local/share/bash-completion/completions/pactum\n  pactum completions zsh > ~/.zfunc/_pactum\n  pactum completions fish > ~/.config/fish/completions/pactum.fish"
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print a manual page (roff) for pactum or one of its commands.
    #[command(
        after_help = "Examples:\n  pactum man > pactum.1\n  pactum man test > pactum-test.1\n  pactum man run | man -l -"
    )]
    Man {
        /// The command whose page to print (default: pactum itself).
        command: Option<String>,
    },
    /// Print the JSON Schema of the JSON report or of `pactum test --format json`.
    #[command(
        after_help = "Examples:\n  pactum schema report > report.schema.json\n  pactum schema test-results\n\nThe same schemas are in docs/report.schema.json and docs/test-results.schema.json."
    )]
    Schema {
        /// Which document.
        #[arg(value_enum)]
        document: schema::Document,
    },
    /// Generate boundary scenarios from a clause file, and random sequences checked against its invariants.
    #[command(
        after_help = "Examples:\n  pactum explore examples/focus-warrant-2001/warrant.pactum\n  pactum explore --write explored/ examples/focus-warrant-2001/warrant.pactum\n  pactum explore --seed 7 --runs 1000 examples/focus-warrant-2001/warrant.pactum\n\nPrints a table of boundary cases (case, events, outcome, deciding clause), then runs random\nsequences; a sequence that breaks an invariant is shrunk and printed as a scenario.\nExits 1 if an invariant broke. The same seed always gives the same output."
    )]
    Explore {
        /// The clause file.
        contract: PathBuf,
        /// Write each boundary case as a `.scenario` file into DIR.
        #[arg(long, value_name = "DIR")]
        write: Option<PathBuf>,
        /// Seed of the random sequences.
        #[arg(long, default_value_t = pactum::explore::random::DEFAULT_SEED)]
        seed: u64,
        /// How many random sequences to run.
        #[arg(long, default_value_t = pactum::explore::random::DEFAULT_RUNS)]
        runs: usize,
    },
    /// Rewrite clause files and scenarios in the canonical layout (`--check`: only show what would change).
    #[command(
        after_help = "Examples:\n  pactum fmt examples/\n  pactum fmt --check examples/focus-warrant-2001/warrant.pactum\n\nFolders are searched for `*.pactum` and `*.scenario` files (skipping hidden folders and `target/`);\nwith no path, the `[test] roots` of pactum.toml (with neither, nothing is done). Comments, strings and\ntext blocks are kept byte for byte. Files are rewritten in place, atomically. With --check nothing\nis written: each file that would change is shown with a diff, and the exit status is 1.\nA file that does not parse gets its diagnostic (exit 1) and is never rewritten."
    )]
    Fmt {
        /// Files, or folders to search (default: the project's test roots).
        paths: Vec<PathBuf>,
        /// Write nothing; show what would change and exit 1 if anything would.
        #[arg(long)]
        check: bool,
    },
    /// Run every scenario under the paths, check its expectations and its accepted snapshot.
    #[command(
        after_help = "Examples:\n  pactum test examples/\n  pactum test --review examples/\n  pactum test --check examples/\n  pactum test --readings examples/focus-warrant-2001\n  pactum test --contract examples/focus-warrant-2001-v2/warrant.pactum examples/focus-warrant-2001\n  pactum test --watch examples/\n\nEach scenario's full report is kept beside it as NAME.report. A run whose report differs\nwrites NAME.report.pending and fails; accepted snapshots are never overwritten without\n--accept or --review. Ends with a line `N passed, N failed`; exits 1 if any scenario failed."
    )]
    Test {
        /// Scenario files or folders to search for `*.scenario` (default: pactum.toml's `[test] roots`).
        paths: Vec<PathBuf>,
        /// Accept every new report as the scenario's snapshot.
        #[arg(long, conflicts_with_all = ["check", "review"])]
        accept: bool,
        /// For CI: write nothing; fail on any difference, pending snapshot or orphaned snapshot.
        #[arg(long, conflicts_with = "review")]
        check: bool,
        /// After running, walk through pending snapshots: accept, reject or skip each.
        #[arg(long)]
        review: bool,
        /// Run every scenario under each alternative of each reading (`either … per reading ID`)
        /// and report which outcomes change; writes nothing.
        #[arg(long, conflicts_with_all = ["accept", "check", "review"])]
        readings: bool,
        /// Also write each scenario's run as an HTML report into DIR (named
        /// after the scenario file), with DIR/index.html listing them with pass or fail.
        #[arg(long, value_name = "DIR", conflicts_with = "readings")]
        html: Option<PathBuf>,
        /// Output format: `text` (a line per scenario), `json` (one document of results) or
        /// `junit` (JUnit XML, for CI). With `--readings`, `text` or `json`.
        #[arg(long, value_enum, default_value_t = TestFormat::Text)]
        format: TestFormat,
        /// Run every scenario against this clause file (a redraft) instead of the one its
        /// `contract` line names. Writes nothing: a report that differs from the accepted
        /// snapshot fails, with the difference shown.
        #[arg(long, value_name = "CLAUSE_FILE", conflicts_with_all = ["accept", "check", "review", "readings"])]
        contract: Option<PathBuf>,
        /// After the first run, wait for files to be saved and run again the scenarios they
        /// affect (a scenario, its clause file, its price files); Ctrl-C stops.
        #[arg(long, conflicts_with_all = ["accept", "check", "review", "readings", "html", "contract"])]
        watch: bool,
    },
}

/// `--add-business-days DATE N`.
fn parse_addition(pair: &[String]) -> Result<(chrono::NaiveDate, i64), String> {
    let (Some(date), Some(count)) = (pair.first(), pair.get(1)) else {
        return Err("--add-business-days takes DATE and N".to_string());
    };
    let count = count
        .parse::<i64>()
        .map_err(|_| format!("`{count}` is not a whole number of business days"))?;
    Ok((calendar::parse_date(date)?, count))
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// The formats of `pactum run`'s report: [`Format`]'s, and two that other
/// commands have no use for.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
    /// One self-contained HTML page: timeline, events, ledger, final state.
    Html,
    /// The HTML page's content without the timeline, for a memo or a pull request.
    Markdown,
}

/// What `pactum test` prints: lines for people, or one document for programs.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TestFormat {
    Text,
    Json,
    /// JUnit XML, which CI systems read as test reports.
    Junit,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // `--help` and `--version` succeed only if their text was written
            // (`pactum --help > /dev/full` fails).
            let printed = error.print().and_then(|()| output::flush_stdout());
            return if error.use_stderr() {
                ExitCode::from(2)
            } else if let Err(failure) = printed {
                output::report_write_failure(&failure);
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let all_well = match cli.command {
        Command::Check { files, deny } => check::run(&files, deny.is_some()),
        Command::Run {
            contract,
            events,
            format: ReportFormat::Html | ReportFormat::Markdown,
            summary: true,
            ..
        } => {
            let _ = (contract, events);
            eoutln!("error: --summary lists exceptions as the run goes; use it with --format text or json");
            return ExitCode::from(2);
        }
        Command::Run {
            contract,
            events,
            format,
            summary,
            quiet,
        } => run::run(&contract, &events, format, (summary, quiet)),
        Command::Test {
            paths,
            readings: true,
            format,
            ..
        } => {
            let format = match format {
                TestFormat::Text => Format::Text,
                TestFormat::Json => Format::Json,
                TestFormat::Junit => {
                    eoutln!("error: --readings compares outcomes and has no JUnit form; use --format text or json");
                    return ExitCode::from(2);
                }
            };
            readings::run(&paths, format)
        }
        Command::Test {
            watch: true,
            format: TestFormat::Json | TestFormat::Junit,
            ..
        } => {
            eoutln!("error: --watch prints a line per scenario as it runs; it cannot be combined with --format json or junit");
            return ExitCode::from(2);
        }
        Command::Test {
            paths, watch: true, ..
        } => watch::run(&paths),
        Command::Test {
            review: true,
            format: TestFormat::Json | TestFormat::Junit,
            ..
        } => {
            eoutln!("error: --review asks at the terminal; it cannot be combined with --format json or junit");
            return ExitCode::from(2);
        }
        Command::Test {
            paths,
            accept,
            check,
            review,
            html,
            format,
            contract,
            ..
        } => {
            let mode = match (accept, check, review) {
                (true, _, _) => test::Mode::Accept,
                (_, true, _) => test::Mode::Check,
                (_, _, true) => test::Mode::Review,
                _ => test::Mode::Write,
            };
            test::run(&test::Request {
                paths: &paths,
                mode,
                format,
                html: html.as_deref(),
                contract: contract.as_deref(),
            })
        }
        Command::Fmt { paths, check } => fmt::run(&paths, check),
        Command::Completions { shell } => manual::completions(shell),
        Command::Lsp => lsp::run(),
        Command::Schema { document } => schema::run(document),
        Command::Docket {
            contract,
            scenario,
            format,
        } => docket::run(&contract, scenario.as_deref(), format),
        Command::Man { command } => manual::man(command.as_deref()),
        Command::Explore {
            contract,
            write,
            seed,
            runs,
        } => explore::run(&explore::Request {
            contract: &contract,
            write: write.as_deref(),
            seed,
            runs,
        }),
        Command::Diff {
            old,
            new,
            scenarios,
            format,
        } => diff::run(&old, &new, scenarios.as_deref(), format),
        Command::Calendar {
            name,
            from,
            to,
            is_business_day,
            add_business_days,
            format,
        } => {
            let add_business_days = match add_business_days
                .map(|pair| parse_addition(&pair))
                .transpose()
            {
                Ok(pair) => pair,
                Err(message) => {
                    eoutln!("error: {message}");
                    return ExitCode::from(2);
                }
            };
            calendar::run(&calendar::Request {
                name,
                from,
                to: to.unwrap_or(from),
                format,
                is_business_day,
                add_business_days,
            })
        }
    };
    // Text still buffered (a prompt without a newline) must reach its file too.
    if let Err(failure) = output::flush_stdout() {
        output::report_write_failure(&failure);
    }
    let written = !output::OUTPUT_FAILED.load(std::sync::atomic::Ordering::Relaxed);
    if all_well && written {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
