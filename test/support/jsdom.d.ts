/** The one corner of jsdom the tests use (a window for Mermaid's DOMPurify); saves a @types package. */
declare module 'jsdom' {
  export class JSDOM {
    constructor(html: string);
    readonly window: { readonly document: unknown };
  }
}
