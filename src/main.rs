//! The `pactum` command: reads files, calls the library, prints reports and
//! diagnostics. All IO lives here and in `src/cli/`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
