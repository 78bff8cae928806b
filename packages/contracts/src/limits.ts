/**
 * Limits the services enforce and the web app shows, in one place: plain values with no dependencies, so the
 * browser bundle imports them without pulling in the schema library.
 */

/** The most of one product an order may hold. */
export const MAX_QUANTITY = 1000

/** The most addresses one shopper may keep. */
export const MAX_SAVED_ADDRESSES = 20
