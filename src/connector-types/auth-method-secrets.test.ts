import { describe, expect, it } from 'vitest'
import { AUTH_METHODS, secretReferencesToResolve, type AuthFormValues } from './auth-methods'

/** A form of `method` with every secret field filled with a reference named after it. */
function formWithEverySecret(id: keyof typeof AUTH_METHODS): { form: AuthFormValues; references: string[] } {
  const method = AUTH_METHODS[id]
  const form = method.emptyForm()
  const references: string[] = []
  for (const field of method.fields) {
    if (field.kind === 'secret') {
      form[field.key] = `ref_${field.key}`
      references.push(`ref_${field.key}`)
    } else {
      form[field.toggleKey] = true
      form[field.refKey] = `ref_${field.refKey}`
      references.push(`ref_${field.refKey}`)
    }
  }
  return { form, references }
}

describe('the secrets an auth method needs at test time', () => {
  it.each(Object.keys(AUTH_METHODS) as (keyof typeof AUTH_METHODS)[])(
    '%s lists every secret reference its form writes, and nothing else',
    (id) => {
      const { form, references } = formWithEverySecret(id)
      const spec = { auth: AUTH_METHODS[id].toSpec(form) }
      expect([...secretReferencesToResolve(spec)].sort()).toEqual([...references].sort())
    },
  )

  it('resolves a username secret before the password, and a plain username not at all', () => {
    const bySecret = { auth: { type: 'UsernamePassword', spec: { usernameRef: 'org.user', passwordRef: 'pw' } } }
    const plain = { auth: { type: 'UsernamePassword', spec: { username: 'ci', passwordRef: 'account.pw' } } }
    expect(secretReferencesToResolve(bySecret)).toEqual(['org.user', 'pw'])
    expect(secretReferencesToResolve(plain)).toEqual(['account.pw'])
    expect(secretReferencesToResolve({ auth: { type: 'Anonymous' } })).toEqual([])
    expect(secretReferencesToResolve({})).toEqual([])
  })
})
