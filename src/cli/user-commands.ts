// The CLI's portal user commands: add (a generated password printed once, or one read from stdin),
// list and disable. They answer like GET/POST /v1/users, through the same reader rules and service.
import { parseArgs } from 'node:util';
import { systemClock } from '../lib/clock.ts';
import { ApiError } from '../lib/errors.ts';
import { cryptoIds } from '../lib/ids.ts';
import type { Executor } from '../db/executor.ts';
import { createUser } from '../modules/portal/accounts/create-user.ts';
import { portalUserDocument } from '../modules/portal/accounts/user-document.ts';
import { normalizeEmail } from '../modules/portal/accounts/user-rules.ts';
import { disableUser, listUsers, type PortalUser } from '../modules/portal/accounts/users.repository.ts';
import { allRooftopIds } from '../modules/rooftops/rooftops.repository.ts';
import { type Action, splitList, UsageError } from './kit.ts';

const documentOf = async (db: Executor, user: PortalUser) => portalUserDocument(user, await allRooftopIds(db));

export function userAdd(args: string[], stdin: () => Promise<string> = readStdin): Action {
  const { values: v } = parseArgs({
    args,
    strict: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      rooftop: { type: 'string', multiple: true },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  // Anything but digits becomes NaN, which createUser reports as a malformed rooftop id.
  const rooftopIds = (v.rooftop ?? []).flatMap(splitList).map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
  return async ({ db }) => {
    // One trailing line break is the terminal's or echo's, not the password's.
    const password = v['password-stdin'] ? (await stdin()).replace(/\r?\n$/, '') : null;
    const input = { email: v.email ?? '', name: v.name ?? '', role: v.role ?? '', rooftopIds, password };
    const created = await createUser(db, input, { ids: cryptoIds, clock: systemClock });
    const user = await documentOf(db, created.user);
    return created.password === undefined ? { user } : { user, password: created.password };
  };
}

export function userList(args: string[]): Action {
  parseArgs({ args, strict: true, options: {} });
  return async ({ db }) => {
    const rooftops = await allRooftopIds(db);
    return { users: (await listUsers(db)).map((u) => portalUserDocument(u, rooftops)) };
  };
}

export function userDisable(args: string[]): Action {
  const { values } = parseArgs({ args, strict: true, options: { email: { type: 'string' } } });
  if (!values.email) throw new UsageError('user disable needs --email EMAIL');
  const email = normalizeEmail(values.email);
  return async ({ db }) => {
    const user = await disableUser(db, email, systemClock.now());
    if (!user) throw ApiError.fromProblems([{ code: 'not_found', field: 'email', message: `no portal user has the email ${email}` }]);
    return { user: await documentOf(db, user) };
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}
