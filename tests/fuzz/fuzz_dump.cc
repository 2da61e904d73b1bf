// The dump reader (daemon/persist/dump_format.h), as resurrect and a restarting
// daemon use it on $TEND_HOME/dump.json: a dump it accepts is written back and
// read again unchanged, so a save after a resurrect loses nothing.

#include <cstddef>
#include <cstdint>
#include <string>

#include "daemon/persist/dump_format.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto dump = tend::DumpFromJsonText(text);
  if (!dump.ok()) {
    FUZZ_CHECK(dump.status().code() == tend::Code::kInvalidArgument);
    FUZZ_CHECK(!dump.status().message().empty());
    return 0;
  }
  for (const auto& p : dump->processes)
    FUZZ_CHECK(p.pm_id < dump->next_id);
  const std::string written = tend::DumpToJsonText(*dump);
  auto again = tend::DumpFromJsonText(written);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(again->next_id == dump->next_id);
  FUZZ_CHECK(again->processes.size() == dump->processes.size());
  FUZZ_CHECK(tend::DumpToJsonText(*again) == written);
  return 0;
}
