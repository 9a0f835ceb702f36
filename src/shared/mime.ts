/** MIME types of notebook outputs (product.md "Notebook"): one source of truth for both sides. */
export const FIT_MIME = 'application/vnd.scaling-laws.fit+json';
export const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json';
/** VS Code's error output (NotebookCellOutputItem.error), which a failed spec cell shows and saves. */
export const NOTEBOOK_ERROR_MIME = 'application/vnd.code.notebook.error';
