/** One value (a cache, a queue) per database: tests open many, and a closed one's goes with it. */
export function perDatabase<D extends object, C>(make: (db: D) => C): (db: D) => C {
  const caches = new WeakMap<D, C>();
  return (db) => {
    let cache = caches.get(db);
    if (!cache) caches.set(db, (cache = make(db)));
    return cache;
  };
}

