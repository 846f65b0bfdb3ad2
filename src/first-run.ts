// First start on an empty embedded database: create a demo rooftop, a dealer client and two portal
// users (a service advisor of the rooftop and an ops dispatcher), and print
// a ready-to-paste walk-through, so `npm start` alone is enough to try the API. Never on
// PostgreSQL (a real deployment) and never once any client exists.
import { isEmbedded } from './db/engine.ts';
import type { Deps } from './deps.ts';
import { countClients } from './modules/clients/clients.repository.ts';
import { createClient } from './modules/clients/create-client.ts';
import { createRooftop } from './modules/rooftops/create-rooftop.ts';
import { formatInstant } from './lib/instant.ts';
import { createUser } from './modules/portal/accounts/create-user.ts';

export interface DemoSetup {
  rooftopId: number;
  clientId: string;
  clientSecret: string;
  /** The portal logins, passwords in clear (shown once). */
  portal: { dealer: DemoLogin; ops: DemoLogin };
}

export interface DemoLogin {
  email: string;
  password: string;
}

/** A portal user with a generated password; after the demo's transaction, since hashing is slow. */
async function demoUser(deps: Deps, email: string, name: string, role: 'dealer' | 'ops', rooftopIds: number[]): Promise<DemoLogin> {
  const created = await createUser(deps.database.db, { email, name, role, rooftopIds, password: null }, deps);
  if (created.password === undefined) throw new Error('a demo user without its generated password');
  return { email, password: created.password };
}

export async function setUpDemoIfEmpty(deps: Deps): Promise<DemoSetup | null> {
  if (!isEmbedded(deps.database.db)) return null;
  const made = await deps.database.db.transaction().execute(async (trx) => {
    if ((await countClients(trx)) > 0) return null;
    const rooftopId = await createRooftop(
      trx,
      {
        name: "Denny's Automobiles (demo)",
        address_one: '11161 Research Plaza Way',
        city: 'Richmond',
        state: 'VA',
        zip: '23236',
      },
      { zips: deps.zips, clock: deps.clock },
    );
    const client = await createClient(trx, { role: 'dealer', rooftopIds: [rooftopId] }, deps);
    return { rooftopId, clientId: client.client_id, clientSecret: client.client_secret };
  });
  if (!made) return null;
  const dealer = await demoUser(deps, 'advisor@example.com', 'Jane Smith (demo service advisor)', 'dealer', [made.rooftopId]);
  const ops = await demoUser(deps, 'dispatch@example.com', 'Dana Dispatch (demo ops desk)', 'ops', []);
  return { ...made, portal: { dealer, ops } };
}

/** A weekday two or more days ahead, 14:00 UTC (10:00 in Richmond): inside business hours. */
export function demoAppointment(now: number): string {
  const d = new Date(now + 2 * 86_400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCHours(14, 0, 0, 0);
  return formatInstant(d.getTime());
}

export function demoWalkthrough(demo: DemoSetup, baseUrl: string, now: number): string {
  const booking = {
    appointment_time_utc: demoAppointment(now),
    customer_name: 'Harry Stevens',
    customer_phone: '888-888-8888',
    customer_action: 'pickup',
    loaner_move: {
      dealer_contact: 'Jane Smith',
      special_instructions: 'Loaner will be issued on arrival',
      vehicle: { stock: 'LOAN01' },
      pickup_location: {
        name: "Denny's Automobiles",
        address_one: '11161 Research Plaza Way',
        city: 'Richmond',
        state: 'VA',
        zip: '23236',
      },
    },
    customer_move: {
      reference_id: 'RO# 12345',
      dealer_contact: 'Jane Smith',
      special_instructions: 'Vehicle parked in spot 13C',
      vehicle: {
        stock: 'BK0018',
        vin: '5GAKRBED5BJ262438',
        year: '2011',
        make: 'Buick',
        model: 'Enclave',
        color: 'white',
        manual: false,
      },
      pickup_location: {
        name: '210 S Mulberry St',
        address_one: '210 S Mulberry St',
        city: 'Richmond',
        state: 'VA',
        zip: '23220',
      },
    },
  };
  return [
    '',
    'First run: created a demo rooftop and a dealer client (shown only this once).',
    `  rooftop_id:    ${demo.rooftopId}`,
    `  client_id:     ${demo.clientId}`,
    `  client_secret: ${demo.clientSecret}`,
    '',
    'Try it:',
    `  TOKEN=$(curl -s ${baseUrl}/v1/authorize -H 'Content-Type: application/json' \\`,
    `    -d '{"client_id":"${demo.clientId}","client_secret":"${demo.clientSecret}"}' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
    `  curl -s ${baseUrl}/v1/concierge-loaner-moves -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\`,
    `    -d '${JSON.stringify(booking).replace(/'/g, "'\\''")}'`,
    `  API reference: ${baseUrl}/docs`,
    '',
    `Portal: ${baseUrl}/portal/login (portal users, shown only this once)`,
    `  service advisor (dealer): ${demo.portal.dealer.email}  password: ${demo.portal.dealer.password}`,
    `  dispatcher (ops):         ${demo.portal.ops.email}  password: ${demo.portal.ops.password}`,
    '',
  ].join('\n');
}
