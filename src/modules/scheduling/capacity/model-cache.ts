// Capacity models kept by what they were built from (ours). Availability is asked again and again
// for the same day — every advisor's page load, every customer on the phone — while the day's
// shifts, bookings and holds change far less often; building the model (placing the unassigned
// work) is most of an answer's time. The key is a hash of the model's whole input (the free windows
// and the jobs, in order), so a change to any of them — a booking, a dispatch, a shift, a hold taken
// or expired — is a new key: nothing is ever invalidated, and a stale model cannot be served.
import { createHash } from 'node:crypto';
import type { FreeWindow } from './free-windows.ts';
import type { ModelJob } from './capacity-model.ts';

/** Models kept per process: a few days being asked about at once, each a few hundred kB at most. */
const KEPT = 16;

export class ModelCache<M> {
  private readonly models = new Map<string, M>();

  constructor(private readonly kept = KEPT) {}

  /** The model built from these inputs, built now when none is kept (the least recently used goes). */
  get(windows: readonly FreeWindow[], jobs: readonly ModelJob[], build: () => M): M {
    const key = inputKey(windows, jobs);
    let model = this.models.get(key);
    if (model === undefined) {
      model = build();
      if (this.models.size >= this.kept) this.models.delete(this.models.keys().next().value!);
    } else {
      this.models.delete(key);
    }
    this.models.set(key, model);
    return model;
  }
}

/** SHA-256 of the inputs' fields, in order (a model's answers depend on the jobs' booking order too). */
function inputKey(windows: readonly FreeWindow[], jobs: readonly ModelJob[]): string {
  const hash = createHash('sha256');
  for (const w of windows) hash.update(`w${w.driverId},${w.start},${w.end},${w.rooftopId ?? '*'},${w.manual ? 1 : 0};`);
  for (const j of jobs) hash.update(`j${j.start},${j.end},${j.rooftopId},${j.manual ? 1 : 0},${j.order},${j.hold ? 1 : 0};`);
  return hash.digest('base64');
}
