import { describe, expect, it } from 'vitest'
import { createMembers, createTenant, TestClient, useTestApp } from '../../test/harness.ts'

// The GraphQL endpoint as an attacker meets it (docs/security.md): limits before parsing and
// validation finish, no schema hints for anonymous callers in production, NUL characters refused.

const ctx = useTestApp({ NODE_ENV: 'production' })
const dev = useTestApp()

async function anonymous(app: typeof ctx, query: string, variables: Record<string, unknown> = {}) {
  const response = await new TestClient(app.app).request('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  })
  const text = await response.text()
  return { status: response.status, text, body: JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] } }
}

describe('GraphQL limits', () => {
  it('stops parsing a huge anonymous document at the token limit instead of building and validating it', async () => {
    // The report's bomb: ~216 KB, 56,000 tokens. Today's main parsed it whole (~19 MB), cached it and
    // spent seconds validating before answering "Validation aborted."
    const bomb = `{ u1: __typename ${'viewer { admin { email } } '.repeat(8000)} }`
    const started = performance.now()
    const { status, body } = await anonymous(ctx, bomb)
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(status).toBe(200)
    // graphql-js' own wording ("more that").
    expect(body.errors?.[0]).toMatchObject({ message: 'Syntax Error: Document contains more that 2000 tokens. Parsing aborted.', extensions: { code: 'GRAPHQL_PARSE_FAILED' } })
    expect(body.data).toBeUndefined()
  })

  it('parses a document just under the token limit', async () => {
    // `{ nodes ( ids : [` + 1,980 strings + `] ) { __typename } }`: 1,992 tokens.
    const ids = Array.from({ length: 1980 }, (_, index) => `"${index}"`).join(' ')
    const { body } = await anonymous(ctx, `{ nodes(ids: [${ids}]) { __typename } }`)
    expect(body.errors?.[0]?.extensions?.code).not.toBe('GRAPHQL_PARSE_FAILED')
    const over = await anonymous(ctx, `{ nodes(ids: [${ids} "1" "2" "3" "4" "5" "6" "7" "8" "9"]) { __typename } }`)
    expect(over.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED')
  })

  it('refuses more than 30 aliases and more than 20 directives', async () => {
    const aliases = `{ ${Array.from({ length: 31 }, (_, index) => `a${index}: viewer { __typename }`).join(' ')} }`
    expect((await anonymous(ctx, aliases)).body.errors?.[0]?.message).toMatch(/Aliases limit of 30 exceeded/)
    const directives = `{ __typename ${'@include(if: true) '.repeat(21)} }`
    expect((await anonymous(ctx, directives)).body.errors?.[0]?.message).toMatch(/Directives limit of 20 exceeded/)
    const fine = `{ ${Array.from({ length: 30 }, (_, index) => `a${index}: __typename`).join(' ')} }`
    expect((await anonymous(ctx, fine)).body.errors).toBeUndefined()
  })

  it('refuses introspection and hides field suggestions for anonymous callers in production', async () => {
    const schemaQuery = '{ __schema { queryType { name } } }'
    const refused = await anonymous(ctx, schemaQuery)
    expect(refused.body.errors?.[0]?.message).toMatch(/introspection/i)
    expect(refused.text).not.toContain('"Query"')
    expect((await anonymous(ctx, '{ __type(name: "Member") { name } }')).body.errors?.[0]?.message).toMatch(/introspection/i)
    const typo = await anonymous(ctx, '{ viewr { __typename } }')
    expect(typo.body.errors?.[0]?.message).not.toMatch(/Did you mean/)
    expect(typo.text).not.toContain('viewer')
    // A signed-in admin may introspect (GraphiQL, codegen).
    const { client } = await createTenant(ctx)
    expect(await client.data(schemaQuery)).toEqual({ __schema: { queryType: { name: 'Query' } } })
    // Development keeps both.
    expect((await anonymous(dev, schemaQuery)).body.data).toEqual({ __schema: { queryType: { name: 'Query' } } })
    expect((await anonymous(dev, '{ viewr { __typename } }')).body.errors?.[0]?.message).toMatch(/Did you mean "viewer"/)
  })

  it('refuses a NUL character in variables and literals with BAD_USER_INPUT, before the database sees it', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    await createMembers(ctx, tenant, domain, 3)
    const members = await client.gql('query($q: String) { members(query: $q, first: 5) { totalCount } }', { q: 'a\u0000b' })
    expect(members.errors?.[0]).toMatchObject({ message: 'variables.q: Text must not contain the NUL character (U+0000)', extensions: { code: 'BAD_USER_INPUT' } })
    const audit = await client.gql('{ auditEntries(text: "a\\u0000b", first: 5) { totalCount } }')
    expect(audit.errors?.[0]).toMatchObject({ message: 'Text must not contain the NUL character (U+0000)', extensions: { code: 'BAD_USER_INPUT' } })
    const nested = await client.gql('mutation($input: MutationCreateMemberInput!) { createMember(input: $input) { __typename } }', {
      input: { domainId: 'x', loginId: 'n@x', familyName: 'a', givenName: 'b\u0000' },
    })
    expect(nested.errors?.[0]?.message).toBe('variables.input.givenName: Text must not contain the NUL character (U+0000)')
    expect(await ctx.db.prisma.member.count({ where: { tenantId: tenant.id } })).toBe(3)
  })

  it('answers a forged cursor as bad input, not as an internal error', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    await createMembers(ctx, tenant, domain, 3)
    const forged = [
      'not-base64!',
      Buffer.from('GPC:S:x').toString('base64'),
      Buffer.from('GPC:J:{"id":"not-a-uuid"}').toString('base64'),
      Buffer.from('GPC:N:99999999999999999999').toString('base64'),
      Buffer.from('{}').toString('base64'),
    ]
    for (const after of forged) {
      const result = await client.gql('query($after: String) { members(first: 2, after: $after) { edges { node { id } } } }', { after })
      expect(result.errors?.[0]?.extensions?.code, after).not.toBe('INTERNAL_SERVER_ERROR')
      expect(result.errors?.[0]?.extensions?.code, after).toBe('BAD_USER_INPUT')
      const audit = await client.gql('query($after: String) { auditEntries(first: 2, after: $after) { edges { node { id } } } }', { after })
      expect(audit.errors?.[0]?.extensions?.code, after).toBe('BAD_USER_INPUT')
    }
  })
})
