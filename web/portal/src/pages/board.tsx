// /portal/board, the ops home: one day's scenarios in columns (GET /v1/ops/board) beside the driver
// list. A card is assigned by dropping it on a driver, or — by keyboard as well — from the
// suggestion list its "Assign…" button opens; a dispatched one is re-dispatched the same way, and
// any open one can be rescheduled. The day lives in the address (?date=), so reload keeps it.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Problem } from '../api.ts';
import { ProblemMessage } from '../problem.tsx';
import { AssignDialog } from '../board/assign-dialog.tsx';
import { BoardCard } from '../board/board-card.tsx';
import { type Board, type Card, COLUMNS, type Driver, dispatchMove, fetchBoard, fetchDrivers, formatDay, isDate, localDate, shiftDate } from '../board/board-data.ts';
import { RescheduleDialog } from '../board/reschedule-dialog.tsx';
import { usePolling } from '../polling.ts';
import { useTitle } from '../title.ts';
import './board.css';

/**
 * Polled every 3 s while the tab is visible: a driver's step or another dispatcher's change shows
 * within 5 s without a push channel; a hidden tab does not poll, and catches up when shown again.
 */
const POLL_MS = 3_000;

type Open = { kind: 'assign' | 'reschedule'; card: Card } | null;

function useBoard(date: string) {
  const [board, setBoard] = useState<Board | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const running = useRef<Promise<void> | null>(null);
  // One request at a time; a reload asked for while one runs waits and asks again, since the answer
  // in flight may predate the change it must show.
  const load = useCallback(async () => {
    while (running.current) await running.current;
    const request = fetchBoard(date).then((r) => {
      if ('data' in r) {
        setBoard(r.data.date === date ? r.data : null);
        setProblem(null);
      } else setProblem(r.problem);
    });
    running.current = request;
    await request;
    running.current = null;
  }, [date]);
  useEffect(() => setBoard(null), [date]);
  // A refresh an action asked for (reload) is running: the next tick need not ask again.
  usePolling(load, POLL_MS, () => running.current !== null);
  return { board, problem, reload: load };
}

export default function BoardPage() {
  useTitle('Board');
  const { query, route } = useLocation();
  const date = isDate(query.date) ? query.date : localDate();
  const { board, problem, reload } = useBoard(date);
  const [drivers, setDrivers] = useState<Driver[]>([]);
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState('');
  const [actionProblem, setActionProblem] = useState<Problem | null>(null);

  useEffect(() => {
    void fetchDrivers().then((r) => 'data' in r && setDrivers(r.data.drivers));
  }, []);

  const goTo = (d: string) => route(`/portal/board?date=${d}`);
  // The notice comes once the board shows the change it announces.
  const done = async (message: string) => {
    setOpen(null);
    setActionProblem(null);
    await reload();
    setNotice(message);
  };
  const dropOn = async (driver: Driver, moveId: number) => {
    setNotice(`Dispatching move #${moveId} to ${driver.name}…`);
    const r = await dispatchMove(moveId, driver.driver_id);
    if ('data' in r) await done(`Move #${moveId} dispatched to ${driver.name}.`);
    else {
      setNotice('');
      setActionProblem(r.problem);
    }
  };

  return (
    <div class="board">
      <div class="page-head">
        <h1>Board</h1>
        <DayPicker date={date} onChange={goTo} />
      </div>
      <p class="board-day">{formatDay(date)}</p>
      <p role="status" class="board-notice">
        {notice}
      </p>
      <ProblemMessage problem={actionProblem ?? problem} />
      <div class="board-layout">
        <DriverList drivers={drivers} onDrop={dropOn} />
        <div class="board-columns">
          {COLUMNS.map((c) => (
            <section key={c.name} class={`board-column column-${c.name}`} aria-labelledby={`column-${c.name}`} data-column={c.name}>
              <h2 id={`column-${c.name}`}>
                {c.label} <span class="count">{board ? board.columns[c.name].length : '…'}</span>
              </h2>
              {board && board.columns[c.name].length === 0 && <p class="empty">None</p>}
              <ul class="cards">
                {board?.columns[c.name].map((card) => (
                  <BoardCard key={card.scenario_id} card={card} onAssign={(k) => setOpen({ kind: 'assign', card: k })} onReschedule={(k) => setOpen({ kind: 'reschedule', card: k })} />
                ))}
              </ul>
            </section>
          ))}
        </div>
      </div>
      {open?.kind === 'assign' && <AssignDialog card={open.card} onClose={() => setOpen(null)} onDispatched={done} />}
      {open?.kind === 'reschedule' && <RescheduleDialog card={open.card} onClose={() => setOpen(null)} onRescheduled={done} />}
    </div>
  );
}

function DayPicker({ date, onChange }: { date: string; onChange: (d: string) => void }) {
  return (
    <div class="day-picker">
      <button type="button" class="secondary" onClick={() => onChange(shiftDate(date, -1))}>
        ← Previous day
      </button>
      <div class="field">
        <label for="board-date" class="visually-hidden">
          Day
        </label>
        <input id="board-date" type="date" value={date} onChange={(e) => isDate(e.currentTarget.value) && onChange(e.currentTarget.value)} />
      </div>
      <button type="button" class="secondary" onClick={() => onChange(shiftDate(date, 1))}>
        Next day →
      </button>
      <button type="button" class="secondary" onClick={() => onChange(localDate())}>
        Today
      </button>
    </div>
  );
}

/** Drop targets for cards; the same dispatch is reachable by keyboard from each card's "Assign…". */
function DriverList({ drivers, onDrop }: { drivers: Driver[]; onDrop: (d: Driver, moveId: number) => void }) {
  const [over, setOver] = useState<number | null>(null);
  return (
    <aside class="board-drivers" aria-labelledby="drivers-title">
      <h2 id="drivers-title">Drivers</h2>
      <p class="hint">Drop a card on a driver to dispatch it.</p>
      <ul>
        {drivers.map((d) => (
          <li
            key={d.driver_id}
            class={`driver-target${over === d.driver_id ? ' over' : ''}`}
            data-driver={d.driver_id}
            onDragOver={(e) => {
              e.preventDefault();
              setOver(d.driver_id);
            }}
            onDragLeave={() => setOver(null)}
            onDrop={(e) => {
              e.preventDefault();
              setOver(null);
              const moveId = Number(e.dataTransfer?.getData('text/plain'));
              if (moveId > 0) onDrop(d, moveId);
            }}
          >
            {d.name}
          </li>
        ))}
      </ul>
    </aside>
  );
}
