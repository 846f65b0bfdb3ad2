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

/** The ids of the control's hint and problems, for its aria-describedby (undefined when neither shows). */
export const describedBy = (id: string, hint: string | undefined, problems: readonly string[]): string | undefined =>
  [hint ? `${id}-hint` : '', problems.length ? `${id}-problem` : ''].filter(Boolean).join(' ') || undefined;

/** The hint and the problems under control `id`, with the ids describedBy names: every form's fields use these. */
export function FieldNotes({ id, hint, problems }: { id: string; hint?: string | undefined; problems: readonly string[] }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {problems.length > 0 && (
        <p id={`${id}-problem`} class="field-problem">
          {problems.join(' ')}
        </p>
      )}
    </>
  );
}

export function Field({ id, label, problems = [], hint, type, ...input }: FieldProps) {
  return (
    <div class={`field${type === 'search' ? ' grow' : ''}`}>
      <label for={id}>{label}</label>
      {/* Preact types each input type's attributes apart; the ones given here suit every type above. */}
      <input id={id} type={type as 'text'} {...input} aria-invalid={problems.length > 0} aria-describedby={describedBy(id, hint, problems)} />
      <FieldNotes id={id} hint={hint} problems={problems} />
    </div>
  );
}
