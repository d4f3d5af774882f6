//! Hostile and unusual input through the `pactum` binary: each must end in a
//! diagnostic and exit 1 (or be handled), never a crash, a hang or a silent
//! skip. One test per item of the "Speed and robustness" issue.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support::root;

const SEED: &str = "examples/focus-warrant-2001/warrant.pactum";

fn pactum(args: &[&str]) -> Output {
    pactum_in(&root(), args)
}

fn pactum_in(folder: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(folder)
        .env_remove("NO_COLOR")
        .env_remove("PACTUM_MAX_INPUT")
        .output()
        .unwrap()
}

/// A fresh folder for one test, so tests running in parallel do not meet.
fn folder(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pactum-robustness-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// Exit 1 with `code` on standard error.
fn assert_refused(output: &Output, code: &str, what: &str) {
    assert_eq!(output.status.code(), Some(1), "{what}: {}", stderr(output));
    assert!(
        stderr(output).contains(code),
        "{what}: expected {code}, got {}",
        stderr(output)
    );
}

fn scenario_with(steps: &str) -> String {
    format!(
        "scenario \"hostile\"\ncontract \"{}/{SEED}\"\n\n{steps}\n",
        root().display()
    )
}

fn stream_with_shares(shares: &str) -> String {
    format!(
        "{{\"time\": \"2002-06-03 10:00\", \"event\": \"Notice of Exercise\", \"fields\": {{\"by\": \"fax\", \"shares\": {}}}}}\n",
        serde_json::Value::String(shares.to_string())
    )
}

/// Item 1: nesting is refused before anything recurses into it.
#[test]
fn deeply_nested_ifs_are_refused_before_the_stack_runs_out() {
    let dir = folder("nested-ifs");
    let ifs = "if yes then 1 shares else ".repeat(2_500) + "1 shares";
    let conditions = "if ".repeat(2_500) + "yes" + &" then yes else no".repeat(2_500);
    let contract = write(
        &dir,
        "deep.pactum",
        &format!("contract \"x\"\n  local time: UTC\ndefine X = {ifs}\n"),
    );
    assert_refused(
        &pactum(&["check", &contract]),
        "pactum::syntax::too_deep",
        "clause file",
    );
    let scenario = write(
        &dir,
        "deep.scenario",
        &scenario_with(&format!(
            "2002-06-03 10:00  Notice of Exercise {{ by: fax, shares: 1,000 shares }}\n  expect {conditions}"
        )),
    );
    assert_refused(
        &pactum(&["check", &scenario]),
        "pactum::syntax::too_deep",
        "expect line",
    );
    assert_refused(
        &pactum(&["run", SEED, &scenario]),
        "pactum::syntax::too_deep",
        "run",
    );
    let stream = write(&dir, "deep.jsonl", &stream_with_shares(&ifs));
    assert_refused(
        &pactum(&["run", SEED, &stream]),
        "pactum::syntax::too_deep",
        "JSON Lines",
    );
}

/// `at` ends an expression, except before a time of day, where it is a moment
/// inside one (`x at 10:00`): ifs with such moments in their conditions are
/// nested all the same, and refused before the reader recurses into them
/// (found by review; this overflowed the stack at 200,000 levels).
#[test]
fn nested_ifs_with_moments_in_their_conditions_are_refused() {
    let dir = folder("nested-ifs-at");
    let ifs = "if Day at 10:00 then ".repeat(200_000) + "1 else 2";
    let contract = write(
        &dir,
        "deep.pactum",
        &format!("contract \"x\"\n  local time: UTC\ndefine X = {ifs}\n"),
    );
    assert_refused(
        &pactum(&["check", &contract]),
        "pactum::syntax::too_deep",
        "clause file",
    );
}

/// Item 7: a huge expression or name is refused before the parser spends
/// time and memory on it.
#[test]
fn huge_expressions_and_names_are_refused_early() {
    let dir = folder("huge");
    let chain = format!(
        "contract \"x\"\n  local time: UTC\ndefine X = 1{}\n",
        " + 1".repeat(200_000)
    );
    let chain = write(&dir, "chain.pactum", &chain);
    assert_refused(
        &pactum(&["check", &chain]),
        "pactum::syntax::too_large",
        "chain",
    );
    let name = format!(
        "contract \"x\"\n  local time: UTC\ndefine {} = 1\n",
        "Word ".repeat(200_000)
    );
    let name = write(&dir, "name.pactum", &name);
    let output = pactum(&["check", &name]);
    assert_refused(&output, "pactum::syntax::long_name", "name");
    assert!(
        stderr(&output).contains("256 characters"),
        "{}",
        stderr(&output)
    );
    let stream = write(
        &dir,
        "chain.jsonl",
        &stream_with_shares(&"1 shares + ".repeat(5_000)),
    );
    assert_refused(
        &pactum(&["run", SEED, &stream]),
        "pactum::syntax::too_large",
        "stream",
    );
}

/// Item 2: a label far along a long line is drawn (cut to a window around
/// it), not a panic in the renderer; `pactum test` goes on to its summary.
#[test]
fn labels_past_column_65535_are_drawn() {
    let dir = folder("wide");
    let pad = " ".repeat(70_000);
    let contract = write(
        &dir,
        "wide.pactum",
        &format!("contract \"x\"\n  local time: UTC\ndefine X = 1 shares{pad}+ USD 1\n"),
    );
    let output = pactum(&["check", &contract]);
    assert_refused(&output, "pactum::check::unit_mismatch", "clause file");
    assert!(
        stderr(&output).contains("╰── this is USD"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("…"), "{}", stderr(&output));
    write(
        &dir,
        "wide.scenario",
        &scenario_with(&format!(
            "2002-06-03 10:00  Notice of Exercise {{ by: fax, shares:{pad} USD 1 }}"
        )),
    );
    let output = pactum_in(&dir, &["test", "."]);
    assert_refused(&output, "pactum::check::", "scenario");
    assert!(
        stdout(&output).ends_with("0 passed, 1 failed\n"),
        "{}",
        stdout(&output)
    );
    let stream = write(
        &dir,
        "wide.jsonl",
        &format!("{{\"time\": \"2002-06-03 10:00\",{pad}\"event\": \"Payment\" x}}\n"),
    );
    let output = pactum(&["run", SEED, &stream]);
    assert_refused(&output, "pactum::input::bad_json", "JSON Lines");
    assert!(stderr(&output).contains(":1:70048]"), "{}", stderr(&output));
}

/// Item 5: a lone `\r` ends a line, and columns count characters.
#[test]
fn lone_carriage_returns_end_lines_and_columns_count_characters() {
    let dir = folder("lines");
    let contract = write(
        &dir,
        "cr.pactum",
        "contract \"x\"\r  local time: UTC\rdefine X = 1 shares + USD 1\r",
    );
    let output = pactum(&["check", &contract]);
    assert_refused(&output, "pactum::check::unit_mismatch", "lone CR");
    assert!(
        stderr(&output).contains("cr.pactum:3:12]"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains(" 3 │ define X"),
        "{}",
        stderr(&output)
    );
    write(
        &dir,
        "cr.scenario",
        &scenario_with(
            "2002-06-03 10:00  Notice of Exercise { by: fax, shares: 1,000 shares }\n  expect remaining = 1 shares",
        )
        .replace('\n', "\r"),
    );
    let output = pactum_in(&dir, &["test", "."]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("line 5: expect remaining = 1 shares"),
        "{}",
        stdout(&output)
    );
    let line = "contract \"Ünïcödé — €\" local time: Mars/Olympus\n";
    let column = line
        .find("Mars")
        .map(|at| line[..at].chars().count() + 1)
        .unwrap();
    let contract = write(&dir, "accents.pactum", line);
    let output = pactum(&["check", &contract]);
    assert_refused(&output, "pactum::syntax::unknown_zone", "accents");
    assert!(
        stderr(&output).contains(&format!("accents.pactum:1:{column}]")),
        "{}",
        stderr(&output)
    );
}

/// Runs `pactum` with a deadline: a command that blocks is a failed test,
/// not a hung test run.
fn pactum_within(seconds: u64, folder: &Path, args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(args)
        .current_dir(folder)
        .env_remove("PACTUM_MAX_INPUT_MIB")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed().as_secs() >= seconds {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("pactum {args:?} was still running after {seconds} s");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Item 3: devices, pipes and oversized files are refused, not read.
#[cfg(unix)]
#[test]
fn only_regular_files_of_bounded_size_are_read() {
    let dir = folder("files");
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.scenario")).unwrap();
    let output = pactum_within(10, &dir, &["check", "zero.scenario"]);
    assert_refused(&output, "pactum::input::not_a_file", "link to /dev/zero");
    assert!(
        stderr(&output).contains("is a device"),
        "{}",
        stderr(&output)
    );
    let output = pactum_within(10, &dir, &["test", "."]);
    assert_refused(&output, "pactum::input::not_a_file", "test");
    assert!(
        stdout(&output).ends_with("0 passed, 1 failed\n"),
        "{}",
        stdout(&output)
    );
    for fifo in ["fifo.pactum", "fifo.jsonl"] {
        let made = Command::new("mkfifo").arg(dir.join(fifo)).status().unwrap();
        assert!(made.success());
    }
    let output = pactum_within(10, &dir, &["check", "fifo.pactum"]);
    assert_refused(&output, "pactum::input::not_a_file", "FIFO clause file");
    assert!(
        stderr(&output).contains("is a named pipe"),
        "{}",
        stderr(&output)
    );
    let seed = root().join(SEED);
    let seed = seed.to_str().unwrap();
    let output = pactum_within(10, &dir, &["run", seed, "fifo.jsonl"]);
    assert_refused(&output, "pactum::input::not_a_file", "FIFO stream");
    // The limit, and the way to raise it.
    let output = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["check", seed])
        .env("PACTUM_MAX_INPUT_MIB", "0")
        .output()
        .unwrap();
    assert_refused(&output, "pactum::input::too_large", "limit");
    assert!(
        stderr(&output).contains("PACTUM_MAX_INPUT_MIB=256"),
        "{}",
        stderr(&output)
    );
    let output = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["check", seed])
        .env("PACTUM_MAX_INPUT_MIB", "lots")
        .output()
        .unwrap();
    assert_refused(&output, "pactum::input::bad_limit", "bad limit");
}

/// Item 3: standard input is still a fine source of JSON Lines events.
#[test]
fn json_lines_events_can_come_from_standard_input() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["run", SEED, "-", "--format", "json"])
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let record = "{\"time\": \"2002-06-03 10:00\", \"event\": \"Notice of Exercise\", \"fields\": {\"by\": \"fax\", \"shares\": 25000}}\n";
    child
        .stdin
        .take()
        .unwrap()
        .write_all(record.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["entries"].as_array().unwrap().len(), 1);
}

/// Item 4: a scenario whose name is not UTF-8 is run (its name shown with
/// `�`), not skipped; its snapshot is not taken for an orphan.
#[cfg(target_os = "linux")]
#[test]
fn scenarios_with_names_that_are_not_utf8_are_run() {
    use std::os::unix::ffi::OsStrExt;
    let dir = folder("names");
    let scenario = scenario_with(
        "2002-06-03 10:00  Notice of Exercise { by: fax, shares: 1,000 shares }\n  expect accepted",
    );
    write(&dir, "plain.scenario", &scenario);
    let odd = std::ffi::OsStr::from_bytes(b"caf\xe9.scenario");
    std::fs::write(dir.join(odd), &scenario).unwrap();
    let output = pactum_in(&dir, &["test", "--accept", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("PASS  ./caf\u{fffd}.scenario"),
        "{}",
        stdout(&output)
    );
    let output = pactum_in(&dir, &["test", "--check", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).ends_with("2 passed, 0 failed\n"),
        "{}",
        stdout(&output)
    );
}

/// Item 6: temporary files left by a killed write are a failure under
/// `--check` and removed by a normal run; a failed write is reported once,
/// and never as written.
#[test]
fn stale_temporaries_and_failed_writes_are_reported_honestly() {
    let dir = folder("temporaries");
    write(
        &dir,
        "one.scenario",
        &scenario_with("2002-06-03 10:00  Notice of Exercise { by: fax, shares: 1,000 shares }"),
    );
    assert_eq!(
        pactum_in(&dir, &["test", "--accept", "."]).status.code(),
        Some(0)
    );
    // No process has this id (ids are below 2^22 on Linux).
    let stale = ".one.report.4294967295.pactum-tmp";
    write(&dir, stale, "half a rep");
    let output = pactum_in(&dir, &["test", "--check", "."]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains(&format!("FAIL  ./{stale}")),
        "{}",
        stdout(&output)
    );
    assert!(dir.join(stale).exists(), "--check must write nothing");
    let output = pactum_in(&dir, &["test", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("note: removed"),
        "{}",
        stdout(&output)
    );
    assert!(!dir.join(stale).exists());
    // A pending snapshot that cannot be written (its name is taken by a
    // folder, which stops even a superuser).
    write(
        &dir,
        "two.scenario",
        &scenario_with("2002-06-03 10:00  Notice of Exercise { by: fax, shares: 2,000 shares }"),
    );
    std::fs::create_dir(dir.join("two.report.pending")).unwrap();
    let output = pactum_in(&dir, &["test", "."]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains("no accepted snapshot yet; could not write"),
        "{text}"
    );
    assert!(!text.contains("wrote"), "{text}");
    assert_eq!(text.matches("two.report.pending").count(), 1, "{text}");
}

/// Item 8: output that cannot be written fails the command.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_fails_every_command() {
    let commands: [&[&str]; 4] = [
        &["--help"],
        &["--version"],
        &["check", SEED],
        &["calendar", "nyse"],
    ];
    for args in commands {
        let output = Command::new(env!("CARGO_BIN_EXE_pactum"))
            .args(args)
            .current_dir(root())
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("pactum::input::output_failed"),
            "{args:?}"
        );
    }
}

/// A chain of field reads `a.b.c.…` is checked in time proportional to its
/// length: asking at each `.` whether the part before is an instance's
/// obligation once lowered that part twice, so the work doubled per level
/// (a fuzzer's 550-character notice method took 10 s; 60 levels would never
/// finish). Found by the `jsonl_stream` fuzz target.
#[test]
fn a_long_chain_of_field_reads_is_checked_in_linear_time() {
    let dir = folder("field-chain");
    let chain = vec!["Part"; 60].join(".");
    let stream = write(&dir, "chain.jsonl", &stream_with_shares(&chain));
    let output = pactum_within(
        60,
        &dir,
        &["run", &format!("{}/{SEED}", root().display()), &stream],
    );
    assert_refused(
        &output,
        "pactum::check::unknown_name",
        "field chain in a stream",
    );
    let clause = format!(
        "contract \"x\"\n  holder Holder = \"H\"\n  business days: nyse\n  local time: UTC\nevent Ping\nsection 1 \"One\"\n  on Ping:\n    refuse \"never\" when {chain} = 1\n"
    );
    let clause = write(&dir, "chain.pactum", &clause);
    assert_refused(
        &pactum_within(60, &dir, &["check", &clause]),
        "pactum::check::unknown_name",
        "field chain in a clause file",
    );
}

/// Found by fuzzing: an 850-byte scenario whose event line the grammar could
/// read in very many ways took 5 s (and 500 MB in the fuzz build) before it
/// was refused. The reader's steps are now bounded in proportion to the text.
#[test]
fn text_that_sets_the_reader_backtracking_is_refused_early() {
    let dir = folder("backtracking");
    std::fs::copy(
        root().join("examples/focus-warrant-2001/warrant.pactum"),
        dir.join("warrant.pactum"),
    )
    .unwrap();
    let scenario = write(&dir, "found.scenario", BACKTRACKING);
    let output = pactum(&["test", &scenario]);
    assert_refused(&output, "pactum::syntax::too_complex", "backtracking");
    assert!(
        stderr(&output).contains("the reader gave up here"),
        "{}",
        stderr(&output)
    );
}

/// The fuzzer's input, with its NUL bytes taken out and its contract line
/// pointed at the copy of the seed beside it.
const BACKTRACKING: &str = r##"scenario "full exercise by .fax, certificate and certified check two days ~ater"
contract "warrant.pactum"

2002-06-03 10:00  Notice of Exercise { by: xraaf.dedline =ified der.dead*ine =ified crcise 1.teNder.deadline =ified chaf.dedline =ified der.dead*ine =ified crcise 1.tender.deadline =ified chteNder.deadline =ified chaf.dedline =ified de=ified crcise 1.tender.deadline =ified checkcaer.deadline =ified checkcate and certifite and Yertified 0 scise 1.teeckcaer.d8888888888888888888888888888888881.tender.deadline =ified checkcate andr.dead*ine =ified crcise 1.tender.deadline =ified checkcaer.deadline =ified checkcate and certifite and Yertified 0 scise 1.teeckcaer.d8888888888888888888888888888888881.tender.deadline =ified checkcate and certified 0 sha~res }
  expect accepted
pect exercise 1.delilercrcise 1scenario "an unp.ten]er.deadlierfn"##;
