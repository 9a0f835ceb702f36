// Issue 9 item 14: an output path that cannot be written (missing folder, a folder, a bad extension) is a
// usage error (exit 2) with a message, found before the fit runs, and never leaves a partial file.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkOutputPath, writeOutputFile } from '../../src/cli/io';
import { UserError } from '../../src/core/types';
import { cliFromSource, ROOT, STACK_LINE } from './cli-helpers';

const SWEEP = join(ROOT, 'examples', 'chinchilla-sweep.csv');
const dir = mkdtempSync(join(tmpdir(), 'scaling-laws-output-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('CLI output paths (issue 9 item 14)', () => {
  it('fit --plot into a missing folder exits 2 naming the folder, with no stack trace and no file', () => {
    const target = join(dir, 'missing', 'fit.svg');
    const r = cliFromSource(['fit', SWEEP, '--law', 'chinchilla', '--plot', target]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--plot .*fit\.svg: cannot write: folder .*missing does not exist/);
    assert.doesNotMatch(r.stderr, STACK_LINE);
    assert.equal(r.stdout, '', 'checked before the fit: no report printed');
    assert.equal(existsSync(join(dir, 'missing')), false);
  });

  it('checkOutputPath refuses a folder, a file under a file, a device and an empty name', () => {
    mkdirSync(join(dir, 'a-folder.svg'));
    const refuse = (path: string, message: RegExp) =>
      assert.throws(() => checkOutputPath('--plot', path), (e: unknown) => e instanceof UserError && e.code === 'bad-output-path' && message.test(e.message), path);
    refuse(join(dir, 'a-folder.svg'), /it is a folder/);
    refuse(join(SWEEP, 'fit.svg'), /is not a folder/);
    refuse('/dev/null', /not a regular file/);
    refuse('', /needs a file name/);
  });

  it('writeOutputFile writes the whole text and leaves no temporary file; a failed write leaves nothing', async () => {
    const target = join(dir, 'out.vl.json');
    await writeOutputFile('--plot', target, '{"ok":true}\n');
    assert.equal(readFileSync(target, 'utf8'), '{"ok":true}\n');
    await writeOutputFile('--plot', target, '{"ok":2}\n');
    assert.equal(readFileSync(target, 'utf8'), '{"ok":2}\n', 'replaces an existing file');
    await assert.rejects(writeOutputFile('--plot', join(dir, 'nope', 'x.svg'), 'x'), /folder .*nope does not exist/);
    assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);
  });

  it('fit --plot with an unknown extension exits 2 before fitting', () => {
    const r = cliFromSource(['fit', SWEEP, '--law', 'chinchilla', '--plot', join(dir, 'fit.png')]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /must end in \.svg, \.html, \.vl\.json or \.fit\.json/);
    assert.equal(r.stdout, '');
  });
});
