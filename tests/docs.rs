//! The documentation stays true: every ```pactum and ```scenario block in
//! `docs/` and the README parses, and the tutorial quotes its example files.

use pactum::source::Source;
use pactum::syntax::{parse_clause_file, parse_scenario};

use crate::support::{read, root};

/// (language, code) for each fenced block of the given languages.
fn blocks(markdown: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match &mut current {
            None => {
                if let Some(language) = line.strip_prefix("```") {
                    let language = language.trim();
                    if language == "pactum" || language == "scenario" {
                        current = Some((language.to_string(), String::new()));
                    }
                }
            }
            Some((language, code)) => {
                if line.starts_with("```") {
                    found.push((language.clone(), code.clone()));
                    current = None;
                } else {
                    code.push_str(line);
                    code.push('\n');
                }
            }
        }
    }
    found
}

#[test]
fn every_pactum_and_scenario_block_in_the_docs_parses() {
    let mut files: Vec<_> = std::fs::read_dir(root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.push(root().join("README.md"));
    let mut problems = Vec::new();
    let mut count = 0;
    for file in files {
        for (language, code) in blocks(&read(&file)) {
            count += 1;
            let source = Source::new(file.display().to_string(), code.clone());
            let parsed = if language == "pactum" {
                parse_clause_file(&source)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            } else {
                parse_scenario(&source)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            };
            if let Err(error) = parsed {
                problems.push(format!("{}: {error}\n{code}", file.display()));
            }
        }
    }
    assert!(
        count > 0,
        "no ```pactum or ```scenario blocks found in docs/"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn the_tutorial_quotes_its_example_files_exactly() {
    let tutorial = read(&root().join("docs/tutorial.md"));
    let quoted: Vec<String> = blocks(&tutorial)
        .into_iter()
        .map(|(_, code)| code)
        .collect();
    let folder = root().join("examples/tutorial");
    let mut files = vec![
        folder.join("warrant.pactum"),
        folder.join("exercises.pactum"),
    ];
    let mut scenarios: Vec<_> = std::fs::read_dir(folder.join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "scenario"))
        .collect();
    scenarios.sort();
    files.extend(scenarios);
    for file in files {
        let text = read(&file);
        assert!(
            quoted.iter().any(|block| block == &text),
            "docs/tutorial.md does not quote {} verbatim",
            file.display()
        );
    }
}
