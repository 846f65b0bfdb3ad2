// What a job handler is, and what running one comes to: done, or a failure with the instant to
// try again (null: never). The worker (worker.ts) claims, runs through here, and records.
import type { Clock } from '../lib/clock.ts';
import type { Job } from './job-queue.ts';

export interface JobContext {
  /** The claimed row; `attempts` counts this run. */
  job: Job;
  now: number;
}

/**
 * Does the work of one job, outside any transaction (it opens its own). Resolving marks the job
 * done; throwing schedules a retry after the backoff delay, or at RetryAt's instant, or — for a
 * PermanentJobError, or once max_attempts is used — fails it for good.
 */
export type JobHandler<P = unknown> = (payload: P, ctx: JobContext) => Promise<void>;

/** Thrown by a handler to retry at a given instant rather than after the backoff delay (a Retry-After). */
export class RetryAt extends Error {
  constructor(
    readonly at: number,
    message = `retry requested for ${new Date(at).toISOString()}`,
  ) {
    super(message);
    this.name = 'RetryAt';
  }
}

/** Thrown by a handler when trying again cannot help (the receiver rejected the payload itself). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

export type Outcome = { ok: true } | { ok: false; error: string; retryAt: number | null };

/** Runs `handler` on the job's payload; never rejects: every failure is an Outcome. */
export async function runHandler(
  handler: JobHandler<never> | undefined,
  job: Job,
  clock: Clock,
  backoff: (attempt: number) => number,
): Promise<Outcome> {
  if (!handler) return { ok: false, error: `no handler registered for job kind "${job.kind}"`, retryAt: null };
  // Claims count attempts, so a claim beyond the budget means the last allowed run never
  // reported back: its worker died (perhaps because of this job), and we stop here.
  if (job.attempts > job.max_attempts) {
    return { ok: false, error: `gave up after ${job.max_attempts} attempts: the last one never finished (its worker stopped)`, retryAt: null };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(job.payload);
  } catch {
    return { ok: false, error: 'payload is not valid JSON', retryAt: null };
  }
  try {
    await (handler as JobHandler<unknown>)(payload, { job, now: clock.now() });
    return { ok: true };
  } catch (err) {
    const error = describe(err);
    if (err instanceof RetryAt) return { ok: false, error, retryAt: err.at };
    if (err instanceof PermanentJobError) return { ok: false, error, retryAt: null };
    return { ok: false, error, retryAt: clock.now() + Math.max(0, backoff(job.attempts)) };
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message ? `${err.name}: ${err.message}` : err.name;
  return String(err);
}
