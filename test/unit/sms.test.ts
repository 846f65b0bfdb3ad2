// The pure parts of customer texts: which (leg, event) fires which trigger, the wording and local
// time of each text, the STOP/START keywords, the form parser, and how Twilio failures are judged.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import twilio from 'twilio';
import { keywordAction } from '../../src/modules/sms/sms-keywords.ts';
import { classifyTwilioError, LogSender } from '../../src/modules/sms/sms-senders.ts';
import { formatLocalTime, renderSms, type SmsContext, vehicleName } from '../../src/modules/sms/sms-templates.ts';
import { customerLocationId, type Leg, triggerOf, triggerPlan } from '../../src/modules/sms/sms-triggers.ts';
import { parseForm } from '../../src/modules/sms/sms.routes.ts';

const LOT = 1;
const HOME = 2;
const leg = (cardinality: number, role: string, pickup: number, delivery: number): Leg => ({
  cardinality,
  role,
  pickupLocationId: pickup,
  deliveryLocationId: delivery,
});

const planOf = (kind: string, action: string | null, legs: Leg[]) =>
  triggerPlan(kind, action, legs).map((p) => `${p.trigger}@${p.cardinality}:${p.event}`);

describe('triggers', () => {
  test('concierge-loaner pickup: the loaner leg heads to the customer, the customer car leg delivers', () => {
    const legs = [leg(0, 'loaner_move', LOT, HOME), leg(1, 'customer_move', HOME, LOT)];
    assert.equal(customerLocationId('concierge-loaner', 'pickup', legs), HOME);
    assert.deepEqual(planOf('concierge-loaner', 'pickup', legs), [
      'confirmed@0:move.created',
      'on_the_way@0:move.delivery.started',
      'arrived@0:move.delivery.arrived',
      'delivered@1:move.delivery.successful',
    ]);
  });

  test('concierge-loaner return: the customer car leg heads to the customer and delivers there', () => {
    const legs = [leg(0, 'customer_move', LOT, HOME), leg(1, 'loaner_move', HOME, LOT)];
    assert.equal(customerLocationId('concierge-loaner', 'return', legs), HOME);
    assert.deepEqual(planOf('concierge-loaner', 'return', legs), [
      'confirmed@0:move.created',
      'on_the_way@0:move.delivery.started',
      'arrived@0:move.delivery.arrived',
      'delivered@0:move.delivery.successful',
    ]);
  });

  test('concierge pickup heads to the pickup; concierge return to the delivery', () => {
    const pickup = [leg(0, 'customer_move', HOME, LOT)];
    assert.equal(customerLocationId('concierge', 'pickup', pickup), HOME);
    assert.deepEqual(planOf('concierge', 'pickup', pickup), [
      'confirmed@0:move.created',
      'on_the_way@0:move.pickup.started',
      'arrived@0:move.pickup.arrived',
      'delivered@0:move.delivery.successful',
    ]);
    const ret = [leg(0, 'customer_move', LOT, HOME)];
    assert.equal(customerLocationId('concierge', 'return', ret), HOME);
    assert.deepEqual(planOf('concierge', 'return', ret), [
      'confirmed@0:move.created',
      'on_the_way@0:move.delivery.started',
      'arrived@0:move.delivery.arrived',
      'delivered@0:move.delivery.successful',
    ]);
  });

  test('leg 1 of a pair starting at the customer texts nothing; other kinds text nobody', () => {
    const legs = [leg(0, 'loaner_move', LOT, HOME), leg(1, 'customer_move', HOME, LOT)];
    const plan = triggerPlan('concierge-loaner', 'pickup', legs);
    assert.equal(triggerOf(plan, 1, 'move.pickup.started'), null);
    assert.equal(triggerOf(plan, 1, 'move.pickup.arrived'), null);
    assert.equal(triggerOf(plan, 1, 'move.created'), null, 'one confirmation per booking');
    assert.equal(triggerOf(plan, 0, 'move.dispatched'), null);
    assert.equal(triggerOf(plan, 0, 'move.delivery.started'), 'on_the_way');
    assert.deepEqual(triggerPlan('one-way', null, [leg(0, 'move', LOT, HOME)]), []);
    assert.deepEqual(triggerPlan('round-trip', null, [leg(0, 'move_one', LOT, HOME), leg(1, 'move_two', HOME, LOT)]), []);
  });
});

const context = (o: Partial<SmsContext> = {}): SmsContext => ({
  rooftopName: "Denny's Automobiles",
  kind: 'concierge-loaner',
  action: 'pickup',
  customerName: 'Harry Stevens',
  appointmentMs: Date.parse('2026-03-26T14:00:00Z'),
  timeZone: 'America/New_York',
  vehicle: { year: '2011', make: 'Buick', model: 'Enclave' },
  driverName: 'Sam Rivera',
  trackingLink: 'https://api.handoff.test/track/abc',
  ...o,
});

describe('templates', () => {
  test('local time with the zone abbreviation, on both sides of the daylight-saving change', () => {
    assert.equal(formatLocalTime(Date.parse('2026-03-26T14:00:00Z'), 'America/New_York'), 'Thu, Mar 26 at 10:00 AM EDT');
    assert.equal(formatLocalTime(Date.parse('2026-03-09T14:00:00Z'), 'America/New_York'), 'Mon, Mar 9 at 10:00 AM EDT');
    assert.equal(formatLocalTime(Date.parse('2026-03-07T14:00:00Z'), 'America/New_York'), 'Sat, Mar 7 at 9:00 AM EST');
    assert.equal(formatLocalTime(Date.parse('2026-11-02T14:00:00Z'), 'America/Chicago'), 'Mon, Nov 2 at 8:00 AM CST');
    assert.equal(formatLocalTime(Date.parse('2026-07-01T19:30:00Z'), 'America/Phoenix'), 'Wed, Jul 1 at 12:30 PM MST');
    assert.equal(formatLocalTime(Date.parse('2026-07-01T19:30:00Z'), 'Not/AZone'), 'Wed, Jul 1 at 7:30 PM UTC');
  });

  test('every trigger of a concierge-loaner pickup', () => {
    const c = context();
    assert.equal(
      renderSms('confirmed', c),
      "Denny's Automobiles: Hi Harry, your service pickup is confirmed for Thu, Mar 26 at 10:00 AM EDT. " +
        'A driver will bring you a loaner and take your 2011 Buick Enclave in for service. Reply STOP to opt out.',
    );
    assert.equal(
      renderSms('on_the_way', c),
      "Denny's Automobiles: Your driver, Sam, is on the way with your loaner. Track your driver: https://api.handoff.test/track/abc",
    );
    assert.equal(renderSms('arrived', c), "Denny's Automobiles: Your driver has arrived with your loaner.");
    assert.equal(renderSms('delivered', c), "Denny's Automobiles: Your 2011 Buick Enclave has arrived at Denny's Automobiles for service.");
  });

  test('returns and concierge pickups are worded for what the driver brings', () => {
    const ret = context({ action: 'return' });
    assert.match(renderSms('confirmed', ret), /your vehicle return is confirmed for .* A driver will bring back your 2011 Buick Enclave and collect the loaner\./);
    assert.equal(renderSms('arrived', ret), "Denny's Automobiles: Your driver has arrived with your 2011 Buick Enclave.");
    assert.equal(
      renderSms('delivered', ret),
      "Denny's Automobiles: Your 2011 Buick Enclave has been delivered. Thank you for choosing Denny's Automobiles!",
    );
    const pickup = context({ kind: 'concierge', driverName: null, trackingLink: null });
    assert.equal(renderSms('on_the_way', pickup), "Denny's Automobiles: Your driver is on the way to collect your 2011 Buick Enclave.");
    assert.match(renderSms('confirmed', pickup), /A driver will collect your 2011 Buick Enclave\. Reply STOP to opt out\.$/);
  });

  test('a vehicle without make or model is "vehicle"', () => {
    assert.equal(vehicleName({ year: null, make: 'Honda', model: 'Civic' }), 'Honda Civic');
    assert.equal(vehicleName({ year: '2020', make: null, model: null }), 'vehicle');
  });
});

describe('keywords', () => {
  test('STOP and its synonyms opt out; START, YES, UNSTOP opt back in; anything else is a reply', () => {
    for (const w of ['STOP', 'stop', ' Stop. ', 'STOPALL', 'unsubscribe', 'CANCEL', 'end', 'QUIT', 'stop!']) {
      assert.equal(keywordAction(w), 'opt_out', w);
    }
    for (const w of ['START', 'yes', 'Unstop']) assert.equal(keywordAction(w), 'opt_in', w);
    for (const w of ['stop by at 5', 'thanks!', '', undefined, 'HELP']) assert.equal(keywordAction(w), null, String(w));
  });
});

describe('inbound form', () => {
  test('decodes the form and signs like Twilio: a repeated key is an array', () => {
    const params = parseForm('From=%2B18045550134&Body=Stop+please&MediaUrl=a&MediaUrl=b');
    assert.deepEqual(params, { From: '+18045550134', Body: 'Stop please', MediaUrl: ['a', 'b'] });
    const url = 'https://api.handoff.test/v1/sms/inbound';
    const sig = twilio.getExpectedTwilioSignature('token', url, params);
    assert.ok(twilio.validateRequest('token', sig, url, params));
    assert.ok(!twilio.validateRequest('other', sig, url, params));
  });
});

describe('senders', () => {
  test('Twilio failures: 5xx, 429 and no answer retry; other 4xx do not; 21610 means unsubscribed', () => {
    assert.equal(classifyTwilioError({ status: 503, code: 20503, message: 'Service Unavailable' }).kind, 'transient');
    assert.equal(classifyTwilioError({ status: 429, code: 20429, message: 'Too Many Requests' }).kind, 'transient');
    const invalid = classifyTwilioError({ status: 400, code: 21211, message: "The 'To' number +1 is not a valid phone number." });
    assert.equal(invalid.kind, 'permanent');
    assert.equal(invalid.message, "twilio 21211: The 'To' number +1 is not a valid phone number.");
    assert.equal(classifyTwilioError({ status: 400, code: 21610, message: 'unsubscribed' }).kind, 'opted_out');
    const net = classifyTwilioError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }));
    assert.equal(net.kind, 'transient');
    assert.match(net.message, /ECONNREFUSED/);
  });

  test('the log sender logs the text (the number masked) and keeps it, and sends nothing', async () => {
    const lines: { obj: object; msg: string }[] = [];
    const sender = new LogSender({ info: (obj, msg) => lines.push({ obj, msg }) }, 2);
    const a = await sender.send('+18045550134', 'one');
    await sender.send('+18045550134', 'two');
    await sender.send('+18045550134', 'three');
    assert.match(a.providerMessageId, /^log-[0-9a-f-]{36}$/);
    assert.equal(lines.length, 3);
    assert.deepEqual((lines[0]!.obj as { sms: object }).sms, { to: '+•••••••••34', body: 'one', providerMessageId: a.providerMessageId });
    assert.deepEqual(sender.recent.map((m) => m.body), ['two', 'three'], 'keeps the last few');
  });
});
