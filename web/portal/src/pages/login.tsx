// Sign in: email and password, POST /v1/session. A wrong pair gets the server's one generic message;
// too many failures get how long to wait (Retry-After). The problem is announced (role="alert") and
// each field names its own problem (aria-describedby), so nothing depends on seeing the page.
import { useRef, useState } from 'preact/hooks';
import { fieldProblems, type Problem } from '../api.ts';
import { Field } from '../field.tsx';
import { ProblemSummary } from '../problem.tsx';
import { useSession } from '../session.tsx';
import { BareLayout } from '../shell.tsx';
import { useTitle } from '../title.ts';

/** "5 minutes", "1 minute", "40 seconds": the wait, as a person would say it. */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function localProblem(email: string, password: string): Problem | null {
  const errors = [
    ...(email ? [] : [{ code: 'field_missing', field: 'email', message: 'Enter your email address.' }]),
    ...(password ? [] : [{ code: 'field_missing', field: 'password', message: 'Enter your password.' }]),
  ];
  return errors.length ? { code: 'field_missing', message: 'Enter your email and password.', errors } : null;
}

export function LoginPage({ expired }: { expired: boolean }) {
  useTitle('Sign in');
  const { signIn } = useSession();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  const fail = (p: Problem) => {
    setProblem(p);
    setBusy(false);
    // Focus the summary so a keyboard or screen-reader user is told at once and can read on.
    requestAnimationFrame(() => summary.current?.focus());
  };

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (busy) return; // Enter pressed again while the first attempt is on its way
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const missing = localProblem(email, password);
    if (missing) return fail(missing);
    setBusy(true);
    try {
      const answer = await signIn(email, password);
      if (answer.ok) return; // the app routes a signed-in user on
      if (answer.status === 429) {
        const wait = answer.retryAfterSeconds === null ? 'a few minutes' : waitText(answer.retryAfterSeconds);
        return fail({ code: 'rate_limited', message: `Too many failed attempts. Try again in ${wait}.` });
      }
      fail(answer.problem);
    } catch {
      fail({ code: 'network', message: 'Handoff could not be reached. Check your connection and try again.' });
    }
  };

  return (
    <BareLayout>
      <h1>Sign in</h1>
      {expired && !problem && <p role="status">Your session ended. Sign in again to continue.</p>}
      <ProblemSummary problem={problem} summaryRef={summary} />
      <form onSubmit={submit} noValidate class="stack">
        <Field id="email" name="email" type="email" label="Email" autocomplete="username" inputMode="email" problems={fieldProblems(problem, 'email')} />
        <Field id="password" name="password" type="password" label="Password" autocomplete="current-password" problems={fieldProblems(problem, 'password')} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </BareLayout>
  );
}
