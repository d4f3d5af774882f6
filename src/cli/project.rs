//! `pactum.toml`, the project file: what `pactum test` runs when it is given
//! no path, as `Cargo.toml` is for cargo. It is looked for in the current
//! folder only, so that a run never depends on files above it.
//!
//! ```toml
//! [test]
//! roots = ["examples"]
//! ```

use std::path::{Path, PathBuf};

use pactum::errors::InputError;
use pactum::source::Source;
use serde::Deserialize;

pub const PROJECT_FILE: &str = "pactum.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProjectFile {
    #[serde(default)]
    test: TestSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct TestSection {
    /// Folders (or scenario files) `pactum test` runs when given no path,
    /// relative to the project file.
    #[serde(default)]
    roots: Vec<PathBuf>,
}

/// The paths a command was given, or with none the project file's test
/// roots (of the current folder). With neither, nothing: a command that
/// writes (`test` writes pending snapshots, `fmt` rewrites files) must not
/// sweep every folder below wherever it was started.
pub fn paths_or_roots(
    paths: &[PathBuf],
    command: &'static str,
) -> Result<Vec<PathBuf>, InputError> {
    if !paths.is_empty() {
        return Ok(paths.to_vec());
    }
    test_roots(Path::new("."))?.ok_or(InputError::NoProject { command })
}

/// The test roots the project file in `folder` names, if there is one.
pub fn test_roots(folder: &Path) -> Result<Option<Vec<PathBuf>>, InputError> {
    let path = folder.join(PROJECT_FILE);
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(None);
    }
    let source = super::load::read_source(&path)?;
    let parsed: ProjectFile =
        toml::from_str(source.text()).map_err(|error| bad(&source, &error))?;
    if parsed.test.roots.is_empty() {
        return Ok(None);
    }
    // Roots are relative to the project file's folder (kept short when that is here).
    let here = folder == Path::new(".");
    Ok(Some(
        parsed
            .test
            .roots
            .iter()
            .map(|root| {
                if here {
                    root.clone()
                } else {
                    folder.join(root)
                }
            })
            .collect(),
    ))
}

fn bad(source: &Source, error: &toml::de::Error) -> InputError {
    let span = error.span().unwrap_or(0..0);
    InputError::BadProject {
        message: error.message().to_string(),
        src: source.named(),
        span: (span.start, span.end.saturating_sub(span.start)).into(),
    }
}
