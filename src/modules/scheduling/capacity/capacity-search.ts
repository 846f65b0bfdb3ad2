// The exact placement search (ours): can every job go into one of its candidate windows with no two
// jobs overlapping in a window? (Windows of one driver never overlap, so that is also "no two jobs
// overlapping on one driver".) This is NP-hard in general — windows of different lengths and
// eligibility make it a list-colouring of an interval graph — so the search is exact but bounded:
//
// - jobs are taken in start order, so a window's whole state is when its last job ends (its
//   "frontier"); a job fits a window whose frontier is at or before the job's start;
// - depth-first over the candidate windows: the guide's window first (the placement already known,
//   so a search that only has to make room follows it and rarely backtracks), then the least capable
//   window, earliest end ("best fit": the idle time before a job is lost to every later job anyway);
// - symmetry: two free candidate windows of one class with one end are interchangeable, only the
//   first is tried;
// - memo of failed states: at job i only the windows open at its start matter (those that ended are
//   dead, those not yet open are untouched in every branch), each as (class, end, frontier if later
//   than the start), so the state is that multiset, kept as a hash (a collision could only turn a
//   "fits" into "does not fit", never the other way); it is only kept once something has failed;
// - a node budget: out of budget the answer is 'unknown' (callers treat it as "does not fit").
import type { CapacityBoard } from './capacity-board.ts';

export interface SearchJob {
  start: number;
  end: number;
  /** Candidate windows (board indexes) in preference order: CapacityBoard.candidates. */
  cands: readonly number[];
  /** The window the known placement has it in; -1 for none. */
  guide: number;
}

export type Verdict = 'yes' | 'no' | 'unknown';

export interface SearchResult {
  verdict: Verdict;
  /** With 'yes': the window of each job, in the order given. */
  choice: Int32Array;
  nodes: number;
}

class OutOfBudget extends Error {}

/**
 * `jobs` sorted by start. `unique`: windows that are like no other even within their class (jobs
 * left in them outside the search block parts of them), so they are neither interchangeable nor
 * merged in the memo.
 */
export function searchPlacement(board: CapacityBoard, jobs: readonly SearchJob[], budget: number, unique: ReadonlySet<number> = new Set()): SearchResult {
  const search = new Search(board, jobs, budget, unique);
  try {
    return { verdict: search.place(0) ? 'yes' : 'no', choice: search.choice, nodes: search.nodes };
  } catch (e) {
    if (e instanceof OutOfBudget) return { verdict: 'unknown', choice: search.choice, nodes: budget };
    throw e;
  }
}

// A class rather than closures: a node allocates nothing but its memo key.
class Search {
  readonly choice: Int32Array;
  nodes = 0;
  private readonly frontier: Float64Array;
  private readonly cls: Int32Array;
  /** Built at the first failure (most searches never fail once): see stateKey. */
  private memo: { open: OpenWindows; failed: Set<number> } | undefined;

  constructor(
    private readonly board: CapacityBoard,
    private readonly jobs: readonly SearchJob[],
    private readonly budget: number,
    unique: ReadonlySet<number>,
  ) {
    this.choice = new Int32Array(jobs.length).fill(-1);
    this.frontier = new Float64Array(board.size).fill(-Infinity);
    this.cls = board.classOf.map((c, w) => (unique.has(w) ? -1 - w : c));
  }

  place(i: number): boolean {
    if (i === this.jobs.length) return true;
    if (++this.nodes > this.budget) throw new OutOfBudget();
    let key: number | undefined;
    if (this.memo) {
      key = this.stateKey(i);
      if (this.memo.failed.has(key)) return false;
    }
    const job = this.jobs[i]!;
    const guide = job.guide >= 0 && this.frontier[job.guide]! <= job.start && job.cands.includes(job.guide) ? job.guide : -1;
    if (guide >= 0 && this.tryWindow(i, guide)) return true;
    let last = -1;
    for (const w of job.cands) {
      if (this.frontier[w]! > job.start || this.sameAs(w, guide) || this.sameAs(w, last)) continue;
      last = w;
      if (this.tryWindow(i, w)) return true;
    }
    const failedKey = key ?? this.stateKey(i);
    this.memo!.failed.add(failedKey);
    return false;
  }

  private tryWindow(i: number, w: number): boolean {
    const before = this.frontier[w]!;
    this.frontier[w] = this.jobs[i]!.end;
    this.choice[i] = w;
    if (this.place(i + 1)) return true;
    this.frontier[w] = before;
    return false;
  }

  /** Free windows of one class and one end are interchangeable (b < 0: none). */
  private sameAs(a: number, b: number): boolean {
    return b >= 0 && this.classOf(a) === this.classOf(b) && this.board.windows[a]!.end === this.board.windows[b]!.end;
  }

  private classOf(w: number): number {
    return this.cls[w]!;
  }

  /**
   * The multiset of (class, end, frontier if later than the job's start) of the windows open at job
   * i's start, as one hash: a sum over the windows (their order does not matter), where the free
   * ones' part is summed once per job in advance and only the busy ones are hashed here.
   */
  private stateKey(i: number): number {
    const memo = (this.memo ??= { open: new OpenWindows(this.board, this.jobs, (w) => mix(this.classOf(w), this.board.windows[w]!.end, 0)), failed: new Set() });
    const at = this.jobs[i]!.start;
    const { windows, freeSum } = memo.open.at(i);
    let sum = freeSum;
    for (const w of windows) {
      const busy = this.frontier[w]!;
      if (busy > at) sum += mix(this.classOf(w), this.board.windows[w]!.end, busy) - mix(this.classOf(w), this.board.windows[w]!.end, 0);
    }
    return (((sum % HASH_MOD) + HASH_MOD) % HASH_MOD) * 4096 + (i % 4096);
  }

}

const HASH_MOD = 2 ** 40;

/**
 * For a job, the candidate windows of any job that are open at its start: the only windows whose
 * state differs between branches there (the others have ended, or nobody could use them yet), and
 * the hash of their free state. Found when a job's state is first asked for (a search that fails
 * early never pays for the jobs after it), then kept.
 */
class OpenWindows {
  /** Candidate windows of any job, by start. */
  private readonly inPlay: number[];
  private readonly starts: Float64Array;
  private readonly found = new Map<number, { windows: number[]; freeSum: number }>();

  constructor(
    private readonly board: CapacityBoard,
    private readonly jobs: readonly SearchJob[],
    private readonly freeHash: (w: number) => number,
  ) {
    const seen = new Set<number>();
    for (const j of jobs) for (const w of j.cands) seen.add(w);
    this.inPlay = [...seen].sort((a, b) => board.windows[a]!.start - board.windows[b]!.start);
    this.starts = Float64Array.from(this.inPlay, (w) => board.windows[w]!.start);
  }

  at(i: number): { windows: number[]; freeSum: number } {
    let open = this.found.get(i);
    if (open === undefined) {
      const at = this.jobs[i]!.start;
      const windows: number[] = [];
      let freeSum = 0;
      for (let k = 0; k < this.inPlay.length && this.starts[k]! <= at; k++) {
        const w = this.inPlay[k]!;
        if (this.board.windows[w]!.end <= at) continue;
        windows.push(w);
        freeSum += this.freeHash(w);
      }
      open = { windows, freeSum };
      this.found.set(i, open);
    }
    return open;
  }
}

/** A 32-bit hash of one window's state (instants are ms beyond 32 bits: both halves are mixed in). */
function mix(cls: number, end: number, busy: number): number {
  let h = Math.imul(0x9e3779b1 ^ cls, 0x27d4eb2d);
  h = Math.imul(h ^ (end >>> 0), 0x165667b1) ^ (h >>> 15);
  h = Math.imul(h ^ Math.floor(end / 0x100000000), 0x27d4eb2d) ^ (h >>> 13);
  h = Math.imul(h ^ (busy >>> 0), 0x165667b1) ^ (h >>> 15);
  h = Math.imul(h ^ Math.floor(busy / 0x100000000), 0x27d4eb2d) ^ (h >>> 13);
  return (h ^ (h >>> 16)) >>> 0;
}
