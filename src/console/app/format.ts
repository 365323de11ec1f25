/** Brazilian formats (Intl, pt-BR) and the words the page uses for IXC's statuses. */
import type { StatusContrato, StatusInternet, StatusSva, TipoPessoa, TipoPlano } from './types.js';

const money = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
const number = new Intl.NumberFormat('pt-BR', { maximumFractionDigits: 3 });
// IXC dates have no time zone: read and print them as calendar dates.
const day = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeZone: 'UTC' });
const moment = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short' });
const hour = new Intl.DateTimeFormat('pt-BR', { hour: '2-digit', minute: '2-digit' });

/** `R$ 89,90`, or a dash when there is no value. */
export function formatMoney(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : money.format(value);
}

/** `1,5` */
export function formatNumber(value: number): string {
  return number.format(value);
}

/** `2019-02-20` → `20/02/2019`. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const ms = Date.parse(`${value.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(ms) ? value : day.format(ms);
}

/** An instant (epoch ms or ISO text) in the browser's time zone. */
export function formatMoment(value: number | string | null | undefined): string {
  const ms = toMs(value);
  return ms === null ? '—' : moment.format(ms);
}

/** An instant as `14:00`. */
export function formatHour(value: number | string): string {
  const ms = toMs(value);
  return ms === null ? '' : hour.format(ms);
}

/** Epoch ms of an instant given as a number or ISO text. */
export function toMs(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

const CONTRATO: Record<StatusContrato, string> = {
  pre_contrato: 'Pré-contrato',
  ativo: 'Ativo',
  inativo: 'Inativo',
  negativado: 'Negativado',
  desistiu: 'Desistiu',
  desconhecido: 'Desconhecido',
};
const INTERNET: Record<StatusInternet, string> = {
  ativo: 'Internet ativa',
  desativado: 'Internet desativada',
  bloqueio_manual: 'Bloqueio manual',
  bloqueio_automatico: 'Bloqueio automático',
  financeiro_em_atraso: 'Financeiro em atraso',
  aguardando_assinatura: 'Aguardando assinatura',
  desconhecido: 'Desconhecido',
};
const SVA: Record<StatusSva, string> = {
  ativo: 'Ativa',
  bloqueado: 'Bloqueada',
  desativado: 'Cancelada',
  desconhecido: 'Sem situação',
};
const TIPO: Record<TipoPlano, string> = {
  internet: 'Internet',
  telefonia: 'Telefonia',
  servicos: 'Serviços',
  sva: 'SVA',
  outro: 'Outro',
};
const PESSOA: Record<TipoPessoa, string> = {
  fisica: 'Pessoa física',
  juridica: 'Pessoa jurídica',
  estrangeiro: 'Estrangeiro',
  desconhecido: 'Desconhecido',
};
const ORIGEM: Record<string, string> = {
  contrato: 'Contrato',
  plano: 'Plano',
  adicional: 'Adicional',
  sva: 'Conta SVA',
};

const pick = <K extends string>(map: Record<K, string>, key: K | null | undefined) =>
  key ? (map[key] ?? key) : '—';

/** A contract status in words. */
export const contratoWords = (s: StatusContrato | null | undefined) => pick(CONTRATO, s);
/** An internet (access) status in words. */
export const internetWords = (s: StatusInternet | null | undefined) => pick(INTERNET, s);
/** An SVA account status in words. */
export const svaWords = (s: StatusSva | null | undefined) => pick(SVA, s);
/** A plan kind in words. */
export const tipoWords = (s: TipoPlano | null | undefined) => pick(TIPO, s);
/** A person kind in words. */
export const pessoaWords = (s: TipoPessoa | null | undefined) => pick(PESSOA, s);
/** Where a product comes from, in words. */
export const origemWords = (s: string) => ORIGEM[s] ?? s;

/** The contract statuses a list can be filtered by, in order. */
export const CONTRATO_FILTROS: readonly StatusContrato[] = [
  'ativo',
  'pre_contrato',
  'inativo',
  'negativado',
  'desistiu',
];
