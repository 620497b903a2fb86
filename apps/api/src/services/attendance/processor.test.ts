import { generateKeyPairSync } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMembers, createTenant, useTestApp } from '../../../test/harness.ts'
import type { ClaimedJob, JobControls } from '../../jobs/worker.ts'
import { attendanceEventHandler, attendanceReplyHandler, forgetProcessingContexts, storeEvent } from './index.ts'

// Event processing in batches, driven directly (no worker): what one claim of many queued events does.
const ctx = useTestApp({ CALLBACK_ALLOWED_HOSTS: '127.0.0.1', CALLBACK_ALLOW_HTTP: '1' })

// A stand-in for LINE WORKS: the token endpoint, and send-message answering with `sendStatus`.
let sendStatus = 201
let tokenRequests = 0
const received: string[] = []
const lineWorks = createServer((request, response) => {
  const chunks: Buffer[] = []
  request.on('data', (chunk: Buffer) => chunks.push(chunk))
  request.on('end', () => {
    if (request.url === '/oauth2/v2.0/token') {
      tokenRequests += 1
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ access_token: 'token', token_type: 'Bearer', expires_in: 3600 }))
      return
    }
    received.push(`${request.url} ${sendStatus}`)
    response.statusCode = sendStatus
    response.end(sendStatus >= 400 ? '{"code":"SERVER_ERROR","description":"try later"}' : '')
  })
})
let lineWorksOrigin = ''
beforeAll(async () => {
  await new Promise<void>((resolve) => lineWorks.listen(0, '127.0.0.1', resolve))
  lineWorksOrigin = `http://127.0.0.1:${(lineWorks.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => lineWorks.close(() => resolve())))

const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64')
const controls: JobControls = { heartbeat: async () => {}, stopping: () => false }

async function setUp() {
  const { tenant, domain, client } = await createTenant(ctx)
  const members = await createMembers(ctx, tenant, domain, 4, 'batch')
  const bot = (
    await client.data(`mutation($input: MutationCreateBotInput!) { createBot(input: $input) { ... on MutationCreateBotSuccess { bot { id } } } }`, {
      input: {
        name: '勤怠',
        description: 'attendance',
        callbackEnabled: false,
        messageTypes: ['text'],
        roomEvents: [],
        allowGroupJoin: false,
        managerIds: [gid('Member', members[0]?.id ?? '')],
      },
    })
  ).createBot.bot as { id: string }
  await client.data(`mutation($input: MutationAddBotToDomainInput!) { addBotToDomain(input: $input) { __typename } }`, {
    input: { id: bot.id, domainId: gid('Domain', domain.id), visibility: 'ALL' },
  })
  await client.data(`mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) { __typename } }`, {
    input: { acceptTerms: true, mode: 'PLATFORM', botId: bot.id },
  })
  // Three employees are linked (by login id); the fourth member is not.
  for (const member of members.slice(0, 3)) {
    await client.data(`mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) { __typename } }`, {
      input: { memberId: gid('Member', member.id), accountId: member.loginId },
    })
  }
  const linkage = await ctx.db.prisma.attendanceLinkage.findUniqueOrThrow({ where: { tenantId: tenant.id } })
  const botRow = await ctx.db.prisma.bot.findFirstOrThrow({ where: { tenantId: tenant.id } })
  let sequence = 0
  const send = (userId: string, text: string) =>
    storeEvent(
      ctx.db.prisma,
      linkage,
      JSON.stringify({ type: 'message', source: { userId, domainId: domain.lwDomainId }, issuedTime: new Date(Date.now() + sequence++).toISOString(), content: { type: 'text', text } }),
    )
  const queued = async (): Promise<ClaimedJob<'attendance.event'>[]> =>
    (await ctx.db.prisma.job.findMany({ where: { tenantId: tenant.id, kind: 'attendance.event', status: 'QUEUED' }, orderBy: { createdAt: 'asc' } })).map((job) => ({
      id: job.id,
      kind: 'attendance.event',
      payload: job.payload as { eventId: string },
      attempts: 1,
      maxAttempts: job.maxAttempts,
      tenantId: job.tenantId,
    }))
  const talkOf = async (memberId: string) =>
    (
      await ctx.db.prisma.talkMessage.findMany({
        where: { room: { botId: botRow.id, memberId } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      })
    ).map((message) => (message.content as { text: string }).text)
  return { tenant, members: members as [(typeof members)[0], (typeof members)[0], (typeof members)[0], (typeof members)[0]], linkage, send, queued, talkOf }
}

describe('attendance events processed in batches', () => {
  it('applies one employee’s events in the order received, each with at most one stamp and exactly one reply', async () => {
    const { tenant, members, send, queued, talkOf, linkage } = await setUp()
    const [first, second, third, unlinked] = members
    await send(first.userId, '出勤')
    await send(second.userId, '退勤')
    await send(first.userId, '休憩開始')
    await send(third.userId, 'おはよう')
    await send(first.userId, '休憩終了')
    await send(unlinked.userId, '出勤')
    await send(second.userId, '出勤')
    await send(first.userId, '退勤')
    await send(first.userId, '今日')
    await storeEvent(ctx.db.prisma, linkage, '{"type": "message", ')
    const jobs = await queued()
    expect(jobs).toHaveLength(10)

    const handler = attendanceEventHandler({ prisma: ctx.db.prisma, bots: ctx.services.bots })
    expect(await handler.runBatch(jobs, controls)).toEqual(jobs.map(() => ({ done: true })))

    const stamps = await ctx.db.prisma.attendanceStamp.findMany({ where: { tenantId: tenant.id }, orderBy: { stampedAt: 'asc' } })
    expect(stamps.map((stamp) => [stamp.memberId, stamp.kind])).toEqual([
      [first.id, 'CLOCK_IN'],
      [first.id, 'BREAK_START'],
      [first.id, 'BREAK_END'],
      [second.id, 'CLOCK_IN'],
      [first.id, 'CLOCK_OUT'],
    ])
    expect(await talkOf(first.id)).toEqual([
      expect.stringMatching(/出勤を \d\d:\d\d に記録しました。$/),
      expect.stringMatching(/休憩開始を \d\d:\d\d に記録しました。$/),
      expect.stringMatching(/休憩終了を \d\d:\d\d に記録しました。$/),
      expect.stringMatching(/退勤を \d\d:\d\d に記録しました。$/),
      expect.stringMatching(/^山田さんの今日の打刻: 出勤 \d\d:\d\d、休憩開始 \d\d:\d\d、休憩終了 \d\d:\d\d、退勤 \d\d:\d\d$/),
    ])
    expect(await talkOf(second.id)).toEqual([expect.stringMatching(/^山田さん、まだ出勤していません/), expect.stringMatching(/出勤を \d\d:\d\d に記録しました。$/)])
    expect(await talkOf(third.id)).toEqual(['「出勤」「退勤」「休憩開始」「休憩終了」、または「今日」を送ってください。'])
    // A member who is not an employee is answered in their talk too.
    expect(await talkOf(unlinked.id)).toEqual([expect.stringMatching(/^このアカウントは勤怠の従業員に登録されていません/)])

    const events = await ctx.db.prisma.attendanceEvent.findMany({ where: { tenantId: tenant.id }, include: { reply: true }, orderBy: { receivedAt: 'asc' } })
    expect(events.map((event) => [event.status, event.note, event.reply?.attempts ?? null])).toEqual([
      ['PROCESSED', 'stamped', 1],
      ['PROCESSED', 'answered', 1],
      ['PROCESSED', 'stamped', 1],
      ['PROCESSED', 'answered', 1],
      ['PROCESSED', 'stamped', 1],
      ['PROCESSED', 'unlinked', 1],
      ['PROCESSED', 'stamped', 1],
      ['PROCESSED', 'stamped', 1],
      ['PROCESSED', 'answered', 1],
      ['IGNORED', 'The body is not a JSON object', null],
    ])

    // The same jobs again (a worker that crashed after the commit): nothing changes.
    expect(await handler.runBatch(jobs, controls)).toEqual(jobs.map(() => ({ done: true })))
    expect(await ctx.db.prisma.attendanceStamp.count({ where: { tenantId: tenant.id } })).toBe(5)
    expect(await ctx.db.prisma.attendanceReply.count({ where: { tenantId: tenant.id } })).toBe(9)
    expect(await ctx.db.prisma.talkMessage.count({ where: { tenantId: tenant.id } })).toBe(9)
  })

  it('processes the rest of a batch one by one when one job spoils it, and retries only that one', async () => {
    const { tenant, members, send, queued } = await setUp()
    await send(members[0].userId, '出勤')
    await send(members[1].userId, '出勤')
    const jobs = await queued()
    const broken: ClaimedJob<'attendance.event'> = { ...(jobs[0] as ClaimedJob<'attendance.event'>), id: 'broken', payload: { eventId: 'not-a-uuid' } }
    const handler = attendanceEventHandler({ prisma: ctx.db.prisma, bots: ctx.services.bots })
    const outcomes = await handler.runBatch([jobs[0], broken, jobs[1]] as ClaimedJob<'attendance.event'>[], controls)
    expect(outcomes.map((outcome) => outcome.done)).toEqual([true, false, true])
    expect(await ctx.db.prisma.attendanceStamp.count({ where: { tenantId: tenant.id } })).toBe(2)
    expect(await ctx.db.prisma.attendanceEvent.count({ where: { tenantId: tenant.id, status: 'PENDING' } })).toBe(0)
  })

  it('retries a LINE WORKS reply that failed with 5xx through its fallback job, and gives up on a 4xx', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    const [employee] = await createMembers(ctx, tenant, domain, 1, 'ext')
    if (!employee) throw new Error('member missing')
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
    const setup = await client.data(
      `mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) { __typename ... on Error { message } } }`,
      {
        input: {
          acceptTerms: true,
          mode: 'EXTERNAL',
          external: { clientId: 'c', clientSecret: 's', serviceAccount: 'sa', privateKey, botId: '4242', botSecret: 'secret', authBaseUrl: lineWorksOrigin, apiBaseUrl: lineWorksOrigin },
        },
      },
    )
    expect(setup.setupAttendanceLinkage.__typename).toBe('MutationSetupAttendanceLinkageSuccess')
    await client.data(`mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) { __typename } }`, {
      input: { memberId: gid('Member', employee.id), accountId: employee.userId },
    })
    const linkage = await ctx.db.prisma.attendanceLinkage.findUniqueOrThrow({ where: { tenantId: tenant.id } })
    const deps = { prisma: ctx.db.prisma, bots: ctx.services.bots }
    const claim = async <K extends 'attendance.event' | 'attendance.reply'>(kind: K): Promise<ClaimedJob<K>[]> =>
      (await ctx.db.prisma.job.findMany({ where: { tenantId: tenant.id, kind, status: 'QUEUED' }, orderBy: { createdAt: 'asc' } })).map((job) => ({
        id: job.id,
        kind,
        payload: job.payload as ClaimedJob<K>['payload'],
        attempts: 1,
        maxAttempts: job.maxAttempts,
        tenantId: job.tenantId,
      }))
    const event = (text: string) => JSON.stringify({ type: 'message', source: { userId: employee.userId, domainId: domain.lwDomainId }, issuedTime: new Date().toISOString(), content: { type: 'text', text } })

    // LINE WORKS is down: the stamp is kept, the reply waits for its fallback job.
    sendStatus = 503
    await storeEvent(ctx.db.prisma, linkage, event('出勤'))
    expect(await attendanceEventHandler(deps).runBatch(await claim('attendance.event'), controls)).toEqual([{ done: true }])
    const failed = await ctx.db.prisma.attendanceReply.findFirstOrThrow({ where: { tenantId: tenant.id } })
    expect(failed).toMatchObject({ sentAt: null, attempts: 1, lastError: 'LINE WORKS answered 503: {"code":"SERVER_ERROR","description":"try later"}' })
    const replyJobs = await claim('attendance.reply')
    expect(replyJobs.map((job) => job.payload)).toEqual([{ replyId: failed.id }])
    const replies = attendanceReplyHandler(deps)
    const stillDown = await replies.runBatch(replyJobs, controls)
    expect(stillDown[0]).toMatchObject({ done: false })

    // Back up: the retry sends it, once; running the job again sends nothing more.
    sendStatus = 201
    expect(await replies.runBatch(replyJobs, controls)).toEqual([{ done: true }])
    expect(await ctx.db.prisma.attendanceReply.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ attempts: 3, lastError: null, sentAt: expect.any(Date) })
    expect(await replies.runBatch(replyJobs, controls)).toEqual([{ done: true }])
    expect(received.filter((line) => line.endsWith(' 201'))).toEqual([`/v1.0/bots/4242/users/${employee.userId}/messages 201`])

    // A 400 will not get better: recorded, and the job ends.
    sendStatus = 400
    await storeEvent(ctx.db.prisma, linkage, event('退勤'))
    await attendanceEventHandler(deps).runBatch(await claim('attendance.event'), controls)
    const refusedJobs = (await claim('attendance.reply')).filter((job) => job.payload.replyId !== failed.id)
    expect(await replies.runBatch(refusedJobs, controls)).toEqual([{ done: true }])
    const refused = await ctx.db.prisma.attendanceReply.findFirstOrThrow({ where: { tenantId: tenant.id, id: { not: failed.id } } })
    expect(refused).toMatchObject({ sentAt: null, attempts: 2, lastError: expect.stringMatching(/^LINE WORKS answered 400/) })
    expect(await ctx.db.prisma.attendanceStamp.count({ where: { tenantId: tenant.id } })).toBe(2)

    // Claims. A reply another sender holds is not sent: its job waits.
    sendStatus = 503
    await storeEvent(ctx.db.prisma, linkage, event('今日'))
    await attendanceEventHandler(deps).runBatch(await claim('attendance.event'), controls)
    const held = await ctx.db.prisma.attendanceReply.findFirstOrThrow({ where: { tenantId: tenant.id, id: { notIn: [failed.id, refused.id] } } })
    const heldJobs = (await claim('attendance.reply')).filter((job) => job.payload.replyId === held.id)
    const setClaim = (data: { leasedUntil: Date; interruptedSends?: number; sentAt?: null }) => ctx.db.prisma.attendanceReply.update({ where: { id: held.id }, data })
    const reread = () => ctx.db.prisma.attendanceReply.findUniqueOrThrow({ where: { id: held.id } })
    sendStatus = 201
    const sends = received.length
    await setClaim({ leasedUntil: new Date(Date.now() + 60_000) })
    expect(await replies.runBatch(heldJobs, controls)).toEqual([{ done: false, error: expect.objectContaining({ message: 'Another sender holds the reply' }) }])
    expect(received).toHaveLength(sends)
    // The holder died mid-send (its claim lapsed): sent once more, and counted as cut off.
    await setClaim({ leasedUntil: new Date(Date.now() - 1000) })
    expect(await replies.runBatch(heldJobs, controls)).toEqual([{ done: true }])
    expect(await reread()).toMatchObject({ sentAt: expect.any(Date), leasedUntil: null, interruptedSends: 1, lastError: null })
    expect(received).toHaveLength(sends + 1)
    // Had that send been cut off too, the reply may be there twice already: it is not sent a third time.
    await setClaim({ leasedUntil: new Date(Date.now() - 1000), interruptedSends: 1, sentAt: null })
    expect(await replies.runBatch(heldJobs, controls)).toEqual([{ done: true }])
    expect(await reread()).toMatchObject({ sentAt: null, leasedUntil: null, interruptedSends: 2, lastError: expect.stringMatching(/^Not sent again: two sends were cut off/) })
    expect(await replies.runBatch(heldJobs, controls)).toEqual([{ done: true }])
    expect(received).toHaveLength(sends + 1)
  })

  it('refuses a LINE WORKS API base URL that sending would refuse, when the linkage is saved', async () => {
    const { tenant, client } = await createTenant(ctx)
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
    const external = { clientId: 'c', clientSecret: 's', serviceAccount: 'sa', privateKey, botId: '4242', botSecret: 'secret', authBaseUrl: lineWorksOrigin }
    const tokensBefore = tokenRequests
    for (const [apiBaseUrl, code] of [
      ['https://10.1.2.3', 'PRIVATE_ADDRESS'],
      ['https://[::1]:8443', 'PRIVATE_ADDRESS'],
      ['http://93.184.216.34', 'NOT_HTTPS'],
      ['https://user:secret@93.184.216.34', 'CREDENTIALS'],
    ]) {
      const result = await client.data(
        `mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) { __typename ... on ValidationError { fieldErrors { path code } } } }`,
        { input: { acceptTerms: true, mode: 'EXTERNAL', external: { ...external, apiBaseUrl } } },
      )
      expect(result.setupAttendanceLinkage, apiBaseUrl).toEqual({ __typename: 'ValidationError', fieldErrors: [{ path: ['external', 'apiBaseUrl'], code }] })
    }
    // Refused before the credentials are tried, and nothing is stored.
    expect(tokenRequests).toBe(tokensBefore)
    expect(await ctx.db.prisma.attendanceLinkage.count({ where: { tenantId: tenant.id } })).toBe(0)
    expect(await ctx.db.prisma.auditEntry.count({ where: { tenantId: tenant.id, area: 'ATTENDANCE' } })).toBe(0)
  })

  it('gives up at once on a reply to an API base URL refused for good (stored before it was checked)', async () => {
    const { tenant, domain, client } = await createTenant(ctx)
    const [employee] = await createMembers(ctx, tenant, domain, 1, 'gone')
    if (!employee) throw new Error('member missing')
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } })
    await client.data(`mutation($input: MutationSetupAttendanceLinkageInput!) { setupAttendanceLinkage(input: $input) { __typename } }`, {
      input: {
        acceptTerms: true,
        mode: 'EXTERNAL',
        external: { clientId: 'c', clientSecret: 's', serviceAccount: 'sa', privateKey, botId: '4343', botSecret: 'secret', authBaseUrl: lineWorksOrigin, apiBaseUrl: lineWorksOrigin },
      },
    })
    await client.data(`mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) { __typename } }`, {
      input: { memberId: gid('Member', employee.id), accountId: employee.userId },
    })
    const linkage = await ctx.db.prisma.attendanceLinkage.update({ where: { tenantId: tenant.id }, data: { apiBaseUrl: 'https://10.1.2.3' } })
    forgetProcessingContexts()
    const deps = { prisma: ctx.db.prisma, bots: ctx.services.bots }
    const claim = async <K extends 'attendance.event' | 'attendance.reply'>(kind: K): Promise<ClaimedJob<K>[]> =>
      (await ctx.db.prisma.job.findMany({ where: { tenantId: tenant.id, kind, status: 'QUEUED' } })).map((job) => ({
        id: job.id,
        kind,
        payload: job.payload as ClaimedJob<K>['payload'],
        attempts: 1,
        maxAttempts: job.maxAttempts,
        tenantId: job.tenantId,
      }))
    await storeEvent(
      ctx.db.prisma,
      linkage,
      JSON.stringify({ type: 'message', source: { userId: employee.userId, domainId: domain.lwDomainId }, issuedTime: new Date().toISOString(), content: { type: 'text', text: '出勤' } }),
    )
    await attendanceEventHandler(deps).runBatch(await claim('attendance.event'), controls)
    const reply = await ctx.db.prisma.attendanceReply.findFirstOrThrow({ where: { tenantId: tenant.id } })
    expect(reply).toMatchObject({ sentAt: null, attempts: 1, lastError: expect.stringMatching(/private|loopback|not public/i) })
    expect(await attendanceReplyHandler(deps).runBatch(await claim('attendance.reply'), controls)).toEqual([{ done: true }])
    // The stamp is kept: only the reply could not go out.
    expect(await ctx.db.prisma.attendanceStamp.count({ where: { tenantId: tenant.id } })).toBe(1)
  })
})
