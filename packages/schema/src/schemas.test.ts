import { describe, expect, it } from 'vitest'
import { attendanceAccountIdSchema } from './attendance.ts'
import { apiTokenCreateSchema } from './tokens.ts'
import { auditSearchSchema } from './audit.ts'
import { passwordSchema, setupInputSchema } from './auth.ts'
import { domainNameSchema } from './domains.ts'
import { loginIdSchema, memberCreateSchema } from './members.ts'

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? []

describe('login ids', () => {
  it('normalises case and spaces, and checks the part before @', () => {
    expect(loginIdSchema.parse('  Taro.Yamada@Example ')).toBe('taro.yamada@example')
    expect(messages(loginIdSchema.safeParse('a@example'))).toEqual(['At least 2 characters before @'])
    expect(messages(loginIdSchema.safeParse(`${'a'.repeat(41)}@example`))).toEqual(['At most 40 characters before @'])
    expect(messages(loginIdSchema.safeParse('taro yamada@example'))).toEqual(['Use lower-case letters, digits, . _ and - before @'])
    expect(messages(loginIdSchema.safeParse('taro'))).toEqual(['Write the login id as name@domain'])
    expect(messages(loginIdSchema.safeParse('a@b@c'))).toEqual(['Write the login id as name@domain'])
    expect(messages(loginIdSchema.safeParse('taro@'))).toEqual(['The domain after @ is missing'])
  })
})

describe('member input', () => {
  it('refuses line breaks and over-long names, and turns empty optional text into null', () => {
    const base = { domainId: 'd', loginId: 'taro@example', familyName: '山田', givenName: '太郎' }
    expect(memberCreateSchema.parse({ ...base, nickname: '', email: '' })).toMatchObject({ nickname: null, email: null })
    expect(messages(memberCreateSchema.safeParse({ ...base, familyName: 'a\nb' }))).toEqual(['Line breaks and control characters are not allowed'])
    expect(messages(memberCreateSchema.safeParse({ ...base, familyName: 'a'.repeat(51) }))).toEqual(['At most 50 characters'])
    expect(messages(memberCreateSchema.safeParse({ ...base, i18nNames: [
      { language: 'EN', familyName: 'A', givenName: 'B' },
      { language: 'EN', familyName: 'C', givenName: 'D' },
    ] }))).toEqual(['One name per language'])
  })
})

describe('setup and passwords', () => {
  it('needs letters and digits, 10 to 128 characters', () => {
    expect(passwordSchema.safeParse('abcdefghi1').success).toBe(true)
    expect(passwordSchema.safeParse('abcdefghij').success).toBe(false)
    expect(passwordSchema.safeParse('1234567890').success).toBe(false)
    expect(passwordSchema.safeParse(`a1${'x'.repeat(127)}`).success).toBe(false)
  })

  it('checks the time zone and the domain name', () => {
    const input = {
      organizationName: 'Acme',
      domainName: 'Acme.Example',
      timeZone: 'Asia/Tokyo',
      language: 'JA',
      adminName: 'A',
      adminEmail: 'A@Example.com',
      password: 'long-enough-1',
    }
    expect(setupInputSchema.parse(input)).toMatchObject({ domainName: 'acme.example', adminEmail: 'a@example.com' })
    expect(messages(setupInputSchema.safeParse({ ...input, timeZone: 'Tokyo' }))).toEqual(['Unknown time zone'])
    expect(domainNameSchema.safeParse('-bad-.example').success).toBe(false)
    expect(domainNameSchema.safeParse('a..b').success).toBe(false)
  })
})

describe('tokens and audit search', () => {
  it('dedupes scopes, refuses unknown ones and limits expiry', () => {
    expect(apiTokenCreateSchema.parse({ name: 't', scopes: ['members:read', 'members:read'] }).scopes).toEqual(['members:read'])
    expect(apiTokenCreateSchema.safeParse({ name: 't', scopes: ['root'] }).success).toBe(false)
    expect(apiTokenCreateSchema.safeParse({ name: 't', scopes: [] }).success).toBe(false)
    expect(apiTokenCreateSchema.safeParse({ name: 't', scopes: ['audit:read'], expiresInDays: 367 }).success).toBe(false)
  })

  it('refuses a time range that ends before it starts', () => {
    expect(auditSearchSchema.safeParse({ from: '2026-01-02', to: '2026-01-01' }).success).toBe(false)
    expect(auditSearchSchema.parse({ area: 'MEMBERS', from: '2026-01-01' }).from).toBeInstanceOf(Date)
  })
})

describe('attendance account ids', () => {
  it('are a login id (name@domain) or a LINE WORKS user id, trimmed and lower-cased', () => {
    expect(attendanceAccountIdSchema.parse(' Taro.Yamada@Example.CO.JP ')).toBe('taro.yamada@example.co.jp')
    expect(attendanceAccountIdSchema.parse('4F2C9E1A-1B2C-4D3E-8F90-A1B2C3D4E5F6')).toBe('4f2c9e1a-1b2c-4d3e-8f90-a1b2c3d4e5f6')
    expect(attendanceAccountIdSchema.parse('k_2-x@lw-example')).toBe('k_2-x@lw-example')
    for (const bad of ['typo@@', 'typo', 'a@example.com', '@example.com', 'taro@', 'taro yamada@example.com', 'taro@exa mple.com', 'taro@example..com', 'taro@-example.com', 'taro@example.com.', '4f2c9e1a-1b2c-4d3e-8f90', `${'a'.repeat(41)}@example.com`]) {
      expect(messages(attendanceAccountIdSchema.safeParse(bad)), bad).toEqual(['Write a login id (name@domain) or a LINE WORKS user id'])
    }
    expect(messages(attendanceAccountIdSchema.safeParse(`taro@${'a'.repeat(200)}.com`))).toContain('At most 200 characters')
  })
})
