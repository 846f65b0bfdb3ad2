// The retention purge as a durable job on each engine: however many processes start at once there
// is one queued run per instant; it runs through the worker, queues the next run before it purges,
// does not pile up runs after a long stop, hands what its time budget left to a continuation job;
// and every batch statement finds its rows through an index, never a scan of the table.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { CompiledQuery } from 'kysely';
import { openDatabase } from '../../src/db/database.ts';
import { createWorker } from '../../src/jobs/worker.ts';
import { PURGE_SQL, type RowKey } from '../../src/modules/retention/retention.repository.ts';
import { RETAINED_KINDS, RETENTION_PURGE_JOB, RetentionService } from '../../src/modules/retention/retention.service.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { engines } from '../support/databases.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const silent = { warn() {}, error() {} };

for (const engine of engines()) {
  describe(`the retention job on ${engine}`, () => {
    let t: TestApp;
    const db = () => t.deps.database.db;
    before(async () => {
      t = await startTestApp(engine, { RETENTION_PURGE_BATCH_SIZE: '3', RETENTION_PURGE_INTERVAL_MINUTES: '60' });
    });
    after(() => t.close());
    beforeEach(async () => {
      await db().deleteFrom('jobs').execute();
    });

    const purgeJobs = () =>
      db().selectFrom('jobs').select(['id', 'state', 'run_at', 'dedupe_key']).where('kind', '=', RETENTION_PURGE_JOB).orderBy('run_at').orderBy('id').execute();
    /** Old finished jobs for the purge to find. */
    const seedOldJobs = async (n: number, now: number) => {
      const old = now - 31 * DAY;
      for (let i = 0; i < n; i++) {
        await db()
          .insertInto('jobs')
          .values({ kind: 'test.old', payload: '{}', run_at: old, state: 'done', attempts: 1, max_attempts: 10, locked_until: null, locked_by: null, last_error: null, dedupe_key: null, created_at: old, updated_at: old })
          .execute();
      }
    };
    const oldLeft = async () => (await db().selectFrom('jobs').select('id').where('kind', '=', 'test.old').execute()).length;

    test('processes starting together queue one run, at the next full interval', async () => {
      // Separate pools, as separate processes would have.
      const others = [0, 1, 2].map(() => openDatabase(t.scratch.config, { poolSize: 2 }));
      try {
        const services = [t.deps.database, ...others].map((database) => new RetentionService({ database, clock: t.clock, config: t.deps.config.retention }));
        const now = t.clock.now();
        const queued = await Promise.all(services.map((s) => s.schedule(now)));
        assert.equal(queued.filter(Boolean).length, 1, 'exactly one call queued it');
        const next = Math.floor(now / (60 * MINUTE)) * 60 * MINUTE + 60 * MINUTE;
        assert.deepEqual(
          (await purgeJobs()).map((j) => [j.state, Number(j.run_at), j.dedupe_key]),
          [['queued', next, `${RETENTION_PURGE_JOB}:${next}`]],
        );
      } finally {
        await Promise.all(others.map((d) => d.close()));
      }
    });

    test('it runs through the worker when due, purges, and queues the one after; a long stop does not pile runs up', async () => {
      const start = t.clock.now();
      await t.deps.retention.schedule(start);
      const [first] = await purgeJobs();
      await seedOldJobs(4, start);

      t.clock.set(Number(first!.run_at) - 1);
      assert.equal(await t.deps.worker.runOnce(), 0, 'not before its instant');
      t.clock.set(Number(first!.run_at));
      assert.equal(await t.deps.worker.runOnce(), 1);
      assert.equal(await oldLeft(), 0, 'purged, in two batches');
      const second = Number(first!.run_at) + 60 * MINUTE;
      assert.deepEqual(
        (await purgeJobs()).map((j) => [j.state, Number(j.run_at)]),
        [
          ['done', Number(first!.run_at)],
          ['queued', second],
        ],
      );

      // The workers were down for five hours: the overdue run goes once and queues the next instant.
      t.clock.set(second + 5 * 60 * MINUTE + 7 * MINUTE);
      await t.deps.retention.schedule(); // the restart
      assert.equal(await t.deps.worker.runOnce(), 1);
      assert.equal(await t.deps.worker.runOnce(), 0, 'nothing else was due');
      const queued = (await purgeJobs()).filter((j) => j.state === 'queued');
      assert.deepEqual(
        queued.map((j) => Number(j.run_at)),
        [second + 6 * 60 * MINUTE],
      );
    });

    test('a run whose time budget runs out leaves the rest to a continuation job', async () => {
      const now = t.clock.now();
      await seedOldJobs(7, now);
      // A budget of 0: every run stops after its first full batch.
      const hurried = new RetentionService({ database: t.deps.database, clock: t.clock, config: t.deps.config.retention, runBudgetMs: 0 });
      const worker = createWorker({ database: t.deps.database, clock: t.clock, logger: silent }).register(RETENTION_PURGE_JOB, hurried.handle);
      await hurried.schedule(now);
      t.clock.set(Number((await purgeJobs())[0]!.run_at));
      for (let i = 0; i < 10 && (await worker.runOnce()) > 0; i++);
      assert.equal(await oldLeft(), 0);
      const runs = (await purgeJobs()).filter((j) => j.state === 'done');
      assert.equal(runs.length, 3, '3 + 3 + 1 rows: the run and two continuations');
      assert.equal(runs.filter((j) => j.dedupe_key!.includes(':continue:')).length, 2);
    });

    test('every batch statement reads through an index; removals go by primary key', async () => {
      const q = { cutoff: t.clock.now() - DAY, now: t.clock.now(), limit: 500 };
      for (const kind of RETAINED_KINDS) {
        const k = PURGE_SQL[kind];
        const keys: RowKey[] = kind === 'idempotencyKeys' ? [['c1', 'k1'], ['c2', 'k2']] : [1, 2, 3];
        const pick = await plan(k.pick(db(), q).compile());
        const remove = await plan(k.remove(db(), q, keys).compile());
        // Drivers are a few hundred rows: picking them by scan is the one allowed (see the repository).
        if (kind !== 'driverPositions') assert.doesNotMatch(pick, SCAN, `${kind} pick:\n${pick}`);
        assert.doesNotMatch(remove, SCAN, `${kind} remove:\n${remove}`);
        assert.match(remove, PRIMARY_KEY, `${kind} remove:\n${remove}`);
      }
    });

    // A whole-table read: SQLite's "SCAN <table>" (a VALUES list is "SCAN n CONSTANT ROWS"), PostgreSQL's "Seq Scan".
    const SCAN = engine === 'sqlite' ? /^SCAN (?!\d+ CONSTANT ROWS)/m : /Seq Scan/;
    const PRIMARY_KEY = engine === 'sqlite' ? /PRIMARY KEY|sqlite_autoindex/ : /_pkey|_pk\b/;

    /** The plan as text. On PostgreSQL seq scans are priced out, so a Seq Scan means no index could serve. */
    async function plan(c: CompiledQuery): Promise<string> {
      return db()
        .connection()
        .execute(async (conn) => {
          if (engine === 'sqlite') {
            const r = await conn.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${c.sql}`, [...c.parameters]));
            return r.rows.map((row) => row.detail).join('\n');
          }
          await conn.executeQuery(CompiledQuery.raw('set enable_seqscan = off'));
          try {
            const r = await conn.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN ${c.sql}`, [...c.parameters]));
            return r.rows.map((row) => row['QUERY PLAN']).join('\n');
          } finally {
            await conn.executeQuery(CompiledQuery.raw('reset enable_seqscan'));
          }
        });
    }
  });
}
