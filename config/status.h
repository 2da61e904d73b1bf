#pragma once
// Status and Result<T>: the one error type that crosses module boundaries.
// A Status is ok or carries a code (stable, also the wire's error code), a
// human message that names the culprit and, for an OS failure, the errno that
// caused it (code decides, errno explains: never parse the message for either).
// Nothing in tend throws across modules.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace tend {

enum class Code {
  kOk,
  kInvalidArgument,  // bad input from the user: file, flag, value
  kNotFound,         // no such process, file or key
  kAlreadyExists,    // a name already taken
  kPermissionDenied,
  kIo,           // an OS call failed
  kProtocol,     // a malformed, oversized or unsupported frame
  kUnavailable,  // the daemon is not there or cannot be started
  kTimeout,
  kBusy,  // the target is in the middle of another operation
  kInternal,
};

// The wire spelling of a code ("not_found"); see docs/protocol.md.
std::string_view CodeName(Code code);
// Inverse of CodeName; unknown names map to kInternal.
Code CodeFromName(std::string_view name);

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return {Code::kInvalidArgument, std::move(msg)};
  }
  static Status NotFound(std::string msg) { return {Code::kNotFound, std::move(msg)}; }
  static Status AlreadyExists(std::string msg) { return {Code::kAlreadyExists, std::move(msg)}; }
  static Status PermissionDenied(std::string msg) {
    return {Code::kPermissionDenied, std::move(msg)};
  }
  static Status Io(std::string msg) { return {Code::kIo, std::move(msg)}; }
  static Status Protocol(std::string msg) { return {Code::kProtocol, std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {Code::kUnavailable, std::move(msg)}; }
  static Status Timeout(std::string msg) { return {Code::kTimeout, std::move(msg)}; }
  static Status Busy(std::string msg) { return {Code::kBusy, std::move(msg)}; }
  static Status Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }
  // An OS error: `what` names the call and its object, errno_value gives the reason.
  // "what: <strerror>"; ENOENT is kNotFound, EACCES/EPERM kPermissionDenied, else kIo.
  static Status FromErrno(std::string_view what, int errno_value);
  // The same for a libuv error code (-errno on Unix): "what: <uv_strerror>".
  static Status FromUv(std::string_view what, int uv_code);

  // os_error: the errno behind it (positive), 0 when the OS is not the cause.
  Status(Code code, std::string message, int os_error = 0)
      : code_(code), os_error_(os_error), message_(std::move(message)) {}

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // The errno that caused it (EADDRINUSE, ...), 0 when none. A libuv code is kept
  // as its errno, so one test serves both: `s.os_error() == EADDRINUSE`.
  int os_error() const { return os_error_; }
  // "not_found: no process named 'api'"
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  int os_error_ = 0;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}          // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace tend

// Early return of a failed Status from a function returning Status or Result.
#define TEND_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::tend::Status tend_status_ = (expr);        \
    if (!tend_status_.ok()) return tend_status_; \
  } while (0)
