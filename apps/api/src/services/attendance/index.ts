/**
 * The attendance area's only door (docs/attendance-plan.md). Inside:
 * - linkage.ts      the linkage (PLATFORM or EXTERNAL), its words and reply texts, as admins set them
 * - reply-texts.ts  the built-in reply texts and the reply's quick replies
 * - intake.ts       callbacks stored as events with their job: the webhook, and this platform's bot
 * - processor.ts    the `attendance.event` job: events → stamps and replies, in batches
 * - decisions.ts    what one event becomes (pure), on the rules of a day (rules.ts) and the calendar
 *                   of the tenant's time zone (calendar.ts)
 * - replies.ts      replies to real LINE WORKS: claims, outcomes, the `attendance.reply` fallback job
 * - lineworks-client.ts  tokens, sending, the Users API look-up
 * - accounts.ts, account-import.ts, timesheets.ts  employees, their CSV import, timesheets
 */
export {
  attendanceAccountImportHandler,
  ACCOUNT_APPLY_BATCH,
  ACCOUNT_IMPORT_MAX_BYTES,
  accountImportErrors,
  applyAttendanceAccountImport,
  createAttendanceAccountImport,
  waitForAccountImport,
} from './account-import.ts'
export {
  attendanceEmployee,
  attendanceEmployees,
  attendanceFilters,
  attendanceGuide,
  type EmployeeRow,
  sendFirstMessage,
  setAttendanceAccount,
} from './accounts.ts'
export { attendanceCallbackConsumer, receiveWebhook, storeEvent } from './intake.ts'
export {
  addAttendanceWord,
  attendanceTemplates,
  attendanceWords,
  disableLinkage,
  forgetProcessingContexts,
  getLinkage,
  removeAttendanceWord,
  saveLinkage,
  setAttendanceTemplate,
  WEBHOOK_MAX_BYTES,
} from './linkage.ts'
export { attendanceEventHandler } from './processor.ts'
export { attendanceReplyHandler, REPLY_SENDERS } from './replies.ts'
export { correctStamp, type ExportRow, monthExport, monthTimesheet } from './timesheets.ts'
