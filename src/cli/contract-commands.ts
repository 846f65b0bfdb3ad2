// The CLI's contract commands: flags parsed here, the work done by the contracts module's CLI helpers.
import { parseArgs } from 'node:util';
import { addContractFromFiles, listContracts } from '../modules/billing/contracts/contract-cli.ts';
import { type Action, INTEGER_ID, UsageError } from './kit.ts';

// A malformed id goes into the body as given, so the reader reports it with the rest.
const idOrText = (raw: string | undefined) => (raw !== undefined && INTEGER_ID.test(raw) ? Number(raw) : raw);

export function contractAdd(args: string[]): Action {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      rooftop: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      bands: { type: 'string' },
      accessorials: { type: 'string' },
      workflowset: { type: 'string' },
    },
  });
  if (values.bands === undefined) throw new UsageError('contract add needs --bands FILE');
  const flags = {
    rooftop: idOrText(values.rooftop),
    from: values.from,
    to: values.to,
    bands: values.bands,
    accessorials: values.accessorials,
    workflowset: idOrText(values.workflowset),
  };
  return ({ db, config }) => addContractFromFiles(db, flags, config.routing.maxDriveMiles);
}

export function contractList(args: string[]): Action {
  const { values } = parseArgs({ args, strict: true, options: { rooftop: { type: 'string' } } });
  if (values.rooftop !== undefined && !INTEGER_ID.test(values.rooftop)) throw new UsageError('--rooftop takes one rooftop id');
  const rooftopId = values.rooftop === undefined ? null : Number(values.rooftop);
  return ({ db, config }) => listContracts(db, rooftopId, config.routing.maxDriveMiles);
}
