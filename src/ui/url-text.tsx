/**
 * Splits a URL where it may wrap: after each slash of its path, never inside the scheme, the
 * host or the port ("…:61 / 10" read as two numbers). `scheme://host:port/` stays one piece.
 */
export function urlParts(url: string): string[] {
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/]*\/?/i.exec(url)?.[0] ?? ''
  return [...(origin ? [origin] : []), ...(url.slice(origin.length).match(/[^/]*\/+|[^/]+/g) ?? [])]
}

/**
 * A URL shown in a narrow place: it wraps only after a slash; a piece wider than the space it has
 * (a very long host) is cut with an ellipsis, and the whole URL is in the title (and the text,
 * for copying and screen readers).
 */
export function UrlText({ url, className }: { url: string; className?: string }) {
  return (
    <code className={className ? `url-text ${className}` : 'url-text'} title={url}>
      {urlParts(url).map((part, index) => (
        <span key={index} className="url-text__part">
          {part}
        </span>
      ))}
    </code>
  )
}
