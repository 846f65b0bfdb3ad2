// The admin CLI on both engines. A few cases spawn the real bin (the way operators run it: shebang,
// tsx registration, any working directory, exit status); the rest call runCli in-process, which is
// the same code minus a ~0.5 s process start.
import { MIGRATION_NAMES } from '../../src/db/migrate.ts';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { verify } from '@node-rs/argon2';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { runCli, type CliResult } from '../../src/cli.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { hashSecret } from '../../src/modules/clients/credentials.ts';
import { findClient } from '../../src/modules/clients/clients.repository.ts';
import { createClient } from '../../src/modules/clients/create-client.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { ApiError } from '../../src/lib/errors.ts';
import { cryptoIds } from '../../src/lib/ids.ts';
import { zipDirectory } from '../../src/modules/locations/zip-directory.ts';
import { engines, scratchDatabase, type ScratchDatabase } from '../support/databases.ts';

const BIN = fileURLToPath(new URL('../../bin/handoff.js', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

async function spawnBin(args: string[], databaseUrl: string, cwd = REPO): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return { exitCode: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof err.code !== 'number') throw e;
    return { exitCode: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

/** A successful run: stdout is exactly one JSON object on one line, and nothing goes to stderr. */
function ok(result: CliResult): Record<string, unknown> {
  assert.equal(result.stderr, '', 'nothing on stderr');
  assert.equal(result.exitCode, 0);
  assert.match(result.stdout, /^\{.*\}\n$/, 'one JSON object on one line');
  const parsed: unknown = JSON.parse(result.stdout);
  assert.ok(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed));
  return parsed as Record<string, unknown>;
}

/** A failed run: exit 1, nothing on stdout, one JSON error on stderr; returns the problems' fields. */
function failed(result: CliResult): { error: string; fields: string[]; messages: string[] } {
  assert.equal(result.exitCode, 1);
  assert.equal(result.stdout, '');
  const body = JSON.parse(result.stderr) as { error: string; problems: { field: string; message: string }[] };
  assert.equal(typeof body.error, 'string');
  return { error: body.error, fields: body.problems.map((p) => p.field), messages: body.problems.map((p) => p.message) };
}

const RICHMOND = ['--name', 'Research Plaza Motors', '--address-one', '11161 Research Plaza Way', '--city', 'Richmond'];

test('usage errors exit 2 with the usage text, without touching a database', async () => {
  const viaBin = await spawnBin([], 'sqlite:/nonexistent-dir/never-created.sqlite');
  assert.equal(viaBin.exitCode, 2);
  assert.equal(viaBin.stdout, '');
  assert.match(viaBin.stderr, /usage: handoff/);

  for (const argv of [['--help'], ['frobnicate'], ['rooftop'], ['client', 'add', '--bogus', '1'], ['migrate', 'extra'], ['client', 'revoke']]) {
    const r = await runCli(argv, { DATABASE_URL: 'sqlite:/nonexistent-dir/never-created.sqlite' });
    assert.equal(r.exitCode, 2, argv.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /usage: handoff/);
  }
});

test('driver usage errors exit 2 with the usage text, which documents driver add', async () => {
  for (const argv of [['driver'], ['driver', 'remove'], ['driver', 'add', '--bogus'], ['driver', 'add', '--name'], ['driver', 'add', '--manual=yes'], ['driver', 'add', 'extra']]) {
    const r = await runCli(argv, { DATABASE_URL: 'sqlite:/nonexistent-dir/never-created.sqlite' });
    assert.equal(r.exitCode, 2, argv.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /usage: handoff/);
    assert.match(r.stderr, /driver add --name NAME --phone US_PHONE \[--manual\]/);
  }
});

test('workflowset usage errors exit 2 with the usage text, which documents the three commands', async () => {
  for (const argv of [['workflowset'], ['workflowset', 'add', '--rooftop', '1'], ['workflowset', 'edit', '--file', 'x.json'], ['workflowset', 'edit', 'x', '--file', 'x.json'], ['workflowset', 'list', '--rooftop', 'one']]) {
    const r = await runCli(argv, { DATABASE_URL: 'sqlite:/nonexistent-dir/never-created.sqlite' });
    assert.equal(r.exitCode, 2, argv.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /workflowset add --rooftop ID --file SET_JSON \[--default\]/);
    assert.match(r.stderr, /workflowset edit SET_ID --file CHANGES_JSON/);
  }
});

/** A workflow set file's workflows (the body of POST /v1/ops/workflow-sets). */
const setWorkflow = (name: string) => ({
  name,
  description: `${name}, from a file`,
  steps: [
    { id: 'odometer', type: 'integer', config: { allow_server_edits: false, required: true, min: 0 } },
    { id: 'signer-name', type: 'string', config: { allow_server_edits: false } },
    { id: 'signature', type: 'signature', config: { allow_server_edits: false, required: true } },
  ],
});

for (const engine of engines()) {
  describe(`handoff CLI on ${engine}`, () => {
    let scratch: ScratchDatabase;
    let database: Database;
    const cli = (...argv: string[]) => runCli(argv, { DATABASE_URL: scratch.url });
    const count = async (table: 'rooftops' | 'api_clients' | 'client_rooftops') =>
      Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const addRooftop = async (...extra: string[]) =>
      ok(await cli('rooftop', 'add', ...RICHMOND, '--state', 'VA', '--zip', '23236', ...extra)).rooftop_id as number;

    before(async () => {
      scratch = await scratchDatabase(engine);
      // Opening creates nothing but the empty SQLite file, so the CLI still finds a new database.
      database = openDatabase(scratch.config);
    });
    after(async () => {
      await database.close();
      await scratch.drop();
    });

    test('migrate creates the schema once; the second run applies nothing (from any directory)', async () => {
      assert.deepEqual(ok(await spawnBin(['migrate'], scratch.url)), { migrated: MIGRATION_NAMES });
      assert.deepEqual(ok(await spawnBin(['migrate'], scratch.url, tmpdir())), { migrated: [] });
    });

    test('rooftop add stores the normalized address, ZIP coordinates and the ZIP time zone', async () => {
      const out = ok(
        await spawnBin(
          ['rooftop', 'add', '--name', ' Research Plaza Motors ', '--address-one', '11161 Research Plaza Way',
            '--address-two', 'Suite 200', '--city', 'Richmond', '--state', 'Virginia', '--zip', '23236-1234'],
          scratch.url,
        ),
      );
      assert.deepEqual(Object.keys(out), ['rooftop_id']);
      const row = await database.db.selectFrom('rooftops').selectAll().where('id', '=', out.rooftop_id as number).executeTakeFirstOrThrow();
      const zip = zipDirectory().lookup('23236');
      assert.ok(zip);
      assert.deepEqual(
        { name: row.name, address_two: row.address_two, state: row.state, zip: row.zip, timezone: row.timezone },
        { name: 'Research Plaza Motors', address_two: 'Ste 200', state: 'VA', zip: '23236', timezone: 'America/New_York' },
      );
      assert.equal(row.lat, zip.lat);
      assert.equal(row.lon, zip.lon);
      assert.equal(row.business_hours, null);
      assert.deepEqual(JSON.parse(row.holidays), []);
    });

    test('rooftop add takes a time zone, business hours and holidays', async () => {
      const hours = { mon: { open: '08:00', close: '17:00' }, tue: null, wed: null, thu: null, fri: null, sat: null, sun: null };
      const id = await addRooftop('--timezone', 'US/Eastern', '--hours', JSON.stringify(hours), '--holidays', '2027-01-01, 2026-12-25');
      const row = await database.db.selectFrom('rooftops').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      assert.equal(row.timezone, 'America/New_York');
      assert.deepEqual(JSON.parse(row.business_hours ?? 'null'), hours);
      assert.deepEqual(JSON.parse(row.holidays), ['2026-12-25', '2027-01-01']);
    });

    test('rooftop add refuses a bad address, time zone, hours or holidays, listing every problem and writing nothing', async () => {
      const rooftops = await count('rooftops');
      assert.deepEqual(failed(await cli('rooftop', 'add', ...RICHMOND, '--state', 'VA', '--zip', '00000')).fields, ['zip']);
      const elsewhere = failed(await cli('rooftop', 'add', ...RICHMOND, '--state', 'VA', '--zip', '10001'));
      assert.deepEqual(elsewhere.fields, ['zip']);
      assert.match(elsewhere.error, /10001 is in NY, not VA/);
      assert.deepEqual(failed(await cli('rooftop', 'add', ...RICHMOND, '--state', 'VA', '--zip', '23236', '--timezone', 'Mars/Olympus')).fields, ['timezone']);

      const all = failed(
        await cli('rooftop', 'add', '--address-one', '1 Main St', '--city', 'Richmond', '--state', 'VA', '--zip', '10001',
          '--timezone', 'Nowhere', '--hours', '{"mon":{}}', '--holidays', '2026-02-30'),
      );
      assert.deepEqual(all.fields, ['name', 'zip', 'timezone', 'hours', 'holidays']);
      assert.equal(await count('rooftops'), rooftops);
    });

    test('client add shows the secret once and stores only its hash, the role and the rooftops', async () => {
      const rooftop = await addRooftop();
      const out = ok(await spawnBin(['client', 'add', '--rooftop', String(rooftop)], scratch.url));
      assert.deepEqual(Object.keys(out), ['client_id', 'client_secret', 'role', 'rooftops']);
      assert.equal(out.role, 'dealer');
      assert.deepEqual(out.rooftops, [rooftop]);
      const row = await database.db.selectFrom('api_clients').selectAll().where('client_id', '=', out.client_id as string).executeTakeFirstOrThrow();
      assert.notEqual(row.secret_hash, out.client_secret);
      assert.equal(row.secret_hash, hashSecret(out.client_secret as string));
      assert.equal(row.role, 'dealer');
      assert.equal(row.revoked_at, null);
      const links = await database.db.selectFrom('client_rooftops').select('rooftop_id').where('client_id', '=', row.client_id).execute();
      assert.deepEqual(links.map((l) => l.rooftop_id), [rooftop]);
    });

    test('dealer_admin and ops clients take several rooftops', async () => {
      const [a, b] = [await addRooftop(), await addRooftop()];
      for (const role of ['dealer_admin', 'ops']) {
        const out = ok(await cli('client', 'add', '--rooftop', `${b},${a}`, '--role', role));
        assert.equal(out.role, role);
        assert.deepEqual(out.rooftops, [a, b].sort((x, y) => x - y));
      }
    });

    test('client add refuses a dealer with two rooftops, unknown rooftops and the driver role, writing nothing', async () => {
      const [a, b] = [await addRooftop(), await addRooftop()];
      const [clients, links] = [await count('api_clients'), await count('client_rooftops')];

      assert.match(failed(await cli('client', 'add', '--rooftop', `${a},${b}`)).error, /exactly one rooftop/);
      assert.match(failed(await cli('client', 'add', '--rooftop', '999999', '--role', 'ops')).error, /rooftop 999999 does not exist/);
      assert.deepEqual(failed(await cli('client', 'add', '--rooftop', String(a), '--role', 'driver')).fields, ['role']);
      assert.deepEqual(failed(await cli('client', 'add', '--role', 'ops')).fields, ['rooftops']);
      // Every problem at once: a bad role, a malformed id and an unknown one.
      assert.deepEqual(failed(await cli('client', 'add', '--rooftop', `${a},x,999999`, '--role', 'boss')).fields, ['role', 'rooftops', 'rooftops']);

      assert.deepEqual([await count('api_clients'), await count('client_rooftops')], [clients, links]);
    });

    test('client add --role ops --all-rooftops makes a dispatch desk for every rooftop, present and future', async () => {
      const before = await addRooftop();
      const out = ok(await cli('client', 'add', '--role', 'ops', '--all-rooftops'));
      assert.deepEqual(Object.keys(out), ['client_id', 'client_secret', 'role', 'rooftops']);
      assert.deepEqual([out.role, out.rooftops], ['ops', 'all']);
      const row = await database.db.selectFrom('api_clients').selectAll().where('client_id', '=', out.client_id as string).executeTakeFirstOrThrow();
      assert.equal(Number(row.all_rooftops), 1);
      const links = await database.db.selectFrom('client_rooftops').select('rooftop_id').where('client_id', '=', row.client_id).execute();
      assert.deepEqual(links, [], 'no rooftop links: the flag covers rooftops added later');
      const later = await addRooftop();
      const record = await findClient(database.db, out.client_id as string);
      assert.equal(record?.allRooftops, true);
      assert.ok(record.rooftopIds.includes(before) && record.rooftopIds.includes(later), 'a rooftop added after the client is in its scope');
      const scoped = await findClient(database.db, ok(await cli('client', 'add', '--role', 'ops', '--rooftop', String(before))).client_id as string);
      assert.deepEqual([scoped?.allRooftops, scoped?.rooftopIds], [false, [before]]);
    });

    test('--all-rooftops with --rooftop, or with another role than ops, is a usage error that writes nothing', async () => {
      const rooftop = await addRooftop();
      const [clients, links] = [await count('api_clients'), await count('client_rooftops')];
      const cases: [string[], RegExp][] = [
        [['--role', 'ops', '--all-rooftops', '--rooftop', String(rooftop)], /--all-rooftops and --rooftop exclude each other/],
        [['--all-rooftops'], /--all-rooftops is for --role ops only \(got role "dealer"\)/],
        [['--role', 'dealer_admin', '--all-rooftops'], /--all-rooftops is for --role ops only \(got role "dealer_admin"\)/],
      ];
      for (const [args, message] of cases) {
        const r = await cli('client', 'add', ...args);
        assert.equal(r.exitCode, 2, args.join(' '));
        assert.equal(r.stdout, '');
        assert.match(r.stderr, message);
        assert.match(r.stderr, /client add --role ops --all-rooftops/, 'the usage text documents it');
      }
      // createClient refuses the same for any other caller, as field problems.
      const deps = { ids: cryptoIds, clock: systemClock };
      await assert.rejects(createClient(database.db, { role: 'dealer_admin', rooftopIds: [], allRooftops: true }, deps), (e: ApiError) =>
        e.problems.some((p) => p.field === 'all_rooftops'));
      await assert.rejects(createClient(database.db, { role: 'ops', rooftopIds: [rooftop], allRooftops: true }, deps), (e: ApiError) =>
        e.problems.some((p) => p.field === 'rooftops'));
      assert.deepEqual([await count('api_clients'), await count('client_rooftops')], [clients, links]);
    });

    test('client revoke sets revoked_at once; revoking again or an unknown client fails', async () => {
      const client = ok(await cli('client', 'add', '--rooftop', String(await addRooftop()))).client_id as string;
      const revoked = ok(await cli('client', 'revoke', client));
      assert.deepEqual(revoked, { client_id: client, revoked: true });
      const row = await database.db.selectFrom('api_clients').select('revoked_at').where('client_id', '=', client).executeTakeFirstOrThrow();
      assert.equal(typeof row.revoked_at, 'number');

      assert.match(failed(await cli('client', 'revoke', client)).error, /already revoked/);
      assert.match(failed(await cli('client', 'revoke', 'hc_nobody')).error, /does not exist/);
      const again = await database.db.selectFrom('api_clients').select('revoked_at').where('client_id', '=', client).executeTakeFirstOrThrow();
      assert.equal(again.revoked_at, row.revoked_at);
    });

    test('workflowset add, list and edit print one JSON object each, through the API\'s reader and service', async () => {
      const rooftop = await addRooftop();
      const dir = mkdtempSync(join(tmpdir(), 'handoff-sets-'));
      const file = (name: string, body: unknown) => {
        const path = join(dir, name);
        writeFileSync(path, JSON.stringify(body));
        return path;
      };
      try {
        const body = { name: 'CLI set', description: 'Made by the CLI', pickup: setWorkflow('Pickup'), delivery: setWorkflow('Delivery') };
        const added = ok(await spawnBin(['workflowset', 'add', '--rooftop', String(rooftop), '--file', file('set.json', body), '--default'], scratch.url));
        assert.deepEqual(
          [added.name, added.rooftop, added.is_default, added.built_in, (added.pickup as { steps: unknown[] }).steps.length],
          ['CLI set', rooftop, true, false, 3],
        );

        const listed = ok(await cli('workflowset', 'list', '--rooftop', String(rooftop)));
        assert.deepEqual(Object.keys(listed), ['workflow_sets']);
        const sets = listed.workflow_sets as { id: number; built_in: boolean }[];
        assert.deepEqual(sets.map((s) => s.built_in), [true, false]);
        assert.equal(sets[1]!.id, added.id);

        const edited = ok(await cli('workflowset', 'edit', String(added.id), '--file', file('edit.json', { name: 'Renamed', is_default: false })));
        assert.deepEqual([edited.id, edited.name, edited.is_default, edited.pickup], [added.id, 'Renamed', false, added.pickup]);

        const builtIn = failed(await cli('workflowset', 'edit', String(sets[0]!.id), '--file', file('edit.json', { name: 'Mine' })));
        assert.match(builtIn.error, /the built-in set cannot be changed; create your own/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('workflowset add refuses a bad file, listing every problem like the API, and writes nothing', async () => {
      const rooftop = await addRooftop();
      const sets = async () => Number((await database.db.selectFrom('workflow_sets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const dir = mkdtempSync(join(tmpdir(), 'handoff-sets-'));
      try {
        const before = await sets();
        const bad = join(dir, 'bad.json');
        const photo = { id: 'front', type: 'photo', config: { allow_server_edits: true } };
        writeFileSync(bad, JSON.stringify({ name: '', pickup: { ...setWorkflow('Pickup'), steps: [photo] }, delivery: 'none' }));
        const problems = failed(await cli('workflowset', 'add', '--rooftop', String(rooftop), '--file', bad));
        assert.deepEqual(problems.fields, ['name', 'description', 'pickup.steps.0.config.allow_server_edits', 'delivery']);
        assert.deepEqual(failed(await cli('workflowset', 'add', '--rooftop', '999999', '--file', bad)).fields.slice(0, 1), ['rooftop']);
        assert.deepEqual(failed(await cli('workflowset', 'add', '--rooftop', String(rooftop), '--file', join(dir, 'missing.json'))).fields, ['file']);
        writeFileSync(bad, '{"name": ');
        assert.match(failed(await cli('workflowset', 'add', '--rooftop', String(rooftop), '--file', bad)).error, /is not valid JSON/);
        assert.deepEqual(failed(await cli('workflowset', 'list', '--rooftop', '999999')).fields, ['rooftop']);
        assert.equal(await sets(), before);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('driver add creates an active driver and its driver client, showing the secret once and storing its hash', async () => {
      const out = ok(await spawnBin(['driver', 'add', '--name', ' Dana Wheeler ', '--phone', '(804) 555-0100'], scratch.url));
      assert.deepEqual(Object.keys(out), ['driver_id', 'client_id', 'client_secret']);
      assert.ok(Number.isInteger(out.driver_id));
      const driver = await database.db.selectFrom('drivers').selectAll().where('id', '=', out.driver_id as number).executeTakeFirstOrThrow();
      assert.deepEqual(
        { name: driver.name, phone: driver.phone, manual: Number(driver.can_drive_manual), active: Number(driver.active), sandbox: Number(driver.sandbox) },
        { name: 'Dana Wheeler', phone: '+18045550100', manual: 0, active: 1, sandbox: 0 },
      );
      const client = await database.db.selectFrom('api_clients').selectAll().where('client_id', '=', out.client_id as string).executeTakeFirstOrThrow();
      assert.equal(client.role, 'driver');
      assert.equal(Number(client.driver_id), out.driver_id);
      assert.equal(client.revoked_at, null);
      assert.equal(client.secret_hash, hashSecret(out.client_secret as string));
      assert.ok(!JSON.stringify(client).includes(out.client_secret as string), 'the secret itself is not stored');
      const links = await database.db.selectFrom('client_rooftops').select('rooftop_id').where('client_id', '=', client.client_id).execute();
      assert.deepEqual(links, [], 'a driver client has no rooftops');
    });

    test('driver add --manual sets can_drive_manual', async () => {
      const out = ok(await cli('driver', 'add', '--name', 'Stick Shift Sam', '--phone', '804-555-0134', '--manual'));
      const driver = await database.db.selectFrom('drivers').select('can_drive_manual').where('id', '=', out.driver_id as number).executeTakeFirstOrThrow();
      assert.equal(Number(driver.can_drive_manual), 1);
    });

    test('driver add refuses a bad phone or a missing name, listing every problem and writing nothing', async () => {
      const counts = async () => [
        await count('api_clients'),
        Number((await database.db.selectFrom('drivers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      ];
      const before = await counts();
      const badPhone = failed(await cli('driver', 'add', '--name', 'Dana Wheeler', '--phone', '555-0134'));
      assert.deepEqual(badPhone.fields, ['phone']);
      assert.match(badPhone.error, /valid US phone number/);
      assert.deepEqual(failed(await cli('driver', 'add', '--name', 'Dana Wheeler', '--phone', '+44 20 7946 0958')).fields, ['phone']);
      assert.deepEqual(failed(await cli('driver', 'add')).fields, ['name', 'phone']);
      assert.deepEqual(failed(await cli('driver', 'add', '--name', 'x'.repeat(201), '--phone', 'nope')).fields, ['name', 'phone']);
      assert.deepEqual(await counts(), before);
    });

    test('user add prints a generated password once (or takes one on stdin), stores its Argon2id hash; list and disable', async () => {
      const rooftop = await addRooftop();
      const out = ok(await cli('user', 'add', '--email', 'Jane@Example.com', '--name', 'Jane Smith', '--role', 'dealer', '--rooftop', String(rooftop)));
      assert.deepEqual(Object.keys(out), ['user', 'password']);
      const user = out.user as Record<string, unknown>;
      assert.deepEqual([user.email, user.role, user.rooftop_ids, user.disabled], ['jane@example.com', 'dealer', [rooftop], false]);
      const row = await database.db.selectFrom('portal_users').selectAll().where('email', '=', 'jane@example.com').executeTakeFirstOrThrow();
      assert.match(row.password_hash, /^\$argon2id\$/);
      assert.ok(await verify(row.password_hash, out.password as string), 'the printed password is the stored one');

      // --password-stdin through the real bin: the password is piped, never on the command line.
      const child = spawn(process.execPath, [BIN, 'user', 'add', '--email', 'ops@example.com', '--name', 'Dana', '--role', 'ops', '--password-stdin'], {
        cwd: REPO,
        env: { ...process.env, DATABASE_URL: scratch.url },
      });
      child.stdin.end('a piped passphrase!\n');
      let stdout = '';
      child.stdout.on('data', (d) => (stdout += d));
      const [code] = (await once(child, 'close')) as [number];
      assert.equal(code, 0);
      assert.deepEqual(Object.keys(JSON.parse(stdout)), ['user'], 'no password printed when one was given');
      const ops = await database.db.selectFrom('portal_users').selectAll().where('email', '=', 'ops@example.com').executeTakeFirstOrThrow();
      assert.ok(await verify(ops.password_hash, 'a piped passphrase!'), 'the trailing line break is not part of it');

      const listed = ok(await cli('user', 'list')).users as { email: string }[];
      assert.deepEqual(listed.map((u) => u.email), ['jane@example.com', 'ops@example.com']);
      const users = async () => (await database.db.selectFrom('portal_users').select('id').execute()).length;
      assert.deepEqual(failed(await cli('user', 'add', '--email', 'JANE@example.com', '--name', 'Again', '--role', 'dealer', '--rooftop', String(rooftop))).fields, ['email']);
      assert.deepEqual(failed(await cli('user', 'add', '--email', 'x', '--role', 'boss', '--rooftop', 'abc')).fields, ['email', 'name', 'role', 'rooftop_ids']);
      assert.equal(await users(), 2, 'refused adds write nothing');

      const disabled = ok(await cli('user', 'disable', '--email', 'JANE@example.com'));
      assert.equal((disabled.user as { disabled: boolean }).disabled, true);
      assert.deepEqual(failed(await cli('user', 'disable', '--email', 'nobody@example.com')).fields, ['email']);
      assert.equal((await cli('user', 'disable')).exitCode, 2);
    });
  });
}
