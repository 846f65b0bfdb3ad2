// A loopback stand-in for Twilio's Messages endpoint, for the real `twilio` client to talk to
// (TWILIO_API_BASE_URL=stub.url): POST /2010-04-01/Accounts/:sid/Messages.json with basic auth
// and a form body, answered with a realistic message resource — or, when told to, with a 5xx or
// a Twilio error such as 21211 (invalid 'To' number). Nothing here leaves 127.0.0.1.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubMessage {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
}

export interface StubRequest {
  method: string;
  path: string;
  /** The decoded form body. */
  form: Record<string, string>;
  status: number;
}

export interface TwilioStub {
  /** The API base, e.g. http://127.0.0.1:41234 — what TWILIO_API_BASE_URL is set to. */
  url: string;
  accountSid: string;
  authToken: string;
  /** Messages accepted (201), in order. */
  messages: StubMessage[];
  /** Every request, accepted or not. */
  requests: StubRequest[];
  /** Answer the next `count` message requests with HTTP `status` (default 500). */
  failNext(count: number, status?: number): void;
  /** Refuse every message to `to` with a 400 and Twilio error `code` (default 21211, invalid number). */
  rejectTo(to: string, code?: number): void;
  /** The env that points the app's Twilio sender here. */
  env(from?: string): Record<string, string>;
  close(): Promise<void>;
}

const ERROR_MESSAGES: Record<number, (to: string) => string> = {
  21211: (to) => `The 'To' number ${to} is not a valid phone number.`,
  21610: () => 'Attempt to send to unsubscribed recipient',
  21614: (to) => `'To' number ${to} is not a valid mobile number`,
};

const twilioDate = (d: Date) => d.toUTCString().replace('GMT', '+0000');
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export async function startTwilioStub(
  opts: { accountSid?: string; authToken?: string } = {},
): Promise<TwilioStub> {
  const accountSid = opts.accountSid ?? `AC${hex(16)}`;
  const authToken = opts.authToken ?? hex(16);
  const messages: StubMessage[] = [];
  const requests: StubRequest[] = [];
  let failures: { remaining: number; status: number } = { remaining: 0, status: 500 };
  const rejected = new Map<string, number>();

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const twilioError = (res: ServerResponse, status: number, code: number, message: string) =>
    json(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const form = Object.fromEntries(new URLSearchParams(raw));
    const record = (status: number) => requests.push({ method: req.method ?? '', path, form, status });

    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
    if (req.method !== 'POST' || !match) {
      record(404);
      return twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
    }
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (req.headers.authorization !== expected || match[1] !== accountSid) {
      record(401);
      return twilioError(res, 401, 20003, 'Authenticate');
    }
    if (failures.remaining > 0) {
      failures.remaining--;
      record(failures.status);
      return twilioError(res, failures.status, 20500, 'Internal Server Error');
    }
    const to = form.To ?? '';
    if (!to) {
      record(400);
      return twilioError(res, 400, 21604, "A 'To' phone number is required.");
    }
    if (!form.Body) {
      record(400);
      return twilioError(res, 400, 21602, 'Message body is required.');
    }
    if (!form.From && !form.MessagingServiceSid) {
      record(400);
      return twilioError(res, 400, 21603, "The 'From' phone number is required.");
    }
    const code = rejected.get(to);
    if (code !== undefined) {
      record(400);
      return twilioError(res, 400, code, (ERROR_MESSAGES[code] ?? (() => 'Bad request'))(to));
    }

    record(201);
    const sid = `SM${hex(16)}`;
    messages.push({ sid, to, from: form.From ?? null, messagingServiceSid: form.MessagingServiceSid ?? null, body: form.Body });
    const now = twilioDate(new Date());
    const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${sid}`;
    json(res, 201, {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body: form.Body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from: form.From ?? null,
      messaging_service_sid: form.MessagingServiceSid ?? null,
      num_media: '0',
      num_segments: String(Math.ceil(form.Body.length / 153) || 1),
      price: null,
      price_unit: 'USD',
      sid,
      status: 'queued',
      subresource_uris: { media: `${uri}/Media.json` },
      to,
      uri: `${uri}.json`,
    });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    accountSid,
    authToken,
    messages,
    requests,
    failNext(count, status = 500) {
      failures = { remaining: count, status };
    },
    rejectTo(to, code = 21211) {
      rejected.set(to, code);
    },
    env(from = '+18045550100') {
      return { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM: from, TWILIO_API_BASE_URL: url };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

// ── the other direction: Twilio posting a customer's reply to POST /v1/sms/inbound ──────────────

/** The form Twilio posts for an inbound text (the fields that matter, plus the usual others). */
export function inboundParams(from: string, body: string, to = '+18045550100'): Record<string, string> {
  return {
    ToCountry: 'US',
    ToState: 'VA',
    SmsMessageSid: `SM${hex(16)}`,
    NumMedia: '0',
    ToCity: 'RICHMOND',
    FromZip: '23220',
    SmsSid: `SM${hex(16)}`,
    FromState: 'VA',
    SmsStatus: 'received',
    FromCity: 'RICHMOND',
    Body: body,
    FromCountry: 'US',
    To: to,
    ToZip: '23236',
    NumSegments: '1',
    MessageSid: `SM${hex(16)}`,
    AccountSid: `AC${hex(16)}`,
    From: from,
    ApiVersion: '2010-04-01',
  };
}

/**
 * Twilio's X-Twilio-Signature, computed by hand (not with the twilio package, so the app's
 * validation is checked against an independent implementation): base64 HMAC-SHA1, keyed with the
 * auth token, of the full URL followed by every form parameter name and value, sorted by name.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}
