// The ceiling: a bare Fastify route answering a fixed body, to measure what this machine serves for a response of
// a given size and encoding. PUT /__body sets the body (raw bytes; content type and encoding in the query).
import Fastify from 'fastify'

const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 })
let body: Buffer = Buffer.alloc(0)
let headers: Record<string, string> = {}

app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, raw, done) => done(null, raw))
app.put<{ Querystring: { type?: string; encoding?: string }; Body: Buffer }>('/__body', async (request) => {
  body = request.body
  headers = { 'content-type': request.query.type ?? 'application/octet-stream' }
  if (request.query.encoding) headers['content-encoding'] = request.query.encoding
  return { bytes: body.length }
})
app.get('/*', async (_request, reply) => reply.headers(headers).send(body))
app.post('/*', async (_request, reply) => reply.headers(headers).send(body))

const address = await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`${address}\n`)
