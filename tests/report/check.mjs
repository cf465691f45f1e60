// Opens each example's report (written by run.sh) in headless Chromium and checks the DOM
// against what run.sh gathered elsewhere: the services and versions in the stack file
// (Python's tomllib) and the findings of `stackls check --format json`.
// Environment: CHROMIUM, OUT, TODAY, PW (the folder whose node_modules has playwright-core).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run this through tests/report/run.sh)`);
  return v;
};
const OUT = env('OUT');
const TODAY = env('TODAY');
const { chromium } = createRequire(path.join(env('PW'), 'package.json'))('playwright-core');

const failures = [];
const check = (ok, what) => {
  if (!ok) failures.push(what);
  return ok;
};

const browser = await chromium.launch({
  executablePath: env('CHROMIUM'),
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});

try {
  for (const example of process.argv.slice(2)) {
    const name = path.basename(example, '.stack.toml');
    const file = path.join(OUT, `${name}.html`);
    const expect = JSON.parse(fs.readFileSync(path.join(OUT, `${name}.expect.json`), 'utf8'));
    const checked = JSON.parse(fs.readFileSync(path.join(OUT, `${name}.check.json`), 'utf8'));
    const findings = checked.files.flatMap((f) => f.diagnostics);
    const at = `${name}:`;

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    // Every request the page makes: only the page itself may be loaded.
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    const consoleErrors = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    const url = `file://${file}`;
    await page.goto(url, { waitUntil: 'load' });

    const dom = await page.evaluate(() => {
      const text = (el) => (el ? el.textContent.replace(/\s+/g, ' ').trim() : null);
      const all = (sel) => [...document.querySelectorAll(sel)];
      return {
        title: document.title,
        h1: all('h1').map(text),
        h2: all('h2').map(text),
        scripts: all('script').length,
        external: all('[src], link[href], object, embed, iframe').map((e) => e.outerHTML.slice(0, 80)),
        cards: all('.service-card').map((c) => ({
          name: c.dataset.service,
          heading: text(c.querySelector('h4')),
          roles: [...c.querySelectorAll('dd[data-role]')].map((d) => d.dataset.role),
        })),
        columns: all('table.matrix thead th[data-attribute]').map((th) => th.dataset.attribute),
        rows: all('table.matrix tbody tr').map((tr) => ({
          service: tr.dataset.service,
          header: text(tr.querySelector('th[scope=row]')),
          cells: [...tr.querySelectorAll('td.cell')].map((td) => ({
            state: td.dataset.state,
            attribute: td.dataset.attribute,
            label: text(td),
            title: td.getAttribute('title') ?? '',
          })),
        })),
        collisions: all('table.collisions tbody tr').length,
        bars: all('svg.timeline g.bar').map((g) => ({
          state: g.dataset.state,
          lts: g.dataset.lts,
          box: g.querySelector('rect')?.getBoundingClientRect().toJSON(),
          title: text(g.querySelector('title')),
        })),
        versionRows: all('table.versions tbody tr').length,
        today: (() => {
          const line = document.querySelector('svg.timeline g.today line');
          const svg = document.querySelector('svg.timeline');
          if (!line || !svg) return null;
          const b = line.getBoundingClientRect();
          const s = svg.getBoundingClientRect();
          return { x: b.x, svgLeft: s.left, svgRight: s.right, label: text(document.querySelector('svg.timeline g.today text')) };
        })(),
        messages: all('li.finding .msg').map(text),
        // Each listed finding with the links its sources line gives.
        listed: all('li.finding').map((li) => ({
          rule: li.dataset.rule,
          message: text(li.querySelector('.msg')),
          cites: [...li.querySelectorAll('.cites a.cite')].map((a) => a.getAttribute('href')),
        })),
        citeLinks: all('a.cite').map((a) => a.getAttribute('href')),
        sourceIds: all('ol.sources li[id]').map((li) => li.id),
        sourceLinks: all('ol.sources a[href]').map((a) => a.getAttribute('href')),
        tablesWithoutHeaders: all('table').filter((t) => !t.querySelector('th')).length,
      };
    });

    // Structure and accessibility.
    check(dom.h1.length === 1, `${at} one h1, got ${JSON.stringify(dom.h1)}`);
    if (expect.name) check(dom.h1[0] === expect.name, `${at} h1 is the project's name ${expect.name}, got ${dom.h1[0]}`);
    for (const h of ['Overview', 'Fit matrix', 'Findings', 'Sources']) check(dom.h2.includes(h), `${at} an h2 "${h}"`);
    check(dom.scripts === 0, `${at} no script`);
    check(dom.external.length === 0, `${at} nothing loaded from elsewhere: ${dom.external.join(' ')}`);
    check(dom.tablesWithoutHeaders === 0, `${at} every table has header cells`);

    // One card per service, in the file's order.
    const cardNames = dom.cards.map((c) => c.name);
    check(JSON.stringify(cardNames) === JSON.stringify(expect.services), `${at} cards ${JSON.stringify(cardNames)} are the services ${JSON.stringify(expect.services)}`);
    for (const c of dom.cards) check(c.heading === c.name && c.roles.length > 0, `${at} card ${c.name} has its name and what it runs`);

    // The matrix: one row per service; each cell has a state, said in words too; its
    // findings are those of `check` at the matching level.
    check(JSON.stringify(dom.rows.map((r) => r.service)) === JSON.stringify(expect.services), `${at} one matrix row per service`);
    const words = { conflict: 'conflict', note: 'note', fits: 'fits', na: 'n/a' };
    const levelOf = new Map(findings.map((d) => [d.message, d.severity]));
    let coloured = 0;
    for (const row of dom.rows) {
      check(row.cells.length === dom.columns.length, `${at} row ${row.service} has a cell per column`);
      row.cells.forEach((cell, i) => {
        check(cell.attribute === dom.columns[i], `${at} ${row.service}: cell ${i} is under its column`);
        check(cell.state in words && cell.label.endsWith(words[cell.state]), `${at} ${row.service} × ${cell.attribute}: state "${cell.state}" also in words ("${cell.label}")`);
        if (cell.state === 'conflict' || cell.state === 'note') {
          coloured += 1;
          const lines = cell.title.split('\n').slice(1);
          check(lines.length > 0, `${at} ${row.service} × ${cell.attribute}: a ${cell.state} cell names its findings on hover`);
          const levels = lines.map((l) => levelOf.get(l));
          check(levels.every((l) => l !== undefined), `${at} ${row.service} × ${cell.attribute}: every finding on hover is one of check's: ${lines.join(' | ')}`);
          const strongest = levels.some((l) => l === 'error' || l === 'warning') ? 'conflict' : 'note';
          check(strongest === cell.state, `${at} ${row.service} × ${cell.attribute}: ${cell.state} but its findings are ${levels.join(', ')}`);
        }
      });
    }
    // Every tradeoff `check` reports at warning level turns some cell red.
    const redTitles = dom.rows.flatMap((r) => r.cells.filter((c) => c.state === 'conflict').map((c) => c.title)).join('\n');
    for (const d of findings.filter((d) => d.code === 'tradeoff' && d.severity === 'warning')) {
      check(redTitles.includes(d.message), `${at} the tradeoff "${d.message}" shows in a conflict cell`);
    }
    check(dom.collisions >= coloured, `${at} the collisions table lists every coloured cell (${dom.collisions} rows, ${coloured} cells)`);

    // Every finding of check is listed (the same analysis).
    for (const d of findings) check(dom.messages.includes(d.message), `${at} the finding "${d.message}" is listed`);
    check(dom.messages.length >= findings.length, `${at} ${dom.messages.length} findings listed for ${findings.length}`);
    // Every claim shown links its source, and every link lands on a listed source with a URL.
    for (const href of dom.citeLinks) check(dom.sourceIds.includes(href.slice(1)), `${at} ${href} is in the Sources list`);
    check(dom.sourceLinks.length === dom.sourceIds.length, `${at} every listed source has its URL`);
    // A tradeoff is a catalogue claim: wherever it is listed, it links the source it cites.
    for (const f of dom.listed.filter((f) => f.rule === 'tradeoff')) {
      check(f.cites.length > 0, `${at} the tradeoff "${f.message}" links its source`);
    }

    // The timeline: one bar per declared version, the today line inside it.
    check(dom.bars.length === expect.versions.length, `${at} ${dom.bars.length} bars for the ${expect.versions.length} declared versions`);
    check(dom.versionRows === dom.bars.length, `${at} the versions table repeats the bars`);
    if (expect.versions.length > 0) {
      check(dom.h2.includes('Lifecycle'), `${at} a Lifecycle section`);
      check(dom.today !== null, `${at} a today line`);
      if (dom.today) {
        check(dom.today.x > dom.today.svgLeft && dom.today.x < dom.today.svgRight, `${at} the today line lies inside the timeline`);
        check(dom.today.label?.includes(TODAY), `${at} the today line is labelled ${TODAY}: ${dom.today.label}`);
      }
      for (const b of dom.bars) {
        if (b.state === 'unknown') {
          check(/no lifecycle data|no such release cycle/.test(b.title), `${at} "${b.title}": a version without data says why`);
        } else {
          check(b.box && b.box.width > 0, `${at} bar "${b.title}" is drawn`);
        }
        const eol = findings.some((d) => d.code === 'end-of-life' && d.severity !== 'hint' && b.title.startsWith(d.message.split(' reached ')[0]));
        if (eol) check(b.state === 'past-eol', `${at} bar "${b.title}" is red: check reports its end of life`);
      }
    } else {
      check(!dom.h2.includes('Lifecycle') && dom.bars.length === 0, `${at} no timeline without versions`);
    }

    await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(OUT, `${name}-print.png`), fullPage: true });

    const others = requests.filter((u) => u !== url);
    check(others.length === 0, `${at} no request leaves the page: ${others.join(', ')}`);
    check(consoleErrors.length === 0, `${at} no console error: ${consoleErrors.join(' | ')}`);
    console.error(
      `[report-test] ${name}: ${dom.cards.length} cards, ${dom.columns.length} columns, ${coloured} coloured cells, ` +
        `${dom.bars.length} bars, ${dom.messages.length} findings, ${dom.sourceIds.length} sources; 1 request`,
    );
    await context.close();
  }
} finally {
  await browser.close();
}

if (failures.length) {
  console.error(`\n${failures.length} check(s) failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.error('[report-test] all checks passed');
