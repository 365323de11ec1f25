/**
 * A confirmation as a native modal `<dialog>`: the browser traps focus inside it, Esc
 * closes it, and the rest of the page is inert while it is open.
 */
import { useEffect, useRef } from 'preact/hooks';

/** Asks a yes/no question; `onClose(true)` only when the person confirmed. */
export function ConfirmDialog({
  title,
  text,
  yes,
  onClose,
}: {
  title: string;
  text: string;
  yes: string;
  onClose: (confirmed: boolean) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const answered = useRef(false);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    dialog.showModal();
    // Focus "Voltar" first: the safe choice is the default one.
    dialog.querySelector<HTMLButtonElement>('button[value="no"]')?.focus();
    const onCancel = () => {
      if (!answered.current) close.current(false);
      answered.current = true;
    };
    dialog.addEventListener('close', onCancel);
    return () => dialog.removeEventListener('close', onCancel);
  }, []);
  const answer = (value: boolean) => {
    answered.current = true;
    ref.current?.close();
    close.current(value);
  };
  return (
    <dialog ref={ref} aria-labelledby="dialog-title" aria-describedby="dialog-text" class="confirm">
      <h2 id="dialog-title">{title}</h2>
      <p id="dialog-text">{text}</p>
      <div class="actions">
        <button type="button" value="no" class="secondary" onClick={() => answer(false)}>
          Voltar
        </button>
        <button type="button" value="yes" class="danger" onClick={() => answer(true)}>
          {yes}
        </button>
      </div>
    </dialog>
  );
}
