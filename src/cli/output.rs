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

/// Writes a diagnostic to stderr. If stderr cannot take it, the command
/// fails: a diagnostic nobody can read must not pass for success.
pub fn eprint_diagnostic(diagnostic: &dyn Diagnostic) {
    use std::io::Write;
    let text = pactum::render::render_diagnostic(diagnostic, colour_on_stderr());
    if std::io::stderr().lock().write_all(text.as_bytes()).is_err() {
        OUTPUT_FAILED.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Writes to stdout. A closed pipe (`pactum test | head`) ends the program
/// quietly with the shell's code for it, 141, instead of a panic.
pub fn write_stdout(text: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout.write_fmt(text) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(141);
        }
        report_write_failure(&error);
    }
}

/// Flushes stdout; a closed pipe ends the program as in [`write_stdout`].
pub fn flush_stdout() -> std::io::Result<()> {
    use std::io::Write;
    match std::io::stdout().lock().flush() {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(141),
        result => result,
    }
}

/// Records that output was lost, and says so on stderr if stderr can take it.
/// Only the first failure is reported: the rest say nothing new.
pub fn report_write_failure(error: &std::io::Error) {
    if !OUTPUT_FAILED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        eprint_diagnostic(&pactum::errors::InputError::OutputFailed {
            reason: error.to_string(),
        });
    }
}

/// Set when stdout could not be written (a full disk): the command then
/// fails, since its output is incomplete.
pub static OUTPUT_FAILED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `print!` that survives a closed pipe.
macro_rules! out {
    ($($arg:tt)*) => { $crate::cli::output::write_stdout(format_args!($($arg)*)) };
}

/// `println!` that survives a closed pipe.
macro_rules! outln {
    () => { $crate::cli::output::write_stdout(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::cli::output::write_stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `eprintln!` that does not panic when stderr is closed; a failed write
/// fails the command.
macro_rules! eoutln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stderr().lock(), $($arg)*).is_err() {
            $crate::cli::output::OUTPUT_FAILED.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }};
}
