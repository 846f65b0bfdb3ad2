// /portal/moves, the dealer's home: their moves, newest first (GET /v1/moves), filtered by status,
// ready-by dates and a search, a page at a time ("Load more" follows next_cursor). Each row links to
// the move's page. The filters live in the address: apply, reload or go back and the list follows.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, apiCall, fieldProblems, type Problem } from '../api.ts';
import { Field } from '../field.tsx';
import { ProblemMessage } from '../problem.tsx';
import { useRooftops } from '../rooftops.ts';
import { useTitle } from '../title.ts';
import { formatZoned } from '../zoned-time.ts';
import {
  apiQuery,
  type Filters,
  filtersFrom,
  filtersUrl,
  type MoveItem,
  moveZone,
  placeLabel,
  referenceLabel,
  STATUS_FILTERS,
  statusLabel,
  vehicleLabel,
} from './moves-list-query.ts';

const PAGE_SIZE = 25;

interface ListState {
  moves: MoveItem[];
  next: string | null;
  loading: boolean;
  problem: Problem | null;
}

const fetchPage = (filters: Filters, cursor: string | null) => apiCall(() => api.GET('/v1/moves', { params: { query: apiQuery(filters, cursor, PAGE_SIZE) } }));

export default function MovesListPage() {
  useTitle('Moves');
  const { query, route } = useLocation();
  const filters = filtersFrom(query);
  const key = filtersUrl(filters);
  const [state, setState] = useState<ListState>({ moves: [], next: null, loading: true, problem: null });
  const { zoneOf } = useRooftops();

  useEffect(() => {
    let live = true;
    setState({ moves: [], next: null, loading: true, problem: null });
    fetchPage(filters, null).then((r) => {
      if (!live) return;
      if ('data' in r) setState({ moves: r.data.moves, next: r.data.next_cursor, loading: false, problem: null });
      else setState({ moves: [], next: null, loading: false, problem: r.problem });
    });
    return () => {
      live = false;
    };
  }, [key]);

  const loadMore = async () => {
    if (!state.next) return;
    setState((s) => ({ ...s, loading: true }));
    const r = await fetchPage(filters, state.next);
    setState((s) =>
      'data' in r
        ? { moves: [...s.moves, ...r.data.moves], next: r.data.next_cursor, loading: false, problem: null }
        : { ...s, loading: false, problem: r.problem },
    );
  };

  return (
    <>
      <div class="page-head">
        <h1>Moves</h1>
      </div>
      <FilterForm filters={filters} problem={state.problem} onApply={(f) => route(filtersUrl(f))} />
      <ProblemMessage problem={state.problem} />
      <p role="status" class="list-count">
        {state.loading && state.moves.length === 0 ? 'Loading moves…' : countText(state)}
      </p>
      {state.moves.length > 0 && <MovesTable moves={state.moves} zoneOf={zoneOf} />}
      {state.next && (
        <button type="button" class="secondary load-more" onClick={loadMore} disabled={state.loading}>
          {state.loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}

function countText(s: ListState): string {
  if (s.problem && s.moves.length === 0) return '';
  if (s.moves.length === 0) return 'No moves match these filters.';
  const n = `${s.moves.length} move${s.moves.length === 1 ? '' : 's'}`;
  return s.next ? `Showing the newest ${n}; more below.` : `Showing ${n}.`;
}

function FilterForm({ filters, problem, onApply }: { filters: Filters; problem: Problem | null; onApply: (f: Filters) => void }) {
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    onApply(filtersFrom(Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]))));
  };
  return (
    <form class="filters" role="search" aria-label="Filter moves" onSubmit={submit} key={filtersUrl(filters)}>
      <Field id="moves-q" name="q" type="search" label="Search" defaultValue={filters.q} hint="Customer, RO or reference, stock number or VIN" />
      <div class="field">
        <label for="moves-status">Status</label>
        <select id="moves-status" name="status" defaultValue={filters.status}>
          <option value="">Any status</option>
          {STATUS_FILTERS.map((s) => (
            <option key={s} value={s}>
              {statusLabel({ status: s === 'booked' ? null : s, cancel_status: null })}
            </option>
          ))}
        </select>
      </div>
      <Field id="moves-from" name="from" type="date" label="Ready from" defaultValue={filters.from} problems={fieldProblems(problem, 'from')} />
      <Field id="moves-to" name="to" type="date" label="Ready to" defaultValue={filters.to} problems={fieldProblems(problem, 'to')} />
      <div class="filter-actions">
        <button type="submit">Apply</button>
        <a class="button-link" href="/portal/moves">
          Clear
        </a>
      </div>
    </form>
  );
}

function MovesTable({ moves, zoneOf }: { moves: MoveItem[]; zoneOf(id: number): string | null }) {
  return (
    <table class="moves">
      <caption class="visually-hidden">Moves, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Move</th>
          <th scope="col">Status</th>
          <th scope="col">Customer</th>
          <th scope="col">Vehicle</th>
          <th scope="col">Reference</th>
          <th scope="col">Route</th>
          <th scope="col">Ready by</th>
        </tr>
      </thead>
      <tbody>
        {moves.map((m) => (
          <tr key={m.move_id}>
            <th scope="row" data-label="Move">
              <a href={`/portal/moves/${m.move_id}`}>#{m.move_id}</a>
            </th>
            <td data-label="Status">
              <span class={`status status-${(m.cancel_status ?? m.status ?? 'booked').replace(/\s+/g, '-')}`}>{statusLabel(m)}</span>
            </td>
            <td data-label="Customer">{m.customer_name ?? <span class="sub">No customer</span>}</td>
            <td data-label="Vehicle">
              {vehicleLabel(m.vehicle)}
              {m.vehicle.stock && <span class="sub">Stock {m.vehicle.stock}</span>}
            </td>
            <td data-label="Reference">{referenceLabel(m)}</td>
            <td data-label="Route">
              {placeLabel(m.pickup_location)}
              <span class="route-to">→ {placeLabel(m.delivery_location)}</span>
            </td>
            <td data-label="Ready by">{formatZoned(m.ready_by_time_utc, moveZone(m, zoneOf))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
