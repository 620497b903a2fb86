import { createPrivateKey, sign } from 'node:crypto'
import type { TestClient } from './harness.ts'

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** A JWT assertion as a LINE WORKS bot server builds it (RS256 over header.claims). */
export function signAssertion(privateKeyPem: string, claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }) {
  const unsigned = `${b64(header)}.${b64(claims)}`
  return `${unsigned}.${sign('sha256', Buffer.from(unsigned), createPrivateKey(privateKeyPem)).toString('base64url')}`
}

/**
 * Creates an API app with a service account through GraphQL and gets an access token like a bot
 * server, through an in-process app's client or any other with the same two calls (an API process).
 */
export async function issueAccessToken(client: Pick<TestClient, 'data' | 'request'>, scopes: string[] = ['BOT']) {
  const app = (
    await client.data(
      `mutation($input: MutationCreateApiAppInput!) { createApiApp(input: $input) { ... on MutationCreateApiAppSuccess { result { clientSecret app { id clientId } } } } }`,
      { input: { name: 'bot server', scopes, tokenLifetime: 3600 } },
    )
  ).createApiApp.result
  const account = (
    await client.data(
      `mutation($input: MutationCreateServiceAccountInput!) { createServiceAccount(input: $input) { ... on MutationCreateServiceAccountSuccess { result { privateKey account { accountId } } } } }`,
      { input: { appId: app.app.id } },
    )
  ).createServiceAccount.result
  const now = Math.floor(Date.now() / 1000)
  const response = await client.request('/oauth2/v2.0/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: signAssertion(account.privateKey, { iss: app.app.clientId, sub: account.account.accountId, iat: now, exp: now + 600 }),
      client_id: app.app.clientId,
      client_secret: app.clientSecret,
    }).toString(),
  })
  const body = (await response.json()) as { access_token: string }
  if (!body.access_token) throw new Error(`no token: ${JSON.stringify(body)}`)
  return body.access_token
}
