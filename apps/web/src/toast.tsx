import { createContext, type ReactNode, useCallback, useContext, useState } from 'react'
import './toast.css'

type Toast = { id: number; message: string; kind: 'ok' | 'error' }
type Notify = (message: string, kind?: Toast['kind']) => void

const ToastContext = createContext<Notify>(() => {})
const SHOWN_MS = 4_000
let nextId = 1

/** Short confirmations ("Product deleted") shown at the bottom of the screen and read out by screen readers. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([])
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), [])
  const notify = useCallback<Notify>(
    (message, kind = 'ok') => {
      const id = nextId++
      setToasts([{ id, message, kind }]) // the newest replaces the last: one message at a time
      setTimeout(() => dismiss(id), SHOWN_MS)
    },
    [dismiss],
  )
  return (
    <ToastContext.Provider value={notify}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`}>
            <span>{t.message}</span>
            <button type="button" aria-label="Dismiss" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  )
}

/** Shows a toast: `notify('Saved')`, or `notify('Could not delete', 'error')`. */
export function useToast(): Notify {
  return useContext(ToastContext)
}
