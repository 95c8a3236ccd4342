import { describe, expect, it } from 'vitest';
import { readInputs } from './inputs.js';
import { buildPlan, type Plan } from './plan.js';
import { runPost } from './post.js';
import { EXPORTED_NAMES_STATE, publish } from './publish.js';
import type { SummaryWriter } from './summary.js';
import type { ActionsIO } from './toolkit.js';
import type { Variable } from './variables.js';

/** Records every call to the runner, in order, as [method, ...args]. */
function recorder(state: Record<string, string> = {}, inputs: Record<string, string> = {}) {
  const calls: [string, ...string[]][] = [];
  const record = (...call: [string, ...string[]]) => {
    calls.push(call);
    return summary;
  };
  const summary: SummaryWriter = {
    addHeading: (text) => record('summary.heading', text),
    addRaw: (text) => record('summary.raw', text),
    addTable: (rows) => record('summary.table', JSON.stringify(rows)),
    write: async () => record('summary.write'),
  };
  const io: ActionsIO = {
    getInput: (name) => inputs[name] ?? '',
    setSecret: (s) => calls.push(['setSecret', s]),
    exportVariable: (n, v) => calls.push(['exportVariable', n, v]),
    setOutput: (n, v) => calls.push(['setOutput', n, v]),
    saveState: (n, v) => calls.push(['saveState', n, v]),
    getState: (n) => state[n] ?? '',
    setFailed: (m) => calls.push(['setFailed', m]),
    warning: (m) => calls.push(['warning', m]),
    info: (m) => calls.push(['info', m]),
    summary,
  };
  return { io, calls };
}

function plan(values: Record<string, string> = {}): Plan {
  return buildPlan(
    readInputs((name) => ({ 'secret-ids': 'x', ...values })[name] ?? ''),
    { workspace: '/ws', workflow: { repository: undefined, ref: undefined, environment: undefined } },
  );
}

const variable = (name: string, value: string, extra: Partial<Variable> = {}): Variable => ({
  name,
  value,
  source: `src/${name}`,
  format: 'v1',
  keyId: 'arn:aws:kms:us-east-1:111122223333:key/k',
  warnings: [],
  chosenBy: 'author',
  ...extra,
});

describe('publish', () => {
  const variables = [
    variable('DB_USER', 'admin'),
    variable('DB_PASS', 'p%a::ss\nword=<<EOF'),
    variable('EMPTY', ''),
  ];
  const masks = ['{"user":"admin"}', 'admin', 'p%a::ss\nword=<<EOF'];

  it('registers exactly the masks it is given, before any export, output, state or log line', async () => {
    const { io, calls } = recorder();
    const names = await publish(io, plan({ 'set-outputs': 'true' }), { variables, masks, failures: [] });
    expect(names).toEqual(['DB_USER', 'DB_PASS', 'EMPTY']);
    const firstOther = calls.findIndex(([m]) => m !== 'setSecret');
    const lastMask = calls.map(([m]) => m).lastIndexOf('setSecret');
    expect(lastMask).toBeLessThan(firstOther);
    expect(calls.filter(([m]) => m === 'setSecret').map(([, s]) => s)).toEqual([
      '{"user":"admin"}',
      'admin',
      'p%a::ss\nword=<<EOF',
    ]);
    expect(calls.filter(([m]) => m === 'exportVariable')).toEqual([
      ['exportVariable', 'DB_USER', 'admin'],
      ['exportVariable', 'DB_PASS', 'p%a::ss\nword=<<EOF'],
      ['exportVariable', 'EMPTY', ''],
    ]);
    expect(calls).toContainEqual(['setOutput', 'DB_PASS', 'p%a::ss\nword=<<EOF']);
    expect(calls).toContainEqual(['setOutput', 'names', '["DB_USER","DB_PASS","EMPTY"]']);
    expect(calls).toContainEqual(['saveState', EXPORTED_NAMES_STATE, '["DB_USER","DB_PASS","EMPTY"]']);
  });

  it('exports nothing when anything failed, and lists every failure', async () => {
    const { io, calls } = recorder();
    const names = await publish(io, plan(), {
      variables,
      masks,
      failures: [
        { subject: 'prod/missing', code: 'ERR_SECRET_NOT_FOUND', message: 'secret not found' },
        { subject: 'prod/tampered', code: 'ERR_DECRYPTION_FAILED', message: 'decryption failed' },
      ],
    });
    expect(names).toEqual([]);
    expect(calls.map(([m]) => m)).toEqual(['setSecret', 'setSecret', 'setSecret', 'setFailed']);
    const message = calls.at(-1)?.[1] ?? '';
    expect(message).toContain('prod/missing: ERR_SECRET_NOT_FOUND secret not found');
    expect(message).toContain('prod/tampered: ERR_DECRYPTION_FAILED decryption failed');
    expect(message).not.toContain('admin');
  });

  it('export-env false sets outputs only and saves no names for cleanup', async () => {
    const { io, calls } = recorder();
    await publish(io, plan({ 'export-env': 'false', 'set-outputs': 'true' }), {
      variables,
      masks,
      failures: [],
    });
    expect(calls.some(([m]) => m === 'exportVariable')).toBe(false);
    expect(calls).toContainEqual(['saveState', EXPORTED_NAMES_STATE, '[]']);
    expect(calls).toContainEqual(['setOutput', 'DB_USER', 'admin']);
  });

  it('the summary and the log hold names, sources, formats and key ids but no value', async () => {
    const { io, calls } = recorder();
    await publish(io, plan(), {
      variables: [
        variable('LEGACY', 's3cr3t-value', {
          format: 'legacy',
          warnings: ['legacy envelope: openssl password was shortened'],
        }),
      ],
      masks: ['s3cr3t-value'],
      failures: [],
    });
    const reported = calls.filter(([m]) => !['setSecret', 'exportVariable', 'setOutput'].includes(m));
    expect(JSON.stringify(reported)).not.toContain('s3cr3t-value');
    const table = calls.find(([m]) => m === 'summary.table')?.[1] ?? '';
    expect(table).toContain('LEGACY');
    expect(table).toContain('src/LEGACY');
    expect(table).toContain('legacy');
    expect(table).toContain('arn:aws:kms:us-east-1:111122223333:key/k');
    expect(calls).toContainEqual(['warning', 'src/LEGACY: legacy envelope: openssl password was shortened']);
  });

  it('exports the cleanup list before the variables', async () => {
    const { io, calls } = recorder();
    await publish(io, plan(), { variables, masks, failures: [], cleanupList: '["OLD","DB_USER"]' });
    const exports = calls.filter(([m]) => m === 'exportVariable');
    expect(exports[0]).toEqual(['exportVariable', 'SECRETS_LIST_CLEAN_UP', '["OLD","DB_USER"]']);
    expect(exports).toHaveLength(4);
  });

  it('saves the cleanup state before the first export (GITHUB_STATE, then SECRETS_LIST_CLEAN_UP)', async () => {
    const { io, calls } = recorder();
    await publish(io, plan(), { variables, masks, failures: [], cleanupList: '["DB_USER"]' });
    const methods = calls.map(([m]) => m).filter((m) => m !== 'setSecret');
    expect(methods.slice(0, 2)).toEqual(['saveState', 'exportVariable']);
    expect(calls.find(([m]) => m === 'exportVariable')?.[1]).toBe('SECRETS_LIST_CLEAN_UP');
  });

  /** A runner whose `failOn` write throws an fs error, with an optional checkpoint that undoes. */
  function failingRecorder(failOn: string, undo?: { restored: string[]; failed: string[] }) {
    const { io, calls } = recorder();
    const eacces = Object.assign(new Error('EACCES: permission denied, open /runner/file_commands/x'), {
      code: 'EACCES',
    });
    const failing: ActionsIO = {
      ...io,
      exportVariable: (n, v) => {
        if (`env:${n}` === failOn) throw eacces;
        io.exportVariable(n, v);
      },
      setOutput: (n, v) => {
        if (`output:${n}` === failOn) throw eacces;
        io.setOutput(n, v);
      },
      ...(undo && { checkpoint: () => ({ rollback: () => (calls.push(['rollback']), undo) }) }),
    };
    return { io: failing, calls };
  }

  it('a write failing part-way is undone where the runner allows and reported exactly', async () => {
    const { io, calls } = failingRecorder('output:DB_PASS', {
      restored: ['GITHUB_ENV', 'GITHUB_OUTPUT'],
      failed: [],
    });
    const names = await publish(io, plan({ 'set-outputs': 'true' }), { variables, masks, failures: [] });
    expect(names).toEqual([]);
    expect(calls).toContainEqual(['rollback']);
    const failed = calls.find(([m]) => m === 'setFailed')?.[1] ?? '';
    expect(failed).toBe(
      [
        'the export failed, nothing was exported:',
        'src/DB_PASS: ERR_EXPORT_FAILED could not write output DB_PASS (EACCES)',
        'undone: GITHUB_ENV, GITHUB_OUTPUT cut back to before this step',
      ].join('\n'),
    );
    // Everything was undone: the state saved first is emptied, so the post step blanks nothing.
    expect(calls.filter(([m]) => m === 'saveState').map(([, , v]) => v)).toEqual([
      '["DB_USER","DB_PASS","EMPTY"]',
      '[]',
    ]);
    expect(calls.some(([m]) => m === 'info' || m.startsWith('summary.'))).toBe(false);
  });

  it('what cannot be undone is listed by name, and the state saved first lets the post step blank it', async () => {
    for (const undo of [undefined, { restored: [], failed: ['GITHUB_ENV (EROFS)'] }]) {
      const { io, calls } = failingRecorder('output:DB_PASS', undo);
      await publish(io, plan({ 'set-outputs': 'true' }), { variables, masks, failures: [] });
      const failed = calls.find(([m]) => m === 'setFailed')?.[1] ?? '';
      expect(failed).toContain('the export failed part-way:');
      expect(failed).toContain('src/DB_PASS: ERR_EXPORT_FAILED could not write output DB_PASS (EACCES)');
      expect(failed).toContain(
        'still exported to the environment: DB_USER, DB_PASS (the post step blanks them)',
      );
      expect(failed).toContain('still set as outputs: DB_USER');
      if (undo) expect(failed).toContain('could not undo: GITHUB_ENV (EROFS)');
      expect(failed).not.toContain('/runner/');
      expect(failed).not.toContain('admin');
      const states = calls.filter(([m]) => m === 'saveState').map(([, , v]) => v);
      expect(states).toEqual(['["DB_USER","DB_PASS","EMPTY"]']);
      const { io: postIo, calls: postCalls } = recorder({ [EXPORTED_NAMES_STATE]: states[0] as string });
      await runPost({ io: postIo, env: {} });
      expect(postCalls.filter(([m]) => m === 'exportVariable').map(([, n]) => n)).toEqual([
        'DB_USER',
        'DB_PASS',
        'EMPTY',
      ]);
    }
  });

  it('summary: false writes no summary', async () => {
    const { io, calls } = recorder();
    await publish(io, plan({ summary: 'false' }), { variables, masks, failures: [] });
    expect(calls.some(([m]) => m.startsWith('summary.'))).toBe(false);
  });
});

describe('runPost', () => {
  it('blanks every exported name', async () => {
    const { io, calls } = recorder({ [EXPORTED_NAMES_STATE]: '["A","B_C"]' });
    expect(await runPost({ io })).toEqual(['A', 'B_C']);
    expect(calls.filter(([m]) => m === 'exportVariable')).toEqual([
      ['exportVariable', 'A', ''],
      ['exportVariable', 'B_C', ''],
    ]);
  });

  it('does nothing when cleanup is false or nothing was exported', async () => {
    const off = recorder({ [EXPORTED_NAMES_STATE]: '["A"]' }, { cleanup: 'false' });
    expect(await runPost({ io: off.io })).toEqual([]);
    expect(off.calls).toEqual([]);
    const none = recorder();
    expect(await runPost({ io: none.io })).toEqual([]);
    expect(none.calls).toEqual([]);
  });

  it('blanks every name in SECRETS_LIST_CLEAN_UP too (an earlier step, the official action), then the list', async () => {
    const { io, calls } = recorder({ [EXPORTED_NAMES_STATE]: '["A","B_C"]' });
    const env = { SECRETS_LIST_CLEAN_UP: '["OFFICIAL_ONE","A","bad name","x\\nY=1",7,"_2"]' };
    expect(await runPost({ env, io })).toEqual(['OFFICIAL_ONE', 'A', '_2', 'B_C']);
    expect(calls.filter(([m]) => m === 'exportVariable')).toEqual([
      ['exportVariable', 'OFFICIAL_ONE', ''],
      ['exportVariable', 'A', ''],
      ['exportVariable', '_2', ''],
      ['exportVariable', 'B_C', ''],
      ['exportVariable', 'SECRETS_LIST_CLEAN_UP', ''],
    ]);
  });

  it('blanks the listed names even when this step exported none', async () => {
    const { io, calls } = recorder();
    expect(await runPost({ env: { SECRETS_LIST_CLEAN_UP: '["X"]' }, io })).toEqual(['X']);
    expect(calls.filter(([m]) => m === 'exportVariable').map(([, n]) => n)).toEqual([
      'X',
      'SECRETS_LIST_CLEAN_UP',
    ]);
  });

  it('warns but never fails on a broken state', async () => {
    const { io, calls } = recorder({ [EXPORTED_NAMES_STATE]: '{not json' });
    expect(await runPost({ io })).toEqual([]);
    expect(calls.map(([m]) => m)).toEqual(['warning']);
  });
});
