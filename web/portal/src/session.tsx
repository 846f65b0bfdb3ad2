// Who is signed in: GET /v1/session when the portal loads, the login and logout that change it, and
// the 401 of any later call (the session expired or was ended elsewhere), which signs the page out.
// Pages read it with useSession(); the app sends a signed-out visitor to /portal/login.
import { type ComponentChildren, createContext } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { onUnauthorized, type Problem } from './api.ts';
import { type PortalUser, readSession, type SessionAnswer, signIn, signOut } from './session-api.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason: 'none' | 'expired' | 'signed-out' }
  | { status: 'signed-in'; user: PortalUser }
  | { status: 'unreachable'; problem: Problem };

interface SessionContextValue {
  state: SessionState;
  signIn(email: string, password: string): Promise<SessionAnswer>;
  signOut(): Promise<void>;
  retry(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

const unreachable: Problem = { code: 'network', message: 'Handoff could not be reached. Check your connection and try again.' };

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    readSession().then(
      (answer) => {
        if (!live) return;
        if (answer.ok) setState({ status: 'signed-in', user: answer.session.user });
        else if (answer.status === 401) setState({ status: 'signed-out', reason: 'none' });
        else setState({ status: 'unreachable', problem: answer.problem });
      },
      () => live && setState({ status: 'unreachable', problem: unreachable }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  useEffect(
    () => onUnauthorized(() => setState((s) => (s.status === 'signed-in' ? { status: 'signed-out', reason: 'expired' } : s))),
    [],
  );

  const doSignIn = useCallback(async (email: string, password: string) => {
    const answer = await signIn(email, password);
    if (answer.ok) setState({ status: 'signed-in', user: answer.session.user });
    return answer;
  }, []);

  const doSignOut = useCallback(async () => {
    try {
      await signOut();
    } finally {
      // Signed out here whatever the server said: a 401 means the session was over already.
      setState({ status: 'signed-out', reason: 'signed-out' });
    }
  }, []);

  const value = useMemo(
    () => ({ state, signIn: doSignIn, signOut: doSignOut, retry: () => setAttempt((n) => n + 1) }),
    [state, doSignIn, doSignOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; only for pages the app shows to a signed-in user. */
export function useUser(): PortalUser {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useUser without a signed-in user');
  return state.user;
}
