export interface Deferred<T> {
  promise: Promise<T>
  resolve(value: T): void
}

/** A promise that the test resolves when something happens (Promise.withResolvers, which Node 20 lacks). */
export function deferred<T = void>(): Deferred<T> {
  let resolve: (value: T) => void = () => {}
  const promise = new Promise<T>((settle) => {
    resolve = settle
  })
  return { promise, resolve }
}
