// A plain Node HTTP server, unmodified PM2-style: it listens on $PORT.
const http = require('http');

const port = Number(process.env.PORT || 3000);
let served = 0;

const server = http.createServer((req, res) => {
  served += 1;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ pid: process.pid, instance: process.env.NODE_APP_INSTANCE, served }) + '\n');
});

server.listen(port, () => console.log(`web: listening on ${port} (pid ${process.pid})`));

process.on('SIGINT', () => {
  console.log('web: SIGINT, closing');
  server.close(() => process.exit(0));
});
