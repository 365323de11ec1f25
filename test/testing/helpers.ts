import type { IxcHttpResponse } from '../../src/testing/engine/types.js';
import type { IxcEngine } from '../../src/testing/index.js';

/** Basic auth header for an engine's token. */
export const basic = (engine: IxcEngine): string => `Basic ${btoa(engine.token)}`;

interface CallOptions {
  readonly method?: string;
  readonly id?: string | number;
  readonly headers?: Record<string, string | undefined>;
  readonly body?: unknown;
  /** Send the body as `application/x-www-form-urlencoded`. */
  readonly form?: boolean;
  readonly listar?: boolean;
}

/** Sends one request through `engine.handle` with valid auth unless overridden. */
export function call(
  engine: IxcEngine,
  table: string,
  options: CallOptions = {},
): Promise<IxcHttpResponse> {
  const body =
    options.body === undefined
      ? ''
      : typeof options.body === 'string'
        ? options.body
        : options.form
          ? new URLSearchParams(options.body as Record<string, string>).toString()
          : JSON.stringify(options.body);
  return engine.handle({
    method: options.method ?? 'POST',
    path: `/webservice/v1/${table}${options.id === undefined ? '' : `/${options.id}`}`,
    headers: {
      authorization: basic(engine),
      'content-type': options.form ? 'application/x-www-form-urlencoded' : 'application/json',
      ...(options.listar === false ? {} : { ixcsoft: 'listar' }),
      ...options.headers,
    },
    body,
  });
}

/** A listing envelope. */
export interface Envelope {
  page: string;
  total: string | number;
  registros?: Record<string, string>[];
}

/** Runs a listing and parses the envelope. */
export async function listar(
  engine: IxcEngine,
  table: string,
  query: Record<string, unknown> = {},
): Promise<Envelope> {
  const res = await call(engine, table, { body: query });
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.body}`);
  return JSON.parse(res.body) as Envelope;
}

/** Ids of a listing, in answer order. */
export async function ids(
  engine: IxcEngine,
  table: string,
  query: Record<string, unknown> = {},
): Promise<string[]> {
  const env = await listar(engine, table, { rp: 1000, ...query });
  return (env.registros ?? []).map((row) => row.id ?? '');
}

/** Grid param string from filter objects. */
export const grid = (...items: Record<string, string>[]): string => JSON.stringify(items);

/** Sends a write (no `ixcsoft` header) and parses the JSON answer. */
export async function write(
  engine: IxcEngine,
  method: 'POST' | 'PUT' | 'DELETE',
  table: string,
  body?: unknown,
  id?: string | number,
): Promise<Record<string, unknown>> {
  const res = await call(engine, table, { method, body, id, listar: false });
  return JSON.parse(res.body) as Record<string, unknown>;
}

/** A customer insert with every field IXC's insert sample requires. */
export const novoCliente = {
  razao: 'Cliente Novo da Silva',
  tipo_pessoa: 'F',
  cnpj_cpf: '111.444.777-35',
  email: 'novo@exemplo.com.br',
  ativo: 'S',
  contribuinte_icms: 'N',
  tipo_assinante: '3',
  cep: '01310-100',
  endereco: 'Avenida Paulista',
  numero: '1000',
  bairro: 'Bela Vista',
  cidade: '1',
  tipo_localidade: 'U',
  iss_classificacao_padrao: '99',
  data_nascimento: '21/09/1990',
};

/** A contract insert with every field IXC's insert sample requires. */
export const novoContrato = {
  tipo: 'I',
  id_cliente: '1',
  id_vd_contrato: '2',
  contrato: 'Novo',
  id_tipo_contrato: '1',
  id_modelo: '1',
  id_filial: '1',
  data: '01/06/2025',
  id_tipo_documento: '1',
  id_carteira_cobranca: '1',
  id_vendedor: '1',
  cc_previsao: 'P',
  tipo_cobranca: 'P',
  renovacao_automatica: 'S',
  base_geracao_tipo_doc: 'P',
  bloqueio_automatico: 'S',
  aviso_atraso: 'S',
  endereco_padrao_cliente: 'S',
};
