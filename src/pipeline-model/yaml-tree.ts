/**
 * Helpers over the plain objects a YAML document becomes. The pipeline mapping takes the
 * parts the editor edits out of a copy of the YAML ("the rest") and puts them back in when it
 * writes; these helpers do that without ever touching the user's object and without letting a
 * key such as `__proto__` change an object's prototype.
 */

export type Tree = Record<string, unknown>
export type Path = readonly (string | number)[]

export function isRecord(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Defines an own property: plain assignment of `__proto__` would replace the prototype instead. */
export function setOwn(target: Tree, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

export function cloneTree<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => cloneTree(item)) as T
  if (!isRecord(value)) return value
  const copy: Tree = {}
  for (const [key, item] of Object.entries(value)) setOwn(copy, key, cloneTree(item))
  return copy as T
}

function child(container: unknown, key: string | number): unknown {
  if (Array.isArray(container) && typeof key === 'number') return container[key]
  if (isRecord(container) && typeof key === 'string' && Object.hasOwn(container, key)) return container[key]
  return undefined
}

export function getPath(tree: unknown, path: Path): unknown {
  let node = tree
  for (const key of path) node = child(node, key)
  return node
}

/** Sets a leaf, creating (or replacing non-map) parents along the way. */
export function setPath(tree: Tree, path: readonly string[], value: unknown): void {
  let node = tree
  path.slice(0, -1).forEach((key) => {
    let next = child(node, key)
    if (!isRecord(next)) {
      next = {}
      setOwn(node, key, next)
    }
    node = next as Tree
  })
  const last = path[path.length - 1]
  if (last !== undefined) setOwn(node, last, value)
}

/**
 * Removes a leaf and returns it. Maps that the removal leaves empty are removed too, so that
 * taking every edited part out of a stage leaves no empty shells; maps that were already empty
 * are left alone.
 */
export function takePath(tree: Tree, path: readonly string[]): unknown {
  const parents: Tree[] = [tree]
  for (const key of path.slice(0, -1)) {
    const next = child(parents[parents.length - 1], key)
    if (!isRecord(next)) return undefined
    parents.push(next)
  }
  const last = path[path.length - 1]
  const holder = parents[parents.length - 1]
  if (last === undefined || !holder || !Object.hasOwn(holder, last)) return undefined
  const value = holder[last]
  delete holder[last]
  for (let depth = parents.length - 1; depth > 0; depth -= 1) {
    const emptied = parents[depth]
    const parent = parents[depth - 1]
    const key = path[depth - 1]
    if (!emptied || !parent || key === undefined || Object.keys(emptied).length > 0) break
    delete parent[key]
  }
  return value
}

/**
 * Fills in what Harness requires and the editor does not ask for. A map in `defaults` means
 * "this map must exist"; a scalar is the value to use when the key is missing.
 */
export function applyDefaults(target: Tree, defaults: Tree): void {
  for (const [key, fallback] of Object.entries(defaults)) {
    const current = child(target, key)
    if (isRecord(fallback)) {
      if (current === undefined) setOwn(target, key, cloneTree(fallback))
      else if (isRecord(current)) applyDefaults(current, fallback)
    } else if (current === undefined) {
      setOwn(target, key, fallback)
    }
  }
}

/** The inverse of applyDefaults: removes values equal to their default and maps left empty. */
export function stripDefaults(target: Tree, defaults: Tree): void {
  for (const [key, fallback] of Object.entries(defaults)) {
    const current = child(target, key)
    if (isRecord(fallback)) {
      if (!isRecord(current)) continue
      stripDefaults(current, fallback)
      if (Object.keys(current).length === 0) delete target[key]
    } else if (current === fallback) {
      delete target[key]
    }
  }
}

/** A copy with `first` keys (those present) in that order, then the others as they were. */
export function ordered(tree: Tree, first: readonly string[]): Tree {
  const result: Tree = {}
  for (const key of first) if (Object.hasOwn(tree, key)) setOwn(result, key, tree[key])
  for (const [key, value] of Object.entries(tree)) if (!Object.hasOwn(result, key)) setOwn(result, key, value)
  return result
}

/** Reorders the map at `path` in place of the old one (nothing happens when there is none). */
export function orderAt(tree: Tree, path: readonly string[], first: readonly string[]): void {
  if (path.length === 0) return
  const parent = path.length === 1 ? tree : getPath(tree, path.slice(0, -1))
  const key = path[path.length - 1]
  const node = getPath(tree, path)
  if (isRecord(parent) && isRecord(node) && key !== undefined) setOwn(parent, key, ordered(node, first))
}

/** A scalar as text; undefined for maps and lists, which a text field cannot hold. */
export function scalarText(value: unknown): string | undefined {
  if (value === undefined || value === null) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return undefined
}
