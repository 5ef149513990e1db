import { useLinkToken } from './link-token'
import { NewUserForm } from './new-user-form'
import { errorText, useSetup } from './sign-in-api'

/** `/setup?token=…`: the link the server printed on its first start creates the first administrator. */
export function SetupPage({ onDone }: { onDone: () => void }) {
  const token = useLinkToken()
  const setup = useSetup()
  return (
    <NewUserForm
      title="Set up Artifact Repository Connectors"
      intro={<p>You are the first person here: you will be the account’s administrator.</p>}
      askAccountName
      askEmail
      submitLabel="Create administrator"
      busy={setup.isPending}
      {...(setup.error ? { serverError: errorText(setup.error) } : {})}
      onSubmit={({ accountName, ...rest }) =>
        setup.mutate(
          { token, ...rest, ...(accountName.trim() ? { accountName: accountName.trim() } : {}) },
          { onSuccess: onDone },
        )
      }
    />
  )
}
