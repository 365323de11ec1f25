import { z } from 'zod';
import { decodeCode, decodeDate, decodeId } from '../ixc-values.js';
import type { RawClienteContrato } from '../raw/tables.js';
import {
  STATUS_CONTRATO,
  STATUS_INTERNET,
  StatusContratoSchema,
  StatusInternetSchema,
  TIPO_PLANO,
  TipoPlanoSchema,
} from './codes.js';

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

/** A customer's contract (IXC `cliente_contrato`). */
export type Contrato = z.infer<typeof ContratoSchema>;

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
