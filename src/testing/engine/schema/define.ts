/**
 * How a column stores "nothing". IXC never sends `null`: an unset column reads as the empty
 * value of its MySQL type, so the simulator needs the type of every column to answer like IXC.
 */
export type ColumnKind = 'text' | 'int' | 'money2' | 'money9' | 'dec5' | 'date' | 'datetime';

/** Empty value of each column kind, exactly as IXC serialises it. */
export const EMPTY_VALUE: Readonly<Record<ColumnKind, string>> = {
  text: '',
  int: '0',
  money2: '0.00',
  money9: '0.000000000',
  dec5: '0.00000',
  date: '0000-00-00',
  datetime: '0000-00-00 00:00:00',
};

const KIND_CODES: Readonly<Record<string, ColumnKind>> = {
  '': 'text',
  i: 'int',
  n: 'int',
  '2': 'money2',
  '9': 'money9',
  '5': 'dec5',
  d: 'date',
  t: 'datetime',
};

/** Static description of one IXC table as the simulator serves it. */
export interface TableDef {
  /** Table name as it appears in the URL (`/webservice/v1/<name>`). */
  readonly name: string;
  /** Every column, in the order IXC returns them. */
  readonly columns: readonly string[];
  /** Kind of each column. */
  readonly kinds: ReadonlyMap<string, ColumnKind>;
  /** Empty value of each column (a null-prototype object so lookups never hit `Object.prototype`). */
  readonly empty: Readonly<Record<string, string>>;
  /** Lower-cased column name → real column name (MySQL column names are case-insensitive). */
  readonly lookup: ReadonlyMap<string, string>;
  /** Columns an insert or a PUT must fill (a non-blank value; `"0"` counts as filled). */
  readonly required: readonly string[];
  /** Allowed values of coded columns; an empty value is allowed unless the column is required. */
  readonly enums: ReadonlyMap<string, readonly string[]>;
  /** Columns the API never writes (server-maintained). */
  readonly readOnly: ReadonlySet<string>;
  /** False for tables the API may only read (`ixc_logs`). */
  readonly writable: boolean;
  /**
   * How the database keeps `ultima_atualizacao`: `on-update` (a `timestamp … ON UPDATE
   * current_timestamp()`: set on insert, moved by every real change), `on-insert` (a default
   * only, never moved afterwards) or `none` (no such column).
   */
  readonly touch: 'on-update' | 'on-insert' | 'none';
}

/** Options of {@link defineTable} beyond the column list. */
export interface TableExtras {
  readonly required?: readonly string[];
  readonly enums?: Readonly<Record<string, readonly string[]>>;
  readonly readOnly?: readonly string[];
  readonly writable?: boolean;
  /** Default `on-update` when the table has `ultima_atualizacao`, else `none`. */
  readonly touch?: 'on-update' | 'on-insert';
}

/**
 * Builds a {@link TableDef} from a compact spec: whitespace-separated `name[:code]` tokens where
 * code is `i` (integer/FK, empty `"0"`), `2`/`9`/`5` (decimals), `d` (date), `t` (datetime),
 * nothing for text. The compact form keeps 150-column tables readable in one screen.
 */
export function defineTable(name: string, spec: string, extras: TableExtras = {}): TableDef {
  const columns: string[] = [];
  const kinds = new Map<string, ColumnKind>();
  const empty: Record<string, string> = Object.create(null);
  const lookup = new Map<string, string>();
  for (const token of spec.split(/\s+/)) {
    if (token === '') continue;
    const [column = '', code = ''] = token.split(':');
    const kind = KIND_CODES[code];
    if (kind === undefined) throw new Error(`Bad column spec "${token}" in table ${name}`);
    if (kinds.has(column)) throw new Error(`Duplicate column "${column}" in table ${name}`);
    columns.push(column);
    kinds.set(column, kind);
    empty[column] = EMPTY_VALUE[kind];
    lookup.set(column.toLowerCase(), column);
  }
  const enums = new Map(Object.entries(extras.enums ?? {}));
  for (const column of [...(extras.required ?? []), ...(extras.readOnly ?? []), ...enums.keys()]) {
    if (!kinds.has(column)) throw new Error(`Unknown column "${column}" in table ${name}`);
  }
  const stamped = kinds.has('ultima_atualizacao');
  return {
    name,
    columns,
    kinds,
    empty,
    lookup,
    required: extras.required ?? [],
    enums,
    readOnly: new Set(['id', 'ultima_atualizacao', ...(extras.readOnly ?? [])]),
    writable: extras.writable ?? true,
    touch: stamped ? (extras.touch ?? 'on-update') : 'none',
  };
}
