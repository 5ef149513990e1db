import type { Answer, SendCredentials } from '../../protocols/kit/check-calls'

/** How a request and its answer are written in a stage log, and the header credentials become. */

export function whoIsCalling(credentials: SendCredentials | undefined): string {
  return credentials ? credentials.label : '(no credentials)'
}

export function authorization(credentials: SendCredentials): string {
  return credentials.scheme === 'basic'
    ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`
    : `Bearer ${credentials.token}`
}

/** The status, and the headers that explain a refusal or a redirect; never a body. */
export function defaultAnswer(answer: Answer, location: string | undefined): string {
  const { said } = answer
  const parts = [said.statusLine]
  const challenge = said.header('www-authenticate')
  if (challenge) parts.push(`Www-Authenticate: ${challenge}`)
  if (answer.status >= 400) {
    const type = said.header('content-type').split(';')[0]
    if (type) parts.push(`Content-Type: ${type}`)
    const server = said.header('server')
    if (server) parts.push(`Server: ${server}`)
  }
  if (location) parts.push(`Location: ${location}`)
  return parts.join(', ')
}
