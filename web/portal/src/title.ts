import { useEffect } from 'preact/hooks';

/** The tab's title names the page first, so it is what a screen reader announces on arrival. */
export function useTitle(page: string): void {
  useEffect(() => {
    document.title = `${page} · Handoff portal`;
  }, [page]);
}
