#pragma once
// The steps integration tests repeat, each one call with a failure message that
// shows what was seen: run a `tend` command that must succeed, wait for an app's
// status in `tend ls --json`, wait for a text in a file (an app's log, a
// script's ready mark). Waits take their deadline from WaitFor, so they scale
// with the build flavour.

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/integration/harness.h"

namespace tend::test {

// `tend args...` against `home` exits 0; else the failure gives the command, code and stderr.
::testing::AssertionResult TendOk(TendHome& home, const std::vector<std::string>& args,
                                  const std::map<std::string, std::string>& extra_env = {});

// Process `id` reaches `status`; else the failure shows the process as last listed.
::testing::AssertionResult WaitForStatus(
    TendHome& home, int id, const std::string& status,
    std::chrono::milliseconds timeout = std::chrono::seconds(10));

// The pids a test's script appended to `marker`, one per line, in order.
std::vector<pid_t> PidsIn(const std::string& marker);

// The file at `path` comes to contain `text`; else the failure shows what it holds.
::testing::AssertionResult WaitForText(
    const std::string& path, const std::string& text,
    std::chrono::milliseconds timeout = std::chrono::seconds(10));

// The file at `path` comes to exist with something in it (a script's "ready" mark).
::testing::AssertionResult WaitForNonEmpty(
    const std::string& path, std::chrono::milliseconds timeout = std::chrono::seconds(10));

// Starts `name`, a script that ignores SIGINT (so only the SIGKILL after kill_timeout
// ends it), waits until it runs and sets `pid` to its pid, tracked for teardown.
// Use it under ASSERT_NO_FATAL_FAILURE.
void StartIgnoringSigint(TendHome& home, const std::string& name, int kill_timeout_ms, pid_t* pid);

// <home>/home/logs/<app>-<stream>.log, or <app>-<stream>-<instance>.log for a cluster
// instance; `stream` is "out" or "error".
std::string AppLog(const TendHome& home, const std::string& app, const std::string& stream = "out",
                   int instance = -1);

// The daemon's own log, <home>/home/tendd.log, as it is now.
std::string DaemonLog(const TendHome& home);
// Whether that log holds `text` now; either way the message shows the log, so
// EXPECT_TRUE and EXPECT_FALSE both say what was there.
::testing::AssertionResult DaemonLogHas(const TendHome& home, const std::string& text);

// A process's VmRSS in kB, from /proc; 0 when it cannot be read.
long VmRssKb(pid_t pid);

// The pids of the processes `tend ls --json` shows online.
std::set<pid_t> OnlinePids(TendHome& home);

// `tend reload app` fails with `error` in its stderr, and the online pids are still `before`.
void ExpectReloadFailsKeeping(TendHome& home, const std::string& app, const std::string& error,
                              const std::set<pid_t>& before);

}  // namespace tend::test
