// The customer texts (spec §8): one template per trigger, worded for the booking's kind and
// action, each starting with the rooftop's name so the customer knows who is writing. Pure: the
// caller supplies the time zone (the customer location's, else the rooftop's) and every name.
import { DateTime } from 'luxon';
import { zoneAbbreviation } from '../../lib/zone-abbreviation.ts';
import type { CustomerAction } from '../moves/kinds/move-kind.ts';
import type { SmsTrigger, TextingKind } from './sms-triggers.ts';

export interface SmsContext {
  rooftopName: string;
  kind: TextingKind;
  action: CustomerAction;
  customerName: string | null;
  /** Epoch ms; null only for a booking without one (never for the concierge endpoints). */
  appointmentMs: number | null;
  /** IANA zone the appointment is shown in. */
  timeZone: string;
  /** The customer's own vehicle. */
  vehicle: { year: string | null; make: string | null; model: string | null };
  driverName: string | null;
  /** The tracking page of the leg heading to the customer (on_the_way only). */
  trackingLink: string | null;
}

/** "Thu, Mar 26 at 10:00 AM EDT": the wall-clock time and zone abbreviation of `timeZone` at `ms`. */
export function formatLocalTime(ms: number, timeZone: string): string {
  let dt = DateTime.fromMillis(ms, { zone: timeZone, locale: 'en-US' });
  if (!dt.isValid) dt = DateTime.fromMillis(ms, { zone: 'UTC', locale: 'en-US' });
  return `${dt.toFormat("ccc, LLL d 'at' h:mm a")} ${zoneAbbreviation(dt)}`;
}

const firstName = (name: string | null) => name?.trim().split(/\s+/)[0] || null;

/** "2011 Buick Enclave"; "vehicle" when the make or model is unknown. */
export function vehicleName(v: SmsContext['vehicle']): string {
  if (!v.make || !v.model) return 'vehicle';
  return [v.year, v.make, v.model].filter((p) => p).join(' ');
}

/** What the driver comes for, after "on the way" / "has arrived". */
function purpose(c: SmsContext, car: string): string {
  if (c.action === 'return') return `with your ${car}`;
  return c.kind === 'concierge-loaner' ? 'with your loaner' : `to collect your ${car}`;
}

export function renderSms(trigger: SmsTrigger, c: SmsContext): string {
  const car = vehicleName(c.vehicle);
  const from = `${c.rooftopName}:`;
  switch (trigger) {
    case 'confirmed': {
      const hi = firstName(c.customerName) ? `Hi ${firstName(c.customerName)}, your` : 'Your';
      const what = c.action === 'pickup' ? 'service pickup' : 'vehicle return';
      const when = c.appointmentMs === null ? '' : ` for ${formatLocalTime(c.appointmentMs, c.timeZone)}`;
      const plan =
        c.kind === 'concierge-loaner'
          ? c.action === 'pickup'
            ? `A driver will bring you a loaner and take your ${car} in for service.`
            : `A driver will bring back your ${car} and collect the loaner.`
          : c.action === 'pickup'
            ? `A driver will collect your ${car}.`
            : `A driver will bring back your ${car}.`;
      return `${from} ${hi} ${what} is confirmed${when}. ${plan} Reply STOP to opt out.`;
    }
    case 'on_the_way': {
      const driver = firstName(c.driverName) ? `Your driver, ${firstName(c.driverName)},` : 'Your driver';
      const track = c.trackingLink ? ` Track your driver: ${c.trackingLink}` : '';
      return `${from} ${driver} is on the way ${purpose(c, car)}.${track}`;
    }
    case 'arrived':
      return `${from} Your driver has arrived ${purpose(c, car)}.`;
    case 'delivered':
      return c.action === 'pickup'
        ? `${from} Your ${car} has arrived at ${c.rooftopName} for service.`
        : `${from} Your ${car} has been delivered. Thank you for choosing ${c.rooftopName}!`;
  }
}
