/**
 * What a remote server says, made fit for a stage log or a message. Our own words never hold a
 * credential (they name secrets by reference, and a request by who is calling), so they are
 * never searched or rewritten; what a server sends back is another matter: a registry may echo
 * the Authorization header, a password in an error, a token in a redirect. Every piece of remote
 * text (a reason phrase, a header, an error message, a URL it sent us to) goes through here:
 * cut to one short line, and withheld whole when it repeats a credential in any form: raw,
 * base64 (the user:password pair of Basic included), URL-encoded, JSON-escaped. Withheld whole
 * rather than masked in place: a short password masked inside a word still gives itself away.
 * Query parameters that carry tokens and signatures are redacted from URLs, and so is userinfo.
 */

export const WITHHELD = '(withheld: it repeated a credential)'
const MAX_LENGTH = 200

const SENSITIVE_PARAMETER = /token|secret|passw|pwd|signature|^sig$|key|credential|auth|^code$|session|jwt|assertion/i

function base64Forms(value: string): string[] {
  const standard = Buffer.from(value, 'utf8').toString('base64')
  const unpadded = standard.replace(/=+$/, '')
  return [standard, unpadded, unpadded.replace(/\+/g, '-').replace(/\//g, '_')]
}

/** Every way a credential may come back in a server's answer. */
export function credentialForms(values: readonly string[], basicPairs: readonly (readonly [string, string])[]) {
  const forms = new Set<string>()
  for (const value of values) {
    if (!value) continue
    const encoded = encodeURIComponent(value)
    forms.add(value)
    for (const form of base64Forms(value)) forms.add(form)
    forms.add(encoded)
    forms.add(encoded.replace(/%20/g, '+'))
    forms.add(encoded.toLowerCase())
    forms.add(JSON.stringify(value).slice(1, -1))
  }
  for (const [username, password] of basicPairs) {
    if (password) for (const form of base64Forms(`${username}:${password}`)) forms.add(form)
  }
  forms.delete('')
  // Longest first: a short form found inside a longer one changes nothing, it is all withheld.
  return [...forms].sort((a, b) => b.length - a.length)
}

export class RemoteText {
  constructor(private readonly forms: () => readonly string[]) {}

  /** True when the text holds a credential in any of its forms (URL-decoded text included). */
  repeatsCredential(text: string): boolean {
    const forms = this.forms()
    if (!forms.length) return false
    let decoded = text
    try {
      decoded = decodeURIComponent(text.replace(/\+/g, ' '))
    } catch {
      // Not URL-encoded text: the raw forms are checked as they are.
    }
    return forms.some((form) => text.includes(form) || decoded.includes(form))
  }

  /** One short line of what a server sent, or WITHHELD; '' for nothing. */
  text(raw: string | readonly string[] | undefined | null): string {
    if (raw === undefined || raw === null) return ''
    const value = typeof raw === 'string' ? raw : raw.join(', ')
    // Control characters could forge log lines or hide text; one line, of bounded length.
    const line = value
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
    // Checked as sent and as shown: "a\tb" is shown as "a b".
    if (this.repeatsCredential(value) || this.repeatsCredential(line)) return WITHHELD
    return line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH)}…` : line
  }

  /** A URL as the log shows it: no userinfo, tokens and signatures in its query redacted. */
  url(url: URL): string {
    const shown = new URL(url.href)
    shown.username = ''
    shown.password = ''
    for (const name of new Set(shown.searchParams.keys())) {
      if (SENSITIVE_PARAMETER.test(name)) shown.searchParams.set(name, 'redacted')
    }
    const href = shown.href
    if (!this.repeatsCredential(href)) return href
    return this.repeatsCredential(shown.origin) ? WITHHELD : `${shown.origin}/… ${WITHHELD}`
  }
}
