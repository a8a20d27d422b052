// axe-core through @axe-core/playwright, with the WCAG 2.2 A/AA tag set.

import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Run axe on the page as it is now and require zero violations. */
export async function assertNoViolations(page, label = page.url()) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const report = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes
        .slice(0, 5)
        .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join(' ').trim()}`)
        .join('\n'),
  );
  assert.deepEqual(report, [], `axe found WCAG violations on ${label}`);
  // axe ran for real: it checked rules and found elements to pass.
  assert.ok(results.passes.length > 10, `axe checked too few rules on ${label}`);
}
