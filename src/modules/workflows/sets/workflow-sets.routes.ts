// Workflow sets (spec §10.1, ours): the ops desk creates, lists, reads and edits them under
// /v1/ops/workflow-sets; dealers read, at GET /v1/workflow-sets, the sets their bookings may name.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { bodyObject } from '../../../http/body.ts';
import { answerInTransaction } from '../../../http/idempotency/idempotency.hooks.ts';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import { sendJson } from '../../../http/send-json.ts';
import { notFound } from '../../../lib/errors.ts';
import { IdParams } from '../../../lib/schema-types.ts';
import { pathId } from '../../../lib/validation.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { OPS_ROLES, READER_ROLES } from '../../clients/roles.ts';
import { WorkflowSetSchema } from './workflow-set-document.ts';
import { readNewWorkflowSet, readWorkflowSetPatch, rooftopQueryRequired } from './workflow-set-request.ts';
import { readRooftopQuery } from '../../rooftops/rooftop-choice.ts';
import { BookableSetList, BookableSetsQuery, NewWorkflowSetBody, OpsSetsQuery, WorkflowSetList, WorkflowSetPatchBody } from './workflow-sets.schemas.ts';
import { scopeOf, type WorkflowSetService } from './workflow-sets.service.ts';

const tags = ['workflow-sets'];
const security = BEARER;
const setId = (params: { id: string }) => pathId(params.id, () => notFound('workflow set'));

const SNAPSHOT_NOTE =
  'A change applies to bookings made after it: a booked move keeps the steps it was booked with, so editing a set ' +
  'or switching the default never changes a move already booked.';
const SCOPE_NOTE = 'An ops client scoped to rooftops works on its rooftops\' sets only; the all-rooftops desk on any.';

export function workflowSetsRoutes(app: FastifyInstance, deps: { auth: Authenticator; workflowSets: WorkflowSetService }): void {
  const ops = { onRequest: deps.auth.guard(OPS_ROLES) };
  const service = deps.workflowSets;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.post(
    '/v1/ops/workflow-sets',
    {
      ...ops,
      schema: {
        operationId: 'createWorkflowSet',
        tags,
        summary: 'Create a workflow set for a rooftop: its pickup and its delivery workflow',
        description: `is_default: true makes it the rooftop's default at once. ${SCOPE_NOTE} ${SNAPSHOT_NOTE}`,
        security,
        body: NewWorkflowSetBody,
        response: { 200: WorkflowSetSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const fields = await readNewWorkflowSet(bodyObject(request.body), service.rooftopCheck(scopeOf(request.auth)));
      return sendJson(reply, await service.create(fields, answerInTransaction(request)));
    },
  );

  api.get(
    '/v1/ops/workflow-sets',
    {
      ...ops,
      schema: {
        operationId: 'listOpsWorkflowSets',
        tags,
        summary: "The built-in set and the rooftops' own sets, oldest first",
        description: SCOPE_NOTE,
        security,
        querystring: OpsSetsQuery,
        response: { 200: WorkflowSetList, ...errorResponses(400, 401, 403, 429, 500) },
      },
    },
    async (request) => {
      const scope = scopeOf(request.auth);
      const rooftopId = await readRooftopQuery(request.query, service.rooftopCheck(scope));
      return { workflow_sets: await service.list(scope, rooftopId) };
    },
  );

  api.get(
    '/v1/ops/workflow-sets/:id',
    {
      ...ops,
      schema: {
        operationId: 'getWorkflowSet',
        tags,
        summary: 'One workflow set',
        description: SCOPE_NOTE,
        security,
        params: IdParams,
        response: { 200: WorkflowSetSchema, ...errorResponses(401, 403, 404, 429, 500) },
      },
    },
    async (request) => service.get(scopeOf(request.auth), setId(request.params)),
  );

  api.patch(
    '/v1/ops/workflow-sets/:id',
    {
      ...ops,
      schema: {
        operationId: 'updateWorkflowSet',
        tags,
        summary: 'Change a set: its name, description, default flag, or a whole workflow',
        description: `The built-in set is read-only (403 missing_scope): create your own instead. ${SCOPE_NOTE} ${SNAPSHOT_NOTE}`,
        security,
        params: IdParams,
        body: WorkflowSetPatchBody,
        response: { 200: WorkflowSetSchema, ...errorResponses(400, 401, 403, 404, 413, 415, 429, 500) },
      },
    },
    async (request) => {
      const id = setId(request.params);
      return service.update(scopeOf(request.auth), id, readWorkflowSetPatch(bodyObject(request.body)));
    },
  );

  api.get(
    '/v1/workflow-sets',
    {
      onRequest: deps.auth.guard(READER_ROLES),
      schema: {
        operationId: 'listWorkflowSets',
        tags,
        summary: "The sets a booking of the rooftop may name in workflowset_id: the built-in set and the rooftop's own",
        description: 'default_workflowset_id is the set a booking runs when it names none.',
        security,
        querystring: BookableSetsQuery,
        response: { 200: BookableSetList, ...errorResponses(400, 401, 403, 429, 500) },
      },
    },
    async (request) => {
      const { auth } = request;
      // Whose rooftop: the caller's own (its scope), whatever its role; a desk's is every rooftop.
      const check = service.rooftopCheck(scopeOf(auth));
      const rooftopId = (await readRooftopQuery(request.query, check, rooftopQueryRequired(auth) ? 'sets' : undefined)) ?? auth.rooftopIds[0]!;
      return service.bookable(rooftopId);
    },
  );
}
