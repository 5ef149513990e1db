/**
 * `npm run bench`, server part: a throwaway PostgreSQL (`startTestPostgres`: initdb into a
 * temporary folder, 127.0.0.1 on a free port, fsync off) for as long as the bench needs it.
 *
 *   node --import tsx bench/lib/bench-postgres.ts
 *
 * Prints one JSON line `{"url": "postgres://…"}` once the server accepts connections, then stops
 * it and removes its folder when its standard input closes (the bench ends, or dies) or on
 * SIGTERM / SIGINT.
 */
import { startTestPostgres } from '../../src/server/pg-test-server'

async function main(): Promise<void> {
  const postgres = await startTestPostgres({ database: 'bench' })
  let stopping: Promise<void> | undefined
  const stop = () => {
    stopping ??= postgres.stop().then(() => process.exit(0))
    return stopping
  }
  process.on('SIGTERM', () => void stop())
  process.on('SIGINT', () => void stop())
  process.stdin.on('end', () => void stop())
  process.stdin.on('close', () => void stop())
  process.stdin.resume()
  console.log(JSON.stringify({ url: postgres.url, port: postgres.port }))
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
})
