import { createPubSub } from 'graphql-yoga'
import { describe, expect, it } from 'vitest'
import { liveMessages } from './talk-common.ts'

describe('liveMessages', () => {
  it('delivers a message sent while the access check runs (the pubsub listens before the check)', async () => {
    const pubsub = createPubSub<{ room: [{ messageId: string }] }>()
    const live = liveMessages(() => ({
      events: pubsub.subscribe('room'),
      check: async () => {
        pubsub.publish('room', { messageId: 'sent during the check' })
      },
      read: async (messageId: string) => ({ messageId }),
    }))
    const first = await Promise.race([live.next(), new Promise((resolve) => setTimeout(() => resolve('missed'), 2_000))])
    expect(first).toEqual({ value: { messageId: 'sent during the check' }, done: false })
    await live.return()
  })

  it('ends without a message when the check refuses', async () => {
    const pubsub = createPubSub<{ room: [{ messageId: string }] }>()
    const live = liveMessages(() => ({
      events: pubsub.subscribe('room'),
      check: async () => {
        throw new Error('not yours')
      },
      read: async (messageId: string) => ({ messageId }),
    }))
    await expect(live.next()).rejects.toThrow('not yours')
  })
})
