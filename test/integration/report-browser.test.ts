import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import test from 'ava';
import { chromium, type BrowserContext } from 'playwright-core';
import { createLab, targetSchema } from '../../harness/lab/index.ts';
import { HtmlReporter } from '../../harness/report/html-reporter.ts';
import type { RunResults } from '../../harness/report/results.ts';
import { execute } from '../../harness/runner/execute.ts';
import { discoverScenarios } from '../../harness/runner/registry.ts';
import { selectScenarios } from '../../harness/runner/selection.ts';
import { suiteSchema } from '../../harness/runner/suite.ts';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { loadVerificationList } from '../../harness/runner/verification.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { requireTool } from '../helpers/tools.ts';

/**
 * report.html in a real browser (Debian's chromium, driven by playwright-core, no browser
 * download): the report of a failing run shows its first failure on the first screen, the status
 * filter and the search hide and show scenarios, and the page loads nothing but itself. A missing
 * chromium fails the test (containers/install-deps.sh installs it).
 */
const VIEWPORT = { width: 1280, height: 800 };
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A real in-process run against a PGW whose Echo Response has the wrong message type. */
async function failingRun(reportDir: string): Promise<RunResults> {
  const base = loadTarget().target;
  const target = targetSchema.parse({
    ...base,
    name: 'pgw with echo-wrong-message-type',
    elements: { ...base.elements, pgw: { ...base.elements.pgw, faults: ['echo-wrong-message-type'] } },
  });
  const patterns = ['terminal/pdn-fallback', 'roaming/visited-network', 'core/s5-create-session', 'core/s5-echo'];
  const items = loadVerificationList();
  return execute({
    instances: selectScenarios(await discoverScenarios(), { patterns }),
    lab: createLab(target),
    suite: suiteSchema.parse({ name: 'browser', scenarios: patterns }),
    targetName: target.name,
    version: 'test',
    reportDir,
    reporters: [new HtmlReporter(items)],
    timeoutS: 60,
    interrupt: new AbortController().signal,
  });
}

test('report.html of a failing run: first failure on the first screen, filter and search work, no external request', async (t) => {
  const executablePath = requireTool('chromium');
  const dir = tempDir('report-browser');
  const results = await failingRun(dir);
  const failed = results.scenarios.filter((s) => s.status === 'failed' || s.status === 'error');
  t.deepEqual(
    failed.map((s) => s.id),
    ['core/s5-echo'],
    'the run fails exactly where the fault is',
  );
  t.true(results.scenarios.length > 20);

  const requests: string[] = [];
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(tempDir('chromium-profile'), {
      executablePath,
      headless: true,
      args: FLAGS,
      viewport: VIEWPORT,
      timeout: 60_000,
    });
    context.on('request', (r) => requests.push(r.url()));
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);

    // The first screen: the warning count and the first failure's link, by position in the viewport.
    const onFirstScreen = async (selector: string) => {
      const box = await page.locator(selector).first().boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= VIEWPORT.height && box.x + box.width <= VIEWPORT.width;
    };
    t.true(await onFirstScreen('#failures li a'), 'the first failure is on the first screen');
    t.is(await page.locator('#failures li a').first().textContent(), 'core/s5-echo');
    t.true(await onFirstScreen('.totals .warnings-t'));
    // Without the list, the failed scenario itself is further down (after the matrix and the items).
    const details = page.locator('details[id="scenario-core/s5-echo"]');
    t.true((await details.boundingBox())!.y > VIEWPORT.height, 'the failed scenario is below the first screen');
    await page.locator('#failures li a').first().click();
    t.true(await details.evaluate((d) => (d as unknown as { open: boolean }).open));
    // Scrolled to it, below the sticky filter bar rather than under it.
    const box = (await details.boundingBox())!;
    const bar = (await page.locator('#controls').boundingBox())!;
    t.true(
      box.y >= bar.y + bar.height - 1 && box.y < VIEWPORT.height,
      `scrolled to the failure (y ${box.y}, bar ${bar.y}+${bar.height})`,
    );

    // The status filter: only what did not pass.
    const visibleIds = () =>
      page.$$eval('details.scenario', (ds) =>
        [
          ...new Set(
            ds.filter((d) => !(d as unknown as { hidden: boolean }).hidden).map((d) => d.getAttribute('data-id')),
          ),
        ].sort(),
      );
    const total = new Set(results.scenarios.map((s) => s.id)).size;
    t.is(await page.locator('#shown').textContent(), `${total} of ${total} scenarios shown`);
    await page.locator('input[data-filter-status="passed"]').uncheck();
    t.deepEqual(await visibleIds(), ['core/s5-echo']);
    t.is(await page.locator('#shown').textContent(), `1 of ${total} scenarios shown`);
    t.false(await page.locator('details[data-id="core/s5-create-session/pdn-ipv6"]').first().isVisible());
    t.false(await page.locator('section.matrix').first().isVisible(), 'the matrix of passed rows is hidden too');
    await page.locator('input[data-filter-status="passed"]').check();

    // The search: every word must occur in the scenario's text.
    await page.locator('#search').fill('pdn-fallback ipv4-only');
    const found = await visibleIds();
    t.true(found.length > 0);
    t.deepEqual(
      found,
      results.scenarios
        .map((s) => s.id)
        .filter((id) => id.startsWith('terminal/pdn-fallback/') && id.includes('ipv4-only'))
        .sort(),
    );
    t.false(await page.locator('details[data-id="core/s5-echo"]').first().isVisible());
    await page.locator('#search').fill('');
    t.is((await visibleIds()).length, total);

    // The Japanese item titles ask for a CJK font.
    const font = await page
      .locator('.ja')
      .first()
      .evaluate(
        (e) =>
          (globalThis as unknown as { getComputedStyle(e: unknown): { fontFamily: string } }).getComputedStyle(e)
            .fontFamily,
      );
    t.regex(font, /Noto Sans CJK JP/);
  } finally {
    await context?.close();
  }
  t.true(requests.length > 0);
  t.deepEqual(
    requests.filter((u) => !u.startsWith('file:')),
    [],
    'the page loads nothing from elsewhere',
  );
});
