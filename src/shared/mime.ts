/** MIME types of notebook outputs (product.md "Notebook"): one source of truth for both sides. */
export const FIT_MIME = 'application/vnd.scaling-laws.fit+json';
export const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json';
