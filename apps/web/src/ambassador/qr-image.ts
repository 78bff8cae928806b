/** A QR code as a square of modules, `true` where a module is dark (quiet zone not included). */
export type QrModules = boolean[][]

/** Light modules kept around the code, as the QR standard asks, so scanners find its edges. */
export const QUIET_ZONE = 4

/**
 * Encodes `text` as a QR code (medium error correction). The encoder is loaded on first use, so the pages
 * that never show a QR code never download it.
 */
export async function encodeQr(text: string): Promise<QrModules> {
  const { default: qrcode } = await import('qrcode-generator')
  const qr = qrcode(0, 'M')
  qr.addData(text)
  qr.make()
  const size = qr.getModuleCount()
  return Array.from({ length: size }, (_, row) => Array.from({ length: size }, (_, col) => qr.isDark(row, col)))
}

/** The width and height of the image in modules, quiet zone included. */
export function qrSide(modules: QrModules): number {
  return modules.length + 2 * QUIET_ZONE
}

/** One SVG path drawing every dark module, a rectangle per run of dark modules in a row. */
export function qrPath(modules: QrModules): string {
  const parts: string[] = []
  modules.forEach((row, y) => {
    let x = 0
    while (x < row.length) {
      if (!row[x]) {
        x++
        continue
      }
      const start = x
      while (row[x]) x++
      parts.push(`M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h-${x - start}z`)
    }
  })
  return parts.join('')
}

/** A standalone SVG file of the code, black on white, to download and print at any size. */
export function qrSvgFile(modules: QrModules): string {
  const side = qrSide(modules)
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${side * 10}" height="${side * 10}" shape-rendering="crispEdges">` +
    `<rect width="${side}" height="${side}" fill="#fff"/><path d="${qrPath(modules)}" fill="#000"/></svg>`
  )
}
