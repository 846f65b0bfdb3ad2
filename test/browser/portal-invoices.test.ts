// The dealer's invoices page in Chromium: an invoice the billing sweep made (a priced one-way move,
// its charge made final, then swept) is listed with the API's week, payer, status, total and balance;
// opened by keyboard it shows the move's charge and its lines; its PDF and CSV links are same-origin
// and answer with the session cookie alone (and 401 without it).
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { engines } from '../support/databases.ts';
import { validBooking } from '../support/booking-load.ts';
import {
  addPortalUser,
  addRooftop,
  axeCheck,
  bearerClient,
  closePortalBrowser,
  openPortalPage,
  portalBrowser,
  screenshot,
  startPortalServer,
} from '../support/portal-browser.ts';

const DEALER = { email: 'billing@dennys.example', name: 'Bea Billing', password: 'correct horse battery staple' };
const usd = (n: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(n);

describe('the invoices page in Chromium', () => {
  after(() => closePortalBrowser());

  for (const engine of engines()) {
    test(`on ${engine}: a swept invoice lists with the API's total, opens to its charges, and downloads with the cookie`, async () => {
      const { browser } = await portalBrowser();
      const server = await startPortalServer(engine);
      const { page, problems } = await openPortalPage(browser);
      try {
        const rooftopId = await addRooftop(server);
        await addPortalUser(server, { ...DEALER, role: 'dealer', rooftopIds: [rooftopId] });
        const ops = await bearerClient(server, 'ops', [rooftopId]);
        const dealerApi = await bearerClient(server, 'dealer', [rooftopId]);
        const year = new Date().getUTCFullYear();
        await ops('POST', '/v1/ops/contracts', {
          rooftop: rooftopId,
          begin_date: `${year}-01-01`,
          end_date: `${year + 1}-12-31`,
          mileage_bands: [{ rate: 45.01, type: 'flat', class: 'stranded', distance_start: 0, distance_end: 250 }],
        });
        const moveId = (await dealerApi('POST', '/v1/one-way-moves', validBooking('one-way'))).move.move_id as number;
        // Completed an hour ago (as the driver's delivery would make it), then the billing sweep invoices it.
        const completedAt = Date.now() - 3600_000;
        const done = await server.deps.database.db
          .updateTable('charges')
          .set({ status: 'final', completed_at: completedAt, updated_at: completedAt })
          .where('move_id', '=', moveId)
          .executeTakeFirst();
        assert.equal(Number(done.numUpdatedRows), 1);
        await server.deps.billingSweep.sweep(Date.now());
        const [invoice] = (await dealerApi('GET', '/v1/invoices')).invoices;
        assert.ok(invoice, 'the sweep made an invoice');

        await page.goto(`${server.baseUrl}/portal/invoices`);
        await page.locator('#email').fill(DEALER.email);
        await page.locator('#password').fill(DEALER.password);
        await page.locator('#password').press('Enter');
        await page.getByText('Showing 1 invoice.').waitFor();
        const row = page.locator('table.invoices tbody tr').first();
        assert.equal(await row.locator('.invoice-total').innerText(), usd(invoice.total_amount));
        assert.equal(await row.locator('.invoice-balance').innerText(), usd(invoice.balance_remaining));
        assert.equal(usd(invoice.total_amount), '$45.01', 'the contract price, as the API totals it');
        assert.match(await row.innerText(), new RegExp(`#${invoice.id}[\\s\\S]*Denny's Automobiles[\\s\\S]*Open`));
        await axeCheck(page, 'the invoices list');

        // Opened by keyboard: the move's charge, its Transport line, and the downloads.
        const disclosure = row.getByRole('button', { name: new RegExp(`#${invoice.id}`) });
        await disclosure.focus();
        await page.keyboard.press('Enter');
        assert.equal(await disclosure.getAttribute('aria-expanded'), 'true');
        const detail = page.locator(`#invoice-${invoice.id}-detail`);
        await detail.getByRole('link', { name: `Move #${moveId}` }).waitFor();
        assert.equal(await detail.getByRole('link', { name: `Move #${moveId}` }).getAttribute('href'), `/portal/moves/${moveId}`);
        const line = invoice.charges[0].details[0];
        await detail.getByRole('row', { name: new RegExp(line.name) }).filter({ hasText: usd(line.amount) }).waitFor();
        await detail.getByText('No payments recorded.').waitFor();
        await axeCheck(page, 'an invoice opened');
        await screenshot(page, 'invoices');

        // The downloads: same-origin links the session cookie authenticates.
        const pdfHref = await detail.getByRole('link', { name: /Download PDF/ }).getAttribute('href');
        const csvHref = await detail.getByRole('link', { name: /Download CSV/ }).getAttribute('href');
        assert.equal(pdfHref, `/v1/invoices/${invoice.id}.pdf`);
        assert.equal(csvHref, `/v1/invoices/${invoice.id}.csv`);
        const pdf = await page.request.get(`${server.baseUrl}${pdfHref}`);
        assert.equal(pdf.status(), 200);
        assert.equal(pdf.headers()['content-type'], 'application/pdf');
        assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
        const csv = await page.request.get(`${server.baseUrl}${csvHref}`);
        assert.equal(csv.status(), 200);
        assert.match(csv.headers()['content-type'] ?? '', /^text\/csv/);
        assert.match(await csv.text(), /45\.01/);
        const anonymous = await fetch(`${server.baseUrl}${pdfHref}`);
        assert.equal(anonymous.status, 401, 'without the cookie the PDF is refused');

        // The one 401 Chromium logs is GET /v1/session before signing in.
        assert.deepEqual(problems.filter((p) => !/status of 401 \(Unauthorized\)$/.test(p)), [], 'no console errors, exceptions or refused requests');
      } finally {
        await page.context().close();
        await server.close();
      }
    });
  }
});
