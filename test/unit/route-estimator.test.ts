import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { bandedMinutes, greatCircleMiles, StraightLineEstimator } from '../../src/modules/lanes/route-estimator.ts';

const defaults = loadConfig({}).routing;

describe('offline route estimator', () => {
  test('great-circle distance: Richmond to Washington DC is about 96 miles', () => {
    const miles = greatCircleMiles({ lat: 37.5407, lon: -77.436 }, { lat: 38.9072, lon: -77.0369 });
    assert.ok(Math.abs(miles - 96.5) < 2, `${miles}`);
    assert.equal(greatCircleMiles({ lat: 1, lon: 2 }, { lat: 1, lon: 2 }), 0);
  });

  test('speed bands: slow city miles first, faster highway miles later', () => {
    const bands = [
      { uptoMiles: 3, mph: 20 },
      { uptoMiles: 15, mph: 35 },
      { uptoMiles: Infinity, mph: 60 },
    ];
    assert.equal(bandedMinutes(3, bands), 9);
    assert.equal(bandedMinutes(15, bands), 9 + (12 / 35) * 60);
    assert.equal(bandedMinutes(75, bands), 9 + (12 / 35) * 60 + 60);
    assert.equal(bandedMinutes(0, bands), 0);
  });

  test('calibrated on the reference drive: 23236 → 23220 is about 23 minutes', async () => {
    // ZIP centroids of the reference example's two addresses.
    const est = await new StraightLineEstimator(defaults).estimate(
      { lat: 37.4782, lon: -77.5854 },
      { lat: 37.5498, lon: -77.4588 },
    );
    assert.ok(est.durationMinutes >= 21 && est.durationMinutes <= 25, `${est.durationMinutes} min`);
    assert.ok(est.distanceMiles > 9 && est.distanceMiles < 13, `${est.distanceMiles} mi`);
    assert.equal(est.estimator, 'straight-line');
  });

  test('a long drive is dominated by highway speed', async () => {
    // Richmond, VA → Raleigh, NC: ~140 straight miles, ~2.5–3.5 h by road.
    const est = await new StraightLineEstimator(defaults).estimate(
      { lat: 37.5407, lon: -77.436 },
      { lat: 35.7796, lon: -78.6382 },
    );
    assert.ok(est.durationMinutes > 150 && est.durationMinutes < 210, `${est.durationMinutes} min`);
  });
});
