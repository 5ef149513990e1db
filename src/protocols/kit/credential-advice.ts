import type { ConnectorAuth } from '../../connection-tests/credentials'
import { capitalized } from '../../connection-tests/failure'

/**
 * What a credentials failure says, whichever engine met it: the words every protocol shares for a
 * refusal, and Amazon ECR's own (its one username, its 12-hour tokens).
 */

/** Amazon ECR accepts this username only, with a token from `aws ecr get-login-password`. */
export const ECR_USERNAME = 'AWS'

export type CredentialVerdict =
  | { accepted: true; anonymous: boolean; ignored: boolean }
  | { accepted: false; problem: 'required' | 'rejected' | 'not-aws' | 'expired'; ageHours: number }

/** ECR hosts carry their region: `<account>.dkr.ecr.<region>.amazonaws.com`. */
export function ecrRegion(hostname: string): string {
  return /\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$/.exec(hostname)?.[1] ?? '<region>'
}

/** The same advice for a server known by its name only ("the registry"), as a real check meets it. */
export function credentialAdviceFor(
  verdict: Extract<CredentialVerdict, { accepted: false }>,
  auth: ConnectorAuth,
  serverName: string,
  hostname: string,
): { hints: string[]; explanations: string[] } {
  const secretName = auth.scheme === 'basic' ? auth.passwordRef : auth.scheme === 'bearer' ? auth.tokenRef : ''
  switch (verdict.problem) {
    case 'required':
      return {
        hints: [`Choose Username and Password under Authentication: ${hostname} refuses anonymous access.`],
        explanations: [
          `${capitalized(serverName)} at ${hostname} answered 401 Unauthorized to a request without credentials.`,
        ],
      }
    case 'not-aws':
      return {
        hints: [
          `Set the username to ${ECR_USERNAME}: Amazon ECR accepts no other username with a token from aws ecr get-login-password.`,
        ],
        explanations: [`ECR rejected the username ${auth.scheme === 'basic' ? auth.username || '(empty)' : ''}.`],
      }
    case 'expired':
      return {
        hints: [
          `Run aws ecr get-login-password --region ${ecrRegion(hostname)} and save its output as the new value of the secret ${secretName}, then retry.`,
          'ECR tokens expire after 12 hours; to avoid updating the secret by hand, use an AWS connector or refresh the secret on a schedule.',
        ],
        explanations: [
          `The secret ${secretName} was last updated ${verdict.ageHours} h ago, and an ECR authorization token is valid for 12 hours.`,
        ],
      }
    case 'rejected':
      if (auth.scheme === 'bearer') {
        return {
          hints: [
            `Check the value of the secret ${secretName}; if the token was revoked or has expired, create a new one and update the secret.`,
          ],
          explanations: [`${capitalized(serverName)} at ${hostname} did not accept the token in ${secretName}.`],
        }
      }
      return {
        hints: [
          auth.scheme === 'basic' && auth.usernameRef
            ? `Check the values of the secrets ${auth.usernameRef} (username) and ${secretName} (password); if either was changed on the server, update the secret.`
            : `Check the username and the value of the secret ${secretName}; if the password was changed on the server, update the secret.`,
        ],
        explanations: [
          `${capitalized(serverName)} at ${hostname} did not accept the username ${auth.scheme === 'basic' ? auth.username || '(empty)' : ''} with the password in ${secretName}.`,
        ],
      }
  }
}
