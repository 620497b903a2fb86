import { encodeGlobalID } from '@pothos/plugin-relay'
import { describe, expect, it } from 'vitest'
import { createAdmin, createMembers, createTenant, useTestApp } from '../../test/harness.ts'

const ctx = useTestApp()

const createMutation = `mutation($input: MutationCreateMemberInput!) {
  createMember(input: $input) {
    __typename
    ... on MutationCreateMemberSuccess { member { id loginId familyName givenName i18nNames { language familyName givenName } status orgUnit { name } domain { name } } }
    ... on ValidationError { fieldErrors { path code message } }
    ... on Error { code message }
  }
}`

const gid = (type: string, id: string) => encodeGlobalID(type, id)

describe('members', () => {
  it('creates a member with names in several languages and records it in the audit log', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    const orgUnit = await ctx.db.prisma.orgUnit.create({ data: { tenantId: tenant.id, domainId: domain.id, name: '営業部' } })
    const result = await client.data(createMutation, {
      input: {
        domainId: gid('Domain', domain.id),
        loginId: ` Taro.Yamada@${domain.name} `,
        familyName: '山田',
        givenName: '太郎',
        i18nNames: [{ language: 'EN', familyName: 'Yamada', givenName: 'Taro' }],
        orgUnitId: gid('OrgUnit', orgUnit.id),
      },
    })
    expect(result.createMember).toMatchObject({
      __typename: 'MutationCreateMemberSuccess',
      member: {
        loginId: `taro.yamada@${domain.name}`,
        familyName: '山田',
        i18nNames: [{ language: 'EN', familyName: 'Yamada', givenName: 'Taro' }],
        status: 'ACTIVE',
        orgUnit: { name: '営業部' },
        domain: { name: domain.name },
      },
    })
    const entry = await ctx.db.prisma.auditEntry.findFirst({ where: { tenantId: tenant.id, action: 'member.create' } })
    expect(entry?.targetLabel).toBe(`taro.yamada@${domain.name}`)
  })

  it('rejects invalid input with specific field errors and changes nothing', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    const before = await ctx.db.prisma.member.count({ where: { tenantId: tenant.id } })
    const auditBefore = await ctx.db.prisma.auditEntry.count({ where: { tenantId: tenant.id } })
    const cases: [Record<string, unknown>, string][] = [
      [{ loginId: `x@${domain.name}` }, 'loginId'],
      [{ loginId: `UPPER CASE!@${domain.name}` }, 'loginId'],
      [{ loginId: `${'a'.repeat(41)}@${domain.name}` }, 'loginId'],
      [{ loginId: 'taro@other.example' }, 'loginId'],
      [{ familyName: '' }, 'familyName'],
      [{ familyName: 'a'.repeat(51) }, 'familyName'],
      [{ familyName: 'line\nbreak' }, 'familyName'],
      [{ email: 'not-an-email' }, 'email'],
      [{ domainId: 'garbage' }, 'domainId'],
      [{ orgUnitId: gid('OrgUnit', '00000000-0000-4000-8000-000000000000') }, 'orgUnitId'],
    ]
    for (const [override, field] of cases) {
      const result = await client.data(createMutation, {
        input: { domainId: gid('Domain', domain.id), loginId: `ok.user@${domain.name}`, familyName: '山田', givenName: '花子', ...override },
      })
      expect(result.createMember.__typename, JSON.stringify(override)).toBe('ValidationError')
      expect(result.createMember.fieldErrors.map((error: { path: string[] }) => error.path[0])).toContain(field)
    }
    expect(await ctx.db.prisma.member.count({ where: { tenantId: tenant.id } })).toBe(before)
    expect(await ctx.db.prisma.auditEntry.count({ where: { tenantId: tenant.id } })).toBe(auditBefore)
  })

  it('refuses a duplicate login id with a conflict', async () => {
    const { domain, client } = await createTenant(ctx)
    const input = { domainId: gid('Domain', domain.id), loginId: `dup@${domain.name}`, familyName: 'A', givenName: 'B' }
    expect((await client.data(createMutation, { input })).createMember.__typename).toBe('MutationCreateMemberSuccess')
    const again = await client.data(createMutation, { input })
    expect(again.createMember).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' })
  })

  it('updates, suspends, resumes and deletes, each audited with before and after', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    const [member] = await createMembers(ctx, tenant, domain, 1, 'edit')
    if (!member) throw new Error('no member')
    const id = gid('Member', member.id)
    const updated = await client.data(
      `mutation($input: MutationUpdateMemberInput!) { updateMember(input: $input) { __typename ... on MutationUpdateMemberSuccess { member { givenName nickname email } } } }`,
      { input: { id, givenName: '次郎', nickname: 'Jiro', email: 'jiro@example.com' } },
    )
    expect(updated.updateMember.member).toEqual({ givenName: '次郎', nickname: 'Jiro', email: 'jiro@example.com' })
    const cleared = await client.data(
      `mutation($input: MutationUpdateMemberInput!) { updateMember(input: $input) { ... on MutationUpdateMemberSuccess { member { givenName nickname } } } }`,
      { input: { id, nickname: null } },
    )
    expect(cleared.updateMember.member).toEqual({ givenName: '次郎', nickname: null })
    const suspended = await client.data(
      `mutation($input: MutationSuspendMemberInput!) { suspendMember(input: $input) { ... on MutationSuspendMemberSuccess { member { status } } } }`,
      { input: { id } },
    )
    expect(suspended.suspendMember.member.status).toBe('SUSPENDED')
    const resumed = await client.data(
      `mutation($input: MutationResumeMemberInput!) { resumeMember(input: $input) { ... on MutationResumeMemberSuccess { member { status } } } }`,
      { input: { id } },
    )
    expect(resumed.resumeMember.member.status).toBe('ACTIVE')
    const deleted = await client.data(
      `mutation($input: MutationDeleteMemberInput!) { deleteMember(input: $input) { ... on MutationDeleteMemberSuccess { result { deletedId } } } }`,
      { input: { id } },
    )
    expect(deleted.deleteMember.result.deletedId).toBe(id)
    expect(await ctx.db.prisma.member.findUnique({ where: { id: member.id } })).toBeNull()
    const actions = await ctx.db.prisma.auditEntry.findMany({
      where: { tenantId: tenant.id, targetId: member.id },
      orderBy: { seq: 'asc' },
    })
    expect(actions.map((entry) => entry.action)).toEqual([
      'member.update',
      'member.update',
      'member.suspend',
      'member.resume',
      'member.delete',
    ])
    expect(actions[0]?.before).toEqual({ givenName: 'edit1', nickname: null, email: null })
    expect(actions[0]?.after).toEqual({ givenName: '次郎', nickname: 'Jiro', email: 'jiro@example.com' })
  })

  it('searches by name, login id and department, ordered by login id, with cursor paging', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    const sales = await ctx.db.prisma.orgUnit.create({ data: { tenantId: tenant.id, domainId: domain.id, name: 'Sales' } })
    await createMembers(ctx, tenant, domain, 25, 'page')
    await ctx.db.prisma.member.updateMany({ where: { tenantId: tenant.id, loginId: { startsWith: 'page000' } }, data: { orgUnitId: sales.id } })
    const query = `query($first: Int, $after: String, $query: String, $orgUnitId: ID) {
      members(first: $first, after: $after, query: $query, orgUnitId: $orgUnitId) {
        totalCount edges { node { loginId } } pageInfo { hasNextPage endCursor }
      }
    }`
    const first = await client.data(query, { first: 10 })
    expect(first.members.totalCount).toBe(25)
    expect(first.members.edges.map((edge: { node: { loginId: string } }) => edge.node.loginId)[0]).toBe(`page0001@${domain.name}`)
    expect(first.members.pageInfo.hasNextPage).toBe(true)
    const second = await client.data(query, { first: 10, after: first.members.pageInfo.endCursor })
    expect(second.members.edges[0].node.loginId).toBe(`page0011@${domain.name}`)
    const third = await client.data(query, { first: 10, after: second.members.pageInfo.endCursor })
    expect(third.members.edges).toHaveLength(5)
    expect(third.members.pageInfo.hasNextPage).toBe(false)

    const byName = await client.data(query, { query: 'PAGE12' })
    expect(byName.members.edges.map((edge: { node: { loginId: string } }) => edge.node.loginId)).toEqual([`page0012@${domain.name}`])
    const byFamily = await client.data(query, { query: '山田', first: 1 })
    expect(byFamily.members.totalCount).toBe(25)
    const byDepartment = await client.data(query, { orgUnitId: gid('OrgUnit', sales.id) })
    expect(byDepartment.members.totalCount).toBe(9)
  })

  it('pages through search results, treats % and _ literally, and matches word starts for short queries', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    await createMembers(ctx, tenant, domain, 7, 'kato_')
    await createMembers(ctx, tenant, domain, 3, 'katoa')
    const query = `query($q: String, $after: String) { members(first: 3, query: $q, after: $after) { totalCount edges { node { loginId } } pageInfo { hasNextPage endCursor } } }`
    const seen: string[] = []
    let after: string | null = null
    for (;;) {
      const page: any = await client.data(query, { q: 'kato_', after })
      expect(page.members.totalCount).toBe(7)
      seen.push(...page.members.edges.map((edge: { node: { loginId: string } }) => edge.node.loginId))
      if (!page.members.pageInfo.hasNextPage) break
      after = page.members.pageInfo.endCursor
    }
    expect(seen).toEqual(Array.from({ length: 7 }, (_, index) => `kato_${String(index + 1).padStart(4, '0')}@${domain.name}`))
    expect((await client.data(query, { q: '%' })).members.totalCount).toBe(0)
    // Two characters match the start of a word: the family name 山田 but not the middle of "katoa".
    expect((await client.data(query, { q: '山田' })).members.totalCount).toBe(10)
    expect((await client.data(query, { q: 'to' })).members.totalCount).toBe(0)
    expect((await client.data(query, { q: 'ka' })).members.totalCount).toBe(10)
  })

  it('refuses page sizes above the maximum', async () => {
    const { client } = await createTenant(ctx)
    const result = await client.gql('{ members(first: 101) { edges { node { id } } } }')
    expect(result.errors?.[0]).toMatchObject({ message: 'first: Must be between 0 and 100', extensions: { code: 'VALIDATION' } })
  })

  it('never shows or changes another tenant’s members', async () => {
    const a = await createTenant(ctx, 'A')
    const b = await createTenant(ctx, 'B')
    const [foreign] = await createMembers(ctx, b.tenant, b.domain, 1, 'secret')
    if (!foreign) throw new Error('no member')
    const id = gid('Member', foreign.id)
    expect((await a.client.data('query($id: ID!) { node(id: $id) { id } }', { id })).node).toBeNull()
    expect((await a.client.data('query($id: ID!) { member(id: $id) { id } }', { id })).member).toBeNull()
    expect((await a.client.data('{ members(query: "secret") { totalCount } }')).members.totalCount).toBe(0)
    const update = await a.client.data(
      `mutation($input: MutationUpdateMemberInput!) { updateMember(input: $input) { __typename ... on Error { code } } }`,
      { input: { id, givenName: 'hacked' } },
    )
    expect(update.updateMember).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' })
    const remove = await a.client.data(
      `mutation($input: MutationDeleteMemberInput!) { deleteMember(input: $input) { __typename } }`,
      { input: { id } },
    )
    expect(remove.deleteMember.__typename).toBe('NotFoundError')
    const create = await a.client.data(createMutation, {
      input: { domainId: gid('Domain', b.domain.id), loginId: `x1@${b.domain.name}`, familyName: 'A', givenName: 'B' },
    })
    expect(create.createMember.__typename).toBe('ValidationError')
    expect(await ctx.db.prisma.member.findUnique({ where: { id: foreign.id } })).toMatchObject({ givenName: 'secret1' })
  })

  it('lets a view-only admin read but not change members', async () => {
    const { tenant, domain } = await createTenant(ctx)
    const [member] = await createMembers(ctx, tenant, domain, 1, 'view')
    if (!member) throw new Error('no member')
    const viewer = await createAdmin(ctx, tenant.id, { members: 'VIEW' })
    expect((await viewer.client.data('{ members { totalCount } }')).members.totalCount).toBe(1)
    const result = await viewer.client.data(
      `mutation($input: MutationSuspendMemberInput!) { suspendMember(input: $input) { __typename ... on Error { message } } }`,
      { input: { id: gid('Member', member.id) } },
    )
    expect(result.suspendMember).toEqual({ __typename: 'ForbiddenError', message: 'This needs view and edit authority for members' })
    const none = await createAdmin(ctx, tenant.id, { audit: 'VIEW' })
    const denied = await none.client.gql('{ members { totalCount } }')
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN')
    expect((await ctx.db.prisma.member.findUniqueOrThrow({ where: { id: member.id } })).status).toBe('ACTIVE')
  })
})

describe('member readings (フリガナ) and list orders', () => {
  const readingsMutation = `mutation($input: MutationCreateMemberInput!) {
    createMember(input: $input) {
      __typename
      ... on MutationCreateMemberSuccess { member { id familyNameReading givenNameReading } }
      ... on ValidationError { fieldErrors { path code } }
    }
  }`
  const listQuery = `query($orderBy: MemberOrder, $query: String, $first: Int, $after: String) {
    members(orderBy: $orderBy, query: $query, first: $first, after: $after) {
      edges { node { loginId } } pageInfo { hasNextPage endCursor }
    }
  }`

  /** Every login id of the list in the given order, read in pages of `first`. */
  async function allPages(client: { data: (query: string, variables?: Record<string, unknown>) => Promise<any> }, variables: Record<string, unknown>, first: number) {
    const seen: string[] = []
    let after: string | null = null
    for (;;) {
      const page: any = await client.data(listQuery, { ...variables, first, after })
      seen.push(...page.members.edges.map((edge: { node: { loginId: string } }) => edge.node.loginId.split('@')[0]))
      if (!page.members.pageInfo.hasNextPage) return seen
      after = page.members.pageInfo.endCursor
    }
  }

  it('stores readings in kana (half-width katakana made full-width), refuses other scripts by code, clears them, and audits them', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    const base = { domainId: gid('Domain', domain.id), familyName: '佐藤', givenName: '太郎' }
    const made = await client.data(readingsMutation, { input: { ...base, loginId: `sato@${domain.name}`, familyNameReading: ' ｻﾄｳ ', givenNameReading: 'たろう' } })
    expect(made.createMember).toMatchObject({ __typename: 'MutationCreateMemberSuccess', member: { familyNameReading: 'サトウ', givenNameReading: 'たろう' } })

    const before = await ctx.db.prisma.member.count({ where: { tenantId: tenant.id } })
    for (const reading of ['佐藤', 'sato', 'サトウ1', 'サ\nトウ', 'ア'.repeat(51)]) {
      const refused = await client.data(readingsMutation, { input: { ...base, loginId: `bad@${domain.name}`, familyNameReading: reading } })
      expect(refused.createMember.__typename, reading).toBe('ValidationError')
      expect(refused.createMember.fieldErrors[0].path, reading).toEqual(['familyNameReading'])
    }
    const kanji = await client.data(readingsMutation, { input: { ...base, loginId: `bad@${domain.name}`, givenNameReading: '太郎' } })
    expect(kanji.createMember.fieldErrors).toEqual([{ path: ['givenNameReading'], code: 'reading_kana' }])
    expect(await ctx.db.prisma.member.count({ where: { tenantId: tenant.id } })).toBe(before)

    const id = made.createMember.member.id
    const cleared = await client.data(
      `mutation($input: MutationUpdateMemberInput!) { updateMember(input: $input) { ... on MutationUpdateMemberSuccess { member { familyNameReading givenNameReading } } } }`,
      { input: { id, givenNameReading: null } },
    )
    expect(cleared.updateMember.member).toEqual({ familyNameReading: 'サトウ', givenNameReading: null })
    const audit = await ctx.db.prisma.auditEntry.findFirstOrThrow({ where: { tenantId: tenant.id, action: 'member.update' } })
    expect(audit.before).toEqual({ givenNameReading: 'たろう' })
    expect(audit.after).toEqual({ givenNameReading: null })
  })

  it('lists in 50-音 order by reading (katakana and hiragana alike, members without one after) and by English name, the same with a search and across pages', async () => {
    const { domain, client } = await createTenant(ctx)
    const people: [string, string, string, string | null, string | null, string | null][] = [
      // login id, family name, given name, family reading, given reading, English family name
      ['a1', '渡辺', '美緒', 'ワタナベ', 'ミオ', 'Watanabe'],
      ['a2', '伊藤', '大輝', 'いとう', 'だいき', 'ito'],
      ['a3', '加藤', 'さくら', 'カトウ', 'サクラ', 'Kato'],
      ['a4', '佐藤', '太郎', 'さとう', 'たろう', 'Sato'],
      ['a5', '佐藤', '花子', 'サトウ', 'ハナコ', null],
      ['a6', '阿部', '紬', null, null, 'Abe'],
      ['a7', '後藤', '健', 'ゴトウ', 'ケン', 'Goto'],
    ]
    for (const [local, familyName, givenName, familyNameReading, givenNameReading, english] of people) {
      const result = await client.data(readingsMutation, {
        input: {
          domainId: gid('Domain', domain.id),
          loginId: `${local}@${domain.name}`,
          familyName,
          givenName,
          familyNameReading,
          givenNameReading,
          i18nNames: english ? [{ language: 'EN', familyName: english, givenName: local }] : [],
        },
      })
      expect(result.createMember.__typename).toBe('MutationCreateMemberSuccess')
    }
    // いとう, かとう, ごとう, さとう たろう, さとう はなこ, わたなべ, then 阿部 without a reading.
    const reading = ['a2', 'a3', 'a7', 'a4', 'a5', 'a1', 'a6']
    expect(await allPages(client, { orderBy: 'READING' }, 2)).toEqual(reading)
    expect(await allPages(client, { orderBy: 'READING' }, 100)).toEqual(reading)
    // English names ignoring case; 佐藤 花子 has none and comes after.
    const english = ['a6', 'a7', 'a2', 'a3', 'a4', 'a1', 'a5']
    expect(await allPages(client, { orderBy: 'NAME' }, 3)).toEqual(english)
    expect(await allPages(client, {}, 3)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'])
    // A search keeps the order and its paging; readings match in either kana.
    expect(await allPages(client, { orderBy: 'READING', query: 'a' }, 2)).toEqual(reading)
    expect(await allPages(client, { orderBy: 'READING', query: 'さとう' }, 1)).toEqual(['a4', 'a5'])
    expect(await allPages(client, { orderBy: 'NAME', query: 'サトウ' }, 1)).toEqual(['a4', 'a5'])
    expect(await allPages(client, { query: 'ごと' }, 5)).toEqual(['a7'])
    // An unknown order is refused by the schema.
    const wrong = await client.gql('{ members(orderBy: SHOE_SIZE) { totalCount } }')
    expect(wrong.errors?.[0]?.message).toMatch(/MemberOrder/)
  })
})
