/** Server clock in IXC's wall-clock format. */
export interface IxcClock {
  /** `YYYY-MM-DD HH:MM:SS`, what IXC writes in `ultima_atualizacao` and `ixc_logs.data`. */
  dateTime(): string;
  /** `YYYY-MM-DD`. */
  date(): string;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * IXC servers write local wall-clock time (Brasília, UTC−3, no DST since 2019), so the
 * simulator formats with a fixed offset instead of the host's time zone, which keeps test
 * expectations identical on every machine.
 */
export function createClock(now: () => Date, utcOffsetMinutes: number): IxcClock {
  const parts = (): Date => new Date(now().getTime() + utcOffsetMinutes * 60_000);
  const date = (d: Date): string =>
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return {
    dateTime() {
      const d = parts();
      return `${date(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    },
    date() {
      return date(parts());
    },
  };
}
