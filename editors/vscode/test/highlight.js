// Tokenizes every clause file and scenario under examples/ (and every ```pactum and
// ```scenario block in docs/ and the README) with the TextMate engine VS Code uses,
// and fails if a token is marked invalid or if any non-blank token is left without
// a scope of its own (only the root scope or `meta.*` scopes), so that every part of
// a real file is classified. A few spot checks pin the scopes that matter most.
'use strict';

const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const extensionRoot = path.join(__dirname, '..');
const repositoryRoot = path.join(extensionRoot, '..', '..');
const grammarFiles = {
  'source.pactum': path.join(extensionRoot, 'syntaxes', 'pactum.tmLanguage.json'),
  'source.pactum-scenario': path.join(extensionRoot, 'syntaxes', 'pactum-scenario.tmLanguage.json'),
};
const scopeOfExtension = { '.pactum': 'source.pactum', '.scenario': 'source.pactum-scenario' };
const scopeOfFence = { pactum: 'source.pactum', scenario: 'source.pactum-scenario' };

async function loadRegistry() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  return new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      const file = grammarFiles[scopeName];
      if (!file) return null;
      return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
    },
  });
}

/** Every file under `dir` whose extension is a key of `scopeOfExtension`. */
function sourceFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(full));
    else if (scopeOfExtension[path.extname(entry.name)]) found.push(full);
  }
  return found.sort();
}

/** The ```pactum and ```scenario blocks of a Markdown file, with their first line. */
function fencedBlocks(file) {
  const blocks = [];
  let current = null;
  fs.readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
    if (current === null) {
      const fence = line.startsWith('```') ? line.slice(3).trim() : null;
      if (scopeOfFence[fence]) current = { scope: scopeOfFence[fence], firstLine: index + 2, lines: [] };
    } else if (line.startsWith('```')) {
      blocks.push(current);
      current = null;
    } else {
      current.lines.push(line);
    }
  });
  return blocks;
}

/** Tokenizes lines; returns [{ line, text, scopes }] for every token. */
function tokenize(grammar, lines) {
  const tokens = [];
  let state = vsctm.INITIAL;
  lines.forEach((line, index) => {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      tokens.push({ line: index, text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    }
    state = result.ruleStack;
  });
  return tokens;
}

/** What is wrong with a token, or null. */
function problemOf(token) {
  if (token.scopes.some((scope) => scope.startsWith('invalid'))) return 'is marked invalid';
  const own = token.scopes.slice(1).filter((scope) => !scope.startsWith('meta.'));
  if (token.text.trim() !== '' && own.length === 0) return 'has no scope of its own';
  return null;
}

function check(grammar, label, firstLine, lines, problems) {
  const tokens = tokenize(grammar, lines);
  for (const token of tokens) {
    const problem = problemOf(token);
    if (problem) {
      problems.push(`${label}:${firstLine + token.line}: ${JSON.stringify(token.text)} ${problem} (${token.scopes.join(' ')})`);
    }
  }
  return tokens.length;
}

/** The innermost scope of the token whose text is `text` on the first line containing `lineHas`. */
function scopeOf(grammar, source, lineHas, text) {
  const lines = source.split('\n');
  const lineIndex = lines.findIndex((line) => line.includes(lineHas));
  const token = tokenize(grammar, lines).find((t) => t.line === lineIndex && t.text === text);
  return token ? token.scopes[token.scopes.length - 1] : `no token ${JSON.stringify(text)}`;
}

const clauseSample = `-- a comment
contract "Sample"
  local time: America/New_York
define Exercise Price = USD 1.54 per share
define Expiration Date = 2004-12-27 17:00 America/New_York
state remaining : shares = 25,000 shares
section 2(a) "Exercise"
  text """Plain prose, "quoted" inside."""
  reading R3 "until 5:00 P.M.": "why"
  on Notice of Exercise as n:
    refuse "too late" when n.time >= Expiration Date per reading R3
    set remaining = remaining - n.shares per readings R3, R4 and R5
`;

const scenarioSample = `scenario "sample"
contract "warrant.pactum"
2004-01-05 10:00  Notice of Exercise { shares: 1,000 }
  expect refused by §2(a) "too late"
`;

/** [grammar scope, source, line containing, token text, expected innermost scope prefix]. */
const spotChecks = [
  ['source.pactum', clauseSample, 'a comment', ' a comment', 'comment.line.double-dash'],
  ['source.pactum', clauseSample, 'Plain prose', 'Plain prose, "quoted" inside.', 'string.quoted.triple'],
  ['source.pactum', clauseSample, 'define Exercise', 'Exercise Price', 'entity.name.constant'],
  ['source.pactum', clauseSample, 'refuse', 'Expiration Date', 'variable.other'],
  ['source.pactum', clauseSample, 'refuse', 'refuse', 'keyword.control'],
  ['source.pactum', clauseSample, 'define Exercise', '1.54', 'constant.numeric'],
  ['source.pactum', clauseSample, 'define Exercise', 'USD', 'support.type.currency'],
  ['source.pactum', clauseSample, 'define Expiration', '2004-12-27', 'constant.numeric.date'],
  ['source.pactum', clauseSample, 'define Expiration', '17:00', 'constant.numeric.time'],
  ['source.pactum', clauseSample, 'define Expiration', 'America/New_York', 'constant.other.timezone'],
  ['source.pactum', clauseSample, 'state remaining', '25,000', 'constant.numeric'],
  ['source.pactum', clauseSample, 'section 2(a)', '2(a)', 'entity.name.section'],
  ['source.pactum', clauseSample, 'refuse', 'R3', 'constant.other.reading'],
  ['source.pactum', clauseSample, 'set remaining', 'readings', 'keyword.other.reading'],
  ['source.pactum', clauseSample, 'set remaining', 'R4', 'constant.other.reading'],
  ['source.pactum', clauseSample, 'set remaining', 'R5', 'constant.other.reading'],
  ['source.pactum', clauseSample, 'set remaining', 'shares', 'variable.other.property'],
  ['source.pactum-scenario', scenarioSample, 'Notice of', 'Notice of Exercise', 'entity.name.type.event'],
  ['source.pactum-scenario', scenarioSample, 'Notice of', '10:00', 'constant.numeric.time'],
  ['source.pactum-scenario', scenarioSample, 'expect', 'refused', 'constant.language.outcome'],
  ['source.pactum-scenario', scenarioSample, 'expect', '2(a)', 'entity.name.section'],
  ['source.pactum-scenario', scenarioSample, 'Notice of', '1,000', 'constant.numeric'],
];

async function main() {
  const registry = await loadRegistry();
  const grammars = {};
  for (const scope of Object.keys(grammarFiles)) {
    grammars[scope] = await registry.loadGrammar(scope);
    if (!grammars[scope]) throw new Error(`cannot load ${scope}`);
  }
  const problems = [];
  let files = 0;
  let blocks = 0;
  let lines = 0;
  let tokens = 0;

  for (const file of sourceFiles(path.join(repositoryRoot, 'examples'))) {
    const text = fs.readFileSync(file, 'utf8').split('\n');
    const label = path.relative(repositoryRoot, file);
    tokens += check(grammars[scopeOfExtension[path.extname(file)]], label, 1, text, problems);
    files += 1;
    lines += text.length;
  }
  const docs = fs.readdirSync(path.join(repositoryRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join(repositoryRoot, 'docs', name))
    .concat([path.join(repositoryRoot, 'README.md')]);
  for (const file of docs) {
    for (const block of fencedBlocks(file)) {
      const label = path.relative(repositoryRoot, file);
      tokens += check(grammars[block.scope], label, block.firstLine, block.lines, problems);
      blocks += 1;
      lines += block.lines.length;
    }
  }

  // The check itself must be able to fail: a character no rule knows stays unclassified.
  const unclassified = tokenize(grammars['source.pactum'], ['define X = 1 @ 2']).filter(problemOf);
  if (unclassified.length === 0) problems.push('self-check: an unknown character "@" was not reported');

  for (const [scope, source, lineHas, text, expected] of spotChecks) {
    const actual = scopeOf(grammars[scope], source, lineHas, text);
    if (!actual.startsWith(expected)) {
      problems.push(`spot check (${scope}): ${JSON.stringify(text)} is ${actual}, expected ${expected}`);
    }
  }

  console.log(`highlight: ${files} files and ${blocks} docs blocks, ${lines} lines, ${tokens} tokens, ${spotChecks.length} spot checks`);
  if (problems.length > 0) {
    const shown = problems.slice(0, 40);
    console.error(shown.join('\n'));
    if (problems.length > shown.length) console.error(`... and ${problems.length - shown.length} more`);
    console.error(`highlight: FAILED, ${problems.length} problems`);
    process.exit(1);
  }
  console.log('highlight: ok, every token classified, none invalid');
}

main().catch((error) => {
  console.error(`highlight: ${error.stack || error}`);
  process.exit(1);
});
