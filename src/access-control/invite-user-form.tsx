import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { FormEvent } from 'react'
import { useId, useState } from 'react'
import { z } from 'zod/mini'
import { apiRequest } from '../lib/api-client'
import type { Scope } from '../lib/scope'
import { Notice } from '../ui/notice'
import { PermittedButton } from '../ui/permitted-button'
import { accessKeys } from './access-control-api'
import { RoleSelect } from './role-select'

const inviteAnswerSchema = z.object({
  addUserResponseMap: z.record(z.string(), z.string()),
  inviteLinks: z.record(z.string(), z.string()),
  messages: z.optional(z.record(z.string(), z.string())),
})

type Props = { scope: Scope; denied: string | undefined }

/**
 * Invite someone with a role at this scope. The server sends no mail: it answers a one-time link
 * (7 days) that the admin hands over, shown here once.
 */
export function InviteUserForm({ scope, denied }: Props) {
  const id = useId()
  const queryClient = useQueryClient()
  const [email, setEmail] = useState('')
  const [role, setRole] = useState('')
  const [link, setLink] = useState<{ email: string; url: string } | null>(null)
  // The address the last invitation was for: the field is emptied once it succeeds.
  const [sent, setSent] = useState('')
  const invite = useMutation({
    mutationFn: () =>
      apiRequest(inviteAnswerSchema, 'POST', '/ng/api/user/users', {
        scope,
        body: { emails: [email.trim()], roleBindings: [{ roleIdentifier: role }] },
      }),
    onSuccess: (answer) => {
      const address = email.trim()
      const url = answer.inviteLinks[address]
      if (url) {
        setLink({ email: address, url })
        setEmail('')
      }
      void queryClient.invalidateQueries({ queryKey: accessKeys.all })
    },
  })
  const refusal =
    invite.data && !invite.data.inviteLinks[sent]
      ? (invite.data.messages?.[sent] ?? 'The invitation was not made.')
      : undefined

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (denied || !email.trim() || !role) return
    setLink(null)
    setSent(email.trim())
    invite.mutate()
  }

  return (
    <form className="add-binding" aria-labelledby={`${id}-title`} onSubmit={submit} noValidate>
      <h2 id={`${id}-title`} className="section-title">
        Invite a user
      </h2>
      <div className="add-binding__fields">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-email`}>
            Email
          </label>
          <input
            id={`${id}-email`}
            className="input"
            type="email"
            autoComplete="off"
            value={email}
            disabled={Boolean(denied)}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <RoleSelect
          id={`${id}-role`}
          label="Role for the invitee"
          scope={scope}
          value={role}
          disabled={Boolean(denied)}
          onChange={setRole}
        />
        <PermittedButton
          type="submit"
          variant="primary"
          denied={denied}
          busy={invite.isPending}
          disabled={!denied && (!email.trim() || !role)}
        >
          Invite
        </PermittedButton>
      </div>
      {invite.isError ? (
        <Notice tone="danger" role="alert" title="The invitation was not made">
          {invite.error.message}
        </Notice>
      ) : refusal ? (
        <Notice tone="danger" role="alert" title="The invitation was not made">
          {refusal}
        </Notice>
      ) : null}
      {link ? (
        <Notice tone="success" role="status" title={`Invitation link for ${link.email}`}>
          <p>Hand this link to {link.email}: it lets them set a password once, for 7 days. It is not shown again.</p>
          <input className="input" readOnly aria-label={`Invitation link for ${link.email}`} value={link.url} />
        </Notice>
      ) : null}
    </form>
  )
}
