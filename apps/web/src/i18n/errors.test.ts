import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { combinedErrorMessage, errorMessage, fieldErrorMessage, fieldErrorsByName } from './errors.ts';
import { ja } from './ja.ts';
import { translator } from './testing.ts';

// The API's error classes (AppError and its subclasses), read from its source so a new code fails here.
const apiSources = import.meta.glob<string>(['../../../api/src/**/*.ts', '!**/*.test.ts', '!**/generated/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const apiErrorCodes = new Set(
  Object.values(apiSources).flatMap((source) => [...source.matchAll(/readonly code(?::\s*string)?\s*=\s*'([A-Z_]+)'/g)].map((match) => match[1])),
);

describe('error codes', () => {
  it('finds the API error classes', () => {
    expect([...apiErrorCodes]).toEqual(expect.arrayContaining(['VALIDATION', 'NOT_FOUND', 'FORBIDDEN', 'AUTHENTICATION', 'CONFLICT', 'RATE_LIMITED']));
  });

  it('has a message in Japanese and English for every code the API sends', () => {
    for (const code of apiErrorCodes) {
      if (code === undefined || code === 'APP_ERROR') continue; // the abstract base class; never sent
      expect(ja.errors.codes, code).toHaveProperty(code, expect.stringMatching(/\S/));
      expect(en.errors.codes, code).toHaveProperty(code, expect.stringMatching(/\S/));
    }
  });
});

describe('errorMessage', async () => {
  const t = await translator('en');

  it('translates a known code, and prefers an override for the context', () => {
    expect(errorMessage(t, { code: 'NOT_FOUND', message: 'Member not found' })).toBe(en.errors.codes.NOT_FOUND);
    expect(errorMessage(t, { code: 'AUTHENTICATION', message: 'x' }, { AUTHENTICATION: 'Wrong e-mail or password.' })).toBe('Wrong e-mail or password.');
  });

  it('says how long to wait when the API says so', () => {
    expect(errorMessage(t, { code: 'RATE_LIMITED', message: 'x', retryAfterSeconds: 30 })).toBe(en.errors.rateLimitedRetry_other.replace('{{count}}', '30'));
    expect(errorMessage(t, { code: 'RATE_LIMITED', message: 'x' })).toBe(en.errors.codes.RATE_LIMITED);
  });

  it("shows the server's message for a code it does not know", () => {
    expect(errorMessage(t, { code: 'SOMETHING_NEW', message: 'Something new went wrong' })).toBe('Something new went wrong');
  });

  it('speaks the chosen language', async () => {
    const tJa = await translator('ja');
    expect(errorMessage(tJa, { code: 'FORBIDDEN', message: 'x' })).toBe(ja.errors.codes.FORBIDDEN);
  });
});

describe('fieldErrorMessage', async () => {
  const t = await translator('en');

  it('says "required" for an empty field rather than "too short"', () => {
    const tooSmall = { code: 'too_small', message: 'At least 1 character' };
    expect(fieldErrorMessage(t, tooSmall, '  ')).toBe(en.errors.fieldCodes.required);
    expect(fieldErrorMessage(t, tooSmall, 'a')).toBe(en.errors.fieldCodes.too_small);
  });

  it("keeps the server's message for custom codes", () => {
    expect(fieldErrorMessage(t, { code: 'custom', message: 'The domain after @ is missing' })).toBe('The domain after @ is missing');
  });
});

describe('combinedErrorMessage', async () => {
  const t = await translator('en');

  it('tells a network failure from a server one', () => {
    expect(combinedErrorMessage(t, new CombinedError({ networkError: new TypeError('Failed to fetch') }))).toBe(en.errors.network);
    const masked = new CombinedError({ graphQLErrors: [new GraphQLError('Unexpected error.')] });
    expect(combinedErrorMessage(t, masked)).toBe(en.errors.unexpected);
  });

  it('translates the code a GraphQL error carries', () => {
    const limited = new CombinedError({ graphQLErrors: [new GraphQLError('Too many', { extensions: { code: 'RATE_LIMITED' } })] });
    expect(combinedErrorMessage(t, limited)).toBe(en.errors.codes.RATE_LIMITED);
  });
});

describe('fieldErrorsByName', () => {
  it('keys field errors by the last path segment, first error first', () => {
    const byName = fieldErrorsByName([
      { path: ['input', 'loginId'], code: 'too_big', message: 'a' },
      { path: ['input', 'loginId'], code: 'invalid_format', message: 'b' },
      { path: ['input', 'names', '0', 'familyName'], code: 'too_small', message: 'c' },
      { path: [], code: 'custom', message: 'd' },
    ]);
    expect([...byName.keys()]).toEqual(['loginId', 'familyName']);
    expect(byName.get('loginId')?.code).toBe('too_big');
  });
});
