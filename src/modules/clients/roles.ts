export const ROLES = ['dealer', 'dealer_admin', 'ops', 'driver'] as const;
export type Role = (typeof ROLES)[number];

/** Who may book moves and read a rooftop's moves, lanes and locations. */
export const DEALER_ROLES: readonly Role[] = ['dealer', 'dealer_admin'];
export const READER_ROLES: readonly Role[] = ['dealer', 'dealer_admin', 'ops'];
/** Who may change a booked move: the dealer, and the ops desk correcting details for them. */
export const EDIT_ROLES: readonly Role[] = ['dealer', 'dealer_admin', 'ops'];
/**
 * The logistics company's dispatch desk: drivers, dispatch, cancellation decisions. Creating and
 * changing drivers, and seeing where any driver is, is for an all-rooftops ops client alone
 * (drivers/driver-scope.ts); one scoped to rooftops dispatches only those rooftops' moves.
 */
export const OPS_ROLES: readonly Role[] = ['ops'];
