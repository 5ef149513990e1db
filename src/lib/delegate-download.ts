/**
 * The delegate as one file that plain node runs (`npm run build:delegate` writes it to
 * `dist/delegate/`), and where the server serves it: a machine that only has Node.js downloads it
 * and starts a delegate, with no checkout and nothing to install.
 */
export const DELEGATE_FILE_NAME = 'connectors-delegate.mjs'
export const DELEGATE_DOWNLOAD_PATH = `/delegate/${DELEGATE_FILE_NAME}`
