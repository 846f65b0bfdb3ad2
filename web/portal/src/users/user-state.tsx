// Disabling or enabling one portal user (PATCH /v1/users/:id), from its row of the users page, after
// a confirm step (a disabled user's sessions end at once): see ConfirmAction.
import type { operations } from '@handoff/client';
import { api, apiCall } from '../api.ts';
import { ConfirmAction } from '../confirm-action.tsx';

export type User = operations['listUsers']['responses'][200]['content']['application/json']['users'][number];

interface Props {
  user: User;
  /** The signed-in user's own row: the API refuses disabling oneself, so nothing is offered. */
  self: boolean;
  onChanged(user: User): void;
}

export function UserStateAction({ user, self, onChanged }: Props) {
  if (self) return <span class="sub">You</span>;
  return (
    <ConfirmAction
      verb={user.disabled ? 'Enable' : 'Disable'}
      subject={user.email}
      question={user.disabled ? `Let ${user.name} sign in again?` : `Disable ${user.name}? Their sessions end at once and they cannot sign in.`}
      danger={!user.disabled}
      id={`user-${user.id}-state`}
      send={() => apiCall(() => api.PATCH('/v1/users/{id}', { params: { path: { id: String(user.id) } }, body: { disabled: !user.disabled } }))}
      onDone={(data) => onChanged(data.user)}
    />
  );
}
