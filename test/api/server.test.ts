// The real server process over real HTTP: first-run demo setup, the walk-through it prints,
// tokens that survive a restart, and a clean exit on SIGTERM.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import { engines, scratchDatabase, type ScratchDatabase, POSTGRES_URL } from '../support/databases.ts';
import { startServer } from '../support/server-process.ts';

const json = { 'content-type': 'application/json' };
/** The walk-through's last line: the ops portal user's password. */
const FIRST_RUN_END = /dispatch@example\.com\s+password: \S+\n/;

describe('the server process', () => {
  const scratches: ScratchDatabase[] = [];
  after(async () => {
    for (const s of scratches) await s.drop();
  });

  if (engines().includes('sqlite')) {
    test('first run on SQLite prints working credentials and a booking that succeeds', async () => {
      const db = await scratchDatabase('sqlite');
      scratches.push(db);
      const server = await startServer({ DATABASE_URL: db.url });
      let token: string;
      let moveUri: string;
      try {
        const out = await server.waitForOutput(FIRST_RUN_END);
        const clientId = /client_id:\s+(\S+)/.exec(out)?.[1];
        const clientSecret = /client_secret:\s+(\S+)/.exec(out)?.[1];
        assert.ok(clientId && clientSecret, `credentials printed:\n${out}`);
        assert.match(out, /curl -s http:\/\/127\.0\.0\.1:\d+\/v1\/authorize/);

        const auth = await fetch(`${server.baseUrl}/v1/authorize`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ client_id: clientId, client_secret: clientSecret }),
        });
        assert.equal(auth.status, 200);
        token = ((await auth.json()) as { access_token: string }).access_token;

        // The booking body the walk-through prints (between -d ' and the closing ').
        const printed = /-d '(\{"appointment_time_utc".*\})'\n/.exec(out)?.[1];
        assert.ok(printed, 'the walk-through prints a booking body');
        const body = printed.replace(/'\\''/g, "'");
        const booked = await fetch(`${server.baseUrl}/v1/concierge-loaner-moves`, {
          method: 'POST',
          headers: { ...json, authorization: `Bearer ${token}` },
          body,
        });
        assert.equal(booked.status, 200, await booked.clone().text());
        assert.ok(booked.headers.get('x-request-id'));
        const doc = (await booked.json()) as { customer_move: { move_uri: string } };
        moveUri = doc.customer_move.move_uri;
        assert.ok(moveUri.startsWith(server.baseUrl), 'URIs are absolute, on this server');
      } finally {
        assert.equal(await server.stop(), 0, 'SIGTERM exits cleanly');
      }

      // A restart keeps the generated signing secret (tokens stay valid) and creates no second demo.
      const again = await startServer({ DATABASE_URL: db.url, LOG_LEVEL: 'info' });
      try {
        // A first run prints its walk-through right after logging "started": wait for that line.
        assert.doesNotMatch(await again.waitForOutput(/"msg":"started"/), /First run/);
        const res = await fetch(moveUri.replace(server.baseUrl, again.baseUrl), {
          headers: { authorization: `Bearer ${token}` },
        });
        assert.equal(res.status, 200);
      } finally {
        assert.equal(await again.stop(), 0);
      }
    });
  }

  if (engines().includes('sqlite')) {
    test('a first start that cannot listen (the port taken) sets up nothing: the next start is the first run', async () => {
      const db = await scratchDatabase('sqlite');
      scratches.push(db);
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      try {
        const port = (taken.address() as AddressInfo).port;
        await assert.rejects(startServer({ DATABASE_URL: db.url, PORT: String(port) }), /EADDRINUSE/);
      } finally {
        await new Promise((resolve) => taken.close(resolve));
      }
      const server = await startServer({ DATABASE_URL: db.url });
      try {
        const out = await server.waitForOutput(FIRST_RUN_END);
        assert.match(out, /client_secret:\s+\S+/, `the API credentials, made now:\n${out}`);
        assert.match(out, /Portal: http:\/\/127\.0\.0\.1:\d+\/portal\/login/);
        assert.match(out, /advisor@example\.com\s+password: \S+/);
      } finally {
        assert.equal(await server.stop(), 0);
      }
    });
  }

  if (engines().includes('postgres')) {
    test('on PostgreSQL the server migrates but never creates demo credentials', async () => {
      const db = await scratchDatabase('postgres');
      scratches.push(db);
      const server = await startServer({ DATABASE_URL: db.url });
      try {
        assert.doesNotMatch(server.output(), /First run|client_secret/);
        const res = await fetch(`${server.baseUrl}/docs/json`);
        assert.equal(res.status, 200);
      } finally {
        assert.equal(await server.stop(), 0);
      }
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${db.searchPath}.api_clients`);
        assert.equal(rows[0].n, 0);
      } finally {
        await client.end();
      }
    });
  }

  test('logs are JSON lines with the request id, and never carry tokens', async () => {
    const db = await scratchDatabase('sqlite');
    scratches.push(db);
    const server = await startServer({ DATABASE_URL: db.url, LOG_LEVEL: 'info' });
    try {
      const trackingToken = 'TrackingTokenThatMustNotBeLogged123';
      const bearer = 'BearerTokenThatMustNotBeLogged456';
      await fetch(`${server.baseUrl}/track/${trackingToken}/status`);
      await fetch(`${server.baseUrl}/v1/moves/1`, { headers: { authorization: `Bearer ${bearer}` } });
      await fetch(`${server.baseUrl}/v1/events?limit=5&access_token=QueryTokenThatMustNotBeLogged789`);
    } finally {
      assert.equal(await server.stop(), 0);
    }
    const out = server.output();
    assert.doesNotMatch(out, /TrackingTokenThatMustNotBeLogged|BearerTokenThatMustNotBeLogged|QueryTokenThatMustNotBeLogged/);
    const requestLines = out
      .split('\n')
      .filter((l) => l.startsWith('{') && l.includes('"req"'))
      .map((l) => JSON.parse(l));
    assert.ok(requestLines.length >= 2);
    for (const line of requestLines) assert.match(line.reqId, /^[0-9a-f-]{36}$/);
    assert.ok(requestLines.some((l) => l.req.url === '/track/[redacted]/status'));
    assert.ok(requestLines.some((l) => l.req.url === '/v1/events?limit=5&access_token=[redacted]'));
  });

  test('a bad configuration stops the server with every problem listed', async () => {
    await assert.rejects(
      startServer({ DATABASE_URL: 'mysql://nope', PORT: 'eighty', PUBLIC_URL: 'ftp://x' }),
      (err: Error) =>
        /DATABASE_URL/.test(err.message) && /PORT/.test(err.message) && /PUBLIC_URL/.test(err.message),
    );
  });
});
