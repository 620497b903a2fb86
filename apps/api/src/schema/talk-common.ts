import type { TalkSendInput } from '@worksbase/schema'
import { Repeater } from 'graphql-yoga'
import type { builder } from '../builder.ts'
import type { Context } from '../context.ts'
import { NotFoundError, ValidationError } from '../errors.ts'
import { requireMember } from '../services/member-auth.ts'
import type { TalkContext } from '../services/talk.ts'

// What the 1:1 talk (talk.ts) and group talks (talk-channels.ts) share.

/** What the talk services need of a request: the database, the signed-in member, the pubsub, the job queue's nudge and the in-process callback consumers. */
export function talkContext(context: Context): TalkContext {
  return { prisma: context.prisma, member: context.member, pubsub: context.services.pubsub, nudge: context.services.nudgeJobs, callbackConsumers: context.services.callbackConsumers }
}

/**
 * The signed-in member's bot or group talk, or null: a malformed id, or one the member cannot use,
 * is no such thing for them. Without a member it is an AuthenticationError.
 */
export async function ownOrNull<T>(context: Context, find: () => Promise<T>): Promise<T | null> {
  requireMember(context.member)
  try {
    return await find()
  } catch (error) {
    if (error instanceof ValidationError || error instanceof NotFoundError) return null
    throw error
  }
}

/** Where a page of messages ends (`before`, the oldest one already shown) and how long it is. */
export function pageOf(args: { before?: string | number | null; last?: number | null }) {
  return { before: args.before ? String(args.before) : null, last: args.last ?? 30 }
}

type InputFieldBuilder = Parameters<Parameters<typeof builder.mutationFields>[0]>[0]['input']

/** What a member sends: `text`, a tapped message action (`text` plus `messagePostback`), or a tapped postback action. */
export function sendInputFields(input: InputFieldBuilder) {
  return {
    text: input.string({ required: false }),
    messagePostback: input.string({ required: false }),
    postbackData: input.string({ required: false }),
    postbackDisplayText: input.string({ required: false }),
  }
}

/** The fields of `sendInputFields` as the talk services take them. */
export function sendInputOf(input: { text?: string | null; messagePostback?: string | null; postbackData?: string | null; postbackDisplayText?: string | null }): TalkSendInput {
  return {
    text: input.text ?? undefined,
    messagePostback: input.messagePostback ?? undefined,
    postback: input.postbackData != null ? { data: input.postbackData, displayText: input.postbackDisplayText ?? undefined } : undefined,
  }
}

interface LiveRoom<Message> {
  /** The room's events; subscribed to before `check`, so that nothing sent meanwhile is missed. */
  events: AsyncIterableIterator<{ messageId: string }>
  /** Throws when the member may not read the room. */
  check: () => Promise<unknown>
  read: (messageId: string) => Promise<Message | null>
}

/** Each new message of a room, live, for a subscription; `open` runs (and may throw) when the client subscribes. */
export function liveMessages<Message>(open: () => LiveRoom<Message>): Repeater<Message> {
  return new Repeater<Message>(async (push, stop) => {
    const { events, check, read } = open()
    stop.then(() => events.return?.())
    // The pubsub listens from the first request for an event: asked for before the check, so that a
    // message sent while the check runs is delivered, not missed.
    const first = events.next()
    first.catch(() => undefined) // awaited below, unless the check throws first
    await check()
    for (let next = await first; !next.done; next = await events.next()) {
      const message = await read(next.value.messageId)
      if (message) await push(message)
    }
  })
}

/** A bot's picture; the version in the address changes with the picture, so no cache shows an old one. */
export function botPhotoUrl(bot: { id: string; photoUpdatedAt: Date | null }): string | null {
  return bot.photoUpdatedAt ? `/api/bots/${bot.id}/photo?v=${bot.photoUpdatedAt.getTime()}` : null
}
