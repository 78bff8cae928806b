import type { StoreProduct } from '@ambassador/contracts/http'
import { Link } from 'wouter'
import { ProductImage } from '../product-image.tsx'
import { AddToCartButton } from './add-to-cart.tsx'
import { formatPrice } from './cart.ts'

// Two columns on a phone, three on a tablet, four from 60rem (the page is at most 64rem wide).
const CARD_SIZES = '(min-width: 60rem) 15rem, (min-width: 40rem) 31vw, 46vw'

/** One product in the catalog's grid: the whole picture and title lead to the product's page. */
export function ProductCard({ product }: { product: StoreProduct }) {
  const href = `/shop/p/${encodeURIComponent(product.slug)}`
  return (
    <li className="product-card card">
      <Link href={href} className="product-card-link">
        <ProductImage
          title={product.title}
          image={product.image}
          className="product-card-image"
          width={600}
          height={450}
          sizes={CARD_SIZES}
        />
        <h3 className="product-card-title">{product.title}</h3>
      </Link>
      <p className="product-card-price">
        {formatPrice(product.price, product.currency)}
        {!product.in_stock && <span className="badge">Out of stock</span>}
      </p>
      <AddToCartButton product={product} className="product-card-add" />
    </li>
  )
}
