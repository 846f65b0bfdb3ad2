// The architecture lint (scripts/lint-arch.mjs) finds what it is for, on a small tree made for it,
// and finds nothing in this repository.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';

const lint = (root?: string) => spawnSync(process.execPath, ['scripts/lint-arch.mjs', ...(root ? [root] : [])], { encoding: 'utf8' });

describe('lint:arch', () => {
  const root = mkdtempSync(join(tmpdir(), 'lint-arch-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  test('this repository has no findings', () => {
    const run = lint();
    assert.equal(run.status, 0, run.stderr);
  });

  test('mutual imports, services reading requests, http/ outside routes, the dialect outside db/, long files', () => {
    write('src/modules/a/a.ts', "import { b } from '../b/b.ts';\nexport const a = 1;\n");
    write('src/modules/b/b.ts', "import { a } from '../a/a.ts';\nexport const b = 2;\n");
    write('src/modules/c/c.service.ts', "import { FieldReader } from '../../lib/validation.ts';\nimport { x } from './c-request.ts';\n");
    write('src/modules/c/c-request.ts', 'export const x = 1;\n');
    write('src/modules/c/c-helper.ts', "import { y } from '../../http/body.ts';\n");
    write('src/modules/c/c.routes.ts', "import { y } from '../../http/body.ts';\n");
    write('src/http/body.ts', 'export const y = 1;\n');
    write('src/lib/validation.ts', 'export class FieldReader {}\n');
    write('src/modules/d/d.repository.ts', "export const f = (db: any) => db.dialect === 'postgres';\n");
    write('src/db/engine.ts', "export const g = (db: any) => db.dialect === 'postgres';\n");
    write('src/modules/e/e.ts', 'export const n = 1;\n'.repeat(301));
    const run = lint(root);
    assert.equal(run.status, 1);
    const out = run.stderr;
    assert.match(out, /modules\/a and modules\/b import each other/);
    assert.match(out, /c\.service\.ts: a service imports lib\/validation\.ts/);
    assert.match(out, /c\.service\.ts: a service imports modules\/c\/c-request\.ts/);
    assert.match(out, /c-helper\.ts: imports http\/body\.ts \(only routes may import http\/\)/);
    assert.doesNotMatch(out, /c\.routes\.ts/);
    assert.match(out, /d\.repository\.ts: speaks of the SQL dialect/);
    assert.doesNotMatch(out, /src\/db\/engine\.ts/);
    assert.match(out, /e\.ts: 301 lines \(at most 300\)/);
    assert.match(out, /lint:arch: 6 findings/);
  });

  test('functions over 60 lines, except wiring and route registration that only registers', () => {
    const tree = mkdtempSync(join(tmpdir(), 'lint-arch-fn-'));
    try {
      const put = (path: string, text: string) => {
        mkdirSync(dirname(join(tree, path)), { recursive: true });
        writeFileSync(join(tree, path), text);
      };
      const body = (n: number) => '  x += 1;\n'.repeat(n);
      // The opening line, the body and the closing brace: 60 lines is at the limit, 61 over it.
      put('src/modules/f/at-limit.ts', `export function atLimit(x: number) {\n${body(57)}  return x;\n}\n`);
      put('src/modules/f/long.ts', `export function tooLong(x: number) {\n${body(58)}  return x;\n}\n`);
      put('src/modules/f/methods.ts', `export class K {\n  method(x: number) {\n${body(60)}    return x;\n  }\n}\nexport const arrow = (x: number) => {\n${body(60)}  return x;\n};\n`);
      const register = (name: string, extra: string) =>
        `export function ${name}(app: any) {\n  const api = app;\n${'  api.get("/x", {}, async () => 1);\n'.repeat(60)}${extra}}\n`;
      put('src/modules/f/f.routes.ts', register('fRoutes', '') + register('gRoutes', '  if (api) api.get("/y");\n'));
      put('src/deps.ts', `export function createDeps(x: number) {\n${body(70)}  return x;\n}\n`);
      put('src/db/migrations/001-initial.ts', `export async function up(x: number) {\n${body(70)}  return x;\n}\n`);
      const run = lint(tree);
      assert.equal(run.status, 1);
      const out = run.stderr;
      assert.match(out, /long\.ts:1: tooLong is 61 lines \(at most 60 outside wiring\)/);
      assert.doesNotMatch(out, /atLimit/);
      assert.match(out, /methods\.ts:2: method is 63 lines/);
      assert.match(out, /methods\.ts:\d+: arrow is 63 lines/);
      assert.match(out, /f\.routes\.ts:\d+: gRoutes is 64 lines/, 'registration with control flow is measured');
      assert.doesNotMatch(out, /fRoutes/);
      assert.doesNotMatch(out, /deps\.ts|migrations/);
      assert.match(out, /lint:arch: 4 findings/);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });
});
