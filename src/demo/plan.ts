/**
 * The demo's script: a pure, seeded simulation of a multi-agent coordination run. `planDemo` returns every
 * event with its time (at speed 1); the presenters only play it back, so two runs with the same seed show
 * the same thing and tests can check the plan without waiting for it.
 */

/** The coordination phases, in the order a run goes through them. */
export const demoPhases = ['initial_answer', 'enforcement', 'presentation'] as const;

/** DemoPhase is one coordination phase. */
export type DemoPhase = (typeof demoPhases)[number];

/** The failure modes `--fail` can simulate. */
export const demoFailures = ['config', 'execution', 'timeout', 'stuck', 'agent-error'] as const;

/** DemoFailure is one simulated failure mode. */
export type DemoFailure = (typeof demoFailures)[number];

/** DemoEventBody is what happens at one moment of the run. */
export type DemoEventBody =
  | { kind: 'phase'; phase: DemoPhase }
  | { kind: 'start'; agent: string }
  | { kind: 'chunk'; agent: string; text: string }
  | { kind: 'answer'; agent: string }
  | { kind: 'agent-error'; agent: string; message: string }
  | { kind: 'vote'; agent: string; target: string }
  | { kind: 'winner'; agent: string }
  | { kind: 'final-chunk'; text: string }
  | { kind: 'done' };

/** DemoEvent is one event of the plan: its time at speed 1 and the completion percentage it brings the run to. */
export type DemoEvent = DemoEventBody & { atMs: number; completion: number };

/** DemoAgent is one simulated agent. */
export interface DemoAgent {
  id: string;
  model: string;
}

/** DemoPlan is the whole scripted run. */
export interface DemoPlan {
  question: string;
  seed: number;
  agents: DemoAgent[];
  events: DemoEvent[];
  /** Time of the last event at speed 1. */
  durationMs: number;
}

/** Options of `planDemo`. */
export interface DemoPlanOptions {
  /**
   * Number of agents (1–6).
   * @default 3
   */
  agents?: number;
  /**
   * Seed of the pseudo-random generator: same seed, same run.
   * @default 1
   */
  seed?: number;
  /**
   * The question the agents answer.
   * @default defaultDemoQuestion
   */
  question?: string;
  /**
   * `agent-error` scripts one agent failing midway; other failures are played by the runner, not the plan.
   * @default undefined
   */
  fail?: DemoFailure;
}

/** The question asked when `--question` is not given. */
export const defaultDemoQuestion = 'What are the trade-offs between SQLite and PostgreSQL for a small web app?';

const models = ['gpt-5-mini', 'claude-sonnet-4', 'gemini-2.5-pro', 'grok-4-fast', 'qwen3-coder', 'llama-4-scout'];

// ASCII only: the rich display measures text by its length.
const openers = [
  'In short, it depends on the workload.',
  'Here is a careful comparison.',
  'Both are good choices, for different reasons.',
  'Let me weigh the main factors.',
  'The honest answer is: start simple.',
  'Looking at this from an operations angle:',
];
const sentences = [
  'SQLite is a single file with no server to run, so setup and backups are trivial.',
  'PostgreSQL handles many concurrent writers, while SQLite serializes writes behind one lock.',
  'For a small app with modest traffic, SQLite in WAL mode is usually fast enough.',
  'PostgreSQL offers richer types such as JSONB, arrays and full-text search out of the box.',
  'Migrating later is possible, but an ORM keeps the cost of switching low.',
  'Managed PostgreSQL adds a monthly bill and a network hop to every query.',
  'SQLite lives in the same process, so reads take microseconds instead of milliseconds.',
  'If several app servers must share the data, PostgreSQL is the natural fit.',
  'Replication and point-in-time recovery are mature in PostgreSQL; SQLite needs tools like Litestream.',
  'Testing is simpler with SQLite because each test can use a fresh in-memory database.',
  'Row-level security and roles in PostgreSQL help when several teams touch the data.',
  'Watch out for long write transactions in SQLite: they block every other writer.',
  'Measure first: most small apps never outgrow a single SQLite file.',
  'PostgreSQL extensions such as PostGIS can save weeks of work for special domains.',
];
const closers = [
  'Recommendation: start with SQLite, and move to PostgreSQL when concurrency demands it.',
  'Verdict: PostgreSQL if you expect growth or many writers, SQLite otherwise.',
  'Bottom line: pick SQLite for simplicity, PostgreSQL for concurrency and features.',
];
const agentErrors = ['API error 429: rate limit exceeded (after 3 retries)', 'connection reset by peer while streaming (upstream 502)'];

/** createRandom returns a small seeded pseudo-random generator (mulberry32) giving numbers in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** shuffle returns a shuffled copy (Fisher–Yates) driven by `random`. */
function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}

/** planDemo scripts a whole coordination run, deterministically from the seed. */
export function planDemo(options: DemoPlanOptions = {}): DemoPlan {
  const agentCount = options.agents ?? 3;
  if (!Number.isInteger(agentCount) || agentCount < 1 || agentCount > 6) throw new TypeError(`agents: expected 1 to 6, got ${agentCount}`);
  const seed = options.seed ?? 1;
  const question = options.question ?? defaultDemoQuestion;
  const random = createRandom(seed);
  const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

  const offset = between(0, models.length - 1);
  const agents: DemoAgent[] = Array.from({ length: agentCount }, (_, index) => ({
    id: `agent_${String.fromCharCode(97 + index)}`,
    model: models[(offset + index) % models.length],
  }));
  const failing = options.fail === 'agent-error' ? agents[agents.length > 1 ? between(1, agents.length - 1) : 0] : undefined;

  const events: DemoEventBody[] = [];
  const times: number[] = [];
  const at = (atMs: number, body: DemoEventBody) => {
    times.push(atMs);
    events.push(body);
  };

  at(0, { kind: 'phase', phase: 'initial_answer' });
  const answers = new Map<string, string>();
  let lastAnswerMs = 0;
  agents.forEach((agent, index) => {
    const chosen = shuffle(sentences, random).slice(0, between(4, 6));
    const text = [pick(openers), ...chosen, pick(closers)].join(' ');
    answers.set(agent.id, text);
    let time = 400 + index * 700 + between(0, 900);
    at(time, { kind: 'start', agent: agent.id });
    const words = text.split(' ');
    const failAfter = agent === failing ? Math.floor(words.length * 0.4) : Infinity;
    for (let word = 0; word < words.length; ) {
      if (word >= failAfter) {
        at(time + between(800, 1500), { kind: 'agent-error', agent: agent.id, message: pick(agentErrors) });
        return;
      }
      const take = between(1, 3);
      time += between(180, 520);
      at(time, { kind: 'chunk', agent: agent.id, text: (word === 0 ? '' : ' ') + words.slice(word, word + take).join(' ') });
      word += take;
    }
    time += between(300, 700);
    at(time, { kind: 'answer', agent: agent.id });
    lastAnswerMs = Math.max(lastAnswerMs, time);
  });

  const voters = agents.filter((agent) => agent !== failing);
  let time = Math.max(lastAnswerMs, ...times) + between(800, 1400);
  at(time, { kind: 'phase', phase: 'enforcement' });
  const tally = new Map<string, number>();
  for (const voter of voters) {
    time += between(1500, 3200);
    const target = pick(voters).id;
    tally.set(target, (tally.get(target) ?? 0) + 1);
    at(time, { kind: 'vote', agent: voter.id, target });
  }
  // Most votes wins; a tie goes to the earliest agent, as a stable rule readers can check.
  const winner = voters.reduce((best, agent) => ((tally.get(agent.id) ?? 0) > (tally.get(best.id) ?? 0) ? agent : best), voters[0]);
  time += between(1000, 1800);
  at(time, { kind: 'winner', agent: winner.id });
  time += 600;
  at(time, { kind: 'phase', phase: 'presentation' });
  const finalWords = (answers.get(winner.id) ?? '').split(' ');
  for (let word = 0; word < finalWords.length; ) {
    const take = between(3, 5);
    time += between(140, 300);
    at(time, { kind: 'final-chunk', text: (word === 0 ? '' : ' ') + finalWords.slice(word, word + take).join(' ') });
    word += take;
  }
  time += 1500;
  at(time, { kind: 'done' });

  // Agents stream concurrently, so the script is sorted by time; the sort is stable, keeping each agent's order.
  const order = events.map((_, index) => index).sort((a, b) => times[a] - times[b]);
  const durationMs = time;
  const timed = order.map((index) => ({ ...events[index], atMs: times[index], completion: Math.round((100 * times[index]) / durationMs) }) as DemoEvent);
  return { question, seed, agents, events: timed, durationMs };
}
