// A labelled input with its problems: the label names it, and each problem the server (or the page)
// found with it is shown under it, tied to it by aria-describedby and marked by aria-invalid.

interface FieldProps {
  id: string;
  name: string;
  label: string;
  type: 'text' | 'email' | 'password' | 'search' | 'date';
  autocomplete?: string;
  inputMode?: 'email' | 'text' | 'search';
  defaultValue?: string;
  hint?: string;
  problems?: string[];
}

export function Field({ id, label, problems = [], hint, type, ...input }: FieldProps) {
  const problemId = problems.length ? `${id}-problem` : null;
  const hintId = hint ? `${id}-hint` : null;
  const describedBy = [hintId, problemId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${type === 'search' ? ' grow' : ''}`}>
      <label for={id}>{label}</label>
      {/* Preact types each input type's attributes apart; the ones given here suit every type above. */}
      <input id={id} type={type as 'text'} {...input} aria-invalid={problems.length > 0} aria-describedby={describedBy} />
      {hint && (
        <p id={hintId!} class="hint">
          {hint}
        </p>
      )}
      {problemId && (
        <p id={problemId} class="field-problem">
          {problems.join(' ')}
        </p>
      )}
    </div>
  );
}
