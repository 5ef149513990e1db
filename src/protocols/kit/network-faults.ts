import { failure, type Failure } from '../../connection-tests/failure'
import type { StageLog } from '../../connection-tests/stage-log'
import { CLIENT_TIMEOUT_MS, latency } from '../../connection-tests/stage-log'
import type { FailureTexts, NetworkFault, ProtocolContext, ProtocolSimulator, ServerContext } from './protocol'

export function reachabilityTitle(label: string): string {
  return `Check that ${label} is reachable`
}

/** Where a network fault happened, and how the delegate's runtime named it. */
export type FaultSite = {
  hostname: string
  port: number
  delegateName: string
  /** The runtime's own name for the error; Harness's Java exceptions by default. */
  errorName?: string
  timeoutMs?: number
}

const JAVA_ERRORS: Record<NetworkFault, string> = {
  DNS: 'java.net.UnknownHostException',
  CONNECTION_REFUSED: 'java.net.ConnectException: Connection refused',
  TIMEOUT: '',
}

/** Our hint and explanation for a network fault, added after the protocol's (Harness's) own. */
export function networkFaultAdvice(fault: NetworkFault, site: FaultSite): { hint: string; explanation: string } {
  const { hostname, port, delegateName } = site
  const errorName = site.errorName ?? JAVA_ERRORS[fault]
  switch (fault) {
    case 'DNS':
      return {
        hint: `Check the host name ${hostname}: it does not resolve from ${delegateName}. If it is an internal name, check the delegate's DNS settings.`,
        explanation: `The delegate could not resolve ${hostname} (${errorName}).`,
      }
    case 'CONNECTION_REFUSED':
      return {
        hint: `Check the port (${port}) and that the server is running: nothing accepts connections on ${hostname}:${port}.`,
        explanation: `${hostname}:${port} refused the connection (${errorName}).`,
      }
    case 'TIMEOUT':
      return {
        hint: `Check firewalls and proxies between ${delegateName} and ${hostname}:${port}, including the delegate's PROXY and NO_PROXY settings.`,
        explanation: `${hostname}:${port} did not answer within ${(site.timeoutMs ?? CLIENT_TIMEOUT_MS) / 1000} s, the delegate's connect timeout.`,
      }
  }
}

export function networkFailure(ctx: ProtocolContext, protocol: ProtocolSimulator, fault: NetworkFault): Failure {
  const texts = protocol.unreachable(ctx, fault)
  const ours = networkFaultAdvice(fault, { ...ctx.target, delegateName: ctx.delegateName })
  return failure(fault, texts.message, {
    hints: [...texts.hints, ours.hint],
    explanations: [...texts.explanations, ours.explanation],
  })
}

/** A URL without a host name: nothing to contact. */
export function noHostFailure(url: string, urlField: { label: string; placeholder: string }): Failure {
  return failure('INVALID_DETAILS', `The URL ${url || '(empty)'} has no host name`, {
    hints: [`Enter the ${urlField.label} with its host name, for example ${urlField.placeholder}.`],
    explanations: ['The delegate cannot tell which server to contact.'],
  })
}

/** When the certificate of the TLS row expired: a month before the test, whenever it runs. */
function expiryOf(now: number): string {
  return new Date(now - 30 * 24 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * Plays the client call's first request against the TLS and 503 rows. Returns the failure, or
 * nothing when the server is a healthy one and the protocol goes on.
 */
export function clientCallFault(
  ctx: ServerContext,
  runtime: ProtocolSimulator['runtime'],
  stage: StageLog,
  request: string,
  texts: (fault: 'TLS' | 'SERVER_ERROR', detail: string) => FailureTexts,
): Failure | undefined {
  const { hostname } = ctx.target
  if (ctx.row.kind === 'expired-cert') {
    const now = new Date(ctx.now).toISOString().replace(/\.\d{3}Z$/, 'Z')
    const detail =
      runtime === 'java'
        ? 'javax.net.ssl.SSLHandshakeException: PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed'
        : `tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time ${now} is after ${expiryOf(ctx.now)}`
    stage.request(request, detail, latency(`tls:${request}`, 60, 220))
    const own = texts('TLS', detail)
    const advice = expiredCertificateAdvice(hostname, expiryOf(ctx.now), runtime)
    return failure('TLS', own.message, {
      summary: own.summary,
      hints: [...own.hints, advice.hint],
      explanations: [...own.explanations, advice.explanation],
    })
  }
  if (ctx.row.kind === 'unavailable') {
    stage.request(request, '503 Service Unavailable, Retry-After: 120', latency(`503:${request}`, 40, 120))
    const own = texts('SERVER_ERROR', '503 Service Unavailable')
    const advice = unavailableAdvice(hostname)
    return failure('SERVER_ERROR', own.message, {
      summary: own.summary,
      hints: [...own.hints, advice.hint],
      explanations: [...own.explanations, advice.explanation],
    })
  }
  return undefined
}

/** Our words for an expired certificate; `expiry` when the client could read it. */
export function expiredCertificateAdvice(
  hostname: string,
  expiry: string | undefined,
  runtime: ProtocolSimulator['runtime'],
): { hint: string; explanation: string } {
  return {
    hint: `Renew the TLS certificate of ${hostname}: it expired${expiry ? ` on ${expiry}` : ''}.`,
    explanation: `The certificate of ${hostname} has expired. The reachability check passed because it does not verify certificates; the ${runtime === 'java' ? "delegate's client" : 'helm client'} does.`,
  }
}

/** Our words for a 503: the server is up but cannot serve. */
export function unavailableAdvice(hostname: string): { hint: string; explanation: string } {
  return {
    hint: `Retry in a few minutes. If ${hostname} keeps answering 503, ask its administrators: it is up but cannot serve requests (starting, overloaded or in maintenance).`,
    explanation: `${hostname} answered 503 Service Unavailable.`,
  }
}

/**
 * Harness's words for a certificate failure in its Java clients (NexusHelper.checkSSLHandshakeException),
 * but for its message "Certificate validation failed: <cause>": shown after the reason, which is
 * already "Certificate Validation Failed", it said so twice. The cause alone follows the reason.
 */
export function javaTlsTexts(detail: string): FailureTexts {
  return {
    message: detail,
    hints: ['Ensure that the SSL certificate has not expired'],
    explanations: ['SSL certificate is invalid'],
  }
}
