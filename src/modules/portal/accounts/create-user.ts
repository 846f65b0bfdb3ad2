// Adds a portal user (POST /v1/users, `handoff user add`, first run). Every problem is listed at
// once; nothing is written unless all is well. The password is hashed before the write's
// transaction opens (Argon2 is slow on purpose), and a generated one exists in clear only in the
// return value: the caller shows it once.
import type { Executor } from '../../../db/executor.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError } from '../../../lib/errors.ts';
import type { IdGenerator } from '../../../lib/ids.ts';
import { Problems } from '../../../lib/validation.ts';
import { rooftopExists } from '../../rooftops/rooftops.repository.ts';
import { generatePassword, hashPassword } from './passwords.ts';
import { emailTaken, findUser, insertUser, type PortalUser } from './users.repository.ts';
import { emailProblem, NAME_MAX, normalizeEmail, PORTAL_ROLES, type PortalRole, passwordProblem, rooftopsProblem } from './user-rules.ts';

export interface NewUserInput {
  email: string;
  name: string;
  role: string;
  rooftopIds: readonly number[];
  /** null: one is generated and returned. */
  password: string | null;
}

export interface CreatedUser {
  user: PortalUser;
  /** Only when it was generated. */
  password?: string;
}

const TAKEN = 'a portal user with this email already exists';
const taken = () => ApiError.fromProblems([{ code: 'field_invalid', field: 'email', message: TAKEN }]);

export async function createUser(db: Executor, input: NewUserInput, deps: { ids: IdGenerator; clock: Clock }): Promise<CreatedUser> {
  if (db.isTransaction) throw new Error('createUser hashes a password: call it outside a transaction');
  const { email, name, role, rooftopIds } = await checkUser(db, input);
  const password = input.password ?? generatePassword(deps.ids);
  const passwordHash = await hashPassword(password);
  const id = await db
    .transaction()
    .execute((trx) => insertUser(trx, { email, name, role, passwordHash, rooftopIds, now: deps.clock.now() }));
  if (id === null) throw taken();
  const user = await findUser(db, id);
  if (!user) throw new Error(`portal user ${id} vanished after insert`);
  return input.password === null ? { user, password } : { user };
}

async function checkUser(db: Executor, input: NewUserInput) {
  const problems = new Problems();
  const email = normalizeEmail(input.email);
  const name = input.name.trim();
  if (email === '') problems.add('field_missing', 'email', 'email is required');
  else {
    const problem = emailProblem(email);
    if (problem) problems.add('field_invalid', 'email', problem);
    else if (await emailTaken(db, email)) problems.add('field_invalid', 'email', TAKEN);
  }
  if (name === '') problems.add('field_missing', 'name', 'name is required');
  else if (name.length > NAME_MAX) problems.add('field_invalid', 'name', `name must be at most ${NAME_MAX} characters`);
  const role = (PORTAL_ROLES as readonly string[]).includes(input.role) ? (input.role as PortalRole) : undefined;
  if (!role) problems.add('field_invalid', 'role', `role must be one of ${PORTAL_ROLES.map((r) => `"${r}"`).join(', ')}`);
  const rooftopIds = [...new Set(input.rooftopIds)].sort((a, b) => a - b);
  await checkRooftops(db, role, rooftopIds, problems);
  if (input.password !== null) {
    const problem = passwordProblem(input.password);
    if (problem) problems.add('field_invalid', 'password', problem);
  }
  problems.throwIfAny();
  if (!role) throw new Error('checkUser: validation let an invalid role through');
  return { email, name, role, rooftopIds };
}

async function checkRooftops(db: Executor, role: PortalRole | undefined, ids: number[], problems: Problems): Promise<void> {
  if (ids.some((id) => !Number.isSafeInteger(id) || id < 1)) {
    problems.add('field_invalid', 'rooftop_ids', 'rooftop_ids must be rooftop ids (positive integers)');
    return;
  }
  const fit = role && rooftopsProblem(role, ids);
  if (fit) problems.add(fit.code, 'rooftop_ids', fit.message);
  const existing = new Set(await rooftopExists(db, ids));
  const unknown = ids.filter((id) => !existing.has(id));
  if (unknown.length) {
    problems.add('field_invalid', 'rooftop_ids', unknown.length === 1 ? `rooftop ${unknown[0]} does not exist` : `rooftops ${unknown.join(', ')} do not exist`);
  }
}
