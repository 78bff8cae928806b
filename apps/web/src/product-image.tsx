import { imageSources } from './image-sources.ts'

/**
 * A product's picture, or for a product without one a coloured tile with its initial, so a catalog without
 * photos still looks deliberate. The colour comes from the title, so a product keeps its colour everywhere.
 * A picture from the media service comes in three widths and the browser picks by `sizes` (by default, the
 * picture's width); `alt` is for a picture that says more than the text beside it; `priority` is for the one
 * picture a page is about, above the fold.
 */
export function ProductImage(props: {
  title: string
  image: string
  className: string
  width: number
  height: number
  sizes?: string
  alt?: string
  priority?: boolean
}) {
  if (props.image) {
    const { src, srcSet } = imageSources(props.image)
    return (
      <img
        src={src}
        srcSet={srcSet}
        sizes={srcSet ? (props.sizes ?? `${props.width}px`) : undefined}
        alt={props.alt ?? ''}
        width={props.width}
        height={props.height}
        loading={props.priority ? 'eager' : 'lazy'}
        fetchPriority={props.priority ? 'high' : undefined}
        decoding={props.priority ? 'auto' : 'async'}
        className={props.className}
      />
    )
  }
  const hue = [...props.title].reduce((sum, ch) => (sum * 31 + ch.charCodeAt(0)) % 360, 7)
  return (
    <span
      className={`${props.className} image-tile`}
      style={{ background: `hsl(${hue} 60% 92%)`, color: `hsl(${hue} 45% 30%)` }}
      aria-hidden="true"
    >
      {props.title.trim().charAt(0).toUpperCase()}
    </span>
  )
}
