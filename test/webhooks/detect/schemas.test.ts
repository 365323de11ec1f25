import { compileErrors, validate } from '@readme/openapi-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { eventId } from '../../../src/webhooks/detect/diff.js';
import {
  addSeconds,
  ixcToEpoch,
  ixcToIso,
  parseUtcOffset,
} from '../../../src/webhooks/detect/time.js';
import {
  eventCliente,
  eventComponentName,
  WEBHOOK_EVENT_TYPES,
  WebhookEventSchema,
  webhookOpenApiFragment,
} from '../../../src/webhooks/events.js';

const sample = {
  type: 'contrato.internet_status_changed',
  timestamp: '2026-12-01T12:01:00.000Z',
  data: {
    tenant: 'acme',
    clienteId: 7,
    contratoId: 9,
    field: 'status_internet',
    previous: 'ativo',
    current: 'bloqueio_manual',
    previousCode: 'A',
    currentCode: 'CM',
    sequence: 3,
    detectedAt: '2026-12-01T12:01:00.000Z',
    ixcUpdatedAt: '2026-12-01T09:00:58-03:00',
  },
};

describe('event payloads and the OpenAPI webhooks fragment', () => {
  it('is a valid OpenAPI 3.1 document once placed in one, with one webhook per event type', async () => {
    const { webhooks, schemas } = webhookOpenApiFragment();
    expect(Object.keys(webhooks)).toEqual([...WEBHOOK_EVENT_TYPES]);
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      webhooks,
      components: { schemas },
    };
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('describes the payloads the watcher sends, and refuses a readable value from another field', () => {
    const { schemas } = webhookOpenApiFragment();
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ components: { schemas } }, 'doc');
    const check = (name: string, value: unknown) =>
      ajv.validate({ $ref: `doc#/components/schemas/${name}` }, value);
    expect(check(eventComponentName('contrato.internet_status_changed'), sample)).toBe(true);
    const wrong = { ...sample, data: { ...sample.data, current: 'bloqueado' } };
    expect(check(eventComponentName('contrato.internet_status_changed'), wrong)).toBe(false);
    expect(WebhookEventSchema.safeParse(sample).success).toBe(true);
    expect(WebhookEventSchema.safeParse(wrong).success).toBe(false);
  });

  it('masks the CPF of an endpoint that opted in to customer details', () => {
    expect(
      eventCliente({ nome: 'Ana', cnpjCpf: '123.456.789-09', email: 'ana@exemplo.com.br' }),
    ).toEqual({ nome: 'Ana', cnpjCpf: '***.456.789-**', email: 'ana@exemplo.com.br' });
    expect(
      eventCliente({ nome: 'Ana', cnpjCpf: '123.456.789-09', email: null }, false).cnpjCpf,
    ).toBe('123.456.789-09');
  });
});

describe('event ids and IXC time', () => {
  const parts = {
    tenant: 'acme',
    kind: 'contrato',
    entityId: '9',
    field: 'status_internet',
    value: 'CM',
    ixcUpdatedAt: '2026-12-01T09:00:58-03:00',
    sequence: 3,
  };

  it('gives the same change the same id, and any other change another', () => {
    expect(eventId(parts)).toBe(eventId({ ...parts }));
    expect(eventId(parts)).toMatch(/^evt_[0-9a-f]{32}$/);
    for (const [k, v] of Object.entries({ tenant: 'b', entityId: '10', value: 'A', sequence: 4 })) {
      expect(eventId({ ...parts, [k]: v })).not.toBe(eventId(parts));
    }
  });

  it('reads IXC wall-clock times at the configured offset', () => {
    expect(parseUtcOffset('-03:00')).toBe(-180);
    expect(parseUtcOffset('+05:30')).toBe(330);
    expect(() => parseUtcOffset('BRT')).toThrow(TypeError);
    expect(ixcToIso('2026-12-01 09:00:58', -180)).toBe('2026-12-01T09:00:58-03:00');
    expect(ixcToIso('0000-00-00 00:00:00', -180)).toBeNull();
    expect(ixcToEpoch('2026-12-01 09:00:58', -180)).toBe(Date.parse('2026-12-01T12:00:58Z'));
    expect(addSeconds('2026-01-01 00:02:00', -300)).toBe('2025-12-31 23:57:00');
  });
});
