//! Market data read from price files by the `pactum` binary: rows are read,
//! a malformed row or a missing file is a diagnostic naming it.

use std::path::PathBuf;
use std::process::{Command, Output};

const CONTRACT: &str = r#"contract "Market data"
  business days: us-banks
  trading days: nyse
  local time: America/New_York

market data Closing Price : USD per share
state fair value : USD per share = USD 0 per share
event Notice

section 1 "Fair Market Value"
  on Notice as n:
    set fair value = average(Closing Price, 3, n.date - 1 trading day)
"#;

/// A folder of its own for each test, with the contract, a scenario and a price file.
fn folder(test: &str, prices: &str, scenario_lines: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pactum-market-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("contract.pactum"), CONTRACT).unwrap();
    std::fs::write(dir.join("closing.csv"), prices).unwrap();
    let scenario = format!(
        "scenario \"fair value\"\ncontract \"contract.pactum\"\n{scenario_lines}\n2024-01-05 10:00  Notice\n"
    );
    std::fs::write(dir.join("value.scenario"), scenario).unwrap();
    dir
}

fn run(dir: &std::path::Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pactum"))
        .args(["run", "contract.pactum", "value.scenario"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn a_price_file_supplies_the_window() {
    let dir = folder(
        "good",
        "date,close\n2024-01-02,9.50\n2024-01-03,\"10.00\"\n2024-01-04,10.60\n",
        "prices Closing Price from \"closing.csv\"",
    );
    let output = run(&dir);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    // (9.50 + 10.00 + 10.60) / 3 = 10.0333…
    assert!(
        stdout.contains("fair value: USD 0.00 per share → USD 10 1/30 (≈10.0333333333) per share"),
        "{stdout}"
    );
}

#[test]
fn a_malformed_row_names_its_line() {
    let dir = folder(
        "bad",
        "2024-01-02,9.50\n2024-01-03,ten dollars\n",
        "prices Closing Price from \"closing.csv\"",
    );
    let output = run(&dir);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("pactum::check::bad_price_row"), "{stderr}");
    assert!(
        stderr.contains("row 2 of the price file")
            && stderr.contains("`ten dollars` is not a number"),
        "{stderr}"
    );
}

#[test]
fn a_missing_price_file_is_named() {
    let dir = folder("missing", "", "prices Closing Price from \"nowhere.csv\"");
    let output = run(&dir);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("pactum::input::missing_prices"), "{stderr}");
    assert!(stderr.contains("nowhere.csv"), "{stderr}");
}
