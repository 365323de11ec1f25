import { z } from 'zod';
import {
  decodeCode,
  decodeDateTime,
  decodeDecimal,
  decodeFlag,
  decodeId,
  decodeInteger,
  decodeText,
} from '../ixc-values.js';
import type { RawVdContrato } from '../raw/tables.js';
import { TIPO_PLANO, type TipoPlano, TipoPlanoSchema } from './codes.js';
import type { AssertTrue, SameType } from './same-type.js';

/** A sales plan (IXC `vd_contratos`). */
export const PlanoSchema = z
  .object({
    id: z.number().int().positive().describe('Plan id (`vd_contratos.id`).'),
    nome: z.string().describe('Plan name.'),
    descricao: z.string().nullable().describe('Internal description, if any.'),
    tipo: TipoPlanoSchema.describe('Plan kind: internet, telefonia, servicos or sva.'),
    valor: z.number().nullable().describe('Plan value in BRL (`valor_contrato`); null when unset.'),
    ativo: z.boolean().describe('Whether the plan can be sold (`Ativo` = S).'),
    fidelidadeMeses: z.number().int().nullable().describe('Loyalty period in months.'),
    filialId: z.number().int().nullable().describe('Branch id, when the plan belongs to one.'),
    atualizadoEm: z
      .string()
      .nullable()
      .describe('Last change, `YYYY-MM-DDTHH:MM:SS` in the IXC server local time.'),
  })
  .meta({ id: 'Plano' });

/** A sales plan (IXC `vd_contratos`). Validated by {@link PlanoSchema}. */
export interface Plano {
  /** Plan id (`vd_contratos.id`). */
  id: number;
  /** Plan name. */
  nome: string;
  /** Internal description, if any. */
  descricao: string | null;
  /** Plan kind: internet, telefonia, servicos or sva (`outro` for codes not known). */
  tipo: TipoPlano;
  /** Plan value in BRL (`valor_contrato`); null when unset. */
  valor: number | null;
  /** Whether the plan can be sold (`Ativo` = S). */
  ativo: boolean;
  /** Loyalty period in months; null when none. */
  fidelidadeMeses: number | null;
  /** Branch id, when the plan belongs to one. */
  filialId: number | null;
  /** Last change, `YYYY-MM-DDTHH:MM:SS` in the IXC server local time. */
  atualizadoEm: string | null;
}

type _Plano = AssertTrue<SameType<Plano, z.output<typeof PlanoSchema>>>;

/** Maps a raw `vd_contratos` row to a {@link Plano}. */
export function toPlano(raw: RawVdContrato): Plano {
  return {
    id: Number(raw.id),
    nome: raw.nome.trim(),
    descricao: decodeText(raw.descricao),
    tipo: decodeCode(raw.tipo, TIPO_PLANO, 'outro'),
    valor: decodeDecimal(raw.valor_contrato),
    ativo: decodeFlag(raw.Ativo || raw.ativo),
    fidelidadeMeses: decodeInteger(raw.fidelidade) || null,
    filialId: decodeId(raw.id_filial),
    atualizadoEm: decodeDateTime(raw.ultima_atualizacao),
  };
}
