import { builder } from '../builder.ts'
import { homeOverview } from '../services/home.ts'

const HomeMembers = builder.simpleObject('HomeMembers', {
  fields: (t) => ({
    total: t.int(),
    suspended: t.int(),
    importsToApply: t.int({ description: 'CSV imports checked (dry run) and waiting to be applied or cancelled.' }),
    importsRunning: t.int({ description: 'CSV imports being read or applied now.' }),
  }),
})

const HomeBots = builder.simpleObject('HomeBots', {
  fields: (t) => ({
    total: t.int(),
    actionRequired: t.int({ description: 'Public bots with something to fix (see Bot.actionReasons).' }),
    preparing: t.int({ description: 'Bots in no domain yet.' }),
  }),
})

const HomeExternal = builder.simpleObject('HomeExternal', {
  description: 'Connected members of both sections whose talk id is not available.',
  fields: (t) => ({ failed: t.int(), retry: t.int(), pending: t.int() }),
})

const HomeAttendance = builder.simpleObject('HomeAttendance', {
  description: "Today in the tenant's time zone, by the stamp rules of the talk bot.",
  fields: (t) => ({
    enabled: t.boolean({ description: 'Whether the attendance linkage is turned on.' }),
    date: t.string({ description: 'Today (YYYY-MM-DD).' }),
    employees: t.int({ description: 'Active members with an account id.' }),
    working: t.int(),
    onBreak: t.int(),
    finished: t.int({ description: 'Clocked out today.' }),
    notYet: t.int({ description: 'No stamp today.' }),
    openFromYesterday: t.int({ description: 'Employees whose yesterday was never clocked out.' }),
  }),
})

const HomeAudit = builder.simpleObject('HomeAudit', {
  fields: (t) => ({ last24Hours: t.int({ description: 'Audit entries in the last 24 hours.' }) }),
})

const Home = builder.simpleObject('Home', {
  description: 'What needs attention, per area; an area the admin may not view is null.',
  fields: (t) => ({
    members: t.field({ type: HomeMembers, nullable: true }),
    bots: t.field({ type: HomeBots, nullable: true }),
    external: t.field({ type: HomeExternal, nullable: true }),
    attendance: t.field({ type: HomeAttendance, nullable: true }),
    audit: t.field({ type: HomeAudit, nullable: true }),
  }),
})

builder.queryFields((t) => ({
  home: t.field({
    type: Home,
    authScopes: { signedIn: true },
    description: "The signed-in administrator's home screen.",
    resolve: (_root, _args, context) => homeOverview(context),
  }),
}))
