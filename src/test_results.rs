//! What `pactum test --format json` and `--format junit` print: every
//! scenario's result as typed data, written as one JSON document (its schema,
//! generated from these types, is `docs/test-results.schema.json`) or as
//! JUnit XML for CI systems (one test suite per contract folder, one test
//! case per scenario).

use std::borrow::Cow;
use std::path::Path;

use schemars::{JsonSchema, Schema};
use serde::Serialize;

/// The version of the test results' shape, given as `schema_version`; it
/// goes up when a key is removed or renamed or a value changes its meaning.
pub const TEST_RESULTS_SCHEMA_VERSION: u32 = 1;

/// The results of one `pactum test` run.
#[derive(Serialize, JsonSchema, Default)]
#[schemars(title = "Pactum test results", deny_unknown_fields)]
pub struct TestResults {
    /// The version of this document's shape; see docs/json.md.
    pub schema_version: TestResultsVersion,
    /// With `--contract`, the redraft every scenario ran against instead of
    /// the clause file its `contract` line names; `null` otherwise.
    pub contract: Option<String>,
    /// Every scenario run, in the order they ran (sorted by path under each root).
    pub scenarios: Vec<ScenarioResult>,
    /// Failures that belong to no scenario: a path with no scenarios, a
    /// snapshot whose scenario no longer exists or a temporary file left by an
    /// interrupted write (both only under `--check`).
    pub problems: Vec<Problem>,
    /// The counts of the text output's last line, `N passed, N failed`.
    pub counts: Counts,
}

/// The version number (always [`TEST_RESULTS_SCHEMA_VERSION`]).
#[derive(Default)]
pub struct TestResultsVersion;

impl Serialize for TestResultsVersion {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(TEST_RESULTS_SCHEMA_VERSION)
    }
}

impl JsonSchema for TestResultsVersion {
    fn schema_name() -> Cow<'static, str> {
        "TestResultsVersion".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "The version of the test results' shape.",
            "type": "integer",
            "const": TEST_RESULTS_SCHEMA_VERSION
        })
    }
}

/// One scenario's result.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ScenarioResult {
    /// The scenario's path, as found under the paths given.
    pub path: String,
    pub status: Status,
    /// How many expectations were judged (0 for an error).
    pub expectations: usize,
    /// The expectations that did not hold.
    pub failed_expectations: Vec<ExpectationFailure>,
    /// Other reasons it failed, about its snapshot: e.g. `"the report differs
    /// from the accepted snapshot; wrote NAME.report.pending"`.
    pub problems: Vec<String>,
    /// For an error: the diagnostic that stopped it (its code and message;
    /// the full diagnostic goes to standard error). Otherwise `null`.
    pub error: Option<String>,
}

/// Whether a scenario passed.
#[derive(Serialize, JsonSchema, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every expectation held and the report matches the accepted snapshot.
    Passed,
    /// An expectation did not hold, or the snapshot does not match.
    Failed,
    /// The scenario could not be read, checked or run.
    Error,
}

/// An expectation that did not hold.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ExpectationFailure {
    /// Its line in the scenario.
    pub line: usize,
    /// The expectation, as written.
    pub expectation: String,
    /// What was found instead, in words.
    pub found: String,
}

/// A failure outside any scenario.
#[derive(Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct Problem {
    /// The file or folder it is about.
    pub path: String,
    pub message: String,
}

/// How many passed and failed; `failed` counts errors and problems too.
#[derive(Serialize, JsonSchema, Default)]
#[schemars(deny_unknown_fields)]
pub struct Counts {
    pub passed: usize,
    pub failed: usize,
    /// How many of the failed scenarios were errors.
    pub errors: usize,
}

impl TestResults {
    /// Adds a scenario's result and counts it.
    pub fn add(&mut self, result: ScenarioResult) {
        match result.status {
            Status::Passed => self.counts.passed += 1,
            Status::Failed => self.counts.failed += 1,
            Status::Error => {
                self.counts.failed += 1;
                self.counts.errors += 1;
            }
        }
        self.scenarios.push(result);
    }

    /// Adds a failure outside any scenario.
    pub fn add_problem(&mut self, path: String, message: String) {
        self.counts.failed += 1;
        self.problems.push(Problem { path, message });
    }
}

/// The schema of the test results document, from the types that write it.
pub fn test_results_schema() -> Schema {
    crate::report::json::output_schema::<TestResults>()
}

/// The test suite a scenario belongs to: the folder of its contract, that is
/// the scenario's folder, or the folder above it when that is called
/// `scenarios` (the examples' layout).
pub fn suite_of(scenario: &Path) -> String {
    let folder = scenario.parent().unwrap_or(Path::new(""));
    let folder = if folder.file_name().is_some_and(|name| name == "scenarios") {
        folder.parent().unwrap_or(folder)
    } else {
        folder
    };
    let name = folder.display().to_string();
    if name.is_empty() {
        ".".to_string()
    } else {
        name
    }
}

/// The results as JUnit XML: one `<testsuite>` per contract folder (in the
/// order first met), one `<testcase>` per scenario, a `<failure>` with the
/// failed expectations and problems, an `<error>` with the diagnostic; a
/// problem outside any scenario is a failed test case in a suite `pactum`.
pub fn junit_xml(results: &TestResults) -> Result<String, quick_junit::SerializeError> {
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

    let mut suites: Vec<TestSuite> = Vec::new();
    for scenario in &results.scenarios {
        let path = Path::new(&scenario.path);
        let suite_name = suite_of(path);
        let status = match scenario.status {
            Status::Passed => TestCaseStatus::success(),
            Status::Failed => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_message(failure_message(scenario));
                status.set_description(failure_details(scenario));
                status
            }
            Status::Error => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                let error = scenario.error.clone().unwrap_or_default();
                status.set_message(error.lines().next().unwrap_or_default().to_string());
                status.set_description(error);
                status
            }
        };
        let name = path.file_name().map_or_else(
            || scenario.path.clone(),
            |name| name.to_string_lossy().into_owned(),
        );
        let mut case = TestCase::new(name, status);
        case.set_classname(suite_name.clone());
        match suites.iter_mut().find(|s| s.name.as_str() == suite_name) {
            Some(suite) => {
                suite.add_test_case(case);
            }
            None => {
                let mut suite = TestSuite::new(suite_name);
                // A CI system shows properties beside the suite: a run
                // against a redraft must say so wherever it is read.
                if let Some(contract) = &results.contract {
                    suite.add_property(("contract", contract.as_str()));
                }
                suite.add_test_case(case);
                suites.push(suite);
            }
        }
    }
    if !results.problems.is_empty() {
        let mut suite = TestSuite::new("pactum");
        for problem in &results.problems {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status.set_message(problem.message.clone());
            let mut case = TestCase::new(problem.path.clone(), status);
            case.set_classname("pactum");
            suite.add_test_case(case);
        }
        suites.push(suite);
    }
    let mut report = Report::new("pactum test");
    report.add_test_suites(suites);
    report.to_string()
}

/// One line for a failure: how many expectations failed, and the first problem.
fn failure_message(scenario: &ScenarioResult) -> String {
    let mut parts = Vec::new();
    match scenario.failed_expectations.as_slice() {
        [] => {}
        [one] => parts.push(format!("line {}: {}", one.line, one.expectation)),
        many => parts.push(format!(
            "{} of {} expectations failed",
            many.len(),
            scenario.expectations
        )),
    }
    parts.extend(scenario.problems.iter().cloned());
    parts.join("; ")
}

/// Every failed expectation and problem, as the text output gives them.
fn failure_details(scenario: &ScenarioResult) -> String {
    let mut lines: Vec<String> = scenario
        .failed_expectations
        .iter()
        .map(|f| format!("line {}: {}\n    found: {}", f.line, f.expectation, f.found))
        .collect();
    lines.extend(scenario.problems.iter().cloned());
    lines.join("\n")
}
