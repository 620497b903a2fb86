import { encodeGlobalID } from '@pothos/plugin-relay'
import { EXTERNAL_LINKS_PER_CALL, MAX_PAGE_SIZE, suggestTalkId, talkIdProblem } from '@worksbase/schema'
import { builder } from '../builder.ts'
import { ValidationError } from '../errors.ts'
import {
  addExternalLinks,
  applySuggestedTalkIds,
  countExternalLinks,
  type ExternalLinkFilter,
  externalDisableImpact,
  externalLinkCounts,
  externalShareCards,
  FileTransferRestrictedError,
  postExternalMessage,
  publicExternalContact,
  readExternalSettings,
  recordExternalFriendAdd,
  removeExternalLinks,
  retryExternalLink,
  searchExternalLinkIds,
  setExternalTalkId,
  setExternalUseStatus,
  simulateExternalFaults,
  updateExternalSetting,
} from '../services/external.ts'
import { Domain } from './domains.ts'
import { ErrorInterface, mutationErrors } from './errors.ts'
import { idOf, inTenant, NO_ROW, nonEmpty } from './ids.ts'
import { LanguageEnum } from './enums.ts'
import {
  ExternalKind,
  ExternalLinkStatus,
  ExternalMessageType,
  ExternalRoomStatus,
  ExternalSender,
} from '#generated/prisma/enums.ts'

const externalView = { authority: { area: 'external', level: 'VIEW' } } as const

export const ExternalKindEnum = builder.enumType(ExternalKind, {
  name: 'ExternalKind',
  description: 'LINE: chat with LINE users. WORKS: chat with LINE WORKS users from other companies.',
})
const ExternalLinkStatusEnum = builder.enumType(ExternalLinkStatus, { name: 'ExternalLinkStatus' })
const ExternalRoomStatusEnum = builder.enumType(ExternalRoomStatus, { name: 'ExternalRoomStatus' })
const ExternalSenderEnum = builder.enumType(ExternalSender, { name: 'ExternalSender' })
const ExternalMessageTypeEnum = builder.enumType(ExternalMessageType, { name: 'ExternalMessageType' })
const ShareCardReasonEnum = builder.enumType('ExternalShareCardReason', {
  values: ['SECTION_OFF', 'NOT_CONNECTED', 'PENDING', 'FAILED', 'RETRY'] as const,
})

builder.objectType(FileTransferRestrictedError, { name: 'FileTransferRestrictedError', interfaces: [ErrorInterface] })

type SettingShape = Awaited<ReturnType<typeof readExternalSettings>>[number]

const ExternalSettingRef = builder.objectRef<SettingShape>('ExternalSetting').implement({
  description: 'One external-messaging section of one domain.',
  fields: (t) => ({
    id: t.id({ resolve: (setting) => encodeGlobalID('ExternalSetting', `${setting.domainId}:${setting.kind}`) }),
    domainId: t.id({ resolve: (setting) => encodeGlobalID('Domain', setting.domainId) }),
    kind: t.field({ type: ExternalKindEnum, resolve: (setting) => setting.kind }),
    enabled: t.exposeBoolean('enabled', { description: 'Use status.' }),
    autoGrant: t.exposeBoolean('autoGrant', { description: 'Automatically grant link authority to new members (as set).' }),
    effectiveAutoGrant: t.exposeBoolean('effectiveAutoGrant', { description: 'Whether new members get link authority: always on the free plan.' }),
    greetingEnabled: t.exposeBoolean('greetingEnabled'),
    greetingJa: t.exposeString('greetingJa'),
    greetingEn: t.exposeString('greetingEn'),
    restrictFiles: t.exposeBoolean('restrictFiles', { description: 'Restrict file transfer and attachments.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', nullable: true }),
  }),
})

const DisableImpact = builder.simpleObject('ExternalDisableImpact', {
  description: 'What turning a section off affects.',
  fields: (t) => ({
    connectedMembers: t.int(),
    availableMembers: t.int(),
    openRooms: t.int(),
    membersInRooms: t.int(),
  }),
})

const LinkCounts = builder.simpleObject('ExternalLinkCounts', {
  fields: (t) => ({
    total: t.int(),
    pending: t.int(),
    available: t.int(),
    failed: t.int(),
    retry: t.int(),
  }),
})

const ShareCard = builder.simpleObject('ExternalShareCard', {
  description: 'What a member shares with external users in one section, or why they cannot.',
  fields: (t) => ({
    kind: t.field({ type: ExternalKindEnum }),
    available: t.boolean(),
    reason: t.field({ type: ShareCardReasonEnum, nullable: true }),
    talkId: t.string({ nullable: true }),
    contactUrl: t.string({ nullable: true }),
  }),
})

const PublicContact = builder.simpleObject('ExternalPublicContact', {
  description: 'A member as an external user sees them through a contact URL.',
  fields: (t) => ({
    displayName: t.string(),
    company: t.string(),
    photoUrl: t.string({ nullable: true }),
  }),
})

export const ExternalLinkNode = builder.prismaNode('ExternalLink', {
  id: { field: 'id' },
  authScopes: externalView,
  nullable: true,
  findUnique: (id, context) => inTenant(id, context),
  description: 'A connected member: link authority in one section and the state of their talk id.',
  fields: (t) => ({
    kind: t.expose('kind', { type: ExternalKindEnum }),
    talkId: t.exposeString('talkId'),
    status: t.expose('status', { type: ExternalLinkStatusEnum }),
    failureCode: t.exposeString('failureCode', { nullable: true }),
    failureDetail: t.exposeString('failureDetail', { nullable: true, description: 'Why it failed and how to fix it.' }),
    suggestedTalkId: t.string({
      nullable: true,
      select: { talkId: true },
      description: 'A usable talk id to offer when the current one cannot be used.',
      resolve: (link) => (talkIdProblem(link.talkId) ? suggestTalkId(link.talkId) : null),
    }),
    attempts: t.exposeInt('attempts'),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true }),
    availableAt: t.expose('availableAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    loginId: t.exposeString('loginId'),
    domain: t.relation('domain'),
    // The member's directory data, readable with external-messaging authority alone.
    familyName: t.string({ select: { member: { select: { familyName: true } } }, resolve: (link) => link.member.familyName }),
    givenName: t.string({ select: { member: { select: { givenName: true } } }, resolve: (link) => link.member.givenName }),
    otherNames: t.stringList({
      description: 'The name in every further language, "family given".',
      select: { member: { select: { i18nNames: true } } },
      resolve: (link) =>
        ((link.member.i18nNames ?? []) as { familyName: string; givenName: string }[]).map((name) => `${name.familyName} ${name.givenName}`.trim()),
    }),
    photoUrl: t.string({ nullable: true, select: { member: { select: { photoUrl: true } } }, resolve: (link) => link.member.photoUrl }),
    departmentName: t.string({
      nullable: true,
      description: 'Representative department.',
      select: { member: { select: { orgUnit: { select: { name: true } } } } },
      resolve: (link) => link.member.orgUnit?.name ?? null,
    }),
    memberId: t.id({ select: { memberId: true }, resolve: (link) => encodeGlobalID('Member', link.memberId) }),
  }),
})

export const ExternalMessageNode = builder.prismaObject('ExternalMessage', {
  fields: (t) => ({
    id: t.exposeID('id'),
    sender: t.expose('sender', { type: ExternalSenderEnum }),
    type: t.expose('type', { type: ExternalMessageTypeEnum }),
    text: t.exposeString('text', { nullable: true }),
    fileName: t.exposeString('fileName', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
})

builder.prismaObject('ExternalContact', {
  fields: (t) => ({
    externalId: t.exposeString('externalId'),
    displayName: t.exposeString('displayName'),
    language: t.expose('language', { type: LanguageEnum }),
  }),
})

export const ExternalRoomNode = builder.prismaNode('ExternalRoom', {
  id: { field: 'id' },
  authScopes: externalView,
  nullable: true,
  findUnique: (id, context) => inTenant(id, context),
  fields: (t) => ({
    kind: t.expose('kind', { type: ExternalKindEnum }),
    status: t.expose('status', { type: ExternalRoomStatusEnum }),
    closedReason: t.exposeString('closedReason', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
    contact: t.relation('contact'),
    memberLoginId: t.string({ select: { member: { select: { loginId: true } } }, resolve: (room) => room.member.loginId }),
    memberName: t.string({
      select: { member: { select: { familyName: true, givenName: true } } },
      resolve: (room) => `${room.member.familyName} ${room.member.givenName}`.trim(),
    }),
    memberNameForContact: t.string({
      nullable: true,
      description: 'How the external side sees the member: null ("unknown") once the room is closed.',
      select: { status: true, member: { select: { familyName: true, givenName: true } } },
      resolve: (room) => (room.status === 'OPEN' ? `${room.member.familyName} ${room.member.givenName}`.trim() : null),
    }),
    messages: t.field({
      type: [ExternalMessageNode],
      description: 'The latest 200 messages, oldest first.',
      select: { id: true },
      resolve: async (room, _args, context) =>
        (
          await context.prisma.externalMessage.findMany({ where: { roomId: room.id }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 200 })
        ).reverse(),
    }),
  }),
})

function kindFilterArgs(args: {
  kind: ExternalKind
  domainId?: { id: string } | null
  status?: ExternalLinkStatus | null
  query?: string | null
}): ExternalLinkFilter {
  if (args.query && args.query.length > 100) throw ValidationError.field('query', 'At most 100 characters', 'too_big')
  return { kind: args.kind, domainId: args.domainId ? idOrNone(args.domainId.id) : null, status: args.status ?? null, query: args.query ?? null }
}

function idOrNone(id: string) {
  return inTenant(id, { actor: null } as never).id
}

function originOf(request: Request): string {
  const url = new URL(request.url)
  const proto = request.headers.get('x-forwarded-proto')
  const host = request.headers.get('x-forwarded-host') ?? url.host
  return `${proto ?? url.protocol.replace(':', '')}://${host}`
}

builder.prismaObjectField('Member', 'externalShareCards', (t) =>
  t.field({
    type: [ShareCard],
    authScopes: externalView,
    description: 'What the member shares with external users (talk id, contact URL for a QR code), or why they cannot, per section.',
    select: { id: true },
    resolve: (member, _args, context) => externalShareCards(context.prisma, context.actor?.tenantId ?? NO_ROW, member.id, originOf(context.request)),
  }),
)

const ExternalDomain = builder.simpleObject('ExternalDomain', {
  description: 'A domain, as external-messaging pages list them (readable with external-messaging authority alone).',
  fields: (t) => ({ id: t.id(), name: t.string(), displayName: t.string(), lwDomainId: t.int() }),
})

builder.queryFields((t) => ({
  externalDomains: t.field({
    type: [ExternalDomain],
    authScopes: externalView,
    resolve: async (_root, _args, context) =>
      (
        await context.prisma.domain.findMany({ where: { tenantId: context.actor?.tenantId ?? NO_ROW }, orderBy: { name: 'asc' } })
      ).map((domain) => ({ id: encodeGlobalID('Domain', domain.id), name: domain.name, displayName: domain.displayName, lwDomainId: domain.lwDomainId })),
  }),
  externalSettings: t.field({
    type: [ExternalSettingRef],
    authScopes: externalView,
    description: 'Both sections of a domain.',
    args: { domainId: t.arg.globalID({ for: Domain }) },
    resolve: (_root, args, context) => readExternalSettings(context, idOrNone(args.domainId.id)),
  }),
  externalDisableImpact: t.field({
    type: DisableImpact,
    authScopes: externalView,
    args: { domainId: t.arg.globalID({ for: Domain }), kind: t.arg({ type: ExternalKindEnum }) },
    resolve: (_root, args, context) => externalDisableImpact(context, idOrNone(args.domainId.id), args.kind),
  }),
  externalLinkCounts: t.field({
    type: LinkCounts,
    authScopes: externalView,
    args: { kind: t.arg({ type: ExternalKindEnum }), domainId: t.arg.globalID({ required: false, for: Domain }) },
    resolve: async (_root, args, context) => {
      const counts = await externalLinkCounts(context, args.kind, args.domainId ? idOrNone(args.domainId.id) : null)
      return { total: counts.total, pending: counts.PENDING, available: counts.AVAILABLE, failed: counts.FAILED, retry: counts.RETRY }
    },
  }),
  externalLinks: t.prismaConnection(
    {
      type: 'ExternalLink',
      cursor: 'id',
      authScopes: externalView,
      description: `Connected members of a section, ordered by login id. Search matches names in every language, login id and talk id. At most ${MAX_PAGE_SIZE} per page.`,
      args: {
        kind: t.arg({ type: ExternalKindEnum }),
        domainId: t.arg.globalID({ required: false, for: Domain }),
        status: t.arg({ type: ExternalLinkStatusEnum, required: false }),
        query: t.arg.string({ required: false }),
      },
      totalCount: (_parent, args, context) => countExternalLinks(context.prisma, context.actor?.tenantId ?? NO_ROW, kindFilterArgs(args)),
      resolve: async (query, _root, args, context) => {
        const filter = kindFilterArgs(args)
        const { cursor, take, skip: _skip, ...selection } = query as typeof query & { cursor?: { id: string }; take: number; skip?: number }
        if (take <= 0) return []
        const ids = await searchExternalLinkIds(context.prisma, context.actor?.tenantId ?? NO_ROW, filter, { afterId: cursor?.id ?? null, take })
        const rows = await context.prisma.externalLink.findMany({ ...nonEmpty(selection), where: { id: { in: ids } } })
        const byId = new Map(rows.map((row) => [row.id, row]))
        return ids.flatMap((id) => byId.get(id) ?? [])
      },
    },
    {},
    {},
  ),
  externalRooms: t.prismaConnection(
    {
      type: 'ExternalRoom',
      cursor: 'id',
      authScopes: externalView,
      description: `Rooms with external users, newest first. At most ${MAX_PAGE_SIZE} per page.`,
      args: {
        kind: t.arg({ type: ExternalKindEnum, required: false }),
        domainId: t.arg.globalID({ required: false, for: Domain }),
        status: t.arg({ type: ExternalRoomStatusEnum, required: false }),
      },
      resolve: (query, _root, args, context) => {
        return context.prisma.externalRoom.findMany({
          ...query,
          where: {
            tenantId: context.actor?.tenantId ?? NO_ROW,
            ...(args.kind && { kind: args.kind }),
            ...(args.domainId && { domainId: idOrNone(args.domainId.id) }),
            ...(args.status && { status: args.status }),
          },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        })
      },
    },
    {},
    {},
  ),
  externalContactCard: t.field({
    type: PublicContact,
    nullable: true,
    description: 'Public: who a contact URL belongs to, as an external user sees it; null means "unknown" (not available).',
    args: { kind: t.arg({ type: ExternalKindEnum }), lwDomainId: t.arg.int(), talkId: t.arg.string() },
    resolve: (_root, args, context) =>
      args.talkId.length > 100 ? null : publicExternalContact(context.prisma, args.kind, args.lwDomainId, args.talkId),
  }),
}))

const LinksAdded = builder.simpleObject('ExternalLinksAdded', {
  fields: (t) => ({ added: t.int(), alreadyConnected: t.int() }),
})
const LinksRemoved = builder.simpleObject('ExternalLinksRemoved', {
  fields: (t) => ({ removed: t.int(), closedRooms: t.int() }),
})
const UseStatusResult = builder.simpleObject('ExternalUseStatusResult', {
  fields: (t) => ({ setting: t.field({ type: ExternalSettingRef }), closedRooms: t.int() }),
})
const FriendAdded = builder.simpleObject('ExternalFriendAdded', {
  fields: (t) => ({
    room: t.field({ type: ExternalRoomNode }),
    created: t.boolean({ description: 'False when the room was already open (adding twice changes nothing).' }),
  }),
})

function memberIdsOf(ids: string[]): string[] {
  if (ids.length > EXTERNAL_LINKS_PER_CALL) throw ValidationError.field('memberIds', `At most ${EXTERNAL_LINKS_PER_CALL} members at once`, 'too_big')
  return ids.map((id) => idOf(id, 'Member', 'memberIds'))
}

async function settingOf(context: Parameters<typeof readExternalSettings>[0], domainId: string, kind: ExternalKind) {
  const settings = await readExternalSettings(context, domainId)
  const setting = settings.find((candidate) => candidate.kind === kind)
  if (!setting) throw new Error('missing setting')
  return setting
}

builder.mutationFields((t) => ({
  updateExternalSetting: t.fieldWithInput({
    type: ExternalSettingRef,
    description: 'Changes the given settings of a section; omitted ones stay. Use status has its own mutation.',
    input: {
      domainId: t.input.id({ description: 'Global id of a Domain.' }),
      kind: t.input.field({ type: ExternalKindEnum }),
      autoGrant: t.input.boolean({ required: false }),
      greetingEnabled: t.input.boolean({ required: false }),
      greetingJa: t.input.string({ required: false }),
      greetingEn: t.input.string({ required: false }),
      restrictFiles: t.input.boolean({ required: false }),
    },
    errors: { types: mutationErrors, dataField: { name: 'setting' } },
    resolve: (_root, { input }, context) =>
      updateExternalSetting(context, idOf(input.domainId, 'Domain', 'domainId'), input.kind, {
        autoGrant: input.autoGrant ?? undefined,
        greetingEnabled: input.greetingEnabled ?? undefined,
        greetingJa: input.greetingJa ?? undefined,
        greetingEn: input.greetingEn ?? undefined,
        restrictFiles: input.restrictFiles ?? undefined,
      }),
  }),
  setExternalUseStatus: t.fieldWithInput({
    type: UseStatusResult,
    description: 'Turns a section on or off. Turning it off needs `confirmation` = the domain name; it closes the open rooms.',
    input: {
      domainId: t.input.id({ description: 'Global id of a Domain.' }),
      kind: t.input.field({ type: ExternalKindEnum }),
      enabled: t.input.boolean(),
      confirmation: t.input.string({ required: false }),
    },
    errors: { types: mutationErrors, dataField: { name: 'result' } },
    resolve: async (_root, { input }, context) => {
      const domainId = idOf(input.domainId, 'Domain', 'domainId')
      const { closedRooms } = await setExternalUseStatus(
        { ...context, nudge: context.services.nudgeJobs },
        domainId,
        input.kind,
        input.enabled,
        input.confirmation,
      )
      return { setting: await settingOf(context, domainId, input.kind), closedRooms }
    },
  }),
  addExternalLinks: t.fieldWithInput({
    type: LinksAdded,
    description: `Gives members link authority in a section (at most ${EXTERNAL_LINKS_PER_CALL}); members already connected are left as they are.`,
    input: { kind: t.input.field({ type: ExternalKindEnum }), memberIds: t.input.idList() },
    errors: { types: mutationErrors, dataField: { name: 'result' } },
    resolve: (_root, { input }, context) =>
      addExternalLinks({ ...context, nudge: context.services.nudgeJobs }, input.kind, memberIdsOf(input.memberIds.map(String))),
  }),
  removeExternalLinks: t.fieldWithInput({
    type: LinksRemoved,
    description: 'Takes link authority away; the members’ open rooms in the section are closed.',
    input: { kind: t.input.field({ type: ExternalKindEnum }), memberIds: t.input.idList() },
    errors: { types: mutationErrors, dataField: { name: 'result' } },
    resolve: (_root, { input }, context) => removeExternalLinks(context, input.kind, memberIdsOf(input.memberIds.map(String))),
  }),
  retryExternalLink: t.prismaFieldWithInput({
    type: 'ExternalLink',
    input: { id: t.input.id({ description: 'Global id of an ExternalLink.' }) },
    errors: { types: mutationErrors, dataField: { name: 'link' } },
    resolve: async (query, _root, { input }, context) => {
      const link = await retryExternalLink({ ...context, nudge: context.services.nudgeJobs }, idOf(input.id, 'ExternalLink', 'id'))
      return context.prisma.externalLink.findUniqueOrThrow({ ...nonEmpty(query), where: { id: link.id } })
    },
  }),
  setExternalTalkId: t.prismaFieldWithInput({
    type: 'ExternalLink',
    description: 'Sets a connected member’s talk id (the fix for a failed link); provisioning starts again.',
    input: { id: t.input.id({ description: 'Global id of an ExternalLink.' }), talkId: t.input.string() },
    errors: { types: mutationErrors, dataField: { name: 'link' } },
    resolve: async (query, _root, { input }, context) => {
      const link = await setExternalTalkId({ ...context, nudge: context.services.nudgeJobs }, idOf(input.id, 'ExternalLink', 'id'), input.talkId)
      return context.prisma.externalLink.findUniqueOrThrow({ ...nonEmpty(query), where: { id: link.id } })
    },
  }),
  recordExternalFriendAdd: t.fieldWithInput({
    type: FriendAdded,
    description: 'Records that an external user added a member (by talk id) as a friend: a room opens and the greeting goes out.',
    input: {
      domainId: t.input.id({ description: 'Global id of a Domain.' }),
      kind: t.input.field({ type: ExternalKindEnum }),
      talkId: t.input.string(),
      externalId: t.input.string({ description: 'The external side’s id of the person.' }),
      displayName: t.input.string(),
      language: t.input.field({ type: LanguageEnum, required: false }),
    },
    errors: { types: mutationErrors, dataField: { name: 'result' } },
    resolve: async (_root, { input }, context) => {
      const { room, created } = await recordExternalFriendAdd(context, {
        domainId: idOf(input.domainId, 'Domain', 'domainId'),
        kind: input.kind,
        talkId: input.talkId,
        contact: { externalId: input.externalId, displayName: input.displayName, language: input.language ?? undefined },
      })
      return { room, created }
    },
  }),
  postExternalMessage: t.prismaFieldWithInput({
    type: 'ExternalMessage',
    description: 'A message in a room with an external user. Attachments are refused while file transfer is restricted.',
    input: {
      roomId: t.input.id({ description: 'Global id of an ExternalRoom.' }),
      sender: t.input.field({ type: builder.enumType('ExternalMessageSenderInput', { values: ['EXTERNAL', 'MEMBER'] as const }) }),
      type: t.input.field({ type: ExternalMessageTypeEnum }),
      text: t.input.string({ required: false }),
      fileName: t.input.string({ required: false }),
    },
    errors: { types: [...mutationErrors, FileTransferRestrictedError], dataField: { name: 'posted' } },
    resolve: async (query, _root, { input }, context) => {
      const message = await postExternalMessage(context, idOf(input.roomId, 'ExternalRoom', 'roomId'), input.sender, {
        type: input.type,
        text: input.text ?? undefined,
        fileName: input.fileName ?? undefined,
      })
      return context.prisma.externalMessage.findUniqueOrThrow({ ...nonEmpty(query), where: { id: message.id } })
    },
  }),
  applySuggestedTalkIds: t.fieldWithInput({
    type: 'Int',
    description: 'Gives every connected member whose talk id cannot be used (FAILED) the suggested one; returns how many changed.',
    input: { kind: t.input.field({ type: ExternalKindEnum }), domainId: t.input.id({ required: false, description: 'Global id of a Domain.' }) },
    errors: { types: mutationErrors, dataField: { name: 'updated' } },
    resolve: async (_root, { input }, context) => {
      const domainId = input.domainId ? idOf(input.domainId, 'Domain', 'domainId') : null
      return (await applySuggestedTalkIds({ ...context, nudge: context.services.nudgeJobs }, input.kind, domainId)).updated
    },
  }),
  simulateExternalFaults: t.fieldWithInput({
    type: 'Int',
    description: 'Simulator, demo tenants only (FORBIDDEN elsewhere): the next `count` attempts to add members to the external service fail as a network fault would.',
    input: { count: t.input.int() },
    errors: { types: mutationErrors, dataField: { name: 'count' } },
    resolve: (_root, { input }, context) => simulateExternalFaults(context, input.count),
  }),
}))
