// An ecosystem .json file (PM2's lenient JSON: comments, trailing commas, bare keys,
// single quotes, hex) through ParseJsonLite, then the app reader
// (tests/fuzz/ecosystem_checks.h).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/ecosystem/json_lite.h"
#include "tests/fuzz/ecosystem_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  tend::fuzz::CheckReaderResult(tend::ecosystem::ParseJsonLite(text, "eco.json"), "eco.json");
  return 0;
}
