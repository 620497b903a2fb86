import { Client, type Exchange, fetchExchange } from '@urql/core';
import { type Cache, cacheExchange, type UpdateResolver } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { cacheKeys } from './cache-keys.ts';
import { csrfHeaders } from './csrf.ts';
import { introspection as schema } from './introspection.ts';

export function createGraphqlClient(): Client {
  return new Client({
    url: '/graphql',
    // POST only: GET requests would need a separate CSRF exemption on the server.
    preferGetMethod: false,
    // Subscriptions (import progress) come over server-sent events on the same endpoint.
    fetchSubscriptions: true,
    fetchOptions: () => ({
      credentials: 'same-origin',
      headers: csrfHeaders(),
    }),
    exchanges: [graphcache(), fetchExchange],
  });
}

/** The normalized cache with the app's keys, pagination and updates after mutations (exported for tests). */
export function graphcache(): Exchange {
  return cacheExchange({
    schema,
    // Types without an id are embedded in their parent; see cache-keys.ts for the exceptions.
    keys: cacheKeys(schema),
    // The audit log's pages ("load more") merge into one list per filter.
    resolvers: { Query: { auditEntries: relayPagination() } },
    updates: {
      Mutation: {
        // A new session changes who the viewer is; refetch it rather than trust stale data.
        login(result, _args, cache) {
          if (hasTypename(result['login'], 'MutationLoginSuccess')) {
            cache.invalidate('Query', 'viewer');
          }
        },
        setup(result, _args, cache) {
          if (hasTypename(result['setup'], 'MutationSetupSuccess')) {
            cache.invalidate('Query', 'viewer');
            cache.invalidate('Query', 'setupStatus');
          }
        },
        // Member changes move members between filtered lists and change member counts.
        createMember(result, _args, cache) {
          if (hasTypename(result['createMember'], 'MutationCreateMemberSuccess')) invalidateMemberLists(cache);
        },
        updateMember(result, _args, cache) {
          if (hasTypename(result['updateMember'], 'MutationUpdateMemberSuccess')) invalidateMemberLists(cache);
        },
        suspendMember(result, _args, cache) {
          if (hasTypename(result['suspendMember'], 'MutationSuspendMemberSuccess')) invalidateMemberLists(cache);
        },
        resumeMember(result, _args, cache) {
          if (hasTypename(result['resumeMember'], 'MutationResumeMemberSuccess')) invalidateMemberLists(cache);
        },
        deleteMember(result, args, cache) {
          if (hasTypename(result['deleteMember'], 'MutationDeleteMemberSuccess')) {
            const input = args['input'];
            if (typeof input === 'object' && input !== null && 'id' in input && typeof input.id === 'string') {
              cache.invalidate({ __typename: 'Member', id: input.id });
            }
            invalidateMemberLists(cache);
          }
        },
        // Structure changes: lists refetch; what was deleted leaves the cache.
        createDomain: onSuccess(invalidateMemberLists),
        deleteDomain: onSuccess((cache, id) => removeEntity(cache, 'Domain', id)),
        createOrgUnit: onSuccess(invalidateMemberLists),
        deleteOrgUnit: onSuccess((cache, id) => removeEntity(cache, 'OrgUnit', id)),
        createEmploymentType: onSuccess(invalidateMemberLists),
        deleteEmploymentType: onSuccess((cache, id) => removeEntity(cache, 'EmploymentType', id)),
        createAdmin: onSuccess((cache) => cache.invalidate('Query', 'admins')),
        deleteAdmin: onSuccess((cache, id) => removeEntity(cache, 'Admin', id)),
        createApiToken: onSuccess((cache) => cache.invalidate('Query', 'apiTokens')),
        // Bots: the list and the quota count change; a deleted bot leaves the cache. Updates,
        // rotations and domain changes return the bot itself, which graphcache merges.
        createBot: onSuccess(invalidateBotLists),
        deleteBot: onSuccess((cache, id) => {
          if (id) cache.invalidate({ __typename: 'Bot', id });
          invalidateBotLists(cache);
        }),
        // External messaging: link changes move members between statuses and lists; use status
        // closes rooms; friend adds open them; a message changes its room.
        addExternalLinks: onSuccess(invalidateExternal),
        removeExternalLinks: onSuccess(invalidateExternal),
        retryExternalLink: onSuccess(invalidateExternal),
        setExternalTalkId: onSuccess(invalidateExternal),
        applySuggestedTalkIds: onSuccess(invalidateExternal),
        setExternalUseStatus: onSuccess(invalidateExternal),
        recordExternalFriendAdd: onSuccess(invalidateExternal),
        postExternalMessage(result, args, cache, info) {
          onSuccess(() => {
            const input = args['input'];
            if (typeof input === 'object' && input !== null && 'roomId' in input && typeof input.roomId === 'string') {
              cache.invalidate({ __typename: 'ExternalRoom', id: input.roomId }, 'messages');
            }
          })(result, args, cache, info);
        },
      },
      Subscription: {
        // When an import finishes, its members and its rows (applied marks, late errors) are new.
        memberImportProgress(result, _args, cache) {
          const progress = result['memberImportProgress'];
          if (typeof progress !== 'object' || progress === null || !('status' in progress) || !('id' in progress)) return;
          if (progress.status !== 'APPLIED' && progress.status !== 'FAILED') return;
          if (typeof progress.id === 'string') {
            for (const field of cache.inspectFields({ __typename: 'MemberImport', id: progress.id })) {
              if (field.fieldName === 'rows') cache.invalidate({ __typename: 'MemberImport', id: progress.id }, field.fieldKey);
            }
          }
          invalidateMemberLists(cache);
        },
      },
    },
  });
}

function invalidateMemberLists(cache: Cache): void {
  for (const field of cache.inspectFields('Query')) {
    if (memberListFields.has(field.fieldName)) cache.invalidate('Query', field.fieldKey);
  }
}

const memberListFields = new Set(['members', 'domains', 'orgUnits', 'employmentTypes']);

/** Every page of the bot list, and the quota meter's count. */
function invalidateBotLists(cache: Cache): void {
  for (const field of cache.inspectFields('Query')) {
    if (field.fieldName === 'bots' || field.fieldName === 'botQuota') cache.invalidate('Query', field.fieldKey);
  }
}

/** Everything derived from connected members and rooms; refetched after any external-messaging change. */
function invalidateExternal(cache: Cache): void {
  for (const field of cache.inspectFields('Query')) {
    if (externalFields.has(field.fieldName)) cache.invalidate('Query', field.fieldKey);
  }
  for (const field of cache.inspectFields('Query')) {
    if (field.fieldName === 'member') cache.invalidate('Query', field.fieldKey);
  }
}

const externalFields = new Set(['externalLinks', 'externalLinkCounts', 'externalRooms', 'externalDisableImpact', 'externalSettings']);

/** Runs `update` (with the input's id, if any) when a mutation returned its success member. */
function onSuccess(update: (cache: Cache, inputId: string | undefined) => void): UpdateResolver {
  return (result, args, cache, info) => {
    const outcome = result[info.fieldName];
    if (typeof outcome !== 'object' || outcome === null || !('__typename' in outcome)) return;
    if (typeof outcome.__typename !== 'string' || !outcome.__typename.endsWith('Success')) return;
    const input = args['input'];
    const id = typeof input === 'object' && input !== null && 'id' in input && typeof input.id === 'string' ? input.id : undefined;
    update(cache, id);
  };
}

/** Drops a deleted record and the lists that held it (admins; or domains, departments, members). */
function removeEntity(cache: Cache, typename: 'Domain' | 'OrgUnit' | 'EmploymentType' | 'Admin', id: string | undefined): void {
  if (id) cache.invalidate({ __typename: typename, id });
  if (typename === 'Admin') cache.invalidate('Query', 'admins');
  else invalidateMemberLists(cache);
}

function hasTypename(value: unknown, typename: string): boolean {
  return typeof value === 'object' && value !== null && '__typename' in value && value.__typename === typename;
}
