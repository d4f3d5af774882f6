//! `pactum test --watch`'s decision, free of IO: given what each scenario
//! reads (itself, its clause file, its price files) and a set of changed
//! paths, which scenarios to run again. The binary (src/cli/watch.rs) does
//! the watching, the canonicalising and the running; this is kept pure so
//! that the rules are tested without a file system or a clock.
//!
//! Paths are compared as given, so the caller passes canonical paths on
//! both sides (a scenario's `contract "../warrant.pactum"` and the path an
//! editor saved then name the same file).

use std::path::{Path, PathBuf};

use crate::store::TEMPORARY_SUFFIX;

/// What one scenario reads, as canonical paths, and how to show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// The scenario as `pactum test` shows it (the path it was found by).
    pub shown: PathBuf,
    /// The scenario file itself.
    pub path: PathBuf,
    /// The clause file its `contract` line names, if the scenario parsed.
    pub contract: Option<PathBuf>,
    /// The files of its `prices NAME from "FILE"` lines.
    pub prices: Vec<PathBuf>,
}

impl Scenario {
    /// Whether a change to `changed` changes this scenario's run.
    fn reads(&self, changed: &Path) -> bool {
        self.path == changed
            || self.contract.as_deref() == Some(changed)
            || self.prices.iter().any(|price| price == changed)
    }
}

/// The scenarios a set of changes affects, and the changes that did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Affected {
    /// Known scenarios to run again (as shown), in the order given.
    pub scenarios: Vec<PathBuf>,
    /// Changed `.scenario` files that are not known yet: new ones, to be
    /// run (if they still exist) and then watched.
    pub new: Vec<PathBuf>,
    /// The changed paths that caused a run, in the order given, once each.
    pub causes: Vec<PathBuf>,
}

impl Affected {
    /// True if nothing is to run.
    pub fn is_empty(&self) -> bool {
        self.scenarios.is_empty() && self.new.is_empty()
    }
}

/// Files a change to which never affects a run: snapshots (written by the
/// run itself), our temporary files, and editors' backup, swap and lock
/// files.
pub fn ignored(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|name| name.to_string_lossy()) else {
        return true;
    };
    name.ends_with(".report")
        || name.ends_with(".report.pending")
        || name.ends_with(TEMPORARY_SUFFIX)
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with(".#")
}

/// Which of `scenarios` the `changed` paths affect: a scenario that changed,
/// every scenario whose clause file changed, every scenario that reads a
/// changed price file; and changed `.scenario` files not among them.
/// Anything else (and whatever [`ignored`] says) affects nothing.
pub fn affected(scenarios: &[Scenario], changed: &[PathBuf]) -> Affected {
    let mut result = Affected::default();
    let mut hit = vec![false; scenarios.len()];
    for path in changed {
        if ignored(path) || result.causes.contains(path) {
            continue;
        }
        let mut caused = false;
        for (scenario, hit) in scenarios.iter().zip(hit.iter_mut()) {
            if scenario.reads(path) {
                *hit = true;
                caused = true;
            }
        }
        let is_scenario = path
            .file_name()
            .is_some_and(|name| name.to_string_lossy().ends_with(".scenario"));
        if !caused && is_scenario && !result.new.contains(path) {
            result.new.push(path.clone());
            caused = true;
        }
        if caused {
            result.causes.push(path.clone());
        }
    }
    result.scenarios = scenarios
        .iter()
        .zip(hit)
        .filter(|(_, hit)| *hit)
        .map(|(scenario, _)| scenario.shown.clone())
        .collect();
    result
}

/// The header before a re-run: `--- re-running 2 scenarios: a.pactum ---`.
/// It has no time in it, so that it can be compared in tests.
pub fn header(count: usize, causes: &[String]) -> String {
    let noun = if count == 1 { "scenario" } else { "scenarios" };
    format!("--- re-running {count} {noun}: {} ---", causes.join(", "))
}
