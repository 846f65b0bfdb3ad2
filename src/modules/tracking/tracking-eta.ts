// The ETA sentence: when the driver reaches the next stop, at which steps there is one, and to where.
import { formatInstant } from '../../lib/instant.ts';
import type { EtaView } from './tracking-status.ts';
import { localClock } from './tracking-time.ts';

/** Which steps have an ETA, and to where: on the way to the pickup, or about to / driving to the delivery. */
export function etaTarget(status: string | null): 'pickup' | 'delivery' | null {
  switch (status) {
    case 'pickup started':
      return 'pickup';
    case 'pickup arrived':
    case 'pickup successful':
    case 'delivery started':
      return 'delivery';
    default:
      return null;
  }
}

/** "12 min", "1 h", "1 h 20 min". */
export function formatDuration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/**
 * The ETA of a drive of `durationMinutes` starting now: whole minutes (at least 1 unless the drive
 * is under half a minute), and the local clock time of arrival.
 */
export function etaView(
  now: number,
  durationMinutes: number,
  zone: string,
  destination: string,
  source: EtaView['source'],
): EtaView {
  const minutes = Math.max(0, Math.round(durationMinutes));
  const arrives = Math.floor((now + minutes * 60_000) / 60_000) * 60_000;
  const clock = localClock(arrives, zone, now);
  const text = minutes === 0 ? `Arriving any minute now, around ${clock}` : `Arriving in about ${formatDuration(minutes)}, around ${clock}`;
  return { minutes, arrives_at: formatInstant(arrives), arrives_at_local: clock, text, destination, source };
}
