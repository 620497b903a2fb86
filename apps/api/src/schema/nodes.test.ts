import { encodeGlobalID } from '@pothos/plugin-relay'
import { type AuthorityArea, authorityAreas } from '@worksbase/schema'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAdmin, createMembers, createTenant, TestClient, useTestApp } from '../../test/harness.ts'
import { schema } from './index.ts'

const ctx = useTestApp()

/**
 * What reading each node type needs, as its list does: an area's VIEW authority, a signed-in admin
 * (not an API token), or only being signed in to the tenant.
 */
const needs: Record<string, AuthorityArea | 'signed-in admin' | 'signed in'> = {
  Tenant: 'signed in',
  Admin: 'signed-in admin',
  ApiToken: 'signed-in admin',
  Domain: 'members',
  OrgUnit: 'members',
  EmploymentType: 'members',
  Member: 'members',
  MemberImport: 'members',
  Bot: 'bots',
  ApiApp: 'bots',
  ExternalLink: 'external',
  ExternalRoom: 'external',
  AuditEntry: 'audit',
  AttendanceAccountImport: 'attendance',
}

const NODE = `query($id: ID!) { node(id: $id) { __typename id } nodes(ids: [$id]) { __typename } }`
const CREATE_TOKEN = `mutation($input: MutationCreateApiTokenInput!) { createApiToken(input: $input) {
  ... on MutationCreateApiTokenSuccess { created { secret token { id } } } ... on Error { message } } }`

/** One node of every type in a tenant, by type name (global ids); and one API token per read scope. */
async function setUp() {
  const { tenant, domain, master, client } = await createTenant(ctx)
  const prisma = ctx.db.prisma
  const [member, manager] = await createMembers(ctx, tenant, domain, 2, 'node')
  if (!member || !manager) throw new Error('members missing')
  const other = await createAdmin(ctx, tenant.id, { members: 'VIEW' })
  const orgUnit = await prisma.orgUnit.create({ data: { tenantId: tenant.id, domainId: domain.id, name: 'Sales' } })
  const employmentType = await prisma.employmentType.create({ data: { tenantId: tenant.id, name: 'Full time' } })
  const memberImport = await prisma.memberImport.create({ data: { tenantId: tenant.id, fileName: 'members.csv' } })
  const accountImport = await prisma.attendanceAccountImport.create({ data: { tenantId: tenant.id, fileName: 'accounts.csv' } })
  const apiApp = await prisma.apiApp.create({ data: { tenantId: tenant.id, name: 'HR', clientId: `client-${tenant.id}`, clientSecretHash: 'x' } })
  const link = await prisma.externalLink.create({
    data: { tenantId: tenant.id, domainId: domain.id, memberId: member.id, kind: 'LINE', talkId: 'node1', loginId: member.loginId, searchText: member.loginId },
  })
  const contact = await prisma.externalContact.create({ data: { tenantId: tenant.id, kind: 'LINE', externalId: 'U1', displayName: 'Guest' } })
  const room = await prisma.externalRoom.create({ data: { tenantId: tenant.id, domainId: domain.id, kind: 'LINE', memberId: member.id, contactId: contact.id } })
  const bot = await client.data(
    `mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id } } ... on Error { message } } }`,
    {
      input: {
        name: 'Helper',
        description: 'answers',
        callbackEnabled: false,
        messageTypes: ['text'],
        roomEvents: [],
        allowGroupJoin: false,
        managerIds: [encodeGlobalID('Member', manager.id)],
      },
    },
  )
  const audit = await prisma.auditEntry.findFirstOrThrow({ where: { tenantId: tenant.id } })
  const tokens = new Map<AuthorityArea, { client: TestClient; tokenId: string }>()
  for (const area of authorityAreas) {
    const created = await client.data(CREATE_TOKEN, { input: { name: area, scopes: [`${area}:read`] } })
    const integrator = new TestClient(ctx.app)
    integrator.bearer = created.createApiToken.created.secret
    tokens.set(area, { client: integrator, tokenId: created.createApiToken.created.token.id })
  }
  const firstToken = tokens.get('members')
  if (!firstToken) throw new Error('token missing')
  const nodes: Record<string, string> = {
    Tenant: encodeGlobalID('Tenant', tenant.id),
    // Another admin than the tokens' creator: a token may see its own creator only.
    Admin: encodeGlobalID('Admin', other.admin.id),
    ApiToken: firstToken.tokenId,
    Domain: encodeGlobalID('Domain', domain.id),
    OrgUnit: encodeGlobalID('OrgUnit', orgUnit.id),
    EmploymentType: encodeGlobalID('EmploymentType', employmentType.id),
    Member: encodeGlobalID('Member', member.id),
    MemberImport: encodeGlobalID('MemberImport', memberImport.id),
    Bot: bot.createBot.bot.id,
    ApiApp: encodeGlobalID('ApiApp', apiApp.id),
    ExternalLink: encodeGlobalID('ExternalLink', link.id),
    ExternalRoom: encodeGlobalID('ExternalRoom', room.id),
    AuditEntry: encodeGlobalID('AuditEntry', audit.id),
    AttendanceAccountImport: encodeGlobalID('AttendanceAccountImport', accountImport.id),
  }
  return { master, client, nodes, tokens }
}

let world: Awaited<ReturnType<typeof setUp>>
beforeAll(async () => {
  world = await setUp()
})

describe('node and nodes', () => {
  it('know what every node type needs (a new node type must say it here)', () => {
    const types = Object.values(schema.getTypeMap()).filter((type) => 'getInterfaces' in type && type.getInterfaces().some((face) => face.name === 'Node'))
    expect(types.map((type) => type.name).sort()).toEqual(Object.keys(needs).sort())
  })

  const cases = authorityAreas.flatMap((area) => Object.entries(needs).map(([type, need]) => ({ area, type, visible: need === 'signed in' || need === area })))
  it.each(cases)('an API token with only $area:read sees a $type: $visible', async ({ area, type, visible }) => {
    const token = world.tokens.get(area)
    const id = world.nodes[type]
    if (!token || !id) throw new Error(`no fixture for ${type}`)
    const result = await token.client.gql(NODE, { id })
    if (visible) {
      expect(result.errors).toBeUndefined()
      expect(result.data).toEqual({ node: { __typename: type, id }, nodes: [{ __typename: type }] })
    } else {
      expect(result.data).toEqual({ node: null, nodes: [null] })
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN'])
    }
  })

  it('shows every node to the master administrator signed in', async () => {
    for (const [type, id] of Object.entries(world.nodes)) {
      expect((await world.client.data(NODE, { id })).node).toEqual({ __typename: type, id })
    }
  })
})

describe('administrators', () => {
  it('are listed to admins signed in, not to API tokens, whatever their scopes', async () => {
    const ADMINS = '{ admins { email name role authorities { members } } }'
    expect((await world.client.data(ADMINS)).admins).toHaveLength(2)
    for (const { client } of world.tokens.values()) {
      const result = await client.gql(ADMINS)
      expect(result.data).toBeNull()
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
      expect((await client.gql('{ apiTokens { name createdBy { email } } }')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    }
  })

  it('let an API token read its own creator, as the viewer or by id', async () => {
    const token = world.tokens.get('bots')
    if (!token) throw new Error('token missing')
    const creator = await token.client.data(`query($id: ID!) { viewer { admin { email } } node(id: $id) { ... on Admin { email } } }`, {
      id: encodeGlobalID('Admin', world.master.id),
    })
    expect(creator).toEqual({ viewer: { admin: { email: world.master.email } }, node: { email: world.master.email } })
  })
})
