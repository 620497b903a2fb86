import { encodeGlobalID } from '@pothos/plugin-relay'
import { builder } from '../builder.ts'
import { NotFoundError } from '../errors.ts'
import {
  addAttendanceWord,
  attendanceEmployee,
  attendanceEmployees,
  attendanceFilters,
  attendanceTemplates,
  attendanceWords,
  correctStamp,
  disableLinkage,
  type EmployeeRow,
  getLinkage,
  monthTimesheet,
  removeAttendanceWord,
  saveLinkage,
  sendFirstMessage,
  setAttendanceAccount,
  setAttendanceTemplate,
} from '../services/attendance/index.ts'
import { requireAuthority } from '../services/authority.ts'
import { publishTalkMessage } from '../services/talk.ts'
import { mutationErrors } from './errors.ts'
import { dbId, idOf } from './ids.ts'
import { AttendanceMode, AttendanceWordKind, StampKind } from '#generated/prisma/enums.ts'
import type { AttendanceLinkage as LinkageRow, AttendanceStamp as StampRow, AttendanceWord as WordRow } from '#generated/prisma/client.ts'

const attendanceView = { authority: { area: 'attendance', level: 'VIEW' } } as const

const AttendanceModeEnum = builder.enumType(AttendanceMode, {
  name: 'AttendanceMode',
  description: 'PLATFORM: one of this platform’s bots. EXTERNAL: a bot of a real LINE WORKS tenant, through its API.',
})
const StampKindEnum = builder.enumType(StampKind, { name: 'StampKind' })

const LinkageBot = builder.simpleObject('AttendanceLinkageBot', {
  description: 'The bot a PLATFORM linkage uses, readable with attendance authority alone.',
  fields: (t) => ({
    id: t.id({ description: 'Global id of the Bot.' }),
    botId: t.int({ description: 'The numeric Bot ID.' }),
    name: t.string(),
  }),
})

const AttendanceLinkage = builder.objectRef<LinkageRow>('AttendanceLinkage').implement({
  description: 'The time-recording linkage. Secrets (client secret, private key, Bot Secret) are never readable.',
  fields: (t) => ({
    id: t.exposeID('id'),
    enabled: t.exposeBoolean('enabled'),
    mode: t.expose('mode', { type: AttendanceModeEnum }),
    termsAcceptedAt: t.expose('termsAcceptedAt', { type: 'DateTime', nullable: true }),
    botId: t.id({ nullable: true, description: 'PLATFORM: global id of the Bot.', resolve: (row) => (row.botId ? encodeGlobalID('Bot', row.botId) : null) }),
    bot: t.field({
      type: LinkageBot,
      nullable: true,
      description: 'PLATFORM: the bot (null for EXTERNAL, or when the bot was deleted).',
      resolve: async (row, _args, context) => {
        if (!row.botId) return null
        const bot = await context.prisma.bot.findFirst({ where: { id: row.botId, tenantId: row.tenantId }, select: { id: true, botId: true, name: true } })
        return bot ? { id: encodeGlobalID('Bot', bot.id), botId: bot.botId, name: bot.name } : null
      },
    }),
    clientId: t.exposeString('clientId', { nullable: true }),
    serviceAccount: t.exposeString('serviceAccount', { nullable: true }),
    externalBotId: t.exposeString('externalBotId', { nullable: true }),
    authBaseUrl: t.exposeString('authBaseUrl', { nullable: true }),
    apiBaseUrl: t.exposeString('apiBaseUrl', { nullable: true }),
    verifiedAt: t.expose('verifiedAt', { type: 'DateTime', nullable: true }),
    webhookPath: t.string({
      description: 'EXTERNAL: the callback URL path to set on the LINE WORKS bot (prefix it with this server’s public https origin).',
      resolve: (row) => `/webhooks/lineworks/${row.id}`,
    }),
  }),
})

const AttendanceStamp = builder.objectRef<StampRow>('AttendanceStamp').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: StampKindEnum }),
    stampedAt: t.expose('stampedAt', { type: 'DateTime' }),
    workDate: t.exposeString('workDate', { description: 'The working day (YYYY-MM-DD, tenant time zone).' }),
    sourceText: t.exposeString('sourceText', { nullable: true, description: 'What the employee wrote (kept as proof).' }),
    sourceUserId: t.exposeString('sourceUserId', { nullable: true }),
    voided: t.boolean({ resolve: (row) => row.voidedAt !== null }),
    createdBy: t.exposeString('createdBy', { nullable: true, description: '"bot" for stamps from the talk, else the admin who corrected.' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why an admin added or replaced it.' }),
    replacesId: t.exposeID('replacesId', { nullable: true }),
  }),
})

const AttendanceDay = builder.simpleObject('AttendanceDay', {
  fields: (t) => ({
    date: t.string(),
    clockIn: t.field({ type: 'DateTime', nullable: true }),
    clockOut: t.field({ type: 'DateTime', nullable: true }),
    breakMinutes: t.int(),
    workedMinutes: t.int({ nullable: true }),
    anomalies: t.stringList({ description: 'MISSING_CLOCK_OUT, OPEN_BREAK, OUT_OF_SEQUENCE (on days that are over).' }),
    stamps: t.field({ type: [AttendanceStamp], description: 'Every stamp of the day, voided ones included (the correction history).' }),
  }),
})

const AttendanceTimesheet = builder.simpleObject('AttendanceTimesheet', {
  fields: (t) => ({
    month: t.string(),
    timeZone: t.string(),
    workedMinutes: t.int(),
    breakMinutes: t.int(),
    workedDays: t.int(),
    anomalyDays: t.int(),
    days: t.field({ type: [AttendanceDay] }),
  }),
})

const AttendanceWordKindEnum = builder.enumType(AttendanceWordKind, { name: 'AttendanceWordKind' })

const AttendanceWord = builder.objectRef<WordRow>('AttendanceWord').implement({
  fields: (t) => ({ id: t.exposeID('id'), kind: t.expose('kind', { type: AttendanceWordKindEnum }), word: t.exposeString('word') }),
})

const AttendanceTemplate = builder.simpleObject('AttendanceTemplate', {
  fields: (t) => ({
    key: t.string(),
    language: t.string(),
    text: t.string(),
    defaultText: t.string(),
    custom: t.boolean({ description: 'The tenant changed it (else it is the built-in text).' }),
    placeholders: t.stringList({ description: 'Placeholders the text may use, written {name}.' }),
  }),
})

const TemplateLanguage = builder.enumType('AttendanceTemplateLanguage', { values: ['ja', 'en'] as const })

const AttendanceEmployee = builder.objectRef<EmployeeRow>('AttendanceEmployee').implement({
  description: 'A member as the attendance screens see them (attendance authority, no members authority needed).',
  fields: (t) => ({
    id: t.id({ description: 'The Member’s global id.', resolve: (row) => encodeGlobalID('Member', row.id) }),
    loginId: t.exposeString('loginId'),
    userId: t.exposeString('userId'),
    familyName: t.exposeString('familyName'),
    givenName: t.exposeString('givenName'),
    active: t.boolean({ resolve: (row) => row.status === 'ACTIVE' }),
    orgUnitName: t.string({ nullable: true, resolve: (row) => row.orgUnit?.name ?? null }),
    employmentTypeName: t.string({ nullable: true, resolve: (row) => row.employmentType?.name ?? null }),
    accountId: t.string({ nullable: true, resolve: (row) => row.attendanceAccount?.accountId ?? null }),
    lineWorksUserId: t.string({
      nullable: true,
      description: 'EXTERNAL linkages: the LINE WORKS user id the account id (a login id) resolved to; cleared when the account id changes.',
      resolve: (row) => row.attendanceAccount?.lineWorksUserId ?? null,
    }),
  }),
})

const AttendanceEmployeePage = builder.simpleObject('AttendanceEmployeePage', {
  fields: (t) => ({
    employees: t.field({ type: [AttendanceEmployee] }),
    hasMore: t.boolean(),
    totalCount: t.int(),
    linkedCount: t.int({ description: 'How many of the filtered employees have an account id.' }),
  }),
})

const FilterOption = builder.simpleObject('AttendanceFilterOption', { fields: (t) => ({ id: t.id(), name: t.string() }) })
const AttendanceFilters = builder.simpleObject('AttendanceFilters', {
  fields: (t) => ({ orgUnits: t.field({ type: [FilterOption] }), employmentTypes: t.field({ type: [FilterOption] }) }),
})

const FirstMessageFailureEnum = builder.enumType('FirstMessageFailure', {
  values: {
    ACCOUNT_NOT_FOUND: { description: 'The account id matches no user: check it.' },
    BOT_NOT_IN_DOMAIN: { description: 'The bot is not added to the employee’s domain, or not visible to them.' },
    SUSPENDED: { description: 'The account is suspended.' },
    CREDENTIALS: { description: 'LINE WORKS refused the linkage’s credentials.' },
    LINKAGE_DISABLED: { description: 'The linkage is off or has no bot.' },
    UNREACHABLE: { description: 'LINE WORKS could not be reached.' },
    REFUSED: { description: 'LINE WORKS refused the message for another reason (see detail).' },
  } as const,
})

const FirstMessageResult = builder.simpleObject('AttendanceFirstMessageResult', {
  fields: (t) => ({
    employee: t.field({ type: AttendanceEmployee }),
    sent: t.boolean(),
    failure: t.field({ type: FirstMessageFailureEnum, nullable: true }),
    detail: t.string({ nullable: true }),
  }),
})

const FirstMessageReport = builder.simpleObject('AttendanceFirstMessageReport', {
  fields: (t) => ({ sent: t.int(), failed: t.int(), results: t.field({ type: [FirstMessageResult] }) }),
})

const CorrectionAction = builder.enumType('AttendanceCorrection', { values: ['ADD', 'REPLACE', 'VOID'] as const })

builder.queryFields((t) => ({
  attendanceEmployees: t.field({
    type: AttendanceEmployeePage,
    authScopes: attendanceView,
    description: 'Employees by login id with their account ids; page on with `after` (the last employee’s id). At most 200 per page.',
    args: {
      orgUnitId: t.arg.id({ required: false }),
      employmentTypeId: t.arg.id({ required: false }),
      query: t.arg.string({ required: false }),
      linked: t.arg.boolean({ required: false }),
      first: t.arg.int({ required: false, defaultValue: 50 }),
      after: t.arg.id({ required: false }),
    },
    resolve: (_root, args, context) =>
      attendanceEmployees(
        context,
        {
          orgUnitId: args.orgUnitId ? idOf(String(args.orgUnitId), 'OrgUnit', 'orgUnitId') : null,
          employmentTypeId: args.employmentTypeId ? idOf(String(args.employmentTypeId), 'EmploymentType', 'employmentTypeId') : null,
          query: args.query ?? null,
          linked: args.linked ?? null,
        },
        { first: args.first ?? 50, after: args.after ? idOf(String(args.after), 'Member', 'after') : null },
      ),
  }),
  attendanceEmployee: t.field({
    type: AttendanceEmployee,
    nullable: true,
    authScopes: attendanceView,
    description: 'One employee by the Member’s global id (null when no member of the tenant has it).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => attendanceEmployee(context, idOf(String(args.id), 'Member', 'id')),
  }),
  attendanceFilters: t.field({
    type: AttendanceFilters,
    authScopes: attendanceView,
    description: 'Departments and employment types to filter employees by.',
    resolve: async (_root, _args, context) => {
      const filters = await attendanceFilters(context)
      return {
        orgUnits: filters.orgUnits.map((row) => ({ id: encodeGlobalID('OrgUnit', row.id), name: row.name })),
        employmentTypes: filters.employmentTypes.map((row) => ({ id: encodeGlobalID('EmploymentType', row.id), name: row.name })),
      }
    },
  }),
  attendanceWords: t.field({
    type: [AttendanceWord],
    authScopes: attendanceView,
    description: 'Words employees write for each stamp (and for today’s stamps); matching ignores case, full/half width and spaces.',
    resolve: (_root, _args, context) => attendanceWords(context),
  }),
  attendanceTemplates: t.field({
    type: [AttendanceTemplate],
    authScopes: attendanceView,
    args: { language: t.arg({ type: TemplateLanguage, required: true }) },
    resolve: (_root, args, context) => attendanceTemplates(context, args.language),
  }),
  attendanceTimesheet: t.field({
    type: AttendanceTimesheet,
    authScopes: attendanceView,
    description: 'An employee’s month (YYYY-MM): each day’s first in, last out, breaks, worked minutes and anomalies, with totals.',
    args: { memberId: t.arg.id({ required: true }), month: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => monthTimesheet(context, idOf(String(args.memberId), 'Member', 'memberId'), args.month),
  }),
  attendanceLinkage: t.field({
    type: AttendanceLinkage,
    nullable: true,
    authScopes: attendanceView,
    resolve: (_root, _args, context) => getLinkage(context),
  }),
  attendanceStamps: t.field({
    type: [AttendanceStamp],
    authScopes: attendanceView,
    description: 'An employee’s stamps between two working days (YYYY-MM-DD, inclusive), oldest first.',
    args: { memberId: t.arg.id({ required: true }), from: t.arg.string({ required: true }), to: t.arg.string({ required: true }) },
    resolve: (_root, args, context) => {
      const actor = requireAuthority(context.actor, 'attendance', 'VIEW')
      return context.prisma.attendanceStamp.findMany({
        where: { tenantId: actor.tenantId, memberId: idOf(String(args.memberId), 'Member', 'memberId'), workDate: { gte: args.from, lte: args.to } },
        orderBy: { stampedAt: 'asc' },
      })
    },
  }),
}))

const ExternalLinkageInput = builder.inputType('ExternalLinkageInput', {
  fields: (t) => ({
    clientId: t.string(),
    clientSecret: t.string(),
    serviceAccount: t.string(),
    privateKey: t.string(),
    botId: t.string(),
    botSecret: t.string(),
    authBaseUrl: t.string({ required: false, description: 'Default https://auth.worksmobile.com' }),
    apiBaseUrl: t.string({ required: false, description: 'Default https://www.worksapis.com' }),
  }),
})

builder.mutationFields((t) => ({
  setupAttendanceLinkage: t.fieldWithInput({
    type: AttendanceLinkage,
    description: 'Turns the linkage on (terms accepted) with one of this platform’s bots, or a real LINE WORKS bot whose credentials are checked by fetching a token.',
    input: {
      acceptTerms: t.input.boolean(),
      mode: t.input.field({ type: AttendanceModeEnum }),
      botId: t.input.id({ required: false }),
      external: t.input.field({ type: ExternalLinkageInput, required: false }),
    },
    errors: { types: mutationErrors, dataField: { name: 'linkage' } },
    resolve: (_root, { input }, context) =>
      saveLinkage(
        { ...context, bots: context.services.bots },
        {
          acceptTerms: input.acceptTerms,
          mode: input.mode,
          botId: input.botId ? idOf(String(input.botId), 'Bot', 'botId') : null,
          external: input.external
            ? { ...input.external, authBaseUrl: input.external.authBaseUrl ?? undefined, apiBaseUrl: input.external.apiBaseUrl ?? undefined }
            : null,
        },
      ),
  }),
  correctAttendanceStamp: t.fieldWithInput({
    type: AttendanceStamp,
    nullable: true,
    description: 'Adds a stamp, replaces one, or voids one, with a required reason. Nothing is deleted: corrected stamps stay, voided.',
    input: {
      memberId: t.input.id(),
      action: t.input.field({ type: CorrectionAction }),
      stampId: t.input.id({ required: false }),
      kind: t.input.field({ type: StampKindEnum, required: false }),
      at: t.input.field({ type: 'DateTime', required: false }),
      reason: t.input.string(),
    },
    errors: { types: mutationErrors, dataField: { name: 'stamp' } },
    resolve: (_root, { input }, context) =>
      correctStamp(context, {
        memberId: idOf(String(input.memberId), 'Member', 'memberId'),
        action: input.action,
        stampId: input.stampId ? dbId(String(input.stampId)) : null,
        kind: input.kind ?? null,
        at: input.at ?? null,
        reason: input.reason,
      }),
  }),
  addAttendanceWord: t.fieldWithInput({
    type: AttendanceWord,
    input: { kind: t.input.field({ type: AttendanceWordKindEnum }), word: t.input.string() },
    errors: { types: mutationErrors, dataField: { name: 'word' } },
    resolve: (_root, { input }, context) => addAttendanceWord(context, input.kind, input.word),
  }),
  removeAttendanceWord: t.fieldWithInput({
    type: AttendanceWord,
    input: { id: t.input.id() },
    errors: { types: mutationErrors, dataField: { name: 'word' } },
    resolve: (_root, { input }, context) => removeAttendanceWord(context, dbId(String(input.id))),
  }),
  setAttendanceTemplate: t.fieldWithInput({
    type: AttendanceTemplate,
    description: 'Changes a reply text, or restores the built-in one with text: null.',
    input: { language: t.input.field({ type: TemplateLanguage }), key: t.input.string(), text: t.input.string({ required: false }) },
    errors: { types: mutationErrors, dataField: { name: 'template' } },
    resolve: async (_root, { input }, context) => {
      const template = await setAttendanceTemplate(context, input.language, input.key, input.text ?? null)
      if (!template) throw new Error('template missing')
      return template
    },
  }),
  sendAttendanceFirstMessage: t.fieldWithInput({
    type: FirstMessageReport,
    description: 'Sends the first message from the bot to every employee with an account id in the department / employment type (all when omitted), with each one’s result.',
    input: { orgUnitId: t.input.id({ required: false }), employmentTypeId: t.input.id({ required: false }) },
    errors: { types: mutationErrors, dataField: { name: 'report' } },
    resolve: (_root, { input }, context) =>
      sendFirstMessage(
        { ...context, bots: context.services.bots, onPlatformMessage: (botId, memberId, messageId) => publishTalkMessage(context.services.pubsub, botId, memberId, messageId) },
        {
          orgUnitId: input.orgUnitId ? idOf(String(input.orgUnitId), 'OrgUnit', 'orgUnitId') : null,
          employmentTypeId: input.employmentTypeId ? idOf(String(input.employmentTypeId), 'EmploymentType', 'employmentTypeId') : null,
        },
      ),
  }),
  disableAttendanceLinkage: t.field({
    type: AttendanceLinkage,
    errors: { types: mutationErrors, dataField: { name: 'linkage' } },
    resolve: (_root, _args, context) => disableLinkage(context),
  }),
  setAttendanceAccount: t.fieldWithInput({
    type: AttendanceEmployee,
    description: 'Sets the LINE WORKS account (login id or user id) an employee writes to the bot from; empty or null clears it.',
    input: { memberId: t.input.id(), accountId: t.input.string({ required: false }) },
    errors: { types: mutationErrors, dataField: { name: 'employee' } },
    resolve: async (_root, { input }, context) => {
      const member = await setAttendanceAccount(context, idOf(String(input.memberId), 'Member', 'memberId'), input.accountId ?? null)
      const employee = await attendanceEmployee(context, member.id)
      if (!employee) throw new NotFoundError('Member')
      return employee
    },
  }),
}))

builder.prismaObjectField('Member', 'attendanceAccountId', (t) =>
  t.string({
    nullable: true,
    select: { attendanceAccount: { select: { accountId: true } } },
    description: 'The LINE WORKS account the employee stamps from (attendance view authority).',
    resolve: (member, _args, context) =>
      context.actor && context.actor.authorities.attendance !== 'NONE' ? (member.attendanceAccount?.accountId ?? null) : null,
  }),
)
