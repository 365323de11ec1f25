/**
 * Errors of the store.
 *
 * @packageDocumentation
 */
import { IxcCampsoftError } from '../errors.js';

/**
 * The store failed or was misused: a bad target, a failed migration, a database error. The
 * message never holds a connection password.
 *
 * @example
 * ```ts
 * try {
 *   await openStore('mysql://x');
 * } catch (err) {
 *   if (err instanceof StoreError) console.error(err.message);
 * }
 * ```
 */
export class StoreError extends IxcCampsoftError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, {}, options);
  }
}

/**
 * A fenced commit found that its lease had passed to another owner (or expired), so nothing
 * was written: the caller must stop polling that tenant.
 *
 * @example
 * ```ts
 * try {
 *   await store.commitDetection({ ...page, lease: { name: 'poll:acme', owner: me } });
 * } catch (err) {
 *   if (err instanceof LeaseLostError) stopPolling();
 * }
 * ```
 */
export class LeaseLostError extends StoreError {
  /** The lease name. */
  readonly lease: string;

  constructor(lease: string) {
    super(`Lease "${lease}" is no longer held by this owner`);
    this.lease = lease;
  }
}
