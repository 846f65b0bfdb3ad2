import type { Kysely, Migration } from 'kysely';

/**
 * A move's cancel_reason (spec §11.5: a rescheduled move carries `cancel_reason`, shown in its
 * document). The stored documents are forgotten so that every one is rendered afresh with the new
 * key (a missing stored copy is rendered from the rows: see moves/scenario-document.ts).
 */
export const cancelReason = (): Migration => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('moves').addColumn('cancel_reason', 'text').execute();
    await db.deleteFrom('scenario_documents').execute();
  },
});
