import { describe, expect, it } from 'vitest';
import { planActionTags } from './release-tags.js';

describe('planActionTags', () => {
  it('creates v<version> and moves v<major> for a new release', () => {
    expect(planActionTags('1.4.2', ['v1.4.1', 'v1'])).toEqual({
      release: 'v1.4.2',
      major: 'v1',
      createRelease: true,
      moveMajor: true,
    });
  });

  it('does nothing when the release tag exists (a re-run never moves v1 back or forth)', () => {
    expect(planActionTags('1.4.2', ['v1.4.2', 'v1'])).toMatchObject({
      createRelease: false,
      moveMajor: false,
    });
  });

  it('tags a prerelease without moving the major tag', () => {
    expect(planActionTags('2.0.0-rc.1', ['v1'])).toMatchObject({
      release: 'v2.0.0-rc.1',
      major: 'v2',
      createRelease: true,
      moveMajor: false,
    });
  });

  it('refuses what is not a semantic version', () => {
    expect(() => planActionTags('1.2', [])).toThrow(/not a semantic version/);
    expect(() => planActionTags('v1.2.3', [])).toThrow(/not a semantic version/);
  });
});
