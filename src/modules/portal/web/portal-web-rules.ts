// The portal's HTTP rules, pure: its Content-Security-Policy and which precompressed copy of an
// asset a request's Accept-Encoding takes.

/** The policy source of a tile URL template: its origin, a `{s}` subdomain as a wildcard label. */
export function tileOrigin(template: string): string {
  const subdomains = template.startsWith('https://{s}.');
  const url = new URL(subdomains ? template.replace('{s}.', 's.') : template);
  return subdomains ? `https://*.${url.host.slice(2)}` : url.origin;
}

/**
 * The tracking page's strict policy, with what a single-page app with forms and maps needs beside
 * it: blob: images (map tiles and markers drawn by the page), the tile server's origin when one is
 * configured, and forms posting to this origin only.
 */
export function portalCsp(tileUrl: string | null): string {
  const images = ["'self'", 'data:', 'blob:', ...(tileUrl ? [tileOrigin(tileUrl)] : [])];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${images.join(' ')}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export type Encoding = 'br' | 'gzip';

/**
 * The encoding to send, of those available: the one the client weighs highest (q), brotli on a tie
 * (smaller); null for the file itself. `*` stands for any encoding not named; `q=0` refuses one.
 */
export function chooseEncoding(acceptEncoding: string | undefined, available: { br: boolean; gzip: boolean }): Encoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    weights.set(name.trim(), Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (e: Encoding) => weights.get(e) ?? weights.get('*') ?? 0;
  const candidates = (['br', 'gzip'] as const).filter((e) => available[e] && weightOf(e) > 0);
  if (candidates.length === 0) return null;
  return candidates.reduce((best, e) => (weightOf(e) > weightOf(best) ? e : best));
}
