#pragma once
// NoThrow: the one guard around code that libuv calls. An exception thrown into
// libuv's C frames would end the daemon (std::terminate) or leave the loop
// half-updated, so every libuv callback in daemon/ and ipc/ runs its body as
// NoThrow("what", [&] { ... }): a throw is logged at error level, naming the
// callback, and the callback returns; the loop goes on.
// It lives in config/ because every room, ipc/ included, links tend_config.

#include <exception>
#include <utility>

namespace tend {

// Logs "<what> threw: <reason>" at error level. Never throws.
void LogEscapedException(const char* what, const char* reason) noexcept;

template <typename Body>
void NoThrow(const char* what, Body&& body) noexcept {
  try {
    std::forward<Body>(body)();
  } catch (const std::exception& e) {
    LogEscapedException(what, e.what());
  } catch (...) {
    LogEscapedException(what, "an exception that is not a std::exception");
  }
}

}  // namespace tend
