// The move page's data, kept live: the move document and its timeline, read again every 2 s while the
// tab is visible. Polling rather than server-sent events because it works unchanged across several
// server processes and through proxies that buffer or cut long responses, and it holds no connection
// per open page; 2 s keeps a change on screen well within the 5 s the advisors were promised, at the
// cost of one small GET pair per visible page every 2 s. A hidden tab stops asking and catches up at
// once when shown again.
//
// The timeline is read as the API gives it, oldest first, a page after the other up to its end; once
// there, each poll reads the last page again (from the same cursor, sent unchanged as the API asks)
// and keeps whatever new items it brings. The page shows it newest first, a few at a time.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, apiCall, type Problem } from '../api.ts';
import { useRooftops } from '../rooftops.ts';
import { legsOf, type MoveDocument, statusOf, type TimelineItem } from './move-data.ts';

export const POLL_MS = 2000;
const TIMELINE_PAGE = 100;
/** Pages read in one go: a long timeline comes in over a few polls rather than one burst. */
const PAGES_PER_READ = 10;

export interface LiveMove {
  doc: MoveDocument | null;
  /** The rooftop's time zone, for every time on the page. */
  zone: string | null;
  problem: Problem | null;
  timeline: TimelineItem[];
  /** A status change, worded for the polite live region. */
  announcement: string;
  /** Read the move again now (after an edit, a cancelation, a dispute). */
  refresh(): Promise<void>;
}

const statusKey = (doc: MoveDocument) => legsOf(doc).map((l) => `${l.move_id}:${l.status}:${l.cancel_status}:${l.driver_name}`).join('|');

export function useLiveMove(id: string): LiveMove {
  const [doc, setDoc] = useState<MoveDocument | null>(null);
  const { zoneOf } = useRooftops();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [timeline, setTimeline] = useState<TimelineItem[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const cursor = useRef<string | undefined>(undefined);
  const lastKey = useRef<string | null>(null);

  const readDoc = useCallback(async () => {
    const r = await apiCall(() => api.GET('/v1/moves/{id}', { params: { path: { id } } }));
    if ('problem' in r) return setProblem(r.problem);
    setProblem(null);
    const key = statusKey(r.data);
    if (lastKey.current !== null && key !== lastKey.current) setAnnouncement(announce(r.data));
    lastKey.current = key;
    setDoc(r.data);
  }, [id]);

  /** Reads the pages after the cursor up to the end (or PAGES_PER_READ of them). */
  const readTimeline = useCallback(
    async () => {
      for (let pages = 0; pages < PAGES_PER_READ; pages++) {
        const query = { limit: TIMELINE_PAGE, ...(cursor.current ? { cursor: cursor.current } : {}) };
        const { data } = await api.GET('/v1/moves/{id}/timeline', { params: { path: { id }, query } }).catch(() => ({ data: undefined }));
        if (!data) return;
        const items = data.timeline as TimelineItem[];
        setTimeline((shown) => merge(shown, items));
        if (data.next_cursor === null) return;
        cursor.current = data.next_cursor;
      }
    },
    [id],
  );

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    cursor.current = undefined;
    lastKey.current = null;
    setDoc(null);
    setTimeline([]);
    const tick = async (first: boolean) => {
      clearTimeout(timer);
      if (document.visibilityState === 'visible' || first) {
        await Promise.all([readDoc(), readTimeline()]);
      }
      if (live) timer = setTimeout(() => void tick(false), POLL_MS);
    };
    void tick(true);
    const onVisible = () => document.visibilityState === 'visible' && live && void tick(false);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [id, readDoc, readTimeline]);

  const refresh = useCallback(async () => {
    await Promise.all([readDoc(), readTimeline()]);
  }, [readDoc, readTimeline]);

  const first = doc ? legsOf(doc)[0] : undefined;
  const shownZone = zoneOf(first?.rooftop) ?? first?.pickup_location.timezone ?? null;
  return { doc, zone: shownZone, problem, timeline, announcement, refresh };
}

/** The items shown plus the new ones, each once, in the API's order (oldest first). */
function merge(shown: TimelineItem[], fresh: TimelineItem[]): TimelineItem[] {
  const known = new Set(shown.map((i) => i.id));
  const added = fresh.filter((i) => !known.has(i.id));
  return added.length ? [...shown, ...added] : shown;
}

function announce(doc: MoveDocument): string {
  const legs = legsOf(doc);
  const words = legs.map((l) => statusOf(l).words);
  const driver = legs.find((l) => l.driver_name)?.driver_name;
  return `Status now: ${[...new Set(words)].join('; ')}.${driver ? ` Driver: ${driver}.` : ''}`;
}
