//! Command-line interface: argument parsing and dispatch to one file per
//! command. Exit codes: 0 all well, 1 failed checks or diagnostics, 2 usage.

mod check;
mod load;
mod output;
mod run;
mod test;

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
    #[command(after_help = "Example:\n  pactum check examples/focus-warrant-2001/warrant.pactum examples/focus-warrant-2001/scenarios/*.scenario")]
    Check {
        /// Files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Run a scenario or a JSON Lines event stream against a clause file and report what happens.
    #[command(after_help = "Examples:\n  pactum run warrant.pactum scenarios/01-full-exercise.scenario\n  pactum run warrant.pactum events.jsonl --format json\n\nA `.jsonl` file is read as JSON Lines events (see docs/json.md); anything else as a scenario,\nwhose own `contract` line is ignored in favour of CONTRACT.")]
    Run {
        /// The clause file.
        contract: PathBuf,
        /// A scenario script or a `.jsonl` event stream.
        events: PathBuf,
        /// Report format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Run every scenario under the paths and check its expectations.
    #[command(after_help = "Example:\n  pactum test examples/\n\nEnds with a line `N passed, N failed`; exits 1 if any scenario failed.")]
    Test {
        /// Scenario files or folders to search for `*.scenario` (default: the current folder).
        paths: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let all_well = match cli.command {
        Command::Check { files } => check::run(&files),
        Command::Run {
            contract,
            events,
            format,
        } => run::run(&contract, &events, format),
        Command::Test { paths } => test::run(&paths),
    };
    if all_well {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
