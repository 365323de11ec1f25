/**
 * A write button: shows progress while the request runs, ignores clicks meanwhile, and sends
 * one Idempotency-Key per intended action: a double click, or a retry after an answer that
 * never arrived, reuses the key, so the server does the thing once and replays its answer.
 * A fresh key is made only after an answer that settles the matter.
 */
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { ConfirmDialog } from './dialog.js';

/** A random UUID, also where `crypto.randomUUID` is missing (plain http on a LAN address). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** An answer after which the same key must not be reused: the request was settled. */
function settled(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 409 &&
    error.status !== 408
  );
}

/** Props of {@link ActionButton}. */
export interface ActionButtonProps {
  label: string;
  busyLabel: string;
  /** Extra words for screen readers: `Bloquear` → `Bloquear Cloud Backup`. */
  describe?: string;
  variant?: 'primary' | 'secondary' | 'danger';
  confirm?: { title: string; text: string; yes: string };
  /** Where focus goes when the button is gone after the answer (its row was replaced). */
  focusAfter?: string;
  run: (idempotencyKey: string) => Promise<void>;
}

/** The button. */
export function ActionButton(props: ActionButtonProps) {
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const running = useRef(false);
  const key = useRef<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);

  async function go() {
    // A ref, not state: the second click of a double click arrives before a re-render.
    if (running.current) return;
    running.current = true;
    setBusy(true);
    key.current ??= newIdempotencyKey();
    try {
      await props.run(key.current);
      key.current = null;
    } catch (error) {
      if (settled(error)) key.current = null;
    } finally {
      running.current = false;
      setBusy(false);
      // Keyboard users must not be dropped on <body> when the row re-renders without us.
      if (!button.current?.isConnected && props.focusAfter) {
        document.getElementById(props.focusAfter)?.focus();
      }
    }
  }

  const label = busy ? props.busyLabel : props.label;
  return (
    <>
      <button
        type="button"
        ref={button}
        class={props.variant ?? 'secondary'}
        aria-busy={busy}
        aria-disabled={busy}
        aria-label={props.describe ? `${label} ${props.describe}` : undefined}
        onClick={() => (props.confirm ? setAsking(true) : go())}
      >
        {label}
      </button>
      {props.confirm && asking && (
        <ConfirmDialog
          title={props.confirm.title}
          text={props.confirm.text}
          yes={props.confirm.yes}
          onClose={(yes) => {
            setAsking(false);
            button.current?.focus();
            if (yes) void go();
          }}
        />
      )}
    </>
  );
}
