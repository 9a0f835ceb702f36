import * as vscode from 'vscode';
import { markdownCode, markdownText } from '../core/escape';

/**
 * A MarkdownString for hovers and tooltips that quote the file (column names, law ids): our markup is
 * appended as markdown, the file's text through `data`, which escapes it with core/escape markdownText.
 * That is stricter than MarkdownString.appendText, which leaves `.` and `:` alone, so a column named
 * `https://…` would still be auto-linked. No HTML support; command links only from `enabledCommands`.
 */
export class SafeMarkdown {
  readonly value: vscode.MarkdownString;

  constructor(enabledCommands: readonly string[] = []) {
    // eslint-disable-next-line no-restricted-syntax -- the one MarkdownString factory
    this.value = new vscode.MarkdownString();
    this.value.supportHtml = false;
    this.value.isTrusted = enabledCommands.length > 0 ? { enabledCommands: [...enabledCommands] } : false;
  }

  /** Our own markdown (headings, list markers, command links we build). */
  markup(markdown: string): this {
    // eslint-disable-next-line no-restricted-properties -- our own markup
    this.value.appendMarkdown(markdown);
    return this;
  }

  /** Text that may come from a file, shown literally. */
  data(text: string): this {
    // eslint-disable-next-line no-restricted-properties -- escaped
    this.value.appendMarkdown(markdownText(text));
    return this;
  }

  /** Text that may come from a file, shown literally as code (a law id). */
  code(text: string): this {
    // eslint-disable-next-line no-restricted-properties -- a code span shows its content literally
    this.value.appendMarkdown(markdownCode(text));
    return this;
  }
}
