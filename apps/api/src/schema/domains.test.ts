import { encodeGlobalID } from '@pothos/plugin-relay'
import { describe, expect, it } from 'vitest'
import { graphql } from '../../test/graphql.ts'
import { createMembers, createTenant, expectTypename, TEST_PASSWORD, TestClient, testPasswordHash, useTestApp } from '../../test/harness.ts'
import { allocateLwDomainId } from '../services/domains.ts'
import { memberSearchText } from '../services/members.ts'

const ctx = useTestApp()

describe('domains, departments and employment types', () => {
  it('creates, renames and deletes with validation, conflicts and audit', async () => {
    const { tenant, client } = await createTenant(ctx)
    const created = await client.runOk(
      graphql(`mutation { createDomain(input: { name: "Branch.Example", displayName: "Branch" }) { __typename ... on MutationCreateDomainSuccess { domain { id name lwDomainId memberCount } } } }`),
    )
    const { domain } = expectTypename(created.createDomain, 'MutationCreateDomainSuccess')
    expect(domain).toMatchObject({ name: 'branch.example', memberCount: 0 })
    expect(domain.lwDomainId).toBeGreaterThan(9_999_999)
    const dup = await client.runOk(graphql(`mutation { createDomain(input: { name: "branch.example", displayName: "Again" }) { __typename } }`))
    expect(dup.createDomain.__typename).toBe('ConflictError')
    const bad = await client.runOk(
      graphql(`mutation { createDomain(input: { name: "no spaces allowed", displayName: "" }) { __typename ... on ValidationError { fieldErrors { path } } } }`),
    )
    expect(expectTypename(bad.createDomain, 'ValidationError').fieldErrors.map((error) => error.path[0]).sort()).toEqual(['displayName', 'name'])

    const domainId = domain.id
    const unit = await client.runOk(
      graphql(`mutation($input: MutationCreateOrgUnitInput!) { createOrgUnit(input: $input) { __typename ... on MutationCreateOrgUnitSuccess { orgUnit { id name domain { name } } } } }`),
      { input: { domainId, name: '開発部' } },
    )
    const { orgUnit } = expectTypename(unit.createOrgUnit, 'MutationCreateOrgUnitSuccess')
    expect(orgUnit).toMatchObject({ name: '開発部', domain: { name: 'branch.example' } })
    const child = await client.runOk(
      graphql(`mutation($input: MutationCreateOrgUnitInput!) { createOrgUnit(input: $input) { __typename ... on MutationCreateOrgUnitSuccess { orgUnit { parent { name } } } } }`),
      { input: { domainId, parentId: orgUnit.id, name: 'フロントエンド' } },
    )
    expect(expectTypename(child.createOrgUnit, 'MutationCreateOrgUnitSuccess').orgUnit.parent?.name).toBe('開発部')
    const parentDelete = await client.runOk(
      graphql(`mutation($input: MutationDeleteOrgUnitInput!) { deleteOrgUnit(input: $input) { __typename ... on Error { message } } }`),
      { input: { id: orgUnit.id } },
    )
    expect(parentDelete.deleteOrgUnit).toEqual({ __typename: 'ConflictError', message: 'Delete or move the sub-departments first' })

    const type = await client.runOk(graphql(`mutation { createEmploymentType(input: { name: "正社員" }) { __typename } }`))
    expect(type.createEmploymentType.__typename).toBe('MutationCreateEmploymentTypeSuccess')
    const typeDup = await client.runOk(graphql(`mutation { createEmploymentType(input: { name: "正社員" }) { __typename } }`))
    expect(typeDup.createEmploymentType.__typename).toBe('ConflictError')
    expect((await client.runOk(graphql('{ employmentTypes { name } }'))).employmentTypes).toEqual([{ name: '正社員' }])

    const actions = await ctx.db.prisma.auditEntry.findMany({ where: { tenantId: tenant.id, area: 'MEMBERS' }, orderBy: { seq: 'asc' } })
    expect(actions.map((entry) => entry.action)).toEqual(['domain.create', 'orgUnit.create', 'orgUnit.create', 'employmentType.create'])
  })

  it('will not delete a domain that still has members, nor the last domain', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    await createMembers(ctx, tenant, domain, 1, 'keep')
    const onlyDomain = await client.runOk(
      graphql(`mutation($input: MutationDeleteDomainInput!) { deleteDomain(input: $input) { __typename ... on Error { message } } }`),
      { input: { id: encodeGlobalID('Domain', domain.id) } },
    )
    expect(onlyDomain.deleteDomain).toEqual({ __typename: 'ConflictError', message: 'A tenant keeps at least one domain' })
    await client.runOk(graphql(`mutation { createDomain(input: { name: "second.example", displayName: "2" }) { __typename } }`))
    const withMembers = await client.runOk(
      graphql(`mutation($input: MutationDeleteDomainInput!) { deleteDomain(input: $input) { __typename ... on Error { message } } }`),
      { input: { id: encodeGlobalID('Domain', domain.id) } },
    )
    expect(expectTypename(withMembers.deleteDomain, 'ConflictError').message).toBe('The domain still has 1 members; move or delete them first')
    expect(await ctx.db.prisma.domain.count({ where: { tenantId: tenant.id } })).toBe(2)
  })

  it('refuses a domain name that another tenant uses and changes nothing, so a login id names one member', async () => {
    const a = await createTenant(ctx)
    const b = await createTenant(ctx)
    const auditCount = () => ctx.db.prisma.auditEntry.count({ where: { tenantId: b.tenant.id } })
    const before = await auditCount()
    const taken = await b.client.runOk(
      graphql(`mutation($input: MutationCreateDomainInput!) { createDomain(input: $input) { __typename ... on Error { message } } }`),
      { input: { name: a.domain.name.toUpperCase(), displayName: 'Copy' } },
    )
    expect(taken.createDomain).toEqual({ __typename: 'ConflictError', message: `The domain name ${a.domain.name} is used by another organisation` })
    expect(await ctx.db.prisma.domain.count({ where: { tenantId: b.tenant.id } })).toBe(1)
    expect(await auditCount()).toBe(before)
    // The database refuses it too, whatever path a write takes.
    await expect(
      ctx.db.prisma.domain.create({ data: { tenantId: b.tenant.id, name: a.domain.name, displayName: 'Copy', lwDomainId: await allocateLwDomainId(ctx.db.prisma) } }),
    ).rejects.toMatchObject({ code: 'P2002' })

    // Nor can another tenant's member carry the same login id, so sign-in finds exactly one member.
    const [member] = await createMembers(ctx, a.tenant, a.domain, 1, 'same')
    if (!member) throw new Error('member missing')
    await ctx.db.prisma.member.update({ where: { id: member.id }, data: { passwordHash: await testPasswordHash() } })
    await expect(
      ctx.db.prisma.member.create({
        data: {
          tenantId: b.tenant.id,
          domainId: b.domain.id,
          loginId: member.loginId,
          familyName: '山田',
          givenName: '花子',
          searchText: memberSearchText({ loginId: member.loginId, familyName: '山田', givenName: '花子' }),
          passwordHash: await testPasswordHash(),
        },
      }),
    ).rejects.toMatchObject({ code: 'P2002' })
    const signedIn = await new TestClient(ctx.app).memberLogin(member.loginId, TEST_PASSWORD)
    expect((await signedIn.runOk(graphql('{ talkViewer { loginId tenantName } }'))).talkViewer).toEqual({ loginId: member.loginId, tenantName: a.tenant.name })
  })
})
