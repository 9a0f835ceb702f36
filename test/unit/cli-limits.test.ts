// Issue 9 items 11 and 19: numeric options are validated in one place (core/limits) and agree across the
// CLI, the notebook spec, the engine and the `scalingLaws.bootstrap` setting. Out-of-range or malformed
// values are usage errors (exit 2) with a message, never rounded, clamped or wrapped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fitTable } from '../../src/core/fit';
import { MAX_BOOTSTRAP, MAX_SEED, parseWholeNumber } from '../../src/core/limits';
import { readRunLog } from '../../src/core/runlog';
import { parseSpec } from '../../src/core/spec';
import { UserError } from '../../src/core/types';
import { cliFromSource, ROOT, STACK_LINE } from './cli-helpers';

const SWEEP = join(ROOT, 'examples', 'chinchilla-sweep.csv');

describe('numeric limits (issue 9 items 11, 19)', () => {
  it('the seed limit is the PRNG state size: 2^32 − 1', () => {
    assert.equal(MAX_SEED, 2 ** 32 - 1);
  });

  it('parseWholeNumber takes decimal digits in 0 … max and refuses everything else with a message', () => {
    assert.equal(parseWholeNumber('0', MAX_SEED), 0);
    assert.equal(parseWholeNumber('4294967295', MAX_SEED), 4294967295);
    assert.equal(parseWholeNumber('10000', MAX_BOOTSTRAP), 10000);
    for (const bad of ['', ' ', '4294967296', '1e100', '1e3', '-1', '1.5', '0x10', 'NaN', 'Infinity']) {
      const got = parseWholeNumber(bad, MAX_SEED);
      assert.equal(typeof got, 'string', `'${bad}' → ${got}`);
      assert.match(got as string, /whole number from 0 to 4294967295/);
    }
    assert.match(parseWholeNumber('10001', MAX_BOOTSTRAP) as string, /from 0 to 10000, got 10001/);
  });

  it('the scalingLaws.bootstrap setting has the same maximum', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const setting = pkg.contributes.configuration.properties['scalingLaws.bootstrap'];
    assert.equal(setting.maximum, MAX_BOOTSTRAP);
    assert.equal(setting.type, 'integer');
  });

  // Every malformed value goes through parseWholeNumber (tested above); these check the wiring end to end.
  it('CLI: --bootstrap 1e10, --seed 4294967296 and --delta "" exit 2 with a usage message', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['--bootstrap', '1e10', /--bootstrap expects a whole number from 0 to 10000, got '1e10'/],
      ['--seed', '4294967296', /--seed expects a whole number from 0 to 4294967295/],
      ['--delta', '', /--delta expects a non-negative number, got ''/],
    ];
    for (const [flag, value, message] of cases) {
      const r = cliFromSource(['fit', SWEEP, '--law', 'chinchilla', `${flag}=${value}`]);
      assert.equal(r.code, 2, `${flag} '${value}': ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, STACK_LINE);
    }
  });

  it('CLI: the largest seed is accepted and differs from seed 0 (no wrap-around)', () => {
    const fit = (seed: string) => JSON.parse(cliFromSource(['fit', SWEEP, '--law', 'chinchilla', '--bootstrap', '20', '--seed', seed, '--json']).stdout);
    const top = fit(String(MAX_SEED));
    assert.equal(top.request.seed, MAX_SEED);
    assert.notDeepEqual(top.se, fit('0').se);
  });

  it('spec: seed: 4294967296 and 1e100 are errors, 4294967295 is kept; bootstrap above 10000 is an error', () => {
    const at = (text: string) => parseSpec(`data: runs.csv\nlaw: chinchilla\n${text}`);
    assert.equal(at('seed: 4294967295').spec?.seed, MAX_SEED);
    for (const bad of ['seed: 4294967296', 'seed: 1e100', 'seed: -1', 'seed: 1.5', 'bootstrap: 10001', 'bootstrap: 1e10']) {
      const parsed = at(bad);
      assert.equal(parsed.spec, undefined, bad);
      assert.match(parsed.errors[0]?.message ?? '', /whole number from 0 to (4294967295|10000)/, bad);
    }
  });

  it('engine: a request beyond the limits (e.g. a hand-edited setting) is refused before any work', () => {
    const table = readRunLog(readFileSync(SWEEP, 'utf8'), { fileName: 'chinchilla-sweep.csv' });
    for (const request of [{ bootstrap: 1e10 }, { bootstrap: 2.5 }, { seed: 2 ** 32 }, { seed: -1 }]) {
      assert.throws(
        () => fitTable(table, { law: 'chinchilla', ...request }),
        (error: unknown) => error instanceof UserError && error.code === 'bad-request' && /whole number from 0 to/.test(error.message),
        JSON.stringify(request),
      );
    }
  });
});
