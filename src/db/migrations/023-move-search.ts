import { type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * Issue 16: search on GET /v1/moves (`q`), and the indexes the list needs at 100,000 moves.
 *
 * `move_search_terms` holds each move's searchable words: its customer's name, reference and stock
 * split into words, and its VIN (whole, and its last 8, 7 and 6 characters) under a `~` prefix so a
 * VIN is matched by its end, never by a word of a name. A word matches a term it begins (a range on
 * the primary key); the VIN terms must match whole. Triggers keep the table in step with every write
 * to moves and to a scenario's customer name, so no writer (booking, PATCH, reschedule, the CLI, a
 * test behind the app's back) can forget it.
 *
 * Words are folded the same way in both engines and in src/modules/moves/move-list-search.ts: ASCII
 * letters lowercased (SQLite's lower() folds ASCII only, so PostgreSQL uses translate() to match),
 * and each of SEPARATORS is a space. This copy is frozen with the migration; change it only with a
 * new migration that rebuilds the table.
 */
const SEPARATORS = ['-', '.', ',', '#', '/', "'", '"', '\\', '&', '(', ')', '_', ':', ';', '+', '~', '\t', '\n', '\r'];
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A SQL string literal (the characters above include a quote). */
const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** `text` folded and with every separator a space, in the engine's own SQL. */
function folded(dialect: Dialect, text: string): string {
  if (dialect === 'postgres') {
    // E'' so \t \n \r are the characters; translate maps one for one.
    const from = UPPER + SEPARATORS.join('');
    const to = UPPER.toLowerCase() + ' '.repeat(SEPARATORS.length);
    const e = (s: string) => `E'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r')}'`;
    return `translate(${text}, ${e(from)}, ${e(to)})`;
  }
  let out = `lower(${text})`;
  for (const s of SEPARATORS) out = `replace(${out}, ${s === '\t' ? 'char(9)' : s === '\n' ? 'char(10)' : s === '\r' ? 'char(13)' : literal(s)}, ' ')`;
  return out;
}

/** The words a move is found by (customer name, reference, stock), for the moves `where` selects. */
function wordTerms(dialect: Dialect, where: string): string {
  const text = `coalesce(s.customer_name, '') || ' ' || coalesce(m.reference_id, '') || ' ' || coalesce(m.vehicle_stock, '')`;
  if (dialect === 'postgres') {
    return `select m.rooftop_id, w, m.id from moves m join scenarios s on s.id = m.scenario_id
      cross join lateral regexp_split_to_table(${folded(dialect, text)}, ' ') as w where ${where} and w <> ''`;
  }
  // No regular expressions in SQLite: the words become a JSON array (the separators include both
  // characters JSON would need escaped); a text with other control characters yields no words.
  const array = `'["' || replace(${folded(dialect, text)}, ' ', '","') || '"]'`;
  return `select m.rooftop_id, w.value, m.id from moves m join scenarios s on s.id = m.scenario_id,
      json_each(case when json_valid(${array}) then ${array} else '[]' end) w where ${where} and w.value <> ''`;
}

/** The VIN terms: the whole VIN and its last 8, 7 and 6 characters, each after `~`. */
function vinTerms(dialect: Dialect, where: string): string {
  const end = (n: number) => (dialect === 'postgres' ? `right(m.vehicle_vin, ${n})` : `substr(m.vehicle_vin, -${n})`);
  const parts = ['m.vehicle_vin', end(8), end(7), end(6)]
    .map((v) => `select m.rooftop_id, '~' || ${folded(dialect, v)}, m.id from moves m where ${where} and m.vehicle_vin is not null`);
  return parts.join(' union ');
}

function insertTerms(dialect: Dialect, where: string): string[] {
  const conflict = dialect === 'postgres' ? ' on conflict do nothing' : '';
  const verb = dialect === 'postgres' ? 'insert into' : 'insert or ignore into';
  return [wordTerms(dialect, where), vinTerms(dialect, where)].map(
    (select) => `${verb} move_search_terms (rooftop_id, term, move_id) ${select}${conflict}`,
  );
}

const MOVE_COLUMNS = 'scenario_id, rooftop_id, reference_id, vehicle_stock, vehicle_vin';

async function sqliteTriggers(db: Kysely<any>): Promise<void> {
  const ofMove = insertTerms('sqlite', 'm.id = new.id').map((s) => `${s};`).join('\n');
  const ofScenario = insertTerms('sqlite', 'm.scenario_id = new.id').map((s) => `${s};`).join('\n');
  await sql.raw(`create trigger move_search_terms_insert after insert on moves begin ${ofMove} end`).execute(db);
  await sql
    .raw(`create trigger move_search_terms_update after update of ${MOVE_COLUMNS} on moves begin
      delete from move_search_terms where move_id = old.id; ${ofMove} end`)
    .execute(db);
  await sql.raw(`create trigger move_search_terms_delete after delete on moves begin delete from move_search_terms where move_id = old.id; end`).execute(db);
  await sql
    .raw(`create trigger move_search_terms_customer after update of customer_name on scenarios begin
      delete from move_search_terms where move_id in (select id from moves where scenario_id = new.id); ${ofScenario} end`)
    .execute(db);
}

async function postgresTriggers(db: Kysely<any>): Promise<void> {
  const ofMove = insertTerms('postgres', 'm.id = new.id').map((s) => `${s};`).join('\n');
  const ofScenario = insertTerms('postgres', 'm.scenario_id = new.id').map((s) => `${s};`).join('\n');
  await sql
    .raw(`create function move_search_terms_of_move() returns trigger language plpgsql as $fn$ begin
      if tg_op <> 'INSERT' then delete from move_search_terms where move_id = old.id; end if;
      if tg_op <> 'DELETE' then ${ofMove} end if;
      return null; end $fn$`)
    .execute(db);
  await sql
    .raw(`create function move_search_terms_of_scenario() returns trigger language plpgsql as $fn$ begin
      delete from move_search_terms where move_id in (select id from moves where scenario_id = new.id);
      ${ofScenario} return null; end $fn$`)
    .execute(db);
  await sql.raw(`create trigger move_search_terms_insert after insert or delete on moves for each row execute function move_search_terms_of_move()`).execute(db);
  await sql.raw(`create trigger move_search_terms_update after update of ${MOVE_COLUMNS} on moves for each row execute function move_search_terms_of_move()`).execute(db);
  await sql.raw(`create trigger move_search_terms_customer after update of customer_name on scenarios for each row execute function move_search_terms_of_scenario()`).execute(db);
}

export const moveSearch = (dialect: Dialect): Migration => ({
  async up(db: Kysely<any>) {
    // Stored documents were rendered before move_details_url: each is rendered afresh on its next
    // read (and stored again at its scenario's next change) rather than served without the key.
    await db.deleteFrom('scenario_documents').execute();

    // PostgreSQL: byte order (COLLATE "C"), so a prefix is one key range whatever the database's collation.
    const termType = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
    await db.schema
      .createTable('move_search_terms')
      .addColumn('rooftop_id', 'bigint', (c) => c.notNull())
      .addColumn('term', termType, (c) => c.notNull())
      .addColumn('move_id', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('move_search_terms_pk', ['rooftop_id', 'term', 'move_id'])
      .execute();
    await db.schema.createIndex('move_search_terms_move').on('move_search_terms').columns(['move_id', 'term']).execute();
    for (const statement of insertTerms(dialect, '1 = 1')) await sql.raw(statement).execute(db);
    await (dialect === 'postgres' ? postgresTriggers(db) : sqliteTriggers(db));

    // The list's status filter, newest first, without walking the rooftop's other moves.
    await db.schema.createIndex('moves_rooftop_status_id').on('moves').columns(['rooftop_id', 'status', 'id']).execute();
    // Its date range (on the scenario's ready-by), found as the scenarios in the window.
    await db.schema.createIndex('scenarios_rooftop_ready_by').on('scenarios').columns(['rooftop_id', 'ready_by_time']).execute();
  },
});
