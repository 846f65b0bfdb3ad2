// Adding a subscription (POST /v1/webhooks): the URL, every event or a chosen few, a description, and
// the rooftop when the user has several. The signing secret is made here (the API takes it from its
// client) and handed to the page once the API accepted it. The API's problems show at their fields.
import { useState } from 'preact/hooks';
import { api, apiCall, fieldProblems } from '../api.ts';
import { describedBy, Field, FieldNotes } from '../field.tsx';
import { useFormSubmit } from '../form-submit.ts';
import { ProblemSummary } from '../problem.tsx';
import { ALL_EVENTS, EVENT_GROUPS, type EventType, newSigningSecret, type Webhook } from './webhook-types.ts';

interface Props {
  rooftops: { id: number; name: string }[];
  onCreated(hook: Webhook, secret: string): void;
}

export function NewWebhookForm({ rooftops, onCreated }: Props) {
  const { problem, busy, summary, formKey, send, clearForm } = useFormSubmit();
  const [every, setEvery] = useState(true);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const secret = newSigningSecret();
    const rooftop = Number(form.get('rooftop'));
    const description = String(form.get('description') ?? '').trim();
    const body = {
      target_url: String(form.get('target_url') ?? ''),
      secret,
      event_types: (every ? [ALL_EVENTS] : form.getAll('event_types').map(String)) as EventType[],
      ...(description ? { description } : {}),
      ...(rooftop ? { rooftop } : {}),
    };
    await send(apiCall(() => api.POST('/v1/webhooks', { body })), (hook) => {
      setEvery(true);
      clearForm();
      onCreated(hook, secret);
    });
  };

  const eventProblems = (problem?.errors ?? []).filter((e) => e.field === 'event_types' || e.field?.startsWith('event_types.')).map((e) => e.message);
  return (
    <form class="webhook-form stack" onSubmit={submit} noValidate key={formKey} aria-labelledby="add-webhook">
      <ProblemSummary problem={problem} summaryRef={summary} />
      <Field id="webhook-url" name="target_url" type="text" inputMode="text" label="URL" autocomplete="url"
        hint="Where Handoff sends each event: an https address on the public internet."
        problems={fieldProblems(problem, 'target_url')} />
      {rooftops.length > 1 && <RooftopChoice rooftops={rooftops} problems={fieldProblems(problem, 'rooftop')} />}
      <fieldset class="events" aria-describedby={describedBy('webhook-events', undefined, eventProblems)}>
        <legend>Events</legend>
        <label class="choice">
          <input type="radio" name="every" checked={every} onChange={() => setEvery(true)} /> Every event, including types added later
        </label>
        <label class="choice">
          <input type="radio" name="every" checked={!every} onChange={() => setEvery(false)} /> Only the events I choose
        </label>
        {!every && <EventChoices />}
        <FieldNotes id="webhook-events" problems={eventProblems} />
      </fieldset>
      <Field id="webhook-description" name="description" type="text" label="Description (optional)" problems={fieldProblems(problem, 'description')} />
      <button type="submit" disabled={busy}>
        {busy ? 'Adding…' : 'Add webhook'}
      </button>
    </form>
  );
}

function EventChoices() {
  return (
    <div class="event-groups">
      {EVENT_GROUPS.map((g) => (
        <fieldset key={g.name} class="event-group">
          <legend>{g.name}</legend>
          {g.types.map((t) => (
            <label key={t} class="choice">
              <input type="checkbox" name="event_types" value={t} /> <code>{t}</code>
            </label>
          ))}
        </fieldset>
      ))}
    </div>
  );
}

function RooftopChoice({ rooftops, problems }: { rooftops: Props['rooftops']; problems: string[] }) {
  return (
    <div class="field">
      <label for="webhook-rooftop">Rooftop</label>
      <select id="webhook-rooftop" name="rooftop" aria-invalid={problems.length > 0} aria-describedby={describedBy('webhook-rooftop', undefined, problems)}>
        {rooftops.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </select>
      <FieldNotes id="webhook-rooftop" problems={problems} />
    </div>
  );
}
