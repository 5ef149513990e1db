/**
 * Medians over noisy samples. Event Timing reports nothing for an interaction that took less
 * than its 16 ms threshold, so such a sample is "censored": we know it was below 16 ms, not how
 * far below. It sorts below every measured value and prints as "<16".
 */

/** A sample known only to be under `limit` milliseconds. */
export function below(limit) {
  return { below: limit }
}

function sortKey(sample) {
  return typeof sample === 'number' ? sample : sample.below - 1e-6
}

/** Median (lower middle for an even count, so that it is always a real sample), min and max. */
export function summarize(samples) {
  const sorted = samples
    .filter((sample) => sample !== null && sample !== undefined)
    .sort((a, b) => sortKey(a) - sortKey(b))
  if (!sorted.length) return null
  return {
    median: sorted[Math.floor((sorted.length - 1) / 2)],
    min: sorted[0],
    max: sorted[sorted.length - 1],
    n: sorted.length,
  }
}

/** The upper bound of a sample, for comparing against a budget. */
export function upperBound(sample) {
  return typeof sample === 'number' ? sample : sample.below
}

/** Whole ms at 100 and above, and for Event Timing, which reports in steps of 8 ms anyway. */
export function formatMs(sample, digits = 1) {
  if (sample === null || sample === undefined) return '—'
  if (typeof sample !== 'number') return `<${sample.below}`
  return sample >= 100 ? String(Math.round(sample)) : sample.toFixed(digits)
}

export function formatKb(bytes) {
  return (bytes / 1000).toFixed(1)
}
