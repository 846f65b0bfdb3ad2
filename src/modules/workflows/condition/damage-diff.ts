/**
 * The damage diff (spec §10.4): what changed on each panel between the pickup and the delivery
 * reports. Its verdict attributes damage to a driver, so the one rule that outranks the rest is
 * "never blame a driver for what nobody photographed": a change counts only when both ends looked.
 */
import { PANELS, type DamageType, type Panel } from './vehicle-panels.ts';

export interface DamageFinding {
  panel: Panel;
  type: DamageType;
  severity: number;
  note: string | null;
  photo_ids: string[];
}

/** One end's report: its findings, and the panels its photos show (see visiblePanels). */
export interface SideEvidence {
  damages: DamageFinding[];
  visible: ReadonlySet<Panel>;
}

/** One panel's findings at both ends, as recorded. */
export interface PanelComparison {
  panel: Panel;
  pickup: DamageFinding[];
  delivery: DamageFinding[];
}

export interface DamageDiff {
  new: PanelComparison[];
  worsened: PanelComparison[];
  unchanged: PanelComparison[];
  improved: PanelComparison[];
  not_comparable: PanelComparison[];
}

export type DiffVerdict = keyof DamageDiff;

const KNOWN_PANELS: ReadonlySet<string> = new Set(PANELS);

/**
 * Compares the two reports panel by panel, for every panel with a finding at either end; within each
 * list the panels come in PANELS order. Several findings on one panel are judged as a whole.
 */
export function diffDamages(pickup: SideEvidence, delivery: SideEvidence): DamageDiff {
  const atPickup = findingsByPanel(pickup.damages);
  const atDelivery = findingsByPanel(delivery.damages);
  const diff: DamageDiff = { new: [], worsened: [], unchanged: [], improved: [], not_comparable: [] };
  for (const panel of PANELS) {
    const comparison: PanelComparison = { panel, pickup: atPickup.get(panel) ?? [], delivery: atDelivery.get(panel) ?? [] };
    if (comparison.pickup.length === 0 && comparison.delivery.length === 0) continue;
    diff[verdictOf(comparison, pickup.visible, delivery.visible)].push(comparison);
  }
  return diff;
}

/** True when the diff blames the move for damage: something new or worse arrived at delivery. */
export function damageDetected(diff: DamageDiff): boolean {
  return diff.new.length > 0 || diff.worsened.length > 0;
}

/**
 * The verdict for one panel. A finding at an end proves that end looked at the panel; without one,
 * only the end's photos (angles or close-ups) can say whether the panel was clean or simply unseen.
 */
function verdictOf(comparison: PanelComparison, visibleAtPickup: ReadonlySet<Panel>, visibleAtDelivery: ReadonlySet<Panel>): DiffVerdict {
  const { panel, pickup, delivery } = comparison;
  if (pickup.length === 0) return visibleAtPickup.has(panel) ? 'new' : 'not_comparable';
  // Gone at delivery means something only if the delivery driver looked; otherwise it proves nothing.
  if (delivery.length === 0) return visibleAtDelivery.has(panel) ? 'improved' : 'not_comparable';
  return compareFindings(pickup, delivery);
}

/** Both ends found damage on the panel: worse if it is more severe or of a kind not there at pickup. */
function compareFindings(pickup: DamageFinding[], delivery: DamageFinding[]): DiffVerdict {
  const pickupTypes = new Set(pickup.map((finding) => finding.type));
  const hasNewType = delivery.some((finding) => !pickupTypes.has(finding.type));
  const pickupWorst = highestSeverity(pickup);
  const deliveryWorst = highestSeverity(delivery);
  if (deliveryWorst > pickupWorst || hasNewType) return 'worsened';
  if (deliveryWorst < pickupWorst) return 'improved';
  return 'unchanged';
}

function highestSeverity(findings: DamageFinding[]): number {
  return Math.max(...findings.map((finding) => finding.severity));
}

/**
 * Groups findings by panel, keeping each end's own order. A panel outside PANELS is refused rather
 * than dropped: silently losing a finding from evidence would be worse than failing loudly.
 */
function findingsByPanel(findings: DamageFinding[]): Map<Panel, DamageFinding[]> {
  const byPanel = new Map<Panel, DamageFinding[]>();
  for (const finding of findings) {
    if (!KNOWN_PANELS.has(finding.panel)) throw new RangeError(`unknown panel in a damage finding: ${JSON.stringify(finding.panel)}`);
    const list = byPanel.get(finding.panel);
    if (list) list.push(finding);
    else byPanel.set(finding.panel, [finding]);
  }
  return byPanel;
}
