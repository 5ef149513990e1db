import { Button } from '../ui/button'
import type { SignedInUser } from './sign-in-api'
import { useSignOut, useSignOutEverywhere } from './sign-in-api'
import './sign-in.css'

/** For the app header: who is signed in, Sign out, and Sign out of all sessions (every browser). */
export function UserMenu({ user }: { user: SignedInUser }) {
  const signOut = useSignOut()
  const everywhere = useSignOutEverywhere()
  return (
    <div className="user-menu" role="group" aria-label="Your account">
      <span className="user-menu__name" title={user.email}>
        {user.name}
      </span>
      <Button size="small" variant="ghost" busy={signOut.isPending} onClick={() => signOut.mutate(undefined)}>
        Sign out
      </Button>
      <Button size="small" variant="ghost" busy={everywhere.isPending} onClick={() => everywhere.mutate(undefined)}>
        Sign out of all sessions
      </Button>
    </div>
  )
}
