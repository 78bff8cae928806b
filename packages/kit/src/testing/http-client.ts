/** The in-process client under the names the tests use. */
export {
  type InProcessClient as TestClient,
  type InProcessResponse as TestResponse,
  inProcessClient as testClient,
} from '../http/in-process-client.ts'
