//! The language server, tested as an editor uses it: `pactum lsp` is started
//! as a child process and spoken to in the Language Server Protocol over its
//! standard input and output (JSON-RPC with `Content-Length` framing).

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{json, Value};

use crate::support::{read, root};

struct Server {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    next_id: i64,
    /// Notifications received while waiting for a response.
    notifications: Vec<Value>,
}

impl Server {
    fn start() -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_pactum"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        let mut server = Server {
            child,
            input,
            output,
            next_id: 0,
            notifications: Vec::new(),
        };
        let result = server.request("initialize", json!({ "capabilities": {} }));
        assert_eq!(result["capabilities"]["hoverProvider"], json!(true));
        server.notify("initialized", json!({}));
        server
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.input.flush().unwrap();
    }

    fn receive(&mut self) -> Value {
        let mut length = None;
        loop {
            let mut line = String::new();
            assert!(
                self.output.read_line(&mut line).unwrap() > 0,
                "server hung up"
            );
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = Some(value.parse::<usize>().unwrap());
            }
        }
        let mut body = vec![0; length.expect("a Content-Length header")];
        self.output.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.receive();
            if message.get("id") == Some(&json!(id)) {
                assert!(message.get("error").is_none(), "{message}");
                return message["result"].clone();
            }
            self.notifications.push(message);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let published = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(at) = self.notifications.iter().position(published) {
            let message = self.notifications.remove(at);
            return message["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let message = self.receive();
            if published(&message) {
                return message["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        let document = json!({ "uri": uri, "languageId": "pactum", "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": document }));
        self.diagnostics(uri)
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "pactum lsp exited with {status}");
    }
}

/// The zero-based line and UTF-16 column of the `nth` (from 0) occurrence of
/// `needle` in `text`, plus `shift` characters.
fn position(text: &str, needle: &str, nth: usize, shift: usize) -> Value {
    let offset = text.match_indices(needle).nth(nth).unwrap().0 + shift;
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let column = before.rsplit('\n').next().unwrap().encode_utf16().count();
    json!({ "line": line, "character": column })
}

fn seed() -> (String, String) {
    let path = root().join("examples/focus-warrant-2001/warrant.pactum");
    let uri = url::Url::from_file_path(&path).unwrap().to_string();
    (uri, read(&path))
}

#[test]
fn the_seed_opens_clean_and_hover_shows_a_defined_terms_value() {
    let (uri, text) = seed();
    let mut server = Server::start();
    let diagnostics = server.open(&uri, &text);
    assert_eq!(diagnostics, Vec::<Value>::new());

    // `state price : USD per share = Exercise Price`: the use, not the define.
    let at = position(&text, "= Exercise Price\n", 0, 4);
    let hover = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": at }),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("USD 1.54 per share"), "{shown}");
    assert!(shown.contains("**Exercise Price**"), "{shown}");
    server.stop();
}

#[test]
fn go_to_definition_on_a_reading_lands_on_the_reading() {
    let (uri, text) = seed();
    let mut server = Server::start();
    server.open(&uri, &text);
    let at = position(&text, "per reading R3", 0, "per reading ".len());
    let found = server.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": at }),
    );
    assert_eq!(found["uri"], json!(uri));
    let declared = position(&text, "reading R3 \"", 0, "reading ".len());
    assert_eq!(found["range"]["start"], declared);

    let uses = server.request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": uri },
            "position": declared,
            "context": { "includeDeclaration": false },
        }),
    );
    // The seed cites R3 once, in §2(a)'s refusal after the Expiration Date.
    let cited = position(&text, "per reading R3", 0, "per reading ".len());
    assert_eq!(uses.as_array().unwrap().len(), 1, "{uses}");
    assert_eq!(uses[0]["range"]["start"], cited);
    server.stop();
}

#[test]
fn a_typo_gets_its_code_and_a_quick_fix() {
    let (uri, text) = seed();
    // `state price : USD per share = Exercise Price`, misspelt.
    let typo = text.replacen("= Exercise Price\n", "= Exercise Prise\n", 1);
    assert_ne!(typo, text);
    let mut server = Server::start();
    let diagnostics = server.open(&uri, &typo);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let diagnostic = &diagnostics[0];
    assert_eq!(diagnostic["code"], "pactum::check::unknown_name");
    assert_eq!(diagnostic["severity"], 1);
    let at = position(&typo, "Exercise Prise", 0, 0);
    assert_eq!(diagnostic["range"]["start"], at);

    let actions = server.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": diagnostic["range"],
            "context": { "diagnostics": [diagnostic] },
        }),
    );
    let action = &actions[0];
    assert_eq!(action["kind"], "quickfix");
    let edit = &action["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "Exercise Price");
    assert_eq!(edit["range"], diagnostic["range"]);

    // Mending it in the editor clears the diagnostic.
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "text": text }],
        }),
    );
    assert_eq!(server.diagnostics(&uri), Vec::<Value>::new());
    server.stop();
}

#[test]
fn the_outline_lists_sections_with_their_readings_and_completion_offers_names() {
    let (uri, text) = seed();
    let mut server = Server::start();
    server.open(&uri, &text);
    let outline = server.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let names: Vec<&str> = outline
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Exercise Price"), "{names:?}");
    let section = outline
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "§1")
        .unwrap_or_else(|| panic!("no §1 in {names:?}"));
    let readings: Vec<&str> = section["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(readings, ["reading R3", "reading R18", "reading R20"]);

    let completions = server.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }),
    );
    let labels: Vec<&str> = completions
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    for name in ["Exercise Price", "remaining", "Notice of Exercise", "R19"] {
        assert!(labels.contains(&name), "{name} missing from {labels:?}");
    }
    server.stop();
}

#[test]
fn a_scenario_is_checked_against_its_clause_file() {
    let path = root().join("examples/focus-warrant-2001/scenarios/01-full-exercise.scenario");
    let uri = url::Url::from_file_path(&path).unwrap().to_string();
    let text = read(&path);
    let mut server = Server::start();
    assert_eq!(server.open(&uri, &text), Vec::<Value>::new());
    let broken = text.replacen("Notice of Exercise", "Notice of Exercize", 1);
    assert_ne!(broken, text);
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "text": broken }],
        }),
    );
    let diagnostics = server.diagnostics(&uri);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(diagnostics[0]["code"]
        .as_str()
        .unwrap()
        .starts_with("pactum::"));
    server.stop();
}

#[test]
fn hover_words_each_kind_of_name_as_reports_do() {
    let (_, text) = seed();
    let analysis = pactum::ide::Analysis::of_clause_file("warrant.pactum", &text);
    let mut shown = String::new();
    for (needle, shift) in [
        ("state remaining", "state ".len()),
        ("issuer Company", "issuer ".len()),
        ("on Notice of Exercise", "on ".len()),
        ("kind payment method", "kind ".len()),
        ("reading R19 ", "reading ".len()),
        ("section 2(c)", "section ".len()),
        ("as x.tender", "as x.".len()),
    ] {
        let offset = text.find(needle).unwrap() + shift;
        let (span, words) = analysis.hover(offset).unwrap();
        shown.push_str(&format!(
            "--- {needle} (hovering `{}`)\n{words}\n",
            &text[span.start..span.end]
        ));
    }
    insta::assert_snapshot!(shown);
}

#[test]
fn positions_count_utf16_units_and_every_line_ending() {
    use pactum::ide::{LineIndex, Position};
    // `§` is two bytes and one UTF-16 unit; `𝄞` four bytes and two units.
    let text = "a§b\r\n𝄞c\rd\n";
    let lines = LineIndex::new(text);
    let at = |line, column| Position { line, column };
    assert_eq!(lines.position(text.find('b').unwrap()), at(0, 2));
    assert_eq!(lines.position(text.find('c').unwrap()), at(1, 2));
    assert_eq!(lines.position(text.find('d').unwrap()), at(2, 0));
    assert_eq!(lines.offset(at(1, 2)), text.find('c').unwrap());
    assert_eq!(lines.offset(at(0, 99)), text.find('\r').unwrap());
    assert_eq!(lines.offset(at(9, 0)), text.len());
}

#[test]
fn formatting_gives_pactum_fmts_layout() {
    let (uri, text) = seed();
    let mut server = Server::start();
    server.open(&uri, &text);
    let params = json!({
        "textDocument": { "uri": uri },
        "options": { "tabSize": 2, "insertSpaces": true },
    });
    // The example is already in the canonical layout (CI checks it).
    let edits = server.request("textDocument/formatting", params.clone());
    assert_eq!(edits, json!([]));

    let untidy = text.replacen("define Warrant Shares ", "define    Warrant Shares ", 1);
    assert_ne!(untidy, text);
    server.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "text": untidy }],
        }),
    );
    server.diagnostics(&uri);
    let edits = server.request("textDocument/formatting", params);
    assert_eq!(edits.as_array().unwrap().len(), 1, "{edits}");
    assert_eq!(edits[0]["newText"], json!(text));
    assert_eq!(
        edits[0]["range"]["start"],
        json!({ "line": 0, "character": 0 })
    );
    server.stop();
}
