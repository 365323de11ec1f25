import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IxcSimulator, startIxcSimulator } from '../../src/testing/index.js';

let ixc: IxcSimulator;

beforeAll(async () => {
  ixc = await startIxcSimulator();
});
afterAll(async () => {
  await ixc.close();
});

/** The collection's body for get_boleto. */
const body = (boletos: string, base64: 'S' | 'N') => ({
  boletos,
  juro: 'N',
  multa: 'N',
  atualiza_boleto: 'N',
  tipo_boleto: 'arquivo',
  base64,
});

const getBoleto = (payload: unknown, headers: Record<string, string> = {}) =>
  fetch(`${ixc.url}/webservice/v1/get_boleto`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${btoa(ixc.token)}`,
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify(payload),
  });

/** Checks the PDF's structure: header, trailer and every xref offset pointing at its object. */
function expectValidPdf(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString('latin1');
  expect(text.startsWith('%PDF-1.4\n')).toBe(true);
  expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
  const startxref = Number(/startxref\n(\d+)\n/.exec(text)?.[1]);
  expect(text.slice(startxref, startxref + 4)).toBe('xref');
  const entries = text.slice(startxref).match(/^(\d{10}) 00000 n $/gm) ?? [];
  expect(entries).toHaveLength(5);
  entries.forEach((entry, i) => {
    const offset = Number(entry.slice(0, 10));
    expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
  });
  const length = Number(/\/Length (\d+)/.exec(text)?.[1]);
  const stream = text.slice(text.indexOf('stream\n') + 7, text.indexOf('\nendstream'));
  expect(stream.length).toBe(length);
  return text;
}

describe('get_boleto', () => {
  it('with base64 "S" answers the bare base64 of a PDF of the invoice', async () => {
    const res = await getBoleto(body('4', 'S'));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const pdf = expectValidPdf(Buffer.from(text, 'base64'));
    const invoice = ixc.engine.tables.get('fn_areceber', 4);
    expect(pdf).toContain('(Boleto 4)');
    expect(pdf).toContain(String(invoice?.linha_digitavel));
    expect(pdf).toContain('Maria Aparecida da Silva');
    expect(pdf).toContain(`R$ ${invoice?.valor}`);
  });

  it('without base64 answers the PDF bytes (also to GET with ixcsoft: listar)', async () => {
    const res = await getBoleto(body('4', 'N'));
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expectValidPdf(bytes);
    const viaFetch = await ixc.engine.fetch(
      new Request('http://ixc.test/webservice/v1/get_boleto', {
        method: 'POST',
        headers: { authorization: `Basic ${btoa(ixc.token)}`, ixcsoft: 'listar' },
        body: JSON.stringify(body('4', 'N')),
      }),
    );
    expect(new Uint8Array(await viaFetch.arrayBuffer())).toEqual(bytes);
    const engineSide = ixc.engine.buttons.boleto(4);
    expect(
      engineSide.type === 'success' && Buffer.from(engineSide.pdf).equals(Buffer.from(bytes)),
    ).toBe(true);
  });

  it('answers IXC errors for unknown and cancelled invoices', async () => {
    expect(await (await getBoleto(body('9999', 'S'))).json()).toEqual({
      type: 'error',
      message: 'Boleto não encontrado!',
    });
    const cancelled = ixc.engine.tables.find('fn_areceber', (r) => r.status === 'C')[0];
    expect(await (await getBoleto(body(String(cancelled?.id), 'S'))).json()).toEqual({
      type: 'error',
      message: 'Boleto cancelado não pode ser impresso!',
    });
    expect(ixc.engine.buttons.boleto(9999)).toEqual({
      type: 'error',
      message: 'Boleto não encontrado!',
    });
  });

  it('needs auth like every endpoint', async () => {
    const res = await fetch(`${ixc.url}/webservice/v1/get_boleto`, {
      method: 'POST',
      body: JSON.stringify(body('4', 'S')),
    });
    expect(res.status).toBe(401);
  });
});
