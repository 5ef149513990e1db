import { describe, expect, it } from 'vitest'
import { identifierProblem, nameProblem } from '../../lib/entity-names'
import { cloneOf, copyIdentifiers, copyName } from './clone-connector'

describe('a clone', () => {
  it('keeps the settings and the secret references, with a new name and identifier and no scope', () => {
    const original = {
      name: 'Acme Artifactory',
      identifier: 'acme_artifactory',
      description: 'Releases',
      orgIdentifier: 'default',
      projectIdentifier: 'payments',
      tags: { team: 'payments' },
      type: 'Artifactory',
      spec: {
        artifactoryServerUrl: 'https://acme.jfrog.io/artifactory',
        auth: { type: 'UsernamePassword', spec: { username: 'demo', passwordRef: 'account.account_demo_password' } },
        delegateSelectors: ['east'],
      },
    }
    const clone = cloneOf(original, 'acme_artifactory_copy')
    expect(clone).toEqual({
      name: 'Acme Artifactory copy',
      identifier: 'acme_artifactory_copy',
      description: 'Releases',
      tags: { team: 'payments' },
      type: 'Artifactory',
      spec: original.spec,
    })
    // A copy: editing the clone's form never changes the original.
    expect(clone.spec).not.toBe(original.spec)
  })

  it('offers copy identifiers in turn, each valid at any length', () => {
    expect(copyIdentifiers('nexus', 3)).toEqual(['nexus_copy', 'nexus_copy_2', 'nexus_copy_3'])
    for (const identifier of copyIdentifiers('x'.repeat(128))) expect(identifierProblem(identifier)).toBeUndefined()
    expect(nameProblem(copyName('n'.repeat(128)))).toBeUndefined()
    expect(copyName('Docker Hub public')).toBe('Docker Hub public copy')
  })
})
