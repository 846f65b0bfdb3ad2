// The worker's claim rule (src/jobs/claim-plan.ts): what it takes next given what it runs. The
// bounds per kind, per target host and per rooftop, and least-busy-rooftop-first ordering.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  type Claimable,
  type ConcurrencyPolicy,
  exclusionsFor,
  fits,
  JobLoad,
  type KindLimits,
  pickFair,
  roomFor,
  rooftopCap,
} from '../../src/jobs/claim-plan.ts';

const WEBHOOK = 'webhook.deliver';
const SMS = 'sms.send';
const CANCEL = 'cancel.decide';

/** The shipped defaults: 16 slots, webhooks 8 (4 per host), texts 4, anything else 8; a rooftop ½ of a kind. */
const policy = (over: Partial<ConcurrencyPolicy> = {}, kinds: Record<string, KindLimits> = {}): ConcurrencyPolicy => {
  const table: Record<string, KindLimits> = {
    [WEBHOOK]: { concurrency: 8, perKey: 4 },
    [SMS]: { concurrency: 4, perKey: Infinity },
    ...kinds,
  };
  return { total: 16, rooftopShare: 0.5, limitsOf: (kind) => table[kind] ?? { concurrency: 8, perKey: Infinity }, ...over };
};

let nextId = 1;
const job = (kind: string, rooftop: number | null, key: string | null = null, runAt = 0): Claimable => ({
  id: nextId++,
  kind,
  rooftop_id: rooftop,
  concurrency_key: key,
  run_at: runAt,
});
const loaded = (...jobs: Claimable[]) => {
  const load = new JobLoad();
  for (const j of jobs) load.add(j);
  return load;
};
const times = (n: number, make: (i: number) => Claimable) => Array.from({ length: n }, (_, i) => make(i));
const ids = (jobs: Claimable[]) => jobs.map((j) => j.id);

describe('claim plan: bounds', () => {
  test('a rooftop may hold half of a kind’s slots, and always at least one', () => {
    assert.equal(rooftopCap(policy(), WEBHOOK), 4);
    assert.equal(rooftopCap(policy(), SMS), 2);
    assert.equal(rooftopCap(policy({ rooftopShare: 0.01 }), WEBHOOK), 1);
    assert.equal(rooftopCap(policy({ rooftopShare: 1 }), WEBHOOK), 8);
  });

  test('one more job fits only under the total, its kind, its rooftop’s share and its host', () => {
    const p = policy();
    assert.equal(fits(job(WEBHOOK, 1, 'a.example'), new JobLoad(), p), true);
    // The host: 4 deliveries to a.example, from four rooftops.
    const host = loaded(...times(4, (i) => job(WEBHOOK, 10 + i, 'a.example')));
    assert.equal(fits(job(WEBHOOK, 1, 'a.example'), host, p), false);
    assert.equal(fits(job(WEBHOOK, 1, 'b.example'), host, p), true, 'another host');
    assert.equal(fits(job(WEBHOOK, 1, null), host, p), true, 'a job with no key is not bound by keys');
    // The rooftop: 4 of rooftop 1's deliveries, to four hosts.
    const rooftop = loaded(...times(4, (i) => job(WEBHOOK, 1, `h${i}.example`)));
    assert.equal(fits(job(WEBHOOK, 1, 'new.example'), rooftop, p), false);
    assert.equal(fits(job(WEBHOOK, 2, 'new.example'), rooftop, p), true, 'another rooftop');
    assert.equal(fits(job(SMS, 1), rooftop, p), true, 'the rooftop’s share is per kind: its texts still go');
    // The kind: 8 deliveries.
    const kind = loaded(...times(8, (i) => job(WEBHOOK, i, `h${i}.example`)));
    assert.equal(fits(job(WEBHOOK, 99, 'new.example'), kind, p), false);
    assert.equal(fits(job(SMS, 99), kind, p), true, 'webhooks never take the slots of texts');
    assert.equal(fits(job(CANCEL, 99), kind, p), true, '…or of cancel decisions');
    // The total.
    const full = loaded(...times(8, (i) => job(WEBHOOK, i, `h${i}.example`)), ...times(8, (i) => job(`other.${i}`, i)));
    assert.equal(fits(job(CANCEL, 99), full, p), false);
    assert.equal(roomFor(full, p, 10), 0);
    assert.equal(roomFor(kind, p, 10), 8);
    assert.equal(roomFor(kind, p, 3), 3, 'a claim takes at most its batch');
  });

  test('jobs of no rooftop are one group of their own', () => {
    const p = policy();
    const load = loaded(...times(4, () => job(CANCEL, null)));
    assert.equal(fits(job(CANCEL, null), load, p), false);
    assert.equal(fits(job(CANCEL, 1), load, p), true);
  });

  test('exclusions name the full kinds, and per kind the full rooftops (null included) and hosts', () => {
    const p = policy();
    const load = loaded(
      ...times(4, (i) => job(WEBHOOK, 1, `h${i}.example`)),
      ...times(3, (i) => job(WEBHOOK, 2 + i, 'slow.example')),
      ...times(4, () => job(SMS, 7)),
      ...times(4, () => job(CANCEL, null)),
      job(CANCEL, 3),
    );
    // Webhooks: 7 of 8, rooftop 1 at its 4, slow.example at 3 of 4. Texts: 4 of 4. Cancels: null at 4.
    assert.deepEqual(exclusionsFor(load, p), {
      kinds: [SMS],
      rooftops: [
        { kind: WEBHOOK, rooftopIds: [1] },
        { kind: CANCEL, rooftopIds: [null] },
      ],
      keys: [],
    });
    load.add(job(WEBHOOK, 9, 'slow.example'));
    assert.deepEqual(exclusionsFor(load, p).kinds, [WEBHOOK, SMS]);
    const partial = loaded(...times(4, (i) => job(WEBHOOK, i, 'slow.example')));
    assert.deepEqual(exclusionsFor(partial, p).keys, [{ kind: WEBHOOK, keys: ['slow.example'] }]);
  });

  test('the load counts down to nothing as jobs finish', () => {
    const jobs = [job(WEBHOOK, 1, 'a.example'), job(SMS, null), job(WEBHOOK, 1, 'a.example')];
    const load = loaded(...jobs);
    assert.equal(load.total, 3);
    assert.equal(load.ofKindKey(WEBHOOK, 'a.example'), 2);
    for (const j of jobs) load.remove(j);
    assert.equal(load.total, 0);
    assert.deepEqual(load.entries(), []);
    assert.equal(load.ofRooftop(1), 0);
  });
});

describe('claim plan: choosing', () => {
  test('a rooftop with thousands due does not starve another rooftop’s one, even a newer one', () => {
    const p = policy();
    const a = times(2000, (i) => job(WEBHOOK, 1, `a${i % 50}.example`, i));
    const b = job(WEBHOOK, 2, 'b.example', 5000);
    // The candidates as the query gives them: round-robin, so B's one is near the front.
    const picked = pickFair([a[0]!, b, ...a.slice(1, 40)], new JobLoad(), p, 10);
    assert.ok(ids(picked).includes(b.id));
    assert.equal(picked.filter((j) => j.rooftop_id === 1).length, 4, 'A gets its share of the webhook slots, no more');
  });

  test('the least busy rooftop goes first, then the oldest job', () => {
    const p = policy();
    const busy = loaded(job(CANCEL, 1), job(CANCEL, 1), job(CANCEL, 2));
    const old1 = job(CANCEL, 1, null, 1);
    const old2 = job(CANCEL, 2, null, 2);
    const new3 = job(CANCEL, 3, null, 9);
    const next2 = job(CANCEL, 2, null, 3);
    assert.deepEqual(ids(pickFair([old1, old2, new3, next2], busy, p, 4)), [new3.id, old2.id, old1.id, next2.id]);
  });

  test('a full host holds back only its own deliveries; a rooftop’s order is kept otherwise', () => {
    const p = policy();
    const load = loaded(...times(4, (i) => job(WEBHOOK, 10 + i, 'dead.example')));
    const stuck = job(WEBHOOK, 1, 'dead.example', 1);
    const first = job(WEBHOOK, 1, 'ok.example', 2);
    const second = job(WEBHOOK, 1, 'ok.example', 3);
    assert.deepEqual(ids(pickFair([stuck, first, second], load, p, 10)), [first.id, second.id]);
  });

  test('never more than the room, the kind or the host allow within one pick', () => {
    const p = policy();
    const many = times(30, (i) => job(WEBHOOK, i, 'one.example', i));
    assert.equal(pickFair(many, new JobLoad(), p, 10).length, 4, 'four to one host');
    const spread = times(30, (i) => job(WEBHOOK, i, `h${i}.example`, i));
    assert.equal(pickFair(spread, new JobLoad(), p, 10).length, 8, 'eight webhooks');
    const mixed = [...spread, ...times(30, (i) => job(CANCEL, i, null, i))];
    assert.equal(pickFair(mixed, new JobLoad(), p, 10).length, 10, 'the batch');
    assert.equal(pickFair(mixed, new JobLoad(), p, 100).length, 16, 'the total');
  });

  test('with nothing running, every candidate fits: a drain by hand is never refused work', () => {
    const p = policy({ total: 1 });
    assert.equal(pickFair([job('anything', null)], new JobLoad(), p, 1).length, 1);
  });
});
