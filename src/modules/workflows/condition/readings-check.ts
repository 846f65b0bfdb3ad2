/**
 * Plausibility of the readings taken at both ends of a move (spec §10.4). These are warnings on the
 * report, never refusals: a misread dial or a detour is possible, and ops decide what it means.
 */

/**
 * How far the odometer may advance beyond the lane's distance before the report warns: detours, a
 * fuel stop and the yard's own lot account for the factor; `plusMiles` keeps short lanes from warning
 * on a few miles of parking-lot driving. The one place these numbers live (ours, §10.4).
 */
export const ODOMETER_RULE = { factor: 1.5, plusMiles: 5 } as const;

export interface OdometerRule {
  factor: number;
  plusMiles: number;
}

/** `b − a` (e.g. delivery minus pickup), or null when either reading is missing or not a number. */
export function readingDelta(a: number | null, b: number | null): number | null {
  if (!isReading(a) || !isReading(b)) return null;
  return b - a;
}

/**
 * A warning for the condition report when the odometer readings do not fit the move, or null when
 * they do or when a number the check needs is missing. A reading that went backwards is wrong
 * whatever the lane's length, so that check needs only the two readings; the excess check needs all three.
 */
export function odometerWarning(
  pickupMiles: number | null,
  deliveryMiles: number | null,
  laneMiles: number | null,
  rule: OdometerRule = ODOMETER_RULE,
): string | null {
  if (!isReading(pickupMiles) || !isReading(deliveryMiles)) return null;
  const delta = deliveryMiles - pickupMiles;
  if (delta < 0) {
    return `the odometer went backwards: ${formatMiles(pickupMiles)} mi at pickup, ${formatMiles(deliveryMiles)} mi at delivery`;
  }
  if (!isReading(laneMiles)) return null;
  const allowed = rule.factor * laneMiles + rule.plusMiles;
  if (delta > allowed) {
    return (
      `the odometer advanced ${formatMiles(delta)} mi, more than the ${formatMiles(allowed)} mi expected ` +
      `for a ${formatMiles(laneMiles)} mi lane (${rule.factor} × lane miles + ${rule.plusMiles})`
    );
  }
  return null;
}

function isReading(value: number | null): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

// Lane distances are decimals; two places are plenty for a person and keep float noise out of the text.
function formatMiles(miles: number): string {
  return String(Math.round(miles * 100) / 100);
}
