// tendd: the daemon. Daemonizes (unless --no-daemon), takes the home's lock,
// listens on the socket, and tells the process that started it (the CLI) when
// it is ready or why it could not start, through a pipe, before detaching.
#include <fcntl.h>
#include <malloc.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "config/home_layout.h"
#include "daemon/main/daemon.h"
#include "daemon/main/home_lock.h"
#include "daemon/persist/dump_store.h"
#include "daemon/persist/home_files.h"
#include "daemon/persist/recovery.h"
#include "daemon/persist/resurrect.h"
#include "systemd/sd_notify.h"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitAlreadyRunning = 4;  // another daemon serves this home: not an error for the CLI

struct Options {
  bool foreground = false;
  bool resurrect = false;
};

void Usage() {
  std::puts(
      "usage: tendd [--no-daemon] [--resurrect] [--version]\n"
      "  The tend daemon. Serves $TEND_HOME (default ~/.tend) on $TEND_HOME/tend.sock.\n"
      "  Usually started by `tend`; --no-daemon runs it in the foreground (systemd, containers).");
}

// Reports the start's outcome to the waiting parent: "" = ready, else an error.
class StartReport {
 public:
  explicit StartReport(int fd) : fd_(fd) {}
  void Send(int code, const std::string& message) {
    if (fd_ < 0) return;
    const std::string frame = std::to_string(code) + " " + message;
    (void)!::write(fd_, frame.data(), frame.size());
    ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

// Forks twice so the daemon is no session leader and no child of the CLI; the
// original process waits for the daemon's report and exits with its code.
int Daemonize(int* report_fd) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid > 0) {
    ::close(fds[1]);
    std::string buf;
    char chunk[512];
    ssize_t n;
    while ((n = ::read(fds[0], chunk, sizeof chunk)) > 0)
      buf.append(chunk, static_cast<size_t>(n));
    if (buf.empty()) {
      std::fprintf(stderr, "tendd: the daemon exited before it was ready (see tendd.log)\n");
      ::_exit(kExitFailure);
    }
    const int code = std::atoi(buf.c_str());
    const auto space = buf.find(' ');
    const std::string msg = space == std::string::npos ? "" : buf.substr(space + 1);
    if (!msg.empty()) std::fprintf(stderr, "tendd: %s\n", msg.c_str());
    ::_exit(code);
  }
  ::close(fds[0]);
  ::setsid();
  if (::fork() > 0) ::_exit(0);
  *report_fd = fds[1];
  const int devnull = ::open("/dev/null", O_RDWR);
  if (devnull >= 0) {
    ::dup2(devnull, STDIN_FILENO);
    ::dup2(devnull, STDOUT_FILENO);
    ::dup2(devnull, STDERR_FILENO);
    if (devnull > STDERR_FILENO) ::close(devnull);
  }
  ::umask(077);
  // Hold no directory busy (an unmount of the CLI's cwd must not fail because of us).
  if (::chdir("/") != 0) return -1;
  return 0;
}

void SetUpLogging(const tend::HomeLayout& home, bool foreground) {
  std::vector<spdlog::sink_ptr> sinks;
  sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_st>(home.daemon_log_path()));
  if (foreground) sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_st>());
  auto logger = std::make_shared<spdlog::logger>("tendd", sinks.begin(), sinks.end());
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

// The warnings of loading the dump were logged by StopPreviousSurvivors already.
void ResurrectAtStart(tend::Daemon& daemon) {
  auto loaded = tend::LoadDump(daemon.home().dump_path());
  if (!loaded.ok()) {
    spdlog::warn("--resurrect: {}", loaded.status().message());
    return;
  }
  for (const auto& w : loaded->warnings)
    spdlog::warn("{}", w);
  auto outcome = tend::Resurrect(daemon.table(), loaded->dump);
  spdlog::info("--resurrect: restored {} process(es)", outcome.ids.size());
  for (const auto& f : outcome.failures)
    spdlog::error("--resurrect: {}", f);
}

// The daemon on `loop` until it is told to stop: recovery after a crash, --resurrect, the
// start report and READY=1 once it serves. Why it could not start, if it could not.
tend::Status Serve(uv_loop_t* loop, const tend::HomeLayout& home, const Options& options,
                   const std::optional<tend::Dump>& crash_state,
                   std::vector<std::string> dump_warnings, StartReport& report) {
  tend::Daemon daemon(loop, home);
  // --resurrect reads the dump now (its warnings are logged already); otherwise the
  // next `tend resurrect` reports them.
  if (!options.resurrect) daemon.set_dump_load_warnings(std::move(dump_warnings));
  if (auto s = daemon.Start(); !s.ok()) {
    spdlog::error("cannot start: {}", s.message());
    daemon.Shutdown();
    uv_run(loop, UV_RUN_DEFAULT);
    return s;
  }
  spdlog::info("tendd {} (pid {}) serving {}", TEND_VERSION, ::getpid(), home.root());
  const std::string recovered = daemon.ConnectHolderAndRecover(crash_state);
  if (options.resurrect && !crash_state) ResurrectAtStart(daemon);
  report.Send(0, recovered);  // the CLI that started us says it to the user
  (void)tend::SdNotify("READY=1\nSTATUS=serving " + home.socket_path());
  uv_run(loop, UV_RUN_DEFAULT);
  spdlog::info("tendd exiting");
  return tend::Status::Ok();
}

int Run(const Options& options) {
  auto home = tend::HomeLayout::FromEnvironment();
  if (!home.ok()) {
    std::fprintf(stderr, "tendd: %s\n", home.status().message().c_str());
    return kExitFailure;
  }
  int report_fd = -1;
  if (!options.foreground && Daemonize(&report_fd) != 0) {
    std::fprintf(stderr, "tendd: cannot daemonize: %s\n", std::strerror(errno));
    return kExitFailure;
  }
  // The daemon's own files are private in the foreground too; an app gets the umask
  // of the user who started it (its spec's), set for its spawn only.
  ::umask(077);
  StartReport report(report_fd);
  auto fail = [&](int code, const tend::Status& s) {
    if (options.foreground) std::fprintf(stderr, "tendd: %s\n", s.message().c_str());
    report.Send(code, s.message());
    return code;
  };
  if (auto s = home->CheckSocketPath(); !s.ok()) return fail(kExitFailure, s);
  if (auto s = home->Ensure(); !s.ok()) return fail(kExitFailure, s);
  auto lock = tend::HomeLock::Acquire(*home);
  if (!lock.ok()) {
    const bool held = lock.status().code() == tend::Code::kAlreadyExists;
    return fail(held ? kExitAlreadyRunning : kExitFailure, lock.status());
  }
  (void)lock->WritePidFile();
  // Before any of them is opened: a FIFO would block the start, another user's dump
  // would run that user's commands as ours.
  if (auto s = tend::CheckHomeFiles(*home); !s.ok()) return fail(kExitFailure, s);
  SetUpLogging(*home, options.foreground);
  // After a crash of the previous daemon, its live state says what runs: recovery adopts
  // or restarts it. Otherwise whatever a dead daemon left running is ended first.
  const auto crash_state = tend::LoadCrashState(home->state_path());
  std::vector<std::string> dump_warnings;
  if (!crash_state) dump_warnings = tend::StopPreviousSurvivors(home->dump_path(), home->root());
  uv_loop_t loop;
  uv_loop_init(&loop);
  const tend::Status served =
      Serve(&loop, *home, options, crash_state, std::move(dump_warnings), report);
  // Handles closed by the daemon's members on destruction need one more turn.
  uv_run(&loop, UV_RUN_DEFAULT);
  if (uv_loop_close(&loop) != 0) spdlog::warn("the event loop still had open handles at exit");
  const int rc = served.ok() ? 0 : fail(kExitFailure, served);
  spdlog::shutdown();
  return rc;
}

}  // namespace

namespace {

// glibc's defaults suit a busy server, not a small daemon: one arena (the
// thread pool's arenas held 3 MB here) and large blocks returned to the OS
// (a list reply's freed memory otherwise stayed resident). See bench/README.md.
void TuneMalloc() {
  mallopt(M_ARENA_MAX, 1);
  mallopt(M_MMAP_THRESHOLD, 64 * 1024);
  mallopt(M_TRIM_THRESHOLD, 128 * 1024);
}

}  // namespace

int main(int argc, char** argv) {
  TuneMalloc();
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--no-daemon") {
      options.foreground = true;
    } else if (arg == "--resurrect") {
      options.resurrect = true;
    } else if (arg == "--version" || arg == "-v") {
      std::printf("tendd %s\n", TEND_VERSION);
      return 0;
    } else if (arg == "--help" || arg == "-h") {
      Usage();
      return 0;
    } else {
      std::fprintf(stderr, "tendd: unknown option '%s'\n", arg.c_str());
      Usage();
      return 2;
    }
  }
  return Run(options);
}
