// The one shape of a form that sends one call: busy while it is on its way, then either done (the
// problem cleared, the caller's next step) or refused (the problem shown in the form's summary, which
// takes the focus: see ProblemSummary in problem.tsx).
import { useRef, useState } from 'preact/hooks';
import type { Problem, Result } from './api.ts';

export function useFormSubmit() {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  // The form's `key`: a new one remounts the form, so every field is empty again after a success.
  const [formKey, setFormKey] = useState(0);
  const summary = useRef<HTMLDivElement>(null);

  /**
   * Waits for `answer` (a call just made, e.g. with apiCall) and hands its data to `onDone`. Busy ends
   * as soon as the answer is in, before `onDone`: what the page does next (reading a list again) is
   * not the form's to wait for.
   */
  const send = async <T>(answer: Promise<Result<T>>, onDone: (data: T) => void | Promise<void>): Promise<void> => {
    setBusy(true);
    const result = await answer;
    setBusy(false);
    if ('problem' in result) {
      setProblem(result.problem);
      summary.current?.focus();
      return;
    }
    setProblem(null);
    await onDone(result.data);
  };

  const clearForm = () => setFormKey((k) => k + 1);

  return { problem, busy, summary, formKey, send, clearForm };
}
