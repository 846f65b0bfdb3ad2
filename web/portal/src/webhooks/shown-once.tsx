// A secret the server will never show again (a webhook's signing secret, a generated password): shown
// here once, in a read-only field the user can select or copy, with a plain warning. It lives only in
// the page's memory until "Done", never in storage, so a reload or another tab cannot bring it back.
import { useEffect, useRef, useState } from 'preact/hooks';
import './shown-once.css';

interface ShownOnceProps {
  id: string;
  title: string;
  label: string;
  value: string;
  /** Who the secret is for and where it goes, said before the warning. */
  children: preact.ComponentChildren;
  onDone(): void;
}

export function ShownOnce({ id, title, label, value, children, onDone }: ShownOnceProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<'' | 'yes' | 'no'>('');
  // Announced and reachable at once: the form that made it is behind, this is what matters now.
  useEffect(() => heading.current?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('no');
    }
  };
  return (
    <section class="shown-once" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {children}
      <p class="shown-once-warning">
        <strong>Copy it now: you will not see it again.</strong> Handoff never shows it back, and this page forgets it when you leave
        or press Done.
      </p>
      <div class="field">
        <label for={id}>{label}</label>
        <div class="shown-once-value">
          <input id={id} type="text" readOnly value={value} spellcheck={false} autocomplete="off" onFocus={(e) => e.currentTarget.select()} />
          <button type="button" onClick={copy}>
            Copy
          </button>
        </div>
      </div>
      <p role="status" class="hint">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'The browser did not allow copying: select the text and copy it.' : ''}
      </p>
      <button type="button" class="secondary" onClick={onDone}>
        Done
      </button>
    </section>
  );
}
