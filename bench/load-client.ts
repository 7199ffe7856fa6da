// The load generator as its own process (`tsx bench/load-client.ts`), so the requests it sends and the
// server it measures do not share one event loop. Reads a job as JSON on stdin, prints the result as JSON.
import { closedLoop, type LoadJob } from './load.js';
import { sendSigned, slashCommandBody } from '../tests/support/slack-signing.js';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const job = JSON.parse(Buffer.concat(chunks).toString('utf8')) as LoadJob;
const send = (phase: string) => (i: number) =>
  sendSigned(job.url, slashCommandBody({ command: job.command, text: job.text, user_id: job.user, team_id: 'T0BENCH', channel_id: 'C0OFFICE', trigger_id: `${phase}${i}-${process.pid}`, response_url: job.responseUrl }), { signingSecret: job.secret });
if (job.warmup > 0) await closedLoop(job.warmup, job.concurrency, send('w'));
const result = await closedLoop(job.total, job.concurrency, send('t'));
process.stdout.write(JSON.stringify(result));
