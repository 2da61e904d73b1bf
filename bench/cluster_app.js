// The app of bench_cluster.py: a plain Node HTTP server on $PORT (what a PM2 user runs),
// which also writes the requests it served and the connections it accepted into
// $COUNT_DIR/<pid> ("requests connections") so the bench can see how load spreads over the
// instances.
const fs = require('fs');
const http = require('http');
let served = 0;
let connections = 0;
const file = `${process.env.COUNT_DIR}/${process.pid}`;
const save = () => fs.writeFileSync(file, `${served} ${connections}`);
setInterval(save, 100).unref();
process.on('exit', save);
http.createServer((req, res) => {
  served += 1;
  res.end('ok\n');
}).on('connection', () => { connections += 1; }).listen(Number(process.env.PORT));
