#include "config/status.h"

#include <uv.h>

#include <cerrno>
#include <cstring>

namespace tend {
namespace {
struct CodeSpelling {
  Code code;
  std::string_view name;
};
constexpr CodeSpelling kSpellings[] = {
    {Code::kOk, "ok"},
    {Code::kInvalidArgument, "invalid_argument"},
    {Code::kNotFound, "not_found"},
    {Code::kAlreadyExists, "already_exists"},
    {Code::kPermissionDenied, "permission_denied"},
    {Code::kIo, "io"},
    {Code::kProtocol, "protocol"},
    {Code::kUnavailable, "unavailable"},
    {Code::kTimeout, "timeout"},
    {Code::kBusy, "busy"},
    {Code::kInternal, "internal"},
};

Code CodeForErrno(int errno_value) {
  if (errno_value == ENOENT) return Code::kNotFound;
  if (errno_value == EACCES || errno_value == EPERM) return Code::kPermissionDenied;
  return Code::kIo;
}
}  // namespace

std::string_view CodeName(Code code) {
  for (const auto& s : kSpellings) {
    if (s.code == code) return s.name;
  }
  return "internal";
}

Code CodeFromName(std::string_view name) {
  for (const auto& s : kSpellings) {
    if (s.name == name) return s.code;
  }
  return Code::kInternal;
}

Status Status::FromErrno(std::string_view what, int errno_value) {
  std::string msg(what);
  msg += ": ";
  msg += std::strerror(errno_value);
  return {CodeForErrno(errno_value), std::move(msg), errno_value};
}

Status Status::FromUv(std::string_view what, int uv_code) {
  std::string msg(what);
  msg += ": ";
  msg += uv_strerror(uv_code);
  return {CodeForErrno(-uv_code), std::move(msg), -uv_code};
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(CodeName(code_)) + ": " + message_;
}

}  // namespace tend
