import { useState } from 'react'

export function linkUrl(code: string): string {
  return `${window.location.origin}/c/${code}`
}

/** Copies text to the clipboard and says so. */
export function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState(false)
  async function copy() {
    await navigator.clipboard?.writeText(text).catch(() => {})
    setCopied(true)
    setTimeout(() => setCopied(false), 2_000)
  }
  return (
    <button type="button" className="button secondary small-button" onClick={copy} aria-live="polite">
      {copied ? 'Copied' : 'Copy link'}
    </button>
  )
}
