// Issue 9 item 24: where a notebook's `data:` may read from (src/extension/notebook/dataPolicy.ts, pure).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rebasedData, resolveDataLocation, type DataContext, type UriParts } from '../../src/extension/notebook/dataPolicy';

const file = (path: string): UriParts => ({ scheme: 'file', authority: '', path });
const WS = file('/home/u/project');
const trusted: DataContext = { notebook: file('/home/u/project/notes/fit.scalenb'), folders: [WS], trusted: true };
const untrusted: DataContext = { ...trusted, trusted: false };

function kind(data: string, ctx = trusted) {
  return resolveDataLocation(data, ctx);
}

describe('notebook data: policy (issue 9 item 24)', () => {
  it('relative paths resolve against the notebook folder and are read when inside the workspace', () => {
    assert.deepEqual(kind('runs.csv'), { kind: 'inside', target: file('/home/u/project/notes/runs.csv') });
    assert.deepEqual(kind('../data/./runs.csv'), { kind: 'inside', target: file('/home/u/project/data/runs.csv') });
    assert.deepEqual(kind('/home/u/project/runs.csv'), { kind: 'inside', target: file('/home/u/project/runs.csv') });
    assert.deepEqual(kind('file:///home/u/project/a%20b.csv'), { kind: 'inside', target: file('/home/u/project/a b.csv') });
  });

  it('an unsaved notebook resolves against the first workspace folder; with none, a relative path is refused', () => {
    const untitled = { ...trusted, notebook: { scheme: 'untitled', authority: '', path: 'Untitled-1' } };
    assert.deepEqual(kind('runs.csv', untitled), { kind: 'inside', target: file('/home/u/project/runs.csv') });
    const alone = kind('runs.csv', { ...untitled, folders: [] });
    assert.equal(alone.kind, 'refused');
    assert.match((alone as { reason: string }).reason, /not saved and no folder is open/);
  });

  it('absolute paths, `..` escapes and other authorities outside the folders need confirmation', () => {
    for (const [data, shown] of [
      ['/etc/passwd', '/etc/passwd'],
      ['../../.ssh/id_rsa', '/home/u/.ssh/id_rsa'],
      ['../../../../../../etc/passwd', '/etc/passwd'],
      ['file:///home/u/project/../secret.csv', '/home/u/secret.csv'],
      ['file:///home/u/project/%2e%2e/secret.csv', '/home/u/secret.csv'],
      ['/home/u/project-other/runs.csv', '/home/u/project-other/runs.csv'],
      ['file://fileserver/share/runs.csv', 'file://fileserver/share/runs.csv'],
    ]) {
      const got = kind(data);
      assert.equal(got.kind, 'outside', data);
      assert.equal((got as { shown: string }).shown, shown, data);
    }
  });

  it('in an untrusted workspace outside paths are refused without asking; inside paths are still read', () => {
    const got = kind('/etc/passwd', untrusted);
    assert.equal(got.kind, 'refused');
    assert.match((got as { reason: string }).reason, /\/etc\/passwd is outside the workspace folders; in a restricted \(untrusted\) workspace/);
    assert.equal(kind('runs.csv', untrusted).kind, 'inside');
  });

  it('schemes other than file and the notebook/folders’ own are refused outright, whatever the trust', () => {
    for (const data of ['http://example.com/runs.csv', 'https://x/y.csv', 'command:workbench.action.terminal.new', 'vscode://settings/x', 'data:text/csv,a', 'javascript:alert(1)']) {
      const got = kind(data);
      assert.equal(got.kind, 'refused', data);
      assert.match((got as { reason: string }).reason, /URIs are not read/, data);
    }
  });

  it('a remote notebook: its own scheme and authority are inside; another authority needs confirmation', () => {
    const remote = (authority: string, path: string): UriParts => ({ scheme: 'vscode-remote', authority, path });
    const ctx: DataContext = { notebook: remote('ssh-remote+a', '/w/fit.scalenb'), folders: [remote('ssh-remote+a', '/w')], trusted: true };
    assert.deepEqual(kind('runs.csv', ctx), { kind: 'inside', target: remote('ssh-remote+a', '/w/runs.csv') });
    assert.deepEqual(kind('/etc/passwd', ctx).kind, 'outside');
    const other = kind('vscode-remote://ssh-remote+b/w/runs.csv', ctx);
    assert.equal(other.kind, 'outside');
    assert.equal((other as { shown: string }).shown, 'vscode-remote://ssh-remote+b/w/runs.csv');
  });

  it('Windows: drive paths compare ignoring case when told so; UNC paths carry their host', () => {
    const win: DataContext = { notebook: file('/c:/Users/u/p/fit.scalenb'), folders: [file('/c:/Users/u/p')], trusted: true, caseInsensitive: true };
    assert.equal(kind('C:\\Users\\u\\P\\runs.csv', win).kind, 'inside');
    assert.equal(kind('C:\\Windows\\win.ini', win).kind, 'outside');
    assert.deepEqual(kind('\\\\host\\share\\runs.csv', win), { kind: 'outside', target: { scheme: 'file', authority: 'host', path: '/share/runs.csv' }, shown: 'file://host/share/runs.csv' });
  });

  it('empty values, control characters, queries and bad escapes are refused', () => {
    for (const data of ['', '  ', 'runs\u0000.csv', 'file:///home/u/project/runs.csv?x=1', 'file:///home/u/project/%zz.csv']) assert.equal(kind(data).kind, 'refused', JSON.stringify(data));
  });
});

// Issue 11 item 5: a notebook saved elsewhere or moved keeps naming the same file.
describe('notebook data: rewritten when the notebook moves (issue 11 item 5)', () => {
  const at = (p: string) => file(`/home/u/project/${p}`);
  const untitled: UriParts = { scheme: 'untitled', authority: '', path: 'Untitled-1' };
  const folders = [WS];

  it('Save As into a subfolder, up a level, or to a sibling folder keeps a relative path to the same file', () => {
    assert.equal(rebasedData('runs.csv', at('fit.scalenb'), at('notes/fit.scalenb'), folders), '../runs.csv');
    assert.equal(rebasedData('../data/runs.csv', at('notes/fit.scalenb'), at('fit.scalenb'), folders), 'data/runs.csv');
    assert.equal(rebasedData('./runs.csv', at('a/fit.scalenb'), at('b/c/copy.scalenb'), folders), '../../a/runs.csv');
    assert.equal(rebasedData('data/my runs (v2).csv', at('fit.scalenb'), at('deep/er/fit.scalenb'), folders), '../../data/my runs (v2).csv');
  });

  it('the same folder, or a path that already names the same file from the new place, is left as written', () => {
    assert.equal(rebasedData('runs.csv', at('fit.scalenb'), at('copy.scalenb'), folders), undefined);
    assert.equal(rebasedData('../a/runs.csv', at('a/fit.scalenb'), at('b/fit.scalenb'), folders), undefined);
  });

  it('an untitled notebook (relative to the first workspace folder) gets a path relative to where it is first saved', () => {
    assert.equal(rebasedData('shared-data/kyo.csv', untitled, at('notes/fit.scalenb'), folders), '../shared-data/kyo.csv');
    assert.equal(rebasedData('shared-data/kyo.csv', untitled, at('fit.scalenb'), folders), undefined);
  });

  it('absolute paths and URIs stay as written unless the file itself moved', () => {
    assert.equal(rebasedData('/srv/runs.csv', at('fit.scalenb'), at('notes/fit.scalenb'), folders), undefined);
    assert.equal(rebasedData('file:///srv/runs.csv', at('fit.scalenb'), at('notes/fit.scalenb'), folders), undefined);
    const srvMoved = (t: UriParts) => (t.path.startsWith('/srv/') ? { ...t, path: t.path.replace('/srv/', '/data/') } : t);
    assert.equal(rebasedData('/srv/runs.csv', at('fit.scalenb'), at('fit.scalenb'), folders, srvMoved), '/data/runs.csv');
  });

  it('renaming the folder that holds the notebook: data inside it moves along, data outside it stays', () => {
    const renamed = (t: UriParts) => (t.path.startsWith('/home/u/project/exp/') ? { ...t, path: t.path.replace('/project/exp/', '/project/archive/2024/exp/') } : t);
    const from = at('exp/fit.scalenb');
    const to = at('archive/2024/exp/fit.scalenb');
    assert.equal(rebasedData('runs.csv', from, to, folders, renamed), undefined, 'moved together: the relative path still holds');
    assert.equal(rebasedData('../runs.csv', from, to, folders, renamed), '../../../runs.csv');
    assert.equal(rebasedData('../exp/runs.csv', from, to, folders, renamed), undefined, 'still names exp/runs.csv beside it');
    assert.equal(rebasedData('../../project/exp/runs.csv', from, to, folders, renamed), 'runs.csv');
  });

  it('another scheme or authority has no relative path: the new path is absolute', () => {
    const remote: UriParts = { scheme: 'vscode-remote', authority: 'ssh-remote+box', path: '/work/fit.scalenb' };
    assert.equal(rebasedData('runs.csv', at('fit.scalenb'), remote, [WS, { ...remote, path: '/work' }]), '/home/u/project/runs.csv');
    assert.equal(
      rebasedData('runs.csv', remote, at('fit.scalenb'), [WS, { ...remote, path: '/work' }]),
      'vscode-remote://ssh-remote+box/work/runs.csv',
    );
  });

  it('data that cannot be resolved (refused schemes, no folder for an untitled notebook) is left alone', () => {
    assert.equal(rebasedData('http://evil/x.csv', at('fit.scalenb'), at('notes/fit.scalenb'), folders), undefined);
    assert.equal(rebasedData('runs.csv', untitled, at('fit.scalenb'), []), undefined);
    assert.equal(rebasedData('', at('fit.scalenb'), at('notes/fit.scalenb'), folders), undefined);
  });
});
