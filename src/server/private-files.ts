import type { Dirent } from 'node:fs'
import { chmod, readdir } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * The data folder holds the database (secret values among it, encrypted) and is nobody's but the
 * server's owner: folders 0700, files 0600, whatever the umask. The server sets its umask to 077
 * at start, so what it creates is private; this puts right what an older version (or a copy)
 * left readable. Symbolic links are left alone (and not followed).
 */
export async function restrictToOwner(folder: string): Promise<number> {
  let entries: Dirent[]
  try {
    entries = await readdir(folder, { withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw error
  }
  await chmod(folder, 0o700)
  // A folder's entries at once, not one after another: PGlite's folder holds a thousand files.
  const counts = await Promise.all(
    entries.map(async (entry) => {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) return restrictToOwner(path)
      if (!entry.isFile()) return 0
      await chmod(path, 0o600)
      return 1
    }),
  )
  return counts.reduce((sum, count) => sum + count, 1)
}
