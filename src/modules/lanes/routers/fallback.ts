// The routing policy around a road router (OSRM, Google Routes, Valhalla): whatever goes wrong —
// a timeout, an error, no route, the server down — the lane still gets the offline straight-line
// estimate, and the estimate's `estimator` says who answered ('osrm', 'google', 'valhalla' or
// 'straight-line'). Every provider call is counted by provider and outcome.
import {
  describeFailure,
  noCounter,
  type OutcomeCounter,
  ProviderError,
  type ProviderOutcome,
  type WarnLogger,
} from '../../../lib/provider-http.ts';
import type { LatLon, RouteEstimate, RouteEstimator, RouteOptions } from '../route-estimator.ts';

export interface NamedRouter extends RouteEstimator {
  readonly name: string;
}

export interface RouteResolution {
  estimate: RouteEstimate;
  outcome: ProviderOutcome;
  /** For the booking response's `warnings`; empty when the configured router answered. */
  warnings: string[];
}

export interface FallbackRouterOptions {
  /** Null when ROUTER=straight-line: the fallback is the router. */
  provider: NamedRouter | null;
  fallback: RouteEstimator;
  counter?: OutcomeCounter;
  logger?: WarnLogger;
  /** The provider's timeout, for the warning's wording. */
  timeoutMs?: number;
}

export class FallbackRouter implements RouteEstimator {
  readonly name: string;
  private readonly counter: OutcomeCounter;

  constructor(private readonly options: FallbackRouterOptions) {
    this.name = options.provider?.name ?? 'straight-line';
    this.counter = options.counter ?? noCounter;
  }

  /** The port's shape, for callers that do not collect warnings (tracking ETAs, lane reroutes). */
  async estimate(a: LatLon, b: LatLon, route?: RouteOptions): Promise<RouteEstimate> {
    return (await this.route(a, b, route)).estimate;
  }

  /** The offline straight-line estimate, whatever the configured router: no provider call. */
  offline(a: LatLon, b: LatLon): Promise<RouteEstimate> {
    return this.options.fallback.estimate(a, b);
  }

  async route(a: LatLon, b: LatLon, route?: RouteOptions): Promise<RouteResolution> {
    const { provider, fallback } = this.options;
    if (!provider) return { estimate: await fallback.estimate(a, b, route), outcome: 'ok', warnings: [] };
    let outcome: ProviderOutcome;
    try {
      const estimate = await provider.estimate(a, b, route);
      if (Number.isFinite(estimate.distanceMiles) && Number.isFinite(estimate.durationMinutes) && estimate.durationMinutes >= 0) {
        this.counter.inc(provider.name, 'ok');
        return { estimate, outcome: 'ok', warnings: [] };
      }
      outcome = 'error';
    } catch (err) {
      outcome = err instanceof ProviderError ? err.kind : 'error';
      this.options.logger?.warn({ provider: provider.name, outcome, err: String(err) }, 'router failed; using the straight-line estimate');
    }
    this.counter.inc(provider.name, outcome);
    const estimate = await fallback.estimate(a, b, route);
    const why = describeFailure(outcome, this.options.timeoutMs);
    return {
      estimate,
      outcome,
      warnings: [`road routing (${provider.name}) was unavailable (${why}); the drive time is a straight-line estimate`],
    };
  }
}
