import { randomUUID } from 'node:crypto'
import type { Prisma } from '#generated/prisma/client.ts'

/**
 * Bot messages into members' 1:1 rooms: the one place that writes them, for the Bot API, the
 * attendance bot and its first message. It knows rooms and messages only (below the services that
 * decide what to say), and writes in one statement however many messages there are.
 */

/**
 * The CTEs `room` and `message` that store bot messages, one per row of the CTE named `source`, whose
 * columns are n (the order), message_id, tenant_id, bot_id, member_id (uuid) and content (jsonb). A
 * room is created on its first message, else its lastMessageAt moves; rooms are upserted in key order,
 * so concurrent statements take their row locks in the same order. Several messages to one room get
 * distinct times (a millisecond apart) so they read in order. `message` returns id, "roomId",
 * "createdAt".
 */
export function botMessagesCtes(source: string): string {
  return `room AS (
    INSERT INTO "TalkRoom" (id, "tenantId", "botId", "memberId", "createdAt", "lastMessageAt")
    SELECT DISTINCT ON (bot_id, member_id) gen_random_uuid(), tenant_id, bot_id, member_id, now(), now()
    FROM ${source} ORDER BY bot_id, member_id
    ON CONFLICT ("botId", "memberId") DO UPDATE SET "lastMessageAt" = now()
    RETURNING id, "botId", "memberId"
  ), message AS (
    INSERT INTO "TalkMessage" (id, "tenantId", "roomId", sender, content, "createdAt")
    SELECT s.message_id, s.tenant_id, room.id, 'BOT'::"TalkSender", s.content,
      clock_timestamp() + (row_number() OVER (PARTITION BY room.id ORDER BY s.n) - 1) * interval '1 millisecond'
    FROM ${source} s JOIN room ON room."botId" = s.bot_id AND room."memberId" = s.member_id
    ORDER BY s.n
    RETURNING id, "roomId", "createdAt"
  )`
}

const insertBotMessagesSql = `
  WITH input AS (
    SELECT message_id, tenant_id, bot_id, member_id, content::jsonb AS content, n
    FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[]) WITH ORDINALITY AS t(message_id, tenant_id, bot_id, member_id, content, n)
  ), ${botMessagesCtes('input')}
  SELECT id::text FROM message`

/**
 * Bot messages to members, in the order given (several to one room included), in one statement; in
 * the caller's transaction when given one. Answers the new messages' ids in that order.
 */
export async function insertBotTalkMessages(
  db: Pick<Prisma.TransactionClient, '$queryRawUnsafe'>,
  messages: readonly { tenantId: string; botId: string; memberId: string; content: Prisma.InputJsonValue }[],
): Promise<string[]> {
  if (messages.length === 0) return []
  const ids = messages.map(() => randomUUID())
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    insertBotMessagesSql,
    ids,
    messages.map((message) => message.tenantId),
    messages.map((message) => message.botId),
    messages.map((message) => message.memberId),
    messages.map((message) => JSON.stringify(message.content)),
  )
  const stored = new Set(rows.map((row) => row.id))
  return ids.filter((id) => stored.has(id))
}

/** One bot message into its 1:1 room with the member; answers the new message's id. */
export async function insertBotTalkMessage(
  db: Pick<Prisma.TransactionClient, '$queryRawUnsafe'>,
  room: { tenantId: string; botId: string; memberId: string },
  content: Prisma.InputJsonValue,
): Promise<string | null> {
  const [id] = await insertBotTalkMessages(db, [{ ...room, content }])
  return id ?? null
}
