/**
 * The number an order goes by in emails, on the tracking page and in a shopper's account: the last 8 hex digits of
 * its id (uuid v7: the random part), in capitals. A plain function with no dependencies, for services and the web app.
 */
export function orderNumberOf(orderId: string): string {
  return orderId.replace(/-/g, '').slice(-8).toUpperCase()
}
