import { lazyWithPreload } from '../../ui/lazy-with-preload'

/** The wizard is its own chunk (react-hook-form, zod, the steps); every way in shares this one. */
export const lazyConnectorWizard = lazyWithPreload(() =>
  import('./connector-wizard').then((module) => module.ConnectorWizard),
)
