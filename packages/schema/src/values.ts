// Plain value lists, free of zod, so that code which only needs the values (the web app's URL
// search schemas, which are in its entry chunk) does not pull the schemas in.
// Exported as `@worksbase/schema/values` and re-exported by the package's main entry.

export const memberStatuses = ['ACTIVE', 'SUSPENDED'] as const

export const auditAreas = ['TENANT', 'MEMBERS', 'BOTS', 'EXTERNAL', 'ATTENDANCE', 'AUDIT', 'ADMINS', 'AUTH'] as const
