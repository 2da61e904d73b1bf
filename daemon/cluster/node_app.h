#pragma once
// What tend does differently for Node apps, as PM2 does: every Node instance gets an
// IPC channel (process.send('ready'), shutdown_with_message), and Node apps in cluster
// mode also get tend's preload, which makes server.listen() adopt a socket the daemon
// holds, so every instance serves the same port and a reload refuses no connection.

#include <string>

#include "config/app_spec.h"

namespace tend {

// The interpreter is node (by its file name: node, nodejs, /usr/bin/node...).
bool IsNodeApp(const AppSpec& spec);
// A Node app in cluster mode (`-i`, `exec_mode: cluster`): it runs with the preload.
bool UsesNodePreload(const AppSpec& spec);
// The address the daemon binds before spawn: `listen`, or for a preloaded Node app,
// PM2's `port` (which, for other apps, only sets PORT). Empty: none.
std::string HeldListenAddress(const AppSpec& spec);
// tend-preload.js next to `daemon_binary`, or in ../lib/tend/ (an installed tree).
std::string FindNodePreload(const std::string& daemon_binary);

}  // namespace tend
