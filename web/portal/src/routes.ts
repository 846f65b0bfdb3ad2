// Every page of the portal, registered here and nowhere else: one line per page. A page is its own
// file under pages/ and loaded when first opened (lazy), so a page's weight — a map library, say —
// never reaches another page's first load. The nav lists, in this order, the pages with a `nav`
// label that the signed-in user's role may open; a page not registered here does not exist.
//
//   page(path, roles, nav label or null, () => import('./pages/<file>.tsx'))
//
// `path` is a preact-iso pattern (`/portal/moves/:id`); `href` is where a nav entry links when the
// path has parameters (`/portal/book/:type` → `/portal/book/concierge-loaner`).
import type { ComponentType } from 'preact';
import { lazy } from 'preact-iso';
import type { Role } from './session-api.ts';

export interface PortalPage {
  path: string;
  roles: readonly Role[];
  nav: { label: string; href: string } | null;
  component: ComponentType<Record<string, unknown>>;
}

type PageModule = { default: ComponentType<any> };

function page(path: string, roles: readonly Role[], nav: string | { label: string; href: string } | null, load: () => Promise<PageModule>): PortalPage {
  return {
    path,
    roles,
    nav: typeof nav === 'string' ? { label: nav, href: path } : nav,
    component: lazy(() => load().then((m) => m.default)),
  };
}

const DEALER = ['dealer'] as const;

export const PAGES: readonly PortalPage[] = [
  page('/portal/moves', DEALER, 'Moves', () => import('./pages/moves-list.tsx')),
  page('/portal/book/:type', DEALER, { label: 'Book a move', href: '/portal/book/concierge-loaner' }, () => import('./pages/book.tsx')),
  page('/portal/moves/:id', ['dealer', 'ops'], null, () => import('./pages/move.tsx')),
  page('/portal/webhooks', DEALER, 'Webhooks', () => import('./pages/webhooks.tsx')),
  page('/portal/invoices', DEALER, 'Invoices', () => import('./pages/invoices.tsx')),
  page('/portal/board', ['ops'], 'Board', () => import('./pages/board.tsx')),
  page('/portal/drivers', ['ops'], 'Drivers', () => import('./pages/drivers.tsx')),
  page('/portal/cancelations', ['ops'], 'Cancelations', () => import('./pages/cancelations.tsx')),
  page('/portal/users', ['ops'], 'Users', () => import('./pages/users.tsx')),
];

/** The pages `role` may open. */
export const pagesFor = (role: Role): PortalPage[] => PAGES.filter((p) => p.roles.includes(role));

/** Where a user of `role` lands: the first page of their nav, else the portal's placeholder home. */
export function homeFor(role: Role): string {
  return pagesFor(role).find((p) => p.nav)?.nav?.href ?? '/portal/home';
}
