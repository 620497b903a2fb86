import { describe, expect, it } from 'vitest'
import { TestClient, useTestApp } from '../../test/harness.ts'

const ctx = useTestApp()

const setupMutation = `mutation($input: SetupInput!) {
  setup(input: $input) {
    __typename
    ... on Error { code message }
  }
}`

describe('first-run setup under concurrency', () => {
  it('lets exactly one of several simultaneous setups through; the others get a ConflictError', async () => {
    const attempts = Array.from({ length: 6 }, (_, index) =>
      new TestClient(ctx.app, `10.1.0.${index + 1}`).data(setupMutation, {
        input: {
          organizationName: `Racer ${index}`,
          domainName: `racer${index}.example`,
          timeZone: 'Asia/Tokyo',
          language: 'JA',
          adminName: `Racer ${index}`,
          adminEmail: `racer${index}@example.test`,
          password: 'long-enough-1',
        },
      }),
    )
    const outcomes = (await Promise.all(attempts)).map((result) => result.setup)
    expect(outcomes.filter((outcome) => outcome.__typename === 'MutationSetupSuccess')).toHaveLength(1)
    expect(outcomes.filter((outcome) => outcome.__typename !== 'MutationSetupSuccess')).toEqual(
      Array.from({ length: 5 }, () => ({ __typename: 'ConflictError', code: 'CONFLICT', message: 'This installation is already set up' })),
    )
    expect(await ctx.db.prisma.tenant.count()).toBe(1)
    expect(await ctx.db.prisma.adminAccount.count()).toBe(1)
    expect(await ctx.db.prisma.domain.count()).toBe(1)
  })
})
