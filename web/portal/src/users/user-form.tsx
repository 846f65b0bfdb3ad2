// Adding a portal user (POST /v1/users): email, name, the role, a dealer's rooftops, and a password or
// none (then the API makes one and answers it once, which the page shows once). The API's problems
// (a bad or taken email, no rooftop for a dealer) show at their fields.
import { useState } from 'preact/hooks';
import type { operations } from '@handoff/client';
import { api, apiCall, fieldProblems } from '../api.ts';
import { describedBy, Field, FieldNotes } from '../field.tsx';
import { useFormSubmit } from '../form-submit.ts';
import { ProblemSummary } from '../problem.tsx';

export type CreatedUser = operations['createUser']['responses'][201]['content']['application/json'];
type Role = CreatedUser['user']['role'];

interface Props {
  rooftops: { id: number; name: string }[];
  onCreated(created: CreatedUser): void;
}

export function NewUserForm({ rooftops, onCreated }: Props) {
  const { problem, busy, summary, formKey, send, clearForm } = useFormSubmit();
  const [role, setRole] = useState<Role>('dealer');

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const password = String(form.get('password') ?? '');
    const body = {
      email: String(form.get('email') ?? ''),
      name: String(form.get('name') ?? ''),
      role,
      ...(role === 'dealer' ? { rooftop_ids: form.getAll('rooftop_ids').map(Number) } : {}),
      ...(password ? { password } : {}),
    };
    await send(apiCall(() => api.POST('/v1/users', { body })), (created) => {
      setRole('dealer');
      clearForm();
      onCreated(created);
    });
  };

  return (
    <form class="stack user-form" onSubmit={submit} noValidate key={formKey} aria-labelledby="add-user">
      <ProblemSummary problem={problem} summaryRef={summary} />
      <Field id="user-email" name="email" type="email" inputMode="email" autocomplete="off" label="Email" problems={fieldProblems(problem, 'email')} />
      <Field id="user-name" name="name" type="text" autocomplete="off" label="Name" problems={fieldProblems(problem, 'name')} />
      <fieldset>
        <legend>Role</legend>
        <label class="choice">
          <input type="radio" name="role" value="dealer" checked={role === 'dealer'} onChange={() => setRole('dealer')} /> Dealer: books and follows the
          moves of the rooftops chosen below
        </label>
        <label class="choice">
          <input type="radio" name="role" value="ops" checked={role === 'ops'} onChange={() => setRole('ops')} /> Dispatch: the ops desk, every rooftop
        </label>
      </fieldset>
      {role === 'dealer' && <RooftopChoices rooftops={rooftops} problems={fieldProblems(problem, 'rooftop_ids')} />}
      <Field id="user-password" name="password" type="password" autocomplete="new-password" label="Password (optional)"
        hint="Leave it empty and Handoff makes one, shown to you once." problems={fieldProblems(problem, 'password')} />
      <button type="submit" disabled={busy}>
        {busy ? 'Adding…' : 'Add user'}
      </button>
    </form>
  );
}

function RooftopChoices({ rooftops, problems }: { rooftops: Props['rooftops']; problems: string[] }) {
  return (
    <fieldset aria-describedby={describedBy('user-rooftops', undefined, problems)} aria-invalid={problems.length > 0}>
      <legend>Rooftops</legend>
      {rooftops.length === 0 && <p class="hint">No rooftops yet: add one with the CLI first.</p>}
      <div class="rooftop-choices">
        {rooftops.map((r) => (
          <label key={r.id} class="choice">
            <input type="checkbox" name="rooftop_ids" value={r.id} /> {r.name}
          </label>
        ))}
      </div>
      <FieldNotes id="user-rooftops" problems={problems} />
    </fieldset>
  );
}
