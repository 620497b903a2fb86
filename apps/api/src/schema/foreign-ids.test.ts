import { encodeGlobalID } from '@pothos/plugin-relay'
import { beforeAll, describe, expect, it } from 'vitest'
import { createMembers, createTenant, useTestApp } from '../../test/harness.ts'

const ctx = useTestApp()

const RANDOM = '3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f'
const gid = (type: string, id: string) => encodeGlobalID(type, id)

/**
 * Tenant A with a bot in its domain, the attendance linkage on with that bot, an employee with an
 * account id, and a connected member whose talk id cannot be used; tenant B whose ids A tries.
 */
async function setUp() {
  const a = await createTenant(ctx, 'A')
  const b = await createTenant(ctx, 'B')
  const prisma = ctx.db.prisma
  const [employee] = await createMembers(ctx, a.tenant, a.domain, 1, 'emp')
  if (!employee) throw new Error('member missing')
  const created = await a.client.data(
    `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id } } ... on Error { message } } }`,
    { input: { name: 'Clock', description: 'd', callbackEnabled: false, messageTypes: ['text'], roomEvents: [], allowGroupJoin: false, managerIds: [gid('Member', employee.id)] } },
  )
  const botId: string = created.createBot.bot.id
  await a.client.data(`mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, {
    input: { id: botId, domainId: gid('Domain', a.domain.id), visibility: 'ALL' },
  })
  await a.client.data(`mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) { __typename } }`, {
    input: { acceptTerms: true, mode: 'PLATFORM', botId },
  })
  await prisma.attendanceAccount.create({ data: { tenantId: a.tenant.id, memberId: employee.id, accountId: employee.loginId } })
  await prisma.externalLink.create({
    data: { tenantId: a.tenant.id, domainId: a.domain.id, memberId: employee.id, kind: 'LINE', talkId: 'emp.0001', loginId: employee.loginId, searchText: '', status: 'FAILED', failureCode: 'INVALID_CHARACTERS' },
  })
  const bOrgUnit = await prisma.orgUnit.create({ data: { tenantId: b.tenant.id, domainId: b.domain.id, name: 'B sales' } })
  const bEmploymentType = await prisma.employmentType.create({ data: { tenantId: b.tenant.id, name: 'B part time' } })
  return { a, b, botId, bOrgUnit, bEmploymentType }
}

let world: Awaited<ReturnType<typeof setUp>>
beforeAll(async () => {
  world = await setUp()
})

/** What A's data looks like: its audit log, its bot's domains, its links and its talk messages. */
async function stateOfA() {
  const prisma = ctx.db.prisma
  const tenantId = world.a.tenant.id
  return {
    audit: await prisma.auditEntry.count({ where: { tenantId } }),
    botDomains: await prisma.botDomain.count({ where: { tenantId } }),
    links: await prisma.externalLink.findMany({ where: { tenantId }, select: { talkId: true, status: true } }),
    messages: await prisma.talkMessage.count({ where: { tenantId } }),
  }
}

const cases = [
  {
    mutation: 'applySuggestedTalkIds',
    input: (domainId: string) => ({ kind: 'LINE', domainId: gid('Domain', domainId) }),
    foreign: () => world.b.domain.id,
  },
  {
    mutation: 'sendAttendanceFirstMessage',
    input: (orgUnitId: string) => ({ orgUnitId: gid('OrgUnit', orgUnitId) }),
    foreign: () => world.bOrgUnit.id,
  },
  {
    mutation: 'sendAttendanceFirstMessage',
    input: (employmentTypeId: string) => ({ employmentTypeId: gid('EmploymentType', employmentTypeId) }),
    foreign: () => world.bEmploymentType.id,
  },
  {
    mutation: 'removeBotFromDomain',
    input: (domainId: string) => ({ id: world.botId, domainId: gid('Domain', domainId) }),
    foreign: () => world.b.domain.id,
  },
].flatMap((entry) => [
  { ...entry, whose: 'another tenant’s', id: () => entry.foreign() },
  { ...entry, whose: 'a nonexistent', id: () => RANDOM },
])

describe('ids that are not the caller’s', () => {
  it.each(cases)('$mutation with $whose id answers NotFoundError and changes nothing', async ({ mutation, input, id }) => {
    const before = await stateOfA()
    const name = `Mutation${mutation[0]?.toUpperCase()}${mutation.slice(1)}Input`
    const result = await world.a.client.data(`mutation($input: ${name}!) { ${mutation}(input: $input) { __typename ... on Error { code } } }`, { input: input(id()) })
    expect(result[mutation]).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' })
    expect(await stateOfA()).toEqual(before)
  })

  it('still work with the caller’s own ids', async () => {
    const own = await world.a.client.data(`mutation($input: MutationApplySuggestedTalkIdsInput!) { applySuggestedTalkIds(input: $input) { __typename ... on MutationApplySuggestedTalkIdsSuccess { updated } } }`, {
      input: { kind: 'LINE', domainId: gid('Domain', world.a.domain.id) },
    })
    expect(own.applySuggestedTalkIds).toEqual({ __typename: 'MutationApplySuggestedTalkIdsSuccess', updated: 1 })
    const orgUnit = await ctx.db.prisma.orgUnit.create({ data: { tenantId: world.a.tenant.id, domainId: world.a.domain.id, name: 'A sales' } })
    const sent = await world.a.client.data(`mutation($input: MutationSendAttendanceFirstMessageInput!) { sendAttendanceFirstMessage(input: $input) { __typename ... on MutationSendAttendanceFirstMessageSuccess { report { sent failed } } } }`, {
      input: { orgUnitId: gid('OrgUnit', orgUnit.id) },
    })
    expect(sent.sendAttendanceFirstMessage).toEqual({ __typename: 'MutationSendAttendanceFirstMessageSuccess', report: { sent: 0, failed: 0 } })
    const removed = await world.a.client.data(`mutation($input: MutationRemoveBotFromDomainInput!) { removeBotFromDomain(input: $input) { __typename } }`, {
      input: { id: world.botId, domainId: gid('Domain', world.a.domain.id) },
    })
    expect(removed.removeBotFromDomain.__typename).toBe('MutationRemoveBotFromDomainSuccess')
  })
})
