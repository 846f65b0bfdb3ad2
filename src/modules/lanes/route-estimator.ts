// The router port and its offline default: straight-line distance × a circuity factor, driven
// at speeds that rise with trip length (city streets first, then arterials, then highway).
// Calibrated on the reference drive 23236 → 23220: 8.5 straight miles, a 23-minute drive.
import type { SpeedBand } from '../../config.ts';

export interface LatLon {
  lat: number;
  lon: number;
}

export interface RouteEstimate {
  distanceMiles: number;
  durationMinutes: number;
  estimator: string;
}

export interface RouteOptions {
  /** When the drive starts (epoch ms): traffic-aware routers (Google) use it; others ignore it. */
  departAt?: number;
}

export interface RouteEstimator {
  estimate(a: LatLon, b: LatLon, options?: RouteOptions): Promise<RouteEstimate>;
}

/** The offline estimator's name: a lane's `estimator` when no road router answered. */
export const STRAIGHT_LINE = 'straight-line';

/** A road router's estimate replaces a stored straight-line one (routed while the router was down, or before it was configured). */
export function supersedes(estimate: RouteEstimate, stored: { estimator: string }): boolean {
  return stored.estimator === STRAIGHT_LINE && estimate.estimator !== STRAIGHT_LINE;
}

/** Whether a stored lane is asked of the configured router again rather than reused. */
export function worthRoutingAgain(stored: { estimator: string }, routerName: string): boolean {
  return stored.estimator === STRAIGHT_LINE && routerName !== STRAIGHT_LINE;
}

const EARTH_RADIUS_MILES = 3958.8;

export function greatCircleMiles(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Minutes to drive `miles` road miles through the speed bands. */
export function bandedMinutes(miles: number, bands: SpeedBand[]): number {
  let minutes = 0;
  let covered = 0;
  for (const band of bands) {
    if (covered >= miles) break;
    const stretch = Math.min(miles, band.uptoMiles) - covered;
    minutes += (stretch / band.mph) * 60;
    covered += stretch;
  }
  return minutes;
}

export const METERS_PER_MILE = 1609.344;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** An estimate as lanes store it: miles and minutes to one decimal, and who answered. */
export function routeEstimate(miles: number, seconds: number, estimator: string): RouteEstimate {
  return { distanceMiles: round1(miles), durationMinutes: round1(seconds / 60), estimator };
}

export class StraightLineEstimator implements RouteEstimator {
  constructor(private readonly options: { circuity: number; speedBands: SpeedBand[] }) {}

  async estimate(a: LatLon, b: LatLon): Promise<RouteEstimate> {
    const road = greatCircleMiles(a, b) * this.options.circuity;
    return {
      distanceMiles: round1(road),
      durationMinutes: round1(bandedMinutes(road, this.options.speedBands)),
      estimator: STRAIGHT_LINE,
    };
  }
}
