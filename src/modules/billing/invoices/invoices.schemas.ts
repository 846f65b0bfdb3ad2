// Request schemas of the invoice endpoints, for the OpenAPI document; the limits are the readers'
// (invoice-request.ts), so the document says what is refused.
import Type from 'typebox';
import { NullableString, QueryInteger, Unchecked } from '../../../lib/schema-types.ts';
import { INTEGER_RANGE, PAGE_LIMIT } from '../../../lib/validation.ts';
import { PAYMENT_METHOD_TYPES } from './invoice-document.ts';
import { INVOICE_LIMITS } from './invoice-request.ts';

export const InvoiceListQuery = Unchecked(
  Type.Object({
    limit: Type.Optional(QueryInteger(PAGE_LIMIT)),
    page: Type.Optional(QueryInteger({ min: 1, max: INVOICE_LIMITS.pageMax, default: 1 }, 'The page of `limit` invoices, 1 first')),
    rooftop: Type.Optional(
      Type.Integer({ minimum: INTEGER_RANGE.min, maximum: INTEGER_RANGE.max, description: 'One of your rooftops; all of them when absent' }),
    ),
    from: Type.Optional(
      Type.String({
        maxLength: INVOICE_LIMITS.fromMax,
        description:
          'Invoices whose week starts (start_datetime) at or after this: a date ("2023-04-09", compared with the local Sunday of the week) or a date and time ("2023-04-09T04:00:00Z")',
      }),
    ),
  }),
);

export const PaymentBody = Unchecked(
  Type.Object({
    amount: Type.Number({
      minimum: INVOICE_LIMITS.amountMin,
      maximum: INVOICE_LIMITS.amountMax,
      description: "Dollars, at most two decimals (45.01); at most the invoice's balance_remaining",
    }),
    date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'The day the money arrived, YYYY-MM-DD' }),
    method: Type.Object({
      type: Type.String({ enum: [...PAYMENT_METHOD_TYPES] }),
      last4: Type.Optional(NullableString({ pattern: '^\\d{4}$', description: 'The last four digits of the account or card; we take no card data' })),
    }),
  }),
);

export const WriteOffBody = Unchecked(
  Type.Object({
    reason: Type.String({ maxLength: INVOICE_LIMITS.reasonMax, description: 'Why nothing more is expected on the invoice' }),
  }),
);
