/**
 * Pages of IXC lists, shaped like openai-node's: `await` a list call for one page, or
 * `for await` over it to stream every item of every page after it. Pages after the first
 * are fetched by id (`id > last id seen`, sorted by id) rather than by page number, so rows
 * inserted or deleted while a long walk runs cannot shift a row out of the walk or into it
 * twice.
 */
import { IxcInputError } from '../errors.js';
import type { CallOptions } from '../ixc/call-options.js';
import { responseInfo, type Trace, type WithResponse } from './response.js';

/**
 * Options every list method takes: where to start, the page size, and the per-call
 * options. Pages fetched later (`getNextPage()`, `for await`) reuse them.
 *
 * @example
 * ```ts
 * const page = await ixc.listPlanos({ page: 2, pageSize: 50, timeout: 10_000 });
 * ```
 */
export interface PageOptions extends CallOptions {
  /** 1-based page to start from. @defaultValue 1 */
  page?: number;
  /** Rows per page, 1–500. @defaultValue the client's `pageSize` */
  pageSize?: number;
}

/**
 * The per-call options among a method's options, picked once per call. The signal is read
 * from the caller's object only when a request needs it: a signal made on demand (the
 * router's, per HTTP request) is then never made for an answer from the cache.
 */
class PickedCall implements CallOptions {
  readonly timeout: number | undefined;
  readonly maxRetries: number | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly #from: CallOptions;

  constructor(from: CallOptions) {
    this.timeout = from.timeout;
    this.maxRetries = from.maxRetries;
    this.headers = from.headers;
    this.#from = from;
  }

  get signal(): AbortSignal | undefined {
    return this.#from.signal;
  }
}

/** The per-call options among a list method's options, picked once per call. */
export function callOf(options: CallOptions): CallOptions {
  return new PickedCall(options);
}

/** Where to read a page: by number (random access) or after an id (the walk). */
export interface PageCursor {
  page: number;
  afterId: number | null;
}

/** One fetched page, before it is wrapped. */
export interface PageResult<T> {
  items: T[];
  /** Rows IXC reports as matching this request (for a walk step: those still ahead). */
  total: number;
  /** Id of the last row of the page, where the next page starts. */
  lastId: number | null;
}

/** A page of `items` mapped from `rows` read in id order: the next page starts after the last. */
export function pageResult<T>(
  items: T[],
  rows: readonly { id: string }[],
  total: number,
): PageResult<T> {
  const last = rows.at(-1);
  return { items, total, lastId: last ? Number(last.id) : null };
}

/** Fetches one page; the IXC requests it makes are pushed to `trace`. */
export type PageFetcher<T> = (cursor: PageCursor, trace: Trace) => Promise<PageResult<T>>;

/** Paging facts, as the router serialises them. */
export interface PageInfo {
  page: number;
  pageSize: number;
  total: number;
  totalPages: number;
  hasNextPage: boolean;
}

/**
 * One page of a list. Iterating it with `for await` yields its items, then those of every
 * following page.
 *
 * @example
 * ```ts
 * const page = await client.listPlanos({ pageSize: 50 });
 * console.log(page.data.length, page.total);
 * if (page.hasNextPage()) {
 *   const next = await page.getNextPage();
 * }
 * ```
 */
export class Page<T> implements AsyncIterable<T> {
  /** The items of this page. */
  readonly data: T[];
  /** 1-based number of this page. */
  readonly page: number;
  /** Rows per page (IXC `rp`). */
  readonly pageSize: number;
  /** Rows matching the list when its first page was read. */
  readonly total: number;
  readonly #remaining: number;
  readonly #lastId: number | null;
  readonly #fetch: PageFetcher<T>;
  #next: Promise<Page<T>> | undefined;

  /** @internal */
  constructor(
    result: PageResult<T>,
    meta: { page: number; pageSize: number; total: number; remaining: number },
    fetcher: PageFetcher<T>,
  ) {
    this.data = result.items;
    this.page = meta.page;
    this.pageSize = meta.pageSize;
    this.total = meta.total;
    this.#remaining = meta.remaining;
    this.#lastId = result.lastId;
    this.#fetch = fetcher;
  }

  /**
   * True when IXC has rows after this page. A search merged from several IXC queries may
   * yield a page with no items (every row read was a loose match) that still has a next one.
   */
  hasNextPage(): boolean {
    return this.#lastId !== null && this.#remaining > this.data.length;
  }

  /**
   * Fetches the page after this one; concurrent calls share one request.
   *
   * @throws {IxcInputError} when there is no next page (check {@link Page.hasNextPage} first).
   */
  getNextPage(): Promise<Page<T>> {
    if (!this.hasNextPage()) {
      return Promise.reject(
        new IxcInputError('No next page', [
          { path: 'page', message: 'this is the last page: check hasNextPage() first' },
        ]),
      );
    }
    this.#next ??= this.#load();
    return this.#next;
  }

  #load(): Promise<Page<T>> {
    // The callback holds what it needs, not this page: a walk lets go of a page's rows while
    // the next one is read, instead of keeping two pages alive.
    const page = this.page + 1;
    const { pageSize, total } = this;
    const fetch = this.#fetch;
    return fetch({ page, afterId: this.#lastId }, []).then(
      (result) => new Page(result, { page, pageSize, total, remaining: result.total }, fetch),
    );
  }

  /**
   * Yields this page and every page after it. Only one page is held at a time: the walk
   * does not memoise pages on each other (as `getNextPage()` does), or the first page would
   * keep every later one alive until the walk ends.
   */
  async *iterPages(): AsyncGenerator<Page<T>, void, undefined> {
    yield this;
    let page: Page<T> | undefined = this;
    while (page.hasNextPage()) {
      const next: Promise<Page<T>> = page.#next ?? page.#load();
      // Not held while the next page is read: a walk keeps one page of rows alive, not two.
      page = undefined;
      page = await next;
      yield page;
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    // Not `for await` over iterPages(), and both variables cleared before the await: a
    // generator keeps its variables (and a loop's step result) across an await, in use or
    // not, which would hold the page just walked while the next one is read.
    let page: Page<T> | undefined = this;
    let data: T[] | undefined;
    for (;;) {
      data = page.data;
      for (let i = 0; i < data.length; i++) yield data[i]!;
      if (!page.hasNextPage()) return;
      const next: Promise<Page<T>> = page.#next ?? page.#load();
      page = undefined;
      data = undefined;
      page = await next;
    }
  }

  /** Paging facts of this page. */
  get info(): PageInfo {
    return {
      page: this.page,
      pageSize: this.pageSize,
      total: this.total,
      totalPages: Math.ceil(this.total / this.pageSize),
      hasNextPage: this.hasNextPage(),
    };
  }
}

/**
 * What list methods return: awaitable (the first page) and async-iterable (every item of
 * every page). The request starts at the first `then` or iteration, once.
 *
 * @example
 * ```ts
 * const first = await client.listPlanos();          // one page
 * for await (const plano of client.listPlanos()) {} // every plan, page after page
 * ```
 */
export class PagePromise<T> implements Promise<Page<T>>, AsyncIterable<T> {
  readonly [Symbol.toStringTag] = 'PagePromise';
  readonly #load: (trace: Trace) => Promise<Page<T>>;
  #raw: Promise<WithResponse<Page<T>>> | undefined;
  #promise: Promise<Page<T>> | undefined;

  /** @internal */
  constructor(load: (trace: Trace) => Promise<Page<T>>) {
    this.#load = load;
  }

  #started(): Promise<WithResponse<Page<T>>> {
    if (!this.#raw) {
      const trace: Trace = [];
      const started = performance.now();
      this.#raw = this.#load(trace).then((data) => ({
        data,
        response: responseInfo(trace, started),
      }));
    }
    return this.#raw;
  }

  #start(): Promise<Page<T>> {
    this.#promise ??= this.#started().then((r) => r.data);
    return this.#promise;
  }

  /**
   * The first page with the facts of the IXC requests behind it.
   *
   * @example
   * ```ts
   * const { data: page, response } = await ixc.listPlanos().withResponse();
   * console.log(page.data.length, response.status, response.headers.get('content-type'));
   * ```
   */
  withResponse(): Promise<WithResponse<Page<T>>> {
    return this.#started();
  }

  // biome-ignore lint/suspicious/noThenProperty: a page promise is deliberately thenable.
  then<R1 = Page<T>, R2 = never>(
    onfulfilled?: ((value: Page<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#start().then(onfulfilled, onrejected);
  }

  /** Like `Promise.prototype.catch`. */
  catch<R = never>(
    onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null,
  ): Promise<Page<T> | R> {
    return this.#start().catch(onrejected);
  }

  /** Like `Promise.prototype.finally`. */
  finally(onfinally?: (() => void) | null): Promise<Page<T>> {
    return this.#start().finally(onfinally);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    const first = await this.#start();
    yield* first;
  }
}

/** Builds the first page of a list from a fetcher. */
export function firstPage<T>(
  fetcher: PageFetcher<T>,
  page: number,
  pageSize: number,
): PagePromise<T> {
  return new PagePromise(async (trace) => {
    const result = await fetcher({ page, afterId: null }, trace);
    // An offset read of page N: the rows ahead are those after the N - 1 pages skipped.
    const remaining = Math.max(0, result.total - (page - 1) * pageSize);
    return new Page(result, { page, pageSize, total: result.total, remaining }, fetcher);
  });
}
