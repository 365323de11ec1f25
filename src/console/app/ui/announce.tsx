/**
 * One polite live region for the whole page: progress and results are spoken by screen
 * readers without moving focus. Views call `announce()`; the region re-renders the text.
 */
import { useEffect, useState } from 'preact/hooks';

let listener: ((text: string) => void) | null = null;

/** Says `text` to screen-reader users (and shows it in the status line). */
export function announce(text: string): void {
  listener?.(text);
}

/** The live region; rendered once by the shell. */
export function Announcer() {
  const [text, setText] = useState('');
  useEffect(() => {
    listener = (next) => {
      // Clearing first makes a repeated message be spoken again.
      setText('');
      setTimeout(() => setText(next), 30);
    };
    return () => {
      listener = null;
    };
  }, []);
  return (
    <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" id="announcer">
      {text}
    </div>
  );
}
