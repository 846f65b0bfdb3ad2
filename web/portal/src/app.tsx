// The portal: the session decides what is shown. Loading: a status line. Signed out: the login page
// (any other address sends the visitor there, and back after signing in). Signed in: the shell
// around the pages the user's role may open (routes.ts).
import { ErrorBoundary, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { LoginPage } from './pages/login.tsx';
import { NotFoundPage, PlaceholderHome } from './pages/simple.tsx';
import { homeFor, pagesFor } from './routes.ts';
import { SessionProvider, useSession } from './session.tsx';
import { BareLayout, Shell } from './shell.tsx';

export function App() {
  return (
    <LocationProvider scope="/portal">
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </LocationProvider>
  );
}

const LOGIN = '/portal/login';

/** A portal address to come back to after signing in; anything else is ignored (no open redirect). */
export function safeNext(next: string | undefined): string | null {
  return next && /^\/portal\/[\w\-/]*(\?[^#]*)?$/.test(next) && !next.startsWith(LOGIN) ? next : null;
}

function Redirect({ to }: { to: string }) {
  const { route } = useLocation();
  useEffect(() => route(to, true), [to]);
  return null;
}

function Gate() {
  const { state, retry } = useSession();
  const { path, url, query } = useLocation();
  if (state.status === 'loading') {
    return (
      <BareLayout>
        <p role="status">Loading…</p>
      </BareLayout>
    );
  }
  if (state.status === 'unreachable') {
    return (
      <BareLayout>
        <h1>Handoff is not answering</h1>
        <p role="alert">{state.problem.message}</p>
        <button type="button" onClick={retry}>
          Try again
        </button>
      </BareLayout>
    );
  }
  if (state.status === 'signed-out') {
    if (path !== LOGIN) {
      const next = state.reason === 'signed-out' ? null : safeNext(url);
      return <Redirect to={next ? `${LOGIN}?next=${encodeURIComponent(next)}` : LOGIN} />;
    }
    return <LoginPage expired={state.reason === 'expired'} />;
  }
  const home = homeFor(state.user.role);
  if (path === LOGIN) return <Redirect to={safeNext(query.next) ?? home} />;
  return (
    <Shell>
      <ErrorBoundary>
        <Router onRouteChange={focusMain}>
          {[
            ...pagesFor(state.user.role).map((p) => <Route key={p.path} path={p.path} component={p.component} />),
            <Route key="/portal" path="/portal" component={() => <Redirect to={home} />} />,
            <Route key="/portal/home" path="/portal/home" component={PlaceholderHome} />,
            <Route key="default" default component={NotFoundPage} />,
          ]}
        </Router>
      </ErrorBoundary>
    </Shell>
  );
}

/** After a navigation, reading continues at the new page (screen readers too), not at the clicked link. */
function focusMain() {
  document.getElementById('main')?.focus({ preventScroll: false });
}
