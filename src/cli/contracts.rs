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

use super::load::{load_contract, named_contract, Diagnostics};

/// Checked clause files, by canonical path; and the one that replaces every
/// scenario's own, if any.
#[derive(Default)]
pub struct Contracts {
    checked: HashMap<PathBuf, Rc<Program>>,
    replacement: Option<Rc<Program>>,
}

impl Contracts {
    /// Every scenario runs against `program`, whatever its `contract` line says.
    pub fn replaced_by(program: Program) -> Contracts {
        Contracts {
            checked: HashMap::new(),
            replacement: Some(Rc::new(program)),
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
        let named = named_contract(path, source, file)?;
        let key = named.canonicalize().unwrap_or_else(|_| named.clone());
        if let Some(program) = self.checked.get(&key) {
            return Ok(Rc::clone(program));
        }
        let program = Rc::new(load_contract(&named)?);
        self.checked.insert(key, Rc::clone(&program));
        Ok(program)
    }
}
