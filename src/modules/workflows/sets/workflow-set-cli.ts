// The admin CLI's workflowset commands (src/cli.ts parses their flags): a file holding the body of
// the ops API goes through the API's own reader and service, so its problems read like the API's.
import type { Executor } from '../../../db/executor.ts';
import { systemClock } from '../../../lib/clock.ts';
import { ApiError } from '../../../lib/errors.ts';
import { readJsonObjectFile } from '../../../lib/json-file.ts';
import { readNewWorkflowSet, readWorkflowSetPatch } from './workflow-set-request.ts';
import { ADMIN_SCOPE, WorkflowSetService } from './workflow-sets.service.ts';

const service = (db: Executor) => new WorkflowSetService({ db, clock: systemClock });

/** `workflowset add`: `rooftop` and `isDefault` (the flags) stand for the file's rooftop and is_default. */
export async function addSetFromFile(db: Executor, flags: { file: string; rooftop?: unknown; isDefault: boolean }): Promise<object> {
  const body = { ...readJsonObjectFile(flags.file, 'file'), ...(flags.rooftop !== undefined && { rooftop: flags.rooftop }), ...(flags.isDefault && { is_default: true }) };
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
  return service(db).update(ADMIN_SCOPE, id, readWorkflowSetPatch(readJsonObjectFile(file, 'file')));
}
