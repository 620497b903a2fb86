import { encodeGlobalID } from '@pothos/plugin-relay'
import { describe, expect, it } from 'vitest'
import { createMembers, createTenant, useTestApp } from '../../test/harness.ts'
import { createAttendanceAccountImport } from '../services/attendance/index.ts'

const ctx = useTestApp()

const SET = `mutation($input: MutationSetAttendanceAccountInput!) { setAttendanceAccount(input: $input) {
  __typename ... on MutationSetAttendanceAccountSuccess { employee { accountId } } ... on ValidationError { fieldErrors { path code } } } }`

const bad = ['typo@@', 'typo', 'someone.else', '@example.com', 'taro@', 'taro yamada@example.com', 'taro@example..com', '4f2c9e1a-1b2c-4d3e-8f90']

async function setUp() {
  const made = await createTenant(ctx)
  const [employee, other] = await createMembers(ctx, made.tenant, made.domain, 2, 'acct')
  if (!employee || !other) throw new Error('members missing')
  return { ...made, employee, other }
}

describe('attendance account ids', () => {
  it.each(bad)('refuses %j with a typed error on the field, and changes nothing', async (accountId) => {
    const { client, tenant, employee } = await setUp()
    const memberId = encodeGlobalID('Member', employee.id)
    expect((await client.data(SET, { input: { memberId, accountId: employee.loginId } })).setAttendanceAccount.__typename).toBe('MutationSetAttendanceAccountSuccess')
    const audit = await ctx.db.prisma.auditEntry.count({ where: { tenantId: tenant.id } })
    const result = await client.data(SET, { input: { memberId, accountId } })
    expect(result.setAttendanceAccount).toEqual({ __typename: 'ValidationError', fieldErrors: [{ path: ['accountId'], code: 'invalid_format' }] })
    expect(await ctx.db.prisma.attendanceAccount.findMany({ where: { tenantId: tenant.id }, select: { accountId: true } })).toEqual([{ accountId: employee.loginId }])
    expect(await ctx.db.prisma.auditEntry.count({ where: { tenantId: tenant.id } })).toBe(audit)
  })

  it('takes a login id or a LINE WORKS user id, trimmed and lower-cased, and clears with empty', async () => {
    const { client, employee, other } = await setUp()
    const set = async (memberId: string, accountId: string | null) =>
      (await client.data(SET, { input: { memberId: encodeGlobalID('Member', memberId), accountId } })).setAttendanceAccount
    expect(await set(employee.id, ' Taro.Yamada@Example.CO.JP ')).toEqual({ __typename: 'MutationSetAttendanceAccountSuccess', employee: { accountId: 'taro.yamada@example.co.jp' } })
    expect(await set(other.id, '4F2C9E1A-1B2C-4D3E-8F90-A1B2C3D4E5F6')).toMatchObject({ employee: { accountId: '4f2c9e1a-1b2c-4d3e-8f90-a1b2c3d4e5f6' } })
    expect(await set(other.id, '  ')).toMatchObject({ employee: { accountId: null } })
    expect(await set(employee.id, `${'a'.repeat(40)}@${'b'.repeat(200)}.com`)).toEqual({ __typename: 'ValidationError', fieldErrors: [{ path: ['accountId'], code: 'too_big' }] })
  })

  it('refuses the same account ids in a CSV, row by row (account_id_invalid)', async () => {
    const { tenant, master, employee, other } = await setUp()
    const actor = { kind: 'admin' as const, tenantId: tenant.id, adminId: master.id, label: master.email, role: 'MASTER' as const, sessionId: '', authorities: { members: 'EDIT', bots: 'EDIT', external: 'EDIT', attendance: 'EDIT', audit: 'EDIT' } as const }
    const csv = `login_id,account_id\n${employee.loginId},typo@@\n${other.loginId},Other@Example.com\n`
    const body = (async function* () {
      yield new TextEncoder().encode(csv)
    })()
    const checked = await createAttendanceAccountImport({ prisma: ctx.db.prisma, actor }, 'accounts.csv', body)
    expect(checked).toMatchObject({ status: 'VALIDATED', errorCount: 1, changeCount: 1 })
    const rows = await ctx.db.prisma.attendanceAccountImportRow.findMany({ where: { importId: checked.id }, orderBy: { line: 'asc' }, select: { line: true, action: true, errorCode: true } })
    expect(rows).toEqual([
      { line: 2, action: 'ERROR', errorCode: 'account_id_invalid' },
      { line: 3, action: 'UPDATE', errorCode: null },
    ])
    expect(await ctx.db.prisma.attendanceAccount.count({ where: { tenantId: tenant.id } })).toBe(0)
  })
})
