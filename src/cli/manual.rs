//! `pactum completions SHELL` and `pactum man [COMMAND]`: shell completion
//! scripts (clap_complete) and roff manual pages (clap_mangen), generated from
//! the same command definitions that parse the command line, so they cannot
//! drift from it.

use clap::CommandFactory;

use super::Cli;

/// Prints the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> bool {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "pactum", &mut script);
    out!("{}", String::from_utf8_lossy(&script));
    true
}

/// Prints the manual page of `pactum`, or of one of its commands.
pub fn man(command: Option<&str>) -> bool {
    let mut root = Cli::command();
    // Building fills in each command's full name (`pactum test`) for its page.
    root.build();
    let (page, title) = match command {
        None => (root, "pactum".to_string()),
        Some(name) => {
            let Some(sub) = root.find_subcommand(name).cloned() else {
                let names: Vec<String> = root
                    .get_subcommands()
                    .map(|c| format!("`{}`", c.get_name()))
                    .collect();
                eoutln!(
                    "error: there is no command `{name}`; the commands are {}",
                    names.join(", ")
                );
                return false;
            };
            // A command's page is named for the whole command line, `pactum-test(1)`.
            (sub, format!("pactum-{name}"))
        }
    };
    let mut roff = Vec::new();
    if let Err(error) = clap_mangen::Man::new(page).title(title).render(&mut roff) {
        eoutln!("error: cannot render the manual page: {error}");
        return false;
    }
    out!("{}", String::from_utf8_lossy(&roff));
    true
}
