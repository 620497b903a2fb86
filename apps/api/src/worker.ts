import type { Database } from './db/index.ts'
import { type JobHandlers, JobWorker, type WorkerOptions } from './jobs/worker.ts'
import { attendanceAccountImportHandler, attendanceEventHandler, attendanceReplyHandler } from './services/attendance/index.ts'
import { botCallbackHandler } from './services/callbacks.ts'
import { externalProvisionHandler } from './services/external.ts'
import type { Services } from './services/index.ts'
import { memberImportApplyHandler } from './services/member-import.ts'
import { publishTalkMessage } from './services/talk.ts'

/**
 * Composes the job worker: the machinery in jobs/ knows job kinds but no service, so each kind's
 * handler is wired to the app's services here (a new kind adds one line to jobHandlers).
 */
function jobHandlers(db: Database, services: Services): JobHandlers {
  return {
    'member-import.apply': memberImportApplyHandler({ prisma: db.prisma, pubsub: services.pubsub }),
    'external-link.provision': externalProvisionHandler({ prisma: db.prisma }),
    'bot.callback': botCallbackHandler({ prisma: db.prisma, bots: services.bots }),
    'attendance.event': attendanceEventHandler({
      prisma: db.prisma,
      bots: services.bots,
      onPlatformReply: (botId, memberId, messageId) => publishTalkMessage(services.pubsub, botId, memberId, messageId),
    }),
    'attendance.reply': attendanceReplyHandler({ prisma: db.prisma, bots: services.bots }),
    'attendance.account-import': attendanceAccountImportHandler({ prisma: db.prisma }),
  }
}

/** The worker with every job kind's handler; services.nudgeJobs wakes it when a job is queued. */
export function createJobWorker(db: Database, services: Services, options: WorkerOptions = {}): JobWorker {
  const worker = new JobWorker(db, jobHandlers(db, services), {
    onError: (error, job) => console.error(`job ${job?.kind ?? ''} ${job?.id ?? ''} failed:`, error),
    ...options,
  })
  services.nudgeJobs = () => worker.nudge()
  return worker
}
