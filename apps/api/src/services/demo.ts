import type { Actor } from './actor.ts'
import { hashPassword } from '../lib/crypto.ts'
import { fullAuthorities } from './authority.ts'
import { saveLinkage } from './attendance/index.ts'
import { addBotToDomain, type BotDeps, createBot } from './bots.ts'
import { recordAudit } from './audit.ts'
import { allocateLwDomainId } from './domains.ts'
import { linkSearchText } from './external.ts'
import { memberKeys } from './members.ts'
import type { Prisma, PrismaClient } from '#generated/prisma/client.ts'

const departments = ['営業部', '開発部', '総務部', '人事部']
const employmentTypes = ['正社員', '契約社員', 'パートタイム']
/** Login id, name, English name and reading (フリガナ) of each demo member. */
const people: [string, string, string, string, string, string, string][] = [
  ['sato.taro', '佐藤', '太郎', 'Sato', 'Taro', 'サトウ', 'タロウ'],
  ['suzuki.hanako', '鈴木', '花子', 'Suzuki', 'Hanako', 'スズキ', 'ハナコ'],
  ['takahashi.ken', '高橋', '健', 'Takahashi', 'Ken', 'タカハシ', 'ケン'],
  ['tanaka.yui', '田中', '結衣', 'Tanaka', 'Yui', 'タナカ', 'ユイ'],
  ['ito.daiki', '伊藤', '大輝', 'Ito', 'Daiki', 'イトウ', 'ダイキ'],
  ['watanabe.mio', '渡辺', '美緒', 'Watanabe', 'Mio', 'ワタナベ', 'ミオ'],
  ['yamamoto.sho', '山本', '翔', 'Yamamoto', 'Sho', 'ヤマモト', 'ショウ'],
  ['nakamura.aoi', '中村', '葵', 'Nakamura', 'Aoi', 'ナカムラ', 'アオイ'],
  ['kobayashi.ren', '小林', '蓮', 'Kobayashi', 'Ren', 'コバヤシ', 'レン'],
  ['kato.sakura', '加藤', 'さくら', 'Kato', 'Sakura', 'カトウ', 'サクラ'],
  ['yoshida.haruto', '吉田', '陽翔', 'Yoshida', 'Haruto', 'ヨシダ', 'ハルト'],
  ['yamada.rin', '山田', '凛', 'Yamada', 'Rin', 'ヤマダ', 'リン'],
  ['sasaki.yuto', '佐々木', '悠斗', 'Sasaki', 'Yuto', 'ササキ', 'ユウト'],
  ['yamaguchi.mei', '山口', '芽衣', 'Yamaguchi', 'Mei', 'ヤマグチ', 'メイ'],
  ['matsumoto.sota', '松本', '蒼太', 'Matsumoto', 'Sota', 'マツモト', 'ソウタ'],
  ['inoue.koharu', '井上', '小春', 'Inoue', 'Koharu', 'イノウエ', 'コハル'],
  ['kimura.riku', '木村', '陸', 'Kimura', 'Riku', 'キムラ', 'リク'],
  ['hayashi.hina', '林', '陽菜', 'Hayashi', 'Hina', 'ハヤシ', 'ヒナ'],
  ['shimizu.kaito', '清水', '海斗', 'Shimizu', 'Kaito', 'シミズ', 'カイト'],
  ['yamazaki.emma', '山崎', '恵麻', 'Yamazaki', 'Emma', 'ヤマザキ', 'エマ'],
  ['mori.minato', '森', '湊', 'Mori', 'Minato', 'モリ', 'ミナト'],
  ['abe.tsumugi', '阿部', '紬', 'Abe', 'Tsumugi', 'アベ', 'ツムギ'],
  ['ikeda.itsuki', '池田', '樹', 'Ikeda', 'Itsuki', 'イケダ', 'イツキ'],
  ['hashimoto.akari', '橋本', '朱里', 'Hashimoto', 'Akari', 'ハシモト', 'アカリ'],
]

export const DEMO_DOMAIN = 'demo.example'
/** The demo tenant's master administrator. */
export const DEMO_LOGIN = { email: 'admin@demo.example', password: 'demo-password-1' }
/** The demo member who can sign in to the talk view. */
export const DEMO_MEMBER = { loginId: `sato.taro@${DEMO_DOMAIN}`, password: 'demo-member-pass-1' }
export const DEMO_VIEWER = { email: 'viewer@demo.example', password: 'demo-password-2' }

/**
 * Seeds a clearly marked demo tenant (isDemo) with a domain, departments, employment types, members,
 * the master administrator DEMO_LOGIN and a view-only administrator. Does nothing if it exists.
 */
export async function seedDemoTenant(prisma: PrismaClient, options: { bots?: BotDeps } = {}): Promise<boolean> {
  if (await prisma.adminAccount.findUnique({ where: { email: DEMO_LOGIN.email } })) return false
  const [masterHash, viewerHash, memberHash] = await Promise.all([
    hashPassword(DEMO_LOGIN.password),
    hashPassword(DEMO_VIEWER.password),
    hashPassword(DEMO_MEMBER.password),
  ])
  const seeded = await prisma.$transaction(async (tx) => {
    const tenant = await tx.tenant.create({
      data: { name: 'デモ株式会社 (Demo)', isDemo: true, plan: 'STANDARD', timeZone: 'Asia/Tokyo', language: 'JA' },
    })
    const domain = await tx.domain.create({
      data: { tenantId: tenant.id, name: DEMO_DOMAIN, displayName: 'デモ株式会社', lwDomainId: await allocateLwDomainId(tx) },
    })
    const orgUnits = await Promise.all(
      departments.map((name) => tx.orgUnit.create({ data: { tenantId: tenant.id, domainId: domain.id, name } })),
    )
    const types = await Promise.all(employmentTypes.map((name) => tx.employmentType.create({ data: { tenantId: tenant.id, name } })))
    await tx.member.createMany({
      data: people.map(([local, familyName, givenName, familyEn, givenEn, familyNameReading, givenNameReading], index) => {
        const loginId = `${local}@${DEMO_DOMAIN}`
        const i18nNames = [{ language: 'EN' as const, familyName: familyEn, givenName: givenEn }]
        return {
          tenantId: tenant.id,
          domainId: domain.id,
          loginId,
          familyName,
          givenName,
          familyNameReading,
          givenNameReading,
          i18nNames,
          email: `${local}@demo.example`,
          orgUnitId: orgUnits[index % orgUnits.length]?.id ?? null,
          employmentTypeId: types[index % 5 === 4 ? 1 : index % 7 === 6 ? 2 : 0]?.id ?? null,
          status: index === people.length - 1 ? 'SUSPENDED' : 'ACTIVE',
          ...memberKeys({ loginId, familyName, givenName, familyNameReading, givenNameReading, i18nNames }),
          ...(loginId === DEMO_MEMBER.loginId && { passwordHash: memberHash, passwordSetAt: new Date() }),
        }
      }),
    })
    const master = await tx.adminAccount.create({
      data: { tenantId: tenant.id, email: DEMO_LOGIN.email, name: 'デモ管理者', passwordHash: masterHash, role: 'MASTER' },
    })
    await tx.adminAccount.create({
      data: {
        tenantId: tenant.id,
        email: DEMO_VIEWER.email,
        name: '閲覧担当',
        passwordHash: viewerHash,
        role: 'GENERAL',
        membersAuthority: 'VIEW',
        auditAuthority: 'VIEW',
      },
    })
    await seedDemoExternal(tx, tenant.id, domain.id)
    await recordAudit(tx, tenant.id, { actorType: 'SYSTEM', actorId: null, actorLabel: 'demo seed' }, [
      { area: 'TENANT', action: 'tenant.create', targetType: 'Tenant', targetId: tenant.id, targetLabel: tenant.name, after: { isDemo: true } },
      { area: 'ADMINS', action: 'admin.create', targetType: 'Admin', targetId: master.id, targetLabel: master.email },
      { area: 'MEMBERS', action: 'member.import', targetType: 'Domain', targetId: domain.id, targetLabel: domain.name, after: { members: people.length } },
    ])
    return { tenantId: tenant.id, domainId: domain.id, master }
  })
  if (options.bots) await seedDemoBot(prisma, options.bots, seeded)
  return true
}

/**
 * A demo bot in the demo domain, with a talk that shows every kind of message the talk view renders.
 * It has no callback URL, so it does not answer: connect a bot server to try a real conversation.
 */
async function seedDemoBot(
  prisma: PrismaClient,
  bots: BotDeps,
  seeded: { tenantId: string; domainId: string; master: { id: string; email: string; role: 'MASTER' | 'GENERAL' } },
) {
  const actor: Actor = {
    kind: 'admin',
    tenantId: seeded.tenantId,
    adminId: seeded.master.id,
    label: seeded.master.email,
    role: seeded.master.role,
    authorities: fullAuthorities,
    sessionId: '',
  }
  const member = await prisma.member.findUniqueOrThrow({ where: { tenantId_loginId: { tenantId: seeded.tenantId, loginId: DEMO_MEMBER.loginId } } })
  const ctx = { prisma, actor, bots }
  const bot = await createBot(ctx, {
    name: 'デモ案内ボット (Demo guide)',
    description: 'メッセージの表示例です。返信はしません。 / Shows every kind of message; it does not answer.',
    callbackEnabled: false,
    callbackUrl: null,
    messageTypes: ['text'],
    roomEvents: ['begin', 'end'],
    allowGroupJoin: false,
    managerIds: [member.id],
    viceManagerIds: [],
  })
  await addBotToDomain(ctx, bot.id, seeded.domainId, 'ALL', [])
  await prisma.bot.update({
    where: { id: bot.id },
    data: {
      persistentMenu: {
        actions: [
          { type: 'message', label: 'ヘルプ / Help', text: 'help' },
          { type: 'uri', label: 'LINE WORKS', uri: 'https://line-works.com/' },
          { type: 'copy', label: 'Bot ID', copyText: String(bot.botId) },
        ],
      },
    },
  })
  await seedDemoAttendance(ctx, seeded, member.id)
  const room = await prisma.talkRoom.create({ data: { tenantId: seeded.tenantId, botId: bot.id, memberId: member.id } })
  const start = Date.now() - demoTalk.length * 60_000
  await prisma.talkMessage.createMany({
    data: demoTalk.map((content, index) => ({
      tenantId: seeded.tenantId,
      roomId: room.id,
      sender: 'BOT' as const,
      content: content as Prisma.InputJsonObject,
      createdAt: new Date(start + index * 60_000),
    })),
  })
}

/**
 * The attendance bot of the demo: this platform's own bot, linked, with every demo member's login id
 * as their account, so the demo member can write 出勤 / Clock in in the talk view and get an answer.
 */
async function seedDemoAttendance(ctx: { prisma: PrismaClient; actor: Actor; bots: BotDeps }, seeded: { tenantId: string; domainId: string }, managerId: string) {
  const bot = await createBot(ctx, {
    name: '勤怠ボット (Attendance)',
    description: '「出勤」「退勤」「休憩開始」「休憩終了」「今日」で打刻します。 / Write Clock in, Clock out, Break start, Break end or today.',
    callbackEnabled: false,
    callbackUrl: null,
    messageTypes: ['text'],
    roomEvents: [],
    allowGroupJoin: false,
    managerIds: [managerId],
    viceManagerIds: [],
  })
  await addBotToDomain(ctx, bot.id, seeded.domainId, 'ALL', [])
  await saveLinkage(ctx, { acceptTerms: true, mode: 'PLATFORM', botId: bot.id })
  const members = await ctx.prisma.member.findMany({ where: { tenantId: seeded.tenantId }, select: { id: true, loginId: true } })
  await ctx.prisma.attendanceAccount.createMany({
    data: members.map((member) => ({ tenantId: seeded.tenantId, memberId: member.id, accountId: member.loginId })),
  })
}

const demoTalk: Record<string, unknown>[] = [
  { type: 'text', text: 'こんにちは。トーク画面で表示できるメッセージの例です。\nHello! These are examples of the messages the talk view shows.' },
  { type: 'sticker', packageId: '1', stickerId: '2' },
  { type: 'link', contentText: 'LINE WORKS の開発者向けドキュメント / Developer documentation', linkText: 'developers.worksmobile.com', link: 'https://developers.worksmobile.com/' },
  {
    type: 'button_template',
    contentText: '今日の予定を確認しますか? / Check today’s schedule?',
    actions: [
      { type: 'message', label: 'はい / Yes', text: 'はい', postback: 'schedule=yes' },
      { type: 'postback', label: 'あとで / Later', data: 'schedule=later', displayText: 'あとで' },
      { type: 'uri', label: 'カレンダー / Calendar', uri: 'https://calendar.example.com/' },
    ],
  },
  {
    type: 'list_template',
    coverData: { title: 'お知らせ / Notices', subtitle: '3 件 / 3 items' },
    elements: [
      { title: '健康診断の予約 / Health check booking', subtitle: '12/1 まで / by 12/1', action: { type: 'message', label: '予約 / Book', text: '予約' } },
      { title: '年末調整 / Year-end adjustment', subtitle: '書類提出 / Papers due' },
      { title: '社内報 11 月号 / November newsletter', action: { type: 'uri', label: '読む / Read', uri: 'https://news.example.com/' } },
    ],
    actions: [[{ type: 'postback', label: 'すべて既読 / Mark read', data: 'notices=read', displayText: '既読にする' }]],
  },
  {
    type: 'carousel',
    columns: [
      { title: '会議室 A / Room A', text: '6 人 / 6 people', actions: [{ type: 'postback', label: '予約 / Book', data: 'room=A', displayText: '会議室 A を予約' }] },
      { title: '会議室 B / Room B', text: '12 人 / 12 people', actions: [{ type: 'postback', label: '予約 / Book', data: 'room=B', displayText: '会議室 B を予約' }] },
      { title: '会議室 C / Room C', text: '20 人 / 20 people', actions: [{ type: 'copy', label: '番号をコピー / Copy', copyText: 'C-301' }] },
    ],
  },
  {
    type: 'text',
    text: '何をしますか? / What would you like to do?',
    quickReply: {
      items: [
        { action: { type: 'message', label: '出勤 / Clock in', text: '出勤' } },
        { action: { type: 'postback', label: '今日の予定', data: 'today', displayText: '今日の予定' } },
        { action: { type: 'copy', label: 'ID をコピー', copyText: 'demo-1234' } },
      ],
    },
  },
]

/**
 * External messaging in the demo: both sections on (LINE with a greeting, other companies with file
 * transfer restricted), members connected in every link status, and one LINE conversation.
 */
async function seedDemoExternal(tx: Prisma.TransactionClient, tenantId: string, domainId: string) {
  await tx.externalSetting.createMany({
    data: [
      {
        tenantId,
        domainId,
        kind: 'LINE',
        enabled: true,
        autoGrant: false,
        greetingEnabled: true,
        greetingJa: '友だち追加ありがとうございます。デモ株式会社です。ご用件をお送りください。',
        greetingEn: 'Thank you for adding us. This is Demo Inc. Please tell us how we can help.',
      },
      { tenantId, domainId, kind: 'WORKS', enabled: true, restrictFiles: true },
    ],
  })
  const members = await tx.member.findMany({ where: { tenantId }, orderBy: { loginId: 'asc' } })
  const now = new Date()
  // Talk ids cannot contain "."; most were fixed with the suggested id, two still wait for it.
  const link = (index: number, kind: 'LINE' | 'WORKS', status: 'AVAILABLE' | 'FAILED' | 'PENDING' | 'RETRY') => {
    const member = members[index]
    if (!member) return []
    const local = member.loginId.slice(0, member.loginId.indexOf('@'))
    const talkId = status === 'FAILED' ? local : local.replace(/\./g, '_')
    return [
      {
        tenantId,
        domainId,
        memberId: member.id,
        kind,
        talkId,
        status,
        loginId: member.loginId,
        searchText: linkSearchText(member.searchText, talkId),
        ...(status === 'FAILED' && { failureCode: 'INVALID_CHARACTERS', failureDetail: `Cannot contain “.”. Set another talk id, e.g. ${talkId.replace(/\./g, '_')}` }),
        ...(status === 'RETRY' && {
          failureCode: 'NETWORK',
          failureDetail: 'Adding the member failed 5 times (network). Retry by hand.',
          attempts: 5,
          registeredAt: now,
        }),
        ...(status === 'AVAILABLE' && { registeredAt: now, availableAt: now }),
      },
    ]
  }
  await tx.externalLink.createMany({
    data: [
      ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((index) => link(index, 'LINE', 'AVAILABLE')),
      ...link(10, 'LINE', 'FAILED'),
      ...link(11, 'LINE', 'FAILED'),
      ...link(12, 'LINE', 'RETRY'),
      ...[13, 14, 15].flatMap((index) => link(index, 'WORKS', 'AVAILABLE')),
    ],
  })
  const first = await tx.externalLink.findFirst({ where: { tenantId, kind: 'LINE', status: 'AVAILABLE' }, orderBy: { loginId: 'asc' } })
  if (!first) return
  const contact = await tx.externalContact.create({ data: { tenantId, kind: 'LINE', externalId: 'U-demo-customer', displayName: '山本 由美 (LINE)', language: 'JA' } })
  const room = await tx.externalRoom.create({ data: { tenantId, domainId, kind: 'LINE', memberId: first.memberId, contactId: contact.id } })
  const at = (minutes: number) => new Date(now.getTime() - minutes * 60_000)
  await tx.externalMessage.createMany({
    data: [
      { tenantId, roomId: room.id, sender: 'SYSTEM', type: 'TEXT', text: '友だち追加ありがとうございます。デモ株式会社です。ご用件をお送りください。', createdAt: at(30) },
      { tenantId, roomId: room.id, sender: 'EXTERNAL', type: 'TEXT', text: '来週の打ち合わせの時間を変更できますか？', createdAt: at(28) },
      { tenantId, roomId: room.id, sender: 'MEMBER', type: 'TEXT', text: 'はい、火曜日の15時はいかがでしょうか。', createdAt: at(20) },
      { tenantId, roomId: room.id, sender: 'EXTERNAL', type: 'STICKER', createdAt: at(18) },
    ],
  })
}
