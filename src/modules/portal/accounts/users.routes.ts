// GET, POST and PATCH /v1/users: the portal's users page (ops only, the all-rooftops desk: a user it
// adds may work for any rooftop). A user added without a password gets a generated one, answered
// once; PATCH disables or enables one.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Executor } from '../../../db/executor.ts';
import { bodyObject, readBody } from '../../../http/body.ts';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import type { Clock } from '../../../lib/clock.ts';
import { ApiError, notFound } from '../../../lib/errors.ts';
import type { IdGenerator } from '../../../lib/ids.ts';
import { IdParams, Unchecked } from '../../../lib/schema-types.ts';
import { pathId } from '../../../lib/validation.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { OPS_ROLES } from '../../clients/roles.ts';
import { allRooftopIds } from '../../rooftops/rooftops.repository.ts';
import { createUser } from './create-user.ts';
import { portalUserDocument, PortalUserSchema } from './user-document.ts';
import { NewUserBody, readNewUser } from './user-request.ts';
import { changeUserState } from './user-state.ts';
import { listUsers } from './users.repository.ts';

const tags = ['Portal sessions'];

const CreatedUserSchema = Type.Object({
  user: PortalUserSchema,
  password: Type.Optional(Type.String({ description: 'The generated password, when none was sent: shown only this once' })),
});

const UserStateBody = Unchecked(
  Type.Object({
    disabled: Type.Boolean({ description: "true: the user's sessions end at once and sign-ins are refused; false: the user may sign in again" }),
  }),
);

async function requireAllRooftops(request: FastifyRequest): Promise<void> {
  if (request.auth.allRooftops) return;
  throw new ApiError('missing_scope', 'portal users are managed by an all-rooftops ops desk (an ops portal user, or handoff client add --role ops --all-rooftops)');
}

export function usersRoutes(app: FastifyInstance, deps: { auth: Authenticator; db: Executor; ids: IdGenerator; clock: Clock }): void {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const onRequest = [deps.auth.guard(OPS_ROLES), requireAllRooftops];

  api.get(
    '/v1/users',
    {
      onRequest,
      schema: {
        operationId: 'listUsers',
        tags,
        summary: 'The portal users, in id order',
        security: BEARER,
        response: { 200: Type.Object({ users: Type.Array(PortalUserSchema) }), ...errorResponses(401, 403, 429, 500) },
      },
    },
    async () => {
      const rooftops = await allRooftopIds(deps.db);
      return { users: (await listUsers(deps.db)).map((u) => portalUserDocument(u, rooftops)) };
    },
  );

  api.post(
    '/v1/users',
    {
      onRequest,
      // A generated password is in the answer: an Idempotency-Key replay keeps it sealed.
      config: { sensitiveResponse: true },
      schema: {
        operationId: 'createUser',
        tags,
        summary: 'Add a portal user (a dealer for its rooftops, or ops for every rooftop)',
        security: BEARER,
        body: NewUserBody,
        response: { 201: CreatedUserSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const created = await createUser(deps.db, readNewUser(bodyObject(request.body)), deps);
      const document = portalUserDocument(created.user, await allRooftopIds(deps.db));
      return reply.code(201).send(created.password === undefined ? { user: document } : { user: document, password: created.password });
    },
  );

  api.patch(
    '/v1/users/:id',
    {
      onRequest,
      schema: {
        operationId: 'updateUser',
        tags,
        summary: 'Disable or enable a portal user',
        description: 'An ops user may not disable themselves (field_invalid at disabled).',
        security: BEARER,
        params: IdParams,
        body: UserStateBody,
        response: { 200: Type.Object({ user: PortalUserSchema }), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request) => {
      const userId = pathId(request.params.id, () => notFound('portal user'));
      const disabled = readBody(request.body, (r) => r.boolean('disabled', { required: true }))!;
      const user = await changeUserState(deps.db, request.auth, userId, disabled, deps.clock);
      return { user: portalUserDocument(user, await allRooftopIds(deps.db)) };
    },
  );
}
