// SQLite only (the PostgreSQL side of concurrent writers is the multi-process test): our
// transactions take the write lock when they begin. A `handoff worker` process beside `handoff
// serve` on one SQLite file is a second writer; with SQLite's default deferred BEGIN, a transaction
// that has read and then writes fails with "database is locked" if that other process committed in
// between — whatever busy_timeout says. With BEGIN IMMEDIATE the other process waits instead.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/databases.ts';

let scratch: ScratchDatabase;
let database: Database;
let other: SqliteDatabase.Database;

before(async () => {
  scratch = await scratchDatabase('sqlite');
  database = openDatabase(scratch.config);
  await migrate(database);
  other = new SqliteDatabase((scratch.config as { path: string }).path);
  other.pragma('busy_timeout = 0');
});
after(async () => {
  other.close();
  await database.close();
  await scratch.drop();
});

const setting = (key: string) => ({ key, value: 'v' });

test('a transaction that reads then writes is not undone by another connection writing in between', async () => {
  const otherWrite = other.prepare('insert into settings (key, value) values (?, ?)');
  await database.db.transaction().execute(async (trx) => {
    await trx.selectFrom('settings').selectAll().execute();
    // The other connection cannot write while ours is open: it waits (here, with no timeout, it is refused).
    assert.throws(() => otherWrite.run('other', 'v'), /database is locked/);
    await trx.insertInto('settings').values(setting('ours')).execute();
  });
  // Once ours has committed, the other writes as usual.
  otherWrite.run('other', 'v');
  const keys = (await database.db.selectFrom('settings').select('key').where('key', 'in', ['ours', 'other']).orderBy('key').execute()).map((r) => r.key);
  assert.deepEqual(keys, ['other', 'ours']);
});
