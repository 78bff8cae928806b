import { describe, expect, it } from 'vitest'
import { checkEndpointUrl } from './endpoint-url.ts'

const PUBLIC_STORE = 'https://shop.example.com'
const LOCAL_STORE = 'http://localhost:3000'

describe('checkEndpointUrl', () => {
  it.each([
    ['https://hooks.example.com/ambassador', PUBLIC_STORE],
    ['https://hooks.example.com:8443/a?b=c', PUBLIC_STORE],
    ['https://93.184.216.34/hook', PUBLIC_STORE],
    ['http://127.0.0.1:4000/hook', LOCAL_STORE],
    ['http://localhost:4000/hook', LOCAL_STORE],
    ['http://[::1]:4000/hook', LOCAL_STORE],
  ])('accepts %s for a store at %s', (url, store) => {
    expect(checkEndpointUrl(url, store)).toBe(new URL(url).toString())
  })

  it.each([
    ['http://127.0.0.1:4000/hook', 'loopback'],
    ['https://localhost/hook', 'loopback'],
    ['http://hooks.example.com/hook', 'https://'],
    ['https://192.168.0.10/hook', 'private'],
    ['https://172.20.1.1/hook', 'private'],
    ['https://[fd00::1]/hook', 'private'],
    ['https://[::ffff:10.0.0.1]/hook', 'private'],
    ['https://0.0.0.0/hook', 'private'],
    ['https://metadata.google.internal/computeMetadata', 'private'],
    ['https://intranet/hook', 'full domain name'],
    ['javascript:alert(1)', 'https://'],
    [`https://example.com/${'a'.repeat(2_100)}`, 'longer'],
  ])('refuses %s for a public store (%s)', (url, words) => {
    expect(() => checkEndpointUrl(url, PUBLIC_STORE)).toThrow(words)
  })
})
