import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { countRounds, createIxcEngine, startIxcSimulator } from '../../src/testing/index.js';
import { makeSelfSigned } from '../helpers/self-signed.js';

const listarInit = (
  token: string,
  body: unknown,
): { method: string; headers: Record<string, string>; body: string } => ({
  method: 'POST',
  headers: {
    ixcsoft: 'listar',
    authorization: `Basic ${btoa(token)}`,
    'content-type': 'application/json',
  },
  body: JSON.stringify(body),
});

describe('HTTP simulator', () => {
  it('listens on 127.0.0.1 with a free port and serves the protocol', async () => {
    const ixc = await startIxcSimulator();
    try {
      expect(ixc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(
        `${ixc.url}/webservice/v1/cliente`,
        listarInit(ixc.token, { qtype: 'cliente.id', query: '7', oper: '=' }),
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/x-json; charset=utf-8');
      expect(res.headers.get('set-cookie')).toMatch(/IXC_Session=/);
      const body = (await res.json()) as { registros: { razao: string }[] };
      expect(body.registros[0]?.razao).toBe('Ricardo Almeida Ferreira');
      expect(
        (
          await fetch(`${ixc.url}/webservice/v1/cliente`, {
            method: 'POST',
            headers: { ixcsoft: 'listar' },
          })
        ).status,
      ).toBe(401);
    } finally {
      await ixc.close();
    }
  });

  it('serves a GET with a body and the header as a query (IXC Postman style)', async () => {
    const ixc = await startIxcSimulator();
    try {
      const payload = JSON.stringify({ qtype: 'cliente.id', query: '3', oper: '=' });
      const url = new URL(`${ixc.url}/webservice/v1/cliente`);
      const { status, text } = await new Promise<{ status: number; text: string }>(
        (resolve, reject) => {
          const req = httpRequest(
            url,
            {
              method: 'GET',
              headers: {
                ixcsoft: 'listar',
                authorization: `Basic ${btoa(ixc.token)}`,
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(payload),
              },
            },
            (res) => {
              let data = '';
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => {
                data += chunk;
              });
              res.on('end', () => resolve({ status: res.statusCode ?? 0, text: data }));
            },
          );
          req.on('error', reject);
          req.end(payload);
        },
      );
      expect(status).toBe(200);
      expect(JSON.parse(text).registros[0].id).toBe('3');
    } finally {
      await ixc.close();
    }
  });

  it('closes promptly with kept-alive sockets open, and stops accepting', async () => {
    const ixc = await startIxcSimulator();
    const agent = new Agent({ keepAliveTimeout: 60_000 });
    const res = await undiciFetch(`${ixc.url}/webservice/v1/produtos`, {
      ...listarInit(ixc.token, { rp: 1 }),
      dispatcher: agent,
    });
    await res.text();
    await ixc.close();
    await expect(
      fetch(`${ixc.url}/webservice/v1/produtos`, listarInit(ixc.token, {})),
    ).rejects.toThrow();
    await agent.close();
  });

  it('survives a client that disconnects mid-upload', async () => {
    const ixc = await startIxcSimulator();
    try {
      const { port } = new URL(ixc.url);
      await new Promise<void>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(
            `POST /webservice/v1/cliente HTTP/1.1\r\nHost: x\r\nixcsoft: listar\r\nContent-Length: 100\r\n\r\n{"rp":`,
          );
          setTimeout(() => {
            socket.destroy();
            resolve();
          }, 30);
        });
      });
      await new Promise((r) => setTimeout(r, 30));
      const res = await fetch(`${ixc.url}/webservice/v1/cliente`, listarInit(ixc.token, { rp: 1 }));
      expect(res.status).toBe(200);
    } finally {
      await ixc.close();
    }
  });

  it('serves an existing engine and applies engine options', async () => {
    const engine = createIxcEngine({ dataset: {}, totalAsNumber: true });
    const ixc = await startIxcSimulator({ engine, host: '127.0.0.1', port: 0 });
    try {
      expect(ixc.engine).toBe(engine);
      const res = await fetch(`${ixc.url}/webservice/v1/cliente`, listarInit(ixc.token, {}));
      expect(await res.json()).toEqual({ page: '1', total: 0 });
    } finally {
      await ixc.close();
    }
  });

  it('logs requests with timings that countRounds turns into waves', async () => {
    const ixc = await startIxcSimulator({ latencyMs: 25 });
    try {
      const get = (table: string) =>
        fetch(`${ixc.url}/webservice/v1/${table}`, listarInit(ixc.token, { rp: 1 })).then((r) =>
          r.text(),
        );
      await get('vd_contratos');
      await Promise.all([get('cliente'), get('cliente_contrato'), get('produtos')]);
      await get('sva_usuarios');
      const log = ixc.engine.requests;
      expect(log[0]?.table).toBe('vd_contratos');
      expect(new Set(log.slice(1, 4).map((e) => e.table))).toEqual(
        new Set(['cliente', 'cliente_contrato', 'produtos']),
      );
      expect(log[4]?.table).toBe('sva_usuarios');
      expect(log).toHaveLength(5);
      expect(
        log.every((e) => e.kind === 'list' && e.status === 200 && e.finishedAt >= e.startedAt),
      ).toBe(true);
      expect(log[0]?.body).toEqual({ rp: '1' });
      expect(countRounds(log)).toBe(3);
      ixc.engine.clearRequests();
      expect(ixc.engine.requests).toHaveLength(0);
    } finally {
      await ixc.close();
    }
  });
});

describe('HTTPS simulator (self-signed certificate)', () => {
  let key: string;
  let cert: string;

  beforeAll(() => {
    ({ key, cert } = makeSelfSigned());
  });

  it('serves HTTPS that a client trusting the CA can query', async () => {
    const ixc = await startIxcSimulator({ https: { key, cert } });
    const trusting = new Agent({ connect: { ca: cert } });
    const strict = new Agent();
    try {
      expect(ixc.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const res = await undiciFetch(`${ixc.url}/webservice/v1/produtos`, {
        ...listarInit(ixc.token, { qtype: 'produtos.id', query: '1', oper: '=' }),
        dispatcher: trusting,
      });
      expect(res.status).toBe(200);
      expect(
        ((await res.json()) as { registros: { descricao: string }[] }).registros[0]?.descricao,
      ).toBe('Campsoft Cursos');
      await expect(
        undiciFetch(`${ixc.url}/webservice/v1/produtos`, {
          ...listarInit(ixc.token, {}),
          dispatcher: strict,
        }),
      ).rejects.toThrow();
    } finally {
      await ixc.close();
      await trusting.close();
      await strict.close();
    }
  });
});
