/**
 * Starting and stopping servers for the benchmarks: in-process on 127.0.0.1:0, or in a
 * forked child process (its own event loop and heap, so that on a 2-core machine the server
 * under test and the load generator each get a core instead of sharing one).
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** A listening server. */
export interface Running {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 with a free port. */
export async function listen(server: Server): Promise<Running> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
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

/** Message a child server sends once it listens. */
export interface ReadyMessage {
  ready: true;
  port: number;
}

/** A server running in a child process. */
export interface ChildServer extends Running {
  child: ChildProcess;
  /** Asks the child for a value (`{ ask }` → `{ answer }`), e.g. its memory use. */
  ask<T = unknown>(question: string): Promise<T>;
}

/**
 * Forks `script` (a TypeScript file next to this one) under tsx with `args`, and resolves
 * once it reports the port it listens on. `execArgv` adds Node flags (`--expose-gc`…).
 */
export function forkServer(
  script: string,
  args: string[],
  execArgv: string[] = [],
): Promise<ChildServer> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = fork(path, args, {
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) =>
      reject(new Error(`${script} ${args.join(' ')} exited with ${code} before listening`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.once('message', (message: ReadyMessage) => {
      child.off('exit', onExit);
      resolve({
        child,
        url: `http://127.0.0.1:${message.port}`,
        ask: <T>(question: string) =>
          new Promise<T>((ok) => {
            child.once('message', (m: { answer: T }) => ok(m.answer));
            child.send({ ask: question });
          }),
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** Runs `fn` in a child process started from `script`, returning what the child sends back. */
export function forkTask<T>(script: string, args: string[], execArgv: string[] = []): Promise<T> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = fork(path, args, {
    execArgv: ['--import', 'tsx', ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let result: T | undefined;
    let got = false;
    child.once('message', (message: T) => {
      result = message;
      got = true;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (got) resolve(result as T);
      else reject(new Error(`${script} ${args.join(' ')} exited with ${code} without a result`));
    });
  });
}
