/**
 * Builds the console into a fresh temporary folder with the real build config, so tests
 * check the files a release would ship, without touching dist/.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const CONFIG = fileURLToPath(new URL('../../vite.console.config.ts', import.meta.url));

/** Runs the console build; returns the output folder. */
export async function buildConsole(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'campsoft-console-'));
  await build({ configFile: CONFIG, logLevel: 'silent', build: { outDir, emptyOutDir: true } });
  return outDir;
}
