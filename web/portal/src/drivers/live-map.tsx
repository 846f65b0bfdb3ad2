// The live map of the drivers on shift now (GET /v1/ops/drivers/on-shift): a marker at each one's
// last reported position, labelled with their name and how long ago that was, and the same in words
// beside it (the map is a picture of the list, never the only way to know). Kept live by polling.
import { useCallback, useRef, useState } from 'preact/hooks';
import type { Problem } from '../api.ts';
import { ProblemMessage } from '../problem.tsx';
import { RouteMap, type MapPoint } from '../map/route-map.tsx';
import { usePolling } from '../polling.ts';
import { formatZoned } from '../zoned-time.ts';
import { ago, fetchOnShift, type OnShift, type Zone, zoneOf } from './drivers-data.ts';

/**
 * Polled every 4 s while the tab is visible: a driver app reports a position every few seconds and
 * there is no push channel, so polling is what gets a move onto the map within 5 s (4 s + the call).
 * A hidden tab does not poll (nobody is looking) and catches up the moment it is shown again.
 */
const POLL_MS = 4_000;

export function useOnShift() {
  const [answer, setAnswer] = useState<OnShift | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const running = useRef(false);
  const load = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    const r = await fetchOnShift();
    running.current = false;
    if ('data' in r) {
      setAnswer(r.data);
      setProblem(null);
    } else setProblem(r.problem);
  }, []);
  usePolling(load, POLL_MS);
  return { answer, problem, reload: load };
}

export function LiveMap({ answer, problem, zones }: { answer: OnShift | null; problem: Problem | null; zones: Zone[] }) {
  const drivers = answer?.drivers ?? [];
  const points: MapPoint[] = answer
    ? drivers.flatMap((d) => (d.last_location ? [{ id: d.driver_id, lat: d.last_location.lat, lon: d.last_location.lon, label: `${d.name} · ${ago(d.last_location.at, answer.at)}` }] : []))
    : [];
  const count = drivers.length;
  return (
    <section aria-labelledby="on-shift-title" class="on-shift">
      <h2 id="on-shift-title">On shift now</h2>
      <ProblemMessage problem={problem} />
      <p class="list-count">
        {!answer ? 'Loading who is on shift…' : count === 0 ? 'No driver is on shift now.' : `${count} driver${count === 1 ? '' : 's'} on shift; the map refreshes every few seconds.`}
      </p>
      <div class="on-shift-layout">
        <RouteMap label="Map of the drivers on shift now" stops={[]} legs={[]} drivers={points} driverLabels="always" />
        {answer && count > 0 && (
          <ul class="on-shift-list" aria-label="Drivers on shift now">
            {drivers.map((d) => (
              <li key={d.driver_id} data-driver-id={d.driver_id}>
                <strong>{d.name}</strong>
                <span class="sub">
                  {d.last_location ? `Seen ${ago(d.last_location.at, answer.at)} at ${d.last_location.lat.toFixed(4)}, ${d.last_location.lon.toFixed(4)}` : 'No position reported yet'}
                </span>
                <span class="sub">Shift ends {formatZoned(d.shift.ends_at, zoneOf(d.shift, zones), 'weekdayDateTime')}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
