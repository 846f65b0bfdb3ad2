// Who this process is, for claims that outlive a request (Idempotency-Key claims), and whether the
// process behind another claim is provably gone. Only "provably" matters: a claim whose owner
// cannot be checked (another host, or a pid that is alive) keeps its full lease, which is safe.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

const host = hostname();
/** host:pid:nonce. The nonce tells this process from an earlier one that had the same pid. */
export const PROCESS_IDENTITY = `${host}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * True when `owner` names a process on this host that no longer runs: its pid is gone, or the pid
 * is ours but the nonce is not (we reuse a dead process's pid). False whenever in doubt. Host names
 * must be unique per machine (containers get their own), or a claim could be misjudged.
 */
export function isGoneProcess(owner: string | null): boolean {
  if (owner === null || owner === PROCESS_IDENTITY) return false;
  const m = /^(.*):(\d+):([^:]+)$/.exec(owner);
  if (!m || m[1] !== host) return false;
  const pid = Number(m[2]);
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0); // signal 0: only asks whether the process exists
    return false;
  } catch (err) {
    // EPERM: it exists, under another user.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
