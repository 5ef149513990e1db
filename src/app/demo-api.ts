import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '../lib/api-client'
import { booleanSchema, simulatedWorldSchema } from '../lib/api-types'

/** The built-in mock backend's own endpoints; a real server has none, and the UI hides them then. */
export function useSimulatedWorld(enabled: boolean) {
  return useQuery({
    queryKey: ['demo', 'world'],
    queryFn: () => apiRequest(simulatedWorldSchema, 'GET', '/ng/api/demo/world'),
    enabled,
    staleTime: Infinity,
  })
}

export function useResetDemoData() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => apiRequest(booleanSchema, 'POST', '/ng/api/demo/reset'),
    onSuccess: () => queryClient.invalidateQueries(),
  })
}
