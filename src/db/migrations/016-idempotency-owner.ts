import type { Kysely, Migration } from 'kysely';

/**
 * Which process holds a running Idempotency-Key claim (`host:pid:nonce`, see
 * lib/process-identity.ts). A process killed with -9 leaves its claim running until the lease
 * lapses; when the repeat lands on the same host and that process is provably gone, the claim is
 * released at once instead. Null for claims made before this column (they wait out their lease).
 */
export const idempotencyOwner = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('idempotency_keys').addColumn('locked_by', 'text').execute();
  },
});
