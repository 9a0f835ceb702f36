import * as vscode from 'vscode';
import { notificationText } from '../core/escape';

let channel: vscode.LogOutputChannel | undefined;

/** The extension's one output channel ("Scaling Laws"), created on first use. */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Scaling Laws', { log: true });
  return channel;
}

/** Runs `work` and logs how long it took, so budgets (activation, parse, fit) are visible to users. */
export async function timed<T>(label: string, work: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    log().info(`${label}: ${(performance.now() - start).toFixed(1)} ms`);
  }
}

/*
 * Notifications and progress titles render `[label](command:…)` as a link that runs the command, and
 * their text quotes file names, column names and formulas: every one is shown through these helpers,
 * which pass the text through notificationText (lint bans the vscode.window calls elsewhere).
 */

/** A notification with a "Show details" button that opens this log (not awaited: it settles on dismissal). */
export function notifyWithLog(message: string, warning = false): void {
  const details = vscode.l10n.t('Show details');
  // eslint-disable-next-line no-restricted-properties -- the one place notifications are shown, text escaped
  const show = warning ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(notificationText(message), details).then((choice) => {
    if (choice === details) log().show(true);
  });
}

/** An error notification with a "Show log" button: the log has what led to the error (not awaited). */
export function notifyError(message: string): void {
  const showLog = vscode.l10n.t('Show log');
  // eslint-disable-next-line no-restricted-properties -- the one place errors are shown, text escaped
  void vscode.window.showErrorMessage(notificationText(message), showLog).then((choice) => {
    if (choice === showLog) log().show(true);
  });
}

/** A plain information notification (not awaited). */
export function notifyInfo(message: string): void {
  // eslint-disable-next-line no-restricted-properties -- the one place notifications are shown, text escaped
  void vscode.window.showInformationMessage(notificationText(message));
}

/** A modal question with one action; its message and detail are escaped like any notification. */
export async function confirmModal(message: string, detail: string, action: string): Promise<boolean> {
  // eslint-disable-next-line no-restricted-properties -- the one place modal questions are shown, text escaped
  const answer = await vscode.window.showWarningMessage(notificationText(message), { modal: true, detail: notificationText(detail) }, action);
  return answer === action;
}

type NotificationProgress = vscode.Progress<{ message?: string; increment?: number }>;

/** A cancellable progress notification whose title and messages are escaped like any notification. */
export function withNotificationProgress<T>(title: string, task: (progress: NotificationProgress, token: vscode.CancellationToken) => Thenable<T>): Thenable<T> {
  // eslint-disable-next-line no-restricted-properties -- the one place progress notifications are shown, text escaped
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: notificationText(title), cancellable: true }, (progress, token) =>
    task({ report: ({ message, increment }) => progress.report({ ...(message !== undefined ? { message: notificationText(message) } : {}), ...(increment !== undefined ? { increment } : {}) }) }, token),
  );
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}
