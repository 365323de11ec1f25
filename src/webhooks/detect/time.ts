/**
 * IXC's clock: `ultima_atualizacao` is the server's local wall-clock time, to the second, with
 * no zone. The watcher never compares it with its own clock except to report lag, so the
 * only conversion needed is to an instant for payloads and metrics, given the install's
 * UTC offset.
 */

const IXC_DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/** Parses `-03:00` into minutes east of UTC (−180). */
export function parseUtcOffset(offset: string): number {
  const m = OFFSET.exec(offset);
  if (!m) throw new TypeError(`ixcUtcOffset must look like "-03:00", got "${offset}"`);
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** Whether an IXC datetime is a real time (not empty, not `0000-00-00 00:00:00`). */
export function isIxcDateTime(value: string | undefined): value is string {
  return value !== undefined && IXC_DATETIME.test(value) && !value.startsWith('0000');
}

/** Wall-clock fields read as if they were UTC: only for arithmetic and ordering. */
function naive(value: string): number {
  const m = IXC_DATETIME.exec(value);
  if (!m) throw new TypeError(`Not an IXC datetime: "${value}"`);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function format(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `value` moved by `seconds` (negative to go back), still in IXC's wall clock. */
export function addSeconds(value: string, seconds: number): string {
  return format(naive(value) + seconds * 1000);
}

/** Epoch ms of an IXC datetime written at `offsetMinutes` from UTC. */
export function ixcToEpoch(value: string, offsetMinutes: number): number {
  return naive(value) - offsetMinutes * 60_000;
}

/** `2026-12-01 12:00:00` at −180 → `2026-12-01T12:00:00-03:00`; null for a zero date. */
export function ixcToIso(value: string | undefined, offsetMinutes: number): string | null {
  if (!isIxcDateTime(value)) return null;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${value.replace(' ', 'T')}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The later of two IXC datetimes (they compare as strings: fixed width, most significant first). */
export function maxDateTime(a: string | undefined, b: string | undefined): string | undefined {
  if (!isIxcDateTime(a)) return isIxcDateTime(b) ? b : undefined;
  if (!isIxcDateTime(b)) return a;
  return a >= b ? a : b;
}
