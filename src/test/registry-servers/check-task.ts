import { connector } from '../../backend/simulator/test-fixtures'
import type { CheckTask } from '../../delegate-agent/check-types'

/** A connector of `type` at `url` as the manager sends it in a task, with its secret's value. */

export const TEST_USERNAME = 'demo'
export const TEST_PASSWORD = 'demo-password'
export const PASSWORD_REF = 'registry_password'

export type TaskOptions = {
  /** No credentials at all (Anonymous). */
  anonymous?: boolean
  /** The password's value; the right one by default. */
  password?: string
  username?: string
  settings?: Record<string, string>
  /** Leave the secret's value out of the task (a dangling reference). */
  withoutSecretValue?: boolean
}

export function checkTask(type: string, url: string, options: TaskOptions = {}): CheckTask {
  const password = options.password ?? TEST_PASSWORD
  const anonymous = options.anonymous === true
  return {
    connector: connector(type, url, {
      auth: anonymous ? 'Anonymous' : { username: options.username ?? TEST_USERNAME, passwordRef: PASSWORD_REF },
      settings: options.settings,
    }),
    secrets: anonymous || options.withoutSecretValue ? {} : { [PASSWORD_REF]: password },
  }
}
