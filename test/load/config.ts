/** Settings shared by the load generator and the server under load. */

/** The API key the load generator sends. */
export const LOAD_KEY = 'load-test-key-0123456789abcdefghij';
/** Customers of the generated IXC behind the router. */
export const CLIENTES = 2_000;
/** Contracts per page asked of `/clientes/planos`. */
export const PAGE_SIZE = 20;
