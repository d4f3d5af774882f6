//! `pactum fmt` and `pactum::format`: the examples are in the canonical
//! layout, formatting is idempotent on every example and fixture, a layout
//! perturbed at random formats back to the same text (so scenario outcomes
//! cannot change), comments and text blocks survive byte for byte, and files
//! that do not parse or are not formatted are left untouched.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use pactum::format::{format_file, FileKind};
use proptest::prelude::*;

use crate::support::{read, root};

fn pactum(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_string()
}

/// Every clause file and scenario under `folder`, sorted.
fn sources_under(folder: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "pactum" || ext == "scenario")
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn format_path(path: &Path, source: &str) -> Result<String, String> {
    let name = path.display().to_string();
    format_file(source, &name, FileKind::of_name(&name)).map_err(|e| format!("{e:?}"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pactum-format-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The names of every file under `dir`, to see that nothing was left behind.
fn names_under(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// ------------------------------------------------------------ layout perturbation

/// Words that start a line of their own (never a continuation line) in the examples.
const ITEM_WORDS: &[&str] = &[
    "define",
    "state",
    "kind",
    "section",
    "text",
    "reading",
    "refuse",
    "set",
    "let",
    "expect",
    "event",
    "invariant",
    "issuer",
    "holder",
    "dated",
    "record",
    "open",
    "--",
];

/// `text` with its layout disturbed where the grammar does not care: item
/// lines and comment lines indented anew, blanks between words doubled,
/// trailing blanks, blank lines doubled. Strings, text blocks and comments are
/// not touched. `choices` drives every decision, cycled.
fn perturb(text: &str, choices: &[u8], scenario: bool) -> String {
    let mut choice = choices.iter().copied().cycle();
    let mut next = move || choice.next().unwrap_or(0);
    let mut out = String::new();
    let mut in_block = false;
    let lines: Vec<&str> = text.split('\n').collect();
    for (index, line) in lines.iter().enumerate() {
        let starts_in_block = in_block;
        in_block ^= line.matches("\"\"\"").count() % 2 == 1;
        if index > 0 {
            out.push('\n');
        }
        if starts_in_block {
            out.push_str(line);
            continue;
        }
        let body = line.trim_start();
        let indent = &line[..line.len() - body.len()];
        let first_word = body.split(' ').next().unwrap_or("");
        let item = ITEM_WORDS.contains(&first_word)
            || (scenario && body.starts_with(|c: char| c.is_ascii_digit()));
        if item && next() % 2 == 0 {
            out.push_str(&" ".repeat(usize::from(next() % 7)));
        } else {
            out.push_str(indent);
        }
        // Blanks doubled only before the first string or comment.
        let cut = body.find(['"', '-']).unwrap_or(body.len());
        let (code, rest) = body.split_at(cut);
        let mut word = String::new();
        for character in code.chars() {
            out.push(character);
            if character != ' ' {
                word.push(character);
                continue;
            }
            // `half up`, `end of month`, `the first`…: one blank is part of the word.
            let fixed = ["half", "end", "of", "next", "modified", "the"].contains(&word.as_str());
            if !fixed && next() % 3 == 0 {
                out.push(' ');
            }
            word.clear();
        }
        out.push_str(rest);
        if !in_block && next() % 4 == 0 {
            out.push_str("   ");
        }
        let blank_follows = lines.get(index + 1).is_some_and(|l| l.trim().is_empty());
        if !in_block && blank_follows && next() % 3 == 0 {
            out.push('\n');
        }
    }
    out
}

// ------------------------------------------------------------ tests

#[test]
fn the_examples_are_formatted() {
    let output = pactum(&root(), &["fmt", "--check", "examples/"]);
    let summary = text(&output.stdout);
    assert!(output.status.success(), "{summary}{}", text(&output.stderr));
    assert!(!summary.contains("would reformat"));
    assert!(
        summary.ends_with(" files, 0 would be reformatted, 0 failed\n"),
        "{summary}"
    );
    // With no path, the project file's roots (`examples`): the same files.
    let output = pactum(&root(), &["fmt", "--check"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(text(&output.stdout), summary);
}

#[test]
fn formatting_twice_changes_nothing() {
    let mut formatted = 0;
    for folder in ["examples", "tests/fixtures"] {
        for path in sources_under(&root().join(folder)) {
            let source = read(&path);
            let Ok(once) = format_path(&path, &source) else {
                // Only the fixtures that must not parse may fail: those under
                // `syntax/`, and any whose header expects a syntax error.
                assert!(
                    path.components().any(|c| c.as_os_str() == "syntax")
                        || source.starts_with("-- expect: pactum::syntax::"),
                    "{} did not format",
                    path.display()
                );
                continue;
            };
            let twice = format_path(&path, &once).unwrap();
            assert_eq!(once, twice, "{} is not stable", path.display());
            if folder == "examples" {
                assert_eq!(source, once, "{} is not formatted", path.display());
            }
            formatted += 1;
        }
    }
    assert!(formatted > 150, "only {formatted} files formatted");
}

#[test]
fn disturbed_examples_format_back_and_pass_their_scenarios() {
    let dir = scratch("examples");
    copy_dir(&root().join("examples"), &dir);
    let files = sources_under(&dir);
    for (index, path) in files.iter().enumerate() {
        let original = read(path);
        let choices: Vec<u8> = (0..97u8)
            .map(|i| i.wrapping_mul(31).wrapping_add(index as u8))
            .collect();
        let scenario = path.extension().is_some_and(|ext| ext == "scenario");
        std::fs::write(path, perturb(&original, &choices, scenario)).unwrap();
    }
    let changed = files
        .iter()
        .filter(|path| {
            read(path)
                != read(
                    &root()
                        .join("examples")
                        .join(path.strip_prefix(&dir).unwrap()),
                )
        })
        .count();
    assert!(changed > 50, "only {changed} files disturbed");

    let output = pactum(&dir, &["fmt", "."]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    for path in &files {
        let original = root()
            .join("examples")
            .join(path.strip_prefix(&dir).unwrap());
        assert_eq!(
            read(path),
            read(&original),
            "{} formats differently",
            path.display()
        );
    }
    let output = pactum(&dir, &["test", "--check", "."]);
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}{}", text(&output.stderr));
    assert!(stdout.contains(" passed, 0 failed"), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}

fn example_files() -> Vec<PathBuf> {
    sources_under(&root().join("examples"))
        .into_iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == "pactum"))
        .chain(
            sources_under(&root().join("examples/focus-warrant-2001/scenarios"))
                .into_iter()
                .take(4),
        )
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn a_disturbed_layout_formats_to_the_formatted_original(
        path in prop::sample::select(example_files()),
        choices in prop::collection::vec(any::<u8>(), 1..64),
    ) {
        let original = read(&path);
        let expected = format_path(&path, &original).unwrap();
        let scenario = path.extension().is_some_and(|ext| ext == "scenario");
        let disturbed = perturb(&original, &choices, scenario);
        let formatted = format_path(&path, &disturbed).unwrap();
        prop_assert_eq!(formatted, expected);
    }
}

const UNFORMATTED: &str = r#"-- A small contract   with   odd spacing in its comments.
contract "Keeps its words"
    holder Holder = "Jane   Q. Investor"   -- two  spaces  kept
  issuer Company="Co"



define Big=25000 shares    -- trailing blanks go
define  Price   =   USD 1.54 per share
state  left: shares = Big
state x   :   number

section 1 "One"
text """Keep   this
      exactly   as it is,   trailing blanks too.   
  -- not a comment"""
  on Payment   as p:
        refuse "no  payment over {Price}"   when p.amount>USD 5
    set left = left-1 share
           when p.amount<=USD 2
event Payment { amount: USD }
"#;

#[test]
fn comments_and_text_blocks_survive_byte_for_byte() {
    let formatted = format_path(Path::new("small.pactum"), UNFORMATTED).unwrap();
    for kept in [
        "-- A small contract   with   odd spacing in its comments.",
        "\"Jane   Q. Investor\"",
        "-- two  spaces  kept",
        "text \"\"\"Keep   this\n      exactly   as it is,   trailing blanks too.   \n  -- not a comment\"\"\"",
        "\"no  payment over {Price}\"",
    ] {
        assert!(formatted.contains(kept), "lost {kept:?} in\n{formatted}");
    }
    insta::assert_snapshot!(format!("{UNFORMATTED}=== formatted ===\n{formatted}"));
}

#[test]
fn a_file_that_does_not_parse_is_left_untouched() {
    let dir = scratch("broken");
    let broken = "contract \"Broken\"\ndefine  X =\n";
    std::fs::write(dir.join("broken.pactum"), broken).unwrap();
    let output = pactum(&dir, &["fmt", "broken.pactum"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output.stderr).contains("pactum::syntax::"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(read(&dir.join("broken.pactum")), broken);
    assert_eq!(names_under(&dir), ["broken.pactum"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn check_shows_a_diff_and_writes_nothing() {
    let dir = scratch("check");
    std::fs::write(dir.join("small.pactum"), UNFORMATTED).unwrap();
    let output = pactum(&dir, &["fmt", "--check", "small.pactum"]);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("would reformat: small.pactum"), "{stdout}");
    assert!(stdout.contains("-define Big=25000 shares"), "{stdout}");
    assert!(stdout.contains("+define Big   = 25,000 shares"), "{stdout}");
    assert_eq!(read(&dir.join("small.pactum")), UNFORMATTED);

    // Without --check the file is rewritten once, with no temporary file left behind.
    let output = pactum(&dir, &["fmt", "."]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("formatted: ./small.pactum"));
    assert_eq!(names_under(&dir), ["small.pactum"]);
    let output = pactum(&dir, &["fmt", "--check", "."]);
    assert!(output.status.success(), "{}", text(&output.stdout));
    std::fs::remove_dir_all(&dir).unwrap();
}
