// Editing a leg (PATCH /v1/moves/:id): the fields the API lets change, sent only when changed (absent
// means unchanged; emptied means cleared). Whether a value is acceptable is the API's call: its §4
// problems are shown at their fields, and nothing is saved unless all of them are fixed.
import type { operations } from '@handoff/client';
import { useState } from 'preact/hooks';
import { api, apiCall, fieldProblems, type Problem } from '../api.ts';
import { describedBy, FieldNotes } from '../field.tsx';
import { browserZone, utcToZoned, zonedToUtc, zoneName } from '../zoned-time.ts';
import type { Leg, MoveDocument } from './move-data.ts';

type Patch = operations['updateMove']['requestBody']['content']['application/json'];
type Key = keyof Patch;

const FIELDS: { key: Key; label: string; hint?: string }[] = [
  { key: 'vehicle_year', label: 'Year' },
  { key: 'vehicle_make', label: 'Make' },
  { key: 'vehicle_model', label: 'Model' },
  { key: 'vehicle_color', label: 'Color' },
  { key: 'vehicle_stock', label: 'Stock number' },
  { key: 'vehicle_vin', label: 'VIN', hint: '17 characters, letters and digits without I, O or Q' },
  { key: 'reference_num', label: 'RO or reference number' },
  { key: 'ready_by', label: 'Ready by', hint: 'Changes the ready-by time of the whole booking' },
];

/** The form's starting values: what the move has now. */
function currentValues(doc: MoveDocument, leg: Leg, zone: string): Record<Key, string> {
  const v = leg.vehicle;
  return {
    vehicle_year: v.year ?? '',
    vehicle_make: v.make ?? '',
    vehicle_model: v.model ?? '',
    vehicle_color: v.color ?? '',
    vehicle_stock: v.stock ?? '',
    vehicle_vin: v.vin ?? '',
    reference_num: leg.reference_num ?? leg.reference_id ?? '',
    ready_by: utcToZoned(doc.ready_by_time_utc, zone),
  };
}

interface Props {
  doc: MoveDocument;
  leg: Leg;
  /** The rooftop's zone: the ready-by time is typed as its clock shows it, like the booking form's. */
  zone: string | null;
  onSaved(): Promise<void>;
  onClose(): void;
}

export function EditMove({ doc, leg, zone: rooftopZone, onSaved, onClose }: Props) {
  const zone = rooftopZone ?? browserZone();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const before = currentValues(doc, leg, zone);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const patch: Record<string, string | null> = {};
    for (const { key } of FIELDS) {
      const value = String(form.get(key) ?? '').trim();
      if (value === before[key]) continue;
      patch[key] = key === 'ready_by' ? (value ? (zonedToUtc(value, zone) ?? value) : '') : value || null;
    }
    if (Object.keys(patch).length === 0) return setProblem({ code: 'unchanged', message: 'Nothing was changed.' });
    setBusy(true);
    setSaved(false);
    const r = await apiCall(() => api.PATCH('/v1/moves/{id}', { params: { path: { id: String(leg.move_id) } }, body: patch as Patch }));
    if ('problem' in r) setProblem(r.problem);
    else {
      setProblem(null);
      setSaved(true);
      await onSaved();
    }
    setBusy(false);
  };

  const unplaced = problem && !(problem.errors ?? []).some((e) => FIELDS.some((f) => f.key === e.field));
  return (
    <form class="move-card edit-form" aria-labelledby="edit-heading" onSubmit={submit} noValidate>
      <h2 id="edit-heading">Edit move #{leg.move_id}</h2>
      {unplaced && (
        <p class="problem" role="alert">
          {problem.message}
        </p>
      )}
      {problem && !unplaced && (
        <p class="problem" role="alert">
          {problem.message} See the fields marked below.
        </p>
      )}
      <p role="status" class="saved">
        {saved ? 'Saved.' : ''}
      </p>
      <div class="edit-grid">
        {FIELDS.map((f) => (
          <EditField key={f.key} id={`edit-${f.key}`} name={f.key} label={f.key === 'ready_by' ? `${f.label} (${zoneName(zone)})` : f.label} hint={f.hint} defaultValue={before[f.key]} problems={fieldProblems(problem, f.key)} />
        ))}
      </div>
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
        <button type="button" class="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </form>
  );
}

interface EditFieldProps {
  id: string;
  name: string;
  label: string;
  hint?: string | undefined;
  defaultValue: string;
  problems: string[];
}

function EditField({ id, name, label, hint, defaultValue, problems }: EditFieldProps) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        name={name}
        // Preact types each input type's attributes apart; the ones given here suit both.
        type={(name === 'ready_by' ? 'datetime-local' : 'text') as 'text'}
        defaultValue={defaultValue}
        aria-invalid={problems.length > 0}
        aria-describedby={describedBy(id, hint, problems)}
      />
      <FieldNotes id={id} hint={hint} problems={problems} />
    </div>
  );
}
