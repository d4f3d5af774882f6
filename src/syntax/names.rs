//! Friendly words for grammar rules, used when pest reports what it expected,
//! and the conversion of pest errors into [`SyntaxError`].

use crate::errors::SyntaxError;
use crate::source::{Source, Span};

use super::Rule;

/// What a lawyer would call the thing a rule matches.
pub fn friendly(grammar_rule: Rule) -> &'static str {
    match grammar_rule {
        Rule::EOI => "the end of the file",
        Rule::clause_file | Rule::header => "`contract \"Title\"`",
        Rule::scenario_file => "`scenario \"Title\"`",
        Rule::party_decl | Rule::party_role => "a party (`issuer`, `holder` or `party`)",
        Rule::dated => "`dated YYYY-MM-DD`",
        Rule::trading_choice => "`trading days: CALENDAR`",
        Rule::market_decl | Rule::kw_market => "`market data NAME : TYPE`",
        Rule::price_file => "`prices NAME from \"FILE.csv\"`",
        Rule::price_line => "a price line (`2024-01-02  Closing Price = USD 10.50`)",
        Rule::term_start => "`term starts: YYYY-MM-DD`",
        Rule::record_decl | Rule::kw_record => "`record`",
        Rule::record_fields => "`{`",
        Rule::record_field => "a field (`name: TYPE` or `name: TYPE = VALUE`)",
        Rule::record_start => "`starting with N`",
        Rule::for_instances => "`, for each RECORD as x`",
        Rule::at_trigger => "`at TIME:`",
        Rule::every_trigger | Rule::kw_every => "`every PERIOD after TIME:`",
        Rule::repeat_count => "`, N times`",
        Rule::quantifier => "`each`, `the first` or `the last`",
        Rule::instance_field => "a field of an instance (`x.shares`)",
        Rule::open_stmt | Rule::kw_open => "`open`",
        Rule::aggregate | Rule::aggregate_fn => "`count(RECORD as x when ...)` or `sum(RECORD as x when ..., VALUE)`",
        Rule::aggregate_value => "`, VALUE`",
        Rule::largest | Rule::kw_largest => "`largest(n up to LIMIT when CONDITION)`",
        Rule::whole_test => "`whole`",
        Rule::places | Rule::cents => "`N places` or `cents`",
        Rule::governing_law => "`governing law \"...\"`",
        Rule::calendar_choice => "`business days: CALENDAR`",
        Rule::local_time => "`local time: ZONE`",
        Rule::short_months | Rule::month_end_rule => "`short months: end of month` or `short months: next day`",
        Rule::cutoff | Rule::sent_after_time | Rule::sent_on_closed_day => "`, or the next business day if sent after HH:MM`",
        Rule::roll | Rule::roll_rule => "`, roll following`, `, roll preceding`, `, roll modified following` or `, roll none`",
        Rule::months_unit => "`months` or `years`",
        Rule::define => "`define`",
        Rule::formula_decl | Rule::kw_formula => "`formula`",
        Rule::table_decl | Rule::kw_table => "`table`",
        Rule::table_param => "a parameter (`months: number`)",
        Rule::table_clamp => "`, clamped`",
        Rule::table_header => "the table's column headings (`| 10.00 | 11.00 …`)",
        Rule::table_row => "a row of the table (`60 | 0.261 | 0.281 …`)",
        Rule::table_number => "a number",
        Rule::invariant_decl | Rule::kw_invariant => "`invariant \"WORDS\": CONDITION`",
        Rule::formula_param => "a parameter (`n: shares`)",
        Rule::state_decl => "`state`",
        Rule::kind_decl => "`kind`",
        Rule::event_decl => "`event`",
        Rule::calendar_def => "`calendar`",
        Rule::section => "`section`",
        Rule::event_sender => "`from PARTY`",
        Rule::notice_marker => "`as notice`",
        Rule::field_decls | Rule::field_values => "`{`",
        Rule::field_decl | Rule::field_value => "a field (`name: ...`)",
        Rule::extra_closures => "`closed`",
        Rule::closure_day => "a closure (`YYYY-MM-DD \"name\"`)",
        Rule::type_name
        | Rule::price_type
        | Rule::money_type
        | Rule::shares_type
        | Rule::number_type
        | Rule::ratio_type
        | Rule::percent_type
        | Rule::date_type
        | Rule::instant_type
        | Rule::flag_type
        | Rule::duration_type => "a type (`shares`, `USD`, `USD per share`, `number`, `ratio`, `percent`, `date`, `instant`, `yes/no`, `duration` or a kind)",
        Rule::text_block => "`text`",
        Rule::reading => "`reading`",
        Rule::acknowledgement | Rule::kw_acknowledge => "`acknowledge`",
        Rule::notice_rule => "`notice by ...`",
        Rule::deemed_when | Rule::sent_at_once | Rule::sent_after => "`when sent` or `N calendar days after sent`",
        Rule::reaction => "`on`",
        Rule::event_trigger => "an event name",
        Rule::change_trigger => "`change of STATE from OLD to NEW`",
        Rule::refuse_stmt => "`refuse`",
        Rule::set_stmt => "`set`",
        Rule::let_stmt => "`let`",
        Rule::must_stmt => "`PARTY must ...`",
        Rule::guard => "`when`",
        Rule::deadline | Rule::within_after | Rule::at_least_before => "a deadline (`within ... after ...` or `at least ... before ...`)",
        Rule::per_reading | Rule::kw_readings => "`per reading ID` (or `per readings ID, ID`)",
        Rule::expr | Rule::value_input => "an expression",
        Rule::neg | Rule::not => "an operator",
        Rule::field_access => "`.field`",
        Rule::status_test => "`is open`, `is met`, `is breached`, `is late`, `is performed` or `is whole`",
        Rule::obligation_status => "an obligation status (`open`, `met`, `breached`, `late`, `performed`)",
        Rule::or | Rule::and => "`and` or `or`",
        Rule::le | Rule::ge | Rule::ne | Rule::eq | Rule::lt | Rule::gt => "a comparison",
        Rule::add | Rule::sub | Rule::mul | Rule::div => "an arithmetic operator",
        Rule::money | Rule::money_sign => "an amount of money (`USD 1.54`)",
        Rule::per_share => "`per share`",
        Rule::shares_amount | Rule::shares_unit => "a number of shares (`1,000 shares`)",
        Rule::duration | Rule::days_unit => "a duration (`5 business days`)",
        Rule::day_count => "`business`, `calendar` or `trading`",
        Rule::ratio => "a ratio (`2:1`)",
        Rule::percent => "a percentage (`10%`)",
        Rule::plain_number | Rule::number => "a number",
        Rule::integer => "a whole number",
        Rule::flag => "`yes` or `no`",
        Rule::instant | Rule::event_time | Rule::event_time_input => "a date and time (`2002-06-03 10:00`)",
        Rule::round_call => "`round(VALUE, N places, MODE)` or `round(VALUE, cents, MODE)`",
        Rule::rounding_mode => "a rounding mode (`half up`, `half even`, `half down`, `up`, `down`, `floor`, `ceiling`)",
        Rule::if_expr => "`if ... then ... else ...`",
        Rule::call => "a function call",
        Rule::this_event => "`event`",
        Rule::scenario_zone => "`time zone: ZONE`",
        Rule::scenario_until => "`until: YYYY-MM-DD HH:MM`",
        Rule::event_line => "an event line (`2002-06-03 10:00  Event Name { ... }`)",
        Rule::time_passes => "`time passes`",
        Rule::event_occurrence => "an event name",
        Rule::expectation => "`expect`",
        Rule::expect_accepted => "`accepted`",
        Rule::expect_refused => "`refused`",
        Rule::expect_noted => "`noted`",
        Rule::expect_error | Rule::kw_error => "`error pactum::STAGE::CODE`",
        Rule::diagnostic_code => "a diagnostic code (`pactum::check::nonexistent_time`)",
        Rule::name | Rule::name_ref | Rule::name_word | Rule::name_number | Rule::keyword => "a name",
        Rule::ident => "a field name",
        Rule::currency => "a currency code (`USD`)",
        Rule::date => "a date (`YYYY-MM-DD`)",
        Rule::time_of_day => "a time (`HH:MM`)",
        Rule::meridiem => "`AM` or `PM`",
        Rule::at_time => "`at HH:MM`",
        Rule::section_keyword => "`Section`",
        Rule::utc_offset => "a UTC offset (`-05:00`)",
        Rule::zone => "a time zone (`America/New_York`)",
        Rule::calendar_name => "a calendar name (`nyse`)",
        Rule::section_number => "a section number (`2(c)`, `6.1`)",
        Rule::reading_id => "a reading id (`R1`)",
        Rule::string | Rule::string_body => "a quoted text (`\"...\"`)",
        Rule::long_string | Rule::long_body => "a long text (`\"\"\"...\"\"\"`)",
        Rule::WHITESPACE | Rule::COMMENT | Rule::comment_text => "a space",
        Rule::kw_define => "`define`",
        Rule::kw_state => "`state`",
        Rule::kw_kind => "`kind`",
        Rule::kw_section => "`section`",
        Rule::kw_reading => "`reading`",
        Rule::kw_set => "`set`",
        Rule::kw_let => "`let`",
        Rule::kw_refuse => "`refuse`",
        Rule::kw_expect => "`expect`",
        Rule::kw_either => "`either`",
        Rule::calendar_either => "`either CALENDAR | CALENDAR per reading ID`",
        Rule::expr_either => "`either VALUE | VALUE per reading ID`",
        Rule::mode_either => "`either MODE | MODE per reading ID`",
        _ => "something else",
    }
}

/// Turns pest's error into ours, naming the expected rules in words.
pub fn syntax_error(source: &Source, error: &pest::error::Error<Rule>) -> SyntaxError {
    let start = match error.location {
        pest::error::InputLocation::Pos(position) => position,
        pest::error::InputLocation::Span((start, _)) => start,
    };
    let expected = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            let mut words: Vec<&str> = positives
                .iter()
                .map(|expected| friendly(*expected))
                .collect();
            words.sort_unstable();
            words.dedup();
            join_alternatives(&words)
        }
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    // With error detail on, pest also tracks literal tokens and attempts
    // inside atomic rules, which often get further than the rule positives.
    let (first_start, first_expected) = (start, expected.clone());
    let (start, expected) = match error.parse_attempts() {
        Some(attempts) if attempts.max_position > start => {
            // pest names tokens only by their text: ranges (`A..Z`) and
            // single name characters mean "more of a name".
            let mut words: Vec<String> = attempts
                .expected_tokens()
                .iter()
                .map(|token| token.to_string())
                // Spaces and comments may go anywhere; listing them says nothing.
                .filter(|token| !token.trim().is_empty() && token != "--")
                // The mark joining a declared name's words is never typed.
                .filter(|token| !token.contains(super::keyword_names::MARK))
                .map(|token| {
                    let single = token.chars().count() == 1;
                    if token.contains("..")
                        || (single
                            && token
                                .chars()
                                .all(|c| c.is_alphanumeric() || "_'".contains(c)))
                    {
                        "a name".to_string()
                    } else {
                        format!("`{token}`")
                    }
                })
                .collect();
            words.sort();
            words.dedup();
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let expected = if words.is_empty() {
                "a name".to_string()
            } else {
                join_alternatives(&words)
            };
            (attempts.max_position, expected)
        }
        _ => (start, expected),
    };
    // pest does not list the `)` that would close an open parenthesis
    // where an expression could end.
    let before = source.text().get(..start).unwrap_or("");
    let expected = match super::prescan::open_parentheses(before) {
        open if open > 0 && expected.contains("an arithmetic operator") => {
            format!("`)` or {expected}")
        }
        _ => expected,
    };
    // A keyword inside a declared name stops it, and pest reports the word
    // after; point at the keyword instead. Anywhere else "a name" says less
    // than the rules pest first listed.
    let (start, expected) = match keyword_before(source.text(), start) {
        Some(keyword_start)
            if expected == "a name" && declares_a_name(source.text(), keyword_start) =>
        {
            (keyword_start, expected)
        }
        _ if expected == "a name" => (first_start, first_expected),
        _ => (start, expected),
    };
    let (found, start, end) = found_at(source.text(), start);
    let word = found.trim_matches('`');
    let help = if KEYWORDS.contains(&word) && expected.contains("a name") {
        format!("`{word}` is a keyword, so it cannot be a word of a name; choose another word")
    } else if let Some(habit) = habit_help(source.text(), start) {
        habit
    } else if found == "`\"`" {
        "a quoted text must end with `\"` on the same line; use `\"\"\"` for text over several lines".to_string()
    } else {
        "see docs/language.md for the shape of each declaration".to_string()
    };
    SyntaxError::Unexpected {
        expected,
        found,
        help,
        src: source.named(),
        span: Span::new(start, end).into(),
    }
}

/// Zone words lawyers write, and the zone names Pactum wants instead.
const ZONE_WORDS: &[(&str, &str)] = &[
    ("Eastern", "America/New_York"),
    ("EST", "America/New_York"),
    ("EDT", "America/New_York"),
    ("Central", "America/Chicago"),
    ("CST", "America/Chicago"),
    ("CDT", "America/Chicago"),
    ("Mountain", "America/Denver"),
    ("MST", "America/Denver"),
    ("Pacific", "America/Los_Angeles"),
    ("PST", "America/Los_Angeles"),
    ("PDT", "America/Los_Angeles"),
    ("GMT", "Europe/London"),
];

const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// One help line for what lawyers type by habit: `$2.50`, `75 percent`, a
/// zone written as a word. Looks at the words around the error on its line.
fn habit_help(text: &str, offset: usize) -> Option<String> {
    let line_start = text.get(..offset)?.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text
        .get(offset..)?
        .find(['\n', '\r'])
        .map_or(text.len(), |i| offset + i);
    let line = text.get(line_start..line_end)?;
    let words: Vec<&str> = line.split_whitespace().collect();
    if let Some(amount) = words.iter().find(|w| {
        w.strip_prefix('$')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || c == '['))
    }) {
        let digits = amount.trim_start_matches('$');
        return Some(format!(
            "write money with its currency code: `USD {digits}` (a price: `USD {digits} per share`)"
        ));
    }
    if words.contains(&"shall") {
        return Some(
            "write a duty as `PARTY must \"DUTY\" as NAME by EVENT within PERIOD after DATE`"
                .to_string(),
        );
    }
    if let Some(month) = words
        .iter()
        .find(|w| MONTHS.contains(&w.trim_matches(|c: char| !c.is_ascii_alphabetic())))
    {
        let month = month.trim_matches(|c: char| !c.is_ascii_alphabetic());
        let number = MONTHS.iter().position(|m| *m == month).map_or(1, |i| i + 1);
        return Some(format!(
            "write a date as year-month-day: `2025-{number:02}-01` for {month} 1, 2025"
        ));
    }
    // "5:00 P.M., New York City time", as contracts say it (not the words
    // "New York" alone, which name a place: `governing law "New York"`).
    if words
        .windows(2)
        .any(|pair| pair == ["York", "City"] || pair == ["York", "time"])
    {
        return Some(
            "name the zone as the tz database does: `America/New_York` for New York City time (an offset such as `-05:00` also works)"
                .to_string(),
        );
    }
    if let Some(at) = words.iter().position(|w| w.eq_ignore_ascii_case("percent")) {
        let number = at.checked_sub(1).and_then(|i| words.get(i)).unwrap_or(&"N");
        return Some(format!("write a percentage with `%`: `{number}%`"));
    }
    for (word, zone) in ZONE_WORDS {
        if words
            .iter()
            .any(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()) == *word)
        {
            return Some(format!(
                "name the zone as the tz database does: `{zone}` for `{word}` (an offset such as `-05:00` also works)"
            ));
        }
    }
    None
}

/// The words that cannot be words of a name (the grammar's `keyword` rule).
const KEYWORDS: &[&str] = &[
    "and", "or", "not", "as", "when", "if", "then", "else", "must", "within", "after", "before",
    "at", "by", "from", "to", "is", "per", "yes", "no", "round", "event", "define", "state",
    "kind", "section", "reading", "set", "let", "refuse", "expect", "either",
];

fn join_alternatives(words: &[&str]) -> String {
    match words {
        [] => "something else".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// The start of the word just before `offset`, if that word is a keyword.
fn keyword_before(text: &str, offset: usize) -> Option<usize> {
    let before = text.get(..offset)?.trim_end_matches([' ', '\t']);
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
        .last()
        .map(|(index, _)| index)?;
    KEYWORDS
        .contains(&before.get(word_start..)?)
        .then_some(word_start)
}

/// Whether the line holding `offset` declares a name (`state …`, `define …`).
fn declares_a_name(text: &str, offset: usize) -> bool {
    let line_start = text
        .get(..offset)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |n| n + 1);
    let first_word = text
        .get(line_start..offset)
        .unwrap_or("")
        .split_whitespace()
        .next()
        .unwrap_or("");
    matches!(
        first_word,
        "state" | "define" | "kind" | "event" | "set" | "let" | "calendar"
    )
}

/// Describes the token at `start` (after any spaces) and where it lies, for
/// the label. At the end of the file the label sits on the last character,
/// where it can be seen.
fn found_at(text: &str, start: usize) -> (String, usize, usize) {
    let rest = text.get(start..).unwrap_or("");
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let start = start + spaces;
    let rest = text.get(start..).unwrap_or("");
    match rest.chars().next() {
        None => {
            let last = text.char_indices().last().map_or(0, |(offset, _)| offset);
            ("the end of the file".to_string(), last, text.len())
        }
        Some('\n') | Some('\r') => ("the end of the line".to_string(), start, start + 1),
        Some(first) if first.is_alphanumeric() || first == '_' => {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .take(40)
                .collect();
            (format!("`{word}`"), start, start + word.len())
        }
        Some(first) => (format!("`{first}`"), start, start + first.len_utf8()),
    }
}
