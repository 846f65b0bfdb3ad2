// README's configuration table is written from the table of variables (scripts/config-table.ts):
// this fails when someone edits one without the other, so the documented defaults are the ones that run.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { configTable, README, withConfigTable } from '../../scripts/config-table.ts';
import { VARIABLES } from '../../src/config/variables.ts';

test("README's configuration table is the one the variables write (npm run docs:config)", () => {
  const readme = readFileSync(README, 'utf8');
  assert.equal(withConfigTable(readme), readme, 'README.md is out of date: run npm run docs:config');
});

test('the table has one row per variable, each with a default and a meaning', () => {
  const rows = configTable().split('\n').slice(2);
  assert.deepEqual(
    rows.map((row) => /^\| `([A-Z0-9_]+)` \| .+ \| .+ \|$/.exec(row)?.[1]),
    Object.keys(VARIABLES),
  );
});
