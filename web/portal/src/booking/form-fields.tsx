// The booking form's inputs: one labelled control per field, its hint and its problems tied to it
// by aria-describedby (aria-invalid when it has any), and address groups whose Name box suggests
// the rooftop's known places (GET /v1/locations) through a native datalist — keyboard operable as
// any input is — and fills the address when one is chosen.
import type { ComponentChildren } from 'preact';
import { describedBy, FieldNotes } from '../field.tsx';
import { ADDRESS_PARTS, type AddressDef, type FieldDef, inputId } from './kinds.ts';
import type { Values } from './body.ts';

export interface KnownPlace {
  name: string;
  address_one: string;
  address_two: string | null;
  city: string;
  state: string;
  zip: string;
  full_address: string;
}

interface Bound {
  values: Values;
  problems: Map<string, string[]>;
  onChange(changes: Values): void;
}

/** The text a suggestion shows, and what the Name box holds when it is picked. */
export const suggestionLabel = (p: KnownPlace): string => `${p.name} — ${p.full_address}`;

function Described({ id, hint, problems, children }: { id: string; hint?: string; problems: string[]; children: ComponentChildren }) {
  return (
    <>
      {children}
      <FieldNotes id={id} hint={hint} problems={problems} />
    </>
  );
}

export function BookField({ def, bound, timeZoneHint }: { def: FieldDef; bound: Bound; timeZoneHint?: string }) {
  const id = inputId(def.key);
  const problems = bound.problems.get(def.key) ?? [];
  const value = bound.values[def.key] ?? '';
  const hint = def.kind === 'datetime' ? [def.hint, timeZoneHint].filter(Boolean).join(' · ') : def.hint;
  const common = {
    id,
    name: def.key,
    'aria-invalid': problems.length > 0,
    'aria-describedby': describedBy(id, hint, problems),
    'aria-required': def.required || undefined,
  };
  const set = (v: string) => bound.onChange({ [def.key]: v });
  if (def.kind === 'manual') {
    return (
      <div class="field check">
        <Described id={id} problems={problems}>
          <label for={id}>
            <input {...common} type="checkbox" checked={value === 'true'} onChange={(e) => set(e.currentTarget.checked ? 'true' : 'false')} />
            {def.label}
          </label>
        </Described>
      </div>
    );
  }
  if (def.kind === 'action') {
    return (
      <div class="field">
        <label for={id}>{def.label}</label>
        <Described id={id} problems={problems}>
          <select {...common} value={value || 'pickup'} onChange={(e) => set(e.currentTarget.value)}>
            <option value="pickup">At the customer (pick it up)</option>
            <option value="return">At the service lot (return it)</option>
          </select>
        </Described>
      </div>
    );
  }
  return (
    <div class={`field${def.narrow ? '' : ' wide'}`}>
      <label for={id}>
        {def.label}
        {def.required && <span class="req"> (required)</span>}
      </label>
      <Described id={id} hint={hint} problems={problems}>
        {def.kind === 'textarea' ? (
          <textarea {...common} rows={2} value={value} onInput={(e) => set(e.currentTarget.value)} />
        ) : (
          <input
            {...common}
            // Preact types each input type's attributes apart; the ones given here suit all three.
            type={(def.kind === 'datetime' ? 'datetime-local' : def.kind === 'tel' ? 'tel' : 'text') as 'text'}
            autocomplete={def.autocomplete ?? 'off'}
            value={value}
            onInput={(e) => set(e.currentTarget.value)}
          />
        )}
      </Described>
    </div>
  );
}

export function AddressGroup({ def, bound, known }: { def: AddressDef; bound: Bound; known: KnownPlace[] }) {
  const listId = `${inputId(def.prefix)}-known`;
  const pick = (typed: string) => {
    const place = known.find((p) => suggestionLabel(p) === typed);
    if (!place) return bound.onChange({ [`${def.prefix}.name`]: typed });
    bound.onChange(
      Object.fromEntries(ADDRESS_PARTS.map(({ part }) => [`${def.prefix}.${part}`, (place[part] as string | null) ?? ''])),
    );
  };
  return (
    <div class="address-grid">
      {ADDRESS_PARTS.map(({ part, label, autocomplete, required }) => {
        const key = `${def.prefix}.${part}`;
        const id = inputId(key);
        const problems = bound.problems.get(key) ?? [];
        const hint = part === 'name' && known.length ? 'Type to choose one of your saved places; it fills the address' : undefined;
        return (
          <div key={key} class={`field part-${part}`}>
            <label for={id}>
              {label}
              {required && <span class="req"> (required)</span>}
            </label>
            <Described id={id} hint={hint} problems={problems}>
              <input
                id={id}
                name={key}
                type="text"
                autocomplete={part === 'name' ? 'off' : autocomplete}
                list={part === 'name' && known.length ? listId : undefined}
                inputMode={part === 'zip' ? 'numeric' : undefined}
                aria-required={required || undefined}
                aria-invalid={problems.length > 0}
                aria-describedby={describedBy(id, hint, problems)}
                value={bound.values[key] ?? ''}
                onInput={(e) => (part === 'name' ? pick(e.currentTarget.value) : bound.onChange({ [key]: e.currentTarget.value }))}
              />
            </Described>
          </div>
        );
      })}
      {known.length > 0 && (
        <datalist id={listId}>
          {known.map((p) => (
            <option key={p.full_address} value={suggestionLabel(p)} />
          ))}
        </datalist>
      )}
    </div>
  );
}
