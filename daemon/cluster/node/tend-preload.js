'use strict';
// tend's Node preload, required by tendd for Node apps in cluster mode (`-i`), so that
// unmodified apps behave as under PM2's cluster mode with the daemon out of the data path:
// - server.listen(port|path) adopts a listening socket the daemon holds for the app (fd 3
//   when the daemon bound it before spawn, else one it asks for over the IPC channel), so
//   every instance serves the same port and a restart or reload refuses no connection;
// - it reports "listening" to the daemon: the instance is ready (rolling reload waits on it);
// - on SIGINT/SIGTERM it drains: stops accepting (the daemon keeps the socket, so new
//   connections go to the other instances), answers requests on open keep-alive
//   connections with `Connection: close`, closes connections idle since, and ends the
//   process the way the signal would have once they are gone. docs/cluster.md has it all.

const net = require('net');

const CHANNEL_CMD = 'NODE_TEND_LISTEN';
const HELD_FD = 3;               // LISTEN_FDS: the daemon's socket for the app's listen/port
const IDLE_CLOSE_MS = 250;       // a drained keep-alive connection idle this long is closed
const DRAIN_TICK_MS = 50;
const KEEPALIVE_REQUESTS = Number(process.env.TEND_KEEPALIVE_REQUESTS || 1000);

function activate() {
  // Only the process tendd started: children forked by the app inherit execArgv, not this.
  if (process.env.TEND_NODE_PRELOAD !== '1') return;
  delete process.env.TEND_NODE_PRELOAD;
  if (typeof process.send !== 'function') return;  // no channel: plain Node behaviour
  const heldAddress = process.env.TEND_LISTEN || '';
  delete process.env.TEND_LISTEN;
  let heldFdFree = process.env.LISTEN_FDS === '1' && heldAddress !== '';

  const originalListen = net.Server.prototype.listen;
  const adopted = new Set();  // servers listening on a socket the daemon holds
  const pending = new Map();  // listen requests awaiting the daemon's answer, by seq
  let nextSeq = 1;
  let stopping = false;         // a stop signal came: new listen() calls are left alone
  const draining = new Set();   // servers closing gracefully
  let drainTimer = null;

  // The channel keeps Node alive while an answer is awaited. refCounted() adds to the
  // count Node keeps for 'message' listeners; ref()/unref() would override it for good.
  const channelRef = () => {
    const c = process.channel;
    if (c) typeof c.refCounted === 'function' ? c.refCounted() : c.ref();
  };
  const channelUnref = () => {
    const c = process.channel;
    if (c) typeof c.unrefCounted === 'function' ? c.unrefCounted() : c.unref();
  };

  process.on('internalMessage', (message, handle) => {
    if (!message || message.cmd !== CHANNEL_CMD + '_REPLY') return;
    const waiter = pending.get(message.seq);
    if (!waiter) return;
    pending.delete(message.seq);
    channelUnref();  // one per request, as channelRef()
    waiter(message, handle);
  });

  // {port, host} | {path} | null (not ours: a handle, an fd, port 0, nothing).
  function targetOf(args) {
    let first = args[0];
    let host;
    if (first !== null && typeof first === 'object') {
      if (first._handle || first.fd !== undefined || first instanceof net.Server) return null;
      if (typeof first.path === 'string') return { path: require('path').resolve(first.path) };
      host = first.host;
      first = first.port;
    } else if (typeof args[1] === 'string') {
      host = args[1];
    }
    if (typeof first === 'string' && !/^\d+$/.test(first)) {
      return { path: require('path').resolve(first) };
    }
    const port = Number(first);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) return null;
    return host === undefined || host === null ? { port } : { port, host: String(host) };
  }

  function backlogOf(args) {
    if (args[0] !== null && typeof args[0] === 'object') return args[0].backlog;
    const n = args.find((a, i) => i > 0 && typeof a === 'number');
    return n;
  }

  // The held socket serves `listen(PORT)` with any wildcard host.
  function matchesHeld(target) {
    if (!heldFdFree || target.port === undefined) return false;
    const wildcard = !target.host || target.host === '::' || target.host === '0.0.0.0';
    if (heldAddress === String(target.port)) return wildcard;
    return heldAddress === `${target.host}:${target.port}`;
  }

  function fail(server, target, message) {
    const err = new Error(`listen ${message.code}: ${message.error}`);
    err.code = message.code;
    err.errno = message.code;
    err.syscall = 'listen';
    if (target.path) err.address = target.path;
    else { err.address = target.host || '::'; err.port = target.port; }
    server.emit('error', err);
  }

  function adopt(server, target, backlog) {
    server.once('listening', () => {
      adopted.add(server);
      // Keep-alive connections opened in a burst land unevenly on the instances (whoever
      // wakes first accepts most); recycling each after some requests (as nginx's
      // keepalive_requests) lets them spread again. An app's own setting wins.
      if (server.maxRequestsPerSocket === 0) server.maxRequestsPerSocket = KEEPALIVE_REQUESTS;
      server.once('close', () => adopted.delete(server));
      process.send({ cmd: 'NODE_TEND_LISTENING' }, undefined, { swallowErrors: true }, () => {});
    });
    if (matchesHeld(target)) {
      heldFdFree = false;
      return originalListen.call(server, { fd: HELD_FD, backlog });
    }
    const seq = nextSeq++;
    pending.set(seq, (message, handle) => {
      if (!handle) return fail(server, target, message);
      if (backlog === undefined) originalListen.call(server, handle);
      else originalListen.call(server, handle, backlog);
    });
    channelRef();  // the answer must come before Node may exit
    process.send({ cmd: CHANNEL_CMD, seq, address: target }, undefined, {}, (err) => {
      if (!err) return;
      if (pending.delete(seq)) channelUnref();
      fail(server, target, { code: 'ECHANNEL', error: err.message });
    });
  }

  net.Server.prototype.listen = function listen(...args) {
    const target = targetOf(args);
    if (target === null || stopping) return originalListen.apply(this, args);
    const callback = typeof args[args.length - 1] === 'function' ? args[args.length - 1] : null;
    if (callback) this.once('listening', callback);
    makeDrainable(this);
    adopt(this, target, backlogOf(args));
    return this;
  };

  // Tracks a server's connections (requests in flight, idle since when), and makes its
  // close() graceful: what the app's own shutdown code calls gets the drain too.
  function makeDrainable(server) {
    if (server.__tendTracked) return;
    server.__tendTracked = new Set();
    server.prependListener('connection', (socket) => {
      socket.__tendBusy = 0;
      socket.__tendIdleSince = Date.now();
      server.__tendTracked.add(socket);
      socket.once('close', () => server.__tendTracked.delete(socket));
    });
    // First among the 'request' listeners, so the app's handler writes after this.
    server.prependListener('request', (req, res) => {
      const socket = req.socket;
      socket.__tendBusy++;
      socket.__tendResponse = res;
      if (server.__tendDraining) res.setHeader('Connection', 'close');
      res.once('close', () => {
        socket.__tendBusy--;
        socket.__tendIdleSince = Date.now();
      });
    });
    server.once('close', () => { server.__tendClosed = true; });
    const appClose = server.close;
    server.close = function close(callback) {
      if (server.__tendClosed || !adopted.has(server)) return appClose.call(server, callback);
      if (typeof callback === 'function') server.once('close', callback);
      drain(server);
      return server;
    };
  }

  // Stops accepting (the daemon keeps the socket: new connections go to the other
  // instances), then lets each open connection end after its current request. net's
  // close, not http's: http's (Node 19+) drops idle keep-alive connections at once,
  // racing a request the client may be sending on them.
  function drain(server) {
    if (server.__tendDraining) return;
    server.__tendDraining = true;
    for (const socket of server.__tendTracked) {
      const res = socket.__tendResponse;
      if (socket.__tendBusy > 0 && res && !res.headersSent) res.setHeader('Connection', 'close');
    }
    net.Server.prototype.close.call(server);
    draining.add(server);
    server.once('close', () => draining.delete(server));
    if (!drainTimer) drainTimer = setInterval(closeIdleConnections, DRAIN_TICK_MS);
  }

  // Only HTTP has a moment when closing a connection loses nothing (idle between
  // requests); a raw TCP connection is left to end by itself, or at kill_timeout.
  function closeIdleConnections() {
    const now = Date.now();
    for (const server of draining) {
      if (server.listenerCount('request') === 0) continue;
      for (const socket of server.__tendTracked) {
        if (socket.__tendBusy === 0 && now - socket.__tendIdleSince >= IDLE_CLOSE_MS) {
          socket.destroy();
        }
      }
    }
    if (draining.size === 0) {
      clearInterval(drainTimer);
      drainTimer = null;
    }
  }

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, function onStopSignal() {
      if (stopping) return;
      stopping = true;
      const servers = [...adopted];
      servers.forEach(drain);
      // The app's own handler decides when to exit; without one, ending is ours, once
      // every connection is gone, the way the signal would have ended it.
      if (process.listenerCount(signal) > 1) return;
      let open = servers.length;
      const end = () => {
        if (--open > 0) return;
        process.removeAllListeners(signal);
        process.kill(process.pid, signal);
      };
      if (open === 0) { open = 1; end(); }
      for (const server of servers) {
        if (server.__tendClosed) end(); else server.once('close', end);
      }
    });
  }
}

activate();
