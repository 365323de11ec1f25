/**
 * The `User-Agent` sent to IXC: `ixc-campsoft/<version> (node <version>)`, so an IXC admin
 * reading access logs can tell this package's requests and their version apart.
 */

// Replaced with the package version by tsup's `define` at build time (and by vitest's in
// tests); source run any other way reads as a development version.
declare const __IXC_CAMPSOFT_VERSION__: string | undefined;

/** The package version, as built. */
export const VERSION: string =
  typeof __IXC_CAMPSOFT_VERSION__ === 'string' ? __IXC_CAMPSOFT_VERSION__ : '0.0.0-dev';

function runtime(): string {
  const node = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions
    ?.node;
  return node ? `node ${node}` : 'unknown runtime';
}

/** `ixc-campsoft/<version> (node <version>)`. */
export const USER_AGENT = `ixc-campsoft/${VERSION} (${runtime()})`;
