//! The index page `pactum test --html DIR` writes beside the reports: each
//! scenario with pass or fail and a link to its report.

use std::fmt::Write as _;

use super::escape;

/// One scenario of the suite.
#[derive(Debug, Clone)]
pub struct IndexRow {
    /// The scenario file, as found.
    pub scenario: String,
    pub passed: bool,
    /// The report's file name in the same folder; `None` when the scenario
    /// did not run (it failed to load or check), so there is no report.
    pub report: Option<String>,
}

pub fn render_index(rows: &[IndexRow]) -> String {
    let passed = rows.iter().filter(|row| row.passed).count();
    let mut page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Scenario reports</title>\n<style>\n\
         body {{ font: 15px/1.45 Georgia, serif; margin: 1.5rem auto; max-width: 60rem; padding: 0 1rem; }}\n\
         table {{ border-collapse: collapse; width: 100%; }}\n\
         th, td {{ border: 1px solid #bbb; padding: .3rem .5rem; text-align: left; }}\n\
         .pass {{ color: #2e7d32; font-weight: bold; }} .fail {{ color: #c62828; font-weight: bold; }}\n\
         @page {{ size: auto; margin: 14mm 12mm; }}\n\
         </style>\n</head>\n<body>\n<h1>Scenario reports</h1>\n<p>{passed} passed, {} failed.</p>\n\
         <table class=\"index\">\n<thead><tr><th>Scenario</th><th>Result</th><th>Report</th></tr></thead>\n<tbody>\n",
        rows.len() - passed
    );
    for row in rows {
        let (class, word) = if row.passed {
            ("pass", "PASS")
        } else {
            ("fail", "FAIL")
        };
        let report = row.report.as_deref().map_or_else(
            || "(no report: the scenario did not run)".to_string(),
            |file| format!("<a href=\"{}\">{}</a>", escape(file), escape(file)),
        );
        let _ = writeln!(
            page,
            "<tr class=\"{class}\"><td>{}</td><td class=\"{class}\">{word}</td><td>{report}</td></tr>",
            escape(&row.scenario)
        );
    }
    page.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    page
}
