import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/lib/canonical-json.ts';
import { reportSha256, type SignedReport } from '../../src/modules/workflows/condition/report-hash.ts';

describe('canonicalJson', () => {
  test('sorts keys at every depth, keeps array order, writes no whitespace', () => {
    const value = { b: [3, 1, { z: true, a: null }], a: { d: 'x', c: [] }, '': 0 };
    assert.equal(canonicalJson(value), '{"":0,"a":{"c":[],"d":"x"},"b":[3,1,{"a":null,"z":true}]}');
  });

  test('orders keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // The emoji (surrogates D83D DE00) sorts before U+FB33 by code units, after it by code points.
    assert.deepEqual(
      canonicalJson(value).match(/"[^"]*":/g),
      ['"\\r":', '"1":', '"\u0080":', '"\u00f6":', '"\u20ac":', '"\ud83d\ude00":', '"\ufb33":'],
    );
  });

  test('writes numbers, strings and literals as RFC 8785 §3.2.2 does (its worked example)', () => {
    const value = {
      numbers: [333333333.33333329, 1e30, 4.5, 2e-3, 0.000000000000000000000000001],
      string: '\u20ac$\u000f\nA\'B"\\\\"/',
      literals: [null, true, false],
    };
    assert.equal(
      canonicalJson(value),
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  test('drops undefined object members, as JSON.stringify does', () => {
    assert.equal(canonicalJson({ b: undefined, a: 1, c: { d: undefined } }), '{"a":1,"c":{}}');
  });

  test('uses toJSON where a value has one', () => {
    assert.equal(canonicalJson({ at: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) }), '{"at":"2025-01-02T03:04:05.000Z"}');
  });

  test('top-level scalars and negative zero', () => {
    assert.equal(canonicalJson('a"b'), '"a\\"b"');
    assert.equal(canonicalJson(-0), '0');
    assert.equal(canonicalJson(null), 'null');
  });

  test('throws on values with no single JSON form', () => {
    assert.throws(() => canonicalJson(Number.NaN), /NaN is not a JSON number/);
    assert.throws(() => canonicalJson({ a: Number.POSITIVE_INFINITY }), /Infinity is not a JSON number/);
    assert.throws(() => canonicalJson([Number.NEGATIVE_INFINITY]), /-Infinity is not a JSON number/);
    assert.throws(() => canonicalJson({ f: () => 1 }), /a function has no JSON form/);
    assert.throws(() => canonicalJson({ n: 10n }), /a bigint has no JSON form/);
    assert.throws(() => canonicalJson(Symbol('s')), /a symbol has no JSON form/);
    assert.throws(() => canonicalJson(undefined), /a undefined has no JSON form/);
    assert.throws(() => canonicalJson([1, undefined]), /undefined inside an array/);
    assert.throws(() => canonicalJson({ m: new Map([['a', 1]]) }), /a Map has no JSON form/);
  });

  test('throws on a cycle, but a shared (acyclic) object is fine', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    assert.throws(() => canonicalJson(loop), /cycle/);
    const shared = { x: 1 };
    assert.equal(canonicalJson({ a: shared, b: [shared] }), '{"a":{"x":1},"b":[{"x":1}]}');
  });
});

describe('reportSha256', () => {
  const report = (): SignedReport => ({
    slot: 'delivery',
    move_id: 42,
    data: { odometer: 10523, 'fuel-level': 60, damages: [{ panel: 'hood', type: 'dent', severity: 2, note: null, photo_ids: ['p2'] }] },
    photos: [
      { id: 'p2', step_id: 'damages', sha256: 'bb'.repeat(32) },
      { id: 'p1', step_id: 'front', sha256: 'aa'.repeat(32) },
    ],
  });
  const baseline = reportSha256(report());

  test('is the hex SHA-256 of the canonical JSON, photos sorted by id', () => {
    const canonical =
      '{"data":{"damages":[{"note":null,"panel":"hood","photo_ids":["p2"],"severity":2,"type":"dent"}],"fuel-level":60,"odometer":10523},' +
      `"move_id":42,"photos":[{"id":"p1","sha256":"${'aa'.repeat(32)}","step_id":"front"},{"id":"p2","sha256":"${'bb'.repeat(32)}","step_id":"damages"}],` +
      '"slot":"delivery"}';
    assert.equal(baseline, createHash('sha256').update(canonical, 'utf8').digest('hex'));
    assert.match(baseline, /^[0-9a-f]{64}$/);
  });

  test('the order keys were written in does not change it', () => {
    const original = report();
    const reordered: SignedReport = {
      photos: original.photos.map(({ sha256, step_id, id }) => ({ sha256, step_id, id })),
      data: { damages: original.data.damages, odometer: 10523, 'fuel-level': 60 },
      move_id: 42,
      slot: 'delivery',
    };
    assert.equal(reportSha256(reordered), baseline);
  });

  test('the order of the photos does not change it', () => {
    const original = report();
    assert.equal(reportSha256({ ...original, photos: [...original.photos].reverse() }), baseline);
  });

  test('fields of a photo other than id, step and hash do not change it', () => {
    const original = report();
    const withExtras = original.photos.map((photo) => ({ ...photo, url: 'https://example.test/x', status: 'done' }));
    assert.equal(reportSha256({ ...original, photos: withExtras }), baseline);
  });

  test('any changed value changes it', () => {
    const changes: Array<[string, (r: SignedReport) => void]> = [
      ['slot', (r) => (r.slot = 'pickup')],
      ['move id', (r) => (r.move_id = 43)],
      ['a data value', (r) => (r.data.odometer = 10524)],
      ['a nested value', (r) => ((r.data.damages as Array<{ severity: number }>)[0]!.severity = 3)],
      ['a new data key', (r) => (r.data['driver-notes'] = '')],
      ['a photo step', (r) => (r.photos[0]!.step_id = 'rear')],
      ['a photo id', (r) => (r.photos[0]!.id = 'p3')],
      ['a removed photo', (r) => r.photos.pop()],
    ];
    for (const [what, change] of changes) {
      const changed = report();
      change(changed);
      assert.notEqual(reportSha256(changed), baseline, what);
    }
  });

  test("one changed byte of a photo (so its sha256) changes it", () => {
    const changed = report();
    changed.photos[1]!.sha256 = 'aa'.repeat(31) + 'ab';
    assert.notEqual(reportSha256(changed), baseline);
  });

  test('refuses a report it cannot hash canonically', () => {
    assert.throws(() => reportSha256({ ...report(), data: { odometer: Number.NaN } }), /not a JSON number/);
  });
});
