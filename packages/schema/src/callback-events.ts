import { z } from 'zod'

/**
 * LINE WORKS callback events (platform → bot server), as docs/lineworks-wire.md describes them: one
 * event per request, `type` says which. Fields LINE WORKS may add later are let through; a body that
 * does not match is not an event we can use (the attendance inbox stores it and marks it ignored).
 */

/** Who the event is about; which fields are present depends on the event (wire doc, "Callback source"). */
export const callbackSourceSchema = z.object({
  userId: z.string().min(1).optional(),
  channelId: z.string().min(1).optional(),
  // A number; some clients model it as a string.
  domainId: z.union([z.number(), z.string()]),
})

const textContent = z.object({ type: z.literal('text'), text: z.string(), postback: z.string().optional() })
const locationContent = z.object({ type: z.literal('location'), address: z.string().optional(), latitude: z.number(), longitude: z.number() })
const stickerContent = z.object({ type: z.literal('sticker'), packageId: z.union([z.string(), z.number()]), stickerId: z.union([z.string(), z.number()]) })
const fileContent = z.object({ type: z.enum(['image', 'file', 'audio', 'video']), fileId: z.string() })

/** What a member sent: text (with the postback of a message action), a location, a sticker or a file. */
export const callbackContentSchema = z.discriminatedUnion('type', [textContent, locationContent, stickerContent, fileContent])
export type CallbackContent = z.infer<typeof callbackContentSchema>

const event = { source: callbackSourceSchema, issuedTime: z.string().optional() }

export const callbackEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), ...event, content: callbackContentSchema }),
  z.object({ type: z.literal('postback'), ...event, data: z.string() }),
  z.object({ type: z.enum(['join', 'leave', 'begin', 'end']), ...event }),
  z.object({ type: z.enum(['joined', 'left']), ...event, members: z.array(z.string()) }),
])
export type CallbackEventBody = z.infer<typeof callbackEventSchema>

