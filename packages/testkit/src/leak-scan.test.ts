import { describe, expect, it } from 'vitest';
import { assertNoLeaks, scanForLeaks } from './leak-scan.js';

const SECRET = 's3cret-value';
const MULTI = 'first-line\nsecond-line';

describe('scanForLeaks', () => {
  it('accepts a value only inside its ::add-mask:: and its own GITHUB_ENV entry', () => {
    const stdout = `::add-mask::${SECRET}\n::add-mask::first-line%0Asecond-line\n::add-mask::first-line\nexported 2\n`;
    const envFile = `DB<<ghadelimiter_1\n${SECRET}\nghadelimiter_1\nCERT<<ghadelimiter_2\n${MULTI}\nghadelimiter_2\n`;
    expect(scanForLeaks({ secrets: [SECRET, MULTI], stdout, envFile, summary: '| DB | v1 |' })).toEqual([]);
  });

  it.each([
    ['stdout, unmasked', { stdout: `value is ${SECRET}\n` }, { place: 'stdout', form: 'value', line: 0 }],
    ['stderr', { stderr: `\n  at ${SECRET}` }, { place: 'stderr', form: 'value', line: 1 }],
    ['summary', { summary: `<td>${SECRET}</td>` }, { place: 'summary', form: 'value' }],
    [
      'GITHUB_ENV, in another entry',
      { envFile: `OTHER<<d\nx${SECRET}\nd\n` },
      { place: 'envFile', form: 'value' },
    ],
    [
      'GITHUB_ENV, as a name',
      { envFile: `${SECRET.replace('-', '_')}=x\ns3cret-value=1\n` },
      { place: 'envFile' },
    ],
    [
      'an add-mask of some other text',
      { stdout: `::add-mask::prefix ${SECRET}\n` },
      { place: 'stdout', form: 'value' },
    ],
  ])('finds the value in %s', (_, where, leak) => {
    expect(scanForLeaks({ secrets: ['unrelated', SECRET], ...where })).toEqual([
      expect.objectContaining({ secret: 1, ...leak }),
    ]);
  });

  it('finds one line of a multi-line value, its JSON-escaped and its command-escaped forms', () => {
    expect(scanForLeaks({ secrets: [MULTI], stdout: 'x second-line y\n' })[0]).toMatchObject({
      form: 'line',
    });
    expect(scanForLeaks({ secrets: [MULTI], summary: '{"v":"first-line\\nsecond-line"}' })).toEqual([
      expect.objectContaining({ place: 'summary', form: 'line' }),
    ]);
    expect(
      scanForLeaks({ secrets: ['a"quoted"value'], stderr: '{"v":"a\\"quoted\\"value"}' })[0],
    ).toMatchObject({
      form: 'json',
    });
    expect(scanForLeaks({ secrets: ['ab\ncd'], stdout: '::error::ab%0Acd\n' })[0]).toMatchObject({
      form: 'command-escaped',
    });
  });

  it('skips needles shorter than minLength, and a value printed before it was masked is still a leak', () => {
    expect(scanForLeaks({ secrets: ['abc'], stdout: 'abc abc\n' })).toEqual([]);
    expect(scanForLeaks({ secrets: ['abc'], stdout: 'abc\n', minLength: 3 })).toHaveLength(1);
    expect(scanForLeaks({ secrets: [SECRET], stdout: `${SECRET}\n::add-mask::${SECRET}\n` })).toHaveLength(1);
  });

  it("ignores the runner's generated delimiter, not any other delimiter", () => {
    // A value with the line "ghadelimiter_" (the action's e2e tests export one) is not found in the
    // delimiters of the other entries; a delimiter that is not the runner's UUID form is scanned.
    const odd = 'ghadelimiter_\nnext-line';
    const uuid = 'ghadelimiter_0b7c9a52-4f3e-4d1a-9c2b-7e5f6a8d9c10';
    const envFile = `A<<${uuid}\n${odd}\n${uuid}\nB<<${uuid}\nplain\n${uuid}\n`;
    expect(scanForLeaks({ secrets: [odd], envFile })).toEqual([]);
    expect(scanForLeaks({ secrets: [SECRET], envFile: `B<<${SECRET}\nplain\n${SECRET}\n` })).toEqual([
      expect.objectContaining({ place: 'envFile', form: 'value' }),
    ]);
  });

  it('scans a GITHUB_ENV the runner could not parse as a whole', () => {
    expect(scanForLeaks({ secrets: [SECRET], envFile: `A<<eof\n${SECRET}\n` })).toHaveLength(1);
  });

  it('assertNoLeaks throws a message naming place and index, never the value', () => {
    expect(() => assertNoLeaks({ secrets: [SECRET], stdout: `${SECRET}\n` })).toThrow(
      /secret #0 \(value\) in stdout line 0/,
    );
    try {
      assertNoLeaks({ secrets: [SECRET], stdout: `${SECRET}\n` });
    } catch (error) {
      expect(String(error)).not.toContain(SECRET);
    }
  });
});
