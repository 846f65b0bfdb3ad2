import type { CreateTableBuilder } from 'kysely';
import type { Dialect } from '../database.ts';

/** An auto-increment integer primary key in either dialect. */
export function withId<T extends string>(tb: CreateTableBuilder<T, never>, dialect: Dialect, name = 'id') {
  return dialect === 'sqlite'
    ? tb.addColumn(name, 'integer', (c) => c.primaryKey().autoIncrement())
    : tb.addColumn(name, 'bigserial', (c) => c.primaryKey());
}
