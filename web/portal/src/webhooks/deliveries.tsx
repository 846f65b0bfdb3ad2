// A subscription's delivery log (GET /v1/webhooks/:id/deliveries), newest first, a page at a time:
// when each attempt was made, for which event, the attempt number, the status code (or no answer),
// how long it took and why it failed. `version` changes after a test delivery, to read it afresh.
import { useEffect, useState } from 'preact/hooks';
import { api, apiCall, type Problem } from '../api.ts';
import { ProblemMessage } from '../problem.tsx';
import './data-table.css';
import { type Delivery, formatInstant } from './webhook-types.ts';

const PAGE_SIZE = 10;

function fetchDeliveries(id: number, cursor: string | null) {
  const query = { limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) };
  return apiCall(() => api.GET('/v1/webhooks/{id}/deliveries', { params: { path: { id: String(id) }, query } }));
}

interface State {
  rows: Delivery[];
  next: string | null;
  loading: boolean;
  problem: Problem | null;
}

export function Deliveries({ webhookId, version, id }: { webhookId: number; version: number; id: string }) {
  const [state, setState] = useState<State>({ rows: [], next: null, loading: true, problem: null });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    fetchDeliveries(webhookId, null).then((r) => {
      if (!live) return;
      setState('data' in r ? { rows: r.data.deliveries, next: r.data.next_cursor, loading: false, problem: null } : { rows: [], next: null, loading: false, problem: r.problem });
    });
    return () => {
      live = false;
    };
  }, [webhookId, version]);

  const older = async () => {
    setState((s) => ({ ...s, loading: true }));
    const r = await fetchDeliveries(webhookId, state.next);
    setState((s) =>
      'data' in r ? { rows: [...s.rows, ...r.data.deliveries], next: r.data.next_cursor, loading: false, problem: null } : { ...s, loading: false, problem: r.problem },
    );
  };

  return (
    <div id={id} class="deliveries">
      <ProblemMessage problem={state.problem} />
      <p role="status" class="list-count">
        {state.loading && state.rows.length === 0 ? 'Loading deliveries…' : state.rows.length === 0 && !state.problem ? 'Nothing delivered yet.' : ''}
      </p>
      {state.rows.length > 0 && <DeliveryTable rows={state.rows} />}
      {state.next && (
        <button type="button" class="secondary" onClick={older} disabled={state.loading}>
          {state.loading ? 'Loading…' : 'Older deliveries'}
        </button>
      )}
    </div>
  );
}

function DeliveryTable({ rows }: { rows: Delivery[] }) {
  return (
    <table class="data-table deliveries-table">
      <caption class="visually-hidden">Delivery attempts, newest first</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Event</th>
          <th scope="col">Attempt</th>
          <th scope="col">Answer</th>
          <th scope="col">Took</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.delivery_id}>
            <td data-label="When">{formatInstant(d.created_at)}</td>
            <td data-label="Event">
              <code>{d.event_type}</code>
            </td>
            <td data-label="Attempt">{d.attempt}</td>
            <td data-label="Answer">
              <span class={`status ${d.delivered ? 'status-ok' : 'status-failed'}`}>{d.status_code === null ? 'No answer' : `HTTP ${d.status_code}`}</span>
            </td>
            <td data-label="Took" class="nowrap">{d.duration_ms} ms</td>
            <td data-label="Error">{d.error ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
