/**
 * Property-based: the query builder, the envelope reader, the row schemas and the domain
 * mapping against arbitrary input. Nothing throws but `IxcValidationError`/`IxcApiError`;
 * values stay values (never a column, never outside their `grid_param` slot); the mapping
 * round-trips and its output always satisfies the published domain schemas.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRows } from '../../src/client/reader.js';
import {
  ClienteSchema,
  ContratoSchema,
  IxcCampsoftClient,
  type IxcFilter,
  isIxcApiError,
  isIxcCampsoftError,
  isIxcConfigurationError,
  isIxcValidationError,
  PlanoSchema,
} from '../../src/index.js';
import { cleanIxcMessage, errorFromBody, parseListEnvelope } from '../../src/ixc/envelope.js';
import { buildQuery, IXC_OPERATORS } from '../../src/ixc/query.js';
import { type Cliente, toCliente } from '../../src/schemas/domain/cliente.js';
import { type Contrato, toContrato } from '../../src/schemas/domain/contrato.js';
import { type Plano, toPlano } from '../../src/schemas/domain/plano.js';
import {
  RawClienteContratoSchema,
  RawClienteSchema,
  RawVdContratoSchema,
} from '../../src/schemas/raw/tables.js';
import { createIxcEngine, type IxcEngine } from '../../src/testing/index.js';
import { params, RUNS } from './support/fuzz.js';
import { hygiene } from './support/harness.js';
import { createSecretScanner } from './support/secrets.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

let checks: ReturnType<typeof hygiene>;
beforeAll(() => {
  checks = hygiene();
});
afterAll(() => checks.verify());

/** Runs `fn`; a throw must be an ixc-campsoft error of the allowed kinds. */
function outcome<T>(
  fn: () => T,
  allowed: (e: unknown) => boolean,
): { ok: true; value: T } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    if (!allowed(error)) throw error;
    return { ok: false, error };
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const nastyNames = [
  'cliente',
  'vd_contratos',
  'id',
  'status',
  'cliente.id',
  'cliente.senha',
  'vd_contratos.id',
  'x.y.z',
  '',
  ' id',
  'id ',
  'a-b',
  '1abc',
  '_ok',
  'A'.repeat(64),
  'A'.repeat(65),
  '__proto__',
  'constructor',
  'id;drop',
  'id"',
  'id\u0000',
  'cliente.',
  '.id',
  'cliente..id',
  'ID',
  'cliente.id","OP":"L',
  'id) OR (1=1',
];
const name = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('id', 'status', 'razao', 'id_cliente', 'cnpj_cpf') },
  { weight: 2, arbitrary: fc.constantFrom(...nastyNames) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const nastyValues = [
  '',
  ' ',
  ',',
  '1,2',
  '%',
  "' OR '1'='1",
  '","TB":"cliente.senha',
  '"}]',
  '[{"TB":"x"}]',
  '\u0000',
  '\\',
  '<div>',
  'cliente.senha',
  '0',
  '-1',
  '1e999',
];
const scalar = fc.oneof(
  fc.constantFrom(...nastyValues),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.integer(),
  fc.double(),
);
const anyValue = fc.oneof(
  { weight: 12, arbitrary: scalar },
  { weight: 2, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined, true, {}, [], Number.NaN) },
);
const op = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(undefined, ...IXC_OPERATORS) },
  { weight: 1, arbitrary: fc.constantFrom('==', 'LIKE', 'OR', '', 'in') },
  { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
);
const filter = fc.record(
  { column: name, op, value: anyValue, to: fc.option(anyValue, { nil: undefined }) },
  { requiredKeys: ['column', 'value'] },
);
const table = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom('cliente', 'cliente_contrato', 'vd_contratos', 'produtos'),
  },
  { weight: 1, arbitrary: name },
);

/** The wire filter an input filter must become, computed independently. */
function expectedWire(t: string, f: IxcFilter): { TB: string; OP: string; P: string; P2?: string } {
  const column = f.column.includes('.') ? f.column : `${t}.${f.column}`;
  const op = f.op ?? '=';
  const str = (v: unknown) => String(v);
  const P =
    op === 'IN' || op === 'NI'
      ? (Array.isArray(f.value) ? f.value : [f.value]).map(str).join(',')
      : str(f.value);
  return op === 'BE' || op === 'NBE'
    ? { TB: column, OP: op, P, P2: str(f.to) }
    : { TB: column, OP: op, P };
}

describe('query builder', () => {
  it(`never throws anything but IxcValidationError, and values stay data (${RUNS} runs)`, () => {
    let built = 0;
    fc.assert(
      fc.property(
        table,
        fc.array(filter, { maxLength: 4 }),
        fc.oneof(
          { weight: 8, arbitrary: fc.integer({ min: 1, max: 500 }) },
          {
            weight: 1,
            arbitrary: fc.oneof(fc.integer({ min: -2, max: 0 }), fc.double(), fc.constant(2 ** 60)),
          },
        ),
        fc.option(
          fc.oneof(
            { weight: 8, arbitrary: fc.integer({ min: 1, max: 1_000 }) },
            { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -2, max: 0 }), fc.double()) },
          ),
          { nil: undefined },
        ),
        fc.option(fc.record({ column: name, order: fc.constantFrom('asc', 'desc', 'DROP') }), {
          nil: undefined,
        }),
        (t, filters, rp, page, sort) => {
          const result = outcome(
            () =>
              buildQuery(t, {
                filters: filters as IxcFilter[],
                rp,
                page,
                sort: sort as { column: string; order: 'asc' | 'desc' },
              }),
            isIxcValidationError,
          );
          if (!result.ok) {
            expect((result.error as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
            return;
          }
          built++;
          const body = result.value;
          expect(t).toMatch(NAME);
          const column = new RegExp(`^${t}\\.[A-Za-z_][A-Za-z0-9_]{0,63}$`);
          const grid = JSON.parse(body.grid_param) as Record<string, string>[];
          expect(Array.isArray(grid)).toBe(true);
          for (const c of [body.qtype, body.sortname, ...grid.map((g) => g.TB)]) {
            expect(c).toMatch(column);
          }
          expect(['asc', 'desc']).toContain(body.sortorder);
          // Round trip: the wire holds exactly the caller's filters, values untouched.
          const wanted = (filters as IxcFilter[]).map((f) => expectedWire(t, f));
          const mainIndex = wanted.findIndex((w) => w.P2 === undefined);
          const main =
            mainIndex >= 0 ? wanted.splice(mainIndex, 1)[0]! : { TB: `${t}.id`, OP: '>=', P: '1' };
          expect({ TB: body.qtype, OP: body.oper, P: body.query }).toEqual(main);
          expect(grid).toEqual(wanted);
          expect(body.page).toBe(String(page ?? 1));
          expect(body.rp).toBe(String(rp));
        },
      ),
      params(),
    );
    expect(built).toBeGreaterThan(RUNS / 20);
  });

  it('refuses an IN item with a comma, a non-finite number, an empty IN list', () => {
    for (const f of [
      { column: 'id', op: 'IN', value: ['1', '2,3'] },
      { column: 'id', value: Number.POSITIVE_INFINITY },
      { column: 'id', op: 'IN', value: [] },
      { column: 'id', op: 'BE', value: 1 },
    ] as IxcFilter[]) {
      expect(() => buildQuery('cliente', { filters: [f], rp: 1 })).toThrow(
        expect.objectContaining({ name: 'IxcInputError' }),
      );
    }
  });
});

describe('client.query() over the in-memory IXC', () => {
  let engine: IxcEngine;
  let client: IxcCampsoftClient;
  beforeAll(() => {
    engine = createIxcEngine();
    client = new IxcCampsoftClient({
      baseUrl: 'http://ixc.test',
      token: engine.token,
      maxRetries: 0,
      fetch: (input, init) => engine.fetch(new Request(input, init)),
    });
  });

  it(`arbitrary tables and filters: a typed error or rows, and only the caller's columns on the wire (${RUNS} runs)`, async () => {
    const scanner = createSecretScanner({ tokens: [engine.token] });
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(table, fc.array(filter, { maxLength: 3 }), async (t, filters) => {
        engine.clearRequests();
        let error: unknown;
        try {
          const page = await client.query(t, filters as IxcFilter[], { pageSize: 5 });
          expect(page.data.length).toBeLessThanOrEqual(5);
        } catch (e) {
          error = e;
          scanner.scan('client error', e);
          expect(isIxcCampsoftError(e), String(e)).toBe(true);
        }
        if (isIxcValidationError(error)) expect(engine.requests).toHaveLength(0);
        if (engine.requests.length === 0) return;
        sent++;
        const columns = new Set([
          `${t}.id`,
          ...(filters as IxcFilter[]).map((f) =>
            f.column.includes('.') ? f.column : `${t}.${f.column}`,
          ),
        ]);
        for (const req of engine.requests) {
          expect(req.table).toBe(t);
          const grid = JSON.parse(req.body.grid_param ?? '[]') as { TB: string }[];
          for (const c of [req.body.qtype, req.body.sortname, ...grid.map((g) => g.TB)]) {
            expect(columns.has(c ?? '')).toBe(true);
          }
        }
      }),
      params(),
    );
    expect(sent).toBeGreaterThan(RUNS / 20);
  });
});

describe('envelope reader', () => {
  const secrets = ['1:abcdef0123456789', 'abcdef0123456789', btoa('1:abcdef0123456789')];

  it(`any body, any status: a list or an IxcApiError, never another throw (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc
            .record(
              {
                page: fc.jsonValue(),
                total: fc.jsonValue(),
                registros: fc.oneof(fc.array(fc.jsonValue(), { maxLength: 3 }), fc.jsonValue()),
                type: fc.constantFrom('error', 'success', undefined),
                message: fc.jsonValue(),
                rows: fc.jsonValue(),
              },
              { requiredKeys: [] },
            )
            .map((v) => JSON.stringify(v)),
          fc.string().map((s) => `<div style="background:#FF0000">${s}</div>`),
        ),
        fc.integer({ min: 200, max: 599 }),
        (text, status) => {
          const ctx = { status, method: 'POST', table: 'cliente', secrets };
          const list = outcome(() => parseListEnvelope(text, ctx), isIxcApiError);
          if (list.ok) {
            expect(Array.isArray(list.value.rows)).toBe(true);
            expect(Number.isFinite(list.value.total)).toBe(true);
            expect(Number.isFinite(list.value.page)).toBe(true);
          }
          const error = errorFromBody(text, ctx);
          expect(isIxcApiError(error)).toBe(true);
          expect(error.status).toBe(status);
          expect(error.ixcMessage.length).toBeLessThanOrEqual(501);
          expect(error.ixcMessage).not.toMatch(/[\r\n]/);
          expect(error.ixcMessage).not.toMatch(/<div|background:#FF0000/i);
        },
      ),
      params(),
    );
  });

  it(`a secret IXC echoes is redacted wherever it sits in the message (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.constantFrom(...secrets),
        fc.string(),
        fc.constantFrom('', '<b>', '<br />', '&nbsp;', ' '),
        (before, secret, after, wrap) => {
          const message = cleanIxcMessage(`${before}${wrap}${secret}${wrap}${after}`, secrets);
          for (const s of secrets) expect(message).not.toContain(s);
        },
      ),
      params(),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Rows → domain

const rawValue = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 12 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      '0',
      '0.00',
      '0000-00-00',
      '0000-00-00 00:00:00',
      'S',
      'N',
      '7',
      ' 7 ',
      '2025-01-31',
      '31/01/2025',
      '1.234,56',
    ),
  },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null)) },
  { weight: 1, arbitrary: fc.oneof(fc.object(), fc.array(fc.string())) },
);
const rowId = fc.oneof(
  fc.integer({ min: 1, max: 2 ** 31 }).map(String),
  fc.constantFrom(
    '0',
    '',
    '-1',
    ' 12 ',
    '1.5',
    'abc',
    '007',
    '9007199254740993',
    '99999999999999999999',
  ),
  fc.integer({ min: 1, max: 1_000 }),
);
function rowOf(columns: readonly string[]) {
  return fc.record(
    { id: rowId, ...Object.fromEntries(columns.map((c) => [c, rawValue])) },
    { requiredKeys: ['id'] },
  );
}
const CLIENTE_COLUMNS = Object.keys(RawClienteSchema.shape);
const PLANO_COLUMNS = Object.keys(RawVdContratoSchema.shape);
const CONTRATO_COLUMNS = Object.keys(RawClienteContratoSchema.shape);

/** Table, raw schema, its columns, mapping, domain schema. */
type Mapping = [
  string,
  unknown,
  string[],
  (raw: never) => unknown,
  { safeParse(v: unknown): { success: boolean } },
];
const MAPPINGS: Mapping[] = [
  ['cliente', RawClienteSchema, CLIENTE_COLUMNS, toCliente, ClienteSchema],
  ['vd_contratos', RawVdContratoSchema, PLANO_COLUMNS, toPlano, PlanoSchema],
  ['cliente_contrato', RawClienteContratoSchema, CONTRATO_COLUMNS, toContrato, ContratoSchema],
];

describe('row schemas and the domain mapping', () => {
  it.each(MAPPINGS)(
    `%s: arbitrary rows are refused with IxcValidationError or mapped without throwing (${RUNS} runs)`,
    (t, raw, columns, map) => {
      fc.assert(
        fc.property(rowOf(columns.filter((c) => c !== 'id')), (row) => {
          const rows = outcome(
            () => validateRows(t, raw as never, [row]),
            (e) => isIxcValidationError(e) && (e as { table?: string }).table === t,
          );
          if (!rows.ok) return;
          expect(() => (map as (r: unknown) => unknown)(rows.value[0])).not.toThrow();
        }),
        params(),
      );
    },
  );

  // Row ids are bounded to 15 digits, so the mapping never rounds an id to another record.
  it.each(MAPPINGS)(
    `%s: whatever the mapping returns satisfies the published domain schema (${RUNS} runs)`,
    (t, raw, columns, map, domain) => {
      fc.assert(
        fc.property(rowOf(columns.filter((c) => c !== 'id')), (row) => {
          const rows = outcome(() => validateRows(t, raw as never, [row]), isIxcValidationError);
          if (!rows.ok) return;
          const mapped = (map as (r: unknown) => unknown)(rows.value[0]);
          const check = (domain as { safeParse(v: unknown): { success: boolean } }).safeParse(
            mapped,
          );
          expect(check.success, JSON.stringify(mapped)).toBe(true);
        }),
        params(),
      );
    },
  );

  it('a row id beyond the safe integers is refused, not rounded to another record', () => {
    const { error } = outcome(
      () => validateRows('cliente', RawClienteSchema, [{ id: '9007199254740993', razao: 'X' }]),
      isIxcValidationError,
    ) as { error?: unknown };
    expect(isIxcValidationError(error)).toBe(true);
    const [row] = validateRows('cliente', RawClienteSchema, [
      { id: '999999999999999', razao: 'X' },
    ]);
    expect(toCliente(row!).id).toBe(999_999_999_999_999);
  });
});

// Domain → IXC row → domain. The encoders are the test's own reading of IXC's encodings.

const text = fc
  .string({ minLength: 1, maxLength: 20 })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);
const optText = fc.option(text, { nil: null });
const optId = fc.option(fc.integer({ min: 1, max: 2 ** 31 }), { nil: null });
const isoDate = fc
  .date({
    min: new Date('1950-01-01T00:00:00Z'),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));
const isoDateTime = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 19));
const flagOf = (b: boolean) => (b ? 'S' : 'N');
const idOf = (n: number | null) => (n === null ? '0' : String(n));
const dateOf = (d: string | null, zero: '' | '0000-00-00') => d ?? zero;
const dateTimeOf = (d: string | null) => (d === null ? '0000-00-00 00:00:00' : d.replace('T', ' '));

function invert<K extends string, V extends string>(map: Record<K, V>): Record<V, K> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [v, k])) as Record<V, K>;
}
const PESSOA = invert({ F: 'fisica', J: 'juridica', E: 'estrangeiro' } as const);
const TIPO = invert({ I: 'internet', T: 'telefonia', S: 'servicos', SVA: 'sva' } as const);
const STATUS = invert({
  P: 'pre_contrato',
  A: 'ativo',
  I: 'inativo',
  N: 'negativado',
  D: 'desistiu',
} as const);
const INTERNET = invert({
  A: 'ativo',
  D: 'desativado',
  CM: 'bloqueio_manual',
  CA: 'bloqueio_automatico',
  FA: 'financeiro_em_atraso',
  AA: 'aguardando_assinatura',
} as const);

const cliente = fc.record({
  id: fc.integer({ min: 1, max: 2 ** 31 }),
  nome: text,
  fantasia: optText,
  tipoPessoa: fc.constantFrom('fisica', 'juridica', 'estrangeiro', 'desconhecido'),
  documento: fc.option(fc.stringMatching(/^[0-9A-Z]{3}\.[0-9]{3}-[0-9]{2}$/), { nil: null }),
  ieIdentidade: optText,
  email: optText,
  telefones: fc.record({ fixo: optText, comercial: optText, celular: optText, whatsapp: optText }),
  endereco: fc.record({
    cep: optText,
    logradouro: optText,
    numero: optText,
    complemento: optText,
    bairro: optText,
    referencia: optText,
    cidadeId: optId,
    ufId: optId,
  }),
  ativo: fc.boolean(),
  dataNascimento: fc.option(isoDate, { nil: null }),
  dataCadastro: fc.option(isoDate, { nil: null }),
  filialId: optId,
  atualizadoEm: fc.option(isoDateTime, { nil: null }),
});

describe('domain mapping round trips', () => {
  it(`cliente (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(cliente, fc.constantFrom('' as const, '0000-00-00' as const), (c, zero) => {
        const { documento, ...rest } = c;
        const expected: Cliente = {
          ...rest,
          cnpjCpf: documento,
          cnpjCpfDigitos: documento === null ? null : documento.replace(/[^0-9A-Z]/g, ''),
        };
        const row = {
          id: String(c.id),
          razao: c.nome,
          fantasia: c.fantasia ?? '',
          tipo_pessoa: c.tipoPessoa === 'desconhecido' ? 'X' : PESSOA[c.tipoPessoa],
          cnpj_cpf: documento ?? '',
          ie_identidade: c.ieIdentidade ?? '',
          email: c.email ?? '',
          fone: c.telefones.fixo ?? '',
          telefone_comercial: c.telefones.comercial ?? '',
          telefone_celular: c.telefones.celular ?? '',
          whatsapp: c.telefones.whatsapp ?? '',
          cep: c.endereco.cep ?? '',
          endereco: c.endereco.logradouro ?? '',
          numero: c.endereco.numero ?? '',
          complemento: c.endereco.complemento ?? '',
          bairro: c.endereco.bairro ?? '',
          referencia: c.endereco.referencia ?? '',
          cidade: idOf(c.endereco.cidadeId),
          uf: idOf(c.endereco.ufId),
          ativo: flagOf(c.ativo),
          data_nascimento: dateOf(c.dataNascimento, zero),
          data_cadastro: dateOf(c.dataCadastro, zero),
          filial_id: idOf(c.filialId),
          ultima_atualizacao: dateTimeOf(c.atualizadoEm),
          senha: 'never-mapped',
        };
        const mapped = toCliente(RawClienteSchema.parse(row));
        expect(mapped).toEqual(expected);
        expect(ClienteSchema.parse(mapped)).toEqual(expected);
        expect(JSON.stringify(mapped)).not.toContain('never-mapped');
      }),
      params(),
    );
  });

  it(`plano, with IXC's decimals and both spellings of Ativo (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.record({
          id: fc.integer({ min: 1, max: 2 ** 31 }),
          nome: text,
          descricao: optText,
          tipo: fc.constantFrom('internet', 'telefonia', 'servicos', 'sva', 'outro'),
          cents: fc.option(fc.integer({ min: 0, max: 10 ** 9 }), { nil: null }),
          ativo: fc.boolean(),
          fidelidadeMeses: fc.option(fc.integer({ min: 1, max: 60 }), { nil: null }),
          filialId: optId,
          atualizadoEm: fc.option(isoDateTime, { nil: null }),
        }),
        fc.constantFrom('Ativo', 'ativo'),
        fc.constantFrom('dot', 'comma'),
        (p, ativoColumn, decimals) => {
          const { cents, ...rest } = p;
          const expected: Plano = { ...rest, valor: cents === null ? null : cents / 100 };
          const valor =
            cents === null
              ? ''
              : decimals === 'dot'
                ? (cents / 100).toFixed(9)
                : (cents / 100).toFixed(2).replace('.', ',');
          const row = {
            id: String(p.id),
            nome: p.nome,
            descricao: p.descricao ?? '',
            tipo: p.tipo === 'outro' ? 'Z' : TIPO[p.tipo],
            valor_contrato: valor,
            [ativoColumn]: flagOf(p.ativo),
            fidelidade: p.fidelidadeMeses === null ? '0' : String(p.fidelidadeMeses),
            id_filial: idOf(p.filialId),
            ultima_atualizacao: dateTimeOf(p.atualizadoEm),
          };
          const mapped = toPlano(RawVdContratoSchema.parse(row));
          expect(mapped).toEqual(expected);
          expect(PlanoSchema.parse(mapped)).toEqual(expected);
        },
      ),
      params(),
    );
  });

  it(`contrato, dates as ISO or DD/MM/YYYY (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.record({
          id: fc.integer({ min: 1, max: 2 ** 31 }),
          clienteId: optId,
          planoId: optId,
          descricao: optText,
          tipo: fc.constantFrom('internet', 'telefonia', 'servicos', 'sva', 'outro'),
          status: fc.constantFrom(
            'pre_contrato',
            'ativo',
            'inativo',
            'negativado',
            'desistiu',
            'desconhecido',
          ),
          statusInternet: fc.constantFrom(
            'ativo',
            'desativado',
            'bloqueio_manual',
            'bloqueio_automatico',
            'financeiro_em_atraso',
            'aguardando_assinatura',
            'desconhecido',
          ),
          dataAtivacao: fc.option(isoDate, { nil: null }),
          dataCancelamento: fc.option(isoDate, { nil: null }),
        }),
        fc.boolean(),
        (c, brazilian) => {
          const br = (d: string | null) =>
            d === null ? '0000-00-00' : brazilian ? d.split('-').reverse().join('/') : d;
          const row = {
            id: String(c.id),
            id_cliente: idOf(c.clienteId),
            id_vd_contrato: idOf(c.planoId),
            contrato: c.descricao ?? '',
            tipo: c.tipo === 'outro' ? '' : TIPO[c.tipo],
            status: c.status === 'desconhecido' ? 'Q' : STATUS[c.status],
            status_internet: c.statusInternet === 'desconhecido' ? '' : INTERNET[c.statusInternet],
            data_ativacao: br(c.dataAtivacao),
            data_cancelamento: br(c.dataCancelamento),
          };
          const mapped: Contrato = toContrato(RawClienteContratoSchema.parse(row));
          expect(mapped).toEqual(c);
          expect(ContratoSchema.parse(mapped)).toEqual(c);
        },
      ),
      params(),
    );
  });
});

describe('client options', () => {
  it(`arbitrary options: IxcConfigurationError or a client, and the token never in the message (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            baseUrl: fc.oneof(
              fc.webUrl(),
              fc.string(),
              fc.constantFrom('ftp://x', '/relative', 'http://'),
            ),
            token: fc.oneof(
              fc.string({ minLength: 6 }).map((s) => `SECRET${s}`),
              fc.stringMatching(/^[0-9]{1,3}:SECRET[a-f0-9]{4,20}$/),
            ),
            timeout: fc.oneof(fc.integer(), fc.double(), fc.string()),
            maxRetries: fc.oneof(fc.integer({ min: -3, max: 20 }), fc.double()),
            pageSize: fc.oneof(fc.integer({ min: -3, max: 700 }), fc.constant(Number.NaN)),
            retry: fc.record(
              { baseDelay: fc.double(), maxDelay: fc.integer(), statuses: fc.array(fc.integer()) },
              { requiredKeys: [] },
            ),
          },
          { requiredKeys: ['baseUrl', 'token'] },
        ),
        (options) => {
          const result = outcome(
            () => new IxcCampsoftClient(options as never),
            isIxcConfigurationError,
          );
          if (result.ok) return;
          const token = options.token;
          const hash = token.slice(token.indexOf(':') + 1);
          const shown = JSON.stringify({
            ...(result.error as object),
            m: (result.error as Error).message,
          });
          expect(shown).not.toContain(token);
          if (hash.trim().length >= 4) expect(shown).not.toContain(hash);
        },
      ),
      params(),
    );
  });
});
