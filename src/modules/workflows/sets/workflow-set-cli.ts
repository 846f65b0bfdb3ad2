// The admin CLI's workflowset commands (src/cli.ts parses their flags): a file holding the body of
// the ops API goes through the API's own reader and service, so its problems read like the API's.
import { readFileSync } from 'node:fs';
import type { Executor } from '../../../db/executor.ts';
import { systemClock } from '../../../lib/clock.ts';
import { ApiError } from '../../../lib/errors.ts';
import { readNewWorkflowSet, readWorkflowSetPatch } from './workflow-set-request.ts';
import { ADMIN_SCOPE, WorkflowSetService } from './workflow-sets.service.ts';

const service = (db: Executor) => new WorkflowSetService({ db, clock: systemClock });

/** `workflowset add`: `rooftop` and `isDefault` (the flags) stand for the file's rooftop and is_default. */
export async function addSetFromFile(db: Executor, flags: { file: string; rooftop?: unknown; isDefault: boolean }): Promise<object> {
  const body = { ...readJsonFile(flags.file), ...(flags.rooftop !== undefined && { rooftop: flags.rooftop }), ...(flags.isDefault && { is_default: true }) };
  const sets = service(db);
  return JSON.parse(await sets.create(await readNewWorkflowSet(body, sets.rooftopCheck(ADMIN_SCOPE)))) as object;
}

/** `workflowset list`: the built-in set and the rooftop's (null: every rooftop's). */
export async function listSets(db: Executor, rooftopId: number | null): Promise<object> {
  const sets = service(db);
  const problem = rooftopId === null ? null : await sets.rooftopCheck(ADMIN_SCOPE)(rooftopId);
  if (problem !== null) throw ApiError.fromProblems([{ code: 'not_found', field: 'rooftop', message: problem }]);
  return { workflow_sets: await sets.list(ADMIN_SCOPE, rooftopId) };
}

/** `workflowset edit`: the file is a PATCH body. */
export async function editSetFromFile(db: Executor, id: number, file: string): Promise<object> {
  return service(db).update(ADMIN_SCOPE, id, readWorkflowSetPatch(readJsonFile(file)));
}

/** A JSON object from a file; a file that cannot be read or is no JSON object is a problem of `file`. */
function readJsonFile(path: string): Record<string, unknown> {
  const problem = (message: string) => ApiError.fromProblems([{ code: 'field_invalid', field: 'file', message }]);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw problem(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw problem(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw problem(`${path} must hold a JSON object`);
  return parsed as Record<string, unknown>;
}
