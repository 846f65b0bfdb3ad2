// The frame of every signed-in page: a skip link, the header (product name, the nav of the user's
// role, who is signed in, sign out) and the main landmark the pages render into.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { pagesFor } from './routes.ts';
import { useSession, useUser } from './session.tsx';

const ROLE_NAMES = { dealer: 'Dealer', ops: 'Dispatch' } as const;

export function Shell({ children }: { children: ComponentChildren }) {
  const user = useUser();
  const { signOut } = useSession();
  const { path } = useLocation();
  const [leaving, setLeaving] = useState(false);
  // Signed in just now (the login form is gone): reading and tabbing go on from the page, not the top.
  useEffect(() => document.getElementById('main')?.focus(), []);
  const nav = pagesFor(user.role).flatMap((p) => (p.nav ? [p.nav] : []));
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="shell-header">
        <a class="brand" href="/portal/">
          Handoff
        </a>
        {nav.length > 0 && (
          <nav aria-label="Main">
            <ul>
              {nav.map((n) => (
                <li key={n.href}>
                  <a href={n.href} aria-current={path === n.href || path.startsWith(`${n.href}/`) ? 'page' : undefined}>
                    {n.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <div class="who">
          <span class="who-name">
            {user.name} <span class="who-role">{ROLE_NAMES[user.role]}</span>
          </span>
          <button
            type="button"
            class="secondary"
            disabled={leaving}
            onClick={() => {
              setLeaving(true);
              void signOut();
            }}
          >
            {leaving ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** Pages shown without a user (login, loading, the server not answering): the product name and main. */
export function BareLayout({ children }: { children: ComponentChildren }) {
  return (
    <>
      <header class="shell-header">
        <span class="brand">Handoff</span>
      </header>
      <main id="main" class="narrow" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
