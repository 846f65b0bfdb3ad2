// /portal/users, the ops desk's portal users (GET, POST and PATCH /v1/users): who may sign in, with
// which role and rooftops, and whether they are disabled (each row disables or enables its user, after
// a confirm step); a form to add one. A generated password is shown once, above the list, until Done.
import { useEffect, useState } from 'preact/hooks';
import { api, apiCall, type Problem } from '../api.ts';
import { ProblemMessage } from '../problem.tsx';
import { useUser } from '../session.tsx';
import { useRooftops } from '../rooftops.ts';
import { useTitle } from '../title.ts';
import { type CreatedUser, NewUserForm } from '../users/user-form.tsx';
import { type User, UserStateAction } from '../users/user-state.tsx';
import { ShownOnce } from '../webhooks/shown-once.tsx';
import '../webhooks/admin-page.css';
import '../webhooks/data-table.css';
import './users.css';

type Rooftop = { id: number; name: string };

interface ListState {
  users: User[];
  loading: boolean;
  problem: Problem | null;
}

export default function UsersPage() {
  useTitle('Users');
  const [state, setState] = useState<ListState>({ users: [], loading: true, problem: null });
  const { rooftops } = useRooftops();
  const [created, setCreated] = useState<CreatedUser | null>(null);

  useEffect(() => {
    apiCall(() => api.GET('/v1/users')).then((r) =>
      setState('data' in r ? { users: r.data.users, loading: false, problem: null } : { users: [], loading: false, problem: r.problem }),
    );
  }, []);

  const me = useUser();
  const changed = (user: User) => setState((s) => ({ ...s, users: s.users.map((u) => (u.id === user.id ? user : u)) }));

  const add = (c: CreatedUser) => {
    setState((s) => ({ ...s, users: [...s.users, c.user] }));
    if (c.password) setCreated(c);
  };

  return (
    <div class="admin-page">
      <div class="page-head">
        <h1>Users</h1>
      </div>
      <p class="lede">Who may sign in to the portal: dealers for their rooftops, and the dispatch desk for every rooftop.</p>
      {created?.password && (
        <ShownOnce id="user-password-once" title={`${created.user.name} added: their password`} label="Generated password" value={created.password} onDone={() => setCreated(null)}>
          <p>
            Give it to {created.user.name} to sign in as <strong>{created.user.email}</strong>.
          </p>
        </ShownOnce>
      )}
      <ProblemMessage problem={state.problem} />
      <p role="status" class="list-count">
        {state.loading ? 'Loading users…' : state.problem ? '' : `${state.users.length} user${state.users.length === 1 ? '' : 's'}.`}
      </p>
      {state.users.length > 0 && <UserTable users={state.users} rooftops={rooftops} meId={me.id} onChanged={changed} />}
      <section aria-labelledby="add-user" class="panel">
        <h2 id="add-user">Add a user</h2>
        <NewUserForm rooftops={rooftops} onCreated={add} />
      </section>
    </div>
  );
}

function rooftopsLabel(user: User, rooftops: Rooftop[]): string {
  if (user.role === 'ops') return 'Every rooftop';
  return user.rooftop_ids.map((id) => rooftops.find((r) => r.id === id)?.name ?? `Rooftop ${id}`).join(', ') || '—';
}

function UserTable({ users, rooftops, meId, onChanged }: { users: User[]; rooftops: Rooftop[]; meId: number; onChanged(user: User): void }) {
  return (
    <table class="data-table users">
      <caption class="visually-hidden">Portal users, oldest first</caption>
      <thead>
        <tr>
          <th scope="col">Email</th>
          <th scope="col">Name</th>
          <th scope="col">Role</th>
          <th scope="col">Rooftops</th>
          <th scope="col">State</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {users.map((u) => (
          <tr key={u.id}>
            <th scope="row" data-label="Email" class="user-email">
              {u.email}
            </th>
            <td data-label="Name">{u.name}</td>
            <td data-label="Role">{u.role === 'ops' ? 'Dispatch' : 'Dealer'}</td>
            <td data-label="Rooftops">{rooftopsLabel(u, rooftops)}</td>
            <td data-label="State">
              <span class={`status ${u.disabled ? 'status-failed' : 'status-ok'}`}>{u.disabled ? 'Disabled' : 'Active'}</span>
            </td>
            <td data-label="Action">
              <UserStateAction user={u} self={u.id === meId} onChanged={onChanged} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
