import type { StoreProduct } from '@ambassador/contracts/http'
import { MAX_QUANTITY } from '@ambassador/contracts/limits'
import { useState } from 'react'
import { Link } from 'wouter'
import { ProductImage } from '../product-image.tsx'
import { useApi } from '../use-api.ts'
import { AddToCartButton } from './add-to-cart.tsx'
import { formatPrice } from './cart.ts'
import { catalogHref, NO_FILTERS } from './catalog-query.ts'
import { QuantityStepper } from './quantity-stepper.tsx'
import { LoadFailed, ShopFrame } from './shop-frame.tsx'

/** One product: its pictures, price, description and categories, and a quantity to add to the cart. */
export default function ProductPage({ slug }: { slug: string }) {
  const { loaded, reload } = useApi<StoreProduct>(`/api/store/products/${encodeURIComponent(slug)}`)
  return (
    <ShopFrame>
      <main className="page product-page">
        <p className="back">
          <Link href="/shop">← All products</Link>
        </p>
        {loaded.state === 'loading' && <ProductSkeleton />}
        {loaded.state === 'failed' &&
          (loaded.error.status === 404 ? (
            <div className="card empty">
              <h1>Product not found</h1>
              <p className="muted">This product is not in the shop any more, or the address is mistyped.</p>
              <Link href="/shop" className="button">
                Browse the shop
              </Link>
            </div>
          ) : (
            <>
              <h1>We could not open this product</h1>
              <LoadFailed message={loaded.error.message} retry={reload} />
            </>
          ))}
        {loaded.state === 'ready' && <Product key={loaded.data.id} product={loaded.data} />}
      </main>
    </ShopFrame>
  )
}

function Product({ product }: { product: StoreProduct }) {
  const [quantity, setQuantity] = useState(1)
  return (
    <article className="product-detail">
      <Gallery product={product} />
      <div className="product-info">
        <h1>{product.title}</h1>
        <p className="product-price">{formatPrice(product.price, product.currency)}</p>
        <p className={product.in_stock ? 'stock in' : 'stock out'}>{product.in_stock ? 'In stock' : 'Out of stock'}</p>
        {product.in_stock && (
          <div className="buy">
            <QuantityStepper
              label="Quantity"
              value={quantity}
              min={1}
              max={MAX_QUANTITY}
              onChange={setQuantity}
              lessLabel="One less"
              moreLabel="One more"
            />
            <AddToCartButton product={product} quantity={quantity} className="buy-button" />
          </div>
        )}
        {product.description && <p className="description">{product.description}</p>}
        {product.categories.length > 0 && (
          <nav aria-label="Categories" className="categories">
            <h2>Categories</h2>
            <ul>
              {product.categories.map((c) => (
                <li key={c.slug}>
                  <Link href={catalogHref({ ...NO_FILTERS, category: c.slug })} className="chip">
                    {c.name}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </div>
    </article>
  )
}

/** The product's pictures: a large one, and a row of small ones to switch it. */
function Gallery({ product }: { product: StoreProduct }) {
  const images = [...new Set(product.images.length > 0 ? product.images : [product.image])].filter(Boolean)
  const [shown, setShown] = useState(0)
  const current = images[shown] ?? ''
  return (
    <div className="gallery">
      <ProductImage
        title={product.title}
        image={current}
        alt={images.length > 1 ? `${product.title}, picture ${shown + 1} of ${images.length}` : product.title}
        className="gallery-main"
        width={800}
        height={600}
        sizes="(min-width: 60rem) 30rem, (min-width: 40rem) 50vw, 100vw"
        priority={shown === 0}
      />
      {images.length > 1 && (
        <ul className="gallery-thumbs" aria-label="Pictures">
          {images.map((image, i) => (
            <li key={image}>
              <button
                type="button"
                aria-label={`Show picture ${i + 1} of ${images.length}`}
                aria-pressed={i === shown}
                onClick={() => setShown(i)}
              >
                <ProductImage title={product.title} image={image} className="gallery-thumb" width={64} height={64} />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

function ProductSkeleton() {
  return (
    <div className="product-detail" aria-busy="true">
      <p className="visually-hidden">Loading the product…</p>
      <div className="skeleton gallery-main" />
      <div>
        <div className="skeleton" style={{ height: '2rem', width: '70%', marginBottom: '1rem' }} />
        <div className="skeleton" style={{ height: '1.5rem', width: '30%', marginBottom: '1rem' }} />
        <div className="skeleton" style={{ height: '3rem' }} />
      </div>
    </div>
  )
}
