// One change a table row makes after asking first (disabling a portal user, deactivating a driver):
// a button, then a confirm step that says the consequence. The step takes the focus so a keyboard
// user answers it straight away; Cancel, or the change done, gives the focus back to the button, so
// the user stays where they were in the table. A refusal is shown inside the step, which stays open.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Problem, Result } from './api.ts';
import './confirm-action.css';

interface ConfirmActionProps<T> {
  /** What the button does, one word ("Disable", "Reactivate"); the confirm button says "Yes, <verb>". */
  verb: string;
  /** Whom it acts on (an email, a driver's name): names the button and the step for a screen reader. */
  subject: string;
  /** The confirm step's question: the consequence, in the words of whoever answers it. */
  question: string;
  /** A change that takes something away: both buttons are drawn as dangerous. */
  danger: boolean;
  /** Unique in the page: the refusal's id is `<id>-problem`. */
  id: string;
  /** The call, made once the user says yes (e.g. apiCall of a PATCH). */
  send(): Promise<Result<T>>;
  /** The call's answer, for the page to show the new state. */
  onDone(data: T): void;
}

export function ConfirmAction<T>({ verb, subject, question, danger, id, send, onDone }: ConfirmActionProps<T>) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  // Set when the step closes: the button is only back in the page once the step is gone.
  const refocus = useRef(false);

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (refocus.current) openRef.current?.focus();
    refocus.current = false;
  }, [asking]);

  const close = () => {
    refocus.current = true;
    setAsking(false);
    setProblem(null);
  };

  const confirm = async () => {
    setBusy(true);
    const result = await send();
    setBusy(false);
    if ('problem' in result) return setProblem(result.problem);
    close();
    onDone(result.data);
  };

  if (!asking) {
    return (
      <button type="button" ref={openRef} class={danger ? 'secondary danger' : 'secondary'} onClick={() => setAsking(true)} aria-label={`${verb} ${subject}`}>
        {verb}
      </button>
    );
  }
  const problemId = `${id}-problem`;
  return (
    <div class="confirm-step" role="group" aria-label={`${verb} ${subject}?`} aria-describedby={problem ? problemId : undefined}>
      <p class="confirm-question">{question}</p>
      {problem && (
        <p id={problemId} class="field-problem" role="alert">
          {problem.message}
        </p>
      )}
      <div class="confirm-actions">
        <button type="button" ref={confirmRef} class={danger ? 'danger' : undefined} disabled={busy} onClick={confirm}>
          {busy ? 'Saving…' : `Yes, ${verb.toLowerCase()}`}
        </button>
        <button type="button" class="secondary" onClick={close}>
          Cancel
        </button>
      </div>
    </div>
  );
}
