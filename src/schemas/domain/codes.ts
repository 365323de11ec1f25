/** IXC's one- and two-letter codes, and the readable names the domain models use. */
import { z } from 'zod';

/** Plan and contract kinds (`vd_contratos.tipo`, `cliente_contrato.tipo`). */
export const TIPO_PLANO = { I: 'internet', T: 'telefonia', S: 'servicos', SVA: 'sva' } as const;
/** Kind of a plan or contract; `outro` for codes this version does not know. */
export const TipoPlanoSchema = z.enum(['internet', 'telefonia', 'servicos', 'sva', 'outro']);
/** Kind of a plan or contract. */
export type TipoPlano = z.infer<typeof TipoPlanoSchema>;

/** Contract status (`cliente_contrato.status`). */
export const STATUS_CONTRATO = {
  P: 'pre_contrato',
  A: 'ativo',
  I: 'inativo',
  N: 'negativado',
  D: 'desistiu',
} as const;
/** Contract status; `desconhecido` for codes this version does not know. */
export const StatusContratoSchema = z.enum([
  'pre_contrato',
  'ativo',
  'inativo',
  'negativado',
  'desistiu',
  'desconhecido',
]);
/** Contract status. */
export type StatusContrato = z.infer<typeof StatusContratoSchema>;
/** The IXC letter of each contract status, for filters: {@link STATUS_CONTRATO} read backwards. */
export const STATUS_CONTRATO_CODE = Object.freeze(
  Object.fromEntries(Object.entries(STATUS_CONTRATO).map(([code, name]) => [name, code])),
) as Readonly<Record<Exclude<StatusContrato, 'desconhecido'>, keyof typeof STATUS_CONTRATO>>;

/** Access status (`cliente_contrato.status_internet`). */
export const STATUS_INTERNET = {
  A: 'ativo',
  D: 'desativado',
  CM: 'bloqueio_manual',
  CA: 'bloqueio_automatico',
  FA: 'financeiro_em_atraso',
  AA: 'aguardando_assinatura',
} as const;
/** Access status of a contract; `desconhecido` for codes this version does not know. */
export const StatusInternetSchema = z.enum([
  'ativo',
  'desativado',
  'bloqueio_manual',
  'bloqueio_automatico',
  'financeiro_em_atraso',
  'aguardando_assinatura',
  'desconhecido',
]);
/** Access status of a contract. */
export type StatusInternet = z.infer<typeof StatusInternetSchema>;

/** Person kind (`cliente.tipo_pessoa`). */
export const TIPO_PESSOA = { F: 'fisica', J: 'juridica', E: 'estrangeiro' } as const;
/** Person kind; `desconhecido` for codes this version does not know. */
export const TipoPessoaSchema = z.enum(['fisica', 'juridica', 'estrangeiro', 'desconhecido']);
/** Person kind. */
export type TipoPessoa = z.infer<typeof TipoPessoaSchema>;

/** SVA account status (`sva_usuarios.status_integracao`). */
export const STATUS_SVA = { A: 'ativo', B: 'bloqueado', D: 'desativado' } as const;
/** SVA account status; `desconhecido` when IXC has not set it. */
export const StatusSvaSchema = z.enum(['ativo', 'bloqueado', 'desativado', 'desconhecido']);
/** SVA account status. */
export type StatusSva = z.infer<typeof StatusSvaSchema>;
