// Adding a driver (POST /v1/ops/drivers): name, phone, whether they drive a manual. The API's
// problems (a phone that is not a US number, a missing name) show at their fields; nothing is added
// then. The driver app's credentials in the answer are the page's to show once (drivers.tsx).
import { useRef, useState } from 'preact/hooks';
import { asProblem, fieldProblems, type Problem } from '../api.ts';
import { Field } from '../field.tsx';
import { addDriver, type NewDriver } from './drivers-data.ts';

export function NewDriverForm({ onCreated }: { onCreated(created: NewDriver): void }) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const summary = useRef<HTMLDivElement>(null);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    const r = await addDriver({ name: String(form.get('name') ?? ''), phone: String(form.get('phone') ?? ''), can_drive_manual: form.get('manual') === 'yes' });
    setBusy(false);
    if ('data' in r) {
      setProblem(null);
      setFormKey((k) => k + 1);
      onCreated(r.data);
    } else {
      setProblem(r.problem ?? asProblem(null));
      summary.current?.focus();
    }
  };

  return (
    <form class="stack driver-form" onSubmit={submit} noValidate key={formKey} aria-labelledby="add-driver">
      <div ref={summary} tabIndex={-1} role="alert" class={problem ? 'problem' : 'problem-empty'}>
        {problem?.message}
      </div>
      <div class="driver-form-fields">
        <Field id="driver-name" name="name" type="text" autocomplete="off" label="Name" problems={fieldProblems(problem, 'name')} />
        <Field id="driver-phone" name="phone" type="text" autocomplete="off" label="Mobile phone" hint="A US number; texts about their moves go here."
          problems={fieldProblems(problem, 'phone')} />
      </div>
      <label class="choice">
        <input type="checkbox" name="manual" value="yes" /> Drives a manual transmission
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Adding…' : 'Add driver'}
      </button>
    </form>
  );
}
