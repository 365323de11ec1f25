/**
 * Shapes the page reads from the HTTP API. Reads reuse the package's own types (type-only
 * imports: nothing of zod reaches the bundle); the shapes of routes still being added are
 * written here from the API contract and read defensively.
 */
export type { Cliente } from '../../schemas/domain/cliente.js';
export type { PlanoComClientes } from '../../schemas/domain/cliente-por-plano.js';
export type {
  StatusContrato,
  StatusInternet,
  StatusSva,
  TipoPessoa,
  TipoPlano,
} from '../../schemas/domain/codes.js';
export type { Contrato } from '../../schemas/domain/contrato.js';
export type { Plano } from '../../schemas/domain/plano.js';
export type { ContaSva, ProdutoCliente } from '../../schemas/domain/produto-cliente.js';

import type { ContaSva, ProdutoCliente } from '../../schemas/domain/produto-cliente.js';

/** `paging` of a list answer. */
export interface Paging {
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
  hasNextPage: boolean;
}

/** A list answer. */
export interface ListAnswer<T> {
  data: T[];
  paging?: Paging;
}

/** `GET /me`. */
export interface Me {
  name: string;
  scopes: string[];
  tenants: string[] | '*';
}

/** An entry of the SVA catalogue (`GET /svas`). */
export interface Sva {
  id: number;
  nome: string;
  valor: number | null;
  integracaoId?: number | null;
  integracaoNome?: string | null;
}

/** One IXC write made (or planned) by an SVA operation. */
export interface IxcOperation {
  method: 'POST' | 'PUT' | 'DELETE';
  table: string;
  id?: number;
  body?: Record<string, string>;
  result?: 'done' | 'skipped' | 'recovered';
  ixcId?: number;
}

/** The answer of an SVA write. */
export interface SvaResult {
  outcome: 'created' | 'reactivated' | 'unchanged' | 'blocked' | 'unblocked' | 'cancelled';
  conta: ContaSva;
  produto: ProdutoCliente | null;
  operations: IxcOperation[];
}

/** RFC 9457 problem details, plus what the API adds. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
  /** IXC writes already made when a write stopped halfway. */
  operations?: IxcOperation[];
}

/** A webhook endpoint as listed. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  eventTypes?: string[];
  description?: string;
  enabled?: boolean;
  disabledReason?: string | null;
  failingSince?: number | string | null;
  /** Payloads carry the customer's details. */
  includeCliente?: boolean;
}

/** One delivery of one event to one endpoint. */
export interface WebhookDelivery {
  id: string;
  eventId?: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt?: number | string | null;
  lastAttemptAt?: number | string | null;
  lastStatusCode?: number | null;
  lastError?: string | null;
  createdAt?: number | string;
  deliveredAt?: number | string | null;
}

/** `GET /webhooks/summary`. */
export interface WebhookSummary {
  pending: number;
  failing: number;
  failed?: number;
  deliveredLastHour: number;
  oldestPendingAgeMs: number | null;
  detectionLagMs?: number | null;
}

/** One hour of `GET /webhooks/stats`. */
export interface StatsBucket {
  hourStart: number | string;
  delivered: number;
  failed: number;
}

/** One audited write. */
export interface AuditRecord {
  id: number | string;
  at: number | string;
  tenant?: string;
  apiKeyName?: string;
  action: string;
  clienteId?: number;
  outcome?: string;
  operations?: IxcOperation[];
  record?: Record<string, unknown>;
}
