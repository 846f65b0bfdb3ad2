// A charge's life (spec §12.2, ours: the doc shows a status but not its values): quoted at
// booking, final once the move completed (delivered, or its cancelation decided), settled seven
// days later — frozen from then on (charge_settled).
export const QUOTED = 'quoted';
export const FINAL = 'final';
export const SETTLED = 'settled';
export const CHARGE_STATUSES = [QUOTED, FINAL, SETTLED] as const;
export type ChargeStatus = (typeof CHARGE_STATUSES)[number];
/** The statuses a charge may still change in. */
export const EDITABLE: string[] = [QUOTED, FINAL];
