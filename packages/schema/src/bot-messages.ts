import { z } from 'zod'

// The message content a bot sends through the Bot API (lineworks-wire.md, "Bot REST API"), with its
// documented limits. Unknown fields are refused (strict objects), so a typo is a 400, not silence.

const len = (max: number) => z.string().max(max, { message: `At most ${max} characters` })
const required = (max: number) => len(max).min(1, { message: 'Required' })

// The WHATWG URL parser of Node and browsers (this package is typed without Node or DOM types).
declare const URL: { canParse(input: string): boolean }

/** URLs in messages are at most this long (lineworks-wire.md: image, link and uri URLs ≤ 1000). */
export const MESSAGE_URL_MAX = 1000

/**
 * Why `value` is not a URL a talk view can safely show, open or load, or null when it is one: an
 * absolute URL of the allowed scheme that the WHATWG parser accepts, without control characters or
 * white space, whose percent escapes decode (decodeURI). One bad URL stored in a message used to break
 * the member's whole room, so the checks are strict and each failure says what is wrong.
 */
function messageUrlProblem(value: string, scheme: 'https' | 'http(s)'): string | null {
  if (value === '') return 'Required'
  if (value.length > MESSAGE_URL_MAX) return `At most ${MESSAGE_URL_MAX} characters`
  if (/\p{Cc}/u.test(value)) return 'The URL contains a control character'
  if (/\p{Cs}/u.test(value)) return 'The URL contains an unpaired surrogate'
  if (/\s/u.test(value)) return 'The URL contains white space'
  const pattern = scheme === 'https' ? /^https:\/\//i : /^https?:\/\//i
  if (!pattern.test(value)) return scheme === 'https' ? 'Must be an https:// URL' : 'Must be an http(s):// URL'
  if (!URL.canParse(value)) return 'The URL is not valid'
  try {
    decodeURI(value)
  } catch {
    return 'The URL has a malformed percent escape'
  }
  return null
}

/** A URL field of a message, https only or http(s): one issue, saying what is wrong (see messageUrlProblem). */
export function messageUrl(scheme: 'https' | 'http(s)') {
  return z.string().superRefine((value, ctx) => {
    const problem = messageUrlProblem(value, scheme)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
}
const httpsUrl = messageUrl('https')
const httpUrl = messageUrl('http(s)')

export const botLanguages = ['ja_JP', 'en_US', 'ko_KR', 'zh_CN', 'zh_TW'] as const

const postbackAction = z.strictObject({
  type: z.literal('postback'),
  label: len(20).optional(),
  data: required(300),
  displayText: len(300).optional(),
})
const messageAction = z.strictObject({
  type: z.literal('message'),
  label: len(20).optional(),
  text: len(300).optional(),
  postback: len(1000).optional(),
})
const uriAction = z.strictObject({ type: z.literal('uri'), label: len(20).optional(), uri: httpUrl })
const copyAction = z.strictObject({ type: z.literal('copy'), label: len(20).optional(), copyText: required(1000) })
const cameraAction = z.strictObject({ type: z.literal('camera'), label: len(20).optional() })
const cameraRollAction = z.strictObject({ type: z.literal('cameraRoll'), label: len(20).optional() })
const locationAction = z.strictObject({ type: z.literal('location'), label: len(20).optional() })

/** Actions on buttons, templates and carousels. */
export const botActionSchema = z.discriminatedUnion('type', [postbackAction, messageAction, uriAction, copyAction, cameraAction, cameraRollAction])
export type BotAction = z.infer<typeof botActionSchema>

const quickReplyAction = z.discriminatedUnion('type', [
  postbackAction.extend({ label: required(20), displayText: required(300) }),
  messageAction.extend({ label: required(20) }),
  uriAction.extend({ label: required(20) }),
  copyAction.extend({ label: required(20) }),
  cameraAction.extend({ label: required(20) }),
  cameraRollAction.extend({ label: required(20) }),
  locationAction.extend({ label: required(20) }),
])

const quickReply = z.strictObject({
  items: z
    .array(z.strictObject({ imageUrl: httpsUrl.optional(), action: quickReplyAction }))
    .min(1, { message: 'At least one item' })
    .max(13, { message: 'At most 13 quick reply items' }),
})

const executable = /\.(bat|cmd|com|cpl|exe|scr|js|vbs|wsf|hta)(\?|#|$)/i

const text = z.strictObject({
  type: z.literal('text'),
  text: required(2000),
  i18nTexts: z.array(z.strictObject({ language: z.enum(botLanguages), text: required(2000) })).max(5).optional(),
})
const sticker = z.strictObject({ type: z.literal('sticker'), packageId: required(100), stickerId: required(100) })
const image = z
  .strictObject({ type: z.literal('image'), previewImageUrl: httpsUrl.optional(), originalContentUrl: httpsUrl.optional(), fileId: len(200).optional() })
  .refine((value) => value.fileId || (value.previewImageUrl && value.originalContentUrl), {
    message: 'Give previewImageUrl and originalContentUrl, or fileId',
  })
const file = z
  .strictObject({ type: z.literal('file'), originalContentUrl: httpsUrl.optional(), fileId: len(200).optional() })
  .refine((value) => value.fileId || value.originalContentUrl, { message: 'Give originalContentUrl or fileId' })
  .refine((value) => !value.originalContentUrl || !executable.test(value.originalContentUrl), {
    message: 'Executable files (bat, cmd, com, cpl, exe, scr, js, vbs, wsf, hta) cannot be sent',
  })
const link = z.strictObject({ type: z.literal('link'), contentText: required(1000), linkText: required(1000), link: httpUrl })
const buttonTemplate = z.strictObject({
  type: z.literal('button_template'),
  contentText: required(1000),
  actions: z.array(botActionSchema).min(1).max(10, { message: 'At most 10 actions' }),
})
const listElement = z.strictObject({
  title: required(100),
  subtitle: len(100).optional(),
  originalContentUrl: httpsUrl.optional(),
  action: botActionSchema.optional(),
})
const listTemplate = z.strictObject({
  type: z.literal('list_template'),
  coverData: z.strictObject({ backgroundImageUrl: httpsUrl.optional(), title: len(100).optional(), subtitle: len(100).optional() }).optional(),
  elements: z.array(listElement).min(1).max(4, { message: 'At most 4 elements' }),
  actions: z
    .array(z.array(botActionSchema).max(2, { message: 'At most 2 actions per row' }))
    .max(2, { message: 'At most 2 rows of actions' })
    .optional(),
})
const carousel = z
  .strictObject({
    type: z.literal('carousel'),
    imageAspectRatio: z.enum(['rectangle', 'square']).optional(),
    imageSize: z.enum(['cover', 'contain']).optional(),
    columns: z
      .array(
        z.strictObject({
          originalContentUrl: httpsUrl.optional(),
          title: len(40).optional(),
          text: required(60),
          defaultAction: botActionSchema.optional(),
          actions: z.array(botActionSchema).min(1).max(3, { message: 'At most 3 actions per column' }),
        }),
      )
      .min(1)
      .max(10, { message: 'At most 10 columns' }),
  })
  .refine((value) => new Set(value.columns.map((column) => column.actions.length)).size === 1, {
    message: 'Every column needs the same number of actions',
    path: ['columns'],
  })
const imageCarousel = z.strictObject({
  type: z.literal('image_carousel'),
  columns: z
    .array(
      z.strictObject({
        originalContentUrl: httpsUrl.optional(),
        fileId: len(200).optional(),
        action: botActionSchema.refine((action) => !('label' in action) || !action.label || [...action.label].length <= 12, {
          message: 'At most 12 characters in an image carousel label',
        }),
      }),
    )
    .min(1)
    .max(10, { message: 'At most 10 columns' }),
})
// Flex contents are passed on as the bot wrote them, but their URLs (image, icon and video `url`,
// video `previewUrl`, action `uri` and `altUri.desktop`) get the same checks as every other URL.
const flexUrlKeys = new Set(['url', 'previewUrl', 'uri'])

function checkFlexUrls(node: unknown, path: (string | number)[], ctx: z.RefinementCtx) {
  if (Array.isArray(node)) {
    for (const [index, child] of node.entries()) checkFlexUrls(child, [...path, index], ctx)
    return
  }
  if (!node || typeof node !== 'object') return
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'string' && (flexUrlKeys.has(key) || (key === 'desktop' && path.at(-1) === 'altUri'))) {
      const problem = messageUrlProblem(value, 'http(s)')
      if (problem) ctx.addIssue({ code: 'custom', path: [...path, key], message: problem })
    } else {
      checkFlexUrls(value, [...path, key], ctx)
    }
  }
}

const flex = z.strictObject({
  type: z.literal('flex'),
  altText: required(400),
  contents: z
    .union([
      z.looseObject({ type: z.literal('bubble') }),
      z.looseObject({ type: z.literal('carousel'), contents: z.array(z.looseObject({ type: z.literal('bubble') })).min(1).max(10, { message: 'At most 10 bubbles' }) }),
    ])
    .superRefine((contents, ctx) => checkFlexUrls(contents, [], ctx)),
})

/** One message content: `{"content": {...}}` of the send-message endpoints. */
export const botContentSchema = z
  .looseObject({ type: z.string(), quickReply: quickReply.optional() })
  .superRefine((value, ctx) => {
    const { quickReply: _ignored, ...rest } = value
    const schema = contentSchemas[value.type as keyof typeof contentSchemas]
    if (!schema) {
      ctx.addIssue({ code: 'custom', path: ['type'], message: `Unknown content type ${value.type}. Use ${Object.keys(contentSchemas).join(', ')}` })
      return
    }
    const result = schema.safeParse(rest)
    if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message })
  })
export type BotContent = z.infer<typeof botContentSchema>

const contentSchemas = {
  text,
  sticker,
  image,
  file,
  link,
  button_template: buttonTemplate,
  list_template: listTemplate,
  carousel,
  image_carousel: imageCarousel,
  flex,
} as const

export const botMessageBodySchema = z.strictObject({ content: botContentSchema })

/** Persistent menu: at most 4 actions of type message, uri or copy. */
export const persistentMenuSchema = z.strictObject({
  content: z.strictObject({
    actions: z
      .array(z.discriminatedUnion('type', [messageAction.extend({ label: required(20) }), uriAction.extend({ label: required(20) }), copyAction.extend({ label: required(20) })]))
      .min(1)
      .max(4, { message: 'At most 4 actions' }),
  }),
})

