// A modal dialog on the native <dialog>: showModal keeps focus inside and Escape closes it (the
// browser's own behaviour, so keyboard and screen-reader users get what they expect); focus returns
// to what opened it when it closes.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function BoardDialog({ title, onClose, children }: { title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    ref.current?.showModal();
    return () => opener?.focus();
  }, []);
  return (
    <dialog ref={ref} class="board-dialog" aria-labelledby="board-dialog-title" onClose={onClose}>
      <div class="board-dialog-head">
        <h2 id="board-dialog-title">{title}</h2>
        <button type="button" class="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      {children}
    </dialog>
  );
}
