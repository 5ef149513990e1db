import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { z } from 'zod/mini'
import { apiRequest, setViewAs } from '../lib/api-client'

/** Kept for this tab: a reload keeps viewing as the same person. */
const STORAGE_KEY = 'connectors-demo-view-as'

const peopleSchema = z.array(z.object({ identifier: z.string(), name: z.string(), roleName: z.string() }))

// Read when the app loads, before its first request: a reload's first answers are already the
// chosen person's. On a real server the header is ignored (and nothing is stored).
if (typeof sessionStorage !== 'undefined') setViewAs(sessionStorage.getItem(STORAGE_KEY))

/**
 * The demo has no sign-in: you are its Account Admin, and "View as" switches to a demo Project
 * Viewer or Connector Admin, to see (and test) what each may do. Every answer is read again as
 * the new person.
 */
export function ViewAsMenu() {
  const id = useId()
  const queryClient = useQueryClient()
  const [current, setCurrent] = useState(() => sessionStorage.getItem(STORAGE_KEY) ?? '')
  const people = useQuery({
    queryKey: ['demo', 'people'],
    queryFn: ({ signal }) => apiRequest(peopleSchema, 'GET', '/ng/api/demo/people', { signal }),
    staleTime: Infinity,
  })
  const choose = (identifier: string) => {
    // The first person is the admin, whom requests name by saying nobody.
    const next = identifier === people.data?.[0]?.identifier ? '' : identifier
    if (next) sessionStorage.setItem(STORAGE_KEY, next)
    else sessionStorage.removeItem(STORAGE_KEY)
    setViewAs(next || null)
    setCurrent(next)
    void queryClient.resetQueries()
  }

  return (
    <span className="view-as">
      <label htmlFor={id} className="view-as__label">
        View as
      </label>
      <select
        id={id}
        className="input input--inline"
        value={current || (people.data?.[0]?.identifier ?? '')}
        onChange={(event) => choose(event.target.value)}
      >
        {(people.data ?? []).map((person) => (
          <option key={person.identifier} value={person.identifier}>
            {person.roleName}
          </option>
        ))}
      </select>
    </span>
  )
}
