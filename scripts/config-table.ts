// README's configuration table, written from the table of variables (src/config/variables.ts), so the
// documented defaults are the ones that run. test/unit/config-readme.test.ts fails when they differ.
//   npm run docs:config              rewrites the table between the markers in README.md
//   npm run docs:config -- --check   exits 1, changing nothing, when README.md's table is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import type { Variable } from '../src/config/variable.ts';
import { VARIABLES } from '../src/config/variables.ts';

export const README = new URL('../README.md', import.meta.url);
export const TABLE_START = '<!-- config-table: written by `npm run docs:config` from src/config/variables.ts -->';
export const TABLE_END = '<!-- /config-table -->';

const cell = (markdown: string) => markdown.replaceAll('|', '\\|');

function shownDefault(name: string, variable: Variable<unknown>): string {
  if (variable.shownDefault !== undefined) return variable.shownDefault;
  if (typeof variable.default === 'string') return `\`${variable.default}\``;
  throw new Error(`${name}: a default that is not plain text needs a shownDefault for the README`);
}

export function configTable(): string {
  const rows = Object.entries(VARIABLES).map(
    ([name, variable]) => `| \`${name}\` | ${cell(shownDefault(name, variable))} | ${cell(variable.meaning)} |`,
  );
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

/** The README with the generated table between its markers. */
export function withConfigTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start === -1 || end < start) throw new Error(`README.md has no "${TABLE_START}" … "${TABLE_END}" markers`);
  return `${readme.slice(0, start)}${TABLE_START}\n${configTable()}\n${readme.slice(end)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const readme = readFileSync(README, 'utf8');
  const wanted = withConfigTable(readme);
  if (wanted === readme) {
    console.log('README.md: the configuration table is up to date');
  } else if (process.argv.includes('--check')) {
    console.error('README.md: the configuration table is out of date; run npm run docs:config');
    process.exitCode = 1;
  } else {
    writeFileSync(README, wanted);
    console.log('README.md: configuration table rewritten');
  }
}
