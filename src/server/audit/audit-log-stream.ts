import { createWriteStream } from 'node:fs'
import type { Writable } from 'node:stream'
import type { AuditEvent } from '../../backend/audit/audit-event'

/**
 * `--audit-log <file|->`: every audit event, once its transaction has committed, as one JSON line
 * for a log shipper. The file is appended to and only its owner reads it; `-` is standard output.
 * A slow or failing sink never holds up a change: lines are queued by the stream, an error is said
 * once on the console.
 */
export type AuditLogStream = { write(events: readonly AuditEvent[]): void; close(): Promise<void> }

export function openAuditLog(target: string): AuditLogStream {
  const toStdout = target === '-'
  const out: Writable = toStdout ? process.stdout : createWriteStream(target, { flags: 'a', mode: 0o600 })
  let failed = false
  out.on('error', (error: Error) => {
    if (failed) return
    failed = true
    console.error(`[audit-log] ${target}: ${error.message}; the trail in the database is unaffected.`)
  })
  return {
    write(events) {
      if (failed) return
      out.write(events.map((event) => `${JSON.stringify(event)}\n`).join(''))
    },
    close: () =>
      toStdout
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            out.end(() => resolve())
          }),
  }
}
