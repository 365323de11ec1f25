/**
 * The items of a walk over pages, for `for await (const row of client.query(…))`. An async
 * generator (`yield* page.data`) costs a generator step and its promises per item, which on a
 * walk of wide IXC rows came to several microseconds a row; this iterator answers an item of
 * the page it holds with one settled promise and awaits only when it needs the next page.
 */

/**
 * Iterates the items of every page `pages` yields, in order. Like an async generator, calls
 * of `next()` made before the previous one settled are answered in turn, a failure ends the
 * walk, and `return()` (a `break` out of `for await`) stops the pages.
 */
export class PageItems<T> implements AsyncIterableIterator<T> {
  readonly #pages: AsyncIterator<{ readonly data: readonly T[] }, unknown, undefined>;
  #items: readonly T[] = [];
  #index = 0;
  #done = false;
  /** The step reading the next page, while there is one: later calls wait for it. */
  #turn: Promise<IteratorResult<T, undefined>> | undefined;

  constructor(pages: AsyncIterator<{ readonly data: readonly T[] }, unknown, undefined>) {
    this.#pages = pages;
  }

  /** The next item, reading the next page when this one is used up. */
  next(): Promise<IteratorResult<T, undefined>> {
    if (this.#turn) {
      const after = (): Promise<IteratorResult<T, undefined>> => this.next();
      return this.#turn.then(after, after);
    }
    if (this.#index < this.#items.length) {
      return Promise.resolve({ value: this.#items[this.#index++] as T, done: false });
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    const turn = this.#nextPage();
    this.#turn = turn;
    const clear = () => {
      if (this.#turn === turn) this.#turn = undefined;
    };
    turn.then(clear, clear);
    return turn;
  }

  async #nextPage(): Promise<IteratorResult<T, undefined>> {
    try {
      for (;;) {
        const step = await this.#pages.next();
        if (step.done) return this.#finish();
        this.#items = step.value.data;
        this.#index = 0;
        if (this.#items.length > 0) return { value: this.#items[this.#index++] as T, done: false };
      }
    } catch (error) {
      this.#finish();
      throw error;
    }
  }

  #finish(): IteratorResult<T, undefined> {
    this.#done = true;
    this.#items = [];
    this.#index = 0;
    return { value: undefined, done: true };
  }

  /** Ends the walk: no page is read after it. */
  async return(): Promise<IteratorResult<T, undefined>> {
    if (this.#turn) await this.#turn.catch(() => {});
    const wasDone = this.#done;
    this.#finish();
    if (!wasDone) await this.#pages.return?.(undefined);
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
