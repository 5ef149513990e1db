import { describe, expect, it } from 'vitest'
import { httpUrlProblem } from './url-rules'

describe('httpUrlProblem', () => {
  it.each([
    ['registry.acme.test:5000', 'https://registry.acme.test:5000'],
    ['nexus.acme.test', 'https://nexus.acme.test'],
    ['acme.jfrog.io/artifactory', 'https://acme.jfrog.io/artifactory'],
  ])('says that %s lacks its scheme and offers %s', (typed, offered) => {
    const message = httpUrlProblem(typed) ?? ''
    expect(message).toContain('needs its scheme')
    expect(message).toContain(offered)
    expect(message).not.toMatch(/not [a-z0-9.-]+:\/\//)
  })

  it.each(['ftp://files.acme.test', 'oci://registry.acme.test'])('refuses another scheme: %s', (typed) => {
    expect(httpUrlProblem(typed)).toMatch(/must start with https:\/\/ or http:\/\//)
  })

  it.each(['https://registry.acme.test:5000', 'http://127.0.0.1:5000/v2/'])('accepts %s', (typed) => {
    expect(httpUrlProblem(typed)).toBeUndefined()
  })
})
