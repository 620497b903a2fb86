import { builder } from '../builder.ts'
import { ActorType, AdminRole, AuditArea, AuthorityLevel, ImportRowAction, ImportStatus, Language, MemberStatus, Plan } from '#generated/prisma/enums.ts'

export const PlanEnum = builder.enumType(Plan, { name: 'Plan' })
export const LanguageEnum = builder.enumType(Language, { name: 'Language' })
export const AdminRoleEnum = builder.enumType(AdminRole, { name: 'AdminRole' })
export const AuthorityLevelEnum = builder.enumType(AuthorityLevel, { name: 'AuthorityLevel' })
export const MemberStatusEnum = builder.enumType(MemberStatus, { name: 'MemberStatus' })
export const AuditAreaEnum = builder.enumType(AuditArea, { name: 'AuditArea' })
export const ActorTypeEnum = builder.enumType(ActorType, { name: 'ActorType' })
export const ImportStatusEnum = builder.enumType(ImportStatus, { name: 'ImportStatus' })
export const ImportRowActionEnum = builder.enumType(ImportRowAction, { name: 'ImportRowAction' })
