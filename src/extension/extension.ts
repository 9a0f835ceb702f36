import * as vscode from 'vscode';

// Minimal until the extension issue: activation must stay cheap, so nothing heavy is imported here.
export function activate(_context: vscode.ExtensionContext): void {}

export function deactivate(): void {}
