// How the extension starts `pactum lsp`: the command and its arguments from the
// settings, and whether that command can be found, without needing VS Code (so
// that test/server.js can check it with plain Node).
'use strict';

const fs = require('fs');
const path = require('path');

/** The command line that starts the server: `pactum.server.path`, the extra arguments, then `lsp`. */
function serverCommand(settings) {
  const command = (settings.path || 'pactum').trim() || 'pactum';
  const extraArgs = Array.isArray(settings.extraArgs) ? settings.extraArgs.map(String) : [];
  return { command, args: [...extraArgs, 'lsp'] };
}

function isExecutableFile(file) {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The file `command` names: itself if it has a folder in it (relative to `cwd`),
 * otherwise the first match on `PATH` (trying `PATHEXT` endings on Windows);
 * null if there is none, so that the extension can say so instead of failing to spawn.
 */
function findExecutable(command, env = process.env, cwd = process.cwd()) {
  const windows = process.platform === 'win32';
  const endings = windows ? ['', ...(env.PATHEXT || '.EXE;.CMD;.BAT;.COM').split(';')] : [''];
  const candidates = command.includes('/') || (windows && command.includes('\\'))
    ? [path.resolve(cwd, command)]
    : (env.PATH || env.Path || '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, command));
  for (const candidate of candidates) {
    for (const ending of endings) {
      if (isExecutableFile(candidate + ending)) return candidate + ending;
    }
  }
  return null;
}

/** The message shown when the server's command cannot be found. */
function notFoundMessage(command) {
  return `Pactum: cannot start the language server: the command \`${command}\` was not found. ` +
    'Install pactum from a clone of its repository with `cargo install --locked --path .` ' +
    '(it goes to ~/.cargo/bin, which must be on PATH), or set `pactum.server.path` to a pactum executable.';
}

module.exports = { serverCommand, findExecutable, notFoundMessage };
