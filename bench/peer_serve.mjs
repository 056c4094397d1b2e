// The serving peer for bench/serve.sh (issue #19): GoRules Zen's Node binding
// behind Node's own HTTP server, answering POST /check with one claim of the
// peer decision (../shared/peers/DECISION.md), so `odenek serve --rules
// bench/peer_rules` and Zen serve the same decision to the same wrk load.
//
//   node bench/peer_serve.mjs PORT [WORKERS]
//
// WORKERS (default 2, the VM's cores) Node processes share the port (node:cluster);
// each evaluates on Zen's Rust pool. Prints "listening on 127.0.0.1:PORT" when all
// workers are up. The npm packages live outside the repo (/tmp/peers-node, see
// ../shared/peers/README.md); PEERS_NODE_MODULES overrides the folder.
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';

const port = Number(process.argv[2] || 0);
const workers = Number(process.argv[3] || 2);
const nodeModules = process.env.PEERS_NODE_MODULES || '/tmp/peers-node/node_modules';
const decisionFile = process.env.PEER_DECISION ||
  path.join(path.dirname(new URL(import.meta.url).pathname), '../../shared/peers/zen/decision.json');

if (cluster.isPrimary) {
  let up = 0;
  for (let i = 0; i < workers; i++) {
    cluster.fork().on('message', (m) => {
      if (m === 'up' && ++up === workers) console.log(`listening on 127.0.0.1:${port}`);
    });
  }
  process.on('SIGTERM', () => {
    for (const id in cluster.workers) cluster.workers[id].kill('SIGTERM');
    process.exit(0);
  });
} else {
  const require = createRequire(path.join(nodeModules, 'noop.js'));
  const { ZenEngine, ZenDecisionContent } = require('@gorules/zen-engine');
  const engine = new ZenEngine();
  const decision = engine.createDecision(new ZenDecisionContent(fs.readFileSync(decisionFile)));
  http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      try {
        const claim = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const out = await decision.evaluate(claim);
        const body = JSON.stringify(out.result);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      } catch (e) {
        const body = JSON.stringify({ error: String(e).split('\n')[0] });
        res.writeHead(400, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      }
    });
  }).listen(port, '127.0.0.1', () => process.send('up'));
}
