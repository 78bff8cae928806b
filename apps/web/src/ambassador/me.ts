import { createContext, useContext } from 'react'

export type Me = { id: string; first_name: string; last_name: string; email: string; revenue: number }

export const MeContext = createContext<{ me: Me; refresh(): void } | undefined>(undefined)

/** The logged-in ambassador, for pages inside the portal. */
export function useMe() {
  const value = useContext(MeContext)
  if (!value) throw new Error('useMe outside the ambassador portal')
  return value
}
