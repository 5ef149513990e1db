/** A record's tags as small chips (`key:value`, or the key alone for a tag without a value). */
export function TagChips({ tags }: { tags: Readonly<Record<string, string>> | undefined }) {
  const entries = Object.entries(tags ?? {})
  if (!entries.length) return null
  return (
    <span className="tag-chips">
      {entries.map(([key, value]) => (
        <span key={key} className="chip chip--small">
          {value ? `${key}:${value}` : key}
        </span>
      ))}
    </span>
  )
}
