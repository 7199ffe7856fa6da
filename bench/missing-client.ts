// The /missing load as its own process (`tsx bench/missing-client.ts`): it runs the fake Slack Web API
// and sends the staff's signed /missing commands, so neither the requests nor the fake's handling of
// the posted cards share the measured server's event loop (Slack is another machine in production).
// Protocol on stdio, one JSON line each: it prints {apiUrl, responseBase}; reads the job; prints
// {latencies} (ms from a request being sent to its card arriving at the fake) and exits.
import { createInterface } from 'node:readline';
import { FakeSlack } from '../tests/support/fake-slack.js';
import { sendSigned, slashCommandBody } from '../tests/support/slack-signing.js';

export interface MissingJob {
  url: string;
  secret: string;
  staff: number;
  rounds: number;
  /** Rounds sent first and not measured: both ends (this process is new each run) warm up on them. */
  warmupRounds: number;
  /** Channel the cards are posted to. */
  channel: string;
  /** What a card for the pupil contains; `{name}` stands for the pupil's name. */
  cardText: string;
  /** The pupil for request i; `{i}` stands for the index. */
  pupil: string;
}

/** Resolves when a chat.postMessage to `channel` with the text arrives; each call is looked at once. */
function cardWatcher(fake: FakeSlack, channel: string): { arrival(text: string): Promise<void>; stop(): void } {
  const waiting = new Map<string, () => void>();
  const stop = fake.onCall((call) => {
    if (call.method !== 'chat.postMessage' || call.body['channel'] !== channel) return;
    const body = JSON.stringify(call.body);
    for (const [text, resolve] of waiting) {
      if (body.includes(text)) {
        waiting.delete(text);
        resolve();
      }
    }
  });
  return { arrival: (text) => new Promise<void>((resolve) => waiting.set(text, resolve)), stop };
}

async function run(fake: FakeSlack, job: MissingJob): Promise<number[]> {
  const latencies: number[] = [];
  const watcher = cardWatcher(fake, job.channel);
  try {
    for (let round = 0; round < job.warmupRounds + job.rounds; round++) {
      const measured = round >= job.warmupRounds;
      await Promise.all(Array.from({ length: job.staff }, async (_, s) => {
        const i = round * job.staff + s;
        const name = job.pupil.replace('{i}', String(i));
        const card = watcher.arrival(job.cardText.replace('{name}', name));
        const t0 = performance.now();
        const body = slashCommandBody({ command: '/missing', text: `${name} by the gate`, user_id: `U${s}`, team_id: 'T0BENCH', channel_id: 'C0', trigger_id: `t${i}-${process.pid}`, response_url: fake.responseUrl(`b${i}`) });
        const res = await sendSigned(job.url, body, { signingSecret: job.secret });
        if (res.status !== 200) throw new Error(`/missing for ${name} answered ${res.status}`);
        await card;
        if (measured) latencies.push(performance.now() - t0);
      }));
    }
  } finally {
    watcher.stop();
  }
  return latencies;
}

const fake = await FakeSlack.start({ token: process.env.BENCH_TOKEN ?? 'xoxb-bench' });
process.stdout.write(`${JSON.stringify({ apiUrl: fake.apiUrl })}\n`);
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  const latencies = await run(fake, JSON.parse(line) as MissingJob);
  process.stdout.write(`${JSON.stringify({ latencies })}\n`);
  break;
}
await fake.close();
process.exit(0);
