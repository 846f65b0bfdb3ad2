// The portal's web variables: the map tiles its pages may show. Spread at the end of the table in
// variables.ts, so README's table lists them there; config.ts turns them into Config['portalWeb'].
import { formatted } from './variable.ts';

/**
 * A Leaflet-style tile URL template: https, with {z}, {x} and {y} in it (and optionally a {s}
 * subdomain as the host's first label, or {r} for retina tiles). Its origin is allowed by the
 * portal's Content-Security-Policy, so it must be an origin a policy can name.
 */
export function tileUrlTemplate(given: string): string | null {
  if (!['{z}', '{x}', '{y}'].every((p) => given.includes(p))) return null;
  let url: URL;
  try {
    url = new URL(given.replace(/^https:\/\/\{s\}\./, 'https://s.'));
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || /[{}]/.test(url.host)) return null;
  return given;
}

export const PORTAL_WEB_VARIABLES = {
  PORTAL_TILE_URL: {
    default: null,
    shownDefault: 'unset (no map tiles)',
    meaning:
      'map tiles of the portal\'s maps: an https URL template with `{z}`, `{x}` and `{y}`, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png` (its origin is added to the portal\'s Content-Security-Policy; mind the tile provider\'s usage policy)',
    ...formatted(tileUrlTemplate, 'an https URL template with {z}, {x} and {y}, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  },
};
