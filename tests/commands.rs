//! The commands around the main job: `pactum test` with no path in the
//! repository (the project file's roots), shell completions and manual pages.

use std::process::Command;

use crate::support::{listing, pactum, root};

#[test]
fn test_with_no_path_runs_the_project_roots_and_writes_nothing() {
    let before = (
        listing(&root().join("examples")),
        listing(&root().join("tests/fixtures")),
    );
    let output = pactum(&["test", "--check"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("examples/focus-warrant-2001/scenarios/01-full-exercise.scenario"));
    assert!(!stdout.contains("tests/fixtures"), "{stdout}");
    assert!(stdout.trim_end().ends_with(" passed, 0 failed"), "{stdout}");
    let after = (
        listing(&root().join("examples")),
        listing(&root().join("tests/fixtures")),
    );
    assert!(before == after, "pactum test wrote into the repository");
}

#[test]
fn completions_are_generated_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = pactum(&["completions", shell]);
        let script = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "{shell}");
        // Every command is offered.
        for command in ["check", "run", "test", "diff", "calendar", "man"] {
            assert!(
                script.contains(command),
                "{shell} completions lack `{command}`"
            );
        }
    }
    assert_eq!(pactum(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn each_command_has_a_manual_page() {
    let page = String::from_utf8_lossy(&pactum(&["man"]).stdout).to_string();
    assert!(
        page.starts_with(".ie") && page.contains(".TH pactum 1"),
        "{page}"
    );
    for command in ["check", "run", "test", "diff", "calendar", "completions"] {
        let output = pactum(&["man", command]);
        let page = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0));
        assert!(page.contains(&format!(".TH pactum-{command} 1")), "{page}");
        assert!(page.contains(&format!("pactum {command}")), "{page}");
    }
    let missing = pactum(&["man", "nope"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("there is no command `nope`"));
}

#[test]
fn with_no_path_and_no_project_file_nothing_is_searched_or_written() {
    // A folder with a scenario and a badly laid out clause file, but no
    // pactum.toml: `test` must not write a pending snapshot, `fmt` must not
    // reformat, and both say why.
    let dir = std::env::temp_dir().join(format!("pactum-no-project-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("drafts")).unwrap();
    for name in ["warrant.pactum", "scenarios/01-full-exercise.scenario"] {
        let from = root().join("examples/focus-warrant-2001").join(name);
        let to = dir.join("drafts").join(name.rsplit('/').next().unwrap());
        std::fs::copy(from, to).unwrap();
    }
    std::fs::write(
        dir.join("drafts/01-full-exercise.scenario"),
        std::fs::read_to_string(dir.join("drafts/01-full-exercise.scenario"))
            .unwrap()
            .replace("../warrant.pactum", "warrant.pactum"),
    )
    .unwrap();
    std::fs::write(dir.join("drafts/extra.pactum"), "contract   \"X\"\n").unwrap();
    let before = listing(&dir);
    for args in [&["test"][..], &["fmt"], &["test", "--readings"]] {
        let output = Command::new(env!("CARGO_BIN_EXE_pactum"))
            .args(args)
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains("pactum::input::no_project"),
            "{args:?}: {stderr}"
        );
        assert_eq!(listing(&dir), before, "{args:?} wrote something");
    }
    // Named, the same folder runs (and writes its first pending snapshot).
    let named = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["test", "drafts"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(String::from_utf8(named.stdout)
        .unwrap()
        .contains("wrote drafts/01-full-exercise.report.pending"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn test_mentions_a_clause_file_with_warnings_once() {
    let dir = std::env::temp_dir().join(format!("pactum-warned-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("wt/scenarios")).unwrap();
    // The rules say 5,000 shares where the text says one thousand: a warning.
    let warrant = std::fs::read_to_string(root().join("examples/tutorial/warrant.pactum"))
        .unwrap()
        .replace(
            "define Minimum Exercise = 1,000 shares",
            "define Minimum Exercise = 5,000 shares",
        );
    std::fs::write(dir.join("wt/warrant.pactum"), warrant).unwrap();
    for name in ["02-below-minimum.scenario", "03-late-payment.scenario"] {
        std::fs::copy(
            root().join("examples/tutorial/scenarios").join(name),
            dir.join("wt/scenarios").join(name),
        )
        .unwrap();
    }
    let output = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["test", "wt"])
        .current_dir(&dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let note = "note: wt/warrant.pactum has 1 warning nobody acknowledged; see `pactum check wt/warrant.pactum`\n";
    assert_eq!(stdout.matches(note).count(), 1, "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}
