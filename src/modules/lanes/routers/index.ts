// Builds the configured router (ROUTER) behind the fallback policy. Plain options in, so the
// composition root maps its config onto them in a few lines and this file never reads the env.
import { DEFAULT_PROVIDER_TIMEOUT_MS, type OutcomeCounter, type WarnLogger } from '../../../lib/provider-http.ts';
import type { RouteEstimator } from '../route-estimator.ts';
import { FallbackRouter, type NamedRouter } from './fallback.ts';
import { GoogleRoutesRouter } from './google-routes.ts';
import { OsrmRouter } from './osrm.ts';
import { ValhallaRouter } from './valhalla.ts';

export { FallbackRouter, type RouteResolution } from './fallback.ts';

export const ROUTER_KINDS = ['straight-line', 'osrm', 'google', 'valhalla'] as const;
export type RouterKind = (typeof ROUTER_KINDS)[number];

export interface RouterSettings {
  kind: RouterKind;
  /** ROUTER_TIMEOUT_MS, default 3000. */
  timeoutMs?: number;
  /** OSRM_URL: required for `osrm`. */
  osrmUrl?: string;
  /** OSRM_PROFILE, default 'driving'. */
  osrmProfile?: string;
  /** GOOGLE_MAPS_API_KEY: required for `google`. */
  googleApiKey?: string;
  /** GOOGLE_ROUTES_API_URL. */
  googleRoutesUrl?: string;
  /** VALHALLA_URL: required for `valhalla`. */
  valhallaUrl?: string;
}

export function createRouter(
  settings: RouterSettings,
  deps: { fallback: RouteEstimator; counter?: OutcomeCounter; logger?: WarnLogger; now?: () => number },
): FallbackRouter {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  let provider: NamedRouter | null;
  switch (settings.kind) {
    case 'straight-line':
      provider = null;
      break;
    case 'osrm':
      if (!settings.osrmUrl) throw new Error('ROUTER=osrm needs OSRM_URL');
      provider = new OsrmRouter({ url: settings.osrmUrl, profile: settings.osrmProfile, timeoutMs });
      break;
    case 'google':
      if (!settings.googleApiKey) throw new Error('ROUTER=google needs GOOGLE_MAPS_API_KEY');
      provider = new GoogleRoutesRouter({ apiKey: settings.googleApiKey, url: settings.googleRoutesUrl, timeoutMs, now: deps.now });
      break;
    case 'valhalla':
      if (!settings.valhallaUrl) throw new Error('ROUTER=valhalla needs VALHALLA_URL');
      provider = new ValhallaRouter({ url: settings.valhallaUrl, timeoutMs });
      break;
  }
  return new FallbackRouter({ provider, fallback: deps.fallback, counter: deps.counter, logger: deps.logger, timeoutMs });
}
