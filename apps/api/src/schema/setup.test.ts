import { describe, expect, it } from 'vitest'
import { TestClient, useTestApp } from '../../test/harness.ts'
import { DEMO_DOMAIN, seedDemoTenant } from '../services/demo.ts'

const ctx = useTestApp()

const setupMutation = `mutation($input: SetupInput!) {
  setup(input: $input) {
    __typename
    ... on Error { code message }
  }
}`

const setupInput = (index: number, domainName = `racer${index}.example`) => ({
  organizationName: `Racer ${index}`,
  domainName,
  timeZone: 'Asia/Tokyo',
  language: 'JA',
  adminName: `Racer ${index}`,
  adminEmail: `racer${index}@example.test`,
  password: 'long-enough-1',
})

const realTenants = { isDemo: false }

describe('first-run setup', () => {
  it('refuses the domain name of the demo tenant (domain names are unique across the installation) and creates nothing', async () => {
    expect(await seedDemoTenant(ctx.db.prisma)).toBe(true)
    const result = await new TestClient(ctx.app).data(setupMutation, { input: setupInput(9, DEMO_DOMAIN) })
    expect(result.setup).toEqual({ __typename: 'ConflictError', code: 'CONFLICT', message: `The domain name ${DEMO_DOMAIN} is used by another organisation` })
    expect(await ctx.db.prisma.tenant.count({ where: realTenants })).toBe(0)
    expect(await ctx.db.prisma.adminAccount.count({ where: { email: 'racer9@example.test' } })).toBe(0)
  })

  it('lets exactly one of several simultaneous setups through; the others get a ConflictError', async () => {
    const attempts = Array.from({ length: 6 }, (_, index) =>
      new TestClient(ctx.app, `10.1.0.${index + 1}`).data(setupMutation, { input: setupInput(index) }),
    )
    const outcomes = (await Promise.all(attempts)).map((result) => result.setup)
    expect(outcomes.filter((outcome) => outcome.__typename === 'MutationSetupSuccess')).toHaveLength(1)
    expect(outcomes.filter((outcome) => outcome.__typename !== 'MutationSetupSuccess')).toEqual(
      Array.from({ length: 5 }, () => ({ __typename: 'ConflictError', code: 'CONFLICT', message: 'This installation is already set up' })),
    )
    expect(await ctx.db.prisma.tenant.count({ where: realTenants })).toBe(1)
    expect(await ctx.db.prisma.adminAccount.count({ where: { tenant: realTenants } })).toBe(1)
    expect(await ctx.db.prisma.domain.count({ where: { tenant: realTenants } })).toBe(1)
  })
})
