import type { TestStage } from '../lib/api-types'

/** FNV-1a: durations must look random yet repeat exactly for the same input. */
export function hashOf(text: string): number {
  let hash = 0x811c9dc5
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** A realistic duration between `min` and `max` ms, fixed by `seed`. */
export function latency(seed: string, min = 80, max = 600): number {
  return min + (hashOf(seed) % (max - min + 1))
}

/** Harness's connect and read timeout for delegate HTTP checks (`io.harness.network.Http`). */
export const CLIENT_TIMEOUT_MS = 15_000

/** Masked the way Harness masks secrets in delegate logs. */
export const MASK = '**************'

/** Collects a stage's log lines and its duration as the requests happen. */
export class StageLog {
  private readonly lines: string[] = []
  private elapsed = 0

  constructor(private readonly title: string) {}

  note(line: string, ms = 0): void {
    this.lines.push(line)
    this.elapsed += ms
  }

  /** One request and its answer; the time is part of the line, as delegate logs show it. */
  request(requestLine: string, answer: string, ms = latency(requestLine)): void {
    this.note(`${requestLine} → ${answer} (${ms} ms)`, ms)
  }

  finish(status: TestStage['status']): TestStage {
    return { title: this.title, status, durationMs: this.elapsed, log: [...this.lines] }
  }
}
