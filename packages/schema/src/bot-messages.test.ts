import { describe, expect, it } from 'vitest'
import { botMessageBodySchema, persistentMenuSchema } from './bot-messages.ts'

/** The first issue as the Bot API reports it: `path: message`. */
const problem = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => {
  const issue = result.error?.issues[0]
  return issue ? `${issue.path.map(String).join('.')}: ${issue.message}` : null
}
const send = (content: Record<string, unknown>) => problem(botMessageBodySchema.safeParse({ content }))
const file = (originalContentUrl: string) => send({ type: 'file', originalContentUrl })
const uriButton = (uri: string) => ({ type: 'button_template', contentText: 'Open', actions: [{ type: 'uri', label: 'Open', uri }] })

const BAD = 'https://example.invalid/report%E0%A4%A.pdf'

describe('URLs in bot messages', () => {
  it('accepts well-formed https URLs, escaped or not', () => {
    for (const url of [
      'https://example.com/report.pdf',
      'https://example.com/%E5%A0%B1%E5%91%8A.pdf?name=a%20b#page=2',
      'https://example.com/報告書.pdf',
      'HTTPS://Example.com:8443/a/b',
      `https://example.com/${'a'.repeat(1000 - 'https://example.com/'.length)}`,
    ]) {
      expect(file(url), url).toBeNull()
    }
  })

  it('says what is wrong with a bad URL, one issue per field', () => {
    const cases: [string, string][] = [
      [BAD, 'The URL has a malformed percent escape'],
      ['https://example.com/a%', 'The URL has a malformed percent escape'],
      ['https://example.com/?q=%zz', 'The URL has a malformed percent escape'],
      // Hex digits that do not make UTF-8 (decodeURI throws on them too).
      ['https://example.com/%E0%A4.pdf', 'The URL has a malformed percent escape'],
      ['https://example.com/%C0%AF', 'The URL has a malformed percent escape'],
      ['https://example.com/a\u0000.pdf', 'The URL contains a control character'],
      ['https://example.com/a\n.pdf', 'The URL contains a control character'],
      ['https://example.com/a\u0085', 'The URL contains a control character'],
      ['https://example.com/a\ud800', 'The URL contains an unpaired surrogate'],
      ['https://example.com/a b.pdf', 'The URL contains white space'],
      ['https://example.com/a\u3000b.pdf', 'The URL contains white space'],
      ['http://example.com/a.pdf', 'Must be an https:// URL'],
      ['javascript:alert(1)', 'Must be an https:// URL'],
      ['/relative/a.pdf', 'Must be an https:// URL'],
      ['https://', 'The URL is not valid'],
      ['https://[::1/a.pdf', 'The URL is not valid'],
      ['https://exa%mple.com/a.pdf', 'The URL is not valid'],
      [`https://example.com/${'a'.repeat(1001 - 'https://example.com/'.length)}`, 'At most 1000 characters'],
    ]
    for (const [url, message] of cases) {
      const result = botMessageBodySchema.safeParse({ content: { type: 'file', originalContentUrl: url } })
      expect(result.error?.issues.map((issue) => issue.message), JSON.stringify(url)).toEqual([message])
      expect(problem(result)).toBe(`content.originalContentUrl: ${message}`)
    }
  })

  it('checks every URL field of every content type, quick replies and flex contents included', () => {
    const malformed = 'content.%s: The URL has a malformed percent escape'
    const at = (path: string) => malformed.replace('%s', path)
    const good = 'https://example.com/a.png'
    expect(send({ type: 'image', previewImageUrl: BAD, originalContentUrl: good })).toBe(at('previewImageUrl'))
    expect(send({ type: 'image', previewImageUrl: good, originalContentUrl: BAD })).toBe(at('originalContentUrl'))
    expect(send({ type: 'link', contentText: 'a', linkText: 'b', link: BAD })).toBe(at('link'))
    expect(send(uriButton(BAD))).toBe(at('actions.0.uri'))
    // uri actions and links may be http, but not malformed.
    expect(send(uriButton('http://example.com/a'))).toBeNull()
    expect(send(uriButton('http://example.com/a%'))).toBe(at('actions.0.uri'))
    expect(send({ type: 'list_template', coverData: { backgroundImageUrl: BAD }, elements: [{ title: 'a' }] })).toBe(at('coverData.backgroundImageUrl'))
    expect(send({ type: 'list_template', elements: [{ title: 'a', originalContentUrl: BAD }] })).toBe(at('elements.0.originalContentUrl'))
    expect(send({ type: 'list_template', elements: [{ title: 'a', action: { type: 'uri', uri: BAD } }] })).toBe(at('elements.0.action.uri'))
    expect(send({ type: 'carousel', columns: [{ text: 'a', originalContentUrl: BAD, actions: [{ type: 'message', label: 'a' }] }] })).toBe(
      at('columns.0.originalContentUrl'),
    )
    expect(send({ type: 'carousel', columns: [{ text: 'a', defaultAction: { type: 'uri', uri: BAD }, actions: [{ type: 'message', label: 'a' }] }] })).toBe(
      at('columns.0.defaultAction.uri'),
    )
    expect(send({ type: 'image_carousel', columns: [{ originalContentUrl: BAD, action: { type: 'message', label: 'a' } }] })).toBe(at('columns.0.originalContentUrl'))
    expect(send({ type: 'text', text: 'a', quickReply: { items: [{ imageUrl: BAD, action: { type: 'message', label: 'a' } }] } })).toBe(at('quickReply.items.0.imageUrl'))
    expect(send({ type: 'text', text: 'a', quickReply: { items: [{ action: { type: 'uri', label: 'a', uri: BAD } }] } })).toBe(at('quickReply.items.0.action.uri'))
    expect(send({ type: 'text', text: 'a', quickReply: { items: [{ imageUrl: '', action: { type: 'message', label: 'a' } }] } })).toBe('content.quickReply.items.0.imageUrl: Required')

    const bubble = (body: unknown) => ({ type: 'flex', altText: 'a', contents: { type: 'bubble', body } })
    const image = (url: string) => ({ type: 'box', layout: 'vertical', contents: [{ type: 'image', url }] })
    expect(send(bubble(image(good)))).toBeNull()
    expect(send(bubble(image(BAD)))).toBe(at('contents.body.contents.0.url'))
    expect(send(bubble({ type: 'button', action: { type: 'uri', label: 'a', uri: 'https://a.example/%', altUri: { desktop: good } } }))).toBe(at('contents.body.action.uri'))
    expect(send(bubble({ type: 'button', action: { type: 'uri', label: 'a', uri: good, altUri: { desktop: BAD } } }))).toBe(at('contents.body.action.altUri.desktop'))
    expect(send({ type: 'flex', altText: 'a', contents: { type: 'carousel', contents: [{ type: 'bubble', hero: { type: 'image', url: 'ftp://a.example/x.png' } }] } })).toBe(
      'content.contents.contents.0.hero.url: Must be an http(s):// URL',
    )
  })

  it('checks the persistent menu’s uri actions', () => {
    const menu = (uri: string) => problem(persistentMenuSchema.safeParse({ content: { actions: [{ type: 'uri', label: 'Help', uri }] } }))
    expect(menu('https://example.com/help')).toBeNull()
    expect(menu(BAD)).toBe('content.actions.0.uri: The URL has a malformed percent escape')
    expect(menu('https://example.com/\u0000')).toBe('content.actions.0.uri: The URL contains a control character')
  })
})
