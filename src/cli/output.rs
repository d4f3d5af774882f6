//! Where output goes: reports to stdout, diagnostics to stderr, with colour
//! only on a terminal and never when `NO_COLOR` is set.

use std::io::IsTerminal;

use miette::Diagnostic;

pub fn colour_on_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

pub fn colour_on_stdout() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

pub fn eprint_diagnostic(diagnostic: &dyn Diagnostic) {
    eprint!(
        "{}",
        pactum::render::render_diagnostic(diagnostic, colour_on_stderr())
    );
}
