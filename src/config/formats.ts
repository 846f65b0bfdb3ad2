// The two settings with a grammar of their own: the database URL and the route estimator's speed bands.

export type DatabaseConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string };

export interface SpeedBand {
  /** The band applies to road miles up to this cumulative distance. */
  uptoMiles: number;
  mph: number;
}

export const DEFAULT_SQLITE_PATH = './data/handoff.sqlite';
export const DEFAULT_SPEED_BANDS = '3:20,15:35,50:50,*:62';

export function parseDatabaseUrl(url: string): DatabaseConfig | null {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    return path ? { kind: 'sqlite', path } : null;
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
      return { kind: 'postgres', url };
    } catch {
      return null;
    }
  }
  return null;
}

/** "3:20,15:35,*:62": bands in increasing order, the last one a catch-all; null when it is not that. */
export function parseSpeedBands(raw: string): SpeedBand[] | null {
  const bands: SpeedBand[] = [];
  const parts = raw.split(',').map((p) => p.trim());
  for (const [i, part] of parts.entries()) {
    const m = /^(\*|\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(part);
    if (!m) return null;
    const last = i === parts.length - 1;
    if ((m[1] === '*') !== last) return null;
    const upto = m[1] === '*' ? Infinity : Number(m[1]);
    const mph = Number(m[2]);
    if (mph <= 0 || upto <= (bands.at(-1)?.uptoMiles ?? 0)) return null;
    bands.push({ uptoMiles: upto, mph });
  }
  return bands.length ? bands : null;
}
