// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { runConnectionCheck } from '../../delegate-agent/checks/run-check'
import { server as mockNetwork } from '../../demo-backend/node-mock-backend'
import { checkTask } from '../../test/registry-servers/check-task'
import { startHttpFixture, type TestHttpServer } from '../../test/registry-servers/http-fixture'
import { largeIndex } from '../../test/registry-servers/large-helm-index'
import { PARSED_INDEX_BYTES, readHelmIndex } from './helm-index'

/**
 * A Helm index of any size is read without holding the delegate's thread: a large one is
 * scanned in slices, counts the same charts a parse counts, and the test's time limit ends it.
 */

const noPause = () => Promise.resolve()

describe('reading a Helm index', () => {
  it('counts the same charts scanning a large index as parsing a small one', async () => {
    const small = largeIndex(10, 2)
    expect(Buffer.byteLength(small)).toBeLessThan(PARSED_INDEX_BYTES)
    expect(await readHelmIndex(Buffer.from(small), false, noPause)).toEqual({ ok: true, charts: 10 })
    const large = largeIndex(1_500)
    expect(Buffer.byteLength(large)).toBeGreaterThan(PARSED_INDEX_BYTES)
    let pauses = 0
    const reading = await readHelmIndex(Buffer.from(large), false, () => {
      pauses += 1
      return Promise.resolve()
    })
    expect(reading).toEqual({ ok: true, charts: 1_500 })
    expect(pauses).toBeGreaterThan(5)
    // Cut at the read cap: what was read counts, and says there may be more.
    expect(await readHelmIndex(Buffer.from(large.slice(0, large.length / 2)), true, noPause)).toMatchObject({
      ok: true,
      partial: true,
    })
  })

  it('tells a large page that is not an index, in YAML or JSON', async () => {
    const html = `<!doctype html>\n${'<p>not an index</p>\n'.repeat(40_000)}`
    expect(await readHelmIndex(Buffer.from(html), false, noPause)).toEqual({ ok: false })
    const json = JSON.stringify({ apiVersion: 'v1', entries: { a: [], b: [] } })
    expect(await readHelmIndex(Buffer.from(json), false, noPause)).toEqual({ ok: true, charts: 2 })
    expect(await readHelmIndex(Buffer.from(JSON.stringify({ kind: 'other' })), false, noPause)).toEqual({ ok: false })
  })

  it('stops when the check is stopped between slices (its time limit, Cancel)', async () => {
    const large = Buffer.from(largeIndex(1_500))
    const stopped = new Error('stopped')
    await expect(readHelmIndex(large, false, () => Promise.reject(stopped))).rejects.toBe(stopped)
  })
})

describe('a registry with a 30 MiB index', () => {
  let huge: TestHttpServer
  const body = Buffer.from(largeIndex(6_600))

  beforeAll(async () => {
    mockNetwork.close()
    huge = await startHttpFixture((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/x-yaml', 'Content-Length': body.length })
      response.end(body)
    })
  })
  afterAll(() => huge?.stop())

  it('is read to the read cap, scanned in slices and counted', async () => {
    expect(body.length).toBeGreaterThan(30 * 1024 * 1024)
    const done = await runConnectionCheck(checkTask('HttpHelmRepo', huge.url, { anonymous: true }))
    expect(done.result.status).toBe('SUCCESS')
    // 32 MiB of it were read: the charts in them, and a + for those past the cap.
    expect(done.stages.at(-1)?.log.join('\n')).toMatch(/\(\d{4,}\+ charts\)/)
  }, 60_000)
})

describe("a check's pause", () => {
  it('rejects once the time limit has passed, so that long work ends with the test', async () => {
    const { CheckSession } = await import('../../delegate-agent/checks/check-session')
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      const session = new CheckSession({ totalTimeoutMs: 20 }, [])
      await session.pause()
      vi.advanceTimersByTime(19)
      await session.pause()
      vi.advanceTimersByTime(1)
      await expect(session.pause()).rejects.toBeDefined()
      session.close()
    } finally {
      vi.useRealTimers()
    }
  })
})
