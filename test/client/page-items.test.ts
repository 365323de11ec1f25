import { describe, expect, it } from 'vitest';
import { PageItems } from '../../src/client/page-items.js';

/** Pages of the given items, recording how far they were read and whether they were stopped. */
function pages(data: number[][], failAt = -1) {
  const log = { read: 0, stopped: false };
  async function* gen() {
    try {
      for (let i = 0; i < data.length; i++) {
        await Promise.resolve();
        if (i === failAt) throw new Error(`page ${i} failed`);
        log.read++;
        yield { data: data[i]! };
      }
    } finally {
      log.stopped = true;
    }
  }
  return { items: new PageItems(gen()), log };
}

describe('PageItems', () => {
  it('yields every item of every page in order, past empty pages', async () => {
    const { items } = pages([[1, 2], [], [3], [4, 5]]);
    const seen: number[] = [];
    for await (const n of items) seen.push(n);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    await expect(items.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('answers calls made before the previous one settled, in turn', async () => {
    const { items } = pages([[1], [2, 3], [4]]);
    const all = await Promise.all(Array.from({ length: 6 }, () => items.next()));
    expect(all.map((r) => (r.done ? 'done' : r.value))).toEqual([1, 2, 3, 4, 'done', 'done']);
  });

  it('stops reading pages at a break', async () => {
    const { items, log } = pages([[1, 2], [3], [4]]);
    for await (const n of items) if (n === 2) break;
    expect(log).toEqual({ read: 1, stopped: true });
    await expect(items.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('ends the walk with the failure of a page', async () => {
    const { items } = pages([[1], [2]], 1);
    await expect(items.next()).resolves.toEqual({ value: 1, done: false });
    await expect(items.next()).rejects.toThrow('page 1 failed');
    await expect(items.next()).resolves.toEqual({ value: undefined, done: true });
  });
});
