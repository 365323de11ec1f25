/**
 * The write primitives against the simulator: what IXC answers becomes a row id, a definite
 * rejection (nothing applied), or an "unknown" outcome (maybe applied); never a retry.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  isIxcConnectionError,
  isIxcWriteRejectedError,
  isIxcWriteUnknownError,
} from '../../../src/index.js';
import { DEFAULT_RETRY } from '../../../src/ixc/retry.js';
import { IxcTransport } from '../../../src/ixc/transport.js';
import { IxcWriter } from '../../../src/ixc/write.js';
import { type IxcSimulator, startIxcSimulator } from '../../../src/testing/index.js';

let sim: IxcSimulator;

function writerFor(url: string, token: string, timeout = 2_000): IxcWriter {
  return new IxcWriter(
    new IxcTransport({
      apiUrl: `${url}/webservice/v1/`,
      token,
      timeout,
      maxRetries: 3,
      retry: DEFAULT_RETRY,
      headers: {},
      fetch: undefined,
      tls: undefined,
    }),
  );
}

const line = {
  tipo: 'SVA',
  id_plano: '0',
  id_produto: '3',
  descricao: 'Deezer Premium',
  qtde: '1',
  valor_unit: '10.00',
  id_vd_contrato: '0',
  id_contrato: '1',
  fixar_ip: '0',
};

let writer: IxcWriter;
beforeAll(async () => {
  sim = await startIxcSimulator();
  writer = writerFor(sim.url, sim.token);
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.engine.reset();
  sim.engine.faults.clear();
  sim.engine.clearRequests();
});

const lines = () => sim.engine.tables.count('vd_contratos_produtos');

describe('IxcWriter', () => {
  it('inserts without the listar header, every value a string, and returns the id', async () => {
    const before = lines();
    const { id } = await writer.insert('vd_contratos_produtos', line);
    expect(sim.engine.tables.get('vd_contratos_produtos', id)?.id_produto).toBe('3');
    expect(lines()).toBe(before + 1);
    const [request] = sim.engine.requests;
    expect(request).toMatchObject({ method: 'POST', kind: 'insert' });
  });

  it('reads an id sent as a number', async () => {
    sim.engine.faults.add({
      kind: 'insert',
      status: 200,
      body: '{"type":"success","message":"Record successfully inserted!","id":2,"atualiza_campos":[]}',
    });
    expect(await writer.insert('vd_contratos_produtos', line)).toEqual({ id: 2 });
  });

  it('updates a row with its full record and deletes it', async () => {
    const { id } = await writer.insert('vd_contratos_produtos', line);
    const { id: _id, ...full } = sim.engine.tables.get('vd_contratos_produtos', id)!;
    await writer.update('vd_contratos_produtos', id, { ...full, valor_unit: '12.00' });
    expect(sim.engine.tables.get('vd_contratos_produtos', id)?.valor_unit).toBe('12.000000000');
    await writer.remove('vd_contratos_produtos', id);
    expect(sim.engine.tables.get('vd_contratos_produtos', id)).toBeUndefined();
  });

  it('presses a button and returns its answer, Portuguese keys included', async () => {
    sim.engine.faults.add({
      table: 'desbloqueio_confianca',
      status: 200,
      body: '{"tipo":"erro","codigo":"107","mensagem":"O contrato já encontra-se ativo"}',
      times: 1,
    });
    const err = await writer.button('desbloqueio_confianca', { id: '1' }).catch((e) => e);
    expect(isIxcWriteRejectedError(err) && err.ixcMessage).toBe('O contrato já encontra-se ativo');
    sim.engine.faults.add({
      table: 'cliente_contrato_15464',
      status: 200,
      body: '{"type":"success","message":"Contrato liberado"}',
    });
    expect(await writer.button('cliente_contrato_15464', { id_contrato: '8' })).toEqual({
      type: 'success',
      message: 'Contrato liberado',
    });
  });

  describe('definite rejections: nothing applied, one request', () => {
    const cases = [
      ['IXC type:error on 200', { ixcError: 'O campo id_contrato é obrigatório!<br />' }, 'json'],
      ['the HTML div on 200', { html: true }, 'html'],
      ['a 4xx', { status: 403 }, undefined],
    ] as const;
    for (const [name, fault, format] of cases) {
      it(name, async () => {
        const before = lines();
        sim.engine.faults.add({ kind: 'insert', ...fault });
        const err = await writer.insert('vd_contratos_produtos', line).catch((e) => e);
        expect(isIxcWriteRejectedError(err)).toBe(true);
        if (format) expect(err.format).toBe(format);
        expect(lines()).toBe(before);
        expect(sim.engine.requests).toHaveLength(1);
      });
    }

    it('a partial PUT, which IXC answers with its HTML error', async () => {
      const err = await writer
        .update('vd_contratos_produtos', 1, { valor_unit: '1.00' })
        .catch((e) => e);
      expect(isIxcWriteRejectedError(err) && err.format).toBe('html');
      expect(sim.engine.tables.get('vd_contratos_produtos', 1)?.valor_unit).toBe('99.900000000');
    });

    it('IXC refusing the write itself', async () => {
      const err = await writer
        .insert('vd_contratos_produtos', { ...line, id_contrato: '0' })
        .catch((e) => e);
      expect(isIxcWriteRejectedError(err) && err.ixcMessage).toMatch(/Informe o plano/);
    });
  });

  describe('unknown outcomes: maybe applied, never resent', () => {
    it('a reset after IXC applied the insert', async () => {
      const before = lines();
      sim.engine.faults.add({ kind: 'insert', reset: true, times: 1 });
      const err = await writer.insert('vd_contratos_produtos', line).catch((e) => e);
      expect(isIxcWriteUnknownError(err) && err.reason).toBe('connection');
      expect(lines()).toBe(before + 1);
      expect(sim.engine.requests).toHaveLength(1);
    });

    it('a timeout', async () => {
      sim.engine.faults.add({ kind: 'update', hang: true, times: 1 });
      const fast = writerFor(sim.url, sim.token, 200);
      const err = await fast.update('sva_usuarios', 6, { status_integracao: 'B' }).catch((e) => e);
      expect(isIxcWriteUnknownError(err) && err.reason).toBe('timeout');
      expect(sim.engine.requests).toHaveLength(1);
    });

    for (const status of [500, 502, 503, 504]) {
      it(`HTTP ${status}`, async () => {
        sim.engine.faults.add({ kind: 'delete', status });
        const err = await writer.remove('vd_contratos_produtos', 1).catch((e) => e);
        expect(isIxcWriteUnknownError(err) && [err.reason, err.status]).toEqual([
          'server-error',
          status,
        ]);
        expect(sim.engine.requests).toHaveLength(1);
      });
    }

    it('a cut body', async () => {
      sim.engine.faults.add({ kind: 'insert', truncate: true });
      const err = await writer.insert('vd_contratos_produtos', line).catch((e) => e);
      expect(isIxcWriteUnknownError(err) && err.reason).toBe('malformed');
    });

    it('a success without an id', async () => {
      sim.engine.faults.add({ kind: 'insert', status: 200, body: '{"type":"success"}' });
      const err = await writer.insert('vd_contratos_produtos', line).catch((e) => e);
      expect(isIxcWriteUnknownError(err) && err.reason).toBe('malformed');
    });
  });

  it('a connection that cannot be opened is not an unknown outcome', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const { port: p } = s.address() as { port: number };
        s.close(() => resolve(p));
      });
    });
    const err = await writerFor(`http://127.0.0.1:${port}`, sim.token)
      .insert('vd_contratos_produtos', line)
      .catch((e) => e);
    expect(isIxcConnectionError(err)).toBe(true);
    expect(isIxcWriteUnknownError(err)).toBe(false);
  });

  it('never puts the token in a message', async () => {
    const hash = sim.token.split(':')[1]!;
    sim.engine.faults.add({ kind: 'insert', ixcError: `token ${sim.token} ${hash} inválido` });
    sim.engine.faults.add({ kind: 'update', status: 502, body: `<p>${btoa(sim.token)}</p>` });
    const a = await writer.insert('vd_contratos_produtos', line).catch((e) => e);
    const b = await writer.update('sva_usuarios', 6, {}).catch((e) => e);
    for (const err of [a, b]) {
      expect(String(err.message)).not.toContain(hash);
      expect(String(err.message)).not.toContain(btoa(sim.token));
      expect(JSON.stringify(err)).not.toContain(hash);
    }
    expect(a.message).toContain('[REDACTED]');
  });
});
