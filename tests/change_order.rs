//! The order of `on change of` rules: each runs once per event, after every
//! rule that changes the state it watches, on that state's final value; a
//! rule that changes its own state (a floor) settles first; rules that feed
//! each other in a loop are refused when the clause file is checked.

use pactum::render::render_diagnostic;
use pactum::testing::{render_run, run_plan};

use crate::support::{check_text, plan_text, run_text};

const HEADER: &str = r#"contract "Floor Warrant"
  issuer Company = "Example Co."
  holder Holder = "Jane Q. Investor"
  business days: nyse
  local time: America/New_York

define Floor Price = USD 1.00 per share

state price  : USD per share = USD 2.00 per share
state shares : shares = 100,000 shares
state spare  : shares = 0 shares

event Dilutive Issuance from Company { new_price: USD per share }

section 1 "Adjustment"
  on Dilutive Issuance as d:
    set price = d.new_price
"#;

/// The share count follows the price (written before the floor, so that the
/// file's order alone would run it first), and the floor has its own section.
const FLOOR: &str = r#"
section 2 "Number of shares"
  on change of price from old to new:
    set shares = round(shares * old / new, 0 places, down)

section 3 "Floor"
  on change of price from old to new:
    set price = max(new, Floor Price)
"#;

fn issuance(price: &str) -> String {
    format!(
        "scenario \"issuance\"\ncontract \"floor.pactum\"\n\n2003-01-06 10:00  Dilutive Issuance {{ new_price: USD {price} per share }}\n"
    )
}

#[test]
fn a_floor_in_its_own_section_rounds_the_share_count_once() {
    let program = check_text("floor.pactum", &format!("{HEADER}{FLOOR}")).unwrap();
    let run = run_text(&program, "issuance.scenario", &issuance("0.75"));
    let report = render_run(&program, &run);
    // By hand: the price falls to USD 0.75 and the floor lifts it to USD 1.00;
    // the shares keep the aggregate price: 100,000 × 2.00 / 1.00 = 200,000,
    // rounded once. Rules run in rounds would round twice: 100,000 × 2.00 /
    // 0.75 = 266,666 2/3 → 266,666, then 266,666 × 0.75 / 1.00 = 199,999.5
    // → 199,999.
    assert!(
        report.contains("§2 shares: 100,000 shares → 200,000 shares\n"),
        "{report}"
    );
    assert!(!report.contains("199,999"), "{report}");
    // The floor ran before the rule that watches the price it sets.
    let floor = report
        .find("§3 price: USD 0.75 per share → USD 1.00 per share")
        .unwrap();
    let count = report.find("§2 shares:").unwrap();
    assert!(floor < count, "{report}");
}

#[test]
fn above_the_floor_the_floor_changes_nothing() {
    let program = check_text("floor.pactum", &format!("{HEADER}{FLOOR}")).unwrap();
    let report = render_run(
        &program,
        &run_text(&program, "i.scenario", &issuance("1.60")),
    );
    // 100,000 × 2.00 / 1.60 = 125,000 exactly.
    assert!(
        report.contains("§2 shares: 100,000 shares → 125,000 shares\n"),
        "{report}"
    );
    assert!(!report.contains("§3 price"), "{report}");
}

#[test]
fn rules_that_feed_each_other_are_refused_when_checked() {
    let looped = r#"
section 2 "Spare"
  on change of price from old to new:
    set spare = spare + 1 share
  on change of spare from old to new:
    set price = price * 2
"#;
    let error = check_text("loop.pactum", &format!("{HEADER}{looped}")).unwrap_err();
    assert!(error.contains("pactum::check::change_loop"), "{error}");
    assert!(
        error.contains("change one another's states in a loop: `price` → `spare` → `price`")
            || error.contains("change one another's states in a loop: `spare` → `price` → `spare`"),
        "{error}"
    );
}

#[test]
fn a_rule_that_never_settles_its_own_state_stops_the_run() {
    let unsettled = r#"
section 2 "Creep"
  on change of price from old to new:
    set price = price + USD 0.01 per share
"#;
    let program = check_text("creep.pactum", &format!("{HEADER}{unsettled}")).unwrap();
    let plan = plan_text(&program, "i.scenario", &issuance("0.75")).unwrap();
    let error = run_plan(&program, &plan).unwrap_err();
    let rendered = render_diagnostic(&error, false);
    assert!(rendered.contains("pactum::eval::unsettled"), "{rendered}");
}
