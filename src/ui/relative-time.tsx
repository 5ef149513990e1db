const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
]

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })
const absolute = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' })

export function formatRelative(timestamp: number, now = Date.now()): string {
  const delta = timestamp - now
  for (const [unit, ms] of UNITS) {
    if (Math.abs(delta) >= ms) return relative.format(Math.round(delta / ms), unit)
  }
  return 'just now'
}

/** A time as "3 minutes ago", with the exact time for those who hover or read it out. */
export function RelativeTime({ timestamp }: { timestamp: number }) {
  const iso = new Date(timestamp).toISOString()
  return (
    <time dateTime={iso} title={absolute.format(timestamp)}>
      {formatRelative(timestamp)}
    </time>
  )
}

export function formatAbsolute(timestamp: number): string {
  return absolute.format(timestamp)
}
