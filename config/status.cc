#include "config/status.h"

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
  Code code = Code::kIo;
  if (errno_value == ENOENT) code = Code::kNotFound;
  if (errno_value == EACCES || errno_value == EPERM) code = Code::kPermissionDenied;
  std::string msg(what);
  msg += ": ";
  msg += std::strerror(errno_value);
  return {code, std::move(msg)};
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(CodeName(code_)) + ": " + message_;
}

}  // namespace tend
