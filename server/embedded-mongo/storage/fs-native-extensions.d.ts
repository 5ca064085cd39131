// The package ships no types; this declares the one function the data directory lock uses.
declare module 'fs-native-extensions' {
  /**
   * Takes an advisory lock on the open file without waiting: true if taken, false if another open file
   * holds it. Exclusive unless `shared`; `length` 0 means the whole file.
   */
  export function tryLock(fd: number, offset?: number, length?: number, opts?: { shared?: boolean }): boolean;
}
