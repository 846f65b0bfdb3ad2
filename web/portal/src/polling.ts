// How the board, the drivers' map and the pending cancelations stay live: `load` at once, then every
// `intervalMs` while the tab is visible (and at once when it becomes visible again), never two at a
// time, and not while `paused()` says so (e.g. a decision form is open). Polling rather than
// server-sent events, for the reasons in move/use-live-move.ts: it works unchanged across several
// server processes and through any proxy, and the reads are cheap indexed GETs.
import { useEffect } from 'preact/hooks';

export function usePolling(load: () => Promise<unknown>, intervalMs: number, paused: () => boolean = () => false): void {
  useEffect(() => {
    let running = false;
    const run = async () => {
      if (running) return;
      running = true;
      try {
        await load();
      } finally {
        running = false;
      }
    };
    void run();
    const tick = () => {
      if (document.visibilityState === 'visible' && !paused()) void run();
    };
    const timer = setInterval(tick, intervalMs);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [load, intervalMs]);
}
