import { IxcInputError } from '../errors.js';
import type { CallOptions } from '../ixc/call-options.js';
import { assertTable, type IxcFilter, type IxcSort } from '../ixc/query.js';
import { IxcTransport } from '../ixc/transport.js';
import { IxcWriter } from '../ixc/write.js';
import type { Cliente } from '../schemas/domain/cliente.js';
import type { ClientePorPlano } from '../schemas/domain/cliente-por-plano.js';
import type { Plano } from '../schemas/domain/plano.js';
import type { ProdutoCliente } from '../schemas/domain/produto-cliente.js';
import type { AtivarSvaInput, Sva } from '../schemas/domain/sva.js';
import { MAX_PAGE_SIZE } from '../schemas/ixc-limits.js';
import { type IxcRow, toIxcRows } from '../schemas/raw/raw-row.js';
import { getCliente, type ListClientesPorPlanoOptions, listClientesPorPlano } from './clientes.js';
import { type FindClientesQuery, findClientes } from './find-clientes.js';
import { type IxcCampsoftClientOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { callOf, firstPage, type PageOptions, PagePromise, pageResult } from './page.js';
import { type ListPlanosOptions, listPlanos } from './planos.js';
import { getProdutos } from './produtos.js';
import { ReadSharing } from './read-sharing.js';
import { Reader } from './reader.js';
import { IxcPromise } from './response.js';
import {
  type ListSvasOptions,
  processSvaLock,
  type SvaAnswer,
  type SvaCallOptions,
  type SvaClientOptions,
  SvaService,
} from './svas/index.js';

export type { CallOptions };

/** Options of {@link IxcCampsoftClient.query}. */
export interface QueryOptions extends PageOptions {
  /**
   * Keep password and token columns (`senha`, `senha_hotsite_md5`, `acesso_token`…), which
   * are dropped from every row by default. @defaultValue false
   */
  includeSecrets?: boolean;
  /** Sort order (default `id` ascending). With another sort, pages are read by number. */
  sort?: IxcSort;
}

/**
 * Typed, validated access to an IXC Provedor install for Campsoft: plans, the customers of
 * each plan, a customer, every product a customer has, and a customer search. Reads are
 * retried, identical reads in flight share one request, and every row is checked by a zod
 * schema. Every method takes per-call options ({@link CallOptions}); single results offer
 * `.withResponse()` for IXC's status, headers, attempts and time.
 *
 * @example
 * ```ts
 * import { IxcCampsoftClient } from 'ixc-campsoft';
 *
 * const ixc = new IxcCampsoftClient({
 *   baseUrl: 'https://ixc.example.com.br',
 *   token: process.env.IXC_TOKEN!, // "12:6a41…"
 *   maxConcurrency: 4,
 * });
 * const cliente = await ixc.getCliente(7);
 * ```
 */
export class IxcCampsoftClient {
  readonly #options: ResolvedOptions;
  readonly #reader: Reader;
  readonly #transport: IxcTransport;
  readonly #sharing: ReadSharing;
  readonly #svas: SvaService;

  /**
   * @throws {IxcConfigurationError} when an option is invalid (a token without `:`, a
   *   relative URL, a `pageSize` over 500…).
   */
  constructor(options: IxcCampsoftClientOptions & SvaClientOptions) {
    this.#options = resolveOptions(options);
    const o = this.#options;
    this.#sharing = new ReadSharing({
      coalesce: o.coalesce,
      ttl: o.cacheTtl,
      tables: o.cacheTables,
    });
    this.#transport = new IxcTransport({
      apiUrl: o.apiUrl,
      token: o.token,
      timeout: o.timeout,
      maxRetries: o.maxRetries,
      retry: o.retry,
      headers: o.headers,
      fetch: o.fetch,
      tls: o.tls,
      maxConcurrency: o.maxConcurrency,
      queueTimeout: o.queueTimeout,
      logger: o.logger,
    });
    this.#reader = new Reader(this.#transport, this.#sharing);
    // SVA changes plan from IXC's current state: their reads are neither cached nor shared.
    this.#svas = new SvaService({
      reader: new Reader(
        this.#transport,
        new ReadSharing({ coalesce: false, ttl: 0, tables: new Set() }),
      ),
      writer: new IxcWriter(this.#transport),
      lock: options.svaLock ?? processSvaLock,
      scope: o.apiUrl,
      onWrite: () => this.#sharing.clear(),
    });
  }

  /**
   * Requests in flight to IXC, and waiting for a slot under `maxConcurrency`.
   *
   * @example
   * ```ts
   * const { active, queued } = ixc.load; // e.g. { active: 4, queued: 12 } with maxConcurrency 4
   * ```
   */
  get load(): { active: number; queued: number } {
    return this.#transport.load;
  }

  /** The webservice URL requests go to (`…/webservice/v1/`). */
  get apiUrl(): string {
    return this.#options.apiUrl;
  }

  /**
   * Lists sales plans (IXC `vd_contratos`). One IXC request per page.
   *
   * @example
   * ```ts
   * const page = await ixc.listPlanos({ ativo: true });
   * for (const plano of page.data) console.log(plano.id, plano.nome, plano.tipo, plano.valor);
   *
   * for await (const plano of ixc.listPlanos()) {
   *   // every plan, page after page
   * }
   * ```
   */
  listPlanos(options: ListPlanosOptions = {}): PagePromise<Plano> {
    return this.#paged(options.pageSize, (size) => listPlanos(this.#reader, size, options));
  }

  /**
   * Lists the customers of each plan: one item per contract (`cliente_contrato`), with its
   * customer and plan. Each page costs at most 3 IXC requests, whatever its size. Group a
   * page by plan with `groupByPlano(page.data)`.
   *
   * @example
   * ```ts
   * const page = await ixc.listClientesPorPlano({ planoId: 3, status: 'ativo', pageSize: 200 });
   * for (const { cliente, contrato } of page.data) {
   *   console.log(cliente?.nome, contrato.statusInternet);
   * }
   * ```
   */
  listClientesPorPlano(options: ListClientesPorPlanoOptions = {}): PagePromise<ClientePorPlano> {
    return this.#paged(options.pageSize, (size) =>
      listClientesPorPlano(this.#reader, size, options),
    );
  }

  /**
   * Finds customers by CPF/CNPJ (with or without punctuation: IXC stores it formatted),
   * part of the name or e-mail, or part of a phone number; every criterion given must
   * match. Each page costs one IXC request, or, for criteria IXC cannot ask in one query,
   * at most {@link MAX_FIND_REQUESTS} (8) sent together: a document in its 2 forms × the 4
   * phone columns. For those, `total` is an upper bound until the last page.
   *
   * @throws {IxcInputError} (as a rejection) when no criterion is given or one is malformed.
   * @example
   * ```ts
   * const page = await ixc.findClientes({ cpfCnpj: '52998224725' });
   * console.log(page.data[0]?.nome);
   *
   * for await (const cliente of ixc.findClientes({ nome: 'silva', telefone: '98137' })) {
   *   console.log(cliente.id, cliente.telefones.celular);
   * }
   * ```
   */
  findClientes(query: FindClientesQuery, options: PageOptions = {}): PagePromise<Cliente> {
    return this.#paged(options.pageSize, (size) =>
      findClientes(this.#reader, size, query, options),
    );
  }

  /**
   * Reads one customer (IXC `cliente`): identity, CPF/CNPJ, e-mail, phones, address. One IXC
   * request. Passwords and other secrets are never returned.
   *
   * @throws {IxcNotFoundError} when IXC has no customer with this id.
   * @throws {IxcInputError} when `id` is not a positive integer.
   * @example
   * ```ts
   * const cliente = await ixc.getCliente(7);
   * console.log(cliente.nome, cliente.cnpjCpf, cliente.email, cliente.ativo);
   *
   * const { data, response } = await ixc.getCliente(7, { timeout: 5_000 }).withResponse();
   * console.log(response.status, response.attempts, response.ms);
   * ```
   */
  getCliente(id: number | string, options: CallOptions = {}): IxcPromise<Cliente> {
    const call = callOf(options);
    return new IxcPromise((trace) => getCliente(this.#reader, id, { call, trace }));
  }

  /**
   * Lists every product of a customer, whatever contract or plan it comes from: each
   * contract's own lines (else its plan's), add-on services, and SVA accounts. At most 3
   * rounds of IXC requests, and a fixed number of requests.
   *
   * @throws {IxcNotFoundError} when IXC has no customer with this id.
   * @example
   * ```ts
   * const produtos = await ixc.getProdutos(7);
   * const svas = produtos.filter((p) => p.sva);
   * console.log(svas.map((p) => `${p.nome} (${p.contaSva?.status ?? 'sem conta'})`));
   * ```
   */
  getProdutos(clienteId: number | string, options: CallOptions = {}): IxcPromise<ProdutoCliente[]> {
    const call = callOf(options);
    return new IxcPromise((trace) => getProdutos(this.#reader, clienteId, { call, trace }));
  }

  /**
   * Queries any IXC table and returns its rows as IXC sends them (every value a string),
   * paged like the list methods. Filters are ANDed; column names are checked, and values
   * are always sent as data. Password and token columns are dropped unless
   * `includeSecrets` is set.
   *
   * @example
   * ```ts
   * const page = await ixc.query('fn_areceber', [
   *   { column: 'id_cliente', value: 7 },
   *   { column: 'status', op: 'IN', value: ['A', 'R'] },
   * ]);
   * console.log(page.total, page.data[0]?.valor);
   * ```
   */
  query(table: string, filters: IxcFilter[] = [], options: QueryOptions = {}): PagePromise<IxcRow> {
    const call = callOf(options);
    const keep = options.includeSecrets === true;
    return this.#paged(options.pageSize, (pageSize) =>
      firstPage(
        async ({ page, afterId }, trace) => {
          assertTable(table);
          const envelope = await this.#reader.raw(
            table,
            {
              filters,
              rp: pageSize,
              page,
              afterId: options.sort ? null : afterId,
              sort: options.sort,
            },
            { call, trace },
          );
          const items = toIxcRows(table, envelope.rows, keep);
          return pageResult(items, items, envelope.total);
        },
        options.page ?? 1,
        pageSize,
      ),
    );
  }

  /**
   * Lists the SVA products this IXC offers through Campsoft (`produtos` rows with an SVA
   * integration), with their price and integration. One round of IXC requests.
   *
   * @example
   * ```ts
   * const svas = await ixc.listSvas({ ativo: true });
   * console.log(svas.map((s) => `${s.id} ${s.nome} R$ ${s.valor}`));
   * ```
   */
  listSvas(options: ListSvasOptions = {}): Promise<Sva[]> {
    return this.#svas.listSvas(options);
  }

  /**
   * Gives a customer an SVA: picks the contract (the one given, else the only active one),
   * adds the SVA line to it unless the contract or its plan carries it, and creates the SVA
   * account, or re-enables the existing one. Activating an active SVA changes nothing
   * (`outcome: 'unchanged'`). `dryRun` returns the IXC operations without making them.
   *
   * @throws {IxcNotFoundError} unknown customer.
   * @throws {SvaProductNotSvaError} {@link SvaContractNotFoundError}
   *   {@link SvaContractAmbiguousError} {@link SvaContractCancelledError}
   * @throws {SvaWriteError} a write failed part-way; the same call again finishes the job.
   * @example
   * ```ts
   * const r = await ixc.ativarSva(7, { produtoId: 3, contratoId: 8 });
   * console.log(r.outcome, r.conta.id, r.conta.status); // 'created' 12 'ativo'
   * const plan = await ixc.ativarSva(7, { produtoId: 3, contratoId: 8 }, { dryRun: true });
   * ```
   */
  ativarSva<O extends SvaCallOptions = { dryRun?: false }>(
    clienteId: number | string,
    input: AtivarSvaInput,
    options?: O,
  ): Promise<SvaAnswer<O>> {
    return this.#svas.ativarSva(clienteId, input, options) as Promise<SvaAnswer<O>>;
  }

  /**
   * Blocks a customer's SVA account (`sva_usuarios.status_integracao` B). `contaId` is the
   * `sva_usuarios` id (`produto.contaSva.id` in `getProdutos`).
   *
   * @throws {SvaAccountNotFoundError} {@link SvaAccountCancelledError} {@link SvaWriteError}
   * @example
   * ```ts
   * const r = await ixc.bloquearSva(7, 12); // r.outcome: 'blocked' (or 'unchanged')
   * ```
   */
  bloquearSva<O extends SvaCallOptions = { dryRun?: false }>(
    clienteId: number | string,
    contaId: number | string,
    options?: O,
  ): Promise<SvaAnswer<O>> {
    return this.#svas.bloquearSva(clienteId, contaId, options) as Promise<SvaAnswer<O>>;
  }

  /**
   * Unblocks a customer's SVA account (status A).
   *
   * @throws {SvaAccountNotFoundError} {@link SvaAccountCancelledError} {@link SvaWriteError}
   * @example
   * ```ts
   * const r = await ixc.desbloquearSva(7, 12); // r.outcome: 'unblocked' (or 'unchanged')
   * ```
   */
  desbloquearSva<O extends SvaCallOptions = { dryRun?: false }>(
    clienteId: number | string,
    contaId: number | string,
    options?: O,
  ): Promise<SvaAnswer<O>> {
    return this.#svas.desbloquearSva(clienteId, contaId, options) as Promise<SvaAnswer<O>>;
  }

  /**
   * Cancels a customer's SVA: removes the contract's SVA line when it exists only for this
   * account, then deactivates the account (status D), in the order IXC needs.
   *
   * @throws {SvaAccountNotFoundError} {@link SvaWriteError}
   * @example
   * ```ts
   * const r = await ixc.cancelarSva(7, 12); // r.outcome: 'cancelled' (or 'unchanged')
   * ```
   */
  cancelarSva<O extends SvaCallOptions = { dryRun?: false }>(
    clienteId: number | string,
    contaId: number | string,
    options?: O,
  ): Promise<SvaAnswer<O>> {
    return this.#svas.cancelarSva(clienteId, contaId, options) as Promise<SvaAnswer<O>>;
  }

  /** Forgets cached reads (see the `cache` option). */
  clearCache(): void {
    this.#sharing.clear();
  }

  // A bad pageSize rejects the returned promise, like every other bad argument.
  #paged<T>(value: number | undefined, list: (pageSize: number) => PagePromise<T>): PagePromise<T> {
    if (value === undefined) return list(this.#options.pageSize);
    if (!Number.isSafeInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
      const error = new IxcInputError('Invalid pageSize', [
        { path: 'pageSize', message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` },
      ]);
      return new PagePromise(() => Promise.reject(error));
    }
    return list(value);
  }
}
