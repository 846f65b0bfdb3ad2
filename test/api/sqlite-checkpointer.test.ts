// SQLite only: the write-ahead log is copied back into the database by a worker thread, not inside
// the commits of the thread that serves requests (src/db/sqlite-checkpointer.ts), and under a
// steady stream of commits the log still starts over rather than growing without end.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { afterEach, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/databases.ts';

const PAGE = 4096;
let scratch: ScratchDatabase | undefined;
let database: Database | undefined;

afterEach(async () => {
  await database?.close();
  await scratch?.drop();
  database = scratch = undefined;
});

async function open(options: { intervalMs: number; logPages: number }) {
  scratch = await scratchDatabase('sqlite');
  database = openDatabase(scratch.config, { checkpointer: options });
  await sql`create table filler (id integer primary key, body blob not null)`.execute(database.db);
  const path = (scratch.config as { path: string }).path;
  return { db: database.db, fileSize: () => statSync(path).size, logSize: () => statSync(`${path}-wal`).size };
}

/** One commit of about one page. */
const commitAPage = (db: Database['db']) =>
  db.transaction().execute((trx) => sql`insert into filler (body) values (randomblob(3000))`.execute(trx));

test('the worker copies committed pages into the database file; the commits do not', async () => {
  // The committing connection's own checkpoint would only run past 100,000 pages.
  const { db, fileSize } = await open({ intervalMs: 20, logPages: 100_000 });
  const before = fileSize();
  for (let i = 0; i < 1500; i++) await commitAPage(db);
  const deadline = Date.now() + 5000;
  while (fileSize() < before + 1000 * PAGE && Date.now() < deadline) await sleep(20);
  assert.ok(fileSize() >= before + 1000 * PAGE, `database file ${fileSize()} bytes: the log was not copied into it`);
});

test('under steady commits the log is rewound near logPages instead of growing', async () => {
  const { db, logSize } = await open({ intervalMs: 10, logPages: 500 });
  let pages = 0;
  while (pages < 4000) {
    await commitAPage(db);
    pages++;
    if (pages % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  // Had the log never started over it would hold every page written (4,000 pages, 16 MB).
  assert.ok(logSize() < 1000 * PAGE, `log ${Math.round(logSize() / PAGE)} pages after ${pages} one-page commits`);
});
