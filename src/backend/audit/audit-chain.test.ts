import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { auditKey, chainEvents, GENESIS, verifyChain } from './audit-chain'
import type { AuditDraft, AuditEvent } from './audit-event'

const key = auditKey(new Uint8Array(32).fill(7))

function draft(index: number, fields: Partial<AuditDraft> = {}): AuditDraft {
  return {
    time: 1_700_000_000_000 + index,
    actor: { type: 'USER', identifier: 'u_ana', name: 'Ana Admin' },
    action: 'UPDATE',
    resourceType: 'CONNECTOR',
    resourceIdentifier: `hub_${index}`,
    scopeKey: 'acme/default/payments',
    outcome: 'SUCCESS',
    clientAddress: '127.0.0.1',
    summary: 'URL changed',
    yamlBefore: 'url: https://a.example\n',
    yamlAfter: 'url: https://b.example\n',
    ...fields,
  }
}

function chain(count: number): AuditEvent[] {
  return chainEvents(
    key,
    { sequence: 0, hmac: GENESIS },
    Array.from({ length: count }, (_, index) => draft(index)),
  )
}

describe('the audit chain', () => {
  it('verifies as written, appended in several batches or in one', () => {
    const all = chain(6)
    const first = chainEvents(key, { sequence: 0, hmac: GENESIS }, [draft(0), draft(1)])
    const rest = chainEvents(
      key,
      { sequence: 2, hmac: first.at(-1)!.hmac },
      [2, 3, 4, 5].map((index) => draft(index)),
    )
    expect([...first, ...rest]).toEqual(all)
    expect(all.map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5, 6])
    expect(verifyChain(key, all, { lastSequence: 6 })).toEqual([])
  })

  it('names a row edited, one removed from the middle and rows removed from the end', () => {
    const events = chain(10)
    const edited = events.map((event) => (event.sequence === 3 ? { ...event, summary: 'Nothing happened' } : event))
    const tampered = edited.filter((event) => event.sequence !== 6 && event.sequence < 9)
    expect(verifyChain(key, tampered, { lastSequence: 10 })).toEqual([
      { sequence: 3, problem: 'altered' },
      { sequence: 6, until: 6, problem: 'missing' },
      { sequence: 9, until: 10, problem: 'missing-at-end' },
    ])
  })

  it('cannot be recomputed without the key: a row re-signed with another key is altered', () => {
    const events = chain(3)
    const forger = auditKey(new Uint8Array(32).fill(8))
    const [forged] = chainEvents(forger, { sequence: 1, hmac: events[0]!.hmac }, [draft(1, { summary: 'forged' })])
    expect(verifyChain(key, [events[0]!, forged!, events[2]!], { lastSequence: 3 })).toEqual([
      { sequence: 2, problem: 'altered' },
      { sequence: 3, problem: 'altered' },
    ])
  })

  it('restarts from a recorded anchor after retention removed the oldest events', () => {
    const events = chain(8)
    const kept = events.slice(5)
    expect(verifyChain(key, kept, { start: { sequence: 6, previousHmac: events[4]!.hmac }, lastSequence: 8 })).toEqual(
      [],
    )
  })

  it('finds any single change of any field of any event (property)', () => {
    const fields = [
      'time',
      'actor',
      'action',
      'resourceIdentifier',
      'scopeKey',
      'summary',
      'yamlAfter',
      'hmac',
    ] as const
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 7 }),
        fc.constantFrom(...fields),
        fc.string({ minLength: 1, maxLength: 20 }),
        (index, field, text) => {
          const events = chain(8)
          const target = events[index]!
          const changed: AuditEvent =
            field === 'time'
              ? { ...target, time: target.time + 1 }
              : field === 'actor'
                ? { ...target, actor: { ...target.actor, name: `${target.actor.name}${text}` } }
                : field === 'action'
                  ? { ...target, action: 'DELETE' }
                  : { ...target, [field]: `${String(target[field])}${text}` }
          events[index] = changed
          const problems = verifyChain(key, events, { lastSequence: 8 })
          expect(problems.some((problem) => problem.sequence === target.sequence)).toBe(true)
        },
      ),
      { numRuns: 200 },
    )
  })
})
