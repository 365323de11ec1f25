/** Real servers on 127.0.0.1:0 for adapter tests; every test closes what it opens. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listening server and how to stop it. */
export interface Listening {
  url: string;
  close(): Promise<void>;
}

/** Listens on a free loopback port. */
export async function listen(server: Server): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Polls until `check` is true, or fails after `ms`. */
export async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
