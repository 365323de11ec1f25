/**
 * CPF and CNPJ: check digits (including the alphanumeric CNPJ from July 2026) and masking,
 * compared with a second, independent implementation written here from the rules
 * (reference/reliability-webhooks.md §4.5): weights derived by formula instead of tables, the
 * check digit as (11 − sum mod 11) mod 11 mod 10 instead of "r < 2 ? 0 : 11 − r", character
 * values as ASCII code − 48.
 *
 * What the package exposes: `isValidCpf`, `isValidCnpj` and `isValidCpfCnpj` (main entry),
 * `maskDocument` (router), and `formatCpf`/`formatCnpj` (testing).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IxcCampsoftClient, isValidCpfCnpj } from '../../src/index.js';
import { createCampsoftRouter, maskDocument } from '../../src/router/index.js';
import {
  createIxcEngine,
  formatCnpj,
  formatCpf,
  generateDataset,
} from '../../src/testing/index.js';
import { params, RUNS } from './support/fuzz.js';

// ---------------------------------------------------------------------------------------------
// The reference implementation

const value = (ch: string) => ch.charCodeAt(0) - 48;

/** Check digit of `prefix` with weights `weight(i)`. */
function dv(prefix: string, weight: (i: number, n: number) => number): number {
  let sum = 0;
  for (let i = 0; i < prefix.length; i++) sum += value(prefix[i]!) * weight(i, prefix.length);
  return ((11 - (sum % 11)) % 11) % 10;
}
/** CPF: weights n+1 … 2 from the left. */
const cpfWeight = (i: number, n: number) => n + 1 - i;
/** CNPJ: weights 2 … 9 cycling from the right. */
const cnpjWeight = (i: number, n: number) => ((n - 1 - i) % 8) + 2;

function refCpfDigits(base9: string): string {
  const first = dv(base9, cpfWeight);
  return `${first}${dv(base9 + first, cpfWeight)}`;
}
function refCnpjDigits(base12: string): string {
  const first = dv(base12, cnpjWeight);
  return `${first}${dv(base12 + first, cnpjWeight)}`;
}

/** A CPF: 11 digits once `.`, `-` and spaces are gone, not one repeated digit, digits right. */
function refIsCpf(input: string): boolean {
  const s = input.replace(/[.\-\s]/g, '');
  if (!/^\d{11}$/.test(s) || /^(\d)\1{10}$/.test(s)) return false;
  return refCpfDigits(s.slice(0, 9)) === s.slice(9);
}
/** A CNPJ: 12 characters 0-9/A-Z (any case) + 2 digits, not all zeros, digits right. */
function refIsCnpj(input: string): boolean {
  const s = input.replace(/[.\-/\s]/g, '').toUpperCase();
  if (!/^[0-9A-Z]{12}\d{2}$/.test(s) || /^0{14}$/.test(s)) return false;
  return refCnpjDigits(s.slice(0, 12)) === s.slice(12);
}
const refIsValid = (s: string) => refIsCpf(s) || refIsCnpj(s);

/** Masking as the router documents it: middle 6 of a CPF, middle 10 of a CNPJ, else nothing. */
function refMask(input: string): string {
  const chars = [...input];
  const alnum = chars.filter((c) => /[0-9A-Za-z]/.test(c)).length;
  const [from, to] = alnum === 11 ? [3, 9] : alnum === 14 ? [2, 12] : [0, 0];
  let k = 0;
  return chars
    .map((c) => {
      if (!/[0-9A-Za-z]/.test(c)) return c;
      const shown = k >= from && k < to;
      k++;
      return shown ? c : '*';
    })
    .join('');
}

const fmtCpf = (d: string) => `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
const fmtCnpj = (d: string) =>
  `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}`;

// ---------------------------------------------------------------------------------------------
// Arbitraries

const digits = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const alnum12 = fc.string({
  unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
  minLength: 12,
  maxLength: 12,
});
const validCpf = digits(9)
  .map((b) => b + refCpfDigits(b))
  .filter((d) => !/^(\d)\1{10}$/.test(d));
const validNumericCnpj = digits(12)
  .map((b) => b + refCnpjDigits(b))
  .filter((d) => !/^0{14}$/.test(d));
const validAlnumCnpj = alnum12.filter((b) => /[A-Z]/.test(b)).map((b) => b + refCnpjDigits(b));

describe('the reference implementation (checked against published examples)', () => {
  it.each([
    ['529.982.247-25', true],
    ['529.982.247-26', false],
    ['111.111.111-11', false],
    ['000.000.000-00', false],
    ['11.222.333/0001-81', true],
    ['11.222.333/0001-80', false],
    ['12.ABC.345/01DE-35', true],
    ['12.abc.345/01de-35', true],
    ['12.ABC.345/01DE-36', false],
    ['00.000.000/0000-00', false],
  ])('%s → %s', (doc, valid) => {
    expect(refIsValid(doc)).toBe(valid);
  });

  it('masks the worked example as the reference does', () => {
    expect(refMask('529.982.247-25')).toBe('***.982.247-**');
  });
});

describe('check digits: package builders against the reference', () => {
  it(`formatCpf(base) carries the reference check digits, formatted ###.###.###-## (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (base) => {
        const b = String(base).padStart(9, '0');
        expect(formatCpf(base)).toBe(fmtCpf(b + refCpfDigits(b)));
      }),
      params(),
    );
  });

  it(`formatCnpj(root) carries the reference check digits, branch 0001 (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (root) => {
        const b = `${String(root).padStart(8, '0')}0001`;
        expect(formatCnpj(root)).toBe(fmtCnpj(b + refCnpjDigits(b)));
      }),
      params(),
    );
  });

  it(`isValidCpfCnpj agrees on valid numeric documents, formatted or bare (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.oneof(validCpf.map(fmtCpf), validCpf, validNumericCnpj.map(fmtCnpj), validNumericCnpj),
        (doc) => {
          expect(refIsValid(doc)).toBe(true);
          expect(isValidCpfCnpj(doc)).toBe(true);
        },
      ),
      params(),
    );
  });

  it(`isValidCpfCnpj agrees on any string of digits and punctuation that is not one repeated digit (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          // one digit changed in a valid document
          fc
            .tuple(fc.oneof(validCpf, validNumericCnpj), fc.nat(), fc.integer({ min: 1, max: 9 }))
            .map(([d, i, delta]) => {
              const at = i % d.length;
              return d.slice(0, at) + String((Number(d[at]) + delta) % 10) + d.slice(at + 1);
            }),
          fc.string({ unit: fc.constantFrom(...'0123456789.-/'), minLength: 9, maxLength: 20 }),
          digits(11),
          digits(14),
        ),
        (doc) => {
          fc.pre(!/^(\d)\1*$/.test(doc.replace(/\D/g, '')));
          // The package ignores every non-digit; compare on the digits it reads.
          expect(isValidCpfCnpj(doc)).toBe(refIsValid(doc.replace(/\D/g, '')));
        },
      ),
      params(),
    );
  });

  // The ten one-digit CPFs and the all-zero CNPJ pass the arithmetic but are no documents.
  it('isValidCpfCnpj refuses one repeated digit', () => {
    for (const d of '0123456789') expect(isValidCpfCnpj(fmtCpf(d.repeat(11))), d).toBe(false);
    expect(isValidCpfCnpj('00.000.000/0000-00')).toBe(false);
  });

  // The alphanumeric CNPJ (IN RFB 2.229/2024, issued from July 2026), and letters never read away.
  it(`isValidCpfCnpj accepts valid alphanumeric CNPJs (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(validAlnumCnpj, fc.boolean(), (doc, formatted) => {
        expect(isValidCpfCnpj(formatted ? fmtCnpj(doc) : doc)).toBe(true);
      }),
      params(),
    );
  });

  it('isValidCpfCnpj does not read letters away', () => {
    expect(isValidCpfCnpj('A529B982C247D25')).toBe(false);
    expect(isValidCpfCnpj('529.982.247-25 (antigo 111)')).toBe(false);
  });
});

describe('masking', () => {
  const mixed = fc.string({
    unit: fc.constantFrom(...'0123456789ABCXYZabcxyz./- #()', '\u00a0'),
    maxLength: 24,
  });

  it(`maskDocument equals the reference masking on any ASCII string (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          mixed,
          validCpf.map(fmtCpf),
          validNumericCnpj.map(fmtCnpj),
          validAlnumCnpj.map(fmtCnpj),
        ),
        (s) => {
          expect(maskDocument(s)).toBe(refMask(s));
        },
      ),
      params(),
    );
  });

  it(`never reveals more than the middle 6 of a CPF or the middle 10 of a CNPJ (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.oneof(mixed, validCpf.map(fmtCpf), validNumericCnpj.map(fmtCnpj)), (s) => {
        const masked = [...maskDocument(s)];
        const input = [...s];
        expect(masked).toHaveLength(input.length);
        const alnum = input.filter((c) => /[0-9A-Za-z]/.test(c)).length;
        const revealed = input.filter((c, i) => /[0-9A-Za-z]/.test(c) && masked[i] === c).length;
        expect(revealed).toBeLessThanOrEqual(alnum === 11 ? 6 : alnum === 14 ? 10 : 0);
        // Check digits are never shown.
        if (alnum === 11 || alnum === 14) {
          expect(
            maskDocument(s)
              .replace(/[^0-9A-Za-z*]/g, '')
              .slice(-2),
          ).toBe('**');
        }
      }),
      params(),
    );
  });

  it('a masked CPF still leaves 1 000 candidates, a masked CNPJ 100 (what masking buys)', () => {
    const cpf = fmtCpf(`529982247${refCpfDigits('529982247')}`);
    const masked = maskDocument(cpf);
    let cpfCandidates = 0;
    for (let p = 0; p < 1000; p++) {
      const base = `${String(p).padStart(3, '0')}982247`;
      if (maskDocument(fmtCpf(base + refCpfDigits(base))) === masked) cpfCandidates++;
    }
    expect(cpfCandidates).toBe(1000);
    const cnpj = formatCnpj(11_222_333);
    let cnpjCandidates = 0;
    for (let p = 0; p < 100; p++) {
      const base = `${String(p).padStart(2, '0')}2223330001`;
      if (maskDocument(fmtCnpj(base + refCnpjDigits(base))) === maskDocument(cnpj))
        cnpjCandidates++;
    }
    expect(cnpjCandidates).toBe(100);
  });

  // Documents pasted with full-width or other Unicode digits are masked too.
  it('maskDocument hides Unicode digits too', () => {
    expect(maskDocument('１２３.４５６.７８９-０９')).toBe('***.４５６.７８９-**');
  });

  it('router with maskDocuments: every customer of a generated IXC leaves masked, everywhere', async () => {
    const engine = createIxcEngine({
      dataset: generateDataset({ clientes: 60, seed: 5, proporcaoPJ: 0.3 }),
    });
    const client = new IxcCampsoftClient({
      baseUrl: 'http://ixc.test',
      token: engine.token,
      fetch: (input, init) => engine.fetch(new Request(input, init)),
    });
    const key = 'docs-key-0123456789abcdef';
    const router = createCampsoftRouter({
      client,
      apiKeys: [{ key, tenants: '*' }],
      maskDocuments: true,
    });
    const get = async (path: string) =>
      (
        await router.fetch(
          new Request(`http://h${path}`, { headers: { authorization: `Bearer ${key}` } }),
        )
      ).text();
    const rows = engine.tables.rows('cliente');
    const grouped = await get('/api/v1/clientes/planos?pageSize=500');
    for (const row of rows) {
      const doc = row.cnpj_cpf ?? '';
      expect(refIsValid(doc), doc).toBe(true);
      const body = await get(`/api/v1/clientes/${row.id}`);
      const { data } = JSON.parse(body);
      expect(data.cnpjCpf).toBe(refMask(doc));
      expect(data.cnpjCpfDigitos).toBe(refMask(doc.replace(/[^0-9A-Za-z]/g, '')));
      for (const text of [body, grouped]) {
        expect(text).not.toContain(doc);
        expect(text).not.toContain(doc.replace(/\D/g, ''));
      }
    }
  });
});
