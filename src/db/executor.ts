import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/** What repositories run their SQL on: the database itself, or a transaction of it. */
export type Executor = Kysely<Schema>;
