//! `pactum diff`: the behavioural redline of two versions of a clause file.

use std::path::{Path, PathBuf};

use pactum::errors::InputError;
use pactum::redline::{redline, ScenarioInput};

use super::load::{files_under, load_contract, print_all, read_source};
use super::output::eprint_diagnostic;
use super::Format;

pub fn run(old_path: &Path, new_path: &Path, scenarios: Option<&Path>, format: Format) -> bool {
    let (old, new) = match (load_contract(old_path), load_contract(new_path)) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            for diagnostics in [old.err(), new.err()].into_iter().flatten() {
                print_all(&diagnostics);
            }
            return false;
        }
    };
    let folder = scenarios
        .map(Path::to_path_buf)
        .unwrap_or_else(|| default_folder(old_path));
    let files = match files_under(&folder, &[".scenario"]) {
        Ok(files) => files,
        Err(error) => {
            eprint_diagnostic(&error);
            return false;
        }
    };
    if files.is_empty() {
        eprint_diagnostic(&InputError::NoScenarios {
            path: folder.display().to_string(),
        });
        return false;
    }
    let mut inputs = Vec::new();
    for file in &files {
        let source = match read_source(file) {
            Ok(source) => source,
            Err(error) => {
                eprint_diagnostic(&error);
                return false;
            }
        };
        match super::load::parse_knowing_contract(file, &source) {
            Ok(mut parsed) => {
                if let Err(diagnostics) = super::load::read_price_files(file, &source, &mut parsed)
                {
                    super::load::print_all(&diagnostics);
                    return false;
                }
                inputs.push(ScenarioInput {
                    name: file
                        .strip_prefix(&folder)
                        .unwrap_or(file)
                        .display()
                        .to_string(),
                    source,
                    file: parsed,
                });
            }
            Err(error) => {
                eprint_diagnostic(&error);
                return false;
            }
        }
    }
    let result = redline(&old, &new, &inputs);
    match format {
        Format::Text => {
            outln!(
                "behavioural redline: {} → {}",
                old_path.display(),
                new_path.display()
            );
            outln!("scenarios: {}\n", folder.display());
            out!("{}", result.render_text());
        }
        Format::Json => outln!("{}", result.to_json()),
    }
    true
}

/// `scenarios/` beside the old clause file, or the folder it is in.
fn default_folder(old: &Path) -> PathBuf {
    let parent = old.parent().unwrap_or(Path::new("."));
    let scenarios = parent.join("scenarios");
    if scenarios.is_dir() {
        scenarios
    } else {
        parent.to_path_buf()
    }
}
