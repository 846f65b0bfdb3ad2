// One subscription: where it goes, what it receives, whether it is on; and what a dealer does with it:
// send a test and read the answer, open its delivery log, turn it off and on (PATCH active), delete it
// (asked twice: nothing more is delivered, not even retries).
import { useRef, useState } from 'preact/hooks';
import { api, apiCall, type Problem, type Result } from '../api.ts';
import { Deliveries } from './deliveries.tsx';
import { eventsLabel, formatInstant, type TestResult, type Webhook } from './webhook-types.ts';

interface Props {
  hook: Webhook;
  rooftopName: string | null;
  onChanged(hook: Webhook): void;
  onDeleted(id: number): void;
}

type Outcome = { kind: 'test'; result: TestResult } | { kind: 'problem'; problem: Problem } | null;

const path = (hook: Webhook) => ({ params: { path: { id: String(hook.webhook_id) } } });

export function WebhookCard({ hook, rooftopName, onChanged, onDeleted }: Props) {
  const [busy, setBusy] = useState<'' | 'test' | 'toggle' | 'delete'>('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [open, setOpen] = useState(false);
  const [version, setVersion] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const id = hook.webhook_id;

  const run = async <T,>(what: typeof busy, answer: Promise<Result<T>>, done: (data: T) => void) => {
    setBusy(what);
    const r = await answer;
    setBusy('');
    if ('problem' in r) setOutcome({ kind: 'problem', problem: r.problem });
    else done(r.data);
  };

  const sendTest = () =>
    run('test', apiCall(() => api.POST('/v1/webhooks/{id}/test', path(hook))), (result: TestResult) => {
      setOutcome({ kind: 'test', result });
      setOpen(true);
      setVersion((v) => v + 1);
    });
  const toggle = () =>
    run('toggle', apiCall(() => api.PATCH('/v1/webhooks/{id}', { ...path(hook), body: { active: !hook.active } })), (changed: Webhook) => {
      setOutcome(null);
      onChanged(changed);
    });
  const remove = () => run('delete', apiCall(() => api.DELETE('/v1/webhooks/{id}', path(hook))), () => onDeleted(id));

  return (
    <li class="webhook-card" aria-labelledby={`webhook-${id}-url`}>
      <h3 id={`webhook-${id}-url`} class="webhook-url">
        {hook.target_url}
      </h3>
      <dl class="facts">
        <dt>State</dt>
        <dd>
          <span class={`status ${hook.active ? 'status-ok' : 'status-failed'}`}>{hook.active ? 'Active' : 'Disabled'}</span>
          {hook.disabled_reason && <span class="sub"> {hook.disabled_reason}</span>}
          {hook.active && hook.failing_since && <span class="sub"> Failing since {formatInstant(hook.failing_since)}</span>}
        </dd>
        <dt>Events</dt>
        <dd>{eventsLabel(hook.event_types)}</dd>
        {hook.description && (
          <>
            <dt>Description</dt>
            <dd>{hook.description}</dd>
          </>
        )}
        {rooftopName && (
          <>
            <dt>Rooftop</dt>
            <dd>{rooftopName}</dd>
          </>
        )}
        <dt>Signing secret</dt>
        <dd>Ends in …{hook.secret_last4}</dd>
      </dl>
      <div class="card-actions">
        <button type="button" onClick={sendTest} disabled={busy !== ''}>
          {busy === 'test' ? 'Sending…' : 'Send test'}
        </button>
        <button type="button" class="secondary" aria-expanded={open} aria-controls={`webhook-${id}-deliveries`} onClick={() => setOpen(!open)}>
          {open ? 'Hide deliveries' : 'Show deliveries'}
        </button>
        <button type="button" class="secondary" onClick={toggle} disabled={busy !== ''}>
          {hook.active ? 'Disable' : 'Enable'}
        </button>
        {!confirming && (
          <button type="button" class="secondary danger" onClick={() => { setConfirming(true); queueMicrotask(() => confirmButton.current?.focus()); }} disabled={busy !== ''}>
            Delete
          </button>
        )}
      </div>
      {confirming && (
        <div class="confirm" role="group" aria-labelledby={`webhook-${id}-confirm`}>
          <p id={`webhook-${id}-confirm`}>Delete this webhook? Nothing more is sent to it, not even retries.</p>
          <button type="button" class="danger" ref={confirmButton} onClick={remove} disabled={busy !== ''}>
            {busy === 'delete' ? 'Deleting…' : 'Yes, delete it'}
          </button>
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </div>
      )}
      <OutcomeLine outcome={outcome} />
      {open && <Deliveries id={`webhook-${id}-deliveries`} webhookId={id} version={version} />}
    </li>
  );
}

function OutcomeLine({ outcome }: { outcome: Outcome }) {
  let text = '';
  if (outcome?.kind === 'problem') text = outcome.problem.message;
  else if (outcome?.kind === 'test') {
    const r = outcome.result;
    const answer = r.status_code === null ? 'no answer' : `HTTP ${r.status_code}`;
    text = r.delivered ? `Test delivered: ${answer} in ${r.duration_ms} ms.` : `Test not delivered: ${answer}${r.error ? ` (${r.error})` : ''}.`;
  }
  const bad = outcome?.kind === 'problem' || (outcome?.kind === 'test' && !outcome.result.delivered);
  return (
    <p role="status" class={text ? `outcome ${bad ? 'outcome-bad' : 'outcome-good'}` : 'outcome-empty'}>
      {text}
    </p>
  );
}
