//! Rendering diagnostics to text, the same way for the terminal and for
//! snapshot tests: colour is a parameter, the width is fixed, and nothing
//! depends on the machine's locale or terminal size.

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

/// Wide enough that long source lines are not wrapped in snapshots.
const WIDTH: usize = 100;

pub fn render_diagnostic(diagnostic: &dyn Diagnostic, colour: bool) -> String {
    let theme = if colour {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(WIDTH)
        .with_links(false);
    let mut out = String::new();
    if handler.render_report(&mut out, diagnostic).is_err() {
        out = format!("error: {diagnostic}\n");
    }
    out
}
