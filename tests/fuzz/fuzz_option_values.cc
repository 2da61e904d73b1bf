// The value syntaxes of ecosystem options and flags, each on the whole input:
// durations, sizes, command lines (shell words), cron expressions, signal names
// (both spellings: the ecosystem's and the CLI's/daemon's), whole numbers in a
// range, and the edit distance behind "did you mean". A refusal names the value
// quoted and cut (config/control_chars.h: QuoteForMessage), so it stays small
// whatever the input.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "config/control_chars.h"
#include "config/ecosystem/option_values.h"
#include "config/edit_distance.h"
#include "config/int_range.h"
#include "config/signal_names.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

// Messages quote at most 80 bytes of the value, each byte at most 4 once escaped; a cron
// message also names the field at fault (at most 40 bytes of it).
constexpr size_t kMaxMessageBytes = 800;

template <typename T>
void CheckRefusal(const tend::Result<T>& r) {
  if (r.ok()) return;
  FUZZ_CHECK(r.status().code() == tend::Code::kInvalidArgument);
  FUZZ_CHECK(!r.status().message().empty());
  FUZZ_CHECK(r.status().message().size() <= kMaxMessageBytes);
}

void CheckQuantities(std::string_view text) {
  const auto duration = tend::ecosystem::ParseDurationMs(text);
  CheckRefusal(duration);
  if (duration.ok()) FUZZ_CHECK(*duration >= 0);
  const auto size = tend::ecosystem::ParseSizeBytes(text);
  CheckRefusal(size);
  if (size.ok()) FUZZ_CHECK(*size >= 0);
  const tend::IntRange range{-1000, 1000};
  const tend::IntText n = tend::ReadInt(text, range);
  if (n.ok()) FUZZ_CHECK(range.Contains(n.value));
}

void CheckWordsAndNames(std::string_view text) {
  const auto words = tend::ecosystem::SplitShellWords(text);
  CheckRefusal(words);
  if (words.ok()) {
    for (const auto& w : *words)
      FUZZ_CHECK(w.size() <= text.size());
  }
  const tend::Status cron = tend::ecosystem::CheckCronExpression(text);
  if (!cron.ok()) {
    FUZZ_CHECK(cron.code() == tend::Code::kInvalidArgument);
    FUZZ_CHECK(cron.message().size() <= kMaxMessageBytes);
    FUZZ_CHECK(!tend::HasControlChar(cron.message()));
  }
  const auto signal = tend::ecosystem::NormalizeSignalName(text);
  CheckRefusal(signal);
  // A name the ecosystem reader accepts is one the daemon can send.
  if (signal.ok()) FUZZ_CHECK(tend::ParseSignal(*signal).ok());
  const auto number = tend::ParseSignal(text);
  CheckRefusal(number);
  if (number.ok()) FUZZ_CHECK(*number > 0 && !tend::SignalName(*number).empty());
}

void CheckEditDistance(std::string_view text) {
  // Two words as long as option names (the reader compares a key with each): the distance
  // is quadratic in their lengths, and the fuzzer's comparison hooks make each cell dear.
  const std::string_view a = text.substr(0, std::min<size_t>(text.size() / 2, 24));
  const std::string_view b = text.substr(a.size(), 24);
  const int d = tend::EditDistance(a, b);
  FUZZ_CHECK(d >= 0 && static_cast<size_t>(d) <= std::max(a.size(), b.size()));
  FUZZ_CHECK(d == tend::EditDistance(b, a));
  FUZZ_CHECK((d == 0) == (a == b));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckQuantities(text);
  CheckWordsAndNames(text);
  CheckEditDistance(text);
  return 0;
}
