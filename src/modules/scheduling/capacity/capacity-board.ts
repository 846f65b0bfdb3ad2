// The free windows as the placement search sees them: indexed, grouped into eligibility classes,
// and asked which windows can take a trip. Pure; nothing here reads a clock or a database.
import type { FreeWindow } from './free-windows.ts';

/** Something to place: a half-open span [start, end) of one driver's time, with its needs. */
export interface Need {
  start: number;
  end: number;
  rooftopId: number;
  manual: boolean;
}

export class CapacityBoard {
  /** Sorted by start. */
  readonly windows: readonly FreeWindow[];
  /**
   * Windows of one class can take exactly the same trips: the search treats two free windows of one
   * class and one end as interchangeable (symmetry), and keys its memo by class.
   */
  readonly classOf: Int32Array;
  /**
   * How much a window can do that others cannot (manual, every rooftop): a trip goes to the least
   * capable window that fits first, keeping the capable ones for trips only they can take.
   */
  private readonly rank: Int32Array;
  private readonly starts: Float64Array;
  private readonly endsSorted: Float64Array;
  private readonly longest: number;
  /** Window indexes, latest end first. */
  private readonly latestEnd: Int32Array;

  constructor(windows: readonly FreeWindow[]) {
    this.windows = [...windows].sort((a, b) => a.start - b.start || a.end - b.end);
    const classes = new Map<string, number>();
    this.classOf = new Int32Array(this.windows.length);
    this.rank = new Int32Array(this.windows.length);
    this.windows.forEach((w, i) => {
      const key = `${w.rooftopId ?? '*'}|${w.manual ? 1 : 0}`;
      if (!classes.has(key)) classes.set(key, classes.size);
      this.classOf[i] = classes.get(key)!;
      this.rank[i] = (w.manual ? 2 : 0) + (w.rooftopId === null ? 1 : 0);
    });
    this.starts = Float64Array.from(this.windows, (w) => w.start);
    this.endsSorted = Float64Array.from(this.windows, (w) => w.end).sort();
    this.longest = this.windows.reduce((max, w) => Math.max(max, w.end - w.start), 0);
    this.latestEnd = Int32Array.from(this.windows.keys()).sort((a, b) => this.windows[b]!.end - this.windows[a]!.end);
  }

  get size(): number {
    return this.windows.length;
  }

  serves(w: number, need: Need): boolean {
    const win = this.windows[w]!;
    return (win.rooftopId === null || win.rooftopId === need.rooftopId) && (win.manual || !need.manual);
  }

  /** The windows that wholly contain `need` and may take it, least capable first, then earliest end. */
  candidates(need: Need): number[] {
    const found: number[] = [];
    // A window holding the need starts at or before it, and no earlier than its end minus the longest window.
    for (let w = lowerBound(this.starts, need.end - this.longest); w < this.size && this.starts[w]! <= need.start; w++) {
      if (this.windows[w]!.end >= need.end && this.serves(w, need)) found.push(w);
    }
    return found.sort((a, b) => this.rank[a]! - this.rank[b]! || this.classOf[a]! - this.classOf[b]! || this.windows[a]!.end - this.windows[b]!.end);
  }

  /** How many windows are open at instant t (start <= t < end): at most that many trips can run at t. */
  openAt(t: number): number {
    return upperBound(this.starts, t) - upperBound(this.endsSorted, t);
  }

  /**
   * Whether the spans running at one instant can each have a window of their own that wholly
   * contains them — a necessary condition for placing them (eligibility left aside, so it never
   * says no wrongly). Containment is a 2-D dominance (window start <= span start, window end >= span
   * end), where a greedy matching is a maximum one: spans by latest end first, each taking, among
   * the unused windows reaching its end, the one that opens latest but early enough — the windows
   * kept open earlier can take anything the one taken could.
   */
  canSeat(spans: readonly { start: number; end: number }[], at: number): boolean {
    if (spans.length > this.openAt(at)) return false;
    const byEnd = [...spans].sort((a, b) => b.end - a.end);
    const reaching: number[] = []; // starts of the unused windows open at `at` that reach the current span's end, ascending
    let next = 0;
    for (const span of byEnd) {
      for (; next < this.size && this.windows[this.latestEnd[next]!]!.end >= span.end; next++) {
        const w = this.windows[this.latestEnd[next]!]!;
        if (w.start <= at) insertSorted(reaching, w.start);
      }
      const i = upperBound(reaching, span.start) - 1;
      if (i < 0) return false;
      reaching.splice(i, 1);
    }
    return true;
  }
}

function insertSorted(sorted: number[], x: number): void {
  sorted.splice(upperBound(sorted, x), 0, x);
}

type Sorted = ArrayLike<number>;

/** The first index whose value is >= x. */
function lowerBound(sorted: Sorted, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose value is > x. */
function upperBound(sorted: Sorted, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
