/**
 * The secret scanner. Every fault, fuzz and security test feeds it what leaves the package
 * (router answers: status line facts, headers, body; client errors: message, stack, own
 * properties, causes; log lines) and it fails the test when it sees:
 *
 * - the IXC token, its hash part, or its HTTP Basic (base64) form;
 * - any password-like value of the dataset (`senha` and friends, in every table);
 * - a router API key;
 * - IXC's HTML error markup (`<div`, `background:#FF0000`), which must never be relayed.
 */
import type { IxcDataset } from '../../../src/testing/index.js';

/** What the scanner looks for, and why. */
interface Needle {
  kind: string;
  value: string;
}

/** Options of {@link createSecretScanner}. */
export interface SecretScannerOptions {
  /** IXC tokens (`userId:hash`) of every simulator in play. */
  tokens: readonly string[];
  /** Router API keys. */
  apiKeys?: readonly string[];
  /** Datasets whose secret columns must never leave the package. */
  datasets?: readonly IxcDataset[];
}

/** Columns of the simulated tables that hold credentials. */
const SECRET_COLUMN = /senha|password|token|secret/i;

const HTML_MARKERS = [/<div/i, /background:\s*#FF0000/i];

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/** Every credential value found in a dataset (length ≥ 4, to avoid matching noise). */
export function datasetSecrets(dataset: IxcDataset): string[] {
  const out = new Set<string>();
  for (const rows of Object.values(dataset)) {
    for (const row of rows ?? []) {
      for (const [column, value] of Object.entries(row)) {
        if (SECRET_COLUMN.test(column) && typeof value === 'string' && value.trim().length >= 4) {
          out.add(value.trim());
        }
      }
    }
  }
  return [...out];
}

/** Turns anything (an error, headers, a body) into the texts that would reach a caller or a log. */
export function textsOf(value: unknown, depth = 0): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object') return [String(value)];
  if (depth > 4) return [];
  const out: string[] = [];
  if (value instanceof Error) {
    out.push(value.name, value.message, value.stack ?? '');
    const own: Record<string, unknown> = {};
    for (const key of Object.getOwnPropertyNames(value)) {
      if (key === 'stack' || key === 'message' || key === 'cause') continue;
      own[key] = (value as unknown as Record<string, unknown>)[key];
    }
    out.push(safeJson(own));
    if ('cause' in value) out.push(...textsOf((value as { cause?: unknown }).cause, depth + 1));
    return out;
  }
  if (value instanceof Headers) {
    value.forEach((v, k) => {
      out.push(`${k}: ${v}`);
    });
    return out;
  }
  out.push(safeJson(value));
  return out;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/** A scanner bound to one set of secrets. */
export interface SecretScanner {
  /** Fails (throws) when `value` carries a secret; `label` says what was scanned. */
  scan(label: string, value: unknown): void;
  /** How many values were scanned, so a suite can prove its scanner saw traffic. */
  readonly scanned: number;
  /** The secrets it looks for (for the scanner's own self-test). */
  readonly needles: readonly { kind: string; value: string }[];
}

/** Builds a scanner. */
export function createSecretScanner(options: SecretScannerOptions): SecretScanner {
  const needles: Needle[] = [];
  for (const token of options.tokens) {
    needles.push({ kind: 'IXC token', value: token });
    const hash = token.slice(token.indexOf(':') + 1);
    needles.push({ kind: 'IXC token hash', value: hash });
    needles.push({ kind: 'IXC Basic credentials', value: base64(token) });
  }
  for (const key of options.apiKeys ?? []) needles.push({ kind: 'router API key', value: key });
  for (const dataset of options.datasets ?? []) {
    for (const secret of datasetSecrets(dataset)) {
      needles.push({ kind: 'dataset password', value: secret });
    }
  }
  let scanned = 0;
  return {
    get scanned() {
      return scanned;
    },
    needles,
    scan(label, value) {
      scanned++;
      for (const text of textsOf(value)) {
        for (const needle of needles) {
          if (text.includes(needle.value)) {
            throw new Error(
              `secret leak in ${label}: ${needle.kind} found in ${text.slice(0, 300)}`,
            );
          }
        }
        for (const marker of HTML_MARKERS) {
          if (marker.test(text)) {
            throw new Error(`IXC HTML leak in ${label}: ${marker} found in ${text.slice(0, 300)}`);
          }
        }
      }
    },
  };
}
