import { QueryClient } from '@tanstack/react-query'
import { ApiContractError, ApiError } from './api-client'

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        // A 4xx answer, or one that does not match the API contract, will not change on retry;
        // a lost network might.
        retry: (failureCount, error) =>
          failureCount < 2 &&
          !(error instanceof ApiContractError) &&
          !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  })
}
