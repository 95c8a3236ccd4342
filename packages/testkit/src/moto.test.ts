import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MotoServer, startMoto } from './moto.js';

describe('startMoto', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  }, 30_000);
  afterAll(() => moto?.stop());

  it('answers on a loopback port, resets, and stops', async () => {
    expect(moto.endpoint).toBe(`http://127.0.0.1:${moto.port}`);
    const answer = await fetch(new URL('/moto-api/', moto.endpoint));
    expect(answer.ok).toBe(true);
    await answer.arrayBuffer();
    await expect(moto.reset()).resolves.toBeUndefined();
    await moto.stop();
    await moto.stop(); // idempotent
    await expect(fetch(new URL('/moto-api/', moto.endpoint))).rejects.toThrow();
  });
});
