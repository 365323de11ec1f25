/**
 * Limits shared by the management schemas and the delivery guard. Kept apart from the guard,
 * which needs `node:dns` and `node:net`, so the router's bundle does not load them.
 *
 * @packageDocumentation
 */

/** Longest endpoint URL accepted. */
export const MAX_URL_LENGTH = 2048;
