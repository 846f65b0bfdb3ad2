// /portal/cancelations, the ops desk's pending cancelations (GET /v1/ops/cancelations): every booking
// whose cancelation awaits a decision, across the desk's rooftops, with what the rule would decide and
// charge; each decided here (cancelations/decision.tsx) after a confirm step. The list is read again
// after each decision and every 5 s, since the rule decides the rest on its own — except while a
// decision form is open: the row being decided (and the keyboard focus in it) must not vanish under
// the user; if the rule decided it meanwhile, the decision's answer says so.
import { useCallback, useRef, useState } from 'preact/hooks';
import { api, apiCall, type Problem } from '../api.ts';
import { DecisionForm, OUTCOMES, type Outcome, type Pending } from '../cancelations/decision.tsx';
import { useRooftops } from '../rooftops.ts';
import { usePolling } from '../polling.ts';
import { ProblemMessage } from '../problem.tsx';
import { useTitle } from '../title.ts';
import { formatZoned } from '../zoned-time.ts';
import '../webhooks/admin-page.css';
import '../webhooks/data-table.css';
import './cancelations.css';
import { money } from '../money.ts';

export const POLL_MS = 5000;

const TYPE_NAMES: Record<Pending['move_type'], string> = {
  'concierge-loaner': 'Concierge with loaner',
  concierge: 'Concierge',
  'one-way': 'One-way',
  'round-trip': 'Round trip',
};

interface ListState {
  items: Pending[];
  hasMore: boolean;
  loaded: boolean;
  problem: Problem | null;
}

export default function CancelationsPage() {
  useTitle('Cancelations');
  const [state, setState] = useState<ListState>({ items: [], hasMore: false, loaded: false, problem: null });
  const [open, setOpen] = useState<number | null>(null);
  const [decided, setDecided] = useState<string>('');
  const heading = useRef<HTMLHeadingElement>(null);
  const deciding = useRef(false);
  // Each request's times on its rooftop's clock (the item names the rooftop, the list has its zone).
  const { zoneOf } = useRooftops();
  deciding.current = open !== null;

  const load = useCallback(async () => {
    const r = await apiCall(() => api.GET('/v1/ops/cancelations'));
    setState((s) => ('data' in r ? { items: r.data.cancelations, hasMore: r.data.has_more, loaded: true, problem: null } : { ...s, loaded: true, problem: r.problem }));
  }, []);

  usePolling(load, POLL_MS, () => deciding.current);

  const onDecided = (moveId: number, outcome: Outcome) => {
    setOpen(null);
    setDecided(`Move #${moveId}: decided ${OUTCOMES.find((o) => o.value === outcome)!.label.toLowerCase()}.`);
    heading.current?.focus();
    void load();
  };

  const count = state.items.length;
  return (
    <div class="admin-page cancelations-page">
      <div class="page-head">
        <h1 ref={heading} tabIndex={-1}>
          Pending cancelations
        </h1>
      </div>
      <p class="lede">Cancelations waiting for a decision. Decide one now, or the rule decides it at the time shown.</p>
      <ProblemMessage problem={state.problem} />
      <p role="status" class="list-count">
        {decided && <span class="decided">{decided} </span>}
        {!state.loaded ? 'Loading cancelations…' : count === 0 ? 'No cancelation is waiting for a decision.' : `${count} pending cancelation${count === 1 ? '' : 's'}${state.hasMore ? ' (the oldest shown)' : ''}.`}
      </p>
      {count > 0 && (
        <table class="data-table cancelations">
          <caption class="visually-hidden">Pending cancelations, oldest request first</caption>
          <thead>
            <tr>
              <th scope="col">Move</th>
              <th scope="col">Rooftop</th>
              <th scope="col">Customer</th>
              <th scope="col">RO</th>
              <th scope="col">Asked</th>
              <th scope="col">By rule</th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {state.items.map((c) => (
              <Row key={c.move_id} c={c} zone={zoneOf(c.rooftop.id)} open={open === c.move_id} onOpen={() => setOpen(c.move_id)} onClose={() => (setOpen(null), void load())} onDecided={onDecided} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

interface RowProps {
  c: Pending;
  zone: string | null;
  open: boolean;
  onOpen(): void;
  onClose(): void;
  onDecided(moveId: number, outcome: Outcome): void;
}

function Row({ c, zone, open, onOpen, onClose, onDecided }: RowProps) {
  const opener = useRef<HTMLButtonElement>(null);
  const rule = OUTCOMES.find((o) => o.value === c.outcome_by_rule)!;
  const close = () => {
    onClose();
    queueMicrotask(() => opener.current?.focus());
  };
  return (
    <tr>
      <th scope="row" data-label="Move">
        <a href={`/portal/moves/${c.move_id}`}>#{c.move_id}</a>
        <span class="sub">{TYPE_NAMES[c.move_type]}</span>
        {c.moves.map((m) => (
          <span class="sub" key={m.move_id}>
            #{m.move_id}: {m.status}
          </span>
        ))}
      </th>
      <td data-label="Rooftop">{c.rooftop.name}</td>
      <td data-label="Customer">{c.customer_name ?? '—'}</td>
      <td data-label="RO">{[...new Set(c.moves.map((m) => m.reference_id).filter(Boolean))].join(', ') || '—'}</td>
      <td data-label="Asked">
        {formatZoned(c.requested_at, zone)}
        <span class="sub">rule decides {formatZoned(c.rule_decides_at, zone)}</span>
      </td>
      <td data-label="By rule">
        <span>
          {rule.label}, <span class="fee">{money(c.fee)}</span>
        </span>
      </td>
      <td data-label="Decision">
        {open ? (
          <DecisionForm pending={c} onDecided={onDecided} onClose={close} />
        ) : (
          <button type="button" ref={opener} class="secondary" onClick={onOpen} aria-label={`Decide move #${c.move_id}`}>
            Decide
          </button>
        )}
      </td>
    </tr>
  );
}
