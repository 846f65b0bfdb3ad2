// Which due jobs a worker takes next, given what it is running already: the pure rule behind its
// claims. Three bounds keep one slow tenant or one dead receiver from holding every slot:
//   - per kind: webhook deliveries (a tenant's server at the other end) cannot take the slots of
//     texts and cancel decisions;
//   - per concurrency key within a kind: at most so many deliveries to one webhook target host;
//   - per rooftop within a kind: a rooftop takes at most a share of that kind's slots.
// Among the jobs that fit, the rooftop running the fewest goes first (then the oldest job), so a
// rooftop with thousands of deliveries due waits its turn behind another rooftop's one.
//
// The counts are this worker's own: a process knows only the jobs it runs. With several worker
// processes each applies the bounds to itself, so a host may see up to N times its cap at once;
// that still bounds it, and it spares every claim a count over the whole running set.

/** What the rule needs to know of a due job (a row of the candidates query). */
export interface Claimable {
  id: number;
  kind: string;
  /** null: a job of no rooftop (or queued before rooftops were recorded); they share one group. */
  rooftop_id: number | null;
  concurrency_key: string | null;
  run_at: number;
}

export type JobTraits = Pick<Claimable, 'kind' | 'rooftop_id' | 'concurrency_key'>;

export interface KindLimits {
  /** Jobs of the kind running at once. */
  concurrency: number;
  /** Jobs of the kind with the same concurrency key running at once. */
  perKey: number;
}

export interface ConcurrencyPolicy {
  /** Jobs running at once, all kinds together. */
  total: number;
  limitsOf(kind: string): KindLimits;
  /** The fraction (0 < share ≤ 1) of a kind's slots one rooftop may hold. */
  rooftopShare: number;
}

/** A rooftop's cap within a kind: its share of the kind's slots, and at least one. */
export const rooftopCap = (policy: ConcurrencyPolicy, kind: string) =>
  Math.max(1, Math.floor(policy.limitsOf(kind).concurrency * policy.rooftopShare));

/** Running counts by kind, by kind and rooftop, by kind and key, and by rooftop. */
export class JobLoad {
  total = 0;
  private readonly kinds = new Map<string, number>();
  private readonly rooftops = new Map<number | null, number>();
  private readonly kindRooftops = new Map<string, Map<number | null, number>>();
  private readonly kindKeys = new Map<string, Map<string, number>>();

  add(job: JobTraits): void {
    this.change(job, 1);
  }

  remove(job: JobTraits): void {
    this.change(job, -1);
  }

  ofKind(kind: string): number {
    return this.kinds.get(kind) ?? 0;
  }

  ofRooftop(rooftopId: number | null): number {
    return this.rooftops.get(rooftopId) ?? 0;
  }

  ofKindRooftop(kind: string, rooftopId: number | null): number {
    return this.kindRooftops.get(kind)?.get(rooftopId) ?? 0;
  }

  ofKindKey(kind: string, key: string): number {
    return this.kindKeys.get(kind)?.get(key) ?? 0;
  }

  /** Kinds with something running, and per kind the rooftops and keys with something running. */
  entries() {
    return [...this.kinds.keys()].map((kind) => ({
      kind,
      rooftops: [...(this.kindRooftops.get(kind)?.keys() ?? [])],
      keys: [...(this.kindKeys.get(kind)?.keys() ?? [])],
    }));
  }

  clone(): JobLoad {
    const copy = new JobLoad();
    copy.total = this.total;
    for (const [k, v] of this.kinds) copy.kinds.set(k, v);
    for (const [k, v] of this.rooftops) copy.rooftops.set(k, v);
    for (const [k, m] of this.kindRooftops) copy.kindRooftops.set(k, new Map(m));
    for (const [k, m] of this.kindKeys) copy.kindKeys.set(k, new Map(m));
    return copy;
  }

  private change(job: JobTraits, by: 1 | -1): void {
    const bump = <K>(map: Map<K, number>, key: K) => {
      const n = (map.get(key) ?? 0) + by;
      if (n > 0) map.set(key, n);
      else map.delete(key);
    };
    const inner = <K>(map: Map<string, Map<K, number>>, key: K) => {
      const m = map.get(job.kind) ?? new Map<K, number>();
      bump(m, key);
      if (m.size) map.set(job.kind, m);
      else map.delete(job.kind);
    };
    this.total += by;
    bump(this.kinds, job.kind);
    bump(this.rooftops, job.rooftop_id);
    inner(this.kindRooftops, job.rooftop_id);
    if (job.concurrency_key !== null) inner(this.kindKeys, job.concurrency_key);
  }
}

/** Whether one more job like this fits under every bound. */
export function fits(job: JobTraits, load: JobLoad, policy: ConcurrencyPolicy): boolean {
  const limits = policy.limitsOf(job.kind);
  return (
    load.total < policy.total &&
    load.ofKind(job.kind) < limits.concurrency &&
    load.ofKindRooftop(job.kind, job.rooftop_id) < rooftopCap(policy, job.kind) &&
    (job.concurrency_key === null || load.ofKindKey(job.kind, job.concurrency_key) < limits.perKey)
  );
}

/** Groups with no room left, for the candidates query to pass over (so it finds what does fit). */
export interface ClaimExclusions {
  kinds: string[];
  rooftops: { kind: string; rooftopIds: (number | null)[] }[];
  keys: { kind: string; keys: string[] }[];
}

export function exclusionsFor(load: JobLoad, policy: ConcurrencyPolicy): ClaimExclusions {
  const out: ClaimExclusions = { kinds: [], rooftops: [], keys: [] };
  for (const { kind, rooftops, keys } of load.entries()) {
    const limits = policy.limitsOf(kind);
    if (load.ofKind(kind) >= limits.concurrency) {
      out.kinds.push(kind);
      continue;
    }
    const fullRooftops = rooftops.filter((r) => load.ofKindRooftop(kind, r) >= rooftopCap(policy, kind));
    if (fullRooftops.length) out.rooftops.push({ kind, rooftopIds: fullRooftops });
    const fullKeys = keys.filter((k) => load.ofKindKey(kind, k) >= limits.perKey);
    if (fullKeys.length) out.keys.push({ kind, keys: fullKeys });
  }
  return out;
}

/** How many jobs the next claim may take: the free slots, at most `batch`. */
export const roomFor = (load: JobLoad, policy: ConcurrencyPolicy, batch: number) =>
  Math.max(0, Math.min(batch, policy.total - load.total));

/**
 * Chooses up to `max` of `candidates` to claim: one at a time, the job of the least busy rooftop
 * (its running jobs plus those chosen so far), then the oldest, among those that still fit.
 * A rooftop's own jobs keep their order unless a bound stops one; a job held back by a full
 * target host never holds back its rooftop's jobs to other hosts.
 */
export function pickFair(candidates: readonly Claimable[], load: JobLoad, policy: ConcurrencyPolicy, max: number): Claimable[] {
  const projected = load.clone();
  let pool = candidates.filter((c) => fits(c, projected, policy));
  const picked: Claimable[] = [];
  while (picked.length < max && pool.length > 0) {
    let best = pool[0]!;
    for (const c of pool) {
      const busy = projected.ofRooftop(c.rooftop_id) - projected.ofRooftop(best.rooftop_id);
      if (busy < 0 || (busy === 0 && (c.run_at < best.run_at || (c.run_at === best.run_at && c.id < best.id)))) best = c;
    }
    picked.push(best);
    projected.add(best);
    // Counts only grow during a pick, so what no longer fits never will.
    pool = pool.filter((c) => c !== best && fits(c, projected, policy));
  }
  return picked;
}
