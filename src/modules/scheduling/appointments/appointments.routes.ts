// Appointments (spec §11.4): a scheduler's (or the dealer's) staging record of a service
// appointment, until a transport is chosen; a valet then becomes a booked Concierge.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bodyObject } from '../../../http/body.ts';
import { recordIdempotentResponse } from '../../../http/idempotency/idempotency.hooks.ts';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import { sendJson } from '../../../http/send-json.ts';
import type { Clock } from '../../../lib/clock.ts';
import { notFound } from '../../../lib/errors.ts';
import { IdParams } from '../../../lib/schema-types.ts';
import { pathId } from '../../../lib/validation.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { DEALER_ROLES, READER_ROLES } from '../../clients/roles.ts';
import { AppointmentListSchema, AppointmentSchema } from './appointment-document.ts';
import { readAppointmentListQuery, readAppointmentPatch, readAppointmentReplacement, readNewAppointment } from './appointment-request.ts';
import { AppointmentListQuery, AppointmentPatchBody, AppointmentReplaceBody, NewAppointmentBody } from './appointments.schemas.ts';
import type { AppointmentService } from './appointments.service.ts';

const tags = ['appointments'];
const security = BEARER;
const appointmentId = (params: { id: string }) => pathId(params.id, () => notFound('appointment'));

const OBJECT_NOTE =
  'The appointment object: the documented keys in their order, then ours (customer_id … updated_at), then `problems` ' +
  '(ours): what a pending appointment lacks before its valet can be booked.';

export function appointmentsRoutes(app: FastifyInstance, deps: { auth: Authenticator; appointments: AppointmentService; clock: Clock }): void {
  const dealer = { onRequest: deps.auth.guard(DEALER_ROLES) };
  const reader = { onRequest: deps.auth.guard(READER_ROLES) };
  const service = deps.appointments;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const readContext = () => {
    const now = deps.clock.now();
    return { now, currentYear: new Date(now).getUTCFullYear() };
  };

  api.post(
    '/v1/appointments',
    {
      ...dealer,
      schema: {
        operationId: 'createAppointment',
        tags,
        summary: 'Stage a service appointment (status new)',
        description:
          `201 with the new appointment. A repeat of the same source and external_id answers 200 with the appointment already ` +
          `stored and writes nothing. hold_id is used up by the appointment. ${OBJECT_NOTE}`,
        security,
        body: NewAppointmentBody,
        response: { 200: AppointmentSchema, 201: AppointmentSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const input = readNewAppointment(bodyObject(request.body), request.auth, readContext());
      const { json, created } = await service.create(input, { inTransaction: (trx, doc) => recordIdempotentResponse(trx, request, doc, 201) });
      return sendJson(reply, json, created ? 201 : 200);
    },
  );

  api.get(
    '/v1/appointments',
    {
      ...reader,
      schema: {
        operationId: 'listAppointments',
        tags,
        summary: "The rooftops' appointments, newest first, cursor paginated",
        security,
        querystring: AppointmentListQuery,
        response: { 200: AppointmentListSchema, ...errorResponses(400, 401, 403, 429, 500) },
      },
    },
    async (request) => service.list(request.auth, readAppointmentListQuery(request.query)),
  );

  api.get(
    '/v1/appointments/:id',
    {
      ...reader,
      schema: { operationId: 'getAppointment', tags, summary: 'One appointment', description: OBJECT_NOTE, security, params: IdParams, response: { 200: AppointmentSchema, ...errorResponses(401, 403, 404, 429, 500) } },
    },
    async (request, reply) => sendJson(reply, await service.get(request.auth, appointmentId(request.params))),
  );

  api.put(
    '/v1/appointments/:id',
    {
      ...dealer,
      schema: {
        operationId: 'replaceAppointment',
        tags,
        summary: 'Replace an appointment; transportation_type chooses its transport (a valet books its moves)',
        description:
          'Refused (409 appointment_not_modifiable) once canceled, refunded or failed, or once its appointment_time has passed; ' +
          'in ready, paying or paid only consumer_name, consumer_phone, driver_notes and config may differ. ' +
          'A valet books a Concierge (a Concierge + Loaner when config.loaner is true) in the same transaction and sets move_id; ' +
          'the driver meets the consumer a drive and a handoff before appointment_time, so the vehicle arrives in time.',
        security,
        params: IdParams,
        body: AppointmentReplaceBody,
        response: { 200: AppointmentSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 500) },
      },
    },
    async (request, reply) => {
      const id = appointmentId(request.params);
      const { values, readOnly } = readAppointmentReplacement(bodyObject(request.body), readContext());
      return sendJson(reply, await service.change(request.auth, id, { kind: 'replace', values, readOnly }));
    },
  );

  api.patch(
    '/v1/appointments/:id',
    {
      ...dealer,
      schema: {
        operationId: 'updateAppointment',
        tags,
        summary: 'Change some fields of an appointment',
        description: 'Sending the stored values again changes nothing and writes no event.',
        security,
        params: IdParams,
        body: AppointmentPatchBody,
        response: { 200: AppointmentSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 500) },
      },
    },
    async (request, reply) => {
      const id = appointmentId(request.params);
      const { values, readOnly } = readAppointmentPatch(bodyObject(request.body), readContext());
      return sendJson(reply, await service.change(request.auth, id, { kind: 'patch', values, readOnly }));
    },
  );

  api.delete(
    '/v1/appointments/:id',
    {
      ...dealer,
      schema: {
        operationId: 'cancelAppointment',
        tags,
        summary: 'Cancel an appointment (status canceled)',
        description:
          'Its moves are not canceled with it: cancel a booked valet with POST /v1/cancelation (its outcome and fee follow the move). ' +
          'Canceling a canceled appointment answers it as it is.',
        security,
        params: IdParams,
        // 400, 413, 415: a body sent with it is still parsed (and must be JSON).
        response: { 200: AppointmentSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 429, 500) },
      },
    },
    async (request: FastifyRequest<{ Params: { id: string } }>, reply) => sendJson(reply, await service.cancel(request.auth, appointmentId(request.params))),
  );
}
