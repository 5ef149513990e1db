import { capitalized, failure, type Failure } from '../../connection-tests/failure'
import { describeNoAnswer, type CallError } from './call-log'
import type { Answer, CheckSessionPort } from './check-calls'
import { expiredCertificateAdvice, networkFaultAdvice, unavailableAdvice } from './network-faults'
import type { FailureTexts, NetworkFault } from './protocol'

/**
 * Real errors in the simulator's taxonomy (docs/reference/registry-protocols.md §1, §8): each
 * protocol gives Harness's texts, as the simulator does, and these add what the delegate saw.
 */

/** A protocol's Harness texts, the same functions its simulator uses. */
export type ProtocolTexts = {
  runtime: 'java' | 'go'
  unreachable: (fault: NetworkFault) => FailureTexts
  clientCall: (fault: 'TLS' | 'SERVER_ERROR', detail: string, answer?: Answer) => FailureTexts
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'EAI_NONAME', 'EAI_FAIL'])
const TIMEOUT_CODES = new Set(['CONNECT_TIMEOUT', 'READ_TIMEOUT', 'TOTAL_TIMEOUT', 'ETIMEDOUT'])
const SELF_SIGNED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN'])
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REJECTED',
])

type TlsCause = 'expired' | 'not-yet-valid' | 'self-signed' | 'untrusted' | 'host-name' | 'not-tls' | 'other'

function tlsCause(code: string): TlsCause | undefined {
  if (code === 'CERT_HAS_EXPIRED') return 'expired'
  if (code === 'CERT_NOT_YET_VALID') return 'not-yet-valid'
  if (SELF_SIGNED.has(code)) return 'self-signed'
  if (UNTRUSTED.has(code)) return 'untrusted'
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'host-name'
  if (code === 'EPROTO' || code.startsWith('ERR_SSL_')) return 'not-tls'
  if (code.startsWith('ERR_TLS_') || code.includes('CERT')) return 'other'
  return undefined
}

/** The server answered, but not in TLS: its port speaks plain HTTP. */
export function isPlainHttpAnswer(error: CallError): boolean {
  return tlsCause(error.cause.code) === 'not-tls'
}

export function isTlsError(error: CallError): boolean {
  return tlsCause(error.cause.code) !== undefined
}

const CAUSE_LABEL: Record<TlsCause, string> = {
  expired: 'expired certificate',
  'not-yet-valid': 'certificate not yet valid',
  'self-signed': 'self-signed certificate',
  untrusted: 'certificate from an untrusted CA',
  'host-name': 'certificate for another host name',
  'not-tls': 'the server does not speak TLS',
  other: 'certificate rejected',
}

function tlsAdvice(cause: TlsCause, error: CallError, runtime: ProtocolTexts['runtime']) {
  const { hostname, port } = error.place
  const code = error.cause.code
  switch (cause) {
    case 'expired':
      return {
        hint: expiredCertificateAdvice(hostname, undefined, runtime).hint,
        explanation: `The certificate of ${hostname} has expired (${code}); the delegate verifies certificates and refuses it.`,
      }
    case 'not-yet-valid':
      return {
        hint: `Check the clock of the delegate and the validity dates of the certificate of ${hostname}.`,
        explanation: `The certificate of ${hostname} is not valid yet (${code}).`,
      }
    case 'self-signed':
      return {
        hint: `Give the delegate the certificate of ${hostname} (or the CA that signed it) with --ca-file, or install a certificate from a CA the delegate trusts.`,
        explanation: `${hostname} presents a self-signed certificate (${code}), which no CA the delegate trusts has signed.`,
      }
    case 'untrusted':
      return {
        hint: `Give the delegate the CA certificate that signed the certificate of ${hostname} with --ca-file, or have the server send its full certificate chain.`,
        explanation: `The certificate of ${hostname} is signed by a CA the delegate does not trust (${code}).`,
      }
    case 'host-name': {
      const names = error.cause.certificateNames ?? 'other names'
      return {
        hint: `Use a host name the certificate names (${names}), or reissue the certificate of the server with ${hostname} in its subjectAltName.`,
        explanation: `The certificate the server presented is not valid for ${hostname} (${code}): it names ${names}.`,
      }
    }
    case 'not-tls':
      return {
        hint: `Use http:// if ${hostname}:${port || 443} speaks plain HTTP (credentials then travel unencrypted), or check the port.`,
        explanation: `${hostname}:${port || 443} did not answer the TLS handshake in TLS (${code}).`,
      }
    default:
      return {
        hint: `Check the TLS certificate of ${hostname}; the delegate verifies every certificate.`,
        explanation: `The TLS connection to ${hostname} failed: ${describeNoAnswer(error.cause)}.`,
      }
  }
}

function seconds(ms: number): string {
  return `${ms / 1000} s`
}

function timeoutFailure(error: CallError, texts: ProtocolTexts, session: CheckSessionPort): Failure {
  const { code, timeoutMs = session.connectTimeoutMs } = error.cause
  const site = { hostname: error.place.hostname, port: error.place.port, delegateName: session.delegateName }
  const advice = networkFaultAdvice('TIMEOUT', { ...site, timeoutMs, errorName: code })
  const waited =
    code === 'TOTAL_TIMEOUT'
      ? `The test stopped after ${seconds(timeoutMs)}, its limit, while "${error.stageTitle}" waited for ${error.request}.`
      : code === 'READ_TIMEOUT'
        ? `${error.request} got no answer within ${seconds(timeoutMs)}, the delegate's read timeout.`
        : advice.explanation
  const what = code === 'CONNECT_TIMEOUT' ? 'could not connect within' : 'got no answer within'
  const own = texts.unreachable('TIMEOUT')
  return failure('TIMEOUT', own.message, {
    summary: `${error.request} ${what} ${seconds(timeoutMs)} (${error.stageTitle})`,
    hints: [...own.hints, advice.hint],
    explanations: [...own.explanations, waited],
  })
}

/** The delegate refused to connect: no request was sent. */
function policyFailure(error: CallError): Failure {
  const refused = error.cause.refused
  const where = refused ? `${refused.address}:${refused.port}` : error.place.host
  return failure('NETWORK_POLICY', `The delegate does not connect to ${where}`, {
    hints: [refused?.advice ?? 'Check the URL.'],
    explanations: [
      `${refused ? capitalized(refused.rule) : 'The address is refused'}. The delegate made no connection.`,
    ],
  })
}

/** A request that got no answer, as the simulator would name its fault. */
export function noAnswerFailure(error: CallError, texts: ProtocolTexts, session: CheckSessionPort): Failure {
  const { code } = error.cause
  if (code === 'NETWORK_POLICY') return policyFailure(error)
  if (TIMEOUT_CODES.has(code)) return timeoutFailure(error, texts, session)
  const cause = tlsCause(code)
  if (cause) {
    const said = describeNoAnswer(error.cause)
    const detail = said.toLowerCase().startsWith(CAUSE_LABEL[cause]) ? said : `${CAUSE_LABEL[cause]} (${said})`
    const own = texts.clientCall('TLS', detail)
    const advice = tlsAdvice(cause, error, texts.runtime)
    return failure('TLS', own.message, {
      summary: own.summary,
      hints: [...own.hints, advice.hint],
      explanations: [...own.explanations, advice.explanation],
    })
  }
  const fault: NetworkFault = DNS_CODES.has(code) ? 'DNS' : 'CONNECTION_REFUSED'
  const own = texts.unreachable(fault)
  const site = { hostname: error.place.hostname, port: error.place.port, delegateName: session.delegateName }
  const advice = networkFaultAdvice(fault, { ...site, errorName: describeNoAnswer(error.cause) })
  return failure(fault, own.message, {
    hints: [...own.hints, advice.hint],
    explanations: [...own.explanations, advice.explanation],
  })
}

/** A 5xx from the client call: Harness's texts, then ours (the simulator's for a 503). */
export function serverErrorFailure(answer: Answer, texts: ProtocolTexts): Failure {
  const { statusLine } = answer.said
  const own = texts.clientCall('SERVER_ERROR', statusLine, answer)
  const host = answer.place.hostname
  const advice =
    answer.status === 503
      ? unavailableAdvice(host)
      : {
          hint: `Retry later. If ${host} keeps answering ${answer.status}, check its logs or ask its administrators.`,
          explanation: `${host} answered ${statusLine}.`,
        }
  return failure('SERVER_ERROR', own.message, {
    summary: own.summary,
    hints: [...own.hints, advice.hint],
    explanations: [...own.explanations, advice.explanation],
  })
}
