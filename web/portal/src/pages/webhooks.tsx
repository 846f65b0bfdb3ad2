// /portal/webhooks, the dealer's webhook subscriptions (spec §8, GET/POST/PATCH/DELETE /v1/webhooks):
// each with its state, a test delivery and its delivery log; a form to add one. A new subscription's
// signing secret is shown once, above the list, until the dealer presses Done.
import { useEffect, useState } from 'preact/hooks';
import { api, apiCall, type Problem } from '../api.ts';
import { ProblemMessage } from '../problem.tsx';
import { useRooftops } from '../rooftops.ts';
import { useTitle } from '../title.ts';
import { ShownOnce } from '../webhooks/shown-once.tsx';
import { WebhookCard } from '../webhooks/webhook-card.tsx';
import { NewWebhookForm } from '../webhooks/webhook-form.tsx';
import type { Webhook } from '../webhooks/webhook-types.ts';
import '../webhooks/admin-page.css';
import './webhooks.css';

interface ListState {
  hooks: Webhook[];
  loading: boolean;
  problem: Problem | null;
}

export default function WebhooksPage() {
  useTitle('Webhooks');
  const [state, setState] = useState<ListState>({ hooks: [], loading: true, problem: null });
  const [created, setCreated] = useState<{ hook: Webhook; secret: string } | null>(null);
  // Names are a nicety: without them (a failed read) the form still works for a one-rooftop dealer.
  const { rooftops } = useRooftops();

  useEffect(() => {
    apiCall(() => api.GET('/v1/webhooks')).then((r) =>
      setState('data' in r ? { hooks: r.data.webhooks, loading: false, problem: null } : { hooks: [], loading: false, problem: r.problem }),
    );
  }, []);

  const replace = (hook: Webhook) => setState((s) => ({ ...s, hooks: s.hooks.map((h) => (h.webhook_id === hook.webhook_id ? hook : h)) }));
  const drop = (id: number) => setState((s) => ({ ...s, hooks: s.hooks.filter((h) => h.webhook_id !== id) }));
  const add = (hook: Webhook, secret: string) => {
    setState((s) => ({ ...s, hooks: [...s.hooks, hook] }));
    setCreated({ hook, secret });
  };
  const nameOf = (id: number) => (rooftops.length > 1 ? (rooftops.find((r) => r.id === id)?.name ?? null) : null);

  return (
    <div class="admin-page">
      <div class="page-head">
        <h1>Webhooks</h1>
      </div>
      <p class="lede">
        Handoff sends each event you subscribe to as a signed JSON POST to your URL, and retries for at least 24 hours until it answers 2xx.
      </p>
      {created && (
        <ShownOnce id="webhook-secret" title="Webhook added: its signing secret" label="Signing secret" value={created.secret} onDone={() => setCreated(null)}>
          <p>
            Deliveries to <strong class="webhook-url">{created.hook.target_url}</strong> are signed with this secret (the{' '}
            <code>Handoff-Signature</code> header). Put it in your receiver to check them.
          </p>
        </ShownOnce>
      )}
      <section aria-labelledby="webhooks-list">
        <h2 id="webhooks-list">Subscriptions</h2>
        <ProblemMessage problem={state.problem} />
        <p role="status" class="list-count">
          {state.loading ? 'Loading webhooks…' : state.hooks.length === 0 && !state.problem ? 'No webhooks yet: add one below.' : ''}
        </p>
        {state.hooks.length > 0 && (
          <ul class="webhook-list">
            {state.hooks.map((h) => (
              <WebhookCard key={h.webhook_id} hook={h} rooftopName={nameOf(h.rooftop)} onChanged={replace} onDeleted={drop} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="add-webhook" class="panel">
        <h2 id="add-webhook">Add a webhook</h2>
        <NewWebhookForm rooftops={rooftops} onCreated={add} />
      </section>
    </div>
  );
}
