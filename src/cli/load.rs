//! Reading files and running them through the front of the pipeline: a
//! clause file to a program, a scenario to a plan, a stream to events.

use std::io::Read;
use std::path::{Path, PathBuf};

use miette::Diagnostic;

use pactum::check::{check_contract, check_scenario, Plan};
use pactum::errors::{FileKind, InputError, DEFAULT_LIMIT_MIB, LIMIT_VARIABLE};
use pactum::program::Program;
use pactum::source::Source;
use pactum::syntax::ast::ScenarioFile;
use pactum::syntax::{parse_clause_file, parse_scenario};

/// One or more diagnostics that stop a command.
pub type Diagnostics = Vec<Box<dyn Diagnostic + Send + Sync>>;

fn one(diagnostic: impl Diagnostic + Send + Sync + 'static) -> Diagnostics {
    vec![Box::new(diagnostic)]
}

/// Several diagnostics of one file, in the order of the places they point
/// at, as a reader goes down the file (the checker meets them in its own
/// order: declarations first, then sections).
fn many<D: Diagnostic + Send + Sync + 'static>(diagnostics: Vec<D>) -> Diagnostics {
    let mut boxed: Diagnostics = diagnostics
        .into_iter()
        .map(|d| Box::new(d) as Box<dyn Diagnostic + Send + Sync>)
        .collect();
    boxed.sort_by_key(|diagnostic| {
        diagnostic
            .labels()
            .and_then(|mut labels| labels.next())
            .map_or(usize::MAX, |label| label.offset())
    });
    boxed
}

pub fn read_source(path: &Path) -> Result<Source, InputError> {
    let name = path.display().to_string();
    let bytes = read_bounded(path)?;
    source_from_bytes(name, bytes)
}

fn source_from_bytes(name: String, bytes: Vec<u8>) -> Result<Source, InputError> {
    if bytes.contains(&0) {
        return Err(InputError::NotText { path: name });
    }
    let mut text =
        String::from_utf8(bytes).map_err(|_| InputError::NotText { path: name.clone() })?;
    // Some editors start UTF-8 files with a byte-order mark; it is not text.
    if text.starts_with('\u{feff}') {
        text.remove(0);
    }
    Ok(Source::new(name, text))
}

const MIB: u64 = 1024 * 1024;

/// The input size limit in bytes: [`DEFAULT_LIMIT_MIB`] unless
/// [`LIMIT_VARIABLE`] says otherwise.
pub(super) fn input_limit() -> Result<u64, InputError> {
    match std::env::var_os(LIMIT_VARIABLE) {
        None => Ok(DEFAULT_LIMIT_MIB * MIB),
        Some(value) => value
            .to_str()
            .and_then(|text| text.trim().parse::<u64>().ok())
            .map(|mib| mib.saturating_mul(MIB))
            .ok_or_else(|| InputError::BadLimit {
                value: value.to_string_lossy().into_owned(),
            }),
    }
}

/// A regular file's metadata; refuses anything else (after following links) before it is
/// opened: a named pipe would block the open, and a device such as
/// `/dev/zero` never ends.
fn regular_file(path: &Path, name: &str) -> Result<std::fs::Metadata, InputError> {
    checked_regular(std::fs::metadata(path), name)
}

/// [`regular_file`], given what asking for the metadata returned.
fn checked_regular(
    metadata: std::io::Result<std::fs::Metadata>,
    name: &str,
) -> Result<std::fs::Metadata, InputError> {
    let metadata = metadata.map_err(|error| InputError::Unreadable {
        path: name.to_string(),
        reason: error.to_string(),
    })?;
    if metadata.is_file() {
        Ok(metadata)
    } else {
        Err(InputError::NotAFile {
            path: name.to_string(),
            kind: file_kind(&metadata.file_type()),
        })
    }
}

/// A regular file's bytes, up to the input limit. Anything else that a path
/// can name (after following links) is refused before it is opened: a named
/// pipe would block the open, and a device such as `/dev/zero` never ends.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, InputError> {
    let metadata = regular_file(path, &path.display().to_string())?;
    read_regular(path, &metadata)
}

/// [`read_bounded`], or `None` when nothing is at `path` (not even a
/// dangling link, which is an error to show like any unreadable file).
pub fn read_bounded_if_there(path: &Path) -> Result<Option<Vec<u8>>, InputError> {
    match std::fs::metadata(path) {
        Err(error)
            if error.kind() == std::io::ErrorKind::NotFound
                && std::fs::symlink_metadata(path).is_err() =>
        {
            Ok(None)
        }
        metadata => {
            let metadata = checked_regular(metadata, &path.display().to_string())?;
            read_regular(path, &metadata).map(Some)
        }
    }
}

/// The bytes of the regular file at `path`, whose `metadata` was just read.
fn read_regular(path: &Path, metadata: &std::fs::Metadata) -> Result<Vec<u8>, InputError> {
    let name = path.display().to_string();
    let unreadable = |error: std::io::Error| InputError::Unreadable {
        path: name.clone(),
        reason: error.to_string(),
    };
    let limit = input_limit()?;
    if metadata.len() > limit {
        return Err(InputError::TooLarge {
            path: name,
            limit: limit / MIB,
        });
    }
    // The file may grow after the check: read no more than the limit allows.
    // Sized from the metadata so that the file is read in one call (and one
    // more that finds its end), not in a run of growing reads.
    let expected = usize::try_from(metadata.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(expected.saturating_add(1));
    std::fs::File::open(path)
        .and_then(|file| file.take(limit.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    if bytes.len() as u64 > limit {
        return Err(InputError::TooLarge {
            path: name,
            limit: limit / MIB,
        });
    }
    Ok(bytes)
}

fn file_kind(kind: &std::fs::FileType) -> FileKind {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return FileKind::Pipe;
        }
        if kind.is_block_device() || kind.is_char_device() {
            return FileKind::Device;
        }
        if kind.is_socket() {
            return FileKind::Socket;
        }
    }
    if kind.is_dir() {
        FileKind::Folder
    } else {
        FileKind::Other
    }
}

pub fn load_contract(path: &Path) -> Result<Program, Diagnostics> {
    let source = read_source(path).map_err(one)?;
    let file = parse_clause_file(&source).map_err(one)?;
    check_contract(&source, &file).map_err(many)
}

/// A scenario and the clause file its `contract` line names (relative to
/// the scenario's folder).
pub fn load_scenario(path: &Path) -> Result<(Program, Plan), Diagnostics> {
    let (source, file, program) = load_scenario_file(path)?;
    let plan = check_scenario(&program, &source, &file).map_err(many)?;
    Ok((program, plan))
}

/// A scenario read and parsed, and the clause file its `contract` line
/// names, checked; the scenario itself not yet checked.
pub fn load_scenario_file(path: &Path) -> Result<(Source, ScenarioFile, Program), Diagnostics> {
    let (source, file) = read_scenario(path)?;
    let program = load_contract(&named_contract(path, &source, &file)?)?;
    Ok((source, file, program))
}

/// A scenario read and parsed, with its price files read; not yet checked.
pub fn read_scenario(path: &Path) -> Result<(Source, ScenarioFile), Diagnostics> {
    let source = read_source(path).map_err(one)?;
    let mut file = parse_knowing_contract(path, &source).map_err(one)?;
    read_price_files(path, &source, &mut file)?;
    Ok((source, file))
}

/// A scenario parsed; if it does not parse, parsed again knowing the names
/// with keyword words in them (`Shares to Deliver`) that the clause file its
/// `contract` line names declares, since its `expect` lines may use them.
pub fn parse_knowing_contract(
    path: &Path,
    source: &Source,
) -> Result<pactum::syntax::ast::ScenarioFile, pactum::errors::SyntaxError> {
    let error = match parse_scenario(source) {
        Ok(file) => return Ok(file),
        Err(error) => error,
    };
    let known = contract_keyword_names(path, source);
    if known.is_empty() {
        return Err(error);
    }
    pactum::syntax::parse_scenario_knowing(source, &known)
}

/// The names with keyword words in them (`Shares to Deliver`) that the
/// clause file a scenario's `contract` line names declares; none if it
/// cannot be read.
pub fn contract_keyword_names(path: &Path, source: &Source) -> Vec<String> {
    contract_line(source.text())
        .and_then(|written| read_source(&contract_path(path, written)).ok())
        .map(|contract| pactum::syntax::keyword_names_declared(contract.text()))
        .unwrap_or_default()
}

/// The file a scenario's `contract "…"` line names, found in its text
/// alone (the scenario may not parse without the clause file's names).
fn contract_line(text: &str) -> Option<&str> {
    text.lines()
        .map(str::trim_start)
        .find_map(|line| line.strip_prefix("contract \""))
        .and_then(|rest| rest.split('"').next())
}

/// The clause file a scenario's `contract` line names (relative to the
/// scenario's folder), if it exists; else a diagnostic pointing at the line.
pub fn named_contract(
    path: &Path,
    source: &Source,
    file: &ScenarioFile,
) -> Result<PathBuf, Diagnostics> {
    let named = contract_path(path, &file.contract.value);
    match std::fs::metadata(&named) {
        Ok(_) => Ok(named),
        Err(error) => Err(one(InputError::MissingContract {
            path: named.display().to_string(),
            reason: error.to_string(),
            src: source.named(),
            span: file.contract.span.into(),
        })),
    }
}

/// A scenario checked against a given program, whatever its `contract` line says.
pub fn load_scenario_against(path: &Path, program: &Program) -> Result<Plan, Diagnostics> {
    let (source, file) = read_scenario(path)?;
    check_scenario(program, &source, &file).map_err(many)
}

/// Reads each `prices NAME from "FILE"` of a scenario, relative to its folder,
/// so that checking (which does no IO) has the rows.
pub fn read_price_files(
    path: &Path,
    source: &Source,
    file: &mut ScenarioFile,
) -> Result<(), Diagnostics> {
    for price_file in &mut file.price_files {
        let named = contract_path(path, &price_file.path.value);
        match read_source(&named) {
            Ok(contents) => price_file.contents = Some(contents),
            Err(error) => {
                return Err(one(InputError::MissingPrices {
                    path: named.display().to_string(),
                    reason: error.to_string(),
                    src: source.named(),
                    span: price_file.path.span.into(),
                }))
            }
        }
    }
    Ok(())
}

pub fn contract_path(scenario: &Path, written: &str) -> PathBuf {
    scenario.parent().unwrap_or(Path::new(".")).join(written)
}

/// A `.jsonl` stream, or standard input when the path is `-`, opened to be
/// read a line at a time: its name for diagnostics, the reader, and whether
/// it is a file. A file must be a regular file, as every other input; the
/// input limit bounds each line rather than the stream, which may be of any
/// length.
pub fn open_stream(path: &Path) -> Result<(String, Box<dyn std::io::BufRead>, bool), InputError> {
    if path == Path::new("-") {
        input_limit()?;
        let stdin = std::io::stdin().lock();
        return Ok(("standard input".to_string(), Box::new(stdin), false));
    }
    let name = path.display().to_string();
    let unreadable = |error: std::io::Error| InputError::Unreadable {
        path: name.clone(),
        reason: error.to_string(),
    };
    regular_file(path, &name)?;
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let reader = std::io::BufReader::with_capacity(64 * 1024, file);
    Ok((name, Box::new(reader), true))
}

pub fn print_all(diagnostics: &Diagnostics) {
    for diagnostic in diagnostics {
        super::output::eprint_diagnostic(diagnostic.as_ref());
    }
}

/// Files under `root` (or `root` itself, if it is a file) whose names end in
/// one of `suffixes`, in a stable (sorted) order.
pub fn files_under(root: &Path, suffixes: &[&str]) -> Result<Vec<PathBuf>, InputError> {
    let unreadable = |error: std::io::Error| InputError::Unreadable {
        path: root.display().to_string(),
        reason: error.to_string(),
    };
    let wanted = |path: &Path| {
        // Lossy, so that a name that is not UTF-8 is still found (and shown
        // with `�`), never silently skipped.
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        suffixes.iter().any(|suffix| name.ends_with(suffix))
    };
    if std::fs::metadata(root).map_err(unreadable)?.is_file() {
        return Ok(if wanted(root) {
            vec![root.to_path_buf()]
        } else {
            Vec::new()
        });
    }
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).map_err(unreadable)?.flatten() {
            let path = entry.path();
            // Not following links to folders: a link back up would loop.
            if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
                folders.push(path);
            } else if wanted(&path) {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}
