// /portal/drivers, the dispatch desk's drivers: who is on shift now on a live map, every driver with
// phone, state and when they last reported a position (each row deactivates or reactivates its
// driver, after a confirm step), adding a driver (the driver app's credentials shown once), and a
// chosen driver's shifts, added in local time and removed.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Problem } from '../api.ts';
import { ProblemMessage } from '../problem.tsx';
import { NewDriverForm } from '../drivers/driver-form.tsx';
import { DriverShifts } from '../drivers/driver-shifts.tsx';
import { DriverStateAction } from '../drivers/driver-state.tsx';
import { type Driver, fetchDrivers, fetchZones, formatPhone, type NewDriver, type Zone } from '../drivers/drivers-data.ts';
import { LiveMap, useOnShift } from '../drivers/live-map.tsx';
import { useTitle } from '../title.ts';
import { browserZone, formatZoned } from '../zoned-time.ts';
import { ShownOnce } from '../webhooks/shown-once.tsx';
import '../webhooks/admin-page.css';
import '../webhooks/data-table.css';
import './drivers.css';

export default function DriversPage() {
  useTitle('Drivers');
  const onShift = useOnShift();
  const [drivers, setDrivers] = useState<Driver[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [zones, setZones] = useState<Zone[]>([]);
  const [created, setCreated] = useState<NewDriver | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);

  // Bumped by every change made here: a list asked for before it (the poll's) is older than the
  // row's new state, and must not put the old one back.
  const listEdits = useRef(0);
  const reloadDrivers = () => {
    const asked = listEdits.current;
    return fetchDrivers().then((r) => {
      if (asked !== listEdits.current) return;
      if ('data' in r) setDrivers(r.data.drivers);
      else setProblem(r.problem);
    });
  };
  useEffect(() => {
    void reloadDrivers();
    void fetchZones().then(setZones);
  }, []);
  // A new position shows in the list's "last position" too, without a reload of its own.
  useEffect(() => {
    if (onShift.answer?.drivers.length) void reloadDrivers();
  }, [onShift.answer?.at]);

  const add = (d: NewDriver) => {
    listEdits.current++;
    setDrivers((list) => [...(list ?? []), d]);
    setCreated(d);
  };
  const changed = (d: Driver) => {
    listEdits.current++;
    setDrivers((list) => list?.map((x) => (x.driver_id === d.driver_id ? d : x)) ?? null);
    // Only active drivers are on shift: the live map follows now rather than at its next poll.
    void onShift.reload();
  };
  const driver = drivers?.find((d) => d.driver_id === chosen);
  return (
    <div class="admin-page drivers-page">
      <div class="page-head">
        <h1>Drivers</h1>
      </div>
      <p class="lede">Who drives for Handoff, when they are on shift, and where those on shift were last seen.</p>
      <LiveMap answer={onShift.answer} problem={onShift.problem} zones={zones} />
      {created && (
        <ShownOnce id="driver-secret-once" title={`${created.name} added: their driver app sign-in`} label="Client secret" value={created.client_secret} onDone={() => setCreated(null)}>
          <p>
            The driver app signs in with client ID <code class="client-id">{created.client_id}</code> and this secret.
          </p>
        </ShownOnce>
      )}
      <h2 id="all-drivers">All drivers</h2>
      <ProblemMessage problem={problem} />
      <p role="status" class="list-count">
        {drivers === null ? 'Loading drivers…' : `${drivers.length} driver${drivers.length === 1 ? '' : 's'}.`}
      </p>
      {drivers && drivers.length > 0 && <DriverTable drivers={drivers} chosen={chosen} onChoose={setChosen} onChanged={changed} />}
      {driver && <DriverShifts driver={driver} zones={zones} onChanged={() => void onShift.reload()} />}
      <section aria-labelledby="add-driver" class="panel">
        <h2 id="add-driver">Add a driver</h2>
        <NewDriverForm onCreated={add} />
      </section>
    </div>
  );
}

/** When a driver last reported, on the desk's own clock (drivers serve every rooftop's zone). */
const when = (iso: string) => formatZoned(iso, browserZone(), 'dateTimeSeconds');

interface DriverTableProps {
  drivers: Driver[];
  chosen: number | null;
  onChoose(id: number): void;
  onChanged(driver: Driver): void;
}

function DriverTable({ drivers, chosen, onChoose, onChanged }: DriverTableProps) {
  return (
    <table class="data-table drivers" aria-labelledby="all-drivers">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Phone</th>
          <th scope="col">State</th>
          <th scope="col">Last position</th>
          <th scope="col">
            <span class="visually-hidden">Shifts</span>
          </th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {drivers.map((d) => (
          <tr key={d.driver_id} data-driver-id={d.driver_id} class={d.driver_id === chosen ? 'chosen' : undefined}>
            <th scope="row" data-label="Name">
              {d.name}
              {d.can_drive_manual && <span class="sub">Drives a manual</span>}
            </th>
            <td data-label="Phone" class="nowrap">
              <a href={`tel:${d.phone}`}>{formatPhone(d.phone)}</a>
            </td>
            <td data-label="State">
              <span class={`status ${d.active ? 'status-ok' : 'status-failed'}`}>{d.active ? 'Active' : 'Inactive'}</span>
            </td>
            <td data-label="Last position">{d.last_location ? when(d.last_location.at) : 'Never reported'}</td>
            <td>
              <button type="button" class="secondary" aria-pressed={d.driver_id === chosen} onClick={() => onChoose(d.driver_id)}>
                Shifts<span class="visually-hidden"> of {d.name}</span>
              </button>
            </td>
            <td data-label="Action">
              <DriverStateAction driver={d} onChanged={onChanged} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
