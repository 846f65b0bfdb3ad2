// Work that only means something inside a transaction refuses the bare database. The locks and
// enqueue are held to it by the compiler: each @ts-expect-error below fails `npm run typecheck`
// the day the call it marks compiles. FOR SHARE rides on shared reads, so it checks at run time.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openDatabase } from '../../src/db/database.ts';
import { isEmbedded, writersAreSerialized } from '../../src/db/engine.ts';
import type { Executor, Transaction } from '../../src/db/executor.ts';
import { forShare, forUpdateSkipLocked, lockKey, lockScenario } from '../../src/db/locks.ts';
import { enqueue, enqueueAlone } from '../../src/jobs/job-queue.ts';

// Never called: only compiled.
export function outsideATransaction(db: Executor, trx: Transaction): void {
  // @ts-expect-error a lock outside a transaction locks nothing
  void lockKey(db, 'key');
  // @ts-expect-error a lock outside a transaction locks nothing
  void lockScenario(db, 1);
  // @ts-expect-error a row lock outside a transaction locks nothing
  void forUpdateSkipLocked(db);
  // @ts-expect-error a job enqueued with a business write goes in that write's transaction
  void enqueue(db, { kind: 'k', payload: null, runAt: 0 });
  void enqueueAlone(db, { kind: 'k', payload: null, runAt: 0 });
  void lockKey(trx, 'key');
  void enqueue(trx, { kind: 'k', payload: null, runAt: 0 });
}

describe('the engine, asked of the executor', () => {
  test('SQLite: embedded, writers serialized, in a transaction as outside it; FOR SHARE only inside one', async () => {
    const database = openDatabase({ kind: 'sqlite', path: ':memory:' });
    try {
      assert.equal(isEmbedded(database.db), true);
      assert.equal(writersAreSerialized(database.db), true);
      await database.db.transaction().execute(async (trx) => {
        assert.equal(writersAreSerialized(trx), true);
        assert.doesNotThrow(() => forShare(trx));
      });
      assert.throws(() => forShare(database.db), /outside a transaction/);
    } finally {
      await database.close();
    }
  });
});
