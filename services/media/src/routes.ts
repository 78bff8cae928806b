import { PageOf, PageQuery } from '@ambassador/contracts/http'
import { DEFAULT_PER_PAGE } from '@ambassador/kit/http/pages'
import { type HttpApp, mountUnder, principalOf } from '@ambassador/kit/http/server'
import multipart from '@fastify/multipart'
import { Type } from 'typebox'
import { type MediaContext, pageOfImages, uploadImage } from './images.ts'
import { sendMediaFile } from './serving.ts'
import { readUploadedFile, UPLOAD_LIMITS } from './upload-form.ts'

const Variant = Type.Object({
  url: Type.String({ description: 'absolute, under PUBLIC_URL' }),
  width: Type.Integer(),
  height: Type.Integer(),
})

export const Image = Type.Object({
  id: Type.String({ description: 'uuid' }),
  hash: Type.String({ description: "the first 32 hex digits of the original's sha256" }),
  width: Type.Integer({ description: "the original's width, as displayed (after its EXIF orientation)" }),
  height: Type.Integer(),
  variants: Type.Object({ thumb: Variant, card: Variant, full: Variant }),
  url: Type.String({ description: "the card variant's URL: what a product's `image` field takes" }),
  srcset: Type.String({ description: 'every variant for `<img srcset>`: `<url> 200w, <url> 600w, <url> 1600w`' }),
  created_at: Type.String({ description: 'ISO 8601' }),
})

const MediaFileParams = Type.Object({ file: Type.String({ maxLength: 200 }) })

/** Admins upload and list images; anyone may fetch the variants' files. */
export async function mediaRoutes(app: HttpApp, ctx: MediaContext) {
  const tags = ['media']
  await mountUnder(app, '/api/admin', async (admin) => {
    // The multipart parser exists only here: every other route of the API still refuses form uploads (415).
    await admin.register(multipart, { limits: UPLOAD_LIMITS })

    admin.post(
      '/media',
      {
        config: { auth: 'admin' },
        schema: {
          tags,
          description:
            'Upload a product image: multipart/form-data, the file in the field `file` (JPEG, PNG or WebP, at most ' +
            '10 MB and 50 megapixels). 201 with the new image; 200 with the one already there when the same bytes ' +
            'were uploaded before.',
          consumes: ['multipart/form-data'],
          response: { 200: Image, 201: Image },
        },
      },
      async (request, reply) => {
        const original = await readUploadedFile(request)
        const { image, created } = await uploadImage(ctx, original, principalOf(request).userId)
        return reply.status(created ? 201 : 200).send(image)
      },
    )

    admin.get(
      '/media',
      { config: { auth: 'admin' }, schema: { tags, querystring: PageQuery, response: { 200: PageOf(Image) } } },
      (request) => {
        const { page = 1, per_page: perPage = DEFAULT_PER_PAGE } = request.query
        return pageOfImages(ctx, page, perPage)
      },
    )
  })

  const serve = {
    config: { auth: 'public' as const },
    schema: { tags, params: MediaFileParams, description: 'A variant of an image: `<hash>-<thumb|card|full>.webp`' },
  }
  // HEAD is its own route so it can answer the length without reading the file (Fastify's would read it all).
  app.get('/media/:file', { ...serve, exposeHeadRoute: false }, (request, reply) =>
    sendMediaFile(ctx.storage, request.params.file, request, reply),
  )
  app.head('/media/:file', serve, (request, reply) => sendMediaFile(ctx.storage, request.params.file, request, reply))
}
