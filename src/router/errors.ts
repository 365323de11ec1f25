/**
 * The router's own error class. A mistake in the router's options (a short API key, an
 * unknown scope, two routes on one path) is found when the router is created and thrown as
 * a {@link RouterConfigurationError}, an `IxcConfigurationError` like everything else the
 * package throws, so one `isIxcCampsoftError` check covers it.
 */
import { errorGuard, IxcConfigurationError } from '../errors.js';

/**
 * The router's options (or a route table, or an adapter's mounting) are inconsistent. The
 * message names the option at fault and never holds a key.
 *
 * @example
 * ```ts
 * try {
 *   createCampsoftRouter({ client, apiKeys: [{ key: 'short', tenants: '*' }] });
 * } catch (err) {
 *   if (isRouterConfigurationError(err)) console.error(err.message); // apiKeys[0].key must be …
 * }
 * ```
 */
export class RouterConfigurationError extends IxcConfigurationError {
  constructor(message: string) {
    super(message, []);
  }
}

/**
 * True for {@link RouterConfigurationError}, from either the ESM or the CJS build (it reads
 * the class chain every package error carries, as the guards of `ixc-campsoft` do).
 */
export const isRouterConfigurationError = errorGuard(RouterConfigurationError);

/** Throws a {@link RouterConfigurationError}; a one-word helper for option checks. */
export function misconfigured(message: string): never {
  throw new RouterConfigurationError(message);
}
