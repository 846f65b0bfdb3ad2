// One-line US addresses as availability queries send them (src/modules/locations/one-line-address.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseOneLineAddress } from '../../src/modules/locations/one-line-address.ts';
import { zipDirectory } from '../../src/modules/locations/zip-directory.ts';

const zips = zipDirectory();
const parse = (line: string) => parseOneLineAddress(line, zips);
const MULBERRY = { address_one: '210 S Mulberry St', address_two: null, city: 'Richmond', state: 'VA', zip: '23220' };

describe('parseOneLineAddress', () => {
  test('street, city, state ZIP', () => {
    assert.deepEqual(parse('210 S Mulberry St, Richmond, VA 23220'), { address: MULBERRY });
  });

  test('standardized like a booking location: long street words, a full state name, ZIP+4, a country, stray spaces', () => {
    assert.deepEqual(parse('  210 South Mulberry Street ,  Richmond , Virginia  23220-1234, USA '), { address: MULBERRY });
  });

  test('a unit between the street and the city', () => {
    assert.deepEqual(parse('11161 Research Plaza Way, Suite 5, Richmond, VA 23236'), {
      address: { address_one: '11161 Research Plaza Way', address_two: 'Ste 5', city: 'Richmond', state: 'VA', zip: '23236' },
    });
  });

  test("without commas the ZIP's own city separates the street from the city", () => {
    assert.deepEqual(parse('210 S Mulberry St Richmond VA 23220'), { address: MULBERRY });
    assert.deepEqual(parse('210 S Mulberry St, Richmond VA 23220'), { address: MULBERRY });
  });

  test('a two-word state is not read as its last word', () => {
    const read = parse('1 Main St, Charleston, West Virginia 25301');
    assert.ok('address' in read, JSON.stringify(read));
    assert.equal(read.address.state, 'WV');
  });

  const refused: [string, RegExp][] = [
    ['210 S Mulberry St, Richmond, VA', /no ZIP code at the end/],
    ['210 S Mulberry St, Richmond, VA 00000', /ZIP code 00000 does not exist/],
    ['210 S Mulberry St, Richmond, MD 23220', /ZIP code 23220 is in VA, not MD/],
    ['210 S Mulberry St, Richmond, Narnia 23220', /no state before the ZIP code/],
    ['210 S Mulberry St Springfield VA 23220', /street and the city could not be told apart/],
    ['VA 23220', /street and the city could not be told apart|no state/],
    ['', /no ZIP code/],
  ];
  for (const [line, why] of refused) {
    test(`refused: ${JSON.stringify(line)}`, () => {
      const read = parse(line);
      assert.ok('problem' in read, JSON.stringify(read));
      assert.match(read.problem, why);
    });
  }
});
