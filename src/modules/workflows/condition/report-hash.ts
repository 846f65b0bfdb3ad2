/**
 * The tamper-evidence seal of a signed slot (spec §10.4, `report_sha256`): one hash over the slot's
 * data and the hashes of its photos' bytes, so the same evidence always hashes the same and any
 * changed value or photo byte changes it.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../lib/canonical-json.ts';

export interface PhotoEvidence {
  id: string;
  step_id: string;
  /** Hex SHA-256 of the stored original's bytes. */
  sha256: string;
}

export interface SignedReport {
  slot: string;
  move_id: number;
  data: Record<string, unknown>;
  photos: PhotoEvidence[];
}

/**
 * Hex SHA-256 of canonicalJson({ slot, move_id, data, photos }). Photos are sorted by id (then step and
 * hash, so even a duplicated id has one order), because the order photos were listed or uploaded in
 * is not evidence; only their three evidential fields are taken, so extra fields (urls, statuses,
 * thumbnails) that change after signing cannot move the hash.
 */
export function reportSha256(report: SignedReport): string {
  const photos = report.photos
    .map(({ id, step_id, sha256 }) => ({ id, step_id, sha256 }))
    .sort((a, b) => compareCodeUnits(a.id, b.id) || compareCodeUnits(a.step_id, b.step_id) || compareCodeUnits(a.sha256, b.sha256));
  const canonical = canonicalJson({ slot: report.slot, move_id: report.move_id, data: report.data, photos });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

// Not localeCompare: the order must not depend on the machine's locale.
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
