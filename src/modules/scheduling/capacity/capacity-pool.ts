// The pool of unassigned work (ours): booked scenarios nobody drives yet and active holds, placed
// once per picture into the free windows, so that most "does this trip fit too?" questions are
// answered against that placement without searching: a gap of the placement that holds the trip
// is a quick yes; an instant of the trip where the running trips outnumber the windows that could
// hold them is a quick no; only in between does a search re-place pooled jobs to make room.
//
// Overflow: when the desk has booked more than the windows can hold, not every job can be placed.
// Jobs keep their place in booking order — a job joins the pool when the pool with it can still be
// placed — so the latest-booked jobs that cannot be placed are dropped. They are overflow: they wait
// for a driver the desk adds (a new shift, or dispatching one by hand), and meanwhile they do not
// make every other trip of the day look impossible. A job the bounded search cannot decide is
// dropped the same way (see CapacityLimits).
import type { CapacityBoard, Need } from './capacity-board.ts';
import { searchPlacement, type SearchJob, type Verdict } from './capacity-search.ts';

export interface PoolJob extends Need {
  /** Booking order: lower was booked first. */
  order: number;
}

/**
 * How much searching a picture may do. Within them the answers are exact; beyond them they are
 * conservative for trips (a trip the search cannot place in time does not fit) and drop the job
 * for the pool (it becomes overflow).
 */
export interface CapacityLimits {
  /** Nodes a fits() search may visit. */
  searchNodes: number;
  /** Nodes a search placing one more booked job may visit while the pool is built… */
  insertNodes: number;
  /** …and all of the build's searches together. */
  buildNodes: number;
  /**
   * A search re-places every pooled job linked to the new one (overlapping it, or each other) when
   * there are at most this many; on a busier day only those within `reachMs` of the new one move,
   * and the rest stay where the placement has them.
   */
  exactJobs: number;
  reachMs: number;
}

// Measured on the benchmark's busy day (scripts/bench/availability-day.ts: 50 drivers, 500
// scenarios, 40 of them overflow): 2,000 and 300 nodes gave the same answers and overflow as 500
// and 150, in twice the time — the searches that run out are the hopeless ones, wherever the cut.
export const DEFAULT_LIMITS: CapacityLimits = {
  searchNodes: 500,
  insertNodes: 150,
  buildNodes: 10_000,
  exactJobs: 40,
  reachMs: 90 * 60_000,
};

export class CapacityPool {
  /** Job indexes dropped as overflow, in booking order. */
  readonly overflow: number[] = [];
  /** Searches run, and those that ran out of nodes (tests hold small instances to none). */
  searches = 0;
  undecided = 0;
  private readonly windowOf = new Map<number, number>();
  private readonly inWindow = new Map<number, number[]>();
  private readonly cands: number[][];
  private buildNodesLeft: number;
  /** The pool's overlap components once built (fits() asks only after the build). */
  private components: { start: number; end: number; jobs: number[] }[] | undefined;

  constructor(
    private readonly board: CapacityBoard,
    private readonly jobs: readonly PoolJob[],
    private readonly limits: CapacityLimits = DEFAULT_LIMITS,
  ) {
    this.buildNodesLeft = limits.buildNodes;
    this.cands = jobs.map((j) => board.candidates(j));
    const placeable = jobs.map((_, i) => i).filter((i) => this.cands[i]!.length > 0);
    for (const component of overlapping(placeable.sort(this.byStart), this.jobs)) {
      // All at once first: a small component exactly, a large one by the search's first descent (best fit).
      const budget = component.length <= limits.exactJobs ? limits.insertNodes : component.length * 2;
      const verdict = this.buildSearch(() => this.search(component, [], null, Math.min(budget, this.buildNodesLeft), true));
      if (verdict !== 'yes') this.placeInBookingOrder(component);
    }
    this.overflow.push(...jobs.map((_, i) => i).filter((i) => !this.windowOf.has(i)));
    this.overflow.sort((a, b) => jobs[a]!.order - jobs[b]!.order);
  }

  /** Whether `need` fits with every pooled job still placed. */
  fits(need: Need): boolean {
    const cands = this.board.candidates(need);
    if (!cands.length) return false;
    if (cands.some((w) => this.gapFor(w, need))) return true;
    const linked = this.placedAround(need);
    if (this.overCapacity(linked, need)) return false;
    return this.search(linked, [], { need, cands }, this.limits.searchNodes).verdict === 'yes';
  }

  private readonly byStart = (a: number, b: number) => {
    const x = this.jobs[a]!;
    const y = this.jobs[b]!;
    return x.start - y.start || y.end - x.end || x.order - y.order;
  };

  /**
   * One component's jobs, in booking order: each joins when it fits into a gap of the placement so
   * far, or when a search re-placing the jobs linked to it finds room for all.
   */
  private placeInBookingOrder(component: number[]): void {
    const pooled: number[] = [];
    for (const j of [...component].sort((a, b) => this.jobs[a]!.order - this.jobs[b]!.order)) {
      const job = this.jobs[j]!;
      const gap = this.cands[j]!.find((w) => this.gapFor(w, job));
      if (gap !== undefined) {
        this.assign(j, gap);
      } else {
        const linked = overlapping([...pooled, j].sort(this.byStart), this.jobs).find((c) => c.includes(j))!.filter((i) => i !== j);
        if (this.overCapacity(linked, job)) continue;
        const budget = Math.min(this.limits.insertNodes, this.buildNodesLeft);
        if (this.buildSearch(() => this.search(linked, [j], null, budget)) !== 'yes') continue;
      }
      pooled.push(j);
    }
  }

  private buildSearch(run: () => { verdict: Verdict; nodes: number }): Verdict {
    const { verdict, nodes } = run();
    this.buildNodesLeft -= nodes;
    return verdict;
  }

  /**
   * Searches a placement of the pooled jobs `linked` (guided by where they are) plus `extra` pool
   * jobs or a trip; `whole`: all of `linked` move, however many. A pool search's placement is kept
   * when it says yes.
   */
  private search(
    linked: number[],
    extra: number[],
    trip: { need: Need; cands: number[] } | null,
    budget: number,
    whole = false,
  ): { verdict: Verdict; nodes: number } {
    if (budget <= 0) return this.undecidedAnswer(0);
    const focus = trip?.need ?? this.jobs[extra[0]!]!;
    const { moving, fixed } = whole ? { moving: linked, fixed: [] } : this.movable(linked, focus);
    const blocked = new Map<number, number[]>();
    for (const j of fixed) blocked.set(this.windowOf.get(j)!, [...(blocked.get(this.windowOf.get(j)!) ?? []), j]);
    const free = (cands: number[], span: Need) => cands.filter((w) => (blocked.get(w) ?? []).every((f) => !overlaps(this.jobs[f]!, span)));

    const entries = [...moving, ...extra].map((j) => ({
      job: j,
      search: { start: this.jobs[j]!.start, end: this.jobs[j]!.end, cands: free(this.cands[j]!, this.jobs[j]!), guide: this.windowOf.get(j) ?? -1 },
    }));
    if (trip) entries.push({ job: -1, search: { start: trip.need.start, end: trip.need.end, cands: free(trip.cands, trip.need), guide: -1 } });
    entries.sort((a, b) => a.search.start - b.search.start || b.search.end - a.search.end);

    this.searches++;
    const result = searchPlacement(this.board, entries.map((e) => e.search) as SearchJob[], budget, new Set(blocked.keys()));
    if (result.verdict === 'unknown') return this.undecidedAnswer(result.nodes);
    if (result.verdict === 'yes' && !trip) {
      for (const e of entries) this.unassign(e.job);
      entries.forEach((e, i) => this.assign(e.job, result.choice[i]!));
    }
    return result;
  }

  /** The linked jobs a search may move, and those it must leave where they are (see CapacityLimits). */
  private movable(linked: number[], focus: Need): { moving: number[]; fixed: number[] } {
    if (linked.length <= this.limits.exactJobs) return { moving: linked, fixed: [] };
    const near = { start: focus.start - this.limits.reachMs, end: focus.end + this.limits.reachMs };
    const moving: number[] = [];
    const fixed: number[] = [];
    for (const j of linked) (overlaps(this.jobs[j]!, near) ? moving : fixed).push(j);
    return { moving, fixed };
  }

  private undecidedAnswer(nodes: number): { verdict: Verdict; nodes: number } {
    this.undecided++;
    return { verdict: 'unknown', nodes };
  }

  /** Whether window w has room for `need` beside the jobs placed in it. */
  private gapFor(w: number, need: Need): boolean {
    return (this.inWindow.get(w) ?? []).every((j) => !overlaps(this.jobs[j]!, need));
  }

  /** The pooled jobs linked to `need` by overlapping it or each other: the only ones a search could have to move. */
  private placedAround(need: Need): number[] {
    // The pool's components are disjoint in time: those `need` overlaps are all it links.
    this.components ??= overlapping([...this.windowOf.keys()].sort(this.byStart), this.jobs).map((jobs) => ({
      start: this.jobs[jobs[0]!]!.start,
      end: Math.max(...jobs.map((j) => this.jobs[j]!.end)),
      jobs,
    }));
    return this.components.filter((c) => overlaps(c, need)).flatMap((c) => c.jobs);
  }

  /**
   * A quick "no": at some instant of `need` (its start, or a pooled job's start within it, where the
   * set of running spans grows), the running spans cannot each have a window of their own.
   */
  private overCapacity(linked: number[], need: Need): boolean {
    const instants = [need.start, ...linked.map((j) => this.jobs[j]!.start).filter((t) => t > need.start && t < need.end)];
    return instants.some((t) => {
      const running: { start: number; end: number }[] = [need];
      for (const j of linked) if (this.jobs[j]!.start <= t && this.jobs[j]!.end > t) running.push(this.jobs[j]!);
      return !this.board.canSeat(running, t);
    });
  }

  private assign(job: number, window: number): void {
    this.windowOf.set(job, window);
    this.inWindow.set(window, [...(this.inWindow.get(window) ?? []), job]);
  }

  private unassign(job: number): void {
    const window = this.windowOf.get(job);
    if (window === undefined) return;
    this.windowOf.delete(job);
    this.inWindow.set(window, this.inWindow.get(window)!.filter((j) => j !== job));
  }
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/** Groups jobs (sorted by start) into components of the overlap graph: jobs of different ones never compete. */
function overlapping(sorted: number[], jobs: readonly PoolJob[]): number[][] {
  const groups: number[][] = [];
  let reach = -Infinity;
  for (const j of sorted) {
    const job = jobs[j]!;
    if (job.start >= reach || !groups.length) groups.push([]);
    groups.at(-1)!.push(j);
    reach = Math.max(reach, job.end);
  }
  return groups;
}
