// GET /v1/moves/:id/messages — the customer texts of a booking, for the dealer — and
// POST /v1/sms/inbound — Twilio's webhook for replies (kept for the move's timeline; STOP / START).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { Database } from '../../db/database.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { BEARER, errorResponses, PUBLIC } from '../../http/openapi.ts';
import type { Clock } from '../../lib/clock.ts';
import { ApiError, moveNotFound } from '../../lib/errors.ts';
import { formatInstant } from '../../lib/instant.ts';
import { IdParams } from '../../lib/schema-types.ts';
import { pathId } from '../../lib/validation.ts';
import { READER_ROLES } from '../clients/roles.ts';
import { findScenarioIdOfMove } from '../moves/moves.repository.ts';
import { receiveText } from './sms-inbound.ts';
import { listScenarioMessages, type SmsMessageRow } from './sms.repository.ts';
import { InboundSmsBody, MessageSchema } from './sms.schemas.ts';
import type { Sms } from './sms.ts';
import { loadTwilio } from './twilio-module.ts';

export interface SmsRoutesDeps {
  auth: Authenticator;
  database: Database;
  clock: Clock;
  publicUrl: string;
  sms: Sms;
}

export const INBOUND_PATH = '/v1/sms/inbound';
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

function messageJson(m: SmsMessageRow) {
  return {
    id: Number(m.id),
    move_id: Number(m.move_id),
    trigger: m.trigger,
    to: m.to_phone,
    body: m.body,
    status: m.status,
    attempts: Number(m.attempts),
    error: m.error,
    created_at: formatInstant(Number(m.created_at)),
    // A sent row is final, so its last update is the moment the provider accepted it.
    sent_at: m.status === 'sent' ? formatInstant(Number(m.updated_at)) : null,
  };
}

type FormParams = Record<string, string | string[]>;

/** application/x-www-form-urlencoded → params; a repeated key becomes an array (as Twilio signs it). */
export function parseForm(body: string): FormParams {
  const params: FormParams = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const prev = params[key];
    params[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return params;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function smsRoutes(app: FastifyInstance, deps: SmsRoutesDeps): void {
  // Every message of the move's booking (both legs of a pair): the customer's one conversation
  // about it, just as GET /v1/moves/:id shows the whole booking.
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/v1/moves/:id/messages',
    {
      onRequest: deps.auth.guard(READER_ROLES),
      schema: {
        operationId: 'listMoveMessages',
        tags: ['sms'],
        summary: "The texts sent (or withheld) to the customer of the move's booking, oldest first",
        security: BEARER,
        params: IdParams,
        response: { 200: Type.Object({ messages: Type.Array(MessageSchema) }), ...errorResponses(401, 403, 404, 429, 500) },
      },
    },
    async (request) => {
      const id = pathId(request.params.id, moveNotFound);
      const scenarioId = await findScenarioIdOfMove(deps.database.db, id, request.auth.rooftopIds);
      if (scenarioId === undefined) throw moveNotFound();
      const rows = await listScenarioMessages(deps.database.db, scenarioId);
      return { messages: rows.map(messageJson) };
    },
  );

  // Its own encapsulated context: the form parser Twilio needs exists for this route only, so
  // every other endpoint still answers 415 to a form body (spec §2).
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, parseForm(body as string));
    });

    scope.post(
      INBOUND_PATH,
      {
        config: { rateLimitByAddress: true },
        schema: {
          operationId: 'receiveInboundSms',
          tags: ['sms'],
          summary: "Twilio's inbound-message webhook: keeps the customer's reply; STOP (and synonyms) opts the number out, START back in",
          description:
            'Signed by Twilio (X-Twilio-Signature over PUBLIC_URL + path and the form parameters, with the auth token). ' +
            'Each text is kept once per MessageSid (a retry keeps nothing more), with the move of the last text sent to the ' +
            "number in the 30 days before (the move's timeline shows it as `sms.reply`), or without a move when there is none. " +
            'A missing or wrong signature is refused with 403; so is every request when SMS_PROVIDER=log, which has no token to check against.',
          consumes: ['application/x-www-form-urlencoded'],
          // No bearer token: the X-Twilio-Signature is the check (403 without a good one).
          security: PUBLIC,
          body: InboundSmsBody,
          response: {
            200: { description: 'Empty TwiML: Twilio confirms STOP / START itself', content: { 'text/xml': { schema: Type.String() } } },
            // 400/413/415: the body is parsed (a JSON one too) before the signature is checked.
            ...errorResponses(400, 403, 413, 415, 429, 500),
          },
        },
      },
      (request, reply) => receiveInbound(deps, request, reply),
    );
  });
}

/** Twilio's inbound text: check its signature, then keep it and act on STOP / START from the sender's number. */
async function receiveInbound(deps: SmsRoutesDeps, request: FastifyRequest, reply: FastifyReply) {
  const token = deps.sms.inboundAuthToken;
  if (token === null) {
    throw new ApiError(
      'missing_scope',
      'inbound texts are accepted only with SMS_PROVIDER=twilio: without its auth token the X-Twilio-Signature cannot be checked',
    );
  }
  const signature = request.headers['x-twilio-signature'];
  // Only a form body is Twilio's; anything else (JSON) is checked as if it had no parameters.
  const isForm = /^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '');
  const params: FormParams = isForm && request.body && typeof request.body === 'object' ? (request.body as FormParams) : {};
  // Twilio signs the URL it was configured with: our public base and the path (and query) it called.
  const url = deps.publicUrl + request.url;
  if (typeof signature !== 'string' || !signature || !loadTwilio().validateRequest(token, signature, url, params)) {
    throw new ApiError('missing_scope', 'the X-Twilio-Signature header is missing or does not match this request');
  }

  const from = first(params.From);
  if (from) {
    const providerMessageId = first(params.MessageSid) ?? first(params.SmsMessageSid) ?? null;
    const text = { from, body: first(params.Body) ?? '', providerMessageId, provider: 'twilio', now: deps.clock.now() };
    const { action, moveId, stored } = await receiveText(deps.database, text);
    // Never the number or the words: the log is not where personal data is kept.
    request.log.info({ sms: { action, move_id: moveId, stored } }, 'customer text received');
  }
  // Twilio itself confirms STOP / START to the customer; we add nothing.
  return reply.code(200).type('text/xml; charset=utf-8').send(EMPTY_TWIML);
}
