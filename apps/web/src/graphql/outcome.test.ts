import { CombinedError } from '@urql/core';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { translator } from '../i18n/testing.ts';
import { settle } from './outcome.ts';

type Outcome =
  | { __typename: 'MutationCreateDomainSuccess'; domain: { id: string } }
  | { __typename: 'ValidationError'; code: string; message: string; fieldErrors: { path: string[]; code: string; message: string }[] }
  | { __typename: 'ConflictError'; code: string; message: string };

describe('settle', async () => {
  const t = await translator('en');

  it('returns the success member of the result union', () => {
    const outcome: Outcome = { __typename: 'MutationCreateDomainSuccess', domain: { id: 'D1' } };
    expect(settle(t, outcome, undefined)).toEqual({ ok: true, data: outcome });
  });

  it('translates an error member and keys its field errors by field', () => {
    const outcome: Outcome = {
      __typename: 'ValidationError',
      code: 'VALIDATION',
      message: 'Invalid input',
      fieldErrors: [{ path: ['input', 'name'], code: 'too_big', message: 'At most 63 characters' }],
    };
    const settled = settle(t, outcome, undefined);
    expect(settled.ok).toBe(false);
    if (settled.ok) return;
    expect(settled.message).toBe(en.errors.codes.VALIDATION);
    expect(settled.fieldErrors.get('name')).toEqual({ path: ['input', 'name'], code: 'too_big', message: 'At most 63 characters' });
  });

  it('words an error code for its context', () => {
    const settled = settle(t, { __typename: 'ConflictError', code: 'CONFLICT', message: 'Taken' } as Outcome, undefined, { CONFLICT: 'That name is taken.' });
    expect(settled).toEqual({ ok: false, message: 'That name is taken.', fieldErrors: new Map() });
  });

  it('falls back to the transport error, or to "unexpected", when there is no result', () => {
    const offline = new CombinedError({ networkError: new TypeError('Failed to fetch') });
    expect(settle<Outcome>(t, undefined, offline)).toEqual({ ok: false, message: en.errors.network, fieldErrors: new Map() });
    expect(settle<Outcome>(t, undefined, undefined)).toEqual({ ok: false, message: en.errors.unexpected, fieldErrors: new Map() });
  });

  it('treats a union member that is neither success nor error as unexpected', () => {
    const settled = settle(t, { __typename: 'Deleted' }, undefined);
    expect(settled).toEqual({ ok: false, message: en.errors.unexpected, fieldErrors: new Map() });
  });
});
