// The TypeScript type of a value a JSON Schema declaration accepts, read from the declaration itself (an `as const`
// object): the config file's JSON types are derived from the fragments okta-synthetics.schema.json is written from,
// so a field is declared once and its type cannot drift from the schema editors read. Only the keywords the config's
// declarations use are read (type, const, enum, items, properties, required, oneOf); the others (ranges, patterns,
// formats) narrow no TypeScript type. No imports: the simulator reaches it through schema.ts.

/** A value the declaration `S` accepts. */
export type FromSchema<S> = S extends { readonly oneOf: readonly (infer O)[] }
  ? FromSchema<O>
  : S extends { readonly const: infer C }
    ? C
    : S extends { readonly enum: readonly (infer E)[] }
      ? E
      : S extends { readonly type: infer T }
        ? OfType<T extends readonly (infer U)[] ? U : T, S>
        : unknown;

type OfType<T, S> = T extends 'string'
  ? string
  : T extends 'integer' | 'number'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : T extends 'array'
          ? S extends { readonly items: infer I }
            ? readonly FromSchema<I>[]
            : readonly unknown[]
          : T extends 'object'
            ? S extends { readonly properties: infer P }
              ? FromFields<P, S extends { readonly required: readonly (infer R)[] } ? R : never>
              : Readonly<Record<string, unknown>>
            : never;

/** An object of the fields `P` declares, those named in `Required` required and the others optional. */
export type FromFields<P, Required = never> = Flat<
  { readonly [K in keyof P & Required]: FromSchema<P[K]> } & {
    readonly [K in Exclude<keyof P, Required>]?: FromSchema<P[K]>;
  }
>;

type Flat<T> = { [K in keyof T]: T[K] };
