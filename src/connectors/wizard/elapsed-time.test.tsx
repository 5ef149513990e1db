import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ElapsedTime, TEST_LIMIT_SECONDS } from './elapsed-time'

describe('the elapsed time of a running test', () => {
  it('counts towards the limit while the test may still give up', () => {
    render(<ElapsedTime startedAt={Date.now() - 12_000} />)
    expect(screen.getByRole('timer')).toHaveTextContent(`12 s elapsed; a test gives up after ${TEST_LIMIT_SECONDS} s.`)
  })

  it('past the limit, no longer says the test will give up: it waits for the delegate’s final answer', () => {
    render(<ElapsedTime startedAt={Date.now() - (TEST_LIMIT_SECONDS + 1) * 1000} />)
    const timer = screen.getByRole('timer')
    expect(timer).not.toHaveTextContent(/gives up after/)
    expect(timer).not.toHaveTextContent(`${TEST_LIMIT_SECONDS + 1} s elapsed`)
    expect(timer).toHaveTextContent(/waiting for the delegate’s final answer/)
  })
})
