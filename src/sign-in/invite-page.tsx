import { useLinkToken } from './link-token'
import { NewUserForm } from './new-user-form'
import { errorText, useAcceptInvite } from './sign-in-api'

/** `/invite?token=…`: an invited person sets their name and password, and is signed in. */
export function InvitePage({ onDone }: { onDone: () => void }) {
  const token = useLinkToken()
  const accept = useAcceptInvite()
  return (
    <NewUserForm
      title="Accept your invitation"
      intro={<p>Choose the name others will see and your password.</p>}
      submitLabel="Accept and sign in"
      busy={accept.isPending}
      {...(accept.error ? { serverError: errorText(accept.error) } : {})}
      onSubmit={({ name, password }) => accept.mutate({ token, name, password }, { onSuccess: onDone })}
    />
  )
}
