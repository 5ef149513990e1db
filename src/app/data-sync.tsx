import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { apiRequest } from '../lib/api-client'
import { changeCountSchema } from '../lib/api-types'
import { DATA_CHANGED_EVENT } from '../lib/data-changes'

/** How often an open page asks the server whether anything changed. */
const CHANGE_POLL_MS = 4_000

/**
 * Keeps open lists current when the data changes elsewhere: another tab of the demo (its store
 * announces it), or another tab or user of the server (its change count moves). Either way
 * every query refetches, so a list never shows what another tab deleted.
 */
export function useDataSync(mockBackend: boolean): void {
  const queryClient = useQueryClient()

  useEffect(() => {
    const refetch = () => void queryClient.invalidateQueries()
    window.addEventListener(DATA_CHANGED_EVENT, refetch)
    return () => window.removeEventListener(DATA_CHANGED_EVENT, refetch)
  }, [queryClient])

  const changes = useQuery({
    queryKey: ['changes'],
    queryFn: ({ signal }) => apiRequest(changeCountSchema, 'GET', '/ng/api/changes', { signal }),
    enabled: !mockBackend,
    refetchInterval: CHANGE_POLL_MS,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
    staleTime: 0,
  })
  const seen = useRef<number | null>(null)
  const count = changes.data?.changeCount
  useEffect(() => {
    if (count === undefined) return
    if (seen.current !== null && seen.current !== count) {
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'changes' })
    }
    seen.current = count
  }, [count, queryClient])
}
