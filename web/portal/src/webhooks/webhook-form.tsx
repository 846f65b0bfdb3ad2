// Adding a subscription (POST /v1/webhooks): the URL, every event or a chosen few, a description, and
// the rooftop when the user has several. The signing secret is made here (the API takes it from its
// client) and handed to the page once the API accepted it. The API's problems show at their fields.
import { useRef, useState } from 'preact/hooks';
import { api, asProblem, fieldProblems, type Problem } from '../api.ts';
import { Field } from '../field.tsx';
import { ALL_EVENTS, EVENT_GROUPS, type EventType, newSigningSecret, type Webhook } from './webhook-types.ts';

interface Props {
  rooftops: { id: number; name: string }[];
  onCreated(hook: Webhook, secret: string): void;
}

export function NewWebhookForm({ rooftops, onCreated }: Props) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [every, setEvery] = useState(true);
  const [formKey, setFormKey] = useState(0);
  const summary = useRef<HTMLDivElement>(null);

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
    setBusy(true);
    try {
      const { data, error, response } = await api.POST('/v1/webhooks', { body });
      if (data) {
        setProblem(null);
        setEvery(true);
        setFormKey((k) => k + 1);
        onCreated(data, secret);
      } else {
        setProblem(asProblem(error, response.status));
        summary.current?.focus();
      }
    } catch {
      setProblem(asProblem(null));
      summary.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const eventProblems = (problem?.errors ?? []).filter((e) => e.field === 'event_types' || e.field?.startsWith('event_types.')).map((e) => e.message);
  return (
    <form class="webhook-form stack" onSubmit={submit} noValidate key={formKey} aria-labelledby="add-webhook">
      <div ref={summary} tabIndex={-1} role="alert" class={problem ? 'problem' : 'problem-empty'}>
        {problem?.message}
      </div>
      <Field id="webhook-url" name="target_url" type="text" inputMode="text" label="URL" autocomplete="url"
        hint="Where Handoff sends each event: an https address on the public internet."
        problems={fieldProblems(problem, 'target_url')} />
      {rooftops.length > 1 && <RooftopChoice rooftops={rooftops} problems={fieldProblems(problem, 'rooftop')} />}
      <fieldset class="events" aria-describedby={eventProblems.length ? 'webhook-events-problem' : undefined}>
        <legend>Events</legend>
        <label class="choice">
          <input type="radio" name="every" checked={every} onChange={() => setEvery(true)} /> Every event, including types added later
        </label>
        <label class="choice">
          <input type="radio" name="every" checked={!every} onChange={() => setEvery(false)} /> Only the events I choose
        </label>
        {!every && <EventChoices />}
        {eventProblems.length > 0 && (
          <p id="webhook-events-problem" class="field-problem">
            {eventProblems.join(' ')}
          </p>
        )}
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
      <select id="webhook-rooftop" name="rooftop" aria-invalid={problems.length > 0} aria-describedby={problems.length ? 'webhook-rooftop-problem' : undefined}>
        {rooftops.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </select>
      {problems.length > 0 && (
        <p id="webhook-rooftop-problem" class="field-problem">
          {problems.join(' ')}
        </p>
      )}
    </div>
  );
}
