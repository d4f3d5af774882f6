//! Declared names that contain keyword words (`Exercise Price at expiry`,
//! `Shares to Deliver`): checked, run in a scenario, used next to the same
//! keyword used as one, formatted, found by the editor; ambiguity refused;
//! strings and comments untouched.

use pactum::format::format_clause_file;
use pactum::ide::Analysis;
use pactum::testing::render_run;

use crate::support::{check_text, run_text};

const OPTION: &str = r#"contract "Option"
  holder Holder = "Holder LLC"
  business days: nyse
  local time: America/New_York

define Exercise Price at expiry = USD 12.00 per share
define Last Day to exercise     = 2025-03-31
-- Shares to Deliver counts what is owed; a comment is never read as a name.
state Shares to Deliver     : shares = 0 shares
state Notice by Holder Date : date
state Deliver by            : instant
event Notice of Exercise to Issuer from Holder as notice { shares: shares }

section 1 "Exercise"
  text """The Holder may exercise until the Last Day to exercise at 5:00 P.M."""
  notice by delivery is deemed given when sent
  reading R1 "price at expiry": """We read the Exercise Price at expiry as fixed."""
  on Notice of Exercise to Issuer as n:
    refuse "too late" when n.time > Last Day to exercise at 17:00
    refuse "over {Exercise Price at expiry}" when Exercise Price at expiry > USD 20.00 per share per reading R1
    set Shares to Deliver = Shares to Deliver + n.shares
    set Notice by Holder Date = n.date
    set Deliver by = Last Day to exercise at 17:00
"#;

const SCENARIO: &str = r#"scenario "exercise"
contract "option.pactum"
2025-03-03 10:00  Notice of Exercise to Issuer { shares: 100 shares, by: delivery }
  expect accepted
2025-04-03 10:00  Notice of Exercise to Issuer { shares: 100 shares, by: delivery }
  expect refused "too late"
"#;

#[test]
fn names_with_keyword_words_check_and_run() {
    let program = check_text("option.pactum", OPTION).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = program.state.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["Shares to Deliver", "Notice by Holder Date", "Deliver by"]
    );
    assert_eq!(program.events[0].name, "Notice of Exercise to Issuer");
    let run = run_text(&program, "exercise.scenario", SCENARIO);
    assert!(run.failures.is_empty(), "{:?}", run.failures);
    let report = render_run(&program, &run);
    // `Last Day to exercise at 17:00`: the name, then `at` used as the keyword.
    assert!(
        report.contains("§1 Deliver by: (not set) → 2025-03-31 17:00 EDT"),
        "{report}"
    );
    assert!(
        report.contains("§1 Shares to Deliver: 0 shares → 100 shares"),
        "{report}"
    );
    insta::assert_snapshot!(report);
}

#[test]
fn a_declared_name_is_read_only_where_its_words_are_all_there() {
    // `Exercise Price` alone is not declared: `Exercise Price at 17:00` stays unknown, and
    // the diagnostic quotes the original text.
    let text = OPTION.replace(
        "set Deliver by = Last Day to exercise at 17:00",
        "set Deliver by = Last Day at 17:00",
    );
    let error = check_text("option.pactum", &text).unwrap_err();
    assert!(error.contains("pactum::check::unknown_name"), "{error}");
    assert!(
        error.contains("set Deliver by = Last Day at 17:00"),
        "{error}"
    );
    assert!(!error.contains('\u{1f}'), "{error}");
}

#[test]
fn formatting_keeps_the_names_and_is_stable() {
    assert_eq!(format_clause_file(OPTION, "option.pactum").unwrap(), OPTION);
    let messy = OPTION
        .replace(
            "define Last Day to exercise     = ",
            "define Last Day to exercise = ",
        )
        .replace(
            "set Shares to Deliver = Shares to Deliver + n.shares",
            "set Shares  to Deliver =   Shares to   Deliver+n.shares",
        );
    assert_eq!(format_clause_file(&messy, "option.pactum").unwrap(), OPTION);
}

#[test]
fn strings_and_comments_are_left_as_written() {
    let program = check_text("option.pactum", OPTION).unwrap();
    let text = program.clauses[0].text.clone().unwrap_or_default();
    assert!(
        text.contains("the Last Day to exercise at 5:00 P.M."),
        "{text}"
    );
    assert!(!text.contains('\u{1f}'));
    assert_eq!(
        program.readings[0].body,
        "We read the Exercise Price at expiry as fixed."
    );
}

#[test]
fn the_editor_goes_to_a_name_with_keyword_words() {
    let analysis = Analysis::of_clause_file("option.pactum", OPTION);
    let used = OPTION.find("= Shares to Deliver + n.shares").unwrap() + "= Shares to ".len();
    let symbol = analysis.definition(used).unwrap();
    assert_eq!(symbol.name, "Shares to Deliver");
    let declared = OPTION.find("state Shares to Deliver").unwrap() + "state ".len();
    assert_eq!(symbol.span.start, declared);
    assert_eq!(analysis.references(used, false).len(), 2);
}

#[test]
fn parentheses_read_the_words_one_by_one() {
    let header = "contract \"Deal\"\n  holder Holder = \"H\"\n  business days: nyse\n  local time: UTC\nstate A : yes/no = yes\nstate B : yes/no = no\nstate A and B : yes/no = no\nevent Go\nsection 1 \"Go\"\n  on Go:\n";
    let ambiguous = format!("{header}    refuse \"no\" when A and B\n");
    let error = check_text("deal.pactum", &ambiguous).unwrap_err();
    assert!(error.contains("pactum::syntax::ambiguous_name"), "{error}");
    check_text(
        "deal.pactum",
        &format!("{header}    refuse \"no\" when (A) and B\n"),
    )
    .unwrap();
    // Where the words cannot read one by one, the name is simply the name.
    check_text("deal.pactum", &format!("{header}    set A and B = A\n")).unwrap();
    // `Terms and Conditions` would parse as `Terms` and `Conditions`, but neither is
    // declared, so nothing else is meant: no ambiguity.
    let terms = header.replace(
        "event Go\n",
        "event Go\nstate Terms and Conditions : yes/no = no\n",
    );
    check_text(
        "deal.pactum",
        &format!("{terms}    refuse \"no\" when Terms and Conditions\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_stray_unit_separator_is_refused() {
    let text = OPTION.replace("state Deliver by ", "state Deliver\u{1f}by ");
    let error = check_text("option.pactum", &text).unwrap_err();
    assert!(error.contains("pactum::syntax::unexpected"), "{error}");
    assert!(error.contains("U+001F"), "{error}");
}

#[test]
fn a_scenario_expects_on_names_with_keyword_words() {
    let dir = std::env::temp_dir().join(format!("pactum-keyword-names-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("option.pactum"), OPTION).unwrap();
    let expecting = format!(
        "{SCENARIO}  expect Shares to Deliver = 100 shares\n  expect Deliver by = Last Day to exercise at 17:00\n"
    );
    std::fs::write(dir.join("exercise.scenario"), &expecting).unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_pactum"))
            .args(args)
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let output = run(&["run", "option.pactum", "exercise.scenario"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("Shares to Deliver 100 shares"), "{stdout}");
    // `pactum fmt` reads them too (through the clause file), and the layout is kept.
    let output = run(&["fmt", "--check", "exercise.scenario", "option.pactum"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // A wrong expectation on such a name fails, so the line was read and judged.
    let wrong = expecting.replace("= 100 shares", "= 101 shares");
    std::fs::write(dir.join("exercise.scenario"), wrong).unwrap();
    let output = run(&["test", "--accept", "exercise.scenario"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "{stdout}");
    assert!(
        stdout.contains("expect Shares to Deliver = 101 shares"),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn many_names_with_keyword_words_stay_cheap() {
    // Two thousand declared names and as many uses, each of whose first word is
    // declared too: marking looks names up by first word, and at most a bounded
    // number of uses are parsed again for ambiguity.
    let mut text = String::from(
        "contract \"Many\"\n  holder Holder = \"H\"\n  business days: nyse\n  local time: UTC\n",
    );
    for n in 0..2_000 {
        text.push_str(&format!(
            "state S{n} : shares = 0 shares\nstate S{n} to go : shares = 0 shares\n"
        ));
    }
    text.push_str("event Go\nsection 1 \"Go\"\n  on Go:\n");
    for n in 0..2_000 {
        text.push_str(&format!("    set S{n} to go = S{n} to go + 1 shares\n"));
    }
    let started = std::time::Instant::now();
    check_text("many.pactum", &text).unwrap_or_else(|e| panic!("{e}"));
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}
