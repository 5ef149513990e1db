import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '../lib/api-client'
import type { PipelineResponse } from '../lib/api-types'
import {
  pageResponseSchema,
  pipelineResponseSchema,
  pipelineSaveResponseSchema,
  pipelineSummarySchema,
} from '../lib/api-types'
import type { Scope } from '../lib/scope'

const pipelinePageSchema = pageResponseSchema(pipelineSummarySchema)

export const pipelineKeys = {
  all: ['pipelines'] as const,
  list: (scope: Scope) => ['pipelines', 'list', scope] as const,
  one: (scope: Scope, identifier: string) => ['pipelines', 'one', scope, identifier] as const,
}

export function usePipelineList(scope: Scope) {
  return useQuery({
    queryKey: pipelineKeys.list(scope),
    queryFn: ({ signal }) =>
      apiRequest(pipelinePageSchema, 'POST', '/pipeline/api/pipelines/list', {
        scope,
        query: { page: 0, size: 100 },
        body: { filterType: 'PipelineSetup' },
        signal,
      }),
  })
}

export function usePipeline(scope: Scope, identifier: string) {
  return useQuery({
    queryKey: pipelineKeys.one(scope, identifier),
    queryFn: ({ signal }) =>
      apiRequest(pipelineResponseSchema, 'GET', `/pipeline/api/pipelines/${encodeURIComponent(identifier)}`, {
        scope,
        signal,
      }),
    // The editor holds the user's edits; a background refetch must not replace them.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  })
}

export function useSavePipeline(scope: Scope, identifier: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (yamlPipeline: string) =>
      apiRequest(pipelineSaveResponseSchema, 'PUT', `/pipeline/api/pipelines/${encodeURIComponent(identifier)}`, {
        scope,
        rawBody: yamlPipeline,
        headers: { 'Content-Type': 'application/yaml' },
      }),
    onSuccess: (saved, yamlPipeline) => {
      // The editor reads the pipeline once and keeps it; reopening it must show what was saved.
      queryClient.setQueryData<PipelineResponse>(pipelineKeys.one(scope, identifier), {
        yamlPipeline,
        lastUpdatedAt: saved.lastUpdatedAt,
        ...(saved.version === undefined ? {} : { version: saved.version }),
      })
      return queryClient.invalidateQueries({ queryKey: pipelineKeys.list(scope) })
    },
  })
}
