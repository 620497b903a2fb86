import { randomInt } from 'node:crypto'
import { domainInputSchema, domainUpdateSchema, employmentTypeInputSchema, orgUnitInputSchema } from '@worksbase/schema'
import type { z } from 'zod'
import { ConflictError, NotFoundError, ValidationError, parseInput } from '../errors.ts'
import { auditActorOf, recordAudit, type Tx } from './audit.ts'
import { requireAuthority } from './authority.ts'
import { conflictOnDuplicate, type ServiceContext } from './common.ts'

/** A fresh numeric domain id of the kind LINE WORKS sends as source.domainId. */
export async function allocateLwDomainId(tx: Tx): Promise<number> {
  for (;;) {
    const candidate = randomInt(10_000_000, 99_999_999)
    if (!(await tx.domain.findUnique({ where: { lwDomainId: candidate }, select: { id: true } }))) return candidate
  }
}

export async function createDomain(ctx: ServiceContext, raw: z.input<typeof domainInputSchema>) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  const input = parseInput(domainInputSchema, raw)
  return conflictOnDuplicate(`The domain ${input.name} already exists`, () =>
    ctx.prisma.$transaction(async (tx) => {
      if (await tx.domain.findUnique({ where: { tenantId_name: { tenantId: actor.tenantId, name: input.name } } })) {
        throw new ConflictError(`The domain ${input.name} already exists`)
      }
      const domain = await tx.domain.create({
        data: { tenantId: actor.tenantId, ...input, lwDomainId: await allocateLwDomainId(tx) },
      })
      await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
        { area: 'MEMBERS', action: 'domain.create', targetType: 'Domain', targetId: domain.id, targetLabel: domain.name, after: input },
      ])
      return domain
    }),
  )
}

export async function updateDomain(ctx: ServiceContext, id: string, raw: z.input<typeof domainUpdateSchema>) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  const input = parseInput(domainUpdateSchema, raw)
  return ctx.prisma.$transaction(async (tx) => {
    const before = await tx.domain.findFirst({ where: { id, tenantId: actor.tenantId } })
    if (!before) throw new NotFoundError('Domain')
    const domain = await tx.domain.update({ where: { id }, data: input })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      {
        area: 'MEMBERS',
        action: 'domain.update',
        targetType: 'Domain',
        targetId: id,
        targetLabel: domain.name,
        before: { displayName: before.displayName },
        after: input,
      },
    ])
    return domain
  })
}

export async function deleteDomain(ctx: ServiceContext, id: string) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  return ctx.prisma.$transaction(async (tx) => {
    const domain = await tx.domain.findFirst({ where: { id, tenantId: actor.tenantId } })
    if (!domain) throw new NotFoundError('Domain')
    if ((await tx.domain.count({ where: { tenantId: actor.tenantId } })) === 1) {
      throw new ConflictError('A tenant keeps at least one domain')
    }
    const members = await tx.member.count({ where: { tenantId: actor.tenantId, domainId: id } })
    if (members > 0) throw new ConflictError(`The domain still has ${members} members; move or delete them first`)
    await tx.domain.delete({ where: { id } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'MEMBERS', action: 'domain.delete', targetType: 'Domain', targetId: id, targetLabel: domain.name, before: domain },
    ])
    return domain
  })
}

export async function createOrgUnit(
  ctx: ServiceContext,
  raw: z.input<typeof orgUnitInputSchema> & { domainId: string; parentId?: string | null },
) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  const input = parseInput(orgUnitInputSchema, raw)
  return conflictOnDuplicate(`The department ${input.name} already exists in this domain`, () =>
    ctx.prisma.$transaction(async (tx) => {
      const domain = await tx.domain.findFirst({ where: { id: raw.domainId, tenantId: actor.tenantId } })
      if (!domain) throw ValidationError.field('domainId', 'Unknown domain')
      if (raw.parentId) {
        const parent = await tx.orgUnit.findFirst({ where: { id: raw.parentId, tenantId: actor.tenantId } })
        if (!parent || parent.domainId !== domain.id) throw ValidationError.field('parentId', 'Unknown parent department')
      }
      const orgUnit = await tx.orgUnit.create({
        data: { tenantId: actor.tenantId, domainId: domain.id, parentId: raw.parentId ?? null, name: input.name },
      })
      await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
        { area: 'MEMBERS', action: 'orgUnit.create', targetType: 'OrgUnit', targetId: orgUnit.id, targetLabel: orgUnit.name, after: orgUnit },
      ])
      return orgUnit
    }),
  )
}

export async function renameOrgUnit(ctx: ServiceContext, id: string, raw: z.input<typeof orgUnitInputSchema>) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  const input = parseInput(orgUnitInputSchema, raw)
  return conflictOnDuplicate(`The department ${input.name} already exists in this domain`, () =>
    ctx.prisma.$transaction(async (tx) => {
      const before = await tx.orgUnit.findFirst({ where: { id, tenantId: actor.tenantId } })
      if (!before) throw new NotFoundError('Department')
      const orgUnit = await tx.orgUnit.update({ where: { id }, data: { name: input.name } })
      await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
        { area: 'MEMBERS', action: 'orgUnit.update', targetType: 'OrgUnit', targetId: id, targetLabel: orgUnit.name, before: { name: before.name }, after: input },
      ])
      return orgUnit
    }),
  )
}

export async function deleteOrgUnit(ctx: ServiceContext, id: string) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  return ctx.prisma.$transaction(async (tx) => {
    const orgUnit = await tx.orgUnit.findFirst({ where: { id, tenantId: actor.tenantId } })
    if (!orgUnit) throw new NotFoundError('Department')
    if (await tx.orgUnit.count({ where: { tenantId: actor.tenantId, parentId: id } })) {
      throw new ConflictError('Delete or move the sub-departments first')
    }
    await tx.orgUnit.delete({ where: { id } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'MEMBERS', action: 'orgUnit.delete', targetType: 'OrgUnit', targetId: id, targetLabel: orgUnit.name, before: orgUnit },
    ])
    return orgUnit
  })
}

export async function createEmploymentType(ctx: ServiceContext, raw: z.input<typeof employmentTypeInputSchema>) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  const input = parseInput(employmentTypeInputSchema, raw)
  return conflictOnDuplicate(`The employment type ${input.name} already exists`, () =>
    ctx.prisma.$transaction(async (tx) => {
      const type = await tx.employmentType.create({ data: { tenantId: actor.tenantId, name: input.name } })
      await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
        { area: 'MEMBERS', action: 'employmentType.create', targetType: 'EmploymentType', targetId: type.id, targetLabel: type.name, after: input },
      ])
      return type
    }),
  )
}

export async function renameEmploymentType(ctx: ServiceContext, id: string, raw: z.input<typeof employmentTypeInputSchema>) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  const input = parseInput(employmentTypeInputSchema, raw)
  return conflictOnDuplicate(`The employment type ${input.name} already exists`, () =>
    ctx.prisma.$transaction(async (tx) => {
      const before = await tx.employmentType.findFirst({ where: { id, tenantId: actor.tenantId } })
      if (!before) throw new NotFoundError('Employment type')
      const type = await tx.employmentType.update({ where: { id }, data: { name: input.name } })
      await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
        { area: 'MEMBERS', action: 'employmentType.update', targetType: 'EmploymentType', targetId: id, targetLabel: type.name, before: { name: before.name }, after: input },
      ])
      return type
    }),
  )
}

export async function deleteEmploymentType(ctx: ServiceContext, id: string) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  return ctx.prisma.$transaction(async (tx) => {
    const type = await tx.employmentType.findFirst({ where: { id, tenantId: actor.tenantId } })
    if (!type) throw new NotFoundError('Employment type')
    await tx.employmentType.delete({ where: { id } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'MEMBERS', action: 'employmentType.delete', targetType: 'EmploymentType', targetId: id, targetLabel: type.name, before: type },
    ])
    return type
  })
}
