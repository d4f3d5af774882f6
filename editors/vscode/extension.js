// The Pactum extension for VS Code: starts `pactum lsp` (diagnostics, hover, go to
// definition, references, completion, outline, quick fixes) for clause files and
// scenarios, says clearly when the `pactum` command is missing, and restarts the
// server when its settings change. Highlighting comes from the TextMate grammars.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const { serverCommand, findExecutable, notFoundMessage } = require('./server');

/** The running client, if any. */
let client = null;

function settings() {
  const config = vscode.workspace.getConfiguration('pactum.server');
  return { path: config.get('path'), extraArgs: config.get('extraArgs') };
}

async function showNotFound(command) {
  const open = 'Open Settings';
  const choice = await vscode.window.showErrorMessage(notFoundMessage(command), open);
  if (choice === open) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'pactum.server');
  }
}

async function start() {
  const { command, args } = serverCommand(settings());
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!findExecutable(command, process.env, folder)) {
    await showNotFound(command);
    return;
  }
  const serverOptions = { command, args, options: { cwd: folder } };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'pactum' },
      { scheme: 'file', language: 'pactum-scenario' },
      { scheme: 'untitled', language: 'pactum' },
      { scheme: 'untitled', language: 'pactum-scenario' },
    ],
  };
  client = new LanguageClient('pactum', 'Pactum', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    client = null;
    vscode.window.showErrorMessage(`Pactum: the language server \`${command} ${args.join(' ')}\` failed to start: ${error.message || error}`);
  }
}

async function stop() {
  const running = client;
  client = null;
  if (running) await running.stop();
}

async function restart() {
  await stop();
  await start();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('pactum.restartServer', restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('pactum.server')) restart();
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
