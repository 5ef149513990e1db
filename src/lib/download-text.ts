/** Hands `text` to the browser as a download named `fileName` (an export's file). */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.hidden = true
  document.body.append(link)
  link.click()
  link.remove()
  // A browser may still be reading the URL when click() returns: revoke it well after.
  setTimeout(() => URL.revokeObjectURL(url), 40_000)
}
