// One capacity picture as a pure value: the free windows, the unassigned jobs (scenarios and holds),
// and the answer to "does this trip fit too?", with or without the holds. capacity.ts reads it from
// the database; this file is what the unit tests hold against a brute-force reference.
import { CapacityBoard, type Need } from './capacity-board.ts';
import { type CapacityLimits, CapacityPool, DEFAULT_LIMITS, type PoolJob } from './capacity-pool.ts';
import type { FreeWindow } from './free-windows.ts';

export interface ModelJob extends PoolJob {
  /** An availability hold rather than a booked scenario. */
  hold: boolean;
}

export class CapacityModel {
  private readonly board: CapacityBoard;
  private withHolds: CapacityPool | undefined;
  private withoutHolds: CapacityPool | undefined;
  private readonly answers = new Map<string, boolean>();

  constructor(
    windows: readonly FreeWindow[],
    private readonly jobs: readonly ModelJob[],
    private readonly limits: CapacityLimits = DEFAULT_LIMITS,
  ) {
    this.board = new CapacityBoard(windows);
  }

  fits(need: Need, ignoreHolds = false): boolean {
    const key = `${need.start}|${need.end}|${need.rooftopId}|${need.manual ? 1 : 0}|${ignoreHolds ? 1 : 0}`;
    let answer = this.answers.get(key);
    if (answer === undefined) {
      answer = need.end > need.start && this.pool(ignoreHolds).pool.fits(need);
      this.answers.set(key, answer);
    }
    return answer;
  }

  /** The jobs dropped as overflow (booking order), of the pool with or without the holds. */
  overflow(ignoreHolds = false): ModelJob[] {
    const { pool, jobs } = this.pool(ignoreHolds);
    return pool.overflow.map((i) => jobs[i]!);
  }

  /** Searches run, and those that ran out of nodes, in the pools built so far. */
  get searches(): number {
    return (this.withHolds?.searches ?? 0) + (this.withoutHolds?.searches ?? 0);
  }

  get undecided(): number {
    return (this.withHolds?.undecided ?? 0) + (this.withoutHolds?.undecided ?? 0);
  }

  /**
   * Built when first asked. Without holds is its own pool, not the pool minus its holds: a job that
   * overflowed because of a hold booked before it is back in a picture without holds.
   */
  private pool(ignoreHolds: boolean): { pool: CapacityPool; jobs: readonly ModelJob[] } {
    const hasHolds = this.jobs.some((j) => j.hold);
    if (!ignoreHolds || !hasHolds) {
      this.withHolds ??= new CapacityPool(this.board, this.jobs, this.limits);
      return { pool: this.withHolds, jobs: this.jobs };
    }
    const jobs = this.jobs.filter((j) => !j.hold);
    this.withoutHolds ??= new CapacityPool(this.board, jobs, this.limits);
    return { pool: this.withoutHolds, jobs };
  }
}
