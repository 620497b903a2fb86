-- DropIndex
DROP INDEX "AuditEntry_tenantId_actorLabel_idx";
