/**
 * The store for webhooks, idempotency records, audit records and leases.
 *
 * @packageDocumentation
 */
export { LeaseLostError, StoreError } from './errors.js';
export { isPostgresUrl, openStore } from './open.js';
export * from './types.js';
