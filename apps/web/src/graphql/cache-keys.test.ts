import { describe, expect, it } from 'vitest';
import { cacheKeys, embeddedDespiteId, type KeyedSchema } from './cache-keys.ts';
import { introspection } from './introspection.ts';

describe('cacheKeys', () => {
  it('embeds object types without an id and keeps the default key for the others', () => {
    const schema: KeyedSchema = {
      __schema: {
        queryType: { name: 'Query' },
        mutationType: { name: 'Mutation' },
        subscriptionType: null,
        types: [
          { kind: 'OBJECT', name: 'Query', fields: [{ name: 'member' }] },
          { kind: 'OBJECT', name: 'Mutation', fields: [{ name: 'createMember' }] },
          { kind: 'OBJECT', name: 'Member', fields: [{ name: 'id' }, { name: 'familyName' }] },
          { kind: 'OBJECT', name: 'PageInfo', fields: [{ name: 'hasNextPage' }] },
          { kind: 'OBJECT', name: 'TalkPerson', fields: [{ name: 'id' }, { name: 'loginId' }] },
          { kind: 'INTERFACE', name: 'Error', fields: [{ name: 'message' }] },
          { kind: 'UNION', name: 'MutationCreateMemberResult' },
        ],
      },
    };
    const keys = cacheKeys(schema);
    expect(Object.keys(keys).sort()).toEqual(['PageInfo', 'TalkPerson']);
    expect(keys['PageInfo']?.({ __typename: 'PageInfo', hasNextPage: false })).toBeNull();
  });

  describe('on the app schema', () => {
    const schema: KeyedSchema = introspection;
    const keys = cacheKeys(schema);
    const objects = (schema.__schema.types ?? []).filter((type) => type.kind === 'OBJECT');
    const hasId = (name: string) => objects.find((type) => type.name === name)?.fields?.some((field) => field.name === 'id');

    it('embeds every object type that has no id, and no root type', () => {
      const withoutId = objects
        .filter((type) => !type.fields?.some((field) => field.name === 'id'))
        .map((type) => type.name)
        .filter((name) => !['Query', 'Mutation', 'Subscription'].includes(name));
      expect(withoutId.length).toBeGreaterThan(100);
      for (const name of withoutId) expect(keys, name).toHaveProperty(name);
      for (const root of ['Query', 'Mutation', 'Subscription']) expect(keys).not.toHaveProperty(root);
    });

    it('normalizes records with an id (members, domains, bots, stamps)', () => {
      for (const name of ['Member', 'Domain', 'Bot', 'AttendanceStamp', 'ExternalRoom']) {
        expect(hasId(name), name).toBe(true);
        expect(keys, name).not.toHaveProperty(name);
      }
    });

    it('embeds each exception, which must still be a type with an id', () => {
      for (const name of embeddedDespiteId) {
        expect(hasId(name), `${name} is gone or lost its id: drop it from embeddedDespiteId`).toBe(true);
        expect(keys, name).toHaveProperty(name);
      }
    });
  });
});
