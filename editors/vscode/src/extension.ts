// The stackls VS Code extension: starts `stackls lsp --stdio` for stack.toml and
// *.stack.toml files, and nothing else.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  type ErrorHandler,
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
} from 'vscode-languageclient/node';

const CLIENT_ID = 'stackls';
const CLIENT_NAME = 'stackls';

/**
 * The documents the server is for. `stack-toml` is the language this extension
 * contributes for `stack.toml` and `*.stack.toml`; the `toml` entries cover users who
 * map those files to another extension's `toml` language with `files.associations`.
 * Other `.toml` files never match.
 */
export const DOCUMENT_SELECTOR: { scheme: string; language: string; pattern?: string }[] = [
  { scheme: 'file', language: 'stack-toml' },
  { scheme: 'file', language: 'toml', pattern: '**/stack.toml' },
  { scheme: 'file', language: 'toml', pattern: '**/*.stack.toml' },
];

type ServerState = 'starting' | 'running' | 'stopped' | 'error';

let output: vscode.LogOutputChannel;
let status: vscode.StatusBarItem;
let client: LanguageClient | undefined;
let state: ServerState = 'stopped';
let stateDetail = '';
/** Where the server in use came from and its version, for the status tooltip. */
let serverLabel = '';
/** The bundled server's path inside the extension (present in a platform package only). */
let bundledServer = '';
/** Serialises start/stop/restart so that two restarts never interleave. */
let lifecycle: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  status = vscode.window.createStatusBarItem('stackls.status', vscode.StatusBarAlignment.Right, 100);
  status.name = 'stackls';
  status.command = 'stackls.showOutput';
  context.subscriptions.push(output, status);
  bundledServer = context.asAbsolutePath(path.join('server', process.platform === 'win32' ? 'stackls.exe' : 'stackls'));

  context.subscriptions.push(
    vscode.commands.registerCommand('stackls.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('stackls.restartServer', () => enqueue(restart)),
    vscode.commands.registerCommand('stackls.showReport', () => showReport()),
    // The report follows its file: saved, it is drawn again.
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (report && doc.uri.toString() === report.uri.toString()) void refreshReport();
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      updateStatus();
      // An open report follows the stack file being edited.
      const doc = editor?.document;
      if (report && doc && vscode.languages.match(DOCUMENT_SELECTOR, doc) > 0 && doc.uri.toString() !== report.uri.toString()) {
        report.uri = doc.uri;
        void refreshReport();
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Which program runs, with what: only a new process can change that. Trusting the
      // folder counts too: VS Code then reports its restricted stackls.server.* as changed.
      if (e.affectsConfiguration('stackls.server')) {
        output.appendLine('stackls.server changed: restarting the server.');
        void enqueue(restart);
      } else if (e.affectsConfiguration('stackls.lint') || e.affectsConfiguration('stackls.catalogues')) {
        // Rule levels and catalogues reach the running server, which re-checks open files.
        void enqueue(pushSettings);
      }
    }),
  );

  void enqueue(start);
}

/**
 * The report beside its stack file: the server renders it (`stackls/report`) from the
 * document's current analysis, so it shows exactly what the diagnostics say, with the
 * editor's rule levels and catalogues, and needs no other program. A webview without
 * scripts; the page itself forbids any fetch.
 */
let report: { panel: vscode.WebviewPanel; uri: vscode.Uri } | undefined;

async function showReport(): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  const uri = doc && vscode.languages.match(DOCUMENT_SELECTOR, doc) > 0 ? doc.uri : report?.uri;
  if (!uri) {
    void vscode.window.showInformationMessage('stackls: open a stack.toml to show its report.');
    return;
  }
  if (report) {
    report.uri = uri;
    report.panel.reveal(vscode.ViewColumn.Beside, true);
  } else {
    const panel = vscode.window.createWebviewPanel(
      'stackls.report',
      'Stack report',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: false, enableFindWidget: true, localResourceRoots: [] },
    );
    report = { panel, uri };
    panel.onDidDispose(() => {
      report = undefined;
    });
  }
  await refreshReport();
}

async function refreshReport(): Promise<void> {
  const shown = report;
  if (!shown) return;
  shown.panel.title = `Stack report: ${path.basename(shown.uri.fsPath)}`;
  const current = client;
  if (!current || !current.isRunning()) {
    shown.panel.webview.html = message('The stackls server is not running: see the stackls output.');
    return;
  }
  try {
    const answer = await current.sendRequest<{ html: string }>('stackls/report', {
      textDocument: { uri: current.code2ProtocolConverter.asUri(shown.uri) },
    });
    if (report === shown) shown.panel.webview.html = answer.html;
  } catch (err) {
    output.appendLine(`The report failed: ${errorMessage(err)}`);
    if (report === shown) shown.panel.webview.html = message(`The report failed: ${errorMessage(err)}`);
  }
}

/** A page that says one thing, in the report's place. */
function message(text: string): string {
  const escaped = text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>${escaped}</p></body></html>`;
}

export function deactivate(): Thenable<void> {
  return enqueue(stop);
}

function enqueue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step);
  return lifecycle;
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

async function start(): Promise<void> {
  setState('starting');
  const config = vscode.workspace.getConfiguration('stackls');
  serverLabel = '';
  if (!vscode.workspace.isTrusted) {
    output.appendLine(
      'Restricted Mode: stackls.server.path, .args and .env are read from the user and machine settings only; a workspace cannot choose which program runs.',
    );
  }
  const found = findServer(config.get<string>('server.path', ''), bundledServer);
  if (!found.ok) {
    output.appendLine(`Error: ${found.message}`);
    setState('error', found.message);
    void showNotFound(found.message);
    return;
  }
  const args = config.get<string[]>('server.args', ['lsp', '--stdio']);
  const extraEnv = config.get<Record<string, string>>('server.env', {});
  const env = { ...process.env, ...stringValues(extraEnv) };
  output.appendLine(`Starting ${found.path} ${args.join(' ')} (${found.source})`);

  const serverOptions: ServerOptions = {
    run: { command: found.path, args, options: { env } },
    debug: { command: found.path, args, options: { env } },
  };
  const crashes = new CrashHandler(found.path);
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    // A server that fails to initialise is not retried: start() rejects and says why.
    initializationFailedHandler: () => false,
    errorHandler: crashes,
    // The settings go once, here; later changes are pushed (pushSettings), and the server
    // does not ask for them again.
    initializationOptions: settingsSection(),
  };

  const next = new StacklsClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  client = next;
  next.onDidChangeState((e) => {
    if (client !== next) return;
    if (e.newState === State.Running) {
      crashes.running = true;
      setState('running');
    } else if (e.newState === State.Starting) {
      setState('starting');
    } else if (state !== 'error') {
      setState('stopped');
    }
  });
  // A failing start can end both in start() rejecting and in the crash handler: say it once.
  let reported = false;
  const fail = (message: string) => {
    if (client !== next || reported) return;
    reported = true;
    output.appendLine(`Error: ${message}`);
    setState('error', message);
    void showFailure(message);
  };
  crashes.onGiveUp = fail;
  try {
    await next.start();
    const version = next.initializeResult?.serverInfo?.version ?? 'unknown version';
    serverLabel = `stackls ${version} (${found.source}: ${found.path})`;
    output.appendLine(`Running ${serverLabel}`);
    setState('running');
  } catch (err) {
    fail(
      `the server ${found.path} failed to start (${errorMessage(err)}). ` +
        'Check stackls.server.path and stackls.server.args, and the output.',
    );
  }
}

/** The `stackls` settings the server reads (see src/lsp/settings.rs). */
function settingsSection() {
  const config = vscode.workspace.getConfiguration('stackls');
  return {
    lint: {
      allow: config.get<string[]>('lint.allow', []),
      warn: config.get<string[]>('lint.warn', []),
      deny: config.get<string[]>('lint.deny', []),
      endOfLifeWindow: config.get<number>('lint.endOfLifeWindow', 180),
    },
    catalogues: config.get<string[]>('catalogues', []),
  };
}

/** Sends changed settings to the running server, without a restart. */
async function pushSettings(): Promise<void> {
  const current = client;
  if (!current || !current.isRunning()) return;
  output.appendLine('Settings changed: sending them to the server.');
  try {
    await current.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { stackls: settingsSection() },
    });
  } catch (err) {
    output.appendLine(`Sending the settings failed: ${errorMessage(err)}`);
  }
}

/**
 * The extension reports a server that fails to start or keeps crashing itself, once, with
 * what to do about it; the client's own error notifications are kept to the output until
 * the server has run.
 */
class StacklsClient extends LanguageClient {
  override error(message: string, data?: unknown, showNotification: boolean | 'force' = true): void {
    const quiet = this.state !== State.Running;
    super.error(message, data, quiet ? false : showNotification);
  }
}

async function showFailure(message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(`stackls: ${message}`, 'Show output', 'Open setting');
  if (choice === 'Show output') output.show(true);
  if (choice === 'Open setting') openServerPathSetting();
}

/**
 * Restarts a server that crashed after it was up, at most 4 times in 3 minutes (like the
 * client's default); a server that exits before it ever ran is not restarted. Giving up is
 * reported once, through `onGiveUp`, with the status item in the error state.
 */
class CrashHandler implements ErrorHandler {
  running = false;
  onGiveUp: (message: string) => void = () => {};
  private readonly restarts: number[] = [];

  constructor(private readonly serverPath: string) {}

  error(_error: Error, _message: unknown, count: number | undefined) {
    // Logged to the output; a server that goes away ends in closed(), which reports it.
    const action = count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown;
    return { action, handled: true };
  }

  closed() {
    if (!this.running) {
      const message = `the server ${this.serverPath} exited before it was ready. Check stackls.server.path and stackls.server.args, and the output.`;
      this.onGiveUp(message);
      return { action: CloseAction.DoNotRestart, message, handled: true };
    }
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts.length && now - this.restarts[0] > 3 * 60_000) this.restarts.shift();
    if (this.restarts.length > 4) {
      const message = `the server ${this.serverPath} crashed 5 times in 3 minutes and was not restarted. Run "stackls: Restart server" once it is fixed.`;
      this.onGiveUp(message);
      return { action: CloseAction.DoNotRestart, message, handled: true };
    }
    return { action: CloseAction.Restart, message: 'The server exited; restarting it.', handled: true };
  }
}

async function stop(): Promise<void> {
  const current = client;
  client = undefined;
  if (current) {
    try {
      if (current.isRunning()) await current.stop(5000);
    } catch (err) {
      output.appendLine(`Stopping the server: ${errorMessage(err)}`);
    }
    try {
      await current.dispose();
    } catch {
      // already stopped
    }
  }
  setState('stopped');
}

type Found = { ok: true; path: string; source: 'setting' | 'bundled' | 'PATH' } | { ok: false; message: string };

/**
 * The server to run: `stackls.server.path` if set, else the binary bundled in a platform
 * package (`bundled`, absent from the universal one), else `stackls` on PATH.
 */
export function findServer(configured: string, bundled: string): Found {
  const hint =
    'Install the stackls extension package for your platform (it bundles the server), ' +
    'or install the server with `cargo install --path .` in the stackls repository, ' +
    'or set `stackls.server.path` to the executable.';
  const setting = configured.trim();
  if (setting) {
    const resolved = expand(setting);
    if (!isExecutableFile(resolved)) {
      return {
        ok: false,
        message: `stackls.server.path is "${setting}", which is not an executable file (${resolved}). ${hint}`,
      };
    }
    return { ok: true, path: resolved, source: 'setting' };
  }
  if (bundled && fs.existsSync(bundled)) {
    if (!isExecutableFile(bundled)) makeExecutable(bundled);
    if (isExecutableFile(bundled)) return { ok: true, path: bundled, source: 'bundled' };
  }
  const onPath = which('stackls');
  if (!onPath) {
    return { ok: false, message: `no stackls language server is bundled with this package or found on PATH. ${hint}` };
  }
  return { ok: true, path: onPath, source: 'PATH' };
}

/** An unzip that dropped the bundled binary's mode: restore it (the extension's own file). */
function makeExecutable(p: string): void {
  if (process.platform === 'win32') return;
  try {
    fs.chmodSync(p, 0o755);
  } catch (err) {
    output.appendLine(`The bundled server ${p} is not executable and cannot be made so: ${errorMessage(err)}`);
  }
}

function expand(p: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let out = p;
  if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) out = path.join(os.homedir(), out.slice(1));
  if (folder) out = out.replace(/\$\{workspaceFolder\}/g, folder);
  if (!path.isAbsolute(out) && folder) out = path.join(folder, out);
  return path.resolve(out);
}

function which(name: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const exts =
    process.platform === 'win32'
      ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean)
      : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

function isExecutableFile(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function showNotFound(message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(`stackls: ${message}`, 'Open setting', 'Show output');
  if (choice === 'Open setting') openServerPathSetting();
  if (choice === 'Show output') output.show(true);
}

function openServerPathSetting(): void {
  const query = 'stackls.server.path';
  // A machine setting: in a remote window (SSH, WSL, containers, code-server) it lives in
  // the Remote settings, and the User tab does not even list it.
  if (vscode.env.remoteName) {
    vscode.commands
      .executeCommand('workbench.action.openRemoteSettings', { query })
      .then(undefined, () => vscode.commands.executeCommand('workbench.action.openSettings', query));
  } else {
    void vscode.commands.executeCommand('workbench.action.openSettings', query);
  }
}

function setState(next: ServerState, detail = ''): void {
  state = next;
  stateDetail = detail;
  updateStatus();
}

function updateStatus(): void {
  const icon = { starting: '$(sync~spin)', running: '$(check)', stopped: '$(circle-slash)', error: '$(error)' }[state];
  status.text = `${icon} stackls`;
  const what = state === 'running' && serverLabel ? serverLabel : 'stackls';
  status.tooltip = `${what}: ${state}${stateDetail ? ` — ${stateDetail}` : ''} (click to show the output)`;
  status.backgroundColor =
    state === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  const doc = vscode.window.activeTextEditor?.document;
  const relevant = doc !== undefined && vscode.languages.match(DOCUMENT_SELECTOR, doc) > 0;
  if (relevant || state === 'error') status.show();
  else status.hide();
}

function stringValues(env: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env ?? {})) {
    if (v !== undefined && v !== null) out[k] = String(v);
  }
  return out;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
