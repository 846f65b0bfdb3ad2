// The rooftops the signed-in user may act for (GET /v1/rooftops: a dealer's own, every one for the
// desk), read once per page that needs them: their names for choosers and tables, their time zones
// for showing a move's times as its service lot's clock shows them. Not cached across pages: a
// session can end and another user sign in on the same tab.
import type { operations } from '@handoff/client';
import { useEffect, useState } from 'preact/hooks';
import { api, apiCall, type Problem } from './api.ts';

export type Rooftop = operations['listRooftops']['responses'][200]['content']['application/json']['rooftops'][number];

export interface Rooftops {
  rooftops: Rooftop[];
  /** Set when the list could not be read; a page where rooftops are only a nicety ignores it. */
  problem: Problem | null;
  /** The rooftop's IANA zone, or null while the list is loading (or the rooftop is not in it). */
  zoneOf(id: number | null | undefined): string | null;
}

export function useRooftops(): Rooftops {
  const [rooftops, setRooftops] = useState<Rooftop[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    let live = true;
    apiCall(() => api.GET('/v1/rooftops')).then((r) => live && ('data' in r ? setRooftops(r.data.rooftops) : setProblem(r.problem)));
    return () => {
      live = false;
    };
  }, []);
  const zoneOf = (id: number | null | undefined) => rooftops.find((r) => r.id === id)?.timezone ?? null;
  return { rooftops, problem, zoneOf };
}
