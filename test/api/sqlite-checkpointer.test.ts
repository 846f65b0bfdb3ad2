// SQLite only: the write-ahead log is copied back into the database by a worker thread, not inside
// the commits of the thread that serves requests (src/db/sqlite-checkpointer.ts), and under a
// steady stream of commits the log still starts over rather than growing without end.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
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
  return { db: database.db, path, fileSize: () => statSync(path).size, logSize: () => statSync(`${path}-wal`).size };
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

/**
 * How many times the log has started over: the WAL header's checkpoint sequence number (bytes
 * 12–15, big-endian), which SQLite increments each time a writer rewinds the log to its start.
 */
function logRestarts(path: string): number {
  const header = readFileSync(`${path}-wal`).subarray(0, 32);
  return header.length < 16 ? 0 : header.readUInt32BE(12);
}

test('under steady commits the log keeps starting over instead of growing', async () => {
  const { db, logSize, path } = await open({ intervalMs: 10, logPages: 500 });
  await commitAPage(db);
  const first = logRestarts(path);
  // Waits on what SQLite records, not on the worker thread's timing: however the two threads
  // interleave, a log that starts over advances the sequence number, and one that never does
  // grows by a page a commit until the deadline.
  const deadline = Date.now() + 20_000;
  let pages = 1;
  while (logRestarts(path) < first + 3 && Date.now() < deadline) {
    await commitAPage(db);
    pages++;
    if (pages % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  assert.ok(logRestarts(path) >= first + 3, `the log started over ${logRestarts(path) - first} times in ${pages} one-page commits (log ${Math.round(logSize() / PAGE)} pages)`);
});
