import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Where a calculator page lives: the side view (one column, side-bar colours) or the editor-area panel. */
export type CalculatorPlace = 'view' | 'panel';

/**
 * The calculator page: a nonce'd script and one stylesheet, both local. The CSP has no
 * 'unsafe-eval' (Vega runs its expression interpreter) and no inline styles or scripts.
 */
export function calculatorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, place: CalculatorPlace): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'calculator.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'calculator.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>${vscode.l10n.t('Compute-optimal calculator')}</title>
</head>
<body class="in-${place}">
<main id="root"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
