import { formatKb, formatMs, summarize, upperBound } from './stats.mjs'

/**
 * Turns measurements into the rows of the one table: each figure with its median, min–max,
 * budget (from README.md's "Quality bars") and whether it is within. The status is judged on the
 * median, which is stable on a shared machine; a worst sample over budget is called out too.
 */

const COMPARE = {
  '<': (value, limit) => value < limit,
  '≤': (value, limit) => value <= limit,
  '≥': (value, limit) => value >= limit,
}

function status(budget, typical, worst) {
  if (!budget) return ''
  const pass = COMPARE[budget.op]
  if (!pass(typical, budget.value)) return 'over'
  return worst !== undefined && !pass(worst, budget.value) ? 'within (worst over)' : 'within'
}

function budgetText(budget, unit) {
  return budget ? `${budget.op} ${budget.value}${unit ? ` ${unit}` : ''}` : '—'
}

/** A row of timings in ms; samples may be censored (below 16 ms). */
export function msRow(section, figure, samples, { budget = null, ratioTo = null, digits = 1 } = {}) {
  const stats = summarize(samples)
  if (!stats)
    return {
      section,
      figure,
      value: 'not measured',
      range: '',
      n: 0,
      budget: budgetText(budget, 'ms'),
      status: budget ? 'not measured' : '',
      ratio: '',
      missing: true,
    }
  const median = upperBound(stats.median)
  const ratio = ratioTo ? `${(median / ratioTo.value).toFixed(1)}× ${ratioTo.label}` : ''
  return {
    section,
    figure,
    value: `${formatMs(stats.median, digits)} ms`,
    range: `${formatMs(stats.min, digits)}–${formatMs(stats.max, digits)}`,
    n: stats.n,
    budget: budgetText(budget, 'ms'),
    status: status(budget, median, upperBound(stats.max)),
    ratio,
    median,
    min: upperBound(stats.min),
    max: upperBound(stats.max),
    censoredBelow16: samples.filter((sample) => sample && typeof sample !== 'number').length,
  }
}

/** A single size in bytes, shown as gzip kB (1 kB = 1000 bytes, as Vite reports). */
export function sizeRow(section, figure, gzipBytes, { raw = null, budgetKb = null, floorBytes = null } = {}) {
  const budget = budgetKb === null ? null : { op: '≤', value: budgetKb }
  return {
    section,
    figure,
    value: `${formatKb(gzipBytes)} kB gz`,
    range: raw === null ? '' : `${formatKb(raw)} kB raw`,
    n: 1,
    budget: budgetText(budget, 'kB gz'),
    status: status(budget, gzipBytes / 1000),
    ratio: floorBytes ? `${(gzipBytes / floorBytes).toFixed(2)}× floor` : '',
    gzipBytes,
    rawBytes: raw,
  }
}

/** Any other figure (scores, heap in MB), with numeric samples. */
export function numberRow(section, figure, samples, { unit = '', digits = 0, budget = null, ratioTo = null } = {}) {
  const stats = summarize(samples)
  if (!stats)
    return {
      section,
      figure,
      value: 'not measured',
      range: '',
      n: 0,
      budget: budgetText(budget, unit),
      status: budget ? 'not measured' : '',
      ratio: '',
      missing: true,
    }
  const format = (value) => value.toFixed(digits)
  const worst = budget?.op === '≥' ? stats.min : stats.max
  return {
    section,
    figure,
    value: `${format(stats.median)}${unit ? ` ${unit}` : ''}`,
    range: stats.n > 1 ? `${format(stats.min)}–${format(stats.max)}` : '',
    n: stats.n,
    budget: budgetText(budget, unit),
    status: status(budget, stats.median, worst),
    ratio: ratioTo ? `${(stats.median / ratioTo.value).toFixed(1)}× ${ratioTo.label}` : '',
    median: stats.median,
    min: stats.min,
    max: stats.max,
  }
}

/**
 * One figure computed from many samples elsewhere (a percentile of a load run, a throughput):
 * `value` is judged against the budget, `worst` (a peak) may mark it "within (worst over)".
 */
export function statRow(
  section,
  figure,
  value,
  { unit = '', digits = 1, n = 1, range = '', budget = null, worst, ratio = '' } = {},
) {
  if (value === null || value === undefined || Number.isNaN(value))
    return {
      section,
      figure,
      value: 'not measured',
      range: '',
      n: 0,
      budget: budgetText(budget, unit),
      status: budget ? 'not measured' : '',
      ratio: '',
      missing: true,
    }
  const text = unit === 'ms' ? formatMs(value, digits) : value.toFixed(digits)
  return {
    section,
    figure,
    value: `${text}${unit ? (unit === '×' ? unit : ` ${unit}`) : ''}`,
    range,
    n,
    budget: budget ? `${budget.op} ${budget.value}${unit ? (unit === '×' ? unit : ` ${unit}`) : ''}` : '—',
    status: status(budget, value, worst),
    ratio,
    median: value,
  }
}

export function textRow(section, figure, value, { budget = '—', ok = null } = {}) {
  return {
    section,
    figure,
    value,
    range: '',
    n: 1,
    budget,
    status: ok === null ? '' : ok ? 'within' : 'over',
    ratio: '',
  }
}

/** One plain-text table; a section title opens each group of rows. */
export function renderTable(rows) {
  const headers = ['Figure', 'Median', 'Min–max', 'n', 'Budget', 'Status', 'Ratio']
  const cells = rows.map((row) => [
    row.figure,
    row.value,
    row.range,
    String(row.n || ''),
    row.budget,
    row.status,
    row.ratio,
  ])
  const widths = headers.map((header, column) => Math.max(header.length, ...cells.map((cell) => cell[column].length)))
  const line = (values) =>
    values
      .map((value, column) => value.padEnd(widths[column]))
      .join('  ')
      .trimEnd()
  const rule = widths.map((width) => '─'.repeat(width)).join('  ')
  const out = [line(headers), rule]
  let section = null
  rows.forEach((row, index) => {
    if (row.section !== section) {
      section = row.section
      out.push(`${index ? '\n' : ''}${section}`)
    }
    out.push(line(cells[index]))
  })
  return out.join('\n')
}
