// The daemon's settings file ($TEND_HOME/settings.json) through SettingsStore's
// reading: a file that is a JSON object always loads (bad values are warnings and
// their defaults apply), every accessor answers, and the effective values, written
// back, load again without a warning. Also `tend set`'s value syntax and the unknown-key
// error on the input, both bounded whatever its size.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/byte_string_json.h"
#include "daemon/persist/settings_keys.h"
#include "daemon/persist/settings_store.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

const char kPath[] = "/nonexistent/settings.json";  // never written: the target only reads
// A refusal quotes at most 40 bytes of the value (each at most 4 once escaped).
constexpr size_t kMaxMessageBytes = 400;

void CheckStore(const tend::SettingsStore& store) {
  (void)store.autosave();
  FUZZ_CHECK(store.log_max_size_bytes() >= 0);
  FUZZ_CHECK(store.log_retain() >= 1);
  (void)store.log_compress();
  const std::string interval = store.log_rotate_interval();
  FUZZ_CHECK(interval.empty() || interval == "hourly" || interval == "daily");
  FUZZ_CHECK(store.metrics_interval_ms() >= 100);
  for (const tend::SettingKey& key : tend::AllSettingKeys())
    FUZZ_CHECK(store.Get(key.name).ok());
}

void CheckSetSyntax(std::string_view text) {
  for (const tend::SettingKey& key : tend::AllSettingKeys()) {
    auto parsed = tend::ParseSettingText(key, text);
    if (!parsed.ok()) {
      FUZZ_CHECK(parsed.status().message().size() <= kMaxMessageBytes);
      continue;
    }
    // A normalised value is read back as itself.
    auto again = tend::ParseSettingJson(key, *parsed);
    FUZZ_CHECK(again.ok() && *again == *parsed);
  }
  (void)tend::FindSettingKey(text);
  FUZZ_CHECK(tend::UnknownSettingError(text).message().size() <= kMaxMessageBytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  CheckSetSyntax(text);
  auto store = tend::SettingsStore::FromText(kPath, text);
  if (!store.ok()) {
    FUZZ_CHECK(store.status().code() == tend::Code::kInvalidArgument);
    return 0;
  }
  CheckStore(*store);
  auto again = tend::SettingsStore::FromText(kPath, tend::SafeDump(store->All()));
  FUZZ_CHECK(again.ok() && again->warnings().empty());
  FUZZ_CHECK(again->All() == store->All());
  return 0;
}
