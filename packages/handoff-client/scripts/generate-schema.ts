// Generates src/schema.d.ts (the client's types) from the OpenAPI document the server itself serves:
// the app is built without listening, on a throwaway SQLite database, and asked for GET /docs/json.
// `npm run build` calls regenerateSchema() (writing only when the text changed); the portal's test
// calls generateSchema() and fails when the committed file differs, so the document and what the
// portal is typed against cannot drift apart.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import pino from 'pino';
import { buildApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { createDeps } from '../../../src/deps.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../src/schema.d.ts', import.meta.url));

const HEADER = `// Generated from Handoff's OpenAPI document (GET /docs/json) by packages/handoff-client/scripts/generate-schema.ts.
// Do not edit: \`npm run build\` regenerates it, and a test fails when it differs from the served document.
`;

/** The served document, with every operation there is (SANDBOX=1 adds POST /v1/mock/:moveId). */
export async function servedDocument(): Promise<OpenAPI3> {
  const dir = mkdtempSync(join(tmpdir(), 'handoff-client-schema-'));
  try {
    const config = loadConfig({
      DATABASE_URL: `sqlite:${join(dir, 'schema.sqlite')}`,
      PHOTO_DIR: join(dir, 'photos'),
      // A fixed base: the document's examples and server URL must not depend on who generates it.
      PUBLIC_URL: 'https://handoff.example',
      SANDBOX: '1',
    });
    const deps = await createDeps(config, { logger: pino({ level: 'silent' }) });
    try {
      const app = await buildApp(deps, { logger: false });
      try {
        const res = await app.inject({ method: 'GET', url: '/docs/json' });
        if (res.statusCode !== 200) throw new Error(`GET /docs/json answered ${res.statusCode}: ${res.body}`);
        return res.json() as OpenAPI3;
      } finally {
        await app.close();
      }
    } finally {
      await deps.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text schema.d.ts should hold for the document the server serves now. */
export async function generateSchema(): Promise<string> {
  const ast = await openapiTS(await servedDocument(), { alphabetize: false });
  return HEADER + astToString(ast);
}

/** Regenerates schema.d.ts; writes (and reports `changed`) only when its text differs. */
export async function regenerateSchema(): Promise<{ file: string; changed: boolean }> {
  const fresh = await generateSchema();
  let current: string | null = null;
  try {
    current = readFileSync(SCHEMA_FILE, 'utf8');
  } catch {
    // not generated yet
  }
  if (current === fresh) return { file: SCHEMA_FILE, changed: false };
  writeFileSync(SCHEMA_FILE, fresh);
  return { file: SCHEMA_FILE, changed: true };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { file, changed } = await regenerateSchema();
  process.stderr.write(`${changed ? 'wrote' : 'unchanged:'} ${file}\n`);
}
