import { describe, expect, it } from 'vitest'
import { buildConnectorFormSchema } from './connector-form-schema'
import type { ConnectorFormValues } from './connector-model'
import { emptyConnectorForm } from './connector-model'
import { CONNECTOR_TYPES, getConnectorType } from './registry'

const VALID_URL: Record<string, string> = {
  Artifactory: 'https://acme.jfrog.io/artifactory',
  DockerRegistry: 'https://index.docker.io/v2/',
  HttpHelmRepo: 'https://charts.acme.test/stable',
  OciHelmRepo: 'registry.acme.test:5000/charts',
  Nexus: 'https://nexus.acme.test',
}

function validValues(type: string): ConnectorFormValues {
  return {
    ...emptyConnectorForm(getConnectorType(type)),
    name: 'My repo',
    identifier: 'my_repo',
    url: VALID_URL[type]!,
    auth: { type: 'UsernamePassword', username: 'demo', passwordRef: 'demo_password' },
  }
}

function errorsOf(type: string, values: ConnectorFormValues): Record<string, string> {
  const result = buildConnectorFormSchema(getConnectorType(type)).safeParse(values)
  if (result.success) return {}
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), issue.message]))
}

describe.each(CONNECTOR_TYPES.map((definition) => definition.type))('%s form schema', (type) => {
  it('accepts a complete connector', () => {
    expect(errorsOf(type, validValues(type))).toEqual({})
  })

  it('says what is missing, field by field', () => {
    const empty = {
      ...emptyConnectorForm(getConnectorType(type)),
      auth: { type: 'UsernamePassword' as const, username: '', passwordRef: '' },
    }
    const errors = errorsOf(type, empty)
    expect(errors.name).toBe('Name is required.')
    expect(errors.identifier).toBe('Identifier is required.')
    expect(errors.url).toBe(getConnectorType(type).url.requiredMessage)
    expect(errors['auth.username']).toBe('Username is required.')
    expect(errors['auth.passwordRef']).toMatch(/Password is required/)
  })

  it('refuses a bad identifier, a reserved word and an over-long description', () => {
    expect(errorsOf(type, { ...validValues(type), identifier: '1abc' }).identifier).toMatch(/start with a letter/)
    expect(errorsOf(type, { ...validValues(type), identifier: 'true' }).identifier).toMatch(/reserved word/)
    expect(errorsOf(type, { ...validValues(type), description: 'x'.repeat(1025) }).description).toMatch(/1024/)
  })

  it('refuses a URL it cannot use, in words', () => {
    expect(errorsOf(type, { ...validValues(type), url: 'ftp://files.example.com' }).url).toMatch(/not ftp:\/\//)
    expect(errorsOf(type, { ...validValues(type), url: 'https://exa mple.com' }).url).toMatch(/spaces/)
  })

  it('requires a delegate tag when only tagged delegates may run it', () => {
    const values = { ...validValues(type), delegates: { mode: 'tagged' as const, selectors: [] } }
    expect(errorsOf(type, values)['delegates']).toMatch(/at least one delegate tag/)
    expect(errorsOf(type, { ...values, delegates: { mode: 'tagged', selectors: ['east'] } })).toEqual({})
  })

  it('refuses a choice outside its options, and asks for a missing one', () => {
    for (const field of getConnectorType(type).fields) {
      const values = { ...validValues(type), extras: { ...validValues(type).extras, [field.key]: 'bogus' } }
      const allowed = field.options.map((option) => option.value).join(', ')
      expect(errorsOf(type, values)[`extras.${field.key}`]).toBe(
        `"bogus" is not a valid ${field.label}: choose one of ${allowed}.`,
      )
      const missing = { ...validValues(type), extras: { ...validValues(type).extras, [field.key]: '' } }
      expect(errorsOf(type, missing)[`extras.${field.key}`]).toBe(field.requiredMessage)
    }
  })

  it('refuses a URL longer than 2048 characters, naming the field', () => {
    const long = `${VALID_URL[type]!.replace(/\/$/, '')}/${'a'.repeat(2100)}`
    expect(errorsOf(type, { ...validValues(type), url: long }).url).toBe(
      `${getConnectorType(type).url.label} can be at most 2048 characters (now ${long.length}).`,
    )
  })

  it('accepts Anonymous only where the type allows it', () => {
    const anonymous = { ...validValues(type), auth: { type: 'Anonymous' as const, username: '', passwordRef: '' } }
    const allowed = getConnectorType(type).authTypes.includes('Anonymous')
    expect(Object.keys(errorsOf(type, anonymous)).length === 0).toBe(allowed)
  })
})

describe('per-type URL rules', () => {
  it('takes OCI references with or without oci:// and a port', () => {
    for (const url of [
      'registry.acme.test:5000/charts',
      'oci://registry.acme.test:5000/charts',
      'public.ecr.aws',
      'oci://public.ecr.aws:443',
    ]) {
      expect(errorsOf('OciHelmRepo', { ...validValues('OciHelmRepo'), url })).toEqual({})
    }
    expect(errorsOf('OciHelmRepo', { ...validValues('OciHelmRepo'), url: 'registry.acme.test:99999' }).url).toMatch(
      /port/,
    )
    expect(errorsOf('OciHelmRepo', { ...validValues('OciHelmRepo'), url: 'http://registry.acme.test' }).url).toMatch(
      /not http:\/\//,
    )
  })

  it('refuses the OCI username _json_key with the fix', () => {
    const errors = errorsOf('OciHelmRepo', {
      ...validValues('OciHelmRepo'),
      auth: { type: 'UsernamePassword', username: '_json_key', passwordRef: 'pw' },
    })
    expect(errors['auth.username']).toMatch(/_json_key_base64/)
  })

  it('asks for the username secret when the username is held in a secret', () => {
    const values = {
      ...validValues('DockerRegistry'),
      auth: {
        type: 'UsernamePassword' as const,
        usernameIsSecret: true,
        username: '',
        usernameRef: '',
        passwordRef: 'pw',
      },
    }
    expect(errorsOf('DockerRegistry', values)['auth.usernameRef']).toMatch(
      /Username is required: create or select a secret/,
    )
    expect(errorsOf('DockerRegistry', { ...values, auth: { ...values.auth, usernameRef: 'org.user' } })).toEqual({})
  })

  it('sends oci:// URLs to the OCI connector from HTTP Helm', () => {
    expect(errorsOf('HttpHelmRepo', { ...validValues('HttpHelmRepo'), url: 'oci://registry.acme.test' }).url).toMatch(
      /OCI Helm Registry/,
    )
  })
})

describe('tag rules (the API applies the same ones to a tag map)', () => {
  const tagErrors = (tags: string[]) => errorsOf('DockerRegistry', { ...validValues('DockerRegistry'), tags })

  it('takes up to 50 chips of up to 256 characters', () => {
    const fifty = Array.from({ length: 50 }, (_, index) => `k${index}:${'v'.repeat(250)}`)
    expect(tagErrors(fifty)).toEqual({})
    expect(tagErrors([...fifty, 'one_more'])).toEqual({ tags: 'A connector can have at most 50 tags (now 51).' })
    expect(tagErrors([`k:${'v'.repeat(255)}`])).toEqual({
      'tags.0': 'A tag can be at most 256 characters, key and value together (now 257).',
    })
  })

  it('needs a key before the colon, once per key', () => {
    expect(tagErrors([':payments'])).toEqual({ 'tags.0': 'The tag ":payments" needs a key before the colon.' })
    expect(tagErrors(['team:a', 'env', 'team : b'])).toEqual({
      'tags.2': 'The tag key "team" is used twice: keep one.',
    })
  })

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the tag key %s in words', (key) => {
    expect(tagErrors([`${key}:x`])).toEqual({
      'tags.0': `"${key}" cannot be a tag key: __proto__, constructor and prototype are reserved.`,
    })
  })

  it('refuses an empty delegate tag', () => {
    const values = { ...validValues('DockerRegistry'), delegates: { mode: 'tagged' as const, selectors: [' '] } }
    expect(errorsOf('DockerRegistry', values)).toEqual({ delegates: 'A delegate tag cannot be empty.' })
  })

  it('refuses a delegate tag no delegate could carry, with the same words the API gives', () => {
    const tagged = (selectors: string[]) => ({
      ...validValues('DockerRegistry'),
      delegates: { mode: 'tagged' as const, selectors },
    })
    expect(errorsOf('DockerRegistry', tagged(['gpu', 'a,b'])).delegates).toMatch(/cannot contain a comma/)
    expect(errorsOf('DockerRegistry', tagged(['x'.repeat(65)])).delegates).toMatch(/at most 64 characters/)
    expect(errorsOf('DockerRegistry', tagged(['x'.repeat(64)]))).toEqual({})
    expect(errorsOf('DockerRegistry', tagged(Array.from({ length: 51 }, (_, i) => `t${i}`))).delegates).toMatch(
      /at most 50 delegate tags/,
    )
  })
})
