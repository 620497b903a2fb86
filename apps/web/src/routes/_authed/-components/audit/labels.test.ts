import { describe, expect, it } from 'vitest';
import { translator } from '../../../../i18n/testing.ts';
import { actionLabel, targetLabel } from './labels.ts';

// Every audit action the API records, read from its source: a new action without words in both
// languages fails here (the log would show its raw key).
const sources = import.meta.glob<string>(['../../../../../../api/src/**/*.ts', '!**/*.test.ts', '!**/generated/**'], { query: '?raw', import: 'default', eager: true });
const fixed = Object.values(sources).flatMap((source) => [...source.matchAll(/\baction: '([a-zA-Z]+(?:\.[a-zA-Z]+)+|login|logout)'/g)].map((match) => match[1] ?? ''));
// Built from parts: the directory kinds' create/update/delete, and the stamp corrections.
const built = [
  ...['domain', 'orgUnit', 'employmentType'].flatMap((kind) => ['create', 'update', 'delete'].map((verb) => `${kind}.${verb}`)),
  ...['add', 'replace', 'void'].map((verb) => `attendance.stamp.${verb}`),
];
const actions = new Set([...fixed, ...built]);

describe('audit action labels', () => {
  it('finds the actions in the API source', () => {
    expect(actions.size).toBeGreaterThan(60);
    expect([...actions]).toEqual(expect.arrayContaining(['member.create', 'apiApp.serviceAccount.create', 'attendance.firstMessage.send', 'logout']));
  });

  it('words every action in Japanese and English', async () => {
    for (const language of ['ja', 'en'] as const) {
      const t = await translator(language);
      for (const action of actions) expect(actionLabel(t, action), `${language}: ${action}`).not.toBe(action);
    }
  });

  it('keeps an action this version does not know as its code, and words linkage modes', async () => {
    const t = await translator('ja');
    expect(actionLabel(t, 'future.thing')).toBe('future.thing');
    expect(targetLabel(t, { targetType: 'AttendanceLinkage', targetLabel: 'PLATFORM' })).toBe('このサービスのボット');
    expect(targetLabel(t, { targetType: 'Member', targetLabel: 'PLATFORM' })).toBe('PLATFORM');
  });
});
