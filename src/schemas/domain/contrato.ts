import { z } from 'zod';
import { decodeCode, decodeDate, decodeId } from '../ixc-values.js';
import type { RawClienteContrato } from '../raw/tables.js';
import {
  STATUS_CONTRATO,
  STATUS_INTERNET,
  type StatusContrato,
  StatusContratoSchema,
  type StatusInternet,
  StatusInternetSchema,
  TIPO_PLANO,
  type TipoPlano,
  TipoPlanoSchema,
} from './codes.js';
import type { AssertTrue, SameType } from './same-type.js';

/** A customer's contract (IXC `cliente_contrato`), the link between a customer and a plan. */
export const ContratoSchema = z
  .object({
    id: z.number().int().positive(),
    clienteId: z.number().int().positive().nullable(),
    planoId: z.number().int().positive().nullable().describe('The plan (`id_vd_contrato`).'),
    descricao: z.string().nullable().describe('Contract description (`contrato`).'),
    tipo: TipoPlanoSchema,
    status: StatusContratoSchema,
    statusInternet: StatusInternetSchema,
    dataAtivacao: z.string().nullable().describe('`YYYY-MM-DD`.'),
    dataCancelamento: z.string().nullable().describe('`YYYY-MM-DD`.'),
  })
  .meta({ id: 'Contrato' });

/**
 * A customer's contract (IXC `cliente_contrato`), the link between a customer and a plan.
 * Validated by {@link ContratoSchema}.
 */
export interface Contrato {
  /** Contract id (`cliente_contrato.id`). */
  id: number;
  /** The customer (`id_cliente`); null when IXC has none. */
  clienteId: number | null;
  /** The plan (`id_vd_contrato`). */
  planoId: number | null;
  /** Contract description (`contrato`). */
  descricao: string | null;
  /** Contract kind. */
  tipo: TipoPlano;
  /** Contract status (`status`). */
  status: StatusContrato;
  /** Access status (`status_internet`). */
  statusInternet: StatusInternet;
  /** Activation date, `YYYY-MM-DD`. */
  dataAtivacao: string | null;
  /** Cancellation date, `YYYY-MM-DD`. */
  dataCancelamento: string | null;
}

type _Contrato = AssertTrue<SameType<Contrato, z.output<typeof ContratoSchema>>>;

/** Maps a raw `cliente_contrato` row to a {@link Contrato}. */
export function toContrato(raw: RawClienteContrato): Contrato {
  return {
    id: Number(raw.id),
    clienteId: decodeId(raw.id_cliente),
    planoId: decodeId(raw.id_vd_contrato),
    descricao: raw.contrato.trim() || null,
    tipo: decodeCode(raw.tipo, TIPO_PLANO, 'outro'),
    status: decodeCode(raw.status, STATUS_CONTRATO, 'desconhecido'),
    statusInternet: decodeCode(raw.status_internet, STATUS_INTERNET, 'desconhecido'),
    dataAtivacao: decodeDate(raw.data_ativacao),
    dataCancelamento: decodeDate(raw.data_cancelamento),
  };
}
