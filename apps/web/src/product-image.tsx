/**
 * A product's picture, or for a product without one a coloured tile with its initial, so a catalog without
 * photos still looks deliberate. The colour comes from the title, so a product keeps its colour everywhere.
 */
export function ProductImage(props: {
  title: string
  image: string
  className: string
  width: number
  height: number
}) {
  if (props.image)
    return (
      <img
        src={props.image}
        alt=""
        width={props.width}
        height={props.height}
        loading="lazy"
        className={props.className}
      />
    )
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
