// The CLI's payer commands (spec §12.4): flags parsed here, the work done by the payers module's CLI helpers.
import { parseArgs } from 'node:util';
import { addPayer, changePayerSettings, listPayers } from '../modules/billing/payers/payer-cli.ts';
import { type Action, INTEGER_ID, UsageError } from './kit.ts';

/** `--rooftop ID` as a number when it looks like one; otherwise as given, for the reader to report. */
const idOrRaw = (raw: string | undefined) => (raw !== undefined && INTEGER_ID.test(raw) ? Number(raw) : raw);

function rooftopFlag(raw: string | undefined, command: string): number {
  if (raw === undefined || !INTEGER_ID.test(raw)) throw new UsageError(`${command} needs --rooftop ID (one rooftop id)`);
  return Number(raw);
}

export function payerAdd(args: string[]): Action {
  const { values } = parseArgs({ args, strict: true, options: { rooftop: { type: 'string' }, name: { type: 'string' } } });
  const flags = { rooftop: idOrRaw(values.rooftop), name: values.name };
  return ({ db }) => addPayer(db, flags);
}

export function payerSettings(args: string[]): Action {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      rooftop: { type: 'string' },
      required: { type: 'boolean' },
      optional: { type: 'boolean' },
      default: { type: 'string' },
      'no-default': { type: 'boolean' },
    },
  });
  const rooftopId = rooftopFlag(values.rooftop, 'payer settings');
  if (values.required && values.optional) throw new UsageError('payer settings takes --required or --optional, not both');
  if (values.default !== undefined && values['no-default']) throw new UsageError('payer settings takes --default ID or --no-default, not both');
  const body: Record<string, unknown> = {};
  if (values.required || values.optional) body.payer_required = values.required === true;
  if (values['no-default']) body.default_payer_id = null;
  else if (values.default !== undefined) body.default_payer_id = idOrRaw(values.default);
  if (!Object.keys(body).length) throw new UsageError('payer settings needs --required, --optional, --default ID or --no-default');
  return ({ db }) => changePayerSettings(db, rooftopId, body);
}

export function payerList(args: string[]): Action {
  const { values } = parseArgs({ args, strict: true, options: { rooftop: { type: 'string' } } });
  const rooftopId = rooftopFlag(values.rooftop, 'payer list');
  return ({ db }) => listPayers(db, rooftopId);
}
