// @vitest-environment node
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createNetworkPolicy, parseCidr } from './network-policy'

/** The address rules on their own: ranges, their precedence, and the forms an address can take. */

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((parts) => parts.join('.'))

describe('the network policy', () => {
  it('refuses link-local, metadata and unspecified addresses by default, in every spelling', () => {
    const policy = createNetworkPolicy()
    for (const address of [
      '169.254.169.254',
      '169.254.0.1',
      '::ffff:169.254.169.254',
      '[::ffff:a9fe:a9fe]',
      '64:ff9b::169.254.169.254',
      'fe80::1',
      'fe80::1%eth0',
      'fd00:ec2::254',
      '100.100.100.200',
      '0.0.0.0',
      '::',
    ]) {
      expect(policy.check(address, 80), address).toMatchObject({ allowed: false })
    }
    for (const address of ['127.0.0.1', '::1', '10.1.2.3', '192.168.0.10', '172.16.0.1', 'fd12::1', '8.8.8.8']) {
      expect(policy.check(address, 443), address).toEqual({ allowed: true })
    }
  })

  it('lets the longest matching range decide, deny on a tie, and never opens a protected endpoint', () => {
    const policy = createNetworkPolicy({
      allow: ['169.254.10.0/24', '10.20.30.0/24'],
      deny: ['10.0.0.0/8', '10.20.30.40/32', '169.254.10.0/24'],
      protectedEndpoints: [{ what: "this server's own port", port: 5173 }],
      localAddresses: ['192.168.1.5'],
    })
    expect(policy.check('10.1.1.1', 80)).toMatchObject({ allowed: false, rule: expect.stringContaining('10.0.0.0/8') })
    expect(policy.check('10.20.30.1', 80)).toEqual({ allowed: true })
    expect(policy.check('10.20.30.40', 80)).toMatchObject({ allowed: false })
    // Allowed and denied at the same length: denied.
    expect(policy.check('169.254.10.9', 80)).toMatchObject({ allowed: false })
    for (const address of ['127.0.0.1', '127.9.9.9', '::1', '::ffff:127.0.0.1', '192.168.1.5', '0.0.0.0']) {
      expect(policy.check(address, 5173), address).toMatchObject({
        allowed: false,
        rule: expect.stringContaining("this server's own port"),
      })
    }
    expect(policy.check('127.0.0.1', 5174)).toEqual({ allowed: true })
    expect(policy.check('192.168.1.6', 5173)).toEqual({ allowed: true })
  })

  it('holds every IPv4 address in any range written from it, in both spellings, and leaves the next /8 alone (property)', () => {
    fc.assert(
      fc.property(ipv4, fc.integer({ min: 0, max: 32 }), (address, prefix) => {
        const own = parseCidr(`${address}/${prefix}`)!
        const policy = createNetworkPolicy({ deny: [own.text] })
        expect(policy.check(address, 1).allowed).toBe(false)
        expect(policy.check(`::ffff:${address}`, 1).allowed).toBe(false)
        const first = Number(address.split('.')[0])
        const elsewhere = `${(first + 1) % 256}.${address.split('.').slice(1).join('.')}`
        // Outside the range, the defaults decide.
        if (prefix >= 8) {
          expect(policy.check(elsewhere, 1).allowed).toBe(createNetworkPolicy().check(elsewhere, 1).allowed)
        }
      }),
    )
  })

  it('refuses ranges that are not ranges', () => {
    for (const text of ['10.0.0.0/33', '10.0.0/8', 'fd00::/129', 'example.com/8', '10.0.0.0/8/1', '']) {
      expect(parseCidr(text), text).toBeUndefined()
    }
    expect(() => createNetworkPolicy({ deny: ['nonsense'] })).toThrow(/not an address range/)
  })
})
