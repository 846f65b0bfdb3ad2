// The timeline's pure rules: its cursor (only ours pass, whole keys survive the round trip), the
// order of items at one instant, the merge that cuts a page after a cursor, and who each event's
// actor is from what the tables record.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chargeMarks, eventActor, type EventActorFacts } from '../../src/modules/timeline/timeline-actors.ts';
import { compareKeys, eventData, keyed, rankOf, SOURCES, type KeyedItem } from '../../src/modules/timeline/timeline-items.ts';
import { decodeTimelineCursor, encodeTimelineCursor, readTimelineQuery } from '../../src/modules/timeline/timeline-query.ts';
import { pageOf } from '../../src/modules/timeline/timeline.service.ts';
import { ApiError } from '../../src/lib/errors.ts';

const UUID_A = '0b4a3c1e-7d2f-4e55-9a10-3f1c2b9d8e70';
const item = (source: Parameters<typeof keyed>[0], id: number | string, at: number): KeyedItem =>
  keyed(source, id, at, { type: 'sms.message', actor: { kind: 'system', id: null, name: null }, move_id: 1, data: {} });

describe('timeline cursor', () => {
  test('round-trips every key, numeric or UUID', () => {
    for (const key of [
      { at: 1_773_835_200_000, rank: rankOf('event'), id: '42' },
      { at: 0, rank: rankOf('opt_out'), id: '0' },
      { at: 1_773_835_200_123, rank: rankOf('photo'), id: UUID_A },
      { at: 1_773_835_200_000, rank: rankOf('delivery'), id: '9007199254740991' },
      { at: 1_773_835_200_000, rank: rankOf('location'), id: '1' },
    ]) {
      assert.deepEqual(decodeTimelineCursor(encodeTimelineCursor(key)), key);
    }
  });

  test('refuses anything it did not hand out', () => {
    const good = encodeTimelineCursor({ at: 1000, rank: rankOf('event'), id: '7' });
    const text = Buffer.from(good, 'base64url').toString('utf8');
    const reencode = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
    for (const bad of [
      good.slice(0, -1),
      `${good}A`,
      reencode(text.replace('.7.', '.8.')),
      reencode(text.replace('1000', '1001')),
      // A UUID where the source's ids are integers, with a check that matches it.
      reencode(`timeline:1000.${rankOf('event')}.${UUID_A}.xxxxxx`),
      'e12',
      '',
    ]) {
      assert.equal(decodeTimelineCursor(bad), null, bad);
    }
  });

  test('the query: limit 1–500 (default 100), every problem at its parameter, unknown ones ignored', () => {
    assert.deepEqual(readTimelineQuery({}), { limit: 100, after: null });
    assert.deepEqual(readTimelineQuery({ limit: '500', other: 'x' }), { limit: 500, after: null });
    try {
      readTimelineQuery({ limit: '0', cursor: 'zzz' });
      assert.fail('refused');
    } catch (e) {
      assert.ok(e instanceof ApiError);
      assert.deepEqual(e.problems.map((p) => [p.code, p.field]), [['field_invalid', 'limit'], ['field_invalid', 'cursor']]);
    }
  });
});

describe('timeline order and pages', () => {
  test('by instant, then source, then id (numbers as numbers)', () => {
    const items = [item('delivery', 1, 5), item('event', 10, 5), item('event', 9, 5), item('position', 100, 5), item('sms', 1, 4)];
    const sorted = [...items].sort((a, b) => compareKeys(a.key, b.key)).map((k) => k.item.id);
    assert.deepEqual(sorted, ['sms:1', 'position:100', 'event:9', 'event:10', 'delivery:1']);
  });

  test("at one instant the driver's report comes before the step event, the customer's reply before the opt-out it makes", () => {
    assert.ok(SOURCES.length <= 10, 'the cursor carries the rank as one digit');
    const items = [item('opt_out', 0, 5), item('reply', 3, 5), item('event', 2, 5), item('position', 1, 5), item('location', 7, 5), item('sms', 4, 5)];
    const sorted = [...items].sort((a, b) => compareKeys(a.key, b.key)).map((k) => k.item.id);
    assert.deepEqual(sorted, ['location:7', 'position:1', 'event:2', 'sms:4', 'reply:3', 'opt_out:0']);
  });

  test('a page after a cursor: strictly after its key, cut to the limit, the next key only when more follow', () => {
    const all = [item('event', 1, 1), item('event', 2, 2), item('sms', 1, 2), item('event', 3, 3)];
    const first = pageOf(all, { limit: 2, after: null });
    assert.deepEqual(first.items.map((i) => i.id), ['event:1', 'event:2']);
    const second = pageOf(all, { limit: 2, after: first.nextAfter });
    assert.deepEqual(second.items.map((i) => i.id), ['sms:1', 'event:3']);
    assert.equal(second.nextAfter, null);
  });
});

describe('timeline actors', () => {
  const facts: EventActorFacts = { bookedBy: 'cl_dealer', stepDriver: { id: 7, name: 'Sam' }, cancelDecidedBy: 'rule', chargeMarkBy: null };

  test('from what the tables record', () => {
    assert.deepEqual(eventActor('move.created', facts), { kind: 'client', id: 'cl_dealer', name: null });
    assert.deepEqual(eventActor('move.created', { ...facts, bookedBy: 'user:12' }), { kind: 'user', id: '12', name: null });
    assert.deepEqual(eventActor('move.pickup.arrived', facts), { kind: 'driver', id: '7', name: 'Sam' });
    assert.equal(eventActor('move.pickup.arrived', { ...facts, stepDriver: null }).kind, 'unknown');
    assert.equal(eventActor('move.dispatched', facts).kind, 'ops');
    assert.equal(eventActor('move.cancel.succeeded', facts).kind, 'system');
    assert.equal(eventActor('move.cancel.partial', { ...facts, cancelDecidedBy: 'ops' }).kind, 'ops');
    assert.equal(eventActor('charge.updated', facts).kind, 'system');
    assert.deepEqual(eventActor('charge.updated', { ...facts, chargeMarkBy: 'cl_desk' }), { kind: 'client', id: 'cl_desk', name: null });
    assert.equal(eventActor('move.updated', facts).kind, 'unknown', 'a dealer or the desk: not recorded which');
  });

  test("a charge's marks at any depth, opened and resolved", () => {
    const adjustments = JSON.stringify({
      added: [{ code: 'WAIT', by: 'cl_a', at_ms: 10 }],
      discount: { amount: 5, by: 'cl_b', at_ms: 20 },
      disputes: [{ reason: 'x', by: 'cl_c', at_ms: 30, resolved_by: 'cl_d', resolved_at_ms: 40 }],
    });
    assert.deepEqual(chargeMarks(adjustments), [
      { by: 'cl_a', at: 10 },
      { by: 'cl_b', at: 20 },
      { by: 'cl_c', at: 30 },
      { by: 'cl_d', at: 40 },
    ]);
    assert.deepEqual(chargeMarks('not json'), []);
  });

  test("an event's data: the move's state from its stored document, wherever the move object sits", () => {
    const doc = { loaner_move: { move_id: 1, status: 'dispatched', cancel_status: null, driver_name: 'Sam', charge: {} }, customer_move: { move_id: 2, status: null } };
    assert.deepEqual(eventData({ id: 'e', sequence: 3, move_id: 1, data: JSON.stringify(doc) }), {
      event_id: 'e', sequence: 3, status: 'dispatched', cancel_status: null, driver_name: 'Sam', charge: null,
    });
    assert.equal(eventData({ id: 'e', sequence: 1, move_id: 2, data: JSON.stringify({ move: doc, newMove: {} }) }).status, null);
    assert.equal(eventData({ id: 'e', sequence: 1, move_id: 1, data: JSON.stringify({ move: doc }) }).status, 'dispatched');
    assert.equal(eventData({ id: 'e', sequence: 1, move_id: 1, data: '{' }).status, null);
  });
});
