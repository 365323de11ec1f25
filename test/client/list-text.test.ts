import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IxcListEnvelope, parseListEnvelope } from '../../src/ixc/envelope.js';
import { namesContaining, nonStringMembers } from '../../src/ixc/list-text.js';
import { SECRET_COLUMN, SECRET_WORDS, toIxcRows } from '../../src/schemas/raw/raw-row.js';

const CTX = { method: 'POST' as const, table: 'cliente', status: 200 };

/** Column names: credential ones in several spellings, look-alikes, and anything at all. */
const name = fc.oneof(
  fc.constantFrom(
    'senha',
    'Senha',
    'SENHA_md5',
    'acesso_token',
    'hotsite_TOKEN',
    'secret_key',
    'passwd',
    'PassWord',
    'nome',
    'Sexo',
    'sen ha',
    'tok',
    'razão',
    'a"b',
    'senha"1',
    'x"senha',
    'x\\token',
    'x\\y',
    's:e',
    '',
  ),
  fc.string(),
);

/** Cell values: strings that look like JSON or credentials, and values that are not strings. */
const value = fc.oneof(
  fc.string(),
  fc.constantFrom('senha', '"senha":"x"', '\\u0041', ':', '":', '":1', 'a"b', 'ç', ' :'),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constant({ senha: 'x' }),
  fc.constant(['senha']),
);

const id = fc.oneof(
  fc.integer({ min: 1, max: 10_000 }).map(String),
  fc.constantFrom(' 7 ', 'x', 7),
);

/** Pads a row to the width of IXC's `cliente`, where rows are dictionary-mode objects. */
function widen(row: Record<string, unknown>): Record<string, unknown> {
  const out = { ...row };
  for (let i = 0; i < 140; i++) out[`coluna_${i}`] = `v${i}`;
  return out;
}

const rows = fc
  .tuple(
    fc.array(fc.tuple(id, fc.dictionary(name, value, { maxKeys: 8 })), { maxLength: 6 }),
    fc.boolean(),
  )
  .map(([list, wide]) =>
    list.map(([rowId, cells]) => {
      const row = { ...cells, id: rowId };
      return wide ? widen(row) : row;
    }),
  );

/** A name with some of its letters written as `\u` escapes, as an encoder may. */
function escapeLetters(encoded: string): string {
  return encoded.replace(
    /[aeiosnt]/gi,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * How IXC's answer may be written: compact, PHP-escaped (non-ASCII and `/`), with escaped
 * names, indented, or with space around every colon.
 */
type Layout = 'compact' | 'php' | 'escaped-names' | 'indented' | 'spaced';

function encode(registros: Record<string, unknown>[], layout: Layout): string {
  if (layout === 'indented') {
    return JSON.stringify({ page: '1', total: String(registros.length), registros }, null, 2);
  }
  const member = (k: string, v: unknown) => {
    let key = JSON.stringify(k);
    let val = JSON.stringify(v);
    if (layout === 'escaped-names') key = escapeLetters(key);
    if (layout === 'php') {
      const php = (s: string) =>
        s
          .replace(/\//g, '\\/')
          .replace(
            /[\u0080-\uffff]/g,
            (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
          );
      key = php(key);
      val = php(val);
    }
    return layout === 'spaced' ? `${key} : ${val}` : `${key}:${val}`;
  };
  const body = registros
    .map(
      (r) =>
        `{${Object.entries(r)
          .map(([k, v]) => member(k, v))
          .join(',')}}`,
    )
    .join(',');
  return `{"page":"1","total":"${registros.length}","registros":[${body}]}`;
}

const layout = fc.constantFrom<Layout>('compact', 'php', 'escaped-names', 'indented', 'spaced');

/** Credential names anywhere in the rows (a cell may hold an object). */
function secretNames(registros: unknown[]): string[] {
  const names = new Set<string>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) {
        if (SECRET_COLUMN.test(k)) names.add(k);
        visit(inner);
      }
    }
  };
  visit(registros);
  return [...names].sort();
}

function readRows(envelope: IxcListEnvelope, keep: boolean, facts: boolean): unknown {
  try {
    return toIxcRows('cliente', envelope.rows, keep, facts ? envelope.text : undefined);
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

describe('reading a list answer from its text', () => {
  it('finds every credential name, in any case or escape, and no other', () => {
    fc.assert(
      fc.property(rows, layout, (registros, how) => {
        const text = encode(registros, how);
        const found = namesContaining(text, SECRET_WORDS);
        expect(found).not.toBeNull();
        expect([...found!].sort()).toEqual(secretNames(registros));
      }),
      { numRuns: 400 },
    );
  });

  it('says every value is a string only when every value is', () => {
    fc.assert(
      fc.property(rows, layout, (registros, how) => {
        const envelope = parseListEnvelope(encode(registros, how), CTX, {});
        if (!envelope.text?.strings) return;
        for (const row of envelope.rows as Record<string, unknown>[]) {
          for (const v of Object.values(row)) expect(typeof v).toBe('string');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('gives query() the rows it gives without reading the text, secrets kept or not', () => {
    fc.assert(
      fc.property(rows, layout, fc.boolean(), (registros, how, keep) => {
        const text = encode(registros, how);
        const read = keep ? {} : { namesWith: SECRET_WORDS };
        const fast = readRows(parseListEnvelope(text, CTX, read), keep, true);
        const plain = readRows(parseListEnvelope(text, CTX), keep, false);
        expect(fast).toEqual(plain);
      }),
      { numRuns: 400 },
    );
  });

  it('takes a row of strings written compactly as all strings, wide or not', () => {
    const registros = [widen({ id: '1', senha: 'x', obs: 'a: b "c"' }), { id: '2', nome: 'n' }];
    const text = JSON.stringify({ page: '1', total: 2, registros });
    // `registros` and the numeric `total` are the envelope's own.
    expect(nonStringMembers(text)).toBe(2);
    expect(parseListEnvelope(text, CTX, { namesWith: SECRET_WORDS }).text).toEqual({
      names: ['senha'],
      strings: true,
    });
  });

  it('does not take a value after a colon, or a space before one, as a string', () => {
    const number = JSON.stringify({ page: '1', total: '1', registros: [{ id: '1', n: 2 }] });
    expect(parseListEnvelope(number, CTX, {}).text?.strings).toBe(false);
    const spaced = '{"page":"1","total":"1","registros":[{"id":"1","n" :2}]}';
    expect(parseListEnvelope(spaced, CTX, {}).text?.strings).toBe(false);
  });
});
