import { useEffect, useState } from 'react'
import { readQueryParams, replaceQueryParams } from '../ui/navigation'

/**
 * The one-time token of a setup or invitation link, read once; then taken out of the address, so
 * that it stays in no history entry, bookmark or shared screenshot.
 */
export function useLinkToken(): string {
  const [token] = useState(() => readQueryParams().get('token') ?? '')
  useEffect(() => replaceQueryParams({ token: undefined }), [])
  return token
}
