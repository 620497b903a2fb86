import type { KeyingConfig } from '@urql/exchange-graphcache';

/** The part of the (minified) introspection that decides how graphcache keys each type. */
export interface KeyedSchema {
  __schema: {
    queryType: { name: string };
    mutationType?: { name: string } | null;
    subscriptionType?: { name: string } | null;
    types?: readonly { kind: string; name: string; fields?: readonly { name: string }[] | null }[];
  };
}

/**
 * Types that have an `id` yet stay embedded in the record that holds them: each is a snapshot or a
 * per-page projection of another record (its `id` is that record's id), read only with its parent,
 * so normalizing it would share one stale copy between parents that were read at different times.
 */
export const embeddedDespiteId: readonly string[] = [
  // People and the bot as a group talk channel shows them.
  'TalkPerson',
  'TalkChannelBot',
  // A domain as the external-messaging pages list it (the Domain's id).
  'ExternalDomain',
  // A department or employment type offered as an attendance filter (their ids).
  'AttendanceFilterOption',
];

const embedded = () => null;

/**
 * Graphcache's `keys` from the schema: every object type without an `id` field is embedded in its
 * parent (`() => null`); types with an `id` keep graphcache's default key (`__typename:id`), except
 * {@link embeddedDespiteId}.
 */
export function cacheKeys(schema: KeyedSchema): KeyingConfig {
  const { queryType, mutationType, subscriptionType, types = [] } = schema.__schema;
  const roots = new Set([queryType.name, mutationType?.name, subscriptionType?.name]);
  const keys: KeyingConfig = {};
  for (const type of types) {
    if (type.kind !== 'OBJECT' || roots.has(type.name) || type.name.startsWith('__')) continue;
    const hasId = type.fields?.some((field) => field.name === 'id') ?? false;
    if (!hasId || embeddedDespiteId.includes(type.name)) keys[type.name] = embedded;
  }
  return keys;
}
