// Fleet operations against moto on 210 secrets of mixed formats: 70 v1 envelopes, 80 legacy
// envelopes made by the seed recipe with the real openssl binary, 60 plain values. audit is the
// inventory; migrate and rewrap take prefixes, honour --dry-run, survive throttling (through the
// fault proxy), and a second run changes nothing. No output ever holds a value.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resetMoto, startFaultProxy } from '@envelope-kit/testkit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FleetNames, fleetValue, populateFleet } from './fleet-fixture.mjs';
import { BIN, cliEnv, createKey, envelope, getRawSecret } from './helpers.js';

const endpoint = inject('motoEndpoint');
let dir: string;
let fleet: FleetNames;
let oldArn: string;
let newArn: string;
let values: string[];

interface AuditJson {
  counts: { v1: number; legacy: number; plain: number; failed: number };
  secrets: {
    secret: string;
    format: string;
    keys: { provider: string; keyId: string }[];
    context: Record<string, string>;
    legacyWeakness: string | null;
    lastChanged: string | null;
  }[];
}

interface SummaryJson {
  command: string;
  dryRun: boolean;
  counts: { changed: number; unchanged: number; skipped: number; failed: number };
  secrets: { secret: string; status: string; legacyPassword?: string | null; legacyKeyId?: string }[];
}

beforeAll(async () => {
  await resetMoto(endpoint);
  dir = mkdtempSync(join(tmpdir(), 'envelope-cli-fleet-'));
  oldArn = await createKey(endpoint, 'alias/fleet-old');
  newArn = await createKey(endpoint, 'alias/fleet-new');
  fleet = await populateFleet({
    endpoint,
    dir,
    prefix: 'fleet/',
    keyAlias: 'alias/fleet-old',
    v1: 70,
    legacy: 80,
    plain: 60,
  });
  values = [...fleet.v1, ...fleet.legacy, ...fleet.plain].map(fleetValue);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function noValueIn(text: string): void {
  for (const value of values) expect(text.includes(value), 'a secret value in the output').toBe(false);
}

async function audit(...args: string[]): Promise<AuditJson> {
  const r = await envelope(endpoint, ['audit', 'fleet/*', '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  noValueIn(r.stdout + r.stderr);
  return JSON.parse(r.stdout) as AuditJson;
}

describe('a fleet of 210 secrets', () => {
  it('audit lists every secret with format, keys, context, legacy weakness and last change', async () => {
    const inventory = await audit();
    expect(inventory.counts).toEqual({ v1: 70, legacy: 80, plain: 60, failed: 0 });
    expect(inventory.secrets).toHaveLength(210);
    const byName = new Map(inventory.secrets.map((s) => [s.secret, s]));
    const v1 = byName.get(fleet.v1[0] as string);
    expect(v1).toMatchObject({
      format: 'v1',
      keys: [{ provider: 'aws-kms', keyId: oldArn }],
      context: { secret: fleet.v1[0] },
      legacyWeakness: null,
    });
    expect(Number.isNaN(Date.parse(v1?.lastChanged ?? ''))).toBe(false);
    for (const name of fleet.legacy) {
      const row = byName.get(name);
      expect(row?.format).toBe('legacy');
      expect(row?.keys).toEqual([{ provider: 'aws-kms', keyId: oldArn }]);
      expect(['none', 'shortened-password', 'empty-password']).toContain(row?.legacyWeakness);
    }
    for (const name of fleet.plain) expect(byName.get(name)).toMatchObject({ format: 'plain', keys: [] });
  }, 120_000);

  it('audit prints a table on a pipe, without a progress bar; --no-decrypt calls no KMS', async () => {
    const proxy = await startFaultProxy({ target: endpoint });
    const r = await envelope(endpoint, ['audit', 'fleet/legacy/*', '--no-decrypt'], {
      env: { AWS_ENDPOINT_URL: proxy.endpoint },
    }).finally(() => proxy.close());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SECRET\s+FORMAT\s+KEYS\s+CONTEXT\s+LEGACY WEAKNESS\s+LAST CHANGED$/);
    expect(lines).toHaveLength(82);
    expect(lines[1]).toMatch(/^fleet\/legacy\/0001\s+legacy\s+-\s+-\s+unknown: not checked\s+\d{4}-/);
    expect(lines.at(-1)).toBe('80 secret(s): 0 v1, 80 legacy, 0 plain, 0 failed');
    expect(Object.keys(proxy.stats()).filter((op) => op.startsWith('TrentService'))).toEqual([]);
    noValueIn(r.stdout);
  }, 60_000);

  it('on a terminal, stderr shows a progress bar (script(1) gives the CLI a pseudo-terminal)', () => {
    const command = `"${process.execPath}" "${BIN}" audit 'fleet/legacy/*' --no-decrypt`;
    const r = spawnSync('script', ['-qec', command, '/dev/null'], {
      encoding: 'utf8',
      env: cliEnv(endpoint),
    });
    expect(r.status, r.stdout).toBe(0);
    // Each redraw returns the carriage and erases the line (ESC [ 2 K) first.
    expect(r.stdout).toContain('\r\u001b[2Kaudit [');
    expect(r.stdout).toContain('audit [##############################] 80/80');
    expect(r.stdout).toContain('80 secret(s): 0 v1, 80 legacy, 0 plain, 0 failed');
  }, 60_000);

  it('migrate --dry-run says what it would do and writes nothing', async () => {
    const before = await getRawSecret(endpoint, fleet.legacy[0] as string);
    const r = await envelope(endpoint, [
      'migrate',
      'fleet/*',
      '--key',
      'alias/fleet-new',
      '--dry-run',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as SummaryJson;
    expect(summary).toMatchObject({
      command: 'migrate',
      dryRun: true,
      counts: { changed: 80, unchanged: 70, skipped: 60, failed: 0 },
    });
    expect(await getRawSecret(endpoint, fleet.legacy[0] as string)).toBe(before);
    expect((await audit()).counts.legacy).toBe(80);
  }, 120_000);

  it('migrate of every legacy secret survives throttling; a second run changes nothing', async () => {
    // 20% of KMS and Secrets Manager calls answer ThrottlingException: retried, never a failure.
    const proxy = await startFaultProxy({
      target: endpoint,
      seed: 14,
      rules: { '*': { throttle: 0.2 } },
    });
    const r = await envelope(endpoint, ['migrate', 'fleet/*', '--key', 'alias/fleet-new', '--json'], {
      env: { AWS_ENDPOINT_URL: proxy.endpoint },
    });
    const stats = proxy.stats();
    await proxy.close();
    expect(r.code, r.stderr).toBe(0);
    noValueIn(r.stdout + r.stderr);
    const summary = JSON.parse(r.stdout) as SummaryJson;
    expect(summary.counts).toEqual({ changed: 80, unchanged: 70, skipped: 60, failed: 0 });
    const throttled = Object.values(stats).reduce((n, s) => n + s.faults.throttle, 0);
    expect(throttled).toBeGreaterThan(10);
    expect(stats['secretsmanager.PutSecretValue']?.forwarded).toBe(80);
    for (const s of summary.secrets.filter((o) => o.status === 'changed')) expect(s.legacyKeyId).toBe(oldArn);

    const inventory = await audit();
    expect(inventory.counts).toEqual({ v1: 150, legacy: 0, plain: 60, failed: 0 });
    const migrated = inventory.secrets.find((s) => s.secret === fleet.legacy[0]);
    expect(migrated).toMatchObject({
      keys: [{ provider: 'aws-kms', keyId: newArn }],
      context: { secret: fleet.legacy[0] },
    });
    const pulled = await envelope(endpoint, ['pull', fleet.legacy[5] as string]);
    expect(pulled.stdout).toBe(fleetValue(fleet.legacy[5] as string));

    const counting = await startFaultProxy({ target: endpoint });
    const again = await envelope(endpoint, ['migrate', 'fleet/*', '--key', 'alias/fleet-new'], {
      env: { AWS_ENDPOINT_URL: counting.endpoint },
    }).finally(() => counting.close());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(
      /migrate: 210 secret\(s\): 0 migrated, 150 unchanged, 60 skipped, 0 failed\nnothing to do/,
    );
    expect(counting.stats()['secretsmanager.PutSecretValue']).toBeUndefined();
    expect(Object.keys(counting.stats()).filter((op) => op.startsWith('TrentService'))).toEqual([]);
  }, 240_000);

  it('rewrap of the whole fleet moves the old-key envelopes to the new key, once', async () => {
    const args = [
      'rewrap',
      'fleet/*',
      '--key',
      'alias/fleet-new',
      '--remove-key',
      'alias/fleet-old',
      '--json',
    ];
    const r = await envelope(endpoint, args);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as SummaryJson).counts).toEqual({
      changed: 70,
      unchanged: 80,
      skipped: 60,
      failed: 0,
    });
    const inventory = await audit();
    for (const row of inventory.secrets.filter((s) => s.format === 'v1')) {
      expect(row.keys).toEqual([{ provider: 'aws-kms', keyId: newArn }]);
    }
    const again = await envelope(endpoint, args);
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as SummaryJson).counts).toEqual({
      changed: 0,
      unchanged: 150,
      skipped: 60,
      failed: 0,
    });
    const pulled = await envelope(endpoint, ['pull', fleet.v1[3] as string, '--key', 'alias/fleet-new']);
    expect(pulled.stdout).toBe(fleetValue(fleet.v1[3] as string));
  }, 240_000);
});
