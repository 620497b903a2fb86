import type { Authorities } from '@worksbase/schema'
import { adminCreateSchema, adminUpdateSchema, tenantUpdateSchema } from '@worksbase/schema'
import type { z } from 'zod'
import { ConflictError, ForbiddenError, NotFoundError, parseInput } from '../errors.ts'
import { hashPassword } from '../lib/crypto.ts'
import { auditActorOf, recordAudit } from './audit.ts'
import { requireMaster } from './authority.ts'
import { changes, conflictOnDuplicate, type ServiceContext } from './common.ts'

function authorityColumns(authorities: Authorities) {
  return {
    membersAuthority: authorities.members,
    botsAuthority: authorities.bots,
    externalAuthority: authorities.external,
    attendanceAuthority: authorities.attendance,
    auditAuthority: authorities.audit,
  }
}

export async function createAdmin(ctx: ServiceContext, raw: z.input<typeof adminCreateSchema>) {
  const actor = requireMaster(ctx.actor)
  const input = parseInput(adminCreateSchema, raw)
  const passwordHash = await hashPassword(input.password)
  return conflictOnDuplicate('An administrator with this e-mail address already exists', () =>
    ctx.prisma.$transaction(async (tx) => {
      if (await tx.adminAccount.findUnique({ where: { email: input.email } })) {
        throw new ConflictError('An administrator with this e-mail address already exists')
      }
      const admin = await tx.adminAccount.create({
        data: {
          tenantId: actor.tenantId,
          email: input.email,
          name: input.name,
          passwordHash,
          role: 'GENERAL',
          ...authorityColumns(input.authorities),
        },
      })
      await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
        {
          area: 'ADMINS',
          action: 'admin.create',
          targetType: 'Admin',
          targetId: admin.id,
          targetLabel: admin.email,
          after: { email: admin.email, name: admin.name, authorities: input.authorities },
        },
      ])
      return admin
    }),
  )
}

export async function updateAdmin(ctx: ServiceContext, id: string, raw: z.input<typeof adminUpdateSchema>) {
  const actor = requireMaster(ctx.actor)
  const input = parseInput(adminUpdateSchema, raw)
  return ctx.prisma.$transaction(async (tx) => {
    const before = await tx.adminAccount.findFirst({ where: { id, tenantId: actor.tenantId } })
    if (!before) throw new NotFoundError('Administrator')
    if (before.role === 'MASTER' && input.authorities) {
      throw new ForbiddenError('The master administrator always has every authority')
    }
    const admin = await tx.adminAccount.update({
      where: { id },
      data: { ...(input.name && { name: input.name }), ...(input.authorities && authorityColumns(input.authorities)) },
    })
    const keys = ['name', 'membersAuthority', 'botsAuthority', 'externalAuthority', 'attendanceAuthority', 'auditAuthority'] as const
    const diff = changes(before, admin, [...keys])
    if (diff.changed) {
      await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
        { area: 'ADMINS', action: 'admin.update', targetType: 'Admin', targetId: id, targetLabel: admin.email, before: diff.before, after: diff.after },
      ])
    }
    return admin
  })
}

export async function deleteAdmin(ctx: ServiceContext, id: string) {
  const actor = requireMaster(ctx.actor)
  return ctx.prisma.$transaction(async (tx) => {
    const admin = await tx.adminAccount.findFirst({ where: { id, tenantId: actor.tenantId } })
    if (!admin) throw new NotFoundError('Administrator')
    if (admin.role === 'MASTER') throw new ForbiddenError('The master administrator cannot be deleted')
    await tx.adminAccount.delete({ where: { id } })
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
      { area: 'ADMINS', action: 'admin.delete', targetType: 'Admin', targetId: id, targetLabel: admin.email, before: { email: admin.email, name: admin.name } },
    ])
    return admin
  })
}

export async function updateTenant(ctx: ServiceContext, raw: z.input<typeof tenantUpdateSchema>) {
  const actor = requireMaster(ctx.actor)
  const input = parseInput(tenantUpdateSchema, raw)
  return ctx.prisma.$transaction(async (tx) => {
    const before = await tx.tenant.findUniqueOrThrow({ where: { id: actor.tenantId } })
    const tenant = await tx.tenant.update({ where: { id: actor.tenantId }, data: input })
    const diff = changes(before, tenant, ['name', 'timeZone', 'language'])
    if (diff.changed) {
      await recordAudit(tx, actor.tenantId, auditActorOf(actor), [
        { area: 'TENANT', action: 'tenant.update', targetType: 'Tenant', targetId: tenant.id, targetLabel: tenant.name, before: diff.before, after: diff.after },
      ])
    }
    return tenant
  })
}
