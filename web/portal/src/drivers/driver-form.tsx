// Adding a driver (POST /v1/ops/drivers): name, phone, whether they drive a manual. The API's
// problems (a phone that is not a US number, a missing name) show at their fields; nothing is added
// then. The driver app's credentials in the answer are the page's to show once (drivers.tsx).
import { fieldProblems } from '../api.ts';
import { Field } from '../field.tsx';
import { useFormSubmit } from '../form-submit.ts';
import { ProblemSummary } from '../problem.tsx';
import { addDriver, type NewDriver } from './drivers-data.ts';

export function NewDriverForm({ onCreated }: { onCreated(created: NewDriver): void }) {
  const { problem, busy, summary, formKey, send, clearForm } = useFormSubmit();

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const body = { name: String(form.get('name') ?? ''), phone: String(form.get('phone') ?? ''), can_drive_manual: form.get('manual') === 'yes' };
    await send(addDriver(body), (created) => {
      clearForm();
      onCreated(created);
    });
  };

  return (
    <form class="stack driver-form" onSubmit={submit} noValidate key={formKey} aria-labelledby="add-driver">
      <ProblemSummary problem={problem} summaryRef={summary} />
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
