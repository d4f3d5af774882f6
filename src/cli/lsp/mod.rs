//! `pactum lsp`: a language server on standard input and output. It keeps
//! the open documents, analyses each on every change with the library's
//! [`pactum::ide`] (the same parser and checker as `pactum check`), and
//! answers hover, definition, references, completion, outline, formatting
//! and quick fixes. The protocol plumbing is `lsp-server` (rust-analyzer's);
//! the message types are `lsp-types`.

mod convert;
mod scenario;

use std::collections::HashMap;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    References, Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, HoverProviderCapability, OneOf,
    PublishDiagnosticsParams, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, Uri,
};
use serde_json::Value as Json;

use pactum::ide::Analysis;

/// The open documents by URI (as text: `Uri` is not a good map key).
type Documents = HashMap<String, Document>;

/// An open document: its text and what the analysis found in it.
struct Document {
    analysis: Analysis,
    is_scenario: bool,
}

pub fn run() -> bool {
    let (connection, threads) = Connection::stdio();
    let served = serve(&connection);
    // Dropping the connection closes the writer thread's channel.
    drop(connection);
    let joined = threads.join();
    match (served, joined) {
        (Ok(()), Ok(())) => true,
        (Err(error), _) => {
            eoutln!("error: language server: {error}");
            false
        }
        (_, Err(error)) => {
            eoutln!("error: language server: {error}");
            false
        }
    }
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions::default()),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

fn serve(connection: &Connection) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let initialized = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": ServerInfo {
            name: "pactum".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        },
    });
    let (id, _params) = connection.initialize_start()?;
    connection.initialize_finish(id, initialized)?;
    let mut documents = Documents::new();
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                let response = respond(&documents, request);
                connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(notification) => {
                if let Some(uri) = notice(&mut documents, notification) {
                    let diagnostics = documents
                        .get(uri.as_str())
                        .map(|d| convert::diagnostics(&d.analysis, &uri))
                        .unwrap_or_default();
                    let params = PublishDiagnosticsParams {
                        uri,
                        diagnostics,
                        version: None,
                    };
                    let published = Notification::new(PublishDiagnostics::METHOD.into(), params);
                    connection.sender.send(Message::Notification(published))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// Applies an open, change or close; returns the document whose diagnostics
/// to publish again.
fn notice(documents: &mut Documents, notification: Notification) -> Option<Uri> {
    let (uri, text) = match notification.method.as_str() {
        DidOpenTextDocument::METHOD => {
            let params: lsp_types::DidOpenTextDocumentParams =
                serde_json::from_value(notification.params).ok()?;
            (params.text_document.uri, params.text_document.text)
        }
        DidChangeTextDocument::METHOD => {
            let params: lsp_types::DidChangeTextDocumentParams =
                serde_json::from_value(notification.params).ok()?;
            // Full synchronisation: the last change holds the whole text.
            let text = params.content_changes.into_iter().last()?.text;
            (params.text_document.uri, text)
        }
        DidCloseTextDocument::METHOD => {
            let params: lsp_types::DidCloseTextDocumentParams =
                serde_json::from_value(notification.params).ok()?;
            documents.remove(params.text_document.uri.as_str());
            // Publishing nothing for it clears what the editor showed.
            return Some(params.text_document.uri);
        }
        _ => return None,
    };
    let path = convert::path_of(&uri);
    let name = path
        .as_ref()
        .map_or_else(|| uri.as_str().to_string(), |p| p.display().to_string());
    let is_scenario = name.ends_with(".scenario");
    let analysis = if is_scenario {
        scenario::analyse(&name, &text, path.as_deref())
    } else {
        Analysis::of_clause_file(&name, &text)
    };
    documents.insert(
        uri.as_str().to_string(),
        Document {
            analysis,
            is_scenario,
        },
    );
    Some(uri)
}

fn respond(documents: &Documents, request: Request) -> Response {
    let id = request.id.clone();
    match answer(documents, request) {
        Ok(result) => Response::new_ok(id, result),
        Err((code, message)) => Response::new_err(id, code as i32, message),
    }
}

type Answer = Result<Json, (ErrorCode, String)>;

fn parse<T: serde::de::DeserializeOwned>(request: Request) -> Result<T, (ErrorCode, String)> {
    serde_json::from_value(request.params)
        .map_err(|error| (ErrorCode::InvalidParams, error.to_string()))
}

fn document<'a>(documents: &'a Documents, uri: &Uri) -> Result<&'a Document, (ErrorCode, String)> {
    documents.get(uri.as_str()).ok_or_else(|| {
        (
            ErrorCode::InvalidParams,
            format!("{} is not open", uri.as_str()),
        )
    })
}

fn to_json<T: serde::Serialize>(value: T) -> Answer {
    serde_json::to_value(value).map_err(|error| (ErrorCode::InternalError, error.to_string()))
}

fn answer(documents: &Documents, request: Request) -> Answer {
    match request.method.as_str() {
        HoverRequest::METHOD => {
            let params: lsp_types::HoverParams = parse(request)?;
            let at = params.text_document_position_params;
            let doc = document(documents, &at.text_document.uri)?;
            to_json(convert::hover(&doc.analysis, at.position))
        }
        GotoDefinition::METHOD => {
            let params: lsp_types::GotoDefinitionParams = parse(request)?;
            let at = params.text_document_position_params;
            let doc = document(documents, &at.text_document.uri)?;
            to_json(convert::definition(
                &doc.analysis,
                &at.text_document.uri,
                at.position,
            ))
        }
        References::METHOD => {
            let params: lsp_types::ReferenceParams = parse(request)?;
            let at = params.text_document_position;
            let doc = document(documents, &at.text_document.uri)?;
            to_json(convert::references(
                &doc.analysis,
                &at.text_document.uri,
                at.position,
                params.context.include_declaration,
            ))
        }
        Completion::METHOD => {
            let params: lsp_types::CompletionParams = parse(request)?;
            let doc = document(documents, &params.text_document_position.text_document.uri)?;
            to_json(convert::completions(&doc.analysis, doc.is_scenario))
        }
        DocumentSymbolRequest::METHOD => {
            let params: lsp_types::DocumentSymbolParams = parse(request)?;
            let doc = document(documents, &params.text_document.uri)?;
            to_json(convert::outline(&doc.analysis))
        }
        CodeActionRequest::METHOD => {
            let params: lsp_types::CodeActionParams = parse(request)?;
            let doc = document(documents, &params.text_document.uri)?;
            to_json(convert::quick_fixes(
                &doc.analysis,
                &params.text_document.uri,
                params.range,
            ))
        }
        Formatting::METHOD => {
            let params: lsp_types::DocumentFormattingParams = parse(request)?;
            let doc = document(documents, &params.text_document.uri)?;
            to_json(convert::formatting(&doc.analysis))
        }
        other => Err((
            ErrorCode::MethodNotFound,
            format!("pactum lsp does not answer `{other}`"),
        )),
    }
}
