//! The tutorial (docs/tutorial.md) and the command reference (docs/cli.md)
//! are run as a reader would run them: in a scratch copy of the repository's
//! examples, each `$ command` of a `text` block is run with the built
//! `pactum` first on the PATH, and its output (standard output and error
//! together) must be what the document shows. A line that is only `…` stands
//! for any number of lines; a `…` inside a line for any text. "replace its
//! text with this" before a `scenario` block writes that block to the file
//! the sentence names, as the reader's editor would. Sessions that need
//! files the repository does not hold are fenced as `console` and not run.
//! The hands-on chapter "Changing a contract safely" is also checked to be
//! there in full.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{read, root};

const CHAPTER: &str = "## Changing a contract safely\n";

/// One thing the reader does: run a command and compare its output, or
/// save a file with the given text.
#[derive(Debug)]
enum Step {
    Run { command: String, shown: Vec<String> },
    Save { path: String, text: String },
}

/// The chapter's text, up to the next chapter.
fn chapter() -> String {
    let tutorial = read(&root().join("docs/tutorial.md"));
    let start = tutorial.find(CHAPTER).expect("the chapter exists");
    let rest = &tutorial[start + CHAPTER.len()..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    rest[..end].to_string()
}

/// The last `` `path` `` named in a paragraph that asks for a file's text
/// to be replaced.
fn file_to_replace(paragraph: &str) -> Option<String> {
    if !paragraph.contains("replace its text with this") {
        return None;
    }
    let mut named = None;
    let mut rest = paragraph;
    while let Some(open) = rest.find('`') {
        let after = &rest[open + 1..];
        let close = after.find('`')?;
        let quoted = &after[..close];
        if quoted.ends_with(".scenario") || quoted.ends_with(".pactum") {
            named = Some(quoted.to_string());
        }
        rest = &after[close + 1..];
    }
    named
}

fn steps(chapter: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    // The paragraph before a block: a blank line ends it, the next text
    // line starts a new one.
    let mut paragraph = String::new();
    let mut ended = false;
    let mut lines = chapter.lines();
    while let Some(line) = lines.next() {
        let Some(language) = line.strip_prefix("```") else {
            if line.trim().is_empty() {
                ended = true;
            } else {
                if ended {
                    paragraph.clear();
                    ended = false;
                }
                paragraph.push_str(line);
                paragraph.push(' ');
            }
            continue;
        };
        let block: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.starts_with("```"))
            .collect();
        // A `text` block is a session when it starts with a command; others
        // (a synopsis, a report quoted alone) are not run.
        let session = block.first().is_some_and(|line| line.starts_with("$ "));
        if language == "text" && session {
            for line in block {
                if let Some(command) = line.strip_prefix("$ ") {
                    steps.push(Step::Run {
                        command: command.to_string(),
                        shown: Vec::new(),
                    });
                } else if let Some(Step::Run { shown, .. }) = steps.last_mut() {
                    shown.push(line.to_string());
                }
            }
        } else if let Some(path) = file_to_replace(&paragraph) {
            let mut text = block.join("\n");
            text.push('\n');
            steps.push(Step::Save { path, text });
        }
        paragraph.clear();
    }
    steps
}

/// Whether one shown line matches one line of output; `…` stands for any text.
fn line_matches(shown: &str, actual: &str) -> bool {
    let parts: Vec<&str> = shown.trim_end().split('…').collect();
    let actual = actual.trim_end();
    if parts.len() == 1 {
        return shown.trim_end() == actual;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !actual.starts_with(first) || !actual[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &actual[first.len()..actual.len() - last.len()];
    for middle in &parts[1..parts.len() - 1] {
        match rest.find(middle) {
            Some(at) => rest = &rest[at + middle.len()..],
            None => return false,
        }
    }
    true
}

/// Whether the output matches what the chapter shows; a line of only `…`
/// stands for any number of lines.
fn output_matches(shown: &[String], actual: &[&str]) -> bool {
    // Blank lines at the end (a block's spacing between commands) count for nothing.
    if let Some(([], others)) = actual
        .split_last()
        .map(|(last, others)| (last.trim().as_bytes(), others))
    {
        return output_matches(shown, others);
    }
    if let Some(("", others)) = shown
        .split_last()
        .map(|(last, others)| (last.trim(), others))
    {
        return output_matches(others, actual);
    }
    match shown.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim() == "…" => {
            (0..=actual.len()).any(|skip| output_matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => match actual.split_first() {
            Some((line, others)) => line_matches(first, line) && output_matches(rest, others),
            None => false,
        },
    }
}

/// A scratch folder holding a copy of the examples and the project file, as
/// the top folder of the repository holds them.
fn scratch_copy() -> PathBuf {
    // One folder per call: tests run side by side in threads of one process.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let scratch = std::env::temp_dir().join(format!("pactum-docs-{}-{call}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    copy_folder(&root().join("examples"), &scratch.join("examples"));
    std::fs::copy(root().join("pactum.toml"), scratch.join("pactum.toml")).unwrap();
    scratch
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs a document's steps in order in a fresh scratch copy; the number of
/// commands run.
fn run_steps(steps: &[Step]) -> usize {
    let scratch = scratch_copy();
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_pactum"));
    let folder = binary.parent().unwrap();
    let path = std::env::join_paths(std::iter::once(folder.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let mut commands = 0;
    for step in steps {
        match step {
            Step::Save { path, text } => std::fs::write(scratch.join(path), text).unwrap(),
            Step::Run { command, shown } => {
                commands += 1;
                let output = Command::new("sh")
                    .arg("-c")
                    .arg(format!("{command} 2>&1"))
                    .current_dir(&scratch)
                    .env("PATH", &path)
                    .env("NO_COLOR", "1")
                    .output()
                    .unwrap();
                let text = String::from_utf8_lossy(&output.stdout);
                let actual: Vec<&str> = text.lines().collect();
                assert!(
                    output_matches(shown, &actual),
                    "`$ {command}` printed:\n{text}\nbut the document shows:\n{}",
                    shown.join("\n")
                );
            }
        }
    }
    std::fs::remove_dir_all(&scratch).unwrap();
    commands
}

#[test]
fn the_redraft_chapter_runs_command_by_command() {
    let steps = steps(&chapter());
    // So that a chapter whose blocks stopped being found cannot pass empty.
    assert!(run_steps(&steps) >= 8, "too few commands found: {steps:#?}");
    assert!(steps.iter().any(|step| matches!(step, Step::Save { .. })));
    // The chapter ends by deleting its working copy.
    assert!(steps
        .iter()
        .any(|step| matches!(step, Step::Run { command, .. } if command == "rm -r redraft")));
}

#[test]
fn every_session_of_the_tutorial_and_the_cli_reference_runs_as_shown() {
    for document in ["docs/tutorial.md", "docs/cli.md"] {
        let steps = steps(&read(&root().join(document)));
        assert!(
            run_steps(&steps) >= 10,
            "{document}: too few commands found"
        );
    }
}

#[test]
fn the_matcher_rejects_what_the_chapter_does_not_show() {
    let shown = ["PASS  a", "…", "1 passed, 0 failed"].map(String::from);
    assert!(output_matches(&shown, &["PASS  a", "1 passed, 0 failed"]));
    assert!(output_matches(
        &shown,
        &["PASS  a", "x", "y", "1 passed, 0 failed"]
    ));
    assert!(!output_matches(&shown, &["PASS  a", "0 passed, 1 failed"]));
    assert!(!output_matches(&shown, &["PASS  b", "1 passed, 0 failed"]));
    assert!(line_matches(
        "text: … fully paid …",
        "text: on 27 December, fully paid shares"
    ));
    assert!(!line_matches(
        "text: … fully paid …",
        "text: on 27 December, partly paid"
    ));
}
