/** Server clock in IXC's wall-clock format. */
export interface IxcClock {
  /** The engine's current instant. */
  now(): Date;
  /** `YYYY-MM-DD HH:MM:SS`, what IXC writes in `ultima_atualizacao` and `ixc_logs.data`. */
  dateTime(): string;
  /** `YYYY-MM-DD`, the server's local date. */
  date(): string;
}

/** The engine clock tests drive: {@link IxcEngine.clock}. */
export interface IxcEngineClock extends IxcClock {
  /**
   * Fixes the clock at an instant (a `Date`, epoch ms or an ISO string); it then moves only
   * through {@link set} again or `engine.advance(ms)`.
   */
  set(instant: Date | number | string): void;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `YYYY-MM-DD` of a Date read in UTC (the caller has shifted it to the wall clock). */
function isoDay(d: Date): string {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/**
 * IXC servers write local wall-clock time (Brasília, UTC−3, no DST since 2019), so the
 * simulator formats with a fixed offset instead of the host's time zone, which keeps test
 * expectations identical on every machine. Until {@link IxcEngineClock.set} is called the
 * clock follows `source` (plus whatever {@link EngineClock.advance} added).
 */
export class EngineClock implements IxcEngineClock {
  readonly #source: () => Date;
  readonly #offsetMs: number;
  #fixed: number | undefined;
  #skew = 0;

  constructor(source: () => Date, utcOffsetMinutes: number) {
    this.#source = source;
    this.#offsetMs = utcOffsetMinutes * 60_000;
  }

  now(): Date {
    return new Date(this.#fixed ?? this.#source().getTime() + this.#skew);
  }

  set(instant: Date | number | string): void {
    const ms = instant instanceof Date ? instant.getTime() : new Date(instant).getTime();
    if (!Number.isFinite(ms)) throw new Error(`Invalid clock instant: ${String(instant)}`);
    this.#fixed = ms;
  }

  /** Moves the clock forward by `ms`. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error('The clock only moves forward');
    if (this.#fixed !== undefined) this.#fixed += ms;
    else this.#skew += ms;
  }

  dateTime(): string {
    const d = this.#wall();
    return `${isoDay(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  }

  date(): string {
    return isoDay(this.#wall());
  }

  #wall(): Date {
    return new Date(this.now().getTime() + this.#offsetMs);
  }
}
