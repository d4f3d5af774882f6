// The extension's start-up logic without VS Code: the command line it runs and how
// it finds (or fails to find) the `pactum` executable.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { serverCommand, findExecutable, notFoundMessage } = require('../server');

test('the default command is `pactum lsp`', () => {
  assert.deepStrictEqual(serverCommand({}), { command: 'pactum', args: ['lsp'] });
  assert.deepStrictEqual(serverCommand({ path: '  ', extraArgs: [] }), { command: 'pactum', args: ['lsp'] });
});

test('extra arguments go before `lsp`, so a wrapper such as cargo can run the server', () => {
  const settings = { path: 'cargo', extraArgs: ['run', '-q', '--'] };
  assert.deepStrictEqual(serverCommand(settings), { command: 'cargo', args: ['run', '-q', '--', 'lsp'] });
});

test('a bare command is looked up on PATH', { skip: process.platform === 'win32' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pactum-ext-'));
  const tool = path.join(dir, 'pactum');
  fs.writeFileSync(tool, '#!/bin/sh\n', { mode: 0o755 });
  const notExecutable = path.join(dir, 'plain');
  fs.writeFileSync(notExecutable, '', { mode: 0o644 });
  const env = { PATH: ['/nonexistent', dir].join(path.delimiter) };
  assert.strictEqual(findExecutable('pactum', env), tool);
  assert.strictEqual(findExecutable('plain', env), null);
  assert.strictEqual(findExecutable('pactum', { PATH: '/nonexistent' }), null);
  assert.strictEqual(findExecutable('./pactum', {}, dir), tool);
  assert.strictEqual(findExecutable(tool, {}), tool);
  fs.rmSync(dir, { recursive: true });
});

test('the not-found message says how to install pactum', () => {
  const message = notFoundMessage('pactum');
  assert.match(message, /`pactum` was not found/);
  assert.match(message, /cargo install --locked --path \./);
  assert.match(message, /pactum\.server\.path/);
});
