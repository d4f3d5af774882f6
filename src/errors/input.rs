//! Wording of the diagnostics about files and event streams: what cannot be
//! read, and JSON Lines records that are not events.

use std::sync::Arc;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

#[derive(Debug, Error, Diagnostic)]
pub enum InputError {
    #[error("cannot read `{path}`: {reason}")]
    #[diagnostic(
        code(pactum::input::unreadable),
        help("check the path and its permissions")
    )]
    Unreadable { path: String, reason: String },

    #[error("`{path}` is not text")]
    #[diagnostic(
        code(pactum::input::not_text),
        help("clause files, scenarios and event streams are UTF-8 text")
    )]
    NotText { path: String },

    #[error("the contract `{path}` named by this scenario cannot be read: {reason}")]
    #[diagnostic(
        code(pactum::input::missing_contract),
        help("the path is relative to the scenario's folder")
    )]
    MissingContract {
        path: String,
        reason: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("this file")]
        span: SourceSpan,
    },

    #[error("the project file is not valid: {message}")]
    #[diagnostic(
        code(pactum::input::bad_project),
        help("pactum.toml has one section, `[test]`, with `roots = [\"examples\"]`: the folders `pactum test` runs when given no path")
    )]
    BadProject {
        message: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("here")]
        span: SourceSpan,
    },

    #[error("cannot read the price file `{path}`: {reason}")]
    #[diagnostic(
        code(pactum::input::missing_prices),
        help("the path is relative to the scenario's folder: `prices Closing Price from \"closing.csv\"`")
    )]
    MissingPrices {
        path: String,
        reason: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("this file")]
        span: SourceSpan,
    },

    #[error("line {line} is not JSON: {message}")]
    #[diagnostic(
        code(pactum::input::bad_json),
        help("each line is one JSON object: {{\"time\": \"2002-06-03 10:00\", \"event\": \"…\", \"fields\": {{…}}}}")
    )]
    BadJson {
        line: usize,
        message: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("here")]
        span: SourceSpan,
    },

    #[error("line {line}: {message}")]
    #[diagnostic(code(pactum::input::event_shape), help("{help}"))]
    EventShape {
        line: usize,
        message: String,
        help: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("in this record")]
        span: SourceSpan,
    },

    #[error("line {line} is out of time order: {time} is before line {previous}, {previous_time}")]
    #[diagnostic(
        code(pactum::input::out_of_order),
        help("a stream is applied as it is read, so its records must come in time order (records at the same time keep their order); sort the stream by time first")
    )]
    OutOfOrder {
        line: usize,
        time: String,
        previous: usize,
        previous_time: String,
        #[source_code]
        src: NamedSource<Arc<str>>,
        #[label("this record")]
        span: SourceSpan,
    },

    #[error("line {line} of `{path}` is longer than the input limit of {limit} MiB")]
    #[diagnostic(
        code(pactum::input::too_large),
        help("a stream may be of any length, but each line is held whole while it is read; to read longer lines, set the environment variable PACTUM_MAX_INPUT_MIB to a number of MiB, e.g. PACTUM_MAX_INPUT_MIB=256")
    )]
    LineTooLarge {
        path: String,
        line: usize,
        limit: u64,
    },

    #[error("`--review` needs a terminal to ask you about each snapshot")]
    #[diagnostic(
        code(pactum::input::no_terminal),
        help("run it in a terminal; elsewhere use `--accept` to accept every pending snapshot, or `--check` in CI")
    )]
    NoTerminal,

    #[error("cannot watch `{path}` for changes: {reason}")]
    #[diagnostic(
        code(pactum::input::cannot_watch),
        help("`pactum test --watch` watches the folders it tests; check that they exist and that the system's limit on watched files (on Linux, fs.inotify.max_user_watches) is not reached")
    )]
    CannotWatch { path: String, reason: String },

    #[error("`{path}` holds no scenarios")]
    #[diagnostic(
        code(pactum::input::no_scenarios),
        help("`pactum test` looks for `*.scenario` files under the paths it is given")
    )]
    NoScenarios { path: String },

    #[error("no path was given, and there is no pactum.toml here to name the folders to use")]
    #[diagnostic(
        code(pactum::input::no_project),
        help("name the files or folders: `pactum {command} examples/`; or, in a project's top folder, write a pactum.toml with `[test] roots = [\"examples\"]`. Without either, Pactum will not search (and write in) every folder below this one")
    )]
    NoProject { command: &'static str },

    #[error("cannot write the output: {reason}")]
    #[diagnostic(
        code(pactum::input::output_failed),
        help("the output is incomplete; check that the disk or device it goes to has room and accepts writes")
    )]
    OutputFailed { reason: String },

    #[error("`{path}` is {kind}, not a regular file")]
    #[diagnostic(code(pactum::input::not_a_file), help("{}", kind.help()))]
    NotAFile { path: String, kind: FileKind },

    #[error("`{path}` is larger than the input limit of {limit} MiB")]
    #[diagnostic(
        code(pactum::input::too_large),
        help("the limit keeps a wrong path from exhausting memory; to read larger inputs, set the environment variable PACTUM_MAX_INPUT_MIB to a number of MiB, e.g. PACTUM_MAX_INPUT_MIB=256")
    )]
    TooLarge { path: String, limit: u64 },

    #[error("PACTUM_MAX_INPUT_MIB is `{value}`, not a whole number of MiB")]
    #[diagnostic(
        code(pactum::input::bad_limit),
        help("set it to a whole number of mebibytes, e.g. PACTUM_MAX_INPUT_MIB=256, or unset it for the default of 64 MiB")
    )]
    BadLimit { value: String },
}

/// The environment variable that raises (or lowers) the input size limit.
/// (The wording above spells out both values; keep them in step.)
pub const LIMIT_VARIABLE: &str = "PACTUM_MAX_INPUT_MIB";
/// The input size limit when [`LIMIT_VARIABLE`] is not set.
pub const DEFAULT_LIMIT_MIB: u64 = 64;

/// What a path names when it is not a regular file (after following links).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Folder,
    Pipe,
    Device,
    Socket,
    Other,
}

impl FileKind {
    fn help(self) -> &'static str {
        match self {
            FileKind::Folder => "give a file; `pactum test` is the command that searches folders",
            FileKind::Pipe => "Pactum reads regular files only, so that it cannot wait forever on a pipe; to read JSON Lines events from standard input, give `-`",
            FileKind::Device | FileKind::Socket | FileKind::Other => "Pactum reads regular files only (a link is followed to what it names), so that a device cannot feed it without end",
        }
    }
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FileKind::Folder => "a folder",
            FileKind::Pipe => "a named pipe",
            FileKind::Device => "a device",
            FileKind::Socket => "a socket",
            FileKind::Other => "something other than a file",
        })
    }
}
