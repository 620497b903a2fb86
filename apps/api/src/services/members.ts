import type { MemberCreateInput, MemberUpdateInput } from '@worksbase/schema'
import { memberCreateSchema, memberNameSchema, memberUpdateSchema, readingSortKey } from '@worksbase/schema'
import { z } from 'zod'
import { ConflictError, NotFoundError, ValidationError, parseInput } from '../errors.ts'
import { searchPattern } from '../lib/search-pattern.ts'
import { auditActorOf, recordAudit, type Tx } from './audit.ts'
import { requireAuthority } from './authority.ts'
import { changes, conflictOnDuplicate, type ServiceContext } from './common.ts'
import { autoGrantNewMembers, syncExternalLinkMembers } from './external.ts'
import { type Member, Prisma, type PrismaClient } from '#generated/prisma/client.ts'
import type { MemberStatus } from '#generated/prisma/enums.ts'

export type MemberName = z.output<typeof memberNameSchema>

const storedNames = z.array(memberNameSchema)

/** A member's stored `i18nNames` column, checked with the schema every write goes through. */
export function memberNamesOf(column: Prisma.JsonValue): MemberName[] {
  return storedNames.parse(column)
}

/** The fields a member's derived columns (search text and sort keys) are computed from. */
export interface MemberKeySource {
  loginId: string
  familyName: string
  givenName: string
  familyNameReading?: string | null
  givenNameReading?: string | null
  nickname?: string | null
  i18nNames?: MemberName[] | null
}

/**
 * What the member search looks in: login id, names in every language (both orders), the readings
 * (as written, in hiragana and in katakana) and nickname.
 */
export function memberSearchText(member: MemberKeySource): string {
  const names = [{ familyName: member.familyName, givenName: member.givenName }, ...(member.i18nNames ?? [])]
  const parts = [member.loginId, member.nickname ?? '']
  for (const name of names) {
    parts.push(`${name.familyName}${name.givenName}`, `${name.familyName} ${name.givenName}`, `${name.givenName} ${name.familyName}`)
  }
  const reading = [member.familyNameReading ?? '', member.givenNameReading ?? '']
  if (reading.some(Boolean)) {
    // As written, in hiragana and in katakana: a search in either kana finds it.
    const hiragana = reading.map(readingSortKey)
    const katakana = hiragana.map((part) => part.replace(/[\u3041-\u3096]/g, (kana) => String.fromCharCode(kana.charCodeAt(0) + 0x60)))
    const forms = new Set([reading, hiragana, katakana].flatMap((form) => [form.join(''), form.join(' ')]))
    parts.push(...forms)
  }
  // Every word is preceded by a space, so "starts a word" is the indexable pattern '% q%'.
  return ` ${parts.join('\n ')}`.toLowerCase()
}

/**
 * A member's derived columns: the search text and the two sort keys. `readingKey` is the reading
 * in hiragana (50-音 order), else the name, so members without a reading come after those with one
 * (kanji follow kana); `nameKey` is the English name (family name first), else the name, lower-cased.
 * The migration that added the keys computes the same for the members it found.
 */
export function memberKeys(member: MemberKeySource): { searchText: string; readingKey: string; nameKey: string } {
  const name = `${member.familyName} ${member.givenName}`
  const english = member.i18nNames?.find((entry) => entry.language === 'EN')
  return {
    searchText: memberSearchText(member),
    readingKey: member.familyNameReading
      ? readingSortKey(`${member.familyNameReading} ${member.givenNameReading ?? ''}`)
      : name,
    nameKey: (english ? `${english.familyName} ${english.givenName}` : name).toLowerCase(),
  }
}

/**
 * The orders of the member list, each a column then the id: login id; the reading (50-音 order,
 * members without a reading after those with one, by name); the English name (members without one
 * after, by name).
 */
export const memberOrderColumns = { LOGIN_ID: 'loginId', READING: 'readingKey', NAME: 'nameKey' } as const
export type MemberOrder = keyof typeof memberOrderColumns

/** Members filter; `query` (handled by searchMemberIds/countMembers) matches login id, names and nickname. */
export interface MemberFilter {
  query?: string | null
  domainId?: string | null
  orgUnitId?: string | null
  employmentTypeId?: string | null
  status?: MemberStatus | null
}

export function memberWhere(tenantId: string, filter: MemberFilter): Prisma.MemberWhereInput {
  const where: Prisma.MemberWhereInput = { tenantId }
  if (filter.domainId) where.domainId = filter.domainId
  if (filter.orgUnitId) where.orgUnitId = filter.orgUnitId
  if (filter.employmentTypeId) where.employmentTypeId = filter.employmentTypeId
  if (filter.status) where.status = filter.status
  return where
}

/**
 * One page of member ids matching a text search, in the given order (login id by default) then id,
 * after the given cursor. Ordering by an expression rather than the column keeps PostgreSQL from
 * walking the order's index and filtering (slow when matches cluster at the end of the alphabet); it collects the
 * matches through the trigram index and sorts just those.
 */
export async function searchMemberIds(
  prisma: PrismaClient,
  tenantId: string,
  filter: MemberFilter & { query: string },
  page: { afterId: string | null; take: number; order?: MemberOrder },
): Promise<string[]> {
  const conditions = searchConditions(tenantId, filter)
  // A column name from the fixed map above, never from input.
  const column = Prisma.raw(`"${memberOrderColumns[page.order ?? 'LOGIN_ID']}"`)
  if (page.afterId) {
    conditions.push(
      Prisma.sql`(m.${column}, m.id) > (SELECT c.${column}, c.id FROM "Member" c WHERE c.id = ${page.afterId}::uuid AND c."tenantId" = ${tenantId}::uuid)`,
    )
  }
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT m.id FROM "Member" m WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY m.${column} || '', m.id LIMIT ${page.take}`
  return rows.map((row) => row.id)
}

/** How many members match; the same conditions as the search and the list. */
export async function countMembers(prisma: PrismaClient, tenantId: string, filter: MemberFilter): Promise<number> {
  const text = filter.query?.trim()
  if (!text) return prisma.member.count({ where: memberWhere(tenantId, filter) })
  const [row] = await prisma.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM "Member" m WHERE ${Prisma.join(searchConditions(tenantId, { ...filter, query: text }), ' AND ')}`
  return row?.count ?? 0
}

function searchConditions(tenantId: string, filter: MemberFilter & { query: string }): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [
    Prisma.sql`m."tenantId" = ${tenantId}::uuid`,
    Prisma.sql`m."searchText" LIKE ${searchPattern(filter.query.trim().toLowerCase())}`,
  ]
  if (filter.domainId) conditions.push(Prisma.sql`m."domainId" = ${filter.domainId}::uuid`)
  if (filter.orgUnitId) conditions.push(Prisma.sql`m."orgUnitId" = ${filter.orgUnitId}::uuid`)
  if (filter.employmentTypeId) conditions.push(Prisma.sql`m."employmentTypeId" = ${filter.employmentTypeId}::uuid`)
  if (filter.status) conditions.push(Prisma.sql`m.status = ${filter.status}::"MemberStatus"`)
  return conditions
}

const auditedFields = [
  'loginId',
  'familyName',
  'givenName',
  'familyNameReading',
  'givenNameReading',
  'i18nNames',
  'nickname',
  'email',
  'orgUnitId',
  'employmentTypeId',
  'status',
  'domainId',
] as const satisfies (keyof Member)[]

function auditView(member: Member) {
  const view: Record<string, unknown> = {}
  for (const key of auditedFields) view[key] = member[key]
  return view
}

/** Checks that referenced department and employment type belong to the tenant (and domain). */
async function checkReferences(
  tx: Tx,
  tenantId: string,
  domainId: string,
  refs: { orgUnitId?: string | null | undefined; employmentTypeId?: string | null | undefined },
) {
  if (refs.orgUnitId) {
    const orgUnit = await tx.orgUnit.findFirst({ where: { id: refs.orgUnitId, tenantId }, select: { domainId: true } })
    if (!orgUnit) throw ValidationError.field('orgUnitId', 'Unknown department')
    if (orgUnit.domainId !== domainId) throw ValidationError.field('orgUnitId', 'The department belongs to another domain')
  }
  if (refs.employmentTypeId) {
    const type = await tx.employmentType.findFirst({ where: { id: refs.employmentTypeId, tenantId }, select: { id: true } })
    if (!type) throw ValidationError.field('employmentTypeId', 'Unknown employment type')
  }
}

export function checkLoginDomain(loginId: string, domainName: string) {
  if (loginId.slice(loginId.indexOf('@') + 1) !== domainName) {
    throw ValidationError.field('loginId', `The part after @ must be the domain name (${domainName})`)
  }
}

export async function createMember(ctx: ServiceContext, raw: MemberCreateInput) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  const input = parseInput(memberCreateSchema, raw)
  return conflictOnDuplicate(`The login id ${input.loginId} is already used`, () =>
    ctx.prisma.$transaction(async (tx) => {
      const domain = await tx.domain.findFirst({ where: { id: input.domainId, tenantId: actor.tenantId } })
      if (!domain) throw ValidationError.field('domainId', 'Unknown domain')
      checkLoginDomain(input.loginId, domain.name)
      await checkReferences(tx, actor.tenantId, domain.id, input)
      if (await tx.member.findUnique({ where: { tenantId_loginId: { tenantId: actor.tenantId, loginId: input.loginId } } })) {
        throw new ConflictError(`The login id ${input.loginId} is already used`)
      }
      const i18nNames = input.i18nNames ?? []
      const member = await tx.member.create({
        data: {
          tenantId: actor.tenantId,
          domainId: domain.id,
          loginId: input.loginId,
          familyName: input.familyName,
          givenName: input.givenName,
          familyNameReading: input.familyNameReading ?? null,
          givenNameReading: input.givenNameReading ?? null,
          i18nNames,
          nickname: input.nickname ?? null,
          email: input.email ?? null,
          orgUnitId: input.orgUnitId ?? null,
          employmentTypeId: input.employmentTypeId ?? null,
          ...memberKeys({ ...input, i18nNames }),
        },
      })
      await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
        { area: 'MEMBERS', action: 'member.create', targetType: 'Member', targetId: member.id, targetLabel: member.loginId, after: auditView(member) },
      ])
      await autoGrantNewMembers(tx, actor.tenantId, auditActorOf(actor), [member])
      return member
    }),
  )
}

/** Changes to a member: undefined leaves a field as it is, null clears an optional one. */
export interface MemberChanges {
  domainId?: string | undefined
  familyName?: string | undefined
  givenName?: string | undefined
  familyNameReading?: string | null | undefined
  givenNameReading?: string | null | undefined
  i18nNames?: MemberName[] | undefined
  nickname?: string | null | undefined
  email?: string | null | undefined
  orgUnitId?: string | null | undefined
  employmentTypeId?: string | null | undefined
  status?: MemberStatus | undefined
}

/** Update data for `member` with `changes` applied, including its recomputed search text. */
export function memberUpdateData(member: Member, changes: MemberChanges) {
  const keep = <K extends keyof MemberChanges & keyof Member>(key: K) =>
    (changes[key] === undefined ? member[key] : changes[key]) as Member[K]
  const next = {
    domainId: keep('domainId'),
    familyName: keep('familyName'),
    givenName: keep('givenName'),
    familyNameReading: keep('familyNameReading'),
    givenNameReading: keep('givenNameReading'),
    i18nNames: changes.i18nNames ?? memberNamesOf(member.i18nNames),
    nickname: keep('nickname'),
    email: keep('email'),
    orgUnitId: keep('orgUnitId'),
    employmentTypeId: keep('employmentTypeId'),
    status: keep('status'),
  }
  return {
    ...next,
    i18nNames: next.i18nNames as unknown as Prisma.InputJsonArray,
    ...memberKeys({ loginId: member.loginId, ...next }),
  }
}

async function findMember(tx: Tx, tenantId: string, id: string): Promise<Member> {
  const member = await tx.member.findFirst({ where: { id, tenantId } })
  if (!member) throw new NotFoundError('Member')
  return member
}

export async function updateMember(ctx: ServiceContext, id: string, raw: MemberUpdateInput) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  const input = parseInput(memberUpdateSchema, raw)
  return ctx.prisma.$transaction(async (tx) => {
    const before = await findMember(tx, actor.tenantId, id)
    await checkReferences(tx, actor.tenantId, before.domainId, input)
    const member = await tx.member.update({ where: { id }, data: memberUpdateData(before, input) })
    if (member.searchText !== before.searchText) await syncExternalLinkMembers(tx, [id])
    const diff = changes(auditView(before), auditView(member), [...auditedFields])
    if (diff.changed) {
      await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
        { area: 'MEMBERS', action: 'member.update', targetType: 'Member', targetId: id, targetLabel: member.loginId, before: diff.before, after: diff.after },
      ])
    }
    return member
  })
}

export async function setMemberStatus(ctx: ServiceContext, id: string, status: MemberStatus) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  return ctx.prisma.$transaction(async (tx) => {
    const before = await findMember(tx, actor.tenantId, id)
    if (before.status === status) return before
    const member = await tx.member.update({ where: { id }, data: { status } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'MEMBERS',
        action: status === 'SUSPENDED' ? 'member.suspend' : 'member.resume',
        targetType: 'Member',
        targetId: id,
        targetLabel: member.loginId,
        before: { status: before.status },
        after: { status },
      },
    ])
    return member
  })
}

export async function deleteMember(ctx: ServiceContext, id: string) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  return ctx.prisma.$transaction(async (tx) => {
    const member = await findMember(tx, actor.tenantId, id)
    await tx.member.delete({ where: { id } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'MEMBERS', action: 'member.delete', targetType: 'Member', targetId: id, targetLabel: member.loginId, before: auditView(member) },
    ])
    return member
  })
}
