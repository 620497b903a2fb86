import type { Database } from '../db/index.ts'
import { attendanceAccountImportHandler } from '../services/attendance/index.ts'
import { attendanceEventHandler, attendanceReplyHandler } from '../services/attendance/index.ts'
import { botCallbackHandler } from '../services/callbacks.ts'
import { externalProvisionHandler } from '../services/external.ts'
import { memberImportApplyHandler } from '../services/member-import.ts'
import type { Services } from '../services/index.ts'
import { publishTalkMessage } from '../services/talk.ts'
import { type JobHandlers, JobWorker, type WorkerOptions } from './worker.ts'

/** The worker with every job kind's handler, wired to the app's services. */
export function createJobWorker(db: Database, services: Services, options: WorkerOptions = {}): JobWorker {
  const worker = new JobWorker(
    db,
    {
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
    } satisfies JobHandlers,
    {
      onError: (error, job) => console.error(`job ${job?.kind ?? ''} ${job?.id ?? ''} failed:`, error),
      ...options,
    },
  )
  services.nudgeJobs = () => worker.nudge()
  return worker
}
