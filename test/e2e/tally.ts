// Counts every check of both modes, so `npm run test:e2e` ends in one `e2e: N passed, M failed` line.
export class Tally {
  passed = 0;
  failed = 0;

  add(passed: number, failed: number): void {
    this.passed += passed;
    this.failed += failed;
  }

  pass(what: string): void {
    this.passed++;
    console.log(`  pass  ${what}`);
  }

  fail(what: string): void {
    this.failed++;
    console.log(`  FAIL  ${what}`);
  }

  summary(): string {
    return `e2e: ${this.passed} passed, ${this.failed} failed`;
  }
}
