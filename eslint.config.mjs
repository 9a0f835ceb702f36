import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'https', 'net', 'stream', 'util', 'url', 'zlib', 'readline', 'events', 'perf_hooks'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'out/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Spreading an array into a call passes every element on the stack: beyond ~125k elements (a
      // step-level log) it throws "Maximum call stack size exceeded". Banned for the calls that take
      // data-sized arrays; use minOf/maxOf/extentOf/pushAll from src/core/arrays.ts. A spread of an
      // array literal (`Math.max(...[a, b])`) has a size fixed in the source, so it is allowed.
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(min|max)$/] > SpreadElement:not([argument.type='ArrayExpression'])",
          message: 'Math.min/Math.max(...array) overflows the stack on large arrays: use minOf/maxOf/extentOf from src/core/arrays.ts.',
        },
        {
          selector: "CallExpression[callee.property.name=/^(push|unshift|splice|concat)$/] > SpreadElement:not([argument.type='ArrayExpression'])",
          message: '.push/.unshift/.splice/.concat(...array) overflows the stack on large arrays: use pushAll from src/core/arrays.ts or a loop.',
        },
        {
          selector: "CallExpression[callee.property.name=/^(fromCharCode|fromCodePoint|of)$/] > SpreadElement:not([argument.type='ArrayExpression'])",
          message: 'String.fromCharCode/TypedArray.of(...array) overflows the stack on large arrays: decode with TextDecoder or build the array by a loop / .from().',
        },
      ],
    },
  },
  {
    // src/core runs in the extension host, the renderer, the webview and the CLI: no vscode, no Node.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['vscode', ...nodeBuiltins],
          patterns: ['node:*', 'vscode/*'],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', '__dirname'],
    },
  },
  {
    // Notifications, progress titles and MarkdownStrings render markdown links (a `command:` link runs
    // any command): text from files reaches them only through the escaping helpers of log.ts and
    // markdownString.ts (core/escape), which hold the one exemption each.
    files: ['src/extension/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'withProgress', 'appendMarkdown'].map((property) => ({
          property,
          message: 'Show text through log.ts (notifyWithLog, notifyError, withNotificationProgress) or markdownString.ts (SafeMarkdown): they escape it.',
        })),
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.property.name='MarkdownString']", message: 'Build markdown with SafeMarkdown (markdownString.ts): it escapes text from files.' }],
    },
  },
);
