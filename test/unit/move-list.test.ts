import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ApiError } from '../../src/lib/errors.ts';
import { decodeCursor, encodeCursor, readMoveListQuery } from '../../src/modules/moves/move-list.ts';
import { searchWords } from '../../src/modules/moves/move-list-search.ts';

function problemsOf(query: Record<string, unknown>): [string, string][] {
  try {
    readMoveListQuery(query);
  } catch (err) {
    assert.ok(err instanceof ApiError);
    return err.problems.map((p) => [p.code, p.field]);
  }
  assert.fail(`expected ${JSON.stringify(query)} to be refused`);
}

describe('move list cursor', () => {
  test('round-trips any move id, url-safe', () => {
    for (const id of [1, 9, 10, 37, 123_456, Number.MAX_SAFE_INTEGER]) {
      const cursor = encodeCursor(id);
      assert.match(cursor, /^[A-Za-z0-9_-]+$/);
      assert.equal(decodeCursor(cursor), id);
    }
  });

  test('any single changed, dropped or added character is refused', () => {
    const cursor = encodeCursor(4242);
    for (let i = 0; i < cursor.length; i++) {
      const c = cursor[i] === 'A' ? 'B' : 'A';
      assert.equal(decodeCursor(cursor.slice(0, i) + c + cursor.slice(i + 1)), null, `changed at ${i}`);
      assert.equal(decodeCursor(cursor.slice(0, i) + cursor.slice(i + 1)), null, `dropped at ${i}`);
    }
    assert.equal(decodeCursor(`${cursor}A`), null);
    assert.equal(decodeCursor(`${cursor}=`), null);
  });

  test('garbage and unsigned ids are refused', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    for (const bad of ['', 'x', '!!!!', '4242', b64('4242'), b64('move:4242'), b64('move:0.AAAAAA'), b64('move:-1.AAAAAA')]) {
      assert.equal(decodeCursor(bad), null, bad);
    }
  });
});

describe('move list query', () => {
  test('defaults', () => {
    assert.deepEqual(readMoveListQuery({}), {
      status: null,
      referenceId: null,
      words: null,
      readyFrom: null,
      readyTo: null,
      limit: 50,
      beforeId: null,
    });
    assert.deepEqual(readMoveListQuery({ limit: '', cursor: '', status: ' ' }).limit, 50);
  });

  test('reads every parameter', () => {
    assert.deepEqual(
      readMoveListQuery({
        status: 'pickup started',
        reference_id: ' RO# 1 ',
        q: " Jane O'Brien  #4352 jane ",
        from: '2026-03-25 10:00:00',
        to: '2026-03-25T10:00:00-04:00',
        limit: '200',
        cursor: encodeCursor(77),
      }),
      {
        status: 'pickup started',
        referenceId: 'RO# 1',
        words: ['jane', 'o', 'brien', '4352'],
        readyFrom: Date.parse('2026-03-25T10:00:00Z'),
        readyTo: Date.parse('2026-03-25T14:00:00Z'),
        limit: 200,
        beforeId: 77,
      },
    );
  });

  test('an offset whose + arrived as a space is still read', () => {
    assert.equal(readMoveListQuery({ from: '2026-03-25T10:00:00 04:00' }).readyFrom, Date.parse('2026-03-25T06:00:00Z'));
    assert.equal(readMoveListQuery({ from: '2026-03-25 10:00:00 0400' }).readyFrom, Date.parse('2026-03-25T06:00:00Z'));
  });

  test('every bad parameter is listed, each at its own name', () => {
    assert.deepEqual(
      problemsOf({ status: 'lost', reference_id: ['a', 'b'], from: 'today', to: '2026-02-30T00:00:00Z', limit: '0', cursor: 'nope' }),
      [
        ['field_invalid', 'status'],
        ['field_invalid', 'reference_id'],
        ['field_invalid', 'from'],
        ['field_invalid', 'to'],
        ['field_invalid', 'limit'],
        ['field_invalid', 'cursor'],
      ],
    );
    assert.deepEqual(problemsOf({ from: '2026-03-25T10:00:00Z', to: '2026-03-25T10:00:00Z' }), [['field_invalid', 'to']]);
    for (const limit of ['0', '201', 'abc', '-1', '1.5', '1e2', ['1', '2']]) {
      assert.deepEqual(problemsOf({ limit }), [['field_invalid', 'limit']], String(limit));
    }
    for (const from of ['2026-03-25', '2026-03-25T10:00:00', 'yesterday']) {
      assert.deepEqual(problemsOf({ from }), [['field_invalid', 'from']], from);
    }
  });
});

describe('move list search words', () => {
  test('folded and split as migration 023 splits the stored fields', () => {
    assert.deepEqual(searchWords("  Jane O'Brien-Smith "), ['jane', 'o', 'brien', 'smith']);
    assert.deepEqual(searchWords('RO#12345'), ['ro', '12345']);
    assert.deepEqual(searchWords('BK-00.12/7 (a) & b_c: d; e+f~g\th"i\\j'), ['bk', '00', '12', '7', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
    assert.deepEqual(searchWords('JANE jane Jane'), ['jane'], 'once each');
    assert.deepEqual(searchWords('#-.~'), []);
    assert.deepEqual(searchWords('ÉMILE Zoë'), ['Émile', 'zoë'], 'ASCII letters only are folded, as SQLite folds them');
  });

  test('q: 1 to 100 characters, a letter or digit, at most 8 words; listed with the others', () => {
    for (const q of ['', '  ', '#', 'x'.repeat(101), 'a b c d e f g h i', ['a', 'b']]) {
      assert.deepEqual(problemsOf({ q }), [['field_invalid', 'q']], JSON.stringify(q));
    }
    assert.deepEqual(readMoveListQuery({ q: ` ${'x'.repeat(100)} ` }).words, ['x'.repeat(100)]);
    assert.deepEqual(readMoveListQuery({ q: 'a b c d e f g h' }).words?.length, 8);
    assert.deepEqual(problemsOf({ q: '', status: 'lost', limit: '0' }), [['field_invalid', 'status'], ['field_invalid', 'q'], ['field_invalid', 'limit']]);
  });
});
