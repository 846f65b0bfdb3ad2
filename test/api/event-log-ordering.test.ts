// GET /v1/events pages in commit order: an event whose transaction commits after a reader has
// paged past newer events still reaches that reader. Only PostgreSQL runs writers in parallel
// (SQLite writes one transaction at a time, so the situation cannot arise there).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { engines } from '../support/databases.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { conciergeLoanerRequest } from '../support/requests.ts';

if (engines().includes('postgres')) {
  describe('event log paging on postgres', () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp('postgres');
    });
    after(() => t.close());

    test('an event committed late is not skipped by a reader already paging', async () => {
      const first = (await t.request('POST', '/v1/concierge-loaner-moves', { body: conciergeLoanerRequest() })).json();
      const moveId = first.loaner_move.move_id;

      // A transaction writes an event and stays open while others book and a reader pages.
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let written!: () => void;
      const wrote = new Promise<void>((r) => (written = r));
      const slow = t.deps.database.db.transaction().execute(async (trx) => {
        await t.deps.events.append(trx, {
          moves: [{ id: moveId, rooftop_id: t.rooftopId }],
          type: 'move.updated',
          data: '{"late":true}',
          now: t.clock.now(),
        });
        written();
        await held;
      });
      await wrote;
      for (let i = 0; i < 2; i++) {
        assert.equal((await t.request('POST', '/v1/concierge-loaner-moves', { body: conciergeLoanerRequest() })).statusCode, 200);
      }

      const seen: string[] = [];
      let cursor: string | null = null;
      const page = async () => {
        const url: string = `/v1/events?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const body = (await t.request('GET', url)).json();
        seen.push(...body.events.map((e: { id: string }) => e.id));
        cursor = body.next_cursor ?? cursor;
        return body;
      };
      await page();
      await page();
      release();
      await slow;
      for (let i = 0; i < 10 && (await page()).next_cursor; i++);

      const all = await t.deps.database.db.selectFrom('events').select('id').execute();
      assert.deepEqual([...seen].sort(), all.map((e) => e.id).sort(), 'every event, the late one included, seen once');
      assert.equal(new Set(seen).size, seen.length);
    });
  });
}
