//! The clause files of one `pactum test` run, each read and checked once.
//!
//! A suite's scenarios mostly name the same clause file; checking it again
//! for each of them would make a run cost scenarios × clause file. Files are
//! keyed by their canonical path, so `../warrant.pactum` from two folders
//! is still one file. With `--contract`, one clause file stands in for every
//! scenario's `contract` line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use pactum::program::Program;
use pactum::source::Source;
use pactum::syntax::ast::ScenarioFile;

use super::load::{contract_path, load_contract, named_contract, Diagnostics};

/// Checked clause files, by canonical path; and the one that replaces every
/// scenario's own, if any.
#[derive(Default)]
pub struct Contracts {
    checked: HashMap<PathBuf, Rc<Program>>,
    /// Each path as a scenario named it, canonical: the scenarios of a folder
    /// name the same file the same way, and resolving links costs system calls.
    canonical: HashMap<PathBuf, PathBuf>,
    replacement: Option<Rc<Program>>,
    /// Clause files with warnings nobody acknowledged, and how many, in the
    /// order they were first checked: `pactum test` mentions them at the end.
    warned: Vec<(PathBuf, usize)>,
}

impl Contracts {
    /// Every scenario runs against `program`, whatever its `contract` line says.
    pub fn replaced_by(program: Program) -> Contracts {
        Contracts {
            checked: HashMap::new(),
            canonical: HashMap::new(),
            replacement: Some(Rc::new(program)),
            warned: Vec::new(),
        }
    }

    /// The program a scenario runs against: the replacement, or the clause
    /// file its `contract` line names, checked the first time it is asked for.
    /// A clause file that fails its check is not kept, so each scenario that
    /// names it shows why it did not run.
    pub fn for_scenario(
        &mut self,
        path: &Path,
        source: &Source,
        file: &ScenarioFile,
    ) -> Result<Rc<Program>, Diagnostics> {
        if let Some(program) = &self.replacement {
            return Ok(Rc::clone(program));
        }
        // A clause file already checked is not looked for again.
        let written = contract_path(path, &file.contract.value);
        if let Some(program) = self
            .canonical
            .get(&written)
            .and_then(|key| self.checked.get(key))
        {
            return Ok(Rc::clone(program));
        }
        let named = named_contract(path, source, file)?;
        let key = self
            .canonical
            .entry(named.clone())
            .or_insert_with(|| named.canonicalize().unwrap_or_else(|_| named.clone()))
            .clone();
        if let Some(program) = self.checked.get(&key) {
            return Ok(Rc::clone(program));
        }
        let program = Rc::new(load_contract(&named)?);
        if !program.lints.is_empty() {
            self.warned.push((tidy(&named), program.lints.len()));
        }
        self.checked.insert(key, Rc::clone(&program));
        Ok(program)
    }

    /// The clause files checked so far that have unacknowledged warnings,
    /// with how many each has.
    pub fn warned(&self) -> &[(PathBuf, usize)] {
        &self.warned
    }
}

/// `wt/scenarios/../warrant.pactum` as `wt/warrant.pactum`, for a note a
/// person reads: each `..` takes back the folder before it, where there is
/// one to take back (links are not followed; the path is only shown).
fn tidy(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut kept: Vec<Component<'_>> = Vec::new();
    for component in path.components() {
        match (component, kept.last()) {
            (Component::ParentDir, Some(Component::Normal(_))) => {
                kept.pop();
            }
            (Component::CurDir, Some(_)) => {}
            _ => kept.push(component),
        }
    }
    kept.iter().collect()
}
