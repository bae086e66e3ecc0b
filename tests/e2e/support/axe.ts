import AxeBuilder from '@axe-core/playwright';
import { expect, Page } from '@playwright/test';

/** Runs axe-core (WCAG 2.x A and AA plus best practices) and expects no violations. */
export async function expectNoAxeViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe violations in the ${state} state`).toEqual([]);
}
