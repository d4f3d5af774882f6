//! The drafting lints as a lawyer meets them through `pactum check`: every
//! code in `docs/lints.md` fires on its "Before" example and not on its
//! "After" one; acknowledgements silence and are counted; `--deny warnings`
//! fails; and the committed examples raise no warning they do not acknowledge.

use std::path::{Path, PathBuf};

use pactum::errors::LINT_CODES;

use crate::support::{pactum, read, root};

fn scratch(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pactum-lint-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn check(path: &Path, extra: &[&str]) -> (Option<i32>, String, String) {
    let mut args = vec!["check"];
    args.extend_from_slice(extra);
    let path = path.to_str().unwrap();
    args.push(path);
    let output = pactum(&args);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

/// For each `## \`pactum::lint::CODE\`` section of docs/lints.md, the
/// ```pactum blocks after its **Before** and **After** markers.
fn catalogue() -> Vec<(String, String, String)> {
    let text = read(&root().join("docs/lints.md"));
    let mut found = Vec::new();
    for section in text.split("\n## `").skip(1) {
        let Some((code, body)) = section.split_once('`') else {
            continue;
        };
        if !code.starts_with("pactum::lint::") {
            continue;
        }
        let block_after = |marker: &str| {
            let (_, rest) = body
                .split_once(marker)
                .unwrap_or_else(|| panic!("docs/lints.md: {code} has no {marker} example"));
            let (_, rest) = rest.split_once("```pactum\n").unwrap();
            rest.split_once("```").unwrap().0.to_string()
        };
        found.push((
            code.to_string(),
            block_after("**Before**"),
            block_after("**After**"),
        ));
    }
    found
}

#[test]
fn every_lint_in_the_catalogue_fires_before_and_not_after() {
    let entries = catalogue();
    let codes: Vec<&str> = entries.iter().map(|(code, _, _)| code.as_str()).collect();
    assert_eq!(
        codes, LINT_CODES,
        "docs/lints.md lists every lint, in order"
    );
    for (code, before, after) in &entries {
        let name = code.rsplit("::").next().unwrap();
        let (status, _, stderr) = check(&scratch(&format!("{name}-before.pactum"), before), &[]);
        assert_eq!(
            status,
            Some(0),
            "{code} before: a warning does not fail: {stderr}"
        );
        assert!(
            stderr.contains(code.as_str()),
            "{code} before: not raised:\n{stderr}"
        );
        let (status, stdout, stderr) = check(&scratch(&format!("{name}-after.pactum"), after), &[]);
        assert_eq!(status, Some(0), "{code} after: {stderr}");
        assert!(
            !stderr.contains("pactum::lint::"),
            "{code} after: still warns:\n{stderr}"
        );
        assert!(!stdout.contains("warning"), "{code} after: {stdout}");
    }
}

#[test]
fn every_lint_code_is_in_the_diagnostics_reference() {
    let errors = read(&root().join("docs/errors.md"));
    for code in LINT_CODES {
        assert!(
            errors.contains(code),
            "docs/errors.md does not mention {code}"
        );
    }
}

fn example_clause_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            example_clause_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "pactum") {
            out.push(path);
        }
    }
}

#[test]
fn the_examples_raise_no_warning_they_do_not_acknowledge() {
    let mut files = Vec::new();
    example_clause_files(&root().join("examples"), &mut files);
    assert!(files.len() >= 5, "found {files:?}");
    for file in &files {
        let (status, stdout, stderr) = check(file, &["--deny", "warnings"]);
        assert_eq!(status, Some(0), "{}:\n{stdout}{stderr}", file.display());
        assert!(
            !stderr.contains("pactum::lint::"),
            "{}:\n{stderr}",
            file.display()
        );
    }
}

#[test]
fn the_seed_acknowledges_its_blanks_and_reports_list_them() {
    let seed = root().join("examples/focus-warrant-2001/warrant.pactum");
    let (_, stdout, _) = check(&seed, &[]);
    assert!(stdout.contains("(6 acknowledged)"), "{stdout}");
    // Without its acknowledgements the seed shows the blank of §1.
    let bare: String = read(&seed)
        .lines()
        .scan(false, |skipping, line| {
            // An acknowledgement's long reason runs on to the line that closes it.
            if line.trim_start().starts_with("acknowledge ") {
                *skipping = line.matches("\"\"\"").count() == 1;
                return Some(None);
            }
            if *skipping {
                *skipping = !line.contains("\"\"\"");
                return Some(None);
            }
            Some(Some(format!("{line}\n")))
        })
        .flatten()
        .collect();
    let (status, stdout, stderr) = check(&scratch("seed-bare.pactum", &bare), &[]);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stdout.contains("(6 warnings)"), "{stdout}{stderr}");
    assert!(stderr.contains("dated as of , 2001"), "{stderr}");
    let (status, _, _) = check(&scratch("seed-bare.pactum", &bare), &["--deny", "warnings"]);
    assert_eq!(
        status,
        Some(1),
        "--deny warnings fails a file with warnings"
    );

    let scenario = "examples/focus-warrant-2001/scenarios/01-full-exercise.scenario";
    let seed = "examples/focus-warrant-2001/warrant.pactum";
    let text = String::from_utf8(pactum(&["run", seed, scenario]).stdout).unwrap();
    assert!(
        text.contains("warnings acknowledged in the clause file:\n  §1 pactum::lint::blank (1 warning): The signed Warrant leaves"),
        "{text}"
    );
    assert!(
        text.contains("§Form pactum::lint::blank (5 warnings): This is the form"),
        "{text}"
    );
    let json = pactum(&["run", seed, scenario, "--format", "json"]).stdout;
    let report: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let acknowledged = &report["report"]["acknowledged"];
    assert_eq!(acknowledged[0]["lint"], "pactum::lint::blank");
    assert_eq!(acknowledged[0]["section"], "1");
    assert_eq!(acknowledged[0]["warnings"], 1);
    assert!(acknowledged[0]["reason"]
        .as_str()
        .unwrap()
        .starts_with("The signed Warrant"));
    assert_eq!(acknowledged[1]["section"], "Form");
    assert_eq!(acknowledged[1]["warnings"], 5);
}

#[test]
fn an_acknowledgement_covers_only_its_own_section() {
    let text = r#"contract "Warrant"
  issuer Company = "Example Co."
  holder Holder = "Jane Q. Investor"
  business days: nyse
  local time: America/New_York

section 1 "Grant"
  text """This Warrant is issued under the Agreement dated as of , 2001."""
  acknowledge pactum::lint::blank "the date was left blank in the signed Warrant"

section 2 "Price"
  text """The price is $[ ] per share."""
"#;
    let (status, stdout, stderr) = check(&scratch("two-sections.pactum", text), &[]);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stdout.contains("(1 warning, 1 acknowledged)"), "{stdout}");
    assert!(
        stderr.contains("$[ ]") && !stderr.contains("as of , 2001"),
        "{stderr}"
    );
}
