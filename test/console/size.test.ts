/** The console's JavaScript stays within its 60 kB gzip budget, built as a release builds it. */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_JS_BUDGET, measureConsole } from '../bench/console-size.js';
import { buildConsole } from './build.js';

let dir: string;
beforeAll(async () => {
  dir = await buildConsole();
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('console size', () => {
  it('ships at most 60 kB of gzip JavaScript', () => {
    const size = measureConsole(dir);
    expect(size.files.some((f) => f.name.endsWith('.js'))).toBe(true);
    expect(size.jsGzip).toBeLessThanOrEqual(CONSOLE_JS_BUDGET);
  });

  it('ships the page as files only: no source maps, no inline script or style in index.html', () => {
    const size = measureConsole(dir);
    expect(size.files.filter((f) => f.name.endsWith('.map'))).toEqual([]);
    const html = readFileSync(`${dir}/index.html`, 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
  });
});
