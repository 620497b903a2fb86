import type { CacheExchangeOpts } from '@urql/exchange-graphcache';
import type { KeyedSchema } from './cache-keys.ts';
import source from './introspection.json?raw';

/**
 * The schema as graphcache reads it (introspection.json, written by scripts/graphql-types.mjs). Read
 * as text and parsed: JSON.parse is quicker than a 300 kB object literal, and the typecheck does not
 * infer a type for the whole document (that cost seconds and hundreds of MB).
 */
export const introspection: NonNullable<CacheExchangeOpts['schema']> & KeyedSchema = JSON.parse(source);
