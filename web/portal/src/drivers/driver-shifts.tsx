// One driver's shifts: the ones not yet over (the next 31 days, as GET …/shifts answers by default),
// each removable, and a form adding one on a local date from a start to an end time in the chosen
// region's zone (or every rooftop, in a rooftop's zone). The API lays it out and refuses overlaps;
// its problems show at the fields they are about.
import { useEffect, useRef, useState } from 'preact/hooks';
import { fieldProblems, type Problem } from '../api.ts';
import { describedBy, FieldNotes } from '../field.tsx';
import { useFormSubmit } from '../form-submit.ts';
import { ProblemMessage, ProblemSummary } from '../problem.tsx';
import { formatZoned, zonedToday } from '../zoned-time.ts';
import { addShift, type Driver, fetchShifts, oneDayShift, removeShift, type Shift, type Zone, zoneOf } from './drivers-data.ts';

interface Props {
  driver: Driver;
  zones: Zone[];
  /** A shift was added or removed: who is on shift may have changed. */
  onChanged(): void;
}

/** Which form field each problem path of the shift body belongs to. */
const AT_FIELD: Record<string, string[]> = {
  zone: ['region_id', 'timezone'],
  date: ['pattern', 'pattern.from', 'pattern.to', 'pattern.days'],
  start: ['pattern.start'],
  end: ['pattern.end'],
};

export function DriverShifts({ driver, zones, onChanged }: Props) {
  const [shifts, setShifts] = useState<Shift[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  const reload = async () => {
    const r = await fetchShifts(driver.driver_id);
    if ('data' in r) setShifts(r.data.shifts);
    else setProblem(r.problem);
  };
  useEffect(() => {
    setShifts(null);
    setNotice('');
    setProblem(null);
    void reload();
  }, [driver.driver_id]);

  const added = async () => {
    await reload();
    setNotice(`Shift added for ${driver.name}.`);
    onChanged();
  };
  const remove = async (shift: Shift) => {
    const r = await removeShift(driver.driver_id, shift.id);
    if ('problem' in r) setProblem(r.problem);
    else {
      await reload();
      setNotice(`Shift of ${formatZoned(shift.starts_at, zoneOf(shift, zones), 'weekdayDateTime')} removed.`);
      onChanged();
    }
    // The button pressed is gone (or its problem is above): the section's heading keeps the focus in place.
    heading.current?.focus();
  };

  return (
    <section class="driver-shifts panel" aria-labelledby="driver-shifts-title">
      <h2 id="driver-shifts-title" ref={heading} tabIndex={-1}>
        Shifts of {driver.name}
      </h2>
      <p role="status" class="shift-notice">
        {notice}
      </p>
      <ProblemMessage problem={problem} />
      <ShiftList shifts={shifts} zones={zones} onRemove={remove} />
      <h3>Add a shift</h3>
      <ShiftForm key={driver.driver_id} driver={driver} zones={zones} onAdded={added} />
    </section>
  );
}

function ShiftForm({ driver, zones, onAdded }: { driver: Driver; zones: Zone[]; onAdded(): Promise<void> }) {
  const { problem, busy, summary, send } = useFormSubmit();
  const [zoneIndex, setZoneIndex] = useState(0);
  const zone = zones[zoneIndex];

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!zone) return;
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const text = (k: string) => String(form.get(k) ?? '');
    await send(addShift(driver.driver_id, oneDayShift(zone, text('date'), text('start'), text('end'))), () => onAdded());
  };

  const at = (name: string) => AT_FIELD[name]!.flatMap((f) => fieldProblems(problem, f));
  return (
    <form class="shift-form" onSubmit={submit} noValidate aria-label={`Add a shift for ${driver.name}`}>
      <ProblemSummary problem={problem} summaryRef={summary} />
      <div class="shift-fields">
        <Input id="shift-zone" label="Where, in whose local time" problems={at('zone')}>
          {(props) => (
            <select {...props} name="zone" value={String(zoneIndex)} onChange={(e) => setZoneIndex(Number(e.currentTarget.value))}>
              {zones.map((z, i) => (
                <option key={i} value={String(i)}>
                  {z.label}
                </option>
              ))}
            </select>
          )}
        </Input>
        <Input id="shift-date" label="Date" problems={at('date')}>
          {(props) => <input {...props} type="date" name="date" defaultValue={zone ? zonedToday(zone.timezone) : ''} />}
        </Input>
        <Input id="shift-start" label="Starts" problems={at('start')}>
          {(props) => <input {...props} type="time" name="start" defaultValue="08:00" />}
        </Input>
        <Input id="shift-end" label="Ends" hint="At or before the start: the next day." problems={at('end')}>
          {(props) => <input {...props} type="time" name="end" defaultValue="17:00" />}
        </Input>
      </div>
      <button type="submit" disabled={busy || !zone}>
        {busy ? 'Adding…' : 'Add shift'}
      </button>
    </form>
  );
}

function ShiftList({ shifts, zones, onRemove }: { shifts: Shift[] | null; zones: Zone[]; onRemove(s: Shift): void }) {
  if (!shifts) return <p class="list-count">Loading shifts…</p>;
  if (!shifts.length) return <p class="list-count">No shift in the next 31 days.</p>;
  return (
    <ul class="shift-list" aria-label="Upcoming shifts">
      {shifts.map((s) => {
        const tz = zoneOf(s, zones);
        const span = `${formatZoned(s.starts_at, tz, 'weekdayDateTime')} to ${formatZoned(s.ends_at, tz, 'weekdayDateTime')}`;
        const where = s.region_id === null ? 'Every rooftop' : (zones.find((z) => z.regionId === s.region_id)?.label ?? `Region ${s.region_id}`);
        return (
          <li key={s.id} data-shift-id={s.id}>
            <span>
              {span}
              <span class="sub">{where}</span>
            </span>
            <button type="button" class="secondary danger" aria-label={`Remove the shift ${span}`} onClick={() => onRemove(s)}>
              Remove
            </button>
          </li>
        );
      })}
    </ul>
  );
}

type InputProps = { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string };

/** A labelled control with its hint and problems tied to it (field.tsx's Field, for selects, dates and times). */
function Input({ id, label, hint, problems, children }: { id: string; label: string; hint?: string; problems: string[]; children(p: InputProps): preact.JSX.Element }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children({ id, 'aria-invalid': problems.length > 0, 'aria-describedby': describedBy(id, hint, problems) })}
      <FieldNotes id={id} hint={hint} problems={problems} />
    </div>
  );
}
