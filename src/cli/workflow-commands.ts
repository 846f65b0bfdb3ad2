// The CLI's workflowset commands: flags parsed here, the work done by the workflow sets' own CLI helpers.
import { parseArgs } from 'node:util';
import { addSetFromFile, editSetFromFile, listSets } from '../modules/workflows/sets/workflow-set-cli.ts';
import { type Action, INTEGER_ID, UsageError } from './kit.ts';

export function workflowSetAdd(args: string[]): Action {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { rooftop: { type: 'string' }, file: { type: 'string' }, default: { type: 'boolean', default: false } },
  });
  if (values.file === undefined) throw new UsageError('workflowset add needs --file SET_JSON');
  const file = values.file;
  // A malformed --rooftop goes into the body as given, so the reader reports it with the rest.
  const rooftop = values.rooftop !== undefined && INTEGER_ID.test(values.rooftop) ? Number(values.rooftop) : values.rooftop;
  return ({ db }) => addSetFromFile(db, { file, rooftop, isDefault: values.default });
}

export function workflowSetList(args: string[]): Action {
  const { values } = parseArgs({ args, strict: true, options: { rooftop: { type: 'string' } } });
  if (values.rooftop !== undefined && !INTEGER_ID.test(values.rooftop)) throw new UsageError('--rooftop takes one rooftop id');
  const rooftopId = values.rooftop === undefined ? null : Number(values.rooftop);
  return ({ db }) => listSets(db, rooftopId);
}

export function workflowSetEdit(args: string[]): Action {
  const { values, positionals } = parseArgs({ args, strict: true, allowPositionals: true, options: { file: { type: 'string' } } });
  const [id] = positionals;
  if (id === undefined || positionals.length > 1 || !INTEGER_ID.test(id)) throw new UsageError('workflowset edit takes exactly one SET_ID');
  if (values.file === undefined) throw new UsageError('workflowset edit needs --file CHANGES_JSON');
  const file = values.file;
  return ({ db }) => editSetFromFile(db, Number(id), file);
}
