/** `checkout-api:42` → `checkout-api`: the task definition family. */
export const familyOf = (revision: string) => revision.slice(0, revision.lastIndexOf(':'));

/** `checkout-api:42` → 42: the task definition's revision number, in registration order. */
export const numberOf = (revision: string) => Number(revision.slice(revision.lastIndexOf(':') + 1));
