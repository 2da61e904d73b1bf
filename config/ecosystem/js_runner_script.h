#pragma once
// The JavaScript that `node -e` runs to load an ecosystem file: argv[1] is the
// file. It writes one JSON document to fd 3: {"ok": <exports>} or {"error": "..."}.

namespace tend::ecosystem {

inline constexpr const char kJsRunnerScript[] = R"JS(
'use strict';
const fs = require('fs');
const path = require('path');
const url = require('url');
const file = process.argv[1];
let sent = false;
function send(obj) {
  if (sent) return;
  sent = true;
  let text;
  try {
    text = JSON.stringify(obj, (k, v) => (typeof v === 'bigint' ? v.toString() : v));
  } catch (e) {
    text = JSON.stringify({ error: 'its exports cannot be turned into JSON: ' + e.message });
  }
  if (text === undefined) text = JSON.stringify({ ok: null });
  const buf = Buffer.from(text);
  let off = 0;
  while (off < buf.length) off += fs.writeSync(3, buf, off, buf.length - off);
  fs.closeSync(3);
}
function fail(e) {
  const msg = e && e.message !== undefined ? String(e.message).split('\n')[0] : String(e);
  const name = e && e.name ? e.name + ': ' : '';
  send({ error: name + msg });
  process.exit(0);
}
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
async function load() {
  if (/\.mjs$/.test(file)) return import(url.pathToFileURL(file).href);
  try {
    return require(file);
  } catch (e) {
    if (e && e.code === 'ERR_REQUIRE_ESM') return import(url.pathToFileURL(file).href);
    throw e;
  }
}
load().then((mod) => {
  let value = mod;
  if (mod && Object.prototype.toString.call(mod) === '[object Module]') {
    value = mod.default !== undefined ? mod.default : Object.assign({}, mod);
  }
  send({ ok: value === undefined ? null : value });
  process.exit(0);
}, fail);
)JS";

}  // namespace tend::ecosystem
