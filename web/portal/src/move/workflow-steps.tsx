// The dealer's part of each leg's inspections (spec §10): the steps of its pickup and delivery
// workflows that the dealer writes (allow_server_edits), with their state, and a form for them
// (PATCH /v1/moves/:id/workflows/:slot/data). A loaner cannot start its delivery until the dealer
// ticks `consumer-info-complete`: without this a dealer using only the portal could not let the move
// go on. Which steps there are, their types, ranges and gates, and whether a write is taken, all
// come from the API; the page only draws the steps' own definitions and shows its answers.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { operations } from '@handoff/client';
import { api, apiCall, fieldProblems, type Problem } from '../api.ts';
import { type Leg, legName, type MoveDocument } from './move-data.ts';
import './workflow-steps.css';

type Workflow = operations['getMoveWorkflow']['responses'][200]['content']['application/json'];
type Step = Workflow['steps'][number];
type SlotName = Workflow['slot'];
const SLOT_NAMES: SlotName[] = ['pickup', 'delivery'];
/** The types a form field can take; the uploads and the damages list are the driver's to record. */
const FORM_TYPES = ['boolean', 'string', 'number', 'integer'];

const slotKey = (moveId: number, slot: SlotName) => `${moveId}:${slot}`;
const dealerSteps = (wf: Workflow) => wf.steps.filter((s) => s.config.allow_server_edits);

/**
 * Reads the workflows again on every poll of the page (`doc` is new each time), but after the first
 * read only the slots that have dealer-side steps: steps are fixed when a move is booked.
 */
function useDealerWorkflows(doc: MoveDocument, legs: Leg[]) {
  const [flows, setFlows] = useState<Map<string, Workflow>>(new Map());
  const known = useRef<Set<string> | null>(null);
  const ids = legs.map((l) => l.move_id).join(',');
  useEffect(() => {
    let live = true;
    const wanted = legs.flatMap((l) => SLOT_NAMES.map((slot) => ({ moveId: l.move_id, slot }))).filter((w) => !known.current || known.current.has(slotKey(w.moveId, w.slot)));
    void Promise.all(
      wanted.map(({ moveId, slot }) =>
        api
          .GET('/v1/moves/{id}/workflows/{slot}', { params: { path: { id: String(moveId), slot } } })
          .then(({ data }) => [slotKey(moveId, slot), data] as const)
          .catch(() => [slotKey(moveId, slot), undefined] as const),
      ),
    ).then((read) => {
      if (!live) return;
      if (!known.current) known.current = new Set(read.filter(([, wf]) => wf && dealerSteps(wf).length).map(([k]) => k));
      setFlows((shown) => {
        const next = new Map(shown);
        for (const [key, wf] of read) if (wf && known.current!.has(key)) next.set(key, wf);
        return next;
      });
    });
    return () => {
      live = false;
    };
    // Every new document is a poll: read again.
  }, [doc, ids]);
  const saved = (key: string, data: Record<string, unknown>) =>
    setFlows((shown) => {
      const wf = shown.get(key);
      return wf ? new Map(shown).set(key, { ...wf, data }) : shown;
    });
  return { flows, saved };
}

export function WorkflowSteps({ doc, legs, onSaved }: { doc: MoveDocument; legs: Leg[]; onSaved(): Promise<void> }) {
  const { flows, saved } = useDealerWorkflows(doc, legs);
  if (!flows.size) return null;
  return (
    <section class="move-card card-workflow" aria-labelledby="workflow-heading">
      <h2 id="workflow-heading">Your inspection steps</h2>
      <p class="hint">What the dealer records for the driver's inspections. A step marked “holds” keeps the driver from going on until it is done.</p>
      {legs.flatMap((leg) =>
        SLOT_NAMES.map((slot) => {
          const key = slotKey(leg.move_id, slot);
          const wf = flows.get(key);
          if (!wf) return null;
          const title = `${legs.length > 1 ? `${legName(doc, leg)} (move #${leg.move_id})` : `Move #${leg.move_id}`}, at ${slot}`;
          return <SlotSteps key={key} leg={leg} wf={wf} title={title} onSaved={async (data) => (saved(key, data), await onSaved())} />;
        }),
      )}
    </section>
  );
}

/** A step's value as its field holds it: a checkbox's boolean, otherwise the text typed. */
type Draft = Record<string, boolean | string>;

const draftOf = (steps: Step[], data: Record<string, unknown>): Draft =>
  Object.fromEntries(steps.map((s) => [s.id, s.type === 'boolean' ? data[s.id] === true : data[s.id] === undefined || data[s.id] === null ? '' : String(data[s.id])]));

/** What the field's text means to the API: blank clears the step; a number's text goes as a number when it reads as one. */
function valueOf(step: Step, v: boolean | string): unknown {
  if (typeof v === 'boolean') return v;
  if (v.trim() === '') return null;
  if (step.type === 'number' || step.type === 'integer') return Number.isFinite(Number(v)) ? Number(v) : v;
  return v;
}

function SlotSteps({ leg, wf, title, onSaved }: { leg: Leg; wf: Workflow; title: string; onSaved(data: Record<string, unknown>): Promise<void> }) {
  const steps = dealerSteps(wf);
  const editable = steps.filter((s) => FORM_TYPES.includes(s.type));
  const data = wf.data as Record<string, unknown>;
  // null while untouched: the fields follow what the API last said (the live polling).
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const shown = draft ?? draftOf(editable, data);
  const closed = leg.status === 'delivery successful' || !!leg.cancel_status;

  const submit = async (e: Event) => {
    e.preventDefault();
    const saved = draftOf(editable, data);
    const body = Object.fromEntries(editable.filter((s) => shown[s.id] !== saved[s.id]).map((s) => [s.id, valueOf(s, shown[s.id]!)]));
    setProblem(null);
    if (!Object.keys(body).length) return setStatus('Nothing to save: no step changed.');
    setBusy(true);
    setStatus('');
    const path = { id: String(leg.move_id), slot: wf.slot };
    const r = await apiCall(() => api.PATCH('/v1/moves/{id}/workflows/{slot}/data', { params: { path }, body }));
    if ('problem' in r) setProblem(r.problem);
    else {
      setDraft(null);
      setStatus('Saved.');
      await onSaved(r.data);
    }
    setBusy(false);
  };

  const base = `wf-${leg.move_id}-${wf.slot}`;
  const unplaced = (problem?.errors ?? []).filter((p) => !editable.some((s) => s.id === p.field));
  return (
    <form class="workflow-slot" aria-labelledby={`${base}-title`} onSubmit={(e) => void submit(e)} noValidate>
      <h3 id={`${base}-title`}>
        {title} <span class="sub">{wf.name}</span>
      </h3>
      {problem && (
        <div class="problem" role="alert">
          <p>{problem.message}</p>
          {unplaced.length > 0 && (
            <ul>
              {unplaced.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ul class="workflow-steps">
        {steps.map((step) => (
          <li key={step.id} data-step={step.id}>
            {FORM_TYPES.includes(step.type) && !closed ? (
              <StepField id={`${base}-${step.id}`} step={step} value={shown[step.id]!} problems={fieldProblems(problem, step.id)} onChange={(v) => setDraft({ ...shown, [step.id]: v })} />
            ) : (
              <span class="step-label">{labelOf(step)}</span>
            )}
            <StepState step={step} value={data[step.id]} />
          </li>
        ))}
      </ul>
      {editable.length > 0 && !closed && (
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save steps'}
          </button>
          <p role="status" class="saved">
            {status}
          </p>
        </div>
      )}
    </form>
  );
}

const labelOf = (step: Step) => (typeof step.config.label === 'string' ? step.config.label : step.id.replace(/-/g, ' '));

/** Done or not, the value recorded, and what it holds back (its gate, in the lifecycle's words). */
function StepState({ step, value }: { step: Step; value: unknown }) {
  const done = step.type === 'boolean' ? value === true : value !== undefined && value !== null;
  const gate = typeof step.config.gate === 'string' ? step.config.gate.replace(/_/g, ' ') : null;
  return (
    <span class={`step-state ${done ? 'done' : 'open'}`}>
      {done ? (step.type === 'boolean' ? 'Done' : `Recorded: ${String(value)}`) : 'Not done yet'}
      {!done && gate && ` — holds ${gate} until done`}
      {!done && !gate && step.config.required && ' — required'}
    </span>
  );
}

function StepField({ id, step, value, problems, onChange }: { id: string; step: Step; value: boolean | string; problems: string[]; onChange(v: boolean | string): void }) {
  const problemId = problems.length ? `${id}-problem` : undefined;
  const problemLine = problemId && (
    <p id={problemId} class="field-problem">
      {problems.join(' ')}
    </p>
  );
  if (step.type === 'boolean') {
    return (
      <div class="step-check">
        <input id={id} type="checkbox" checked={value === true} aria-invalid={problems.length > 0} aria-describedby={problemId} onChange={(e) => onChange(e.currentTarget.checked)} />
        <label for={id}>{labelOf(step)}</label>
        {problemLine}
      </div>
    );
  }
  const numeric = step.type === 'number' || step.type === 'integer';
  const { min, max } = step.config as { min?: number; max?: number };
  return (
    <div class="field">
      <label for={id}>{labelOf(step)}</label>
      <input
        id={id}
        type="text"
        inputMode={numeric ? (step.type === 'integer' ? 'numeric' : 'decimal') : 'text'}
        value={value as string}
        aria-invalid={problems.length > 0}
        aria-describedby={problemId}
        onInput={(e) => onChange(e.currentTarget.value)}
      />
      {numeric && (min !== undefined || max !== undefined) && <p class="hint">{[min !== undefined && `from ${min}`, max !== undefined && `to ${max}`].filter(Boolean).join(' ')}</p>}
      {problemLine}
    </div>
  );
}
