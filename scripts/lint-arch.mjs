#!/usr/bin/env node
// The house's shape, checked (npm run lint:arch). Fails, listing every finding, when:
//   - two modules import each other (a module: src/modules/<area>[/<part>], or src/<dir>);
//   - a service (*.service.ts) imports the request readers (lib/validation.ts, *-request.ts) or http/;
//   - anything outside src/db/ branches on the SQL dialect;
//   - a module's file other than a route (*.routes.ts, *.route.ts) imports http/;
//   - a source file (src/, scripts/) passes 300 lines;
//   - a function or method in src/ passes 60 lines, outside wiring (see longFunctions).
// Written by hand: the rules are ours. A regex over import lines is all it takes to read the
// arrows; function lengths are read from TypeScript's own parse of each file (no type checking).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import ts from 'typescript';

// The tree to check: this repository, or another one given as the first argument (the lint's own test).
const root = process.argv[2] ? resolve(process.argv[2]) : new URL('..', import.meta.url).pathname;
const MAX_LINES = 300;
const MAX_FUNCTION_LINES = 60;

// Wiring, where length is a list of parts rather than logic: the composition root (deps.ts, app.ts
// and the CLI's command table) and the migrations (schema history, never edited once shipped).
const WIRING = [/^src\/(deps|app|cli)\.ts$/, /^src\/db\/migrations\//];

/** The name a function goes by: its own, its variable's or property's, or the call it is passed to. */
function nameOf(node, sf) {
  if (node.name) return node.name.getText(sf);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText(sf);
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText(sf).slice(0, 40)})`;
  return '(anonymous)';
}

/**
 * Route registration (`fooRoutes(app, deps)`, or a callback of `app.register`) that does nothing but
 * register: its statements are declarations and calls, no control flow. Its handlers are functions
 * of their own and are measured on their own.
 */
function isRegistration(node, sf) {
  const name = nameOf(node, sf);
  if (!/Routes?$/.test(name) && !/^\(callback of [\w.]*register\)$/.test(name)) return false;
  return node.body.statements.every(
    (st) => ts.isVariableStatement(st) || (ts.isExpressionStatement(st) && (ts.isCallExpression(st.expression) || ts.isVoidExpression(st.expression))),
  );
}

/** Functions, methods and arrow bodies longer than MAX_FUNCTION_LINES, from their first line to their closing brace. */
function longFunctions(rel, text) {
  if (WIRING.some((re) => re.test(rel))) return [];
  const sf = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && node.body && ts.isBlock(node.body)) {
      const first = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const last = sf.getLineAndCharacterOfPosition(node.body.end).line;
      const lines = last - first + 1;
      if (lines > MAX_FUNCTION_LINES && !isRegistration(node, sf)) {
        found.push(`${rel}:${first + 1}: ${nameOf(node, sf)} is ${lines} lines (at most ${MAX_FUNCTION_LINES} outside wiring)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|mjs|js)$/.test(name) ? [path] : [];
  });
}

/** The module a file belongs to, or null for the composition root (src/*.ts). */
function moduleOf(file) {
  const rel = relative(join(root, 'src'), file).split('/');
  if (rel[0] === 'modules') {
    // moves/booking and moves/lifecycle are modules of their own beside moves.
    const inner = rel.length > 3 ? `/${rel[2]}` : '';
    return `modules/${rel[1]}${inner}`;
  }
  if (rel.length === 1) return rel[0] === 'config.ts' ? 'config' : null;
  return rel[0];
}

const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/gm;

const sources = files(join(root, 'src')).filter((f) => !f.includes('/assets/'));
const scripts = existsSync(join(root, 'scripts')) ? files(join(root, 'scripts')) : [];
const findings = [];
const edges = new Map(); // "a -> b" → example "file imports target"

for (const file of sources) {
  const text = readFileSync(file, 'utf8');
  const rel = relative(root, file);
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_LINES) findings.push(`${rel}: ${lines} lines (at most ${MAX_LINES})`);
  if (file.endsWith('.ts')) findings.push(...longFunctions(rel, text));

  const from = moduleOf(file);
  const isService = file.endsWith('.service.ts');
  const isRoute = /\.routes?\.ts$/.test(file);
  for (const m of text.matchAll(IMPORT)) {
    const target = resolve(dirname(file), m[1]);
    const targetRel = relative(join(root, 'src'), target);
    const to = moduleOf(target);
    if (isService && (targetRel === 'lib/validation.ts' || /-request\.ts$/.test(targetRel) || targetRel.startsWith('http/'))) {
      findings.push(`${rel}: a service imports ${targetRel} (services take typed commands; routes read requests)`);
    }
    if (from?.startsWith('modules/') && targetRel.startsWith('http/') && !isRoute) {
      findings.push(`${rel}: imports ${targetRel} (only routes may import http/)`);
    }
    if (from && to && from !== to) {
      const key = `${from} -> ${to}`;
      if (!edges.has(key)) edges.set(key, `${rel} imports ${targetRel}`);
    }
  }

  // dialectOf is db/'s own question; modules ask db/engine.ts what differs (writersAreSerialized…).
  if (!rel.startsWith('src/db/') && /\bdialect\s*[!=]==|\.dialect\b|\bDialect\b|\bdialectOf\b/.test(text)) {
    findings.push(`${rel}: speaks of the SQL dialect (only src/db/ may)`);
  }
}

for (const file of scripts) {
  const lines = readFileSync(file, 'utf8').trimEnd().split('\n').length;
  if (lines > MAX_LINES) findings.push(`${relative(root, file)}: ${lines} lines (at most ${MAX_LINES})`);
}

for (const [key, example] of edges) {
  const [a, b] = key.split(' -> ');
  if (a < b && edges.has(`${b} -> ${a}`)) {
    findings.push(`${a} and ${b} import each other: ${example}; ${edges.get(`${b} -> ${a}`)}`);
  }
}

if (findings.length) {
  console.error(`lint:arch: ${findings.length} finding${findings.length === 1 ? '' : 's'}`);
  for (const f of findings.sort()) console.error(`  - ${f}`);
  process.exit(1);
}
console.log(`lint:arch: ${sources.length} files, no findings`);
