// The inspection endpoints (spec §10.2, §10.4): the documented workflow reads and server edits, and
// the driver app's slot view, data writes and condition report. Thin: parse, call the service.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../../db/database.ts';
import { bodyObject, readBody } from '../../../http/body.ts';
import { readConditionReport } from './condition-request.ts';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import { sendJson } from '../../../http/send-json.ts';
import { ApiError, moveNotFound, notFound } from '../../../lib/errors.ts';
import { pathId } from '../../../lib/validation.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { EDIT_ROLES, READER_ROLES } from '../../clients/roles.ts';
import { driverMayWork } from '../../drivers/drivers.service.ts';
import { isSlot, type Slot } from '../definitions/workflow-step.ts';
import { CONDITION_FIELDS, ConditionBody, SlotParams, WorkflowDataBody } from './inspection.schemas.ts';
import type { InspectionService } from './inspection.service.ts';
import { DriverWorkflowSchema, WorkflowSchema } from './workflow-document.ts';

const SlotData = { type: 'object', additionalProperties: true, description: "The slot's whole data: every step's value by step id" };

/** The move id and slot of the path; anything else is a move or a slot that does not exist (404). */
export function slotPath(params: { id: string; slot: string }): { moveId: number; slot: Slot } {
  const moveId = pathId(params.id, moveNotFound);
  if (!isSlot(params.slot)) throw notFound(`slot "${params.slot}" (pickup or delivery)`);
  return { moveId, slot: params.slot };
}

/** A PATCH names at least one step (as PATCH /v1/moves/:id names at least one field). */
function nonEmpty(body: Record<string, unknown>): Record<string, unknown> {
  if (Object.keys(body).length === 0) throw new ApiError('field_missing', 'send at least one step id with its value');
  return body;
}

export function driverGuard(auth: Authenticator, database: Database) {
  return [
    auth.guard(['driver']),
    async (request: FastifyRequest) => {
      if (!(await driverMayWork(database, request.auth.driverId!))) throw new ApiError('access_denied', 'this driver has been deactivated');
    },
  ];
}

export function inspectionRoutes(app: FastifyInstance, deps: { auth: Authenticator; database: Database; inspections: InspectionService }): void {
  const { inspections } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const driver = driverGuard(deps.auth, deps.database);
  const common = { security: BEARER, params: SlotParams };

  api.get(
    '/v1/moves/:id/workflows/:slot',
    {
      onRequest: deps.auth.guard([...READER_ROLES, 'driver']),
      schema: { ...common, operationId: 'getMoveWorkflow', tags: ['inspections'], summary: "The move's pickup or delivery workflow", response: { 200: WorkflowSchema, ...errorResponses(401, 403, 404, 429, 500) } },
    },
    async (request, reply) => {
      const { moveId, slot } = slotPath(request.params);
      const who = request.auth.role === 'driver' ? { driverId: request.auth.driverId! } : { auth: request.auth };
      return sendJson(reply, await inspections.workflow(who, moveId, slot));
    },
  );

  api.patch(
    '/v1/moves/:id/workflows/:slot/data',
    {
      onRequest: deps.auth.guard(EDIT_ROLES),
      schema: {
        ...common,
        operationId: 'updateMoveWorkflowData',
        tags: ['inspections'],
        summary: 'Write server-editable steps (allow_server_edits) of a workflow; answers its whole data',
        body: WorkflowDataBody,
        response: { 200: SlotData, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const { moveId, slot } = slotPath(request.params);
      return sendJson(reply, await inspections.patchAsServer(request.auth, moveId, slot, nonEmpty(bodyObject(request.body))));
    },
  );

  api.get(
    '/v1/driver/moves/:id/workflows/:slot',
    {
      onRequest: driver,
      schema: { ...common, operationId: 'getMyMoveWorkflow', tags: ['driver'], summary: 'A slot of my move: its steps, values, photos and what is still missing', response: { 200: DriverWorkflowSchema, ...errorResponses(401, 403, 404, 429, 500) } },
    },
    async (request, reply) => {
      const { moveId, slot } = slotPath(request.params);
      return sendJson(reply, await inspections.driverWorkflow(request.auth.driverId!, moveId, slot));
    },
  );

  api.patch(
    '/v1/driver/moves/:id/workflows/:slot/data',
    {
      onRequest: driver,
      schema: {
        ...common,
        operationId: 'updateMyMoveWorkflowData',
        tags: ['driver'],
        summary: 'Write steps of the open slot of my move (any step but photos and the signature)',
        body: WorkflowDataBody,
        response: { 200: DriverWorkflowSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const { moveId, slot } = slotPath(request.params);
      return sendJson(reply, await inspections.patchAsDriver(request.auth.driverId!, moveId, slot, nonEmpty(bodyObject(request.body))));
    },
  );

  api.put(
    '/v1/driver/moves/:id/condition/:slot',
    {
      onRequest: driver,
      schema: {
        ...common,
        operationId: 'putMyMoveCondition',
        tags: ['driver'],
        summary: 'The condition report of the open slot in one call (a field left out clears its step)',
        body: ConditionBody,
        response: { 200: DriverWorkflowSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const { moveId, slot } = slotPath(request.params);
      const report = readBody(request.body, readConditionReport);
      return sendJson(reply, await inspections.putCondition(request.auth.driverId!, moveId, slot, report, CONDITION_FIELDS));
    },
  );
}
