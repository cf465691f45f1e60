// Drives code-server in headless Chromium and checks what a person would see in a
// stack.toml: the squiggle, the Problems panel, the hover and the completion list.
// The folder is untrusted (Restricted Mode) and its settings name a marker script as the
// server, which must never run; only the bundled server is installed.
// Started by run.sh, which sets URL, CHROMIUM, CHROMIUM_PID_FILE, OUT, RUN, CS_LOG and MARKER.

import { chromium } from 'playwright-core';
import * as fs from 'node:fs';
import * as path from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run this through test/run.sh)`);
  return v;
};
const URL = env('URL');
const OUT = env('OUT');
const RUN = env('RUN');
const CS_LOG = env('CS_LOG');
const MARKER = env('MARKER');

const t0 = Date.now();
const log = (msg) => console.error(`[e2e +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class StepError extends Error {}

/**
 * Polls `probe` until it returns `true`; fails the step with `what` otherwise. Any other
 * value (a string saying what was seen instead, or false) means "not yet" and is shown in
 * the failure message.
 */
async function until(what, timeoutMs, probe, { every = 500, onRetry } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  let tries = 0;
  while (Date.now() < end) {
    try {
      last = await probe();
      if (last === true) return true;
    } catch (err) {
      if (err instanceof StepError) throw err;
      last = err;
    }
    tries += 1;
    if (onRetry) await onRetry(tries);
    await sleep(every);
  }
  const why = last instanceof Error ? `: ${last.message}` : last ? `: last saw ${JSON.stringify(last)}` : '';
  throw new StepError(`${what} (waited ${Math.round(timeoutMs / 1000)}s)${why}`);
}

let page;
let browser;
let server;
let current = 'start';

async function step(name, fn) {
  current = name;
  const started = Date.now();
  log(`step ${name} ...`);
  await fn();
  log(`step ${name}: ok (${((Date.now() - started) / 1000).toFixed(1)}s)`);
}

/** The on-screen box of the first `word` in the stack.toml editor, via a DOM Range. */
async function wordBox(word) {
  return page.evaluate((w) => {
    const lines = document.querySelector('.editor-instance .monaco-editor .view-lines');
    if (!lines) return null;
    const walker = document.createTreeWalker(lines, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const i = n.textContent.indexOf(w);
      if (i >= 0) {
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + w.length);
        const b = r.getBoundingClientRect();
        if (b.width > 0) return { x: b.x, y: b.y, width: b.width, height: b.height };
      }
    }
    return null;
  }, word);
}

/** Fails at once if the extension reported an error (e.g. the server was not found). */
async function failOnStacklsError() {
  const toasts = await page.locator('.notifications-toasts .notification-toast').allInnerTexts();
  const error = toasts.find((t) => /stackls/i.test(t));
  if (error) throw new StepError(`the extension reported: ${error.replace(/\s+/g, ' ')}`);
  const item = page.locator('.statusbar-item', { hasText: /^\s*stackls\s*$/ }).first();
  if ((await item.count()) && (await item.locator('.codicon-error').count())) {
    throw new StepError(`the stackls status item shows an error: ${await item.getAttribute('aria-label')}`);
  }
}

/** Runs a command from the Command Palette by its title (`stackls: Restart server`). */
async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${title}`);
  const short = title.replace(/^stackls: /, '');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: short }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** The text of a 1-based line of the stack.toml editor as shown (spaces normalised). */
async function lineText(n) {
  return page.evaluate((line) => {
    const lines = [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')];
    const lineHeight = lines.length ? lines[0].getBoundingClientRect().height : 0;
    // View lines are rendered in any order: sort them by their position.
    const sorted = lines
      .map((el) => ({ el, top: parseFloat(el.style.top) || el.getBoundingClientRect().top }))
      .sort((a, b) => a.top - b.top);
    const el = sorted[line - 1]?.el;
    return el ? el.textContent.replace(/\u00a0/g, ' ') : null;
  }, n);
}

async function main() {
  // launchServer, not launch: it hands out the browser's pid, which run.sh kills if
  // this process dies first (Chromium runs in a process group of its own).
  server = await chromium.launchServer({
    executablePath: env('CHROMIUM'),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const pid = server.process()?.pid;
  if (pid) fs.writeFileSync(env('CHROMIUM_PID_FILE'), String(pid));
  browser = await chromium.connect(server.wsEndpoint());
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (err) => log(`page error: ${err.message}`));

  await step('load the workbench', async () => {
    await page.goto(URL, { waitUntil: 'domcontentloaded', timeout: 120_000 });
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 180_000 });
    // The explorer lists the folder once the remote file system answers.
    await until('the explorer to list stack.toml', 120_000, () =>
      page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'stack.toml' }).first().isVisible(),
    );
  });

  await step('open stack.toml with Quick Open', async () => {
    const editorShowsFile = async () =>
      (await page.locator('.tabs-container .tab.active', { hasText: 'stack.toml' }).count()) > 0 &&
      ((await page.locator('.editor-instance .monaco-editor .view-lines').first().textContent({ timeout: 1000 })) ?? '').includes(
        'framework',
      );
    await until(
      'stack.toml to open in an editor',
      90_000,
      async () => {
        if (await editorShowsFile()) return true;
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+P');
        const input = page.locator('.quick-input-widget .quick-input-box input');
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill('stack.toml');
        const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'stack.toml' }).first();
        await row.waitFor({ state: 'visible', timeout: 15_000 });
        await page.keyboard.press('Enter');
        await sleep(1500);
        return editorShowsFile();
      },
      { every: 1000 },
    );
  });

  await step('language mode is Stack TOML', async () => {
    await until('the status bar to show the language "Stack TOML"', 60_000, async () => {
      const text = (await page.locator('.statusbar').textContent({ timeout: 1000 })) ?? '';
      return text.includes('Stack TOML') || false;
    });
  });

  await step('the folder is in Restricted Mode', async () => {
    await until('the status bar to show "Restricted Mode"', 30_000, async () => {
      const text = (await page.locator('.statusbar').textContent({ timeout: 1000 })) ?? '';
      return text.includes('Restricted Mode') || text.slice(0, 200);
    });
  });

  await step('(a) warning squiggle on "flask"', async () => {
    await until(
      'a .squiggly-warning decoration over the "flask" value (the server may not have started: see the stackls output log)',
      150_000,
      async () => {
        await failOnStacklsError();
        return flaskSquiggle();
      },
      { every: 1000 },
    );
  });

  await step('(a2) the bundled server runs, not the program the untrusted folder names', async () => {
    await until('the stackls log to name the bundled server and its version', 10_000, async () => {
      const text = stacklsLog();
      if (text.includes('not-stackls')) throw new StepError(`the workspace's server.path was used: ${text}`);
      return /Running stackls \d+\.\d+\.\d+\S* \(bundled: \S*\/server\/stackls\)/.test(text) || text.slice(-600);
    });
    if (fs.existsSync(MARKER)) throw new StepError(`the workspace's stackls.server.path ran (${MARKER} exists)`);
    const item = page.locator('.statusbar-item', { hasText: /^\s*stackls\s*$/ }).first();
    await item.hover();
    await until('the status item tooltip to name the version and "bundled"', 15_000, async () => {
      const hovers = await page.locator('.workbench-hover, .monaco-hover').allInnerTexts();
      const hit = hovers.find((t) => /stackls \d+\.\d+\.\d+/.test(t) && t.includes('bundled'));
      return hit !== undefined || hovers.join(' | ') || false;
    });
    await page.mouse.move(5, 450);
  });

  await step('(b) Problems panel lists the Flask tradeoff', async () => {
    await page.keyboard.press('Control+Shift+M');
    await until(
      'a Problems entry containing "Flask", "scalab" and "tradeoff"/"stackls"',
      60_000,
      async () => {
        const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
        const hit = rows.find((r) => r.includes('Flask') && r.includes('scalab') && /tradeoff|stackls/.test(r));
        if (hit) {
          log(`problems entry: ${hit.replace(/\s+/g, ' ')}`);
          return true;
        }
        return rows.length ? rows.map((r) => r.replace(/\s+/g, ' ')).join(' | ') : false;
      },
      {
        onRetry: async (n) => {
          if (n % 10 === 0) await page.keyboard.press('Control+Shift+M');
        },
      },
    );
  });

  await step('(c) hover on flask shows Pros and Cons', async () => {
    const word = await wordBox('flask');
    if (!word) throw new StepError('"flask" is not visible in the editor');
    const at = { x: word.x + word.width / 2, y: word.y + word.height / 2 };
    await page.mouse.move(at.x, at.y);
    await until(
      'a .monaco-hover widget containing "Pros" and "Cons"',
      60_000,
      async () => {
        const hovers = await page.locator('.monaco-hover:not(.hidden)').all();
        for (const h of hovers) {
          if (!(await h.isVisible())) continue;
          const text = (await h.textContent()) ?? '';
          if (text.includes('Pros') && text.includes('Cons')) return true;
        }
        return false;
      },
      {
        onRetry: async (n) => {
          if (n % 12 === 0) {
            // Wiggle: leave the word and come back, so that the editor asks again.
            await page.mouse.move(at.x, at.y + 200);
            await sleep(300);
            await page.mouse.move(at.x, at.y);
          }
        },
      },
    );
    await sleep(500);
    await page.screenshot({ path: path.join(OUT, 'screenshot.png') });
    log(`screenshot: ${path.join(OUT, 'screenshot.png')}`);
  });

  await step('(c2) stackls.lint.allow reaches the running server: no restart', async () => {
    await page.mouse.move(5, 450);
    await page.keyboard.press('Escape');
    // In code-server's remote window the Machine (Remote) settings are watched on disk.
    const settingsFile = path.join(RUN, 'user-data', 'Machine', 'settings.json');
    const original = fs.readFileSync(settingsFile, 'utf8');
    const withAllow = { ...JSON.parse(original), 'stackls.lint.allow': ['tradeoff'] };
    // The output channel's log file is written a moment after the fact.
    const sent = (n) => async () => {
      const count = (stacklsLog().match(/Settings changed: sending them to the server/g) ?? []).length;
      return count >= n || `${count} time(s)`;
    };
    fs.writeFileSync(settingsFile, JSON.stringify(withAllow, null, 2));
    await until('the stackls log to say the new settings were sent to the running server', 30_000, sent(1));
    // Gone for good: absent on three polls in a row, and gone from the Problems panel.
    let absent = 0;
    await until('the warning over "flask" to go once tradeoff is allowed', 30_000, async () => {
      const squiggle = await flaskSquiggle();
      absent = squiggle === false ? absent + 1 : 0;
      return absent >= 3 || squiggle;
    });
    await page.keyboard.press('Control+Shift+M');
    await until('the Problems panel to drop the Flask tradeoff', 30_000, async () => {
      const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      return !rows.some((r) => r.includes('Flask') && r.includes('tradeoff')) || rows.join(' | ');
    });
    await page.screenshot({ path: path.join(OUT, 'screenshot-allowed.png') });
    fs.writeFileSync(settingsFile, original);
    await until('the stackls log to say the settings were sent again', 30_000, sent(2));
    await until('the warning over "flask" to come back once the setting is removed', 30_000, flaskSquiggle);
    const starts = serverStarts();
    if (starts !== 1) throw new StepError(`the server was started ${starts} times; settings must not restart it`);
  });

  await step('(d) completion after "framework = " in [services.x]', async () => {
    await page.mouse.move(5, 450);
    await page.keyboard.press('Escape');
    const word = await wordBox('flask');
    if (!word) throw new StepError('"flask" is not visible in the editor');
    await page.mouse.click(word.x + word.width + 40, word.y + word.height / 2);
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('[services.x]', { delay: 40 });
    await page.keyboard.press('Escape'); // close any suggestion, so that Enter inserts a line
    await page.keyboard.press('End');
    if ((await lineText(8)) === '[services.x]]') await page.keyboard.press('Backspace'); // auto-closed and not typed over
    await page.keyboard.press('Enter');
    await page.keyboard.type('framework = ', { delay: 40 });
    await sleep(500);
    const typed = [await lineText(8), await lineText(9)];
    if (typed[0] !== '[services.x]' || typed[1].trimEnd() !== 'framework =') {
      throw new StepError(`typing went wrong: lines 8-9 read ${JSON.stringify(typed)}`);
    }
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Space');
    await until(
      'a suggest widget (.suggest-widget) listing "django" among at least five frameworks (Flask, with a tradeoff at this scale, ranks below the visible rows)',
      60_000,
      async () => {
        const widget = page.locator('.editor-instance .suggest-widget.visible');
        if (!(await widget.isVisible())) return false;
        const rows = await widget.locator('.monaco-list-row').allInnerTexts();
        const labels = rows.map((r) => r.split('\n')[0].trim());
        if (labels.some((l) => l.includes('django')) && labels.length >= 5) {
          log(`suggestions: ${labels.join(', ')}`);
          return true;
        }
        return labels.length ? labels.join(', ') : (await widget.textContent()) || false;
      },
      {
        onRetry: async (n) => {
          if (n % 8 === 0) {
            await page.keyboard.press('Escape');
            await page.keyboard.press('Control+Space');
          }
        },
      },
    );
    await page.screenshot({ path: path.join(OUT, 'screenshot-completion.png') });
    await page.keyboard.press('Escape');
  });

  await step('(e) "stackls: Restart server", then the status item opens the output', async () => {
    const item = page.locator('.statusbar-item', { hasText: /^\s*stackls\s*$/ }).first();
    const itemState = async () => {
      if (!(await item.isVisible())) return 'hidden';
      if ((await item.locator('.codicon-check').count()) > 0) return 'running';
      if ((await item.locator('.codicon-error').count()) > 0) return 'error';
      return 'other';
    };
    await until('the stackls status item to show "running"', 30_000, async () => (await itemState()) === 'running');
    await runCommand('stackls: Restart server');
    await until('the server to run again after the restart', 60_000, async () => {
      await failOnStacklsError();
      return (await itemState()) === 'running';
    });
    await page.keyboard.press('Control+Shift+M');
    await until('the Problems panel to list the Flask tradeoff again after the restart', 60_000, async () => {
      const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
      return rows.some((r) => r.includes('Flask') && r.includes('tradeoff'));
    });
    await item.click();
    await until('the status item to open the Output panel on the stackls channel', 30_000, async () => {
      const text = ((await page.locator('.part.panel').first().innerText()) ?? '').replace(/\u00a0/g, ' ');
      return /\bOutput\b/.test(text) && text.includes('stackls') && text.includes('[Trace');
    });
    await until('the stackls log to show the server started twice', 10_000, async () => {
      const starts = serverStarts();
      return starts >= 2 || `${starts} start(s)`;
    });
    await page.screenshot({ path: path.join(OUT, 'screenshot-output.png') });
  });

  await step('(e2) "stackls: Show stack report" opens the report beside the file; saving refreshes it', async () => {
    // Back to the stack file, whose last line reads `framework = ` (typed in step d).
    await page.keyboard.press('Escape');
    const tab = page.locator('.tabs-container .tab', { hasText: 'stack.toml' }).first();
    await tab.click();
    await runCommand('stackls: Show stack report');
    // The webview is a frame inside a frame: find the one showing the report.
    const reportFrame = async () => {
      for (const f of page.frames()) {
        try {
          if (await f.locator('h2#fit-h').count()) return f;
        } catch {
          // a frame that went away
        }
      }
      return undefined;
    };
    const cardOf = async (name) => {
      const f = await reportFrame();
      if (!f) return 'no report frame yet';
      const card = f.locator(`.service-card[data-service="${name}"] dd[data-role="framework"]`);
      return (await card.count()) ? (await card.first().textContent()).replace(/\s+/g, ' ').trim() : `no card ${name}`;
    };
    await until('the report to show service x running Flask (inherited from [stack])', 60_000, async () => {
      const text = await cardOf('x');
      return /Flask.*inherited/.test(text) || text;
    });
    await page.screenshot({ path: path.join(OUT, 'screenshot-report.png') });
    // Give x a framework of its own and save: the report follows.
    await tab.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('"django', { delay: 40 });
    await page.keyboard.press('Escape');
    const line = (await lineText(9)) ?? '';
    if (!line.includes('framework = "django"')) throw new StepError(`typing went wrong: line 9 reads ${JSON.stringify(line)}`);
    await page.keyboard.press('Control+S');
    await until('the report to show Django for service x after the save', 60_000, async () => {
      const text = await cardOf('x');
      return text.startsWith('Django') || text;
    });
    await page.screenshot({ path: path.join(OUT, 'screenshot-report-saved.png') });
    // Another stack file, opened: the report follows it.
    fs.writeFileSync(path.join(RUN, 'workspace', 'second.stack.toml'), '[services.worker]\nframework = "koa"\n');
    // Opened from the Explorer, which lists a new file before Quick Open's index does.
    await until('second.stack.toml to open from the Explorer', 60_000, async () => {
      if (await page.locator('.tabs-container .tab.active', { hasText: 'second.stack.toml' }).count()) return true;
      const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'second.stack.toml' }).first();
      if (!(await row.isVisible())) return 'not in the Explorer yet';
      await row.click();
      return false;
    }, { every: 1000 });
    await until('the report to follow second.stack.toml (service worker running Koa)', 60_000, async () => {
      const text = await cardOf('worker');
      return text.startsWith('Koa') || text;
    });
    await until('the report tab to name second.stack.toml', 10_000, () =>
      page.locator('.tabs-container .tab', { hasText: 'Stack report: second.stack.toml' }).isVisible(),
    );
  });

  await step('(f) other.toml is left alone', async () => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill('other.toml');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'other.toml' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await until('other.toml to open', 30_000, () =>
      page.locator('.tabs-container .tab.active', { hasText: 'other.toml' }).isVisible(),
    );
    await sleep(1000);
    const status = (await page.locator('.statusbar').textContent()) ?? '';
    if (status.includes('Stack TOML')) throw new StepError('other.toml was given the language "Stack TOML"');
  });

  await step('(g) a wrong stackls.server.path gives an error notification that opens the setting', async () => {
    // code-server reads machine settings from the Machine folder; the change restarts the server.
    fs.writeFileSync(
      path.join(RUN, 'user-data', 'Machine', 'settings.json'),
      JSON.stringify({ 'stackls.server.path': '/nonexistent/stackls' }, null, 2),
    );
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'stackls:' }).first();
    await until('an error notification about /nonexistent/stackls', 60_000, async () => {
      if (!(await toast.isVisible())) return false;
      const text = (await toast.innerText()).replace(/\s+/g, ' ');
      return (text.includes('/nonexistent/stackls') && text.includes('cargo install')) || text;
    });
    const item = page.locator('.statusbar-item', { hasText: /^\s*stackls\s*$/ }).first();
    await until('the status item to show the error', 10_000, async () => (await item.locator('.codicon-error').count()) > 0);
    await page.screenshot({ path: path.join(OUT, 'screenshot-error.png') });
    // Dispatch the click: under load, another overlay can intercept a pointer click on the
    // toast even though the button is visible and enabled.
    await toast.getByRole('button', { name: 'Open setting' }).dispatchEvent('click');
    await until('the Settings editor to show stackls.server.path', 30_000, async () => {
      const editor = page.locator('.settings-editor');
      if (!(await editor.isVisible())) return false;
      const text = (await editor.innerText()).replace(/\s+/g, ' ');
      return /Server:?\s*Path/i.test(text) || text.slice(0, 200);
    });
    await page.screenshot({ path: path.join(OUT, 'screenshot-setting.png') });
  });

  await step('(h) trusting the folder restarts the server with the folder\'s own stackls.server.path', async () => {
    await page.keyboard.press('Escape');
    await runCommand('Manage Workspace Trust');
    const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
    await trust.waitFor({ state: 'visible', timeout: 30_000 });
    await page.screenshot({ path: path.join(OUT, 'screenshot-trust.png') });
    await trust.click();
    await until('the folder\'s own server (the marker script) to run once the folder is trusted', 60_000, async () => {
      if (!fs.existsSync(MARKER)) return 'no marker yet';
      return /Running stackls \S+ \(setting: \S*not-stackls\.sh\)/.test(stacklsLog()) || 'not in the log yet';
    });
  });
}

/**
 * Whether a .squiggly-warning decoration lies over the "flask" value: true, false, or a
 * string saying what was seen (the editor not showing the word).
 */
async function flaskSquiggle() {
  const word = await wordBox('flask');
  if (!word) return '"flask" is not visible in the editor';
  const squiggles = await page.locator('.editor-instance .monaco-editor .squiggly-warning').all();
  for (const s of squiggles) {
    const b = await s.boundingBox();
    if (!b) continue;
    const sameLine = Math.abs(b.y + b.height / 2 - (word.y + word.height / 2)) < word.height;
    const overlaps = b.x < word.x + word.width && b.x + b.width > word.x;
    if (sameLine && overlaps) return true;
  }
  return false;
}

/** The extension's output channel log(s), concatenated. */
function stacklsLog() {
  return stacklsLogs()
    .filter((p) => p.endsWith('stackls.log'))
    .map((p) => fs.readFileSync(p, 'utf8'))
    .join('\n');
}

/** How many times the extension started a server (its "Starting … lsp --stdio" lines). */
function serverStarts() {
  return (stacklsLog().match(/Starting \S*stackls lsp --stdio/g) ?? []).length;
}

function stacklsLogs() {
  const found = [];
  const walk = (dir) => {
    let entries = [];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'stackls.log' || e.name === 'remoteexthost.log') found.push(p);
    }
  };
  walk(path.join(RUN, 'user-data', 'logs'));
  return found;
}

/** Errors the extension host logged against this extension (they do not fail the test). */
function reportProviderFailures() {
  for (const p of stacklsLogs().filter((f) => f.endsWith('exthost.log'))) {
    const lines = fs.readFileSync(p, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.includes('[stackls.stackls]') && line.includes('[error]')) {
        log(`WARNING: the extension host logged: ${line.trim()} ${(lines[i + 1] ?? '').trim()} (${p})`);
      }
    });
  }
}

let failed = false;
try {
  await main();
  reportProviderFailures();
  log('all checks passed');
} catch (err) {
  failed = true;
  const kind = err instanceof StepError ? '' : ' (unexpected error)';
  console.error(`\nE2E FAILED at step "${current}"${kind}: ${err instanceof Error ? err.message : err}`);
  if (page) {
    const shot = path.join(OUT, 'failure.png');
    try {
      await page.screenshot({ path: shot, timeout: 10_000 });
      console.error(`failure screenshot: ${shot}`);
    } catch (e) {
      console.error(`(no failure screenshot: ${e.message})`);
    }
  }
  console.error(`code-server log: ${CS_LOG}`);
  for (const p of stacklsLogs()) {
    console.error(`--- ${p} (last lines)`);
    const lines = fs.readFileSync(p, 'utf8').trimEnd().split('\n').filter((l) => !l.includes('[Trace'));
    console.error(lines.slice(-15).join('\n'));
  }
} finally {
  if (browser) await browser.close().catch(() => {});
  if (server) {
    await server.close().catch(() => {});
    fs.rmSync(env('CHROMIUM_PID_FILE'), { force: true });
  }
}
process.exit(failed ? 1 : 0);
