// Issue 9 items 1–5: text from a file (column names, file names, formulas, messages quoting them) never
// becomes markup, script, a link, a command or a terminal control sequence. Every sink's builder gets
// the same crafted names; markdown is rendered by markdown-it with raw HTML and linkify on (as VS Code
// renders notebook markdown in a trusted workspace), and the CLI bundle runs on a crafted file.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { evaluate, DEFAULT_INPUTS } from '../../media/calculatorModel';
import { planMarkdown } from '../../media/planTable';
import { escapeHtml, markdownCode, markdownText, notificationText, quickPickText, terminalJson, terminalText } from '../../src/core/escape';
import { fitTable } from '../../src/core/fit';
import { readRunLog } from '../../src/core/runlog';
import { fitSummaryMarkdown, specNotebook } from '../../src/core/spec';
import { comparisonMarkdown } from '../../src/core/spec/summary';

const root = resolve(import.meta.dirname, '../..');

/** markdown-it comes with the dev tooling (vsce); it is the renderer VS Code's notebook markdown uses. */
const MarkdownIt = createRequire(import.meta.url)('markdown-it') as new (options: object) => { render(s: string): string; renderInline(s: string): string };
const markdown = new MarkdownIt({ html: true, linkify: true });

const IMG = `<img src=x onerror='alert(1)'> params`;
const COMMAND_LINK = '[Show details](command:workbench.action.terminal.new)';
const EMPHASIS = '**bold** _x_ | pipe';
const OSC_TITLE = '\x1b]0;title\x07';
const CLEAR = '\x1b[2J';
const OSC_52 = '\x1b]52;c;ZXZpbA==\x07';
const C1_CSI = '\x9b31m';
const CRAFTED = [IMG, COMMAND_LINK, EMPHASIS, OSC_TITLE, CLEAR, OSC_52, C1_CSI, 'https://evil.example/x and model.ai', '`tick` ``two`` $x$ # h', 'a\nb\r\nc\u2028d'];

/** What a fit summary is made of: paragraphs, the formula, the parameter table, warnings as a list. */
const SUMMARY_TAGS = ['p', 'strong', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'li'];

/** Rendered HTML that holds no element or link made from data: no tag but the wrapper ones we expect. */
function assertInert(html: string, allowedTags: readonly string[], what: string): void {
  const tags = [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1].toLowerCase());
  for (const tag of tags) assert.ok(allowedTags.includes(tag), `${what}: element <${tag}> in ${html}`);
  assert.doesNotMatch(html, /href=/i, `${what}: a link in ${html}`);
  assert.doesNotMatch(html, /<[^>]*\sonerror=/i, `${what}: an onerror attribute in ${html}`);
}

/** The text markdown-it shows for rendered inline HTML (entities decoded). */
function shownText(html: string): string {
  return html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** C0/C1 controls and DEL, except tab and newline: what no terminal-bound text may hold. */
// eslint-disable-next-line no-control-regex -- these characters are what the tests look for
const CONTROL = /[\0-\x08\x0b-\x1f\x7f-\x9f]/;
const flat = (text: string) => text.replace(/\r\n|[\n\r\u2028]/g, ' ').replace(new RegExp(CONTROL.source, 'g'), '');

describe('core/escape: one helper per output kind', () => {
  it('markdownText renders as exactly the text, with no element, link or emphasis', () => {
    for (const text of CRAFTED) {
      const html = markdown.renderInline(markdownText(text));
      assertInert(html, [], JSON.stringify(text));
      assert.equal(shownText(html), flat(text), JSON.stringify(text));
    }
  });

  it('markdownText is safe inside a table cell: one cell, nothing rendered', () => {
    for (const text of CRAFTED) {
      const html = markdown.render(`| a | b |\n|---|---|\n| ${markdownText(text)} | 1 |`);
      assertInert(html, ['table', 'thead', 'tbody', 'tr', 'th', 'td'], JSON.stringify(text));
      assert.equal(html.match(/<td>/g)?.length, 2, `the cell split: ${html}`);
    }
  });

  it('markdownCode keeps the text literal in a code span whatever backticks it holds', () => {
    for (const text of [...CRAFTED, '`', 'a ``` b', ' lead']) {
      const html = markdown.renderInline(markdownCode(text));
      assertInert(html, ['code'], JSON.stringify(text));
      assert.equal(shownText(html.replace(/^<code>|<\/code>$/g, '')), flat(text), JSON.stringify(text));
    }
  });

  it('notificationText leaves no [label](target) link syntax', () => {
    for (const text of [COMMAND_LINK, `x ${COMMAND_LINK} [a](https://evil.example) [b](file:///etc/passwd)`]) {
      const shown = notificationText(text);
      assert.doesNotMatch(shown, /\[[^\]]*\]\([^)]*\)/, shown);
      assert.doesNotMatch(shown, /\]\(command:/, shown);
      assert.match(shown, /Show details/);
    }
    assert.equal(notificationText('line\nbreak\x1b[2J alpha = 0.34 [0.31, 0.37]'), 'line break[2J alpha = 0.34 [0.31, 0.37]', 'other brackets stay');
    assert.doesNotMatch(notificationText('[x]\x01(command:y) [z]\n(command:y)'), /\]\(/, 'a control or a line break cannot hide the link');
  });

  it('quickPickText leaves no $(icon) syntax and reads the same', () => {
    const shown = quickPickText('$(warning) loss\n$(x)');
    assert.doesNotMatch(shown, /\$\(/, shown);
    assert.equal(shown.replace(/\u200b/g, ''), '$(warning) loss $(x)');
    assert.equal(quickPickText('train/loss ($)'), 'train/loss ($)', 'other dollars and brackets stay');
  });

  it('terminalText and terminalJson leave no C0/C1 control byte but tab and newline', () => {
    for (const text of CRAFTED) {
      assert.doesNotMatch(terminalText(`${text}\tend\n`), CONTROL, JSON.stringify(text));
      const json = terminalJson({ name: text }, 2);
      assert.doesNotMatch(json, CONTROL, json);
      assert.deepEqual(JSON.parse(json), { name: text }, 'JSON output keeps the exact string');
    }
  });

  it('escapeHtml escapes the five HTML characters', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('every markdown sink escapes what the file says', () => {
  const csv = readFileSync(join(root, 'examples/chinchilla-sweep.csv'), 'utf8').split('\n');

  it('the fit summary output (issue item 1: the N column name in the embedding-count warning)', () => {
    for (const name of [IMG, COMMAND_LINK, EMPHASIS]) {
      const header = csv[0].replace('params', `"${name.replace(/"/g, '""')}"`);
      const table = readRunLog([header, ...csv.slice(1)].join('\n'), { fileName: 'crafted.csv', map: { N: name } });
      const fit = fitTable(table, { law: 'chinchilla', objective: 'huber-log' });
      assert.ok(fit.warnings.some((w) => w.message.includes(name)), 'the warning quotes the column name');
      const html = markdown.render(fitSummaryMarkdown([fit], [{ law: 'bnsl', message: `bad column ${name}` }]));
      assertInert(html, SUMMARY_TAGS, name);
      assert.ok(shownText(html).includes(name), `the name is shown as text: ${html}`);
    }
  });

  it('the verdict of a comparison cell (a formula law from the spec, its reason, the CV sentence)', () => {
    for (const text of CRAFTED) {
      const view = {
        rows: [{ label: text, paramCount: 3, n: 9, cvAre: 0.01, inSampleMape: 0.01, aic: 1, bic: 2, fitMs: 3, warnings: [text] }],
        recommended: { row: 0, reason: `lowest CV error; not scored: ${text}` },
        cv: `CV: 3 folds along ${text}`,
      };
      const html = markdown.render(comparisonMarkdown(view));
      assertInert(html, SUMMARY_TAGS, JSON.stringify(text));
      assert.ok(shownText(html).includes(flat(text)), `shown as text: ${html}`);
      assertInert(markdown.render(comparisonMarkdown({ ...view, recommended: undefined })), SUMMARY_TAGS, 'no recommendation');
    }
  });

  it('a custom formula is shown in a code span it cannot leave', () => {
    const table = readRunLog(csv.join('\n'), { fileName: 'x.csv' });
    const fit = fitTable(table, { law: 'chinchilla', objective: 'huber-log' });
    const crafted = { ...fit, law: { ...fit.law, id: IMG, formula: `E + A/N^alpha \`</code><img src=x onerror=alert(1)>` } };
    assertInert(markdown.render(fitSummaryMarkdown([crafted])), SUMMARY_TAGS, 'formula');
  });

  it('the title cell of a fit notebook (item 2: the file name)', () => {
    for (const name of [`${IMG}.csv`, `${COMMAND_LINK}.csv`, 'runs.ai']) {
      const source = specNotebook({ data: name, laws: ['chinchilla'] }, `Fit of ${name}`).cells[0].source;
      const html = markdown.render(source);
      assertInert(html, ['h1'], name);
      assert.equal(shownText(html).trim(), `<h1>Fit of ${name}</h1>`);
    }
  });

  it("the calculator's Markdown (copy, Insert into notebook) with a crafted fit label", () => {
    for (const name of [IMG, COMMAND_LINK]) {
      const evaluation = evaluate(
        { ...DEFAULT_INPUTS, lawSource: 'current-fit', flops: '5.76e23', price: '', gpus: '' },
        { list: [{ id: 'f#0', law: { id: 'chinchilla', params: { E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28 } }, fittedRange: { N: [7e7, 1.6e10] }, label: `chinchilla fit of ${name}.csv` }], active: 'f#0' },
      );
      assert.ok(evaluation.ok);
      const text = planMarkdown(evaluation.plan.result, evaluation.plan.lawLabel);
      const html = markdown.render(text);
      assertInert(html, ['h3', 'ul', 'li', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'blockquote', 'strong', 'em', 'code'], name);
      assert.ok(shownText(html).includes(name));
    }
  });
});

describe('the CLI prints no terminal control sequence from a file (item 5)', () => {
  let dir = '';
  let file = '';
  const column = `${OSC_TITLE}${CLEAR}${OSC_52}${C1_CSI} params`;

  before(() => {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'pipe' });
    dir = mkdtempSync(join(tmpdir(), 'escape-'));
    const csv = readFileSync(join(root, 'examples/chinchilla-sweep.csv'), 'utf8').split('\n');
    // The file name carries the sequences too (POSIX allows any byte but / and NUL).
    file = join(dir, process.platform === 'win32' ? 'crafted.csv' : `run\x1b]0;pwned\x07\x9b2J.csv`);
    writeFileSync(file, [csv[0].replace('params', `"${column}"`), ...csv.slice(1)].join('\n'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const RUNS: Array<{ args: string[]; status: number; what: string }> = [
    { args: ['inspect'], status: 0, what: 'inspect (column table)' },
    { args: ['fit', '--law', 'chinchilla', '--map', `N=${column}`], status: 0, what: 'fit (warning quotes the column)' },
    { args: ['inspect', '--json'], status: 0, what: 'inspect --json' },
    { args: ['fit', '--law', 'chinchilla', '--map', `N=${column}`, '--json'], status: 0, what: 'fit --json' },
    { args: ['fit', '--law', 'chinchilla', '--where', `${column} > 1`], status: 2, what: 'an error that quotes the name' },
  ];
  for (const { args, status, what } of RUNS) {
    it(what, () => {
      const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), args[0], file, ...args.slice(1)], { encoding: 'utf8' });
      assert.equal(r.status, status, r.stderr);
      assert.ok(`${r.stdout}${r.stderr}`.includes('52;c;ZXZpbA=='), 'the crafted name is printed (made harmless)');
      assert.doesNotMatch(r.stdout, CONTROL, `stdout: ${JSON.stringify(r.stdout.slice(0, 400))}`);
      assert.doesNotMatch(r.stderr, CONTROL, `stderr: ${JSON.stringify(r.stderr.slice(0, 400))}`);
      if (args.includes('--json') && r.status === 0) {
        // JSON keeps the exact names (escaped, not stripped).
        assert.ok(r.stdout.includes('\\u001b]52;c;ZXZpbA==\\u0007') || r.stdout.includes('\\u001b'), 'the name is kept as \\u escapes');
        JSON.parse(r.stdout);
      }
    });
  }
});
