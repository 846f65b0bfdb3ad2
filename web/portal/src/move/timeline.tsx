// The move's timeline, newest first (what just happened is what an advisor opens the page for, and a
// new item lands on top, in sight), a few entries at a time with "Show older entries": what
// happened, when, in the rooftop's zone, and who did it.
import { useState } from 'preact/hooks';
import { formatZoned } from '../zoned-time.ts';
import { actorWords, type TimelineItem, timelineWords } from './move-data.ts';

const STEP = 20;

export function Timeline({ items, zone }: { items: TimelineItem[]; zone: string | null }) {
  const [count, setCount] = useState(STEP);
  const shown = items.slice(-count).reverse();
  return (
    <section class="move-card card-timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <p class="hint">Newest first; new entries appear at the top as they happen.</p>
      {items.length === 0 ? (
        <p>Nothing yet.</p>
      ) : (
        <ol class="timeline">
          {shown.map((item) => (
            <li key={item.id} data-type={item.type}>
              <time dateTime={item.at}>{formatZoned(item.at, zone)}</time>
              <span class="timeline-what">{describe(item)}</span>
              <span class="sub">
                {actorWords(item.actor)} · move #{item.move_id}
              </span>
            </li>
          ))}
        </ol>
      )}
      {items.length > count && (
        <button type="button" class="secondary" onClick={() => setCount((n) => n + STEP)}>
          Show older entries ({items.length - count} more)
        </button>
      )}
    </section>
  );
}

function describe(item: TimelineItem): string {
  const words = timelineWords(item.type);
  const d = item.data as Record<string, unknown>;
  if (item.type === 'move.dispatched' && typeof d.driver_name === 'string') return `${words}: ${d.driver_name}`;
  if (item.type === 'sms.message' && typeof d.trigger === 'string') return `${words} (${d.trigger.replace(/_/g, ' ')})`;
  if (item.type === 'condition_report.signed' && typeof d.slot === 'string') return `${words} at ${d.slot}`;
  return words;
}
