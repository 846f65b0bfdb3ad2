// The invoice endpoints (spec §12.3): the rooftop's weekly invoices, one invoice (wrapped alike,
// doc), its CSV and PDF for accounting, and the ops desk's payments and write-offs. Thin: parse,
// call the service.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { Transaction } from '../../../db/executor.ts';
import { bodyObject } from '../../../http/body.ts';
import { recordIdempotentResponse } from '../../../http/idempotency/idempotency.hooks.ts';
import { BEARER, errorResponses } from '../../../http/openapi.ts';
import { sendJson } from '../../../http/send-json.ts';
import { notFound } from '../../../lib/errors.ts';
import { IdParams } from '../../../lib/schema-types.ts';
import { pathId } from '../../../lib/validation.ts';
import type { Authenticator } from '../../auth/authenticator.ts';
import { OPS_ROLES, READER_ROLES } from '../../clients/roles.ts';
import { InvoiceListSchema } from './invoice-document.ts';
import { readInvoiceListQuery, readPayment, readWriteOff } from './invoice-request.ts';
import { InvoiceListQuery, PaymentBody, WriteOffBody } from './invoices.schemas.ts';
import { invoiceScopeOf, type InvoiceService } from './invoices.service.ts';

const tags = ['invoices'];
const security = BEARER;
const SCOPE_NOTE = "A dealer sees its rooftops' invoices; an ops client scoped to rooftops, theirs; the all-rooftops desk, any. Another rooftop's invoice is a 404.";
const STATUS_NOTE =
  'Weekly per payer (the rooftop, or a third-party payer), Sunday 00:00 to Saturday 23:59:59 in the rooftop\'s zone. acquiring: takes the charges of moves completed in its week; ' +
  'processing: the week is over and every charge in it settled; closed: paid in full (nothing disputed) or written off, frozen.';
const Csv = { description: 'One row per charge line, RFC 4180, with a header row', content: { 'text/csv': { schema: { type: 'string' } } } };
const Pdf = { description: 'The invoice as a PDF (US Letter)', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } };

const invoiceId = (raw: string) => pathId(raw, () => notFound('invoice'));

export function invoicesRoutes(app: FastifyInstance, deps: { auth: Authenticator; invoices: InvoiceService }): void {
  const readers = { onRequest: deps.auth.guard(READER_ROLES) };
  const ops = { onRequest: deps.auth.guard(OPS_ROLES) };
  const service = deps.invoices;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get(
    '/v1/invoices',
    {
      ...readers,
      schema: {
        operationId: 'listInvoices',
        tags,
        summary: "The rooftops' invoices, oldest week first, a page at a time",
        description: `${STATUS_NOTE} ${SCOPE_NOTE}`,
        security,
        querystring: InvoiceListQuery,
        response: { 200: InvoiceListSchema, ...errorResponses(400, 401, 403, 429, 500) },
      },
    },
    async (request, reply) => {
      const q = await readInvoiceListQuery(request.query, service.rooftopCheck(request.auth));
      return sendJson(reply, await service.list(invoiceScopeOf(request.auth), q));
    },
  );

  api.get(
    '/v1/invoices/:id',
    {
      ...readers,
      schema: {
        operationId: 'getInvoice',
        tags,
        summary: 'One invoice, wrapped as the list is: { "invoices": [ invoice ] }',
        description: `${STATUS_NOTE} ${SCOPE_NOTE}`,
        security,
        params: IdParams,
        response: { 200: InvoiceListSchema, ...errorResponses(401, 403, 404, 429, 500) },
      },
    },
    async (request, reply) => sendJson(reply, await service.get(invoiceScopeOf(request.auth), invoiceId(request.params.id))),
  );

  api.get(
    '/v1/invoices/:id.csv',
    {
      ...readers,
      schema: { operationId: 'getInvoiceCsv', tags, summary: 'The invoice for accounting: one CSV row per charge line', description: SCOPE_NOTE, security, params: IdParams, response: { 200: Csv, ...errorResponses(401, 403, 404, 429, 500) } },
    },
    async (request, reply) => {
      const id = invoiceId(request.params.id);
      const csv = await service.csv(invoiceScopeOf(request.auth), id);
      return reply
        .code(200)
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="invoice-${id}.csv"`)
        .header('cache-control', 'private, no-store')
        .send(csv);
    },
  );

  api.get(
    '/v1/invoices/:id.pdf',
    {
      ...readers,
      schema: { operationId: 'getInvoicePdf', tags, summary: 'The invoice as a PDF', description: SCOPE_NOTE, security, params: IdParams, response: { 200: Pdf, ...errorResponses(401, 403, 404, 429, 500) } },
    },
    async (request, reply) => {
      const id = invoiceId(request.params.id);
      const pdf = await service.pdf(invoiceScopeOf(request.auth), id);
      return reply
        .code(200)
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="invoice-${id}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  api.post(
    '/v1/ops/invoices/:id/payments',
    {
      ...ops,
      schema: {
        operationId: 'recordInvoicePayment',
        tags,
        summary: 'Record a payment on an invoice: spread over its charges, oldest first; a processing invoice paid in full closes',
        description:
          "amount: more than 0, at most the invoice's balance_remaining, at most two decimals. A disputed charge takes no payment. A closed invoice is a 409 invoice_closed. " +
          SCOPE_NOTE,
        security,
        params: IdParams,
        body: PaymentBody,
        response: { 201: InvoiceListSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const id = invoiceId(request.params.id);
      const payment = readPayment(bodyObject(request.body));
      const options = { inTransaction: (trx: Transaction, json: string) => recordIdempotentResponse(trx, request, json, 201) };
      return sendJson(reply, await service.pay(invoiceScopeOf(request.auth), id, payment, request.auth.clientId, options), 201);
    },
  );

  api.post(
    '/v1/ops/invoices/:id/write-off',
    {
      ...ops,
      schema: {
        operationId: 'writeOffInvoice',
        tags,
        summary: 'Write an invoice off: a processing one closes now, an acquiring one once its week is over and settled',
        description: `A closed invoice is a 409 invoice_closed. ${SCOPE_NOTE}`,
        security,
        params: IdParams,
        body: WriteOffBody,
        response: { 200: InvoiceListSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 429, 500) },
      },
    },
    async (request, reply) => {
      const id = invoiceId(request.params.id);
      const reason = readWriteOff(bodyObject(request.body));
      const options = { inTransaction: (trx: Transaction, json: string) => recordIdempotentResponse(trx, request, json, 200) };
      return sendJson(reply, await service.writeOff(invoiceScopeOf(request.auth), id, reason, options));
    },
  );
}
