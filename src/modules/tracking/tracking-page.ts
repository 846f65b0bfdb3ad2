// The tracking page as HTML: no framework, no inline script or style (the CSP forbids both), and
// exactly the DOM that assets/tracking.js rebuilds from GET /track/:token/status — keep the two in
// step (class names, ids, element order).
import { escapeHtml } from '../../lib/html.ts';
import type { LegView, StepView, TrackingStatus } from './tracking-status.ts';

export interface PageAssets {
  /** Relative URLs (the page lives at /track/<token>, so "assets/…" is /track/assets/…). */
  css: string;
  js: string;
}

/** How often tracking.js asks for the status. */
export const REFRESH_MS = 3000;

const hidden = (yes: boolean) => (yes ? ' hidden' : '');

function stepHtml(s: StepView): string {
  const classes = ['step', s.reached ? 'is-reached' : 'is-upcoming', ...(s.current ? ['is-current'] : []), `step-${s.step}`];
  const time = s.at === null ? '' : ` <time datetime="${escapeHtml(s.at)}">${escapeHtml(s.at_local ?? '')}</time>`;
  return `<li class="${classes.join(' ')}" data-step="${s.step}"><span class="step-title">${escapeHtml(s.title)}</span>${time}</li>`;
}

function legHtml(leg: LegView): string {
  return [
    `<article class="card leg" data-leg="${leg.leg}">`,
    `<h2>${escapeHtml(leg.title)}</h2>`,
    leg.vehicle === null ? '' : `<p class="vehicle">${escapeHtml(leg.vehicle)}</p>`,
    `<p class="route">${escapeHtml(leg.route)}</p>`,
    `<ol class="timeline">${leg.steps.map(stepHtml).join('')}</ol>`,
    `</article>`,
  ].join('');
}

const updatedText = (s: TrackingStatus) => `Updated ${s.updated_at_local}. Times are ${s.time_zone.abbreviation}.`;

function htmlDocument(title: string, assets: PageAssets, bodyAttrs: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${escapeHtml(assets.css)}">
${assets.js ? `<script src="${escapeHtml(assets.js)}" defer></script>\n` : ''}</head>
<body${bodyAttrs}>
${body}
</body>
</html>
`;
}

export function renderTrackingPage(s: TrackingStatus, opts: { token: string; assets: PageAssets }): string {
  const body = `<main class="page">
<header class="top">
<p class="rooftop" id="rooftop">${escapeHtml(s.rooftop.name)}</p>
<h1 id="headline" aria-live="polite">${escapeHtml(s.headline)}</h1>
<p class="badge badge-${s.state}" id="state">${escapeHtml(s.state_label)}</p>
</header>
<section class="card eta" id="eta" aria-live="polite"${hidden(s.eta === null)}>
<p class="eta-label">Estimated arrival</p>
<p class="eta-text" id="eta-text">${escapeHtml(s.eta?.text ?? '')}</p>
<p class="eta-dest" id="eta-dest">${escapeHtml(s.eta ? `Next stop: ${s.eta.destination}` : '')}</p>
</section>
<section class="card driver" id="driver"${hidden(s.driver === null)}>
<p class="driver-label">Your driver</p>
<p class="driver-name" id="driver-name">${escapeHtml(s.driver?.first_name ?? '')}</p>
</section>
<section class="legs" id="legs">${s.legs.map(legHtml).join('')}</section>
<footer class="foot">
<p id="updated">${escapeHtml(updatedText(s))}</p>
<p class="live" id="live">This page updates by itself.</p>
<noscript><p>Reload the page to see the latest.</p></noscript>
</footer>
</main>`;
  const attrs = ` data-status-url="${escapeHtml(`${opts.token}/status`)}" data-refresh-ms="${REFRESH_MS}" data-state="${s.state}"`;
  return htmlDocument(`${s.headline} · ${s.rooftop.name}`, opts.assets, attrs, body);
}

function messagePage(assets: PageAssets, title: string, text: string): string {
  return htmlDocument(title, { css: assets.css, js: '' }, ' class="message-page"', `<main class="page">
<section class="card message">
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(text)}</p>
</section>
</main>`);
}

export const renderNotFoundPage = (assets: PageAssets) =>
  messagePage(
    assets,
    'We could not find this tracking page',
    'Please check that the link is complete — it is easiest to open it straight from the text message. If it still does not work, your dealership can help.',
  );

export const renderExpiredPage = (assets: PageAssets) =>
  messagePage(
    assets,
    'This tracking link has expired',
    'Tracking links stop working a day after the trip is finished or canceled. If you have a question, your dealership can help.',
  );
