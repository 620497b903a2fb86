import { randomInt } from 'node:crypto'
import { domainInputSchema, domainUpdateSchema, employmentTypeInputSchema, orgUnitInputSchema } from '@worksbase/schema'
import type { z } from 'zod'
import type { Actor } from './actor.ts'
import { ConflictError, NotFoundError, ValidationError, parseInput } from '../errors.ts'
import { type AuditInput, auditActorOf, recordAudit, type Tx } from './audit.ts'
import { requireAuthority } from './authority.ts'
import { conflictOnDuplicate, type ServiceContext } from './common.ts'
import type { Domain, EmploymentType, OrgUnit } from '#generated/prisma/client.ts'

/** A fresh numeric domain id of the kind LINE WORKS sends as source.domainId. */
export async function allocateLwDomainId(tx: Tx): Promise<number> {
  for (;;) {
    const candidate = randomInt(10_000_000, 99_999_999)
    if (!(await tx.domain.findUnique({ where: { lwDomainId: candidate }, select: { id: true } }))) return candidate
  }
}

/** Runs one change to the tenant's organisation and records its audit entry in the same transaction. */
function audited<Row>(ctx: ServiceContext, actor: Actor, change: (tx: Tx) => Promise<[Row, Omit<AuditInput, 'area'>]>): Promise<Row> {
  return ctx.prisma.$transaction(async (tx) => {
    const [row, entry] = await change(tx)
    await recordAudit(tx, actor.tenantId, auditActorOf(actor), [{ area: 'MEMBERS', ...entry }])
    return row
  })
}

/** The calls that updating and deleting make on the tables of domains, departments and employment types. */
interface Table<Row, Field extends keyof Row> {
  findFirst(args: { where: { id: string; tenantId: string } }): Promise<Row | null>
  update(args: { where: { id: string }; data: Pick<Row, Field> }): Promise<Row>
  delete(args: { where: { id: string } }): Promise<Row>
}

/** A table of the tenant's organisation, the fields an admin may change, and how errors and audit entries name it. */
interface Kind<Row, Field extends keyof Row> {
  table: (tx: Tx) => Table<Row, Field>
  fields: Field[]
  /** What NotFoundError names. */
  label: string
  /** The audit entry's target type, and the first part of its action (`orgUnit.update`). */
  targetType: string
  action: string
}

const domains: Kind<Domain, 'displayName'> = { table: (tx) => tx.domain, fields: ['displayName'], label: 'Domain', targetType: 'Domain', action: 'domain' }
const departments: Kind<OrgUnit, 'name'> = { table: (tx) => tx.orgUnit, fields: ['name'], label: 'Department', targetType: 'OrgUnit', action: 'orgUnit' }
const employmentTypes: Kind<EmploymentType, 'name'> = { table: (tx) => tx.employmentType, fields: ['name'], label: 'Employment type', targetType: 'EmploymentType', action: 'employmentType' }

/** Every row of these tables has a name, which labels its audit entries. */
type NamedRow = { id: string; name: string }

/** Changes one row of the tenant; the audit entry has the fields it sets, before and after. */
function updateRow<R extends NamedRow, Field extends keyof R>(ctx: ServiceContext, actor: Actor, kind: Kind<R, Field>, id: string, data: Pick<R, Field>) {
  return audited(ctx, actor, async (tx) => {
    const before = await kind.table(tx).findFirst({ where: { id, tenantId: actor.tenantId } })
    if (!before) throw new NotFoundError(kind.label)
    const row = await kind.table(tx).update({ where: { id }, data })
    const was = Object.fromEntries(kind.fields.map((field) => [field, before[field]]))
    return [row, { action: `${kind.action}.update`, targetType: kind.targetType, targetId: id, targetLabel: row.name, before: was, after: data }]
  })
}

/** Deletes one row of the tenant, if the caller may edit members, once `check` (which throws what stands in the way) has passed. */
async function deleteRow<R extends NamedRow, Field extends keyof R>(
  ctx: ServiceContext,
  kind: Kind<R, Field>,
  id: string,
  check?: (tx: Tx, tenantId: string) => Promise<void>,
) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  return audited(ctx, actor, async (tx) => {
    const row = await kind.table(tx).findFirst({ where: { id, tenantId: actor.tenantId } })
    if (!row) throw new NotFoundError(kind.label)
    await check?.(tx, actor.tenantId)
    await kind.table(tx).delete({ where: { id } })
    return [row, { action: `${kind.action}.delete`, targetType: kind.targetType, targetId: id, targetLabel: row.name, before: row }]
  })
}

/**
 * Domain names are unique across the installation, as in LINE WORKS: a login id (name@domain) then
 * names one member of one tenant. Refuses a name that any tenant uses already.
 */
export async function checkDomainNameFree(tx: Tx, name: string, tenantId: string | null): Promise<void> {
  const taken = await tx.domain.findUnique({ where: { name }, select: { tenantId: true } })
  if (!taken) return
  throw new ConflictError(
    taken.tenantId === tenantId ? `The domain ${name} already exists` : `The domain name ${name} is used by another organisation`,
  )
}

export async function createDomain(ctx: ServiceContext, raw: z.input<typeof domainInputSchema>) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  const input = parseInput(domainInputSchema, raw)
  return conflictOnDuplicate(`The domain name ${input.name} is already used`, () =>
    audited(ctx, actor, async (tx) => {
      await checkDomainNameFree(tx, input.name, actor.tenantId)
      const domain = await tx.domain.create({
        data: { tenantId: actor.tenantId, ...input, lwDomainId: await allocateLwDomainId(tx) },
      })
      return [domain, { action: 'domain.create', targetType: 'Domain', targetId: domain.id, targetLabel: domain.name, after: input }]
    }),
  )
}

export async function updateDomain(ctx: ServiceContext, id: string, raw: z.input<typeof domainUpdateSchema>) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  return updateRow(ctx, actor, domains, id, parseInput(domainUpdateSchema, raw))
}

export function deleteDomain(ctx: ServiceContext, id: string) {
  return deleteRow(ctx, domains, id, async (tx, tenantId) => {
    if ((await tx.domain.count({ where: { tenantId } })) === 1) {
      throw new ConflictError('A tenant keeps at least one domain')
    }
    const members = await tx.member.count({ where: { tenantId, domainId: id } })
    if (members > 0) throw new ConflictError(`The domain still has ${members} members; move or delete them first`)
  })
}

export async function createOrgUnit(
  ctx: ServiceContext,
  raw: z.input<typeof orgUnitInputSchema> & { domainId: string; parentId?: string | null },
) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  const input = parseInput(orgUnitInputSchema, raw)
  return conflictOnDuplicate(`The department ${input.name} already exists in this domain`, () =>
    audited(ctx, actor, async (tx) => {
      const domain = await tx.domain.findFirst({ where: { id: raw.domainId, tenantId: actor.tenantId } })
      if (!domain) throw ValidationError.field('domainId', 'Unknown domain')
      if (raw.parentId) {
        const parent = await tx.orgUnit.findFirst({ where: { id: raw.parentId, tenantId: actor.tenantId } })
        if (!parent || parent.domainId !== domain.id) throw ValidationError.field('parentId', 'Unknown parent department')
      }
      const orgUnit = await tx.orgUnit.create({
        data: { tenantId: actor.tenantId, domainId: domain.id, parentId: raw.parentId ?? null, name: input.name },
      })
      return [orgUnit, { action: 'orgUnit.create', targetType: 'OrgUnit', targetId: orgUnit.id, targetLabel: orgUnit.name, after: orgUnit }]
    }),
  )
}

export async function renameOrgUnit(ctx: ServiceContext, id: string, raw: z.input<typeof orgUnitInputSchema>) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  const input = parseInput(orgUnitInputSchema, raw)
  return conflictOnDuplicate(`The department ${input.name} already exists in this domain`, () => updateRow(ctx, actor, departments, id, input))
}

export function deleteOrgUnit(ctx: ServiceContext, id: string) {
  return deleteRow(ctx, departments, id, async (tx, tenantId) => {
    if (await tx.orgUnit.count({ where: { tenantId, parentId: id } })) {
      throw new ConflictError('Delete or move the sub-departments first')
    }
  })
}

export async function createEmploymentType(ctx: ServiceContext, raw: z.input<typeof employmentTypeInputSchema>) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  const input = parseInput(employmentTypeInputSchema, raw)
  return conflictOnDuplicate(`The employment type ${input.name} already exists`, () =>
    audited(ctx, actor, async (tx) => {
      const type = await tx.employmentType.create({ data: { tenantId: actor.tenantId, name: input.name } })
      return [type, { action: 'employmentType.create', targetType: 'EmploymentType', targetId: type.id, targetLabel: type.name, after: input }]
    }),
  )
}

export async function renameEmploymentType(ctx: ServiceContext, id: string, raw: z.input<typeof employmentTypeInputSchema>) {
  const actor = requireAuthority(ctx.actor, 'members', 'EDIT')
  const input = parseInput(employmentTypeInputSchema, raw)
  return conflictOnDuplicate(`The employment type ${input.name} already exists`, () => updateRow(ctx, actor, employmentTypes, id, input))
}

export function deleteEmploymentType(ctx: ServiceContext, id: string) {
  return deleteRow(ctx, employmentTypes, id)
}
