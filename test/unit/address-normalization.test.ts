import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  addressDedupeKey,
  collapseWhitespace,
  formatFullAddress,
  normalizeZip,
  standardizeStreet,
  standardizeUnit,
} from '../../src/modules/locations/address-normalization.ts';
import { stateCode, US_STATES } from '../../src/modules/locations/us-states.ts';

describe('stateCode', () => {
  test('accepts codes in any case', () => {
    assert.equal(stateCode('VA'), 'VA');
    assert.equal(stateCode('va'), 'VA');
    assert.equal(stateCode(' Va '), 'VA');
  });

  test('accepts full names in any case and spacing', () => {
    assert.equal(stateCode('virginia'), 'VA');
    assert.equal(stateCode('VIRGINIA'), 'VA');
    assert.equal(stateCode('District of Columbia'), 'DC');
    assert.equal(stateCode('new  york'), 'NY');
    assert.equal(stateCode('  West\tVirginia '), 'WV');
    assert.equal(stateCode('D.C.'), 'DC');
  });

  test('covers territories and military codes', () => {
    assert.equal(stateCode('Puerto Rico'), 'PR');
    assert.equal(stateCode('U.S. Virgin Islands'), 'VI');
    assert.equal(stateCode('virgin islands'), 'VI');
    assert.equal(stateCode('guam'), 'GU');
    assert.equal(stateCode('American Samoa'), 'AS');
    assert.equal(stateCode('Northern Mariana Islands'), 'MP');
    assert.equal(stateCode('ae'), 'AE');
    assert.equal(stateCode('Armed Forces Pacific'), 'AP');
  });

  test('table has 50 states + DC + 5 territories + 3 military codes', () => {
    assert.equal(Object.keys(US_STATES).length, 59);
    for (const [code, name] of Object.entries(US_STATES)) {
      assert.equal(stateCode(code), code);
      assert.equal(stateCode(name), code);
    }
  });

  test('returns null for unknown input', () => {
    assert.equal(stateCode(''), null);
    assert.equal(stateCode('   '), null);
    assert.equal(stateCode('XX'), null);
    assert.equal(stateCode('Virginiaa'), null);
    assert.equal(stateCode('toString'), null);
    assert.equal(stateCode('constructor'), null);
  });
});

describe('collapseWhitespace', () => {
  test('trims and collapses runs of whitespace', () => {
    assert.equal(collapseWhitespace('  a   b\t\nc  '), 'a b c');
    assert.equal(collapseWhitespace('abc'), 'abc');
    assert.equal(collapseWhitespace(''), '');
    assert.equal(collapseWhitespace(' \t '), '');
  });
});

describe('normalizeZip', () => {
  test('returns the 5-digit ZIP for valid forms', () => {
    assert.equal(normalizeZip('23220'), '23220');
    assert.equal(normalizeZip('23220-1234'), '23220');
    assert.equal(normalizeZip('232201234'), '23220');
    assert.equal(normalizeZip(' 23220 '), '23220');
    assert.equal(normalizeZip('00501'), '00501'); // leading zeros are significant
  });

  test('returns null for anything else', () => {
    for (const bad of ['', '   ', '2322', '232200', '23220-123', '23220-12345', '2322O', 'abcde', '23220 1234', '23220--1234', '23220-']) {
      assert.equal(normalizeZip(bad), null, JSON.stringify(bad));
    }
  });
});

describe('standardizeStreet', () => {
  const cases: [string, string][] = [
    // Examples from the spec
    ['210 South Mulberry Street', '210 S Mulberry St'],
    ['11161 Research Plaza Way', '11161 Research Plaza Way'],
    ['100 Park Avenue South', '100 Park Ave S'],
    ['1 Court Street', '1 Court St'],
    ['500 N. Main St.', '500 N Main St'],
    ['12 Old Mill Rd', '12 Old Mill Rd'],
    // Suffix-looking words in the middle of the name are left alone
    ['5 Lane Ave', '5 Lane Ave'],
    ['5 Lane Avenue', '5 Lane Ave'],
    ['20 Court St', '20 Court St'],
    ['8 Park Place Dr', '8 Park Place Dr'],
    ['8 Park Place Drive', '8 Park Place Dr'],
    ['9 Plaza Point Circle', '9 Plaza Point Cir'],
    ['40 Street Road', '40 Street Rd'],
    // Every suffix form
    ['1 Elm Street', '1 Elm St'],
    ['1 Elm Str', '1 Elm St'],
    ['1 Elm Avenue', '1 Elm Ave'],
    ['1 Elm Av', '1 Elm Ave'],
    ['1 Elm Ave.', '1 Elm Ave'],
    ['1 Elm Road', '1 Elm Rd'],
    ['1 Elm Drive', '1 Elm Dr'],
    ['1 Elm Drv', '1 Elm Dr'],
    ['1 Elm Boulevard', '1 Elm Blvd'],
    ['1 Elm Boul', '1 Elm Blvd'],
    ['1 Elm Lane', '1 Elm Ln'],
    ['1 Elm Court', '1 Elm Ct'],
    ['1 Elm Place', '1 Elm Pl'],
    ['1 Elm Parkway', '1 Elm Pkwy'],
    ['1 Elm Pkway', '1 Elm Pkwy'],
    ['1 Elm Highway', '1 Elm Hwy'],
    ['1 Elm Circle', '1 Elm Cir'],
    ['1 Elm Terrace', '1 Elm Ter'],
    ['1 Elm Square', '1 Elm Sq'],
    ['1 Elm Trail', '1 Elm Trl'],
    ['1 Elm Turnpike', '1 Elm Tpke'],
    ['1 Elm Expressway', '1 Elm Expy'],
    ['1 Elm Freeway', '1 Elm Fwy'],
    ['1 Elm Plaza', '1 Elm Plz'],
    ['1 Elm Point', '1 Elm Pt'],
    ['1 Elm Crossing', '1 Elm Xing'],
    ['1 Elm Center', '1 Elm Ctr'],
    ['1 Elm Heights', '1 Elm Hts'],
    ['1 Elm Way', '1 Elm Way'],
    ['1 Elm Alley', '1 Elm Aly'],
    ['1 Elm Loop', '1 Elm Loop'],
    ['1 Elm Run', '1 Elm Run'],
    // Every directional, leading and trailing
    ['1 North Elm St', '1 N Elm St'],
    ['1 South Elm St', '1 S Elm St'],
    ['1 East Elm St', '1 E Elm St'],
    ['1 West Elm St', '1 W Elm St'],
    ['1 Northeast Elm St', '1 NE Elm St'],
    ['1 Northwest Elm St', '1 NW Elm St'],
    ['1 Southeast Elm St', '1 SE Elm St'],
    ['1 Southwest Elm St', '1 SW Elm St'],
    ['1 Elm Street Northwest', '1 Elm St NW'],
    ['1 Elm St. N.W.', '1 Elm St NW'],
    ['1 Broadway East', '1 Broadway E'],
    ['1 North Elm Street Southeast', '1 N Elm St SE'],
    ['1 North Broadway', '1 N Broadway'],
    // Directionals in the middle are part of the name
    ['1 Old North Church Rd', '1 Old North Church Rd'],
    // A directional or suffix that IS the street name is kept spelled out
    ['100 North St', '100 North St'],
    ['100 East Avenue', '100 East Ave'],
    ['100 West Lane', '100 West Ln'],
    ['100 Avenue South', '100 Avenue S'],
    ['100 South', '100 South'],
    ['100 Broadway', '100 Broadway'],
    // Capitalization: unchanged words keep the dealer's case; abbreviations are Title case
    ['210 south mulberry street', '210 S mulberry St'],
    ['210 SOUTH MULBERRY STREET', '210 S MULBERRY St'],
    ['1 elm way', '1 elm Way'],
    ['1 McDonald Ave', '1 McDonald Ave'],
    ['1 elm ST', '1 elm St'],
    // Whitespace and punctuation
    ['  210   South\tMulberry   Street  ', '210 S Mulberry St'],
    ['210 South Mulberry Street,', '210 S Mulberry St'],
    ['210 South Mulberry Street , ', '210 S Mulberry St'],
    ['', ''],
    ['   ', ''],
    // House number variants
    ['123A Elm Street', '123A Elm St'],
    ['123-125 Elm Street', '123-125 Elm St'],
    ['123 1/2 South Elm Street', '123 1/2 S Elm St'],
    ['1st Street', '1st St'],
    ['5 1st Avenue North', '5 1st Ave N'],
    ['Elm Street', 'Elm St'],
    ['South Elm Street', 'S Elm St'],
    ['P.O. Box 123', 'PO Box 123'],
    ['123. Elm St.', '123 Elm St'],
    ['.', ''],
    // Unit designators on the street line: suffix still recognized, unit standardized
    ['123 Main Street Apt 4', '123 Main St Apt 4'],
    ['123 Main Street, Suite 200', '123 Main St Ste 200'],
    ['123 Main Street North Suite 200', '123 Main St N Ste 200'],
    ['123 Main Street #5', '123 Main St #5'],
    ['123 Main Street # 5', '123 Main St # 5'],
    ['123 Main Street Building B', '123 Main St Bldg B'],
    // ...but a designator word that is part of the name is not a unit
    ['1 Old Building Road', '1 Old Building Rd'],
    ['1 Suite Road', '1 Suite Rd'],
  ];

  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(standardizeStreet(input), expected);
    });
  }

  test('is idempotent', () => {
    for (const [input] of cases) {
      const once = standardizeStreet(input);
      assert.equal(standardizeStreet(once), once, input);
    }
  });
});

describe('standardizeUnit', () => {
  test('returns null when empty', () => {
    assert.equal(standardizeUnit(''), null);
    assert.equal(standardizeUnit('   '), null);
    assert.equal(standardizeUnit(undefined), null);
    assert.equal(standardizeUnit(null), null);
    assert.equal(standardizeUnit('.'), null);
    assert.equal(standardizeUnit(','), null);
  });

  test('abbreviates designators', () => {
    assert.equal(standardizeUnit('Apartment 4'), 'Apt 4');
    assert.equal(standardizeUnit('Suite 200'), 'Ste 200');
    assert.equal(standardizeUnit('Unit 5'), 'Unit 5');
    assert.equal(standardizeUnit('Floor 3'), 'Fl 3');
    assert.equal(standardizeUnit('Building B'), 'Bldg B');
    assert.equal(standardizeUnit('Room 12'), 'Rm 12');
    assert.equal(standardizeUnit('Department 7'), 'Dept 7');
    assert.equal(standardizeUnit('Building B Suite 200'), 'Bldg B Ste 200');
  });

  test('keeps # forms', () => {
    assert.equal(standardizeUnit('# 5'), '# 5');
    assert.equal(standardizeUnit('#5'), '#5');
    assert.equal(standardizeUnit('Apt #4'), 'Apt #4');
  });

  test('removes periods, collapses whitespace, title-cases designators', () => {
    assert.equal(standardizeUnit('Ste. 200'), 'Ste 200');
    assert.equal(standardizeUnit('  apt.   4B '), 'Apt 4B');
    assert.equal(standardizeUnit('SUITE 200'), 'Ste 200');
    assert.equal(standardizeUnit('apartment 4'), 'Apt 4');
    assert.equal(standardizeUnit('Fl. 2.5'), 'Fl 2.5'); // decimal point survives
  });

  test('leaves unknown text alone', () => {
    assert.equal(standardizeUnit('Rear lot B'), 'Rear Lot B');
    assert.equal(standardizeUnit('Service entrance'), 'Service entrance');
  });
});

describe('addressDedupeKey', () => {
  const key = (address_one: string, zip = '23220', address_two?: string | null) =>
    addressDedupeKey({ address_one, address_two, zip });

  test('matches the documented shape', () => {
    assert.equal(key('210 South Mulberry Street'), '210 S MULBERRY ST||23220');
    assert.equal(key('123 Main St', '23220', 'Apt 4'), '123 MAIN ST|APT 4|23220');
  });

  test('different spellings of the same address collide', () => {
    const expected = key('210 South Mulberry Street');
    for (const variant of [
      '210 s. mulberry st',
      '210  S Mulberry St',
      '210 SOUTH MULBERRY STREET,',
      ' 210 South Mulberry St. ',
    ]) {
      assert.equal(key(variant), expected, variant);
    }
    assert.equal(key('210 S Mulberry St', '23220-1234'), expected);
    assert.equal(key('210 S Mulberry St', '232201234'), expected);
    assert.equal(key('210 S Mulberry St', '23220', ''), expected);
    assert.equal(key('210 S Mulberry St', '23220', null), expected);
  });

  test('unit spellings collide, including a unit typed on the street line', () => {
    const expected = key('123 Main St', '23220', 'Apt 4');
    assert.equal(key('123 Main Street', '23220', 'apartment 4'), expected);
    assert.equal(key('123 Main St.', '23220', 'Apt. 4'), expected);
    assert.equal(key('123 Main Street Apt 4'), expected);
    assert.equal(key('123 Main Street, Apartment 4'), expected);
    assert.equal(key('1 Elm St', '23220', '# 5'), key('1 Elm St', '23220', '#5'));
  });

  test('different unit or ZIP gives a different key', () => {
    const base = key('123 Main St', '23220', 'Apt 4');
    assert.notEqual(key('123 Main St', '23220', 'Apt 5'), base);
    assert.notEqual(key('123 Main St', '23220'), base);
    assert.notEqual(key('123 Main St', '23221', 'Apt 4'), base);
    assert.notEqual(key('123 Main St', '23220', 'Ste 4'), base);
  });

  test('different streets stay distinct', () => {
    assert.notEqual(key('100 N Main St'), key('100 S Main St'));
    assert.notEqual(key('100 Main St'), key('100 Main Ave'));
    assert.notEqual(key('100 Main St'), key('100 Main St N'));
    assert.notEqual(key('123 1/2 Main St'), key('123 12 Main St'));
  });

  test('strips punctuation except # and -', () => {
    assert.equal(key("12 O'Brien Ct"), '12 OBRIEN CT||23220');
    assert.equal(key('123-125 Elm St', '23220', 'Unit 4-B'), '123-125 ELM ST|UNIT 4-B|23220');
  });

  test('an invalid ZIP is kept as typed rather than dropped', () => {
    assert.equal(key('1 Elm St', 'abc'), '1 ELM ST||ABC');
    assert.notEqual(key('1 Elm St', ''), key('1 Elm St', '23220'));
  });
});

describe('formatFullAddress', () => {
  test('formats without a unit', () => {
    assert.equal(
      formatFullAddress({ address_one: '11161 Research Plaza Way', city: 'Richmond', state: 'VA', zip: '23236' }),
      '11161 Research Plaza Way, Richmond, VA 23236, USA',
    );
  });

  test('formats with a unit', () => {
    assert.equal(
      formatFullAddress({ address_one: '123 Main St', address_two: 'Apt 4', city: 'Richmond', state: 'VA', zip: '23220' }),
      '123 Main St, Apt 4, Richmond, VA 23220, USA',
    );
  });

  test('standardizes each part', () => {
    assert.equal(
      formatFullAddress({
        address_one: ' 210 South  Mulberry Street ',
        address_two: 'Apartment 4',
        city: '  Richmond ',
        state: 'virginia',
        zip: '23220-1234',
      }),
      '210 S Mulberry St, Apt 4, Richmond, VA 23220, USA',
    );
  });

  test('empty or missing unit leaves no gap', () => {
    for (const address_two of [undefined, null, '', '  ']) {
      assert.equal(
        formatFullAddress({ address_one: '123 Main St', address_two, city: 'Richmond', state: 'va', zip: '23220' }),
        '123 Main St, Richmond, VA 23220, USA',
      );
    }
  });

  test('unrecognized state and ZIP are shown as typed', () => {
    assert.equal(
      formatFullAddress({ address_one: '1 Elm St', city: 'Somewhere', state: ' Ontario ', zip: 'K1A 0B1' }),
      '1 Elm St, Somewhere, Ontario K1A 0B1, USA',
    );
  });
});
