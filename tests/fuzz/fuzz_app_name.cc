// App names, where they enter tend (an ecosystem file, --name, the daemon's start):
// CheckAppName accepts only names every command can target and every log file can
// hold, and its refusal quotes the name escaped and cut (QuoteName).

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/app_name.h"
#include "config/control_chars.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view name(reinterpret_cast<const char*>(data), size);
  const tend::Status status = tend::CheckAppName(name);
  if (status.ok()) {
    FUZZ_CHECK(!name.empty() && name.size() <= tend::kMaxAppNameBytes);
    FUZZ_CHECK(!tend::HasControlChar(name));
    FUZZ_CHECK(name.find('/') == std::string_view::npos);
    FUZZ_CHECK(name.find("..") == std::string_view::npos);
    FUZZ_CHECK(name != "all");
    FUZZ_CHECK(!std::all_of(name.begin(), name.end(),
                            [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }));
  } else {
    FUZZ_CHECK(status.code() == tend::Code::kInvalidArgument);
    // "app name '<40 bytes, each at most \xNN>...' (N bytes) <why>"
    FUZZ_CHECK(status.message().size() <= 400);
    FUZZ_CHECK(!tend::HasControlChar(status.message()));
  }
  const std::string quoted = tend::QuoteName(name);
  FUZZ_CHECK(!tend::HasControlChar(quoted));
  FUZZ_CHECK(quoted.size() <= 4 * 40 + 40);
  FUZZ_CHECK(tend::HasControlChar(name) == (tend::EscapeControlChars(name) != name));
  return 0;
}
