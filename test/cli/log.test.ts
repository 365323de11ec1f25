/**
 * The human log lines of a terminal, made from pino's JSON lines.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, prettyLine } from '../../src/cli/log.js';

function capture(format: 'json' | 'pretty') {
  const out: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      out.push(String(chunk));
      done();
    },
  });
  return { out, log: createLogger({ format, level: 'info', destination }) };
}

describe('log lines', () => {
  it('on a terminal: time, level, the request in words, then the other fields', () => {
    const { out, log } = capture('pretty');
    log.info(
      {
        method: 'GET',
        route: '/api/v1/planos',
        status: 200,
        durationMs: 3.1,
        tenant: 'isp1',
        keyName: 'portal',
      },
      'campsoft request',
    );
    expect(out.join('')).toMatch(
      /^\d\d:\d\d:\d\d info {2}GET \/api\/v1\/planos 200 3\.1ms {2}tenant=isp1 keyName=portal\n$/,
    );
  });

  it('off a terminal: one JSON object per line, secrets blanked should one be passed', () => {
    const { out, log } = capture('json');
    log.warn({ token: '12:abc', headers: { authorization: 'Basic eHl6' }, tenant: 'isp1' }, 'x');
    const line = JSON.parse(out.join(''));
    expect(line).toMatchObject({ level: 40, levelName: 'warn', tenant: 'isp1', msg: 'x' });
    expect(line.token).toBe('[redacted]');
    expect(line.headers.authorization).toBe('[redacted]');
  });

  it('passes a line that is not JSON through', () => {
    expect(prettyLine('plain')).toBe('plain');
  });
});
