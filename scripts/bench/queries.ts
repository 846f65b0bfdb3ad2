// Counts and times the SQL statements behind each benchmarked request, in-process (fastify.inject,
// one request at a time, so no waiting on a connection is counted). BEGIN and COMMIT are not seen
// by Kysely's log: add 2 per request that writes.
//   node --import tsx scripts/bench/queries.ts [sqlite|postgres] [bookings]
import type { LogEvent } from 'kysely';
import pino from 'pino';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createDeps } from '../../src/deps.ts';
import { STEPS } from '../../src/modules/moves/lifecycle/state-machine.ts';
import { bookingBodies } from './data.ts';
import { scratch, setUp } from './setup.ts';

const engine = process.argv[2] === 'sqlite' || process.argv[2] === undefined ? 'sqlite' : 'postgres';
const bookings = Number(process.argv[3] ?? 300);

const { url, drop } = await scratch(engine);
const { dealer, ops, drivers } = await setUp(url);
const driver = drivers[0]!;

let phase = 'setup';
const stats = new Map<string, { count: number; ms: number; bySql: Map<string, { count: number; ms: number }> }>();
const log = (e: LogEvent) => {
  const s = stats.get(phase) ?? { count: 0, ms: 0, bySql: new Map() };
  stats.set(phase, s);
  s.count++;
  s.ms += e.queryDurationMillis;
  const sql = e.query.sql.replace(/\$\d+/g, '?').replace(/\(\?(, \?)*\)/g, '(…)').slice(0, 140);
  const q = s.bySql.get(sql) ?? { count: 0, ms: 0 };
  q.count++;
  q.ms += e.queryDurationMillis;
  s.bySql.set(sql, q);
};

const config = loadConfig({ DATABASE_URL: url, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn' });
const deps = await createDeps(config, { database: openDatabase(config.database, { log, checkpointer: true }), logger: pino({ level: 'silent' }) });
const app = await buildApp(deps, { logger: false });
const token = async (c: { client_id: string; client_secret: string }) =>
  (await app.inject({ method: 'POST', url: '/v1/authorize', payload: c })).json().access_token as string;
const dealerToken = await token(dealer);
const opsToken = await token(ops);
const driverToken = await token(driver);

const call = async (method: 'GET' | 'POST', path: string, auth: string, payload?: string) => {
  const res = await app.inject({ method, url: path, payload, headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' } });
  if (res.statusCode !== 200) throw new Error(`${method} ${path}: ${res.statusCode} ${res.body}`);
  return res;
};

const per: Record<string, number> = {};
const bodies = bookingBodies(7);
const moveIds: number[][] = [];
phase = 'booking';
for (let i = 0; i < bookings; i++) {
  const doc = (await call('POST', '/v1/concierge-loaner-moves', dealerToken, bodies.next())).json();
  moveIds.push([doc.loaner_move.move_id, doc.customer_move.move_id].sort((a, b) => a - b));
}
per.booking = bookings;
phase = 'get-move';
for (let i = 0; i < bookings; i++) await call('GET', `/v1/moves/${moveIds[i]![0]}`, dealerToken);
per['get-move'] = bookings;
phase = 'list';
for (let i = 0; i < 50; i++) await call('GET', '/v1/moves?limit=50', dealerToken);
per.list = 50;
phase = 'dispatch';
const pairs = moveIds.slice(0, 20);
for (const [a] of pairs) await call('POST', `/v1/ops/moves/${a}/dispatch`, opsToken, JSON.stringify({ driver_id: driver.driver_id }));
per.dispatch = pairs.length;
phase = 'driver-step';
for (const pair of pairs) {
  for (const id of pair) for (const step of STEPS) await call('POST', `/v1/driver/moves/${id}/steps`, driverToken, JSON.stringify({ step, lat: 37.5, lon: -77.5 }));
}
per['driver-step'] = pairs.length * 12;

for (const [name, n] of Object.entries(per)) {
  const s = stats.get(name)!;
  console.log(`\n${engine} ${name}: ${(s.count / n).toFixed(1)} queries per request, ${(s.ms / n).toFixed(2)} ms of query time per request`);
  for (const [sql, q] of [...s.bySql].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`  ${(q.count / n).toFixed(2).padStart(5)}×  ${((q.ms / n) * 1000).toFixed(0).padStart(5)} µs  ${sql}`);
  }
}
await app.close();
await deps.close();
await drop();
