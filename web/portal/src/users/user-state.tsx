// Disabling or enabling one portal user (PATCH /v1/users/:id), from its row of the users page: the
// button asks first (a disabled user's sessions end at once), and the confirm step takes the focus so
// a keyboard user answers it straight away; Cancel gives the focus back to the button.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { operations } from '@handoff/client';
import { api, apiCall, type Problem } from '../api.ts';

export type User = operations['listUsers']['responses'][200]['content']['application/json']['users'][number];

interface Props {
  user: User;
  /** The signed-in user's own row: the API refuses disabling oneself, so nothing is offered. */
  self: boolean;
  onChanged(user: User): void;
}

export function UserStateAction({ user, self, onChanged }: Props) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const verb = user.disabled ? 'Enable' : 'Disable';

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);

  if (self) return <span class="sub">You</span>;

  const cancel = () => {
    setAsking(false);
    setProblem(null);
    queueMicrotask(() => openRef.current?.focus());
  };

  const confirm = async () => {
    setBusy(true);
    const r = await apiCall(() => api.PATCH('/v1/users/{id}', { params: { path: { id: String(user.id) } }, body: { disabled: !user.disabled } }));
    setBusy(false);
    if ('problem' in r) return setProblem(r.problem);
    setAsking(false);
    setProblem(null);
    onChanged(r.data.user);
    queueMicrotask(() => openRef.current?.focus());
  };

  const problemId = `user-${user.id}-state-problem`;
  if (!asking) {
    return (
      <button type="button" ref={openRef} class={user.disabled ? 'secondary' : 'secondary danger'} onClick={() => setAsking(true)} aria-label={`${verb} ${user.email}`}>
        {verb}
      </button>
    );
  }
  return (
    <div class="user-confirm" role="group" aria-label={`${verb} ${user.email}?`} aria-describedby={problem ? problemId : undefined}>
      <p class="confirm-question">
        {user.disabled ? `Let ${user.name} sign in again?` : `Disable ${user.name}? Their sessions end at once and they cannot sign in.`}
      </p>
      {problem && (
        <p id={problemId} class="field-problem" role="alert">
          {problem.message}
        </p>
      )}
      <div class="confirm-actions">
        <button type="button" ref={confirmRef} class={user.disabled ? undefined : 'danger'} disabled={busy} onClick={confirm}>
          {busy ? 'Saving…' : `Yes, ${verb.toLowerCase()}`}
        </button>
        <button type="button" class="secondary" onClick={cancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
