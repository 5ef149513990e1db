/**
 * The shape of one connector type. Everything a screen, the YAML mapping or the
 * simulated world needs to know about a type lives in its entry, so that adding a
 * type means adding one file to this folder (see `registry.ts`).
 */

import type { AuthMethodId } from './auth-methods'

export type Guidance = { tone: 'info' | 'warning'; message: string }

export type ChoiceOption = { value: string; label: string; description?: string }

/** An extra field of the Details step besides the URL and the credentials. */
export type ChoiceField = {
  /** Key in the form values' `extras` and in the YAML `spec`. */
  key: string
  label: string
  control: 'radio' | 'select'
  options: readonly ChoiceOption[]
  defaultValue: string
  help?: string
  requiredMessage: string
}

/** The values the wizard's Details step edits, as a registry entry sees them. */
export type DetailsValues = {
  url: string
  extras: Record<string, string>
  /** The chosen authentication method's id. */
  authType: string
  username: string
  passwordRef: string
}

export type ConnectorTypeDefinition = {
  /** YAML `type` and API value. */
  type: string
  /** Catalog label; also how screens name the type. */
  label: string
  /** The catalogue category (Harness `ARTIFACTORY` is shown as "Artifact Repositories"). */
  category: 'ARTIFACTORY'
  /** One line under the label in the catalog. */
  summary: string
  /** Extra words the catalog search matches, e.g. registries that are Docker Registry connectors. */
  searchTerms: readonly string[]
  icon: { monogram: string; background: string }
  url: {
    label: string
    /** Key of the URL in the YAML `spec`. */
    specKey: string
    placeholder: string
    help: string
    requiredMessage: string
    /** A message when the URL cannot be used at all; `undefined` when it can. */
    validate: (url: string) => string | undefined
    /** What the connector stores, from what the user typed. */
    normalize: (url: string) => string
    /** Shown under the field when the stored form differs from what was typed. */
    preview?: (normalized: string) => string
    /** Advice that depends on what was typed (never blocks Continue). */
    guidance: (values: DetailsValues) => Guidance[]
  }
  fields: readonly ChoiceField[]
  /** The authentication methods this type offers, the default first (see auth-methods.ts). */
  authTypes: readonly AuthMethodId[]
  /** Refusals (block Continue) and advice about the credentials, per type. */
  credentials: {
    usernameProblem?: (username: string) => string | undefined
    guidance: (values: DetailsValues) => Guidance[]
  }
  /** Spec keys with fixed values this type always carries (Harness's `executeOnDelegate`). */
  fixedSpec: Readonly<Record<string, unknown>>
  /**
   * Keys of Harness's spec for this type that this product has no use for, accepted with the one
   * value that means nothing here (Docker's `proxy: false`) so that a connector written for
   * Harness is taken; not stored. Another value is refused with `refusal` (connector-keys.ts).
   */
  acceptedSpec?: Readonly<Record<string, { value: unknown; refusal: string }>>
  connectionTest: {
    /** The id of the registry protocol its test speaks (src/protocols/protocols.ts). */
    protocol: string
    /** What the test step says it is doing, in Harness's words. */
    stageTitle: string
  }
  /** "View permissions required": the type's settings reference. */
  docsUrl: string
  /**
   * A connector of this type that the demo's simulated world answers with Connection
   * successful. Tests of every type read it (the browser tests walk the wizard with it), so a
   * new type brings its own test rows instead of a row in each test's table.
   */
  example: ConnectorExample
}

export type ConnectorExample = {
  name: string
  url: string
  /** The URL as the list shows it. */
  shownUrl: string
  /** Values of the type's extra fields, by key; the defaults otherwise. */
  extras?: Readonly<Record<string, string>>
  /** No credentials, or a username with a seeded password secret (its identifier). */
  credentials: 'anonymous' | { username: string; passwordSecret: string }
  delegateTags?: readonly string[]
}
