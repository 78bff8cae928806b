import { useEffect, useId, useRef, useState } from 'react'
import { LoadError } from '../shell.tsx'
import { linkUrl } from './copy.tsx'
import { encodeQr, type QrModules, qrPath, qrSide, qrSvgFile } from './qr-image.ts'
import './qr-code.css'

/** Opens a dialog with the QR code of one of my links, to print or share as an image. */
export function QrCodeButton({ code }: { code: string }) {
  const [open, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  function close() {
    setOpen(false)
    button.current?.focus()
  }
  return (
    <>
      <button
        ref={button}
        type="button"
        className="button secondary small-button"
        aria-haspopup="dialog"
        aria-label={`QR code for /c/${code}`}
        onClick={() => setOpen(true)}
      >
        QR code
      </button>
      {open ? <QrCodeDialog code={code} onClose={close} /> : null}
    </>
  )
}

type Made = { state: 'making' } | { state: 'failed' } | { state: 'ready'; modules: QrModules; png: string; svg: string }

/**
 * A modal dialog (the browser's own: focus moves in and stays, Escape closes, the page behind is inert) with
 * the code and links to download it.
 */
function QrCodeDialog({ code, onClose }: { code: string; onClose(): void }) {
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const url = linkUrl(code)
  const [made, setMade] = useState<Made>({ state: 'making' })
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const element = dialog.current
    if (element && !element.open) element.showModal()
  }, [])

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is how "Try again" asks for a new try
  useEffect(() => {
    let current = true
    setMade({ state: 'making' })
    encodeQr(url).then(
      (modules) => {
        if (!current) return
        const svg = qrSvgFile(modules)
        setMade({
          state: 'ready',
          modules,
          svg: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
          png: pngOf(modules),
        })
      },
      () => current && setMade({ state: 'failed' }),
    )
    return () => {
      current = false
    }
  }, [url, attempt])

  return (
    <dialog ref={dialog} className="card qr-dialog" aria-labelledby={titleId} onClose={onClose}>
      <div className="qr-dialog-head">
        <h2 id={titleId}>QR code for your link</h2>
        <button
          type="button"
          className="button secondary small-button"
          aria-label="Close"
          onClick={() => dialog.current?.close()}
        >
          ×
        </button>
      </div>
      <p className="qr-dialog-url">
        <code>{url}</code>
      </p>
      {made.state === 'making' ? <div className="skeleton qr-image" aria-busy="true" /> : null}
      {made.state === 'failed' ? (
        <LoadError message="We could not make the QR code." retry={() => setAttempt((n) => n + 1)} />
      ) : null}
      {made.state === 'ready' ? (
        <>
          <svg
            className="qr-image"
            viewBox={`0 0 ${qrSide(made.modules)} ${qrSide(made.modules)}`}
            role="img"
            aria-label={`QR code that opens ${url}`}
            shapeRendering="crispEdges"
          >
            <rect width="100%" height="100%" fill="#fff" />
            <path d={qrPath(made.modules)} fill="#000" />
          </svg>
          <div className="qr-dialog-actions">
            <a className="button" href={made.png} download={`link-${code}.png`}>
              Download PNG
            </a>
            <a className="button secondary" href={made.svg} download={`link-${code}.svg`}>
              Download SVG
            </a>
          </div>
        </>
      ) : null}
    </dialog>
  )
}

/** The code as a PNG data URL, 10 pixels a module: big enough to print sharply on a flyer. */
function pngOf(modules: QrModules, scale = 10): string {
  const side = qrSide(modules)
  const canvas = document.createElement('canvas')
  canvas.width = side * scale
  canvas.height = side * scale
  const context = canvas.getContext('2d')
  if (!context) return ''
  context.fillStyle = '#fff'
  context.fillRect(0, 0, canvas.width, canvas.height)
  context.fillStyle = '#000'
  context.scale(scale, scale)
  context.fill(new Path2D(qrPath(modules)))
  return canvas.toDataURL('image/png')
}
