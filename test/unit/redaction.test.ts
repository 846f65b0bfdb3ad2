// What logs may say (issue 10 item 5): tracking links, credentials in query strings and customers'
// phone numbers are masked wherever a text, an error or a URL is logged.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { maskPhone, redactText, redactUrl } from '../../src/lib/redaction.ts';
import { LogSender } from '../../src/modules/sms/sms-senders.ts';
import { renderSms } from '../../src/modules/sms/sms-templates.ts';

const TOKEN = 'Zq8v2LxK0pW4mN7rT1sY9bCd';

describe('log redaction', () => {
  test('a tracking link, in a path or a whole URL, loses its token; the static assets keep their path', () => {
    assert.equal(redactUrl(`/track/${TOKEN}`), '/track/[redacted]');
    assert.equal(redactUrl(`/track/${TOKEN}/status?x=1`), '/track/[redacted]/status?x=1');
    assert.equal(redactUrl(`https://api.example.com/track/${TOKEN}`), 'https://api.example.com/track/[redacted]');
    assert.equal(redactUrl('/track/assets/tracking.js?v=abc'), '/track/assets/tracking.js?v=abc');
  });

  test('credentials sent in a query string are masked, other parameters kept', () => {
    assert.equal(
      redactUrl('/v1/events?limit=5&access_token=abc.def&Token=x&client_secret=hs_1&status=booked'),
      '/v1/events?limit=5&access_token=[redacted]&Token=[redacted]&client_secret=[redacted]&status=booked',
    );
    assert.equal(redactUrl('https://hooks.example.com/in?api_key=K1#frag'), 'https://hooks.example.com/in?api_key=[redacted]#frag');
  });

  test('phone numbers keep only their last two digits, however they are written; dates and years are not phones', () => {
    assert.equal(maskPhone('+18045550134'), '+•••••••••34');
    for (const written of ['+18045550134', '18045550134', '804-555-0134', '(804) 555-0134', '804.555.0134', '+1 804 555 0134']) {
      const masked = redactText(`call ${written} now`);
      assert.doesNotMatch(masked, /555|0134/, written);
      assert.match(masked, /34 now$/, written);
    }
    assert.equal(redactText('on 2026-03-18 at 10:00 AM, your 2011 Buick'), 'on 2026-03-18 at 10:00 AM, your 2011 Buick');
  });

  test('the log SMS sender logs the text with the link and the number masked, and keeps the real text only in memory', async () => {
    const lines: { obj: any; msg: string }[] = [];
    const sender = new LogSender({ info: (obj, msg) => lines.push({ obj, msg }) });
    const body = renderSms('on_the_way', {
      rooftopName: "Denny's Automobiles",
      kind: 'concierge-loaner',
      action: 'pickup',
      customerName: 'Harry',
      appointmentMs: Date.parse('2026-03-18T14:00:00Z'),
      timeZone: 'America/New_York',
      vehicle: { year: '2011', make: 'Buick', model: 'Enclave' },
      driverName: 'Sam',
      trackingLink: `https://api.handoff.test/track/${TOKEN}`,
    });
    assert.ok(body.includes(TOKEN), 'the text itself carries the link');
    await sender.send('+18045550134', body);
    const logged = JSON.stringify(lines);
    assert.equal(lines.length, 1);
    assert.doesNotMatch(logged, new RegExp(`${TOKEN}|8045550134`));
    assert.equal(lines[0]!.obj.sms.to, '+•••••••••34');
    assert.match(lines[0]!.obj.sms.body, /Track your driver: https:\/\/api\.handoff\.test\/track\/\[redacted\]/);
    assert.equal(sender.recent[0]!.body, body);
  });
});
