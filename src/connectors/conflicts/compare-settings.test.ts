import { describe, expect, it } from 'vitest'
import { PAYMENTS, dockerConnector } from '../../backend/api-test-helpers'
import type { ConnectorInfo } from '../../lib/api-types'
import { compareSettings } from './compare-settings'

const base = dockerConnector(PAYMENTS, 'shared')
const withSpec = (info: ConnectorInfo, spec: Record<string, unknown>): ConnectorInfo => ({
  ...info,
  spec: { ...info.spec, ...spec },
})

describe('compareSettings', () => {
  it('lists the settings that differ by their wizard labels, and says who changed each', () => {
    const current = withSpec(
      { ...base, description: 'from the other tab' },
      { dockerRegistryUrl: 'https://other.acme.test' },
    )
    const mine = { ...base, name: 'Renamed', description: 'from this tab' }
    const { differences, same } = compareSettings(current, mine, base)
    expect(differences).toEqual([
      { label: 'Name', current: 'Docker shared', mine: 'Renamed', changedBy: 'you' },
      { label: 'Description', current: 'from the other tab', mine: 'from this tab', changedBy: 'both' },
      {
        label: 'Docker Registry URL',
        current: 'https://other.acme.test',
        mine: 'https://registry.acme.test:5000',
        changedBy: 'them',
      },
    ])
    expect(same).toEqual(['Tags', 'Provider Type', 'Authentication', 'Username', 'Password secret', 'Delegates'])
  })

  it('shows secrets as their references, and a setting one side lacks as empty', () => {
    const current = withSpec(base, { auth: { type: 'Anonymous' } })
    const mine = withSpec(base, {
      auth: { type: 'UsernamePassword', spec: { username: 'demo', passwordRef: 'org.rotated' } },
    })
    const { differences } = compareSettings(current, mine, base)
    expect(differences).toEqual([
      {
        label: 'Authentication',
        current: 'Anonymous (no credentials required)',
        mine: 'Username and Password',
        changedBy: 'them',
      },
      { label: 'Username', current: '', mine: 'demo', changedBy: 'them' },
      { label: 'Password secret', current: '', mine: 'org.rotated', changedBy: 'both' },
    ])
  })

  it('reads an option by its label, and says only "differs" without the version the user started from', () => {
    const current = withSpec(base, { providerType: 'Harbor', delegateSelectors: ['east'] })
    const { differences } = compareSettings(current, withSpec(base, { providerType: 'Other' }))
    expect(differences).toEqual([
      { label: 'Provider Type', current: 'Harbor', mine: 'Other (Docker V2 compliant)', changedBy: 'unknown' },
      {
        label: 'Delegates',
        current: 'Only delegates with: east',
        mine: 'Any available delegate',
        changedBy: 'unknown',
      },
    ])
  })
})
