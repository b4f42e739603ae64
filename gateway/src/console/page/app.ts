/// <reference lib="dom" />
// The console's page script: plain DOM, bundled with the graphql-ws client by esbuild when the gateway first serves
// it (../assets.ts). It reads what any client can read with the same token: /api/services/status, /api/console/*
// and the `events` subscription.
import { createClient, type Client } from 'graphql-ws';

const TOKEN_KEY = 'puchi-console-token';
const REFRESH_MS = 5000;
/** The event topics `events(topics:)` takes (the schema's `EventTopic`), shown as their topic names. */
const EVENT_TOPICS: Record<string, string> = {
  USER: 'user-events',
  LESSON: 'lesson-events',
  PROGRESS: 'progress-events',
  MEDIA: 'media-events',
  NOTIFICATION: 'notification-events',
  VOCABULARY: 'vocabulary-events',
  QUIZ: 'quiz-events',
  ANALYTICS: 'analytics-events',
};
const TAIL_MAX = 200;

interface Instance {
  instanceId: string;
  host?: string;
  pid?: number;
  /** `restoring` while its store catches up (it answers nothing yet); `halted`: its store stopped at `halt`. */
  state: 'restoring' | 'ready' | 'halted';
  /** With `halted`: the event its store cannot apply, and why. */
  halt?: { topic: string; partition: number; offset: string; eventId?: string; type?: string; error: string };
  lastHeartbeat: string;
}
interface Service {
  domain: string;
  status: 'up' | 'restoring' | 'halted' | 'down';
  circuit?: string;
  instances: Instance[];
  consumerGroup: { groupId: string; state: string; lag: number };
}
interface Group {
  groupId: string;
  domain: string;
  kind: 'requests' | 'reaction' | 'projection';
  from?: string;
  state: string;
  members: number;
  lag: number;
  partitions: { topic: string; partition: number; committed: string; end: string; lag: number }[];
}
interface Topic {
  name: string;
  partitions: number;
  replicationFactor: number;
  retentionMs: string | null;
  cleanupPolicy: string | null;
  endOffsets: { partition: number; offset: string }[];
}
interface DeadLetterTopic {
  topic: string;
  originalTopic: string;
  retained: number;
}
interface DeadLetter {
  topic: string;
  partition: number;
  offset: string;
  deadLetteredAt: string;
  original: { topic: string; partition: number | null; offset: string | null };
  reason: string | null;
  error: { class: string | null; message: string | null };
  key: string | null;
  value: string | null;
  redriven: { at: string; by: string | null } | null;
}
interface Me {
  userId: string;
  roles: string[];
  canRedrive: boolean;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** An element with text children only: data from the server is never parsed as HTML. */
function el(tag: string, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

const row = (attributes: Record<string, string>, ...cells: (Node | string)[]) => el('tr', attributes, ...cells.map((c) => el('td', {}, c)));
const time = (iso: string) => new Date(iso).toLocaleTimeString();
function retention(ms: string | null): string {
  if (ms === null) return '?';
  if (ms === '-1') return 'forever';
  const n = Number(ms);
  if (n >= 86_400_000) return `${+(n / 86_400_000).toFixed(1)} d`;
  if (n >= 3_600_000) return `${+(n / 3_600_000).toFixed(1)} h`;
  return `${+(n / 60_000).toFixed(1)} min`;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let token = sessionStorage.getItem(TOKEN_KEY) ?? '';
let me: Me | undefined;
let timer: ReturnType<typeof setInterval> | undefined;

async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const body = (await res.json()) as T & { errors?: { message: string }[] };
  if (!res.ok) throw new ApiError(res.status, body.errors?.[0]?.message ?? `${path} answered ${res.status}`);
  return body;
}

function showError(error: unknown): void {
  $('error').textContent = error instanceof Error ? error.message : String(error);
}

/** A domain's stores, from its instances' projection groups: `restoring` while one is behind its event topic. */
function storeState(projections: Group[]): { text: string; className: string } {
  if (projections.length === 0) return { text: '–', className: '' };
  const behind = projections.filter((p) => p.lag > 0);
  if (behind.length === 0) return { text: `healthy (${projections.length} caught up)`, className: 'healthy' };
  return { text: `restoring: ${behind.map((p) => p.lag).join(', ')} events behind`, className: 'restoring' };
}

function renderServices(services: Service[], overall: string, groups: Group[]): void {
  $('overall').textContent = overall;
  $('overall').className = overall;
  $('services').replaceChildren(
    ...services.map((s) => {
      const store = storeState(groups.filter((g) => g.kind === 'projection' && g.domain === s.domain));
      const instances = s.instances.length
        ? el(
            'ul',
            {},
            ...s.instances.map((i) =>
              el(
                'li',
                { 'data-testid': 'instance', 'data-state': i.state, class: i.state === 'ready' ? '' : i.state },
                `${i.instanceId} ${i.state} (${time(i.lastHeartbeat)})${i.host ? ` on ${i.host} pid ${i.pid ?? '?'}` : ''}`,
                ...(i.halt ? [el('div', { 'data-testid': 'instance-halt', class: 'mono' }, `at ${i.halt.topic}[${i.halt.partition}]@${i.halt.offset}${i.halt.type ? ` (${i.halt.type})` : ''}: ${i.halt.error}`)] : []),
              ),
            ),
          )
        : el('span', { class: 'down' }, 'no heartbeat');
      return row(
        { 'data-testid': 'service-row', 'data-domain': s.domain },
        el('strong', {}, s.domain),
        el('span', { class: s.status }, s.status),
        el('span', { class: s.circuit ?? '' }, s.circuit ?? '–'),
        instances,
        el('span', { 'data-testid': 'service-store', class: store.className }, store.text),
        `${s.consumerGroup.groupId} (${s.consumerGroup.state})`,
        el('span', { 'data-testid': 'service-lag', class: s.consumerGroup.lag > 0 ? 'lag-behind' : '' }, String(s.consumerGroup.lag)),
      );
    }),
  );
}

function renderGroups(groups: Group[]): void {
  $('groups').replaceChildren(
    ...groups.map((g) =>
      row(
        { 'data-testid': 'group-row', 'data-group': g.groupId },
        el('code', {}, g.groupId),
        g.kind === 'reaction' ? `reaction to ${g.from ?? '?'}` : g.kind === 'projection' ? `${g.domain} store` : g.kind,
        g.state,
        String(g.members),
        el('span', { 'data-testid': 'group-lag', class: g.lag > 0 ? 'lag-behind' : '' }, String(g.lag)),
        el('span', { class: 'mono' }, g.partitions.map((p) => `${p.topic}[${p.partition}] ${p.lag} (${p.committed}/${p.end})`).join(', ') || 'nothing committed yet'),
      ),
    ),
  );
}

function renderTopics(topics: Topic[]): void {
  $('topics').replaceChildren(
    ...topics.map((t) =>
      row(
        { 'data-testid': 'topic-row', 'data-topic': t.name },
        el('code', {}, t.name),
        String(t.partitions),
        String(t.replicationFactor),
        retention(t.retentionMs),
        t.cleanupPolicy ?? '?',
        el('span', { class: 'mono' }, t.endOffsets.map((o) => `${o.partition}:${o.offset}`).join(' ')),
      ),
    ),
  );
}

function redriveButton(record: DeadLetter): HTMLElement {
  const button = el('button', { type: 'button', 'data-testid': 'redrive' }, record.redriven ? `re-driven by ${record.redriven.by ?? '?'}` : 'Re-drive') as HTMLButtonElement;
  button.disabled = !me?.canRedrive || record.redriven !== null;
  if (!me?.canRedrive) button.title = 're-driving needs the admin role';
  button.addEventListener('click', () => {
    button.disabled = true;
    api('/api/console/dead-letters/redrive', { method: 'POST', body: { topic: record.topic, partition: record.partition, offset: record.offset } })
      .then(() => loadDeadLetters())
      .catch((error: unknown) => {
        showError(error);
        button.disabled = false;
      });
  });
  return button;
}

async function loadDeadLetters(): Promise<void> {
  const topics = (await api<DeadLetterTopic[]>('/api/console/dead-letters')).filter((t) => t.retained > 0);
  const sections = await Promise.all(
    topics.map(async (t) => {
      const records = await api<DeadLetter[]>(`/api/console/dead-letters/records?topic=${encodeURIComponent(t.topic)}&limit=10`);
      return el(
        'div',
        { 'data-testid': 'dlt-topic', 'data-topic': t.topic },
        el('h3', {}, `${t.topic} (${t.retained} retained)`),
        el(
          'table',
          {},
          el('thead', {}, el('tr', {}, ...['dead-lettered', 'at', 'from', 'reason', 'error', 'key', 'value', ''].map((h) => el('th', {}, h)))),
          el(
            'tbody',
            {},
            ...records.map((r) =>
              row(
                { 'data-testid': 'dlt-record', 'data-key': r.key ?? '' },
                time(r.deadLetteredAt),
                el('span', { class: 'mono' }, `${r.partition}@${r.offset}`),
                el('span', { class: 'mono' }, `${r.original.topic}[${r.original.partition ?? '?'}]@${r.original.offset ?? '?'}`),
                r.reason ?? '?',
                `${r.error.class ?? ''}: ${r.error.message ?? ''}`,
                el('code', {}, r.key ?? '–'),
                el('code', { class: 'value' }, (r.value ?? '').slice(0, 300)),
                redriveButton(r),
              ),
            ),
          ),
        ),
      );
    }),
  );
  $('dead-letters').replaceChildren(...(sections.length ? sections : [el('p', {}, 'No dead letters.')]));
}

async function refreshLive(): Promise<void> {
  const [status, groups] = await Promise.all([api<{ status: string; services: Service[] }>('/api/services/status'), api<Group[]>('/api/console/groups')]);
  renderServices(status.services, status.status, groups);
  renderGroups(groups);
}

async function refreshAll(): Promise<void> {
  $('error').textContent = '';
  try {
    await Promise.all([refreshLive(), api<Topic[]>('/api/console/topics').then(renderTopics), loadDeadLetters()]);
  } catch (error) {
    showError(error);
  }
}

// The live tail: one graphql-ws client for the page, one `events` subscription at a time.
let client: Client | undefined;
let stopTail: (() => void) | undefined;

function tailClient(): Client {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  // connectionParams is called on every (re)connect: the current token, as the README asks of clients.
  client ??= createClient({ url, connectionParams: () => ({ authorization: `Bearer ${token}` }), retryAttempts: 5 });
  return client;
}

function startTail(topics: string[]): void {
  stopTail?.();
  const list = $('tail');
  $('tail-state').textContent = 'following';
  ($('tail-stop') as HTMLButtonElement).disabled = false;
  stopTail = tailClient().subscribe<{ events: { id: string; type: string; topic: string; partition: number; offset: string; occurredAt: string; payload: unknown } }>(
    { query: 'subscription ConsoleTail($topics: [EventTopic!]!) { events(topics: $topics) { id type topic partition offset occurredAt payload } }', variables: { topics } },
    {
      next: ({ data, errors }) => {
        if (errors?.length) return showError(new Error(errors[0]!.message));
        const e = data?.events;
        if (!e) return;
        list.prepend(el('li', { 'data-testid': 'tail-event', 'data-type': e.type }, `${time(e.occurredAt)} ${e.topic}[${e.partition}]@${e.offset} ${e.type} ${JSON.stringify(e.payload)}`));
        while (list.childElementCount > TAIL_MAX) list.lastElementChild?.remove();
      },
      error: (error) => {
        showError(error instanceof Error ? error : new Error('the live tail closed: check the token and the topics'));
        $('tail-state').textContent = 'stopped';
      },
      complete: () => ($('tail-state').textContent = 'stopped'),
    },
  );
}

function setUpTail(): void {
  $('tail-topics').replaceChildren(
    el('legend', {}, 'Event topics'),
    ...Object.entries(EVENT_TOPICS).map(([value, name]) => {
      const box = el('input', { type: 'checkbox', name: 'topic', value, id: `tail-${value}` });
      return el('label', { for: `tail-${value}` }, box, ` ${name}`);
    }),
  );
  $('tail-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const topics = Array.from(document.querySelectorAll<HTMLInputElement>('#tail-topics input:checked'), (i) => i.value);
    if (topics.length === 0) return showError(new Error('choose at least one event topic to follow'));
    startTail(topics);
  });
  $('tail-stop').addEventListener('click', () => {
    stopTail?.();
    stopTail = undefined;
    $('tail-state').textContent = 'stopped';
    ($('tail-stop') as HTMLButtonElement).disabled = true;
  });
}

async function signIn(): Promise<void> {
  try {
    me = await api<Me>('/api/console/whoami');
  } catch (error) {
    sessionStorage.removeItem(TOKEN_KEY);
    $('sign-in-error').textContent = error instanceof Error ? error.message : String(error);
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  $('who').textContent = `${me.userId} (${me.roles.join(', ')})${me.canRedrive ? '' : ', read only'}`;
  $('sign-in').hidden = true;
  $('console').hidden = false;
  $('refresh').hidden = false;
  $('sign-out').hidden = false;
  await refreshAll();
  timer = setInterval(() => void refreshLive().catch(showError), REFRESH_MS);
}

function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  if (timer) clearInterval(timer);
  stopTail?.();
  void client?.dispose();
  location.reload();
}

setUpTail();
$('sign-in').addEventListener('submit', (event) => {
  event.preventDefault();
  token = ($('token') as HTMLInputElement).value.trim();
  void signIn();
});
$('refresh').addEventListener('click', () => void refreshAll());
$('sign-out').addEventListener('click', signOut);
if (token) void signIn();
